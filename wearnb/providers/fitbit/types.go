package fitbit

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/internal/wirejson"
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
	if t, ok := wirejson.ParseLocal([]byte(s)); ok {
		return LocalTime{t.Truncate(time.Millisecond)}, nil
	}
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
	v, err := wirejson.ParseString(b, t, ParseLocalTime)
	if err == nil {
		*t = v
	}
	return err
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
	v, err := wirejson.ParseString(b, d, wearnb.ParseDate)
	if err == nil {
		d.Date = v
	}
	return err
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
	if v, ok := smallInt(b); ok { // the usual bare integer, without strings
		*n = Number(v)
		return nil
	}
	s := string(bytes.TrimSpace(b))
	if str, _, ok := wirejson.String(b); ok && strings.HasPrefix(s, `"`) {
		s = strings.TrimSpace(str)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || s == "" || strings.ContainsAny(s, "xXnNiI_") { // no hex, NaN, Inf, underscores
		return wirejson.TypeError(b, n)
	}
	*n = Number(v)
	return nil
}

// smallInt reads b when it is a bare decimal integer of 1 to 15 digits
// (exact as a float64), without a sign or leading zero.
func smallInt(b []byte) (float64, bool) {
	if len(b) == 0 || len(b) > 15 || (b[0] == '0' && len(b) > 1) {
		return 0, false
	}
	v := int64(0)
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	return float64(v), true
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
	if len(b) == 10 && b[0] == '"' && b[9] == '"' {
		if v, ok := parseClockFast(b[1:9]); ok {
			*c = v
			return nil
		}
	}
	s, _, ok := wirejson.String(b)
	if !ok {
		return wirejson.TypeError(b, c)
	}
	v, err := ParseClockTime(s)
	if err != nil {
		return wirejson.TypeError(b, c)
	}
	*c = v
	return nil
}

// parseClockFast reads the usual "HH:MM:SS" without time.Parse; anything
// else (or out of range) is left to it.
func parseClockFast[S ~string | ~[]byte](s S) (ClockTime, bool) {
	if len(s) != 8 || s[2] != ':' || s[5] != ':' {
		return 0, false
	}
	n := [3]int{}
	for i := range n {
		a, b := s[3*i], s[3*i+1]
		if a < '0' || a > '9' || b < '0' || b > '9' {
			return 0, false
		}
		n[i] = int(a-'0')*10 + int(b-'0')
	}
	if n[0] > 23 || n[1] > 59 || n[2] > 59 {
		return 0, false
	}
	return ClockTime(time.Duration(n[0])*time.Hour + time.Duration(n[1])*time.Minute + time.Duration(n[2])*time.Second), true
}

// MarshalJSON encodes "HH:MM:SS".
func (c ClockTime) MarshalJSON() ([]byte, error) { return []byte(`"` + c.String() + `"`), nil }

// String formats c as "HH:MM:SS".
func (c ClockTime) String() string {
	s := int(time.Duration(c) / time.Second)
	return fmt.Sprintf("%02d:%02d:%02d", s/3600, s%3600/60, s%60)
}

// ParseClockTime parses "HH:MM:SS" or "HH:MM" (00:00 through 23:59:59).
func ParseClockTime(s string) (ClockTime, error) {
	if c, ok := parseClockFast(s); ok {
		return c, nil
	}
	var t time.Time
	var err error
	if t, err = time.Parse(time.TimeOnly, s); err != nil {
		if t, err = time.Parse("15:04", s); err != nil {
			return 0, err
		}
	}
	return ClockTime(time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute + time.Duration(t.Second())*time.Second), nil
}

// fixed returns t in the shared fixed zone of t's own offset.
func fixed(t time.Time) time.Time {
	_, off := t.Zone()
	return t.In(wearnb.FixedZone(off))
}
