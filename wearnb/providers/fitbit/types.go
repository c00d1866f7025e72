package fitbit

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"

	"wearnb.dev/wearnb"
)

// LocalTime is a Fitbit timestamp in the user's local clock time without an
// offset, e.g. "2020-10-10T01:46:30.000". Wall holds the clock reading in
// time.UTC as a carrier only; [Zones] turns it into an instant. JSON null
// and "" decode to the zero LocalTime. A malformed value is reported as a
// *json.UnmarshalTypeError so that the decoder names the field.
type LocalTime struct{ Wall time.Time }

// localLayouts are the local timestamp forms Fitbit sends.
var localLayouts = []string{
	"2006-01-02T15:04:05.000",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
}

// ParseLocalTime parses a Fitbit local timestamp.
func ParseLocalTime(s string) (LocalTime, error) {
	var err error
	for _, l := range localLayouts {
		var t time.Time
		if t, err = time.Parse(l, s); err == nil {
			return LocalTime{t.Truncate(time.Millisecond)}, nil
		}
	}
	return LocalTime{}, err
}

// IsZero reports whether t is absent.
func (t LocalTime) IsZero() bool { return t.Wall.IsZero() }

// String formats t as Fitbit does, "2006-01-02T15:04:05.000".
func (t LocalTime) String() string { return t.Wall.Format(localLayouts[0]) }

// UnmarshalJSON decodes a local timestamp string.
func (t *LocalTime) UnmarshalJSON(b []byte) error {
	s, isNull, ok := jsonString(b)
	if !ok {
		return typeError(b, t)
	}
	if isNull || s == "" {
		*t = LocalTime{}
		return nil
	}
	v, err := ParseLocalTime(s)
	if err != nil {
		return typeError(b, t)
	}
	*t = v
	return nil
}

// MarshalJSON encodes t as Fitbit does ("" for the zero LocalTime).
func (t LocalTime) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte(`""`), nil
	}
	return []byte(`"` + t.String() + `"`), nil
}

// Day is a calendar date as Fitbit sends it ("2020-10-10"). JSON null and ""
// decode to the zero Day.
type Day struct{ wearnb.Date }

// UnmarshalJSON decodes "YYYY-MM-DD".
func (d *Day) UnmarshalJSON(b []byte) error {
	s, isNull, ok := jsonString(b)
	if !ok {
		return typeError(b, d)
	}
	if isNull || s == "" {
		*d = Day{}
		return nil
	}
	v, err := wearnb.ParseDate(s)
	if err != nil {
		return typeError(b, d)
	}
	d.Date = v
	return nil
}

// MarshalJSON encodes "YYYY-MM-DD" ("" for the zero Day).
func (d Day) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte(`""`), nil
	}
	return []byte(`"` + d.String() + `"`), nil
}

// Number is a numeric value that Fitbit sends as a JSON string in time
// series ("value":"2504") and as a JSON number elsewhere; both decode. It
// encodes back as a string.
type Number float64

// UnmarshalJSON accepts "2504", "1.25", 2504 or 1.25.
func (n *Number) UnmarshalJSON(b []byte) error {
	s := string(bytes.TrimSpace(b))
	if str, _, ok := jsonString(b); ok && strings.HasPrefix(s, `"`) {
		s = strings.TrimSpace(str)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || s == "" || strings.ContainsAny(s, "xXnNiI_") { // no hex, NaN, Inf, underscores
		return typeError(b, n)
	}
	*n = Number(v)
	return nil
}

// MarshalJSON encodes n as a JSON string, the way time series carry it.
func (n Number) MarshalJSON() ([]byte, error) {
	return []byte(`"` + strconv.FormatFloat(float64(n), 'f', -1, 64) + `"`), nil
}

// Int returns n rounded to the nearest integer.
func (n Number) Int() int {
	if n < 0 {
		return int(n - 0.5)
	}
	return int(n + 0.5)
}

// ClockTime is a local time of day in intraday datasets ("00:01:00"), as the
// offset from midnight.
type ClockTime time.Duration

// UnmarshalJSON decodes "HH:MM:SS" or "HH:MM".
func (c *ClockTime) UnmarshalJSON(b []byte) error {
	s, _, ok := jsonString(b)
	if !ok {
		return typeError(b, c)
	}
	v, err := ParseClockTime(s)
	if err != nil {
		return typeError(b, c)
	}
	*c = v
	return nil
}

// MarshalJSON encodes "HH:MM:SS".
func (c ClockTime) MarshalJSON() ([]byte, error) { return []byte(`"` + c.String() + `"`), nil }

// String formats c as "HH:MM:SS".
func (c ClockTime) String() string {
	s := int(time.Duration(c) / time.Second)
	return pad2(s/3600) + ":" + pad2(s%3600/60) + ":" + pad2(s%60)
}

// ParseClockTime parses "HH:MM:SS" or "HH:MM" (00:00 through 23:59:59).
func ParseClockTime(s string) (ClockTime, error) {
	var t time.Time
	var err error
	if t, err = time.Parse(time.TimeOnly, s); err != nil {
		if t, err = time.Parse("15:04", s); err != nil {
			return 0, err
		}
	}
	return ClockTime(time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute + time.Duration(t.Second())*time.Second), nil
}

// jsonString decodes a JSON string literal; isNull reports JSON null; ok is
// false for anything else.
func jsonString(b []byte) (s string, isNull, ok bool) {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		return "", true, true
	}
	if len(b) == 0 || b[0] != '"' {
		return "", false, false
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return "", false, false
	}
	return s, false, true
}

// typeError describes raw JSON b that does not fit v. encoding/json adds the
// field path to errors of this type.
func typeError(b []byte, v any) error {
	desc := "value"
	if len(b) > 0 {
		switch b[0] {
		case '"':
			s := string(b)
			if len(s) > 40 {
				s = s[:40] + `..."`
			}
			desc = "string " + s
		case '{':
			desc = "object"
		case '[':
			desc = "array"
		case 't', 'f':
			desc = "bool"
		default:
			s := string(b)
			if len(s) > 40 {
				s = s[:40] + "..."
			}
			desc = "number " + s
		}
	}
	return &json.UnmarshalTypeError{Value: desc, Type: reflect.TypeOf(v).Elem()}
}

var zones sync.Map // offset seconds (int) -> *time.Location

// fixedZone returns a shared fixed zone for an offset in seconds, named like
// "-05:00" (or "UTC" for zero).
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

// fixed returns t in a fixed zone with t's own offset.
func fixed(t time.Time) time.Time {
	_, off := t.Zone()
	return t.In(fixedZone(off))
}

func pad2(n int) string {
	if n < 10 && n >= 0 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
