package googlehealth

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Int64 is an int64 that Google APIs send as a JSON string ("318"). A JSON
// number is accepted too; it encodes back as a string.
type Int64 int64

// UnmarshalJSON decodes "318" or 318.
func (n *Int64) UnmarshalJSON(b []byte) error {
	s := string(bytes.TrimSpace(b))
	if strings.HasPrefix(s, `"`) {
		var str string
		if err := json.Unmarshal(b, &str); err != nil {
			return typeError(b, n)
		}
		s = str
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return typeError(b, n)
	}
	*n = Int64(v)
	return nil
}

// MarshalJSON encodes n as a JSON string.
func (n Int64) MarshalJSON() ([]byte, error) {
	return []byte(`"` + strconv.FormatInt(int64(n), 10) + `"`), nil
}

// Timestamp is a google-datetime: RFC 3339 in UTC, e.g.
// "2024-01-01T05:00:00Z". JSON null and "" decode to the zero Timestamp.
type Timestamp struct{ time.Time }

// UnmarshalJSON decodes an RFC 3339 timestamp.
func (t *Timestamp) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		*t = Timestamp{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return typeError(b, t)
	}
	if s == "" {
		*t = Timestamp{}
		return nil
	}
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return typeError(b, t)
	}
	t.Time = v.UTC()
	return nil
}

// MarshalJSON encodes t in UTC ("" for the zero Timestamp).
func (t Timestamp) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte(`""`), nil
	}
	return []byte(`"` + t.UTC().Format(time.RFC3339Nano) + `"`), nil
}

// Offset is a google-duration UTC offset such as "-18000s" (UTC−5).
type Offset time.Duration

// UnmarshalJSON decodes "<seconds>s" (fractions allowed, within ±18 h).
func (o *Offset) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return typeError(b, o)
	}
	v, err := ParseOffset(s)
	if err != nil {
		return typeError(b, o)
	}
	*o = v
	return nil
}

// MarshalJSON encodes "<seconds>s".
func (o Offset) MarshalJSON() ([]byte, error) { return []byte(`"` + o.String() + `"`), nil }

// String formats o as google-duration, e.g. "-18000s".
func (o Offset) String() string {
	return strconv.FormatFloat(time.Duration(o).Seconds(), 'f', -1, 64) + "s"
}

// ParseOffset parses a google-duration offset ("-18000s", "3600.5s").
func ParseOffset(s string) (Offset, error) {
	num, ok := strings.CutSuffix(s, "s")
	if !ok || num == "" || strings.ContainsAny(num, "eExXnNiI_") {
		return 0, &strconv.NumError{Func: "ParseOffset", Num: s, Err: strconv.ErrSyntax}
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0, err
	}
	if f < -18*3600 || f > 18*3600 {
		return 0, &strconv.NumError{Func: "ParseOffset", Num: s, Err: strconv.ErrRange}
	}
	return Offset(time.Duration(f * float64(time.Second)).Round(time.Millisecond)), nil
}

// zone returns a shared fixed zone for the offset (whole seconds).
func (o Offset) zone() *time.Location {
	return fixedZone(int(time.Duration(o) / time.Second))
}

// local returns t at the offset o.
func local(t time.Time, o Offset) time.Time { return t.In(o.zone()) }

// typeError describes raw JSON b that does not fit v. encoding/json adds the
// field path to errors of this type.
func typeError(b []byte, v any) error {
	desc := "value"
	if len(b) > 0 {
		s := string(b)
		if len(s) > 40 {
			s = s[:40] + "..."
		}
		switch b[0] {
		case '"':
			desc = "string " + s
		case '{':
			desc = "object"
		case '[':
			desc = "array"
		case 't', 'f':
			desc = "bool"
		default:
			desc = "number " + s
		}
	}
	return &json.UnmarshalTypeError{Value: desc, Type: reflect.TypeOf(v).Elem()}
}

var zones sync.Map // offset seconds (int) -> *time.Location

// fixedZone returns a shared fixed zone named like "-05:00" (or UTC).
func fixedZone(off int) *time.Location {
	if off == 0 {
		return time.UTC
	}
	if l, ok := zones.Load(off); ok {
		return l.(*time.Location)
	}
	sign := byte('+')
	a := off
	if a < 0 {
		sign, a = '-', -a
	}
	name := string(sign) + pad2(a/3600) + ":" + pad2(a%3600/60)
	l, _ := zones.LoadOrStore(off, time.FixedZone(name, off))
	return l.(*time.Location)
}

func pad2(n int) string {
	if n < 10 && n >= 0 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
