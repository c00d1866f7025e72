package wirejson

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestTypeError(t *testing.T) {
	long := strings.Repeat("7", 50)
	for _, tc := range []struct {
		raw, want string
	}{
		{`"abc"`, `string "abc"`},
		{`"` + strings.Repeat("x", 50) + `"`, `string "` + strings.Repeat("x", 39) + `..."`},
		{`{"a":1}`, "object"},
		{`[1,2]`, "array"},
		{`true`, "bool"},
		{`false`, "bool"},
		{`12.5`, "number 12.5"},
		{long, "number " + long[:40] + "..."},
		{` "padded" `, `string "padded"`},
		{``, "value"},
	} {
		err := TypeError([]byte(tc.raw), new(time.Duration))
		var te *json.UnmarshalTypeError
		if !errors.As(err, &te) || te.Value != tc.want || te.Type != reflect.TypeOf(time.Duration(0)) {
			t.Errorf("TypeError(%s) = %#v, want Value %q of type time.Duration", tc.raw, err, tc.want)
		}
	}
}

// day shows TypeError in use: encoding/json adds the field path.
type day struct{ s string }

func (d *day) UnmarshalJSON(b []byte) error {
	s, _, ok := String(b)
	if !ok || len(s) != 10 {
		return TypeError(b, d)
	}
	d.s = s
	return nil
}

func TestTypeErrorNamesTheField(t *testing.T) {
	var v struct {
		Items []struct {
			Day day `json:"day"`
		} `json:"items"`
	}
	err := json.Unmarshal([]byte(`{"items":[{"day":"2024-01-01"},{"day":5}]}`), &v)
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) || te.Field != "items.day" || te.Value != "number 5" {
		t.Fatalf("err = %v (%#v)", err, te)
	}
}

func TestString(t *testing.T) {
	for _, tc := range []struct {
		raw          string
		s            string
		isNull, isOK bool
	}{
		{`"abc"`, "abc", false, true},
		{`""`, "", false, true},
		{`"a\u00e9\n"`, "aé\n", false, true},
		{` "x" `, "x", false, true},
		{`null`, "", true, true},
		{` null`, "", true, true},
		{`5`, "", false, false},
		{`{}`, "", false, false},
		{`"unterminated`, "", false, false},
		{``, "", false, false},
	} {
		s, isNull, ok := String([]byte(tc.raw))
		if s != tc.s || isNull != tc.isNull || ok != tc.isOK {
			t.Errorf("String(%s) = %q, %v, %v; want %q, %v, %v", tc.raw, s, isNull, ok, tc.s, tc.isNull, tc.isOK)
		}
	}
}

func TestParseString(t *testing.T) {
	parse := func(s string) (time.Duration, error) { return time.ParseDuration(s) }
	for _, tc := range []struct {
		raw   string
		want  time.Duration
		value string // the TypeError's Value; "" for no error
	}{
		{`"90s"`, 90 * time.Second, ""},
		{`null`, 0, ""},
		{`""`, 0, ""},
		{`"soon"`, 0, `string "soon"`},
		{`90`, 0, "number 90"},
		{`["90s"]`, 0, "array"},
	} {
		got, err := ParseString([]byte(tc.raw), new(time.Duration), parse)
		var te *json.UnmarshalTypeError
		switch {
		case tc.value == "" && (err != nil || got != tc.want):
			t.Errorf("ParseString(%s) = %v, %v; want %v", tc.raw, got, err, tc.want)
		case tc.value != "" && (!errors.As(err, &te) || te.Value != tc.value || got != 0):
			t.Errorf("ParseString(%s) = %v, %v; want a type error for %s", tc.raw, got, err, tc.value)
		}
	}
}
