package fetch

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"wearnb.dev/wearnb/internal/wirejson"
)

// fuzzStamp is a wire type like the providers' timestamps: an UnmarshalJSON
// method over wirejson that returns a *json.UnmarshalTypeError.
type fuzzStamp struct{ time.Time }

func (t *fuzzStamp) UnmarshalJSON(b []byte) error {
	v, err := wirejson.ParseBytes(b, t, func(s []byte) (time.Time, error) {
		v, _, err := wirejson.ParseRFC3339(s)
		return v, err
	})
	if err == nil {
		t.Time = v
	}
	return err
}

// fuzzDoc has a field of every kind the providers' wire types use.
type fuzzDoc struct {
	ID       string            `json:"id"`
	N        int               `json:"n"`
	U8       uint8             `json:"u8"`
	F        *float64          `json:"f"`
	OK       bool              `json:"ok"`
	Items    []*float64        `json:"items"`
	Pair     [2]int            `json:"pair"`
	Map      map[string]int    `json:"map"`
	Any      any               `json:"any"`
	Raw      json.RawMessage   `json:"raw"`
	Raws     []json.RawMessage `json:"raws"`
	At       fuzzStamp         `json:"at"`
	Next     *string           `json:"next_token"`
	Kids     []fuzzDoc         `json:"kids"`
	CaseName int               `json:"case_name"`
	Skip     int               `json:"-"`
	Str      int               `json:"str,string"`
}

var decodeSeeds = []string{
	`{"id":"a","n":1,"u8":255,"f":1.5,"ok":true,"items":[1,null,3],"pair":[1,2],"map":{"a":1},"any":{"x":[1,"y",null]},"raw":{"k":1},"raws":[1,"a"],"at":"2022-07-12T01:05:14-07:00","next_token":null,"kids":[{"id":"b"}],"CASE_NAME":4,"str":"7"}`,
	`{"u8":256}`, `{"n":1.5}`, `{"at":"yesterday"}`, `{"at":5}`, `{"items":["x"]}`, `{"id":"a\u00e9\"\\"}`,
	"{\"id\":\"\xff\"}", `{"id":"a","id":"b"}`, `{"pair":[1,2,3]}`, `{"map":{"a":"b"}}`, `{"kids":[{"kids":[{"n":"x"}]}]}`,
	`{"n":1} `, ` {"n":1}`, `{"n":1}x`, `{"n":`, `[1]`, `null`, `"s"`, `{"str":7}`, `{"any":1e400}`, `{"n":1e3}`,
}

// FuzzDecodeFast checks the single-pass decoder against encoding/json:
// whenever it succeeds, encoding/json succeeds with the same value, and
// DecodeJSON (which falls back on failure) always ends where
// encoding/json does, error or not.
func FuzzDecodeFast(f *testing.F) {
	for _, s := range decodeSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var want fuzzDoc
		werr := json.Unmarshal(body, &want)

		var fast fuzzDoc
		if decodeFast(body, &fast) {
			if werr != nil {
				t.Fatalf("decodeFast accepted %q; encoding/json says %v", body, werr)
			}
			if !reflect.DeepEqual(fast, want) {
				t.Fatalf("decodeFast(%q) =\n%#v\nencoding/json gives\n%#v", body, fast, want)
			}
		} else if !reflect.DeepEqual(fast, fuzzDoc{}) {
			t.Fatalf("decodeFast failed on %q but left %#v", body, fast)
		}

		var got fuzzDoc
		err := DecodeJSON("p", "e", "", body, &got)
		if (err == nil) != (werr == nil) {
			t.Fatalf("DecodeJSON(%q) error %v, encoding/json %v", body, err, werr)
		}
		if err == nil && !reflect.DeepEqual(got, want) {
			t.Fatalf("DecodeJSON(%q) =\n%#v\nencoding/json gives\n%#v", body, got, want)
		}
		var de *DecodeError
		if err != nil && (!errors.As(err, &de) || !errors.Is(err, werr) && err.(*DecodeError).Err.Error() != werr.Error()) {
			t.Fatalf("DecodeJSON(%q) error %v, want encoding/json's %v", body, err, werr)
		}

		var raw json.RawMessage
		rerr := json.Unmarshal(body, &raw)
		var fraw json.RawMessage
		if decodeFast(body, &fraw) != (rerr == nil) || string(fraw) != string(raw) {
			t.Fatalf("RawMessage of %q: fast %q, encoding/json %q (%v)", body, fraw, raw, rerr)
		}
	})
}

func TestDecodeFastSeeds(t *testing.T) {
	var d fuzzDoc
	if !decodeFast([]byte(decodeSeeds[0]), &d) || d.CaseName != 4 || d.Str != 7 || d.At.Year() != 2022 || *d.Items[2] != 3 || d.Items[1] != nil {
		t.Fatalf("decodeFast of the full document gave %#v", d)
	}
	err := DecodeJSON("oura", "sleep", "", []byte(`{"kids":[{"at":"yesterday"}]}`), &d)
	var de *DecodeError
	if !errors.As(err, &de) || de.Field != "kids.at" {
		t.Fatalf("err = %v, want a DecodeError at kids.at", err)
	}
}
