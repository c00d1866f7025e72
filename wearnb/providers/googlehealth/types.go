package googlehealth

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/internal/wirejson"
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
			return wirejson.TypeError(b, n)
		}
		s = str
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return wirejson.TypeError(b, n)
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
	v, err := wirejson.ParseBytes(b, t, func(s []byte) (time.Time, error) {
		v, _, err := wirejson.ParseRFC3339(s)
		return v, err
	})
	if err == nil {
		t.Time = v
	}
	return err
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
		return wirejson.TypeError(b, o)
	}
	v, err := ParseOffset(s)
	if err != nil {
		return wirejson.TypeError(b, o)
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
	return wearnb.FixedZone(int(time.Duration(o) / time.Second))
}

// local returns t at the offset o.
func local(t time.Time, o Offset) time.Time { return t.In(o.zone()) }
