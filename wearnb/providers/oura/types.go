package oura

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"sync"
	"time"

	"wearnb.dev/wearnb"
)

// Timestamp is an RFC 3339 date-time as Oura sends it
// ("2022-07-12T01:05:14-07:00", fractional seconds allowed). The offset is
// kept as a fixed zone, so Format shows the local clock time Oura reported
// and two timestamps of one night may carry different offsets (DST).
// JSON null and "" decode to the zero Timestamp.
type Timestamp struct{ time.Time }

// UnmarshalJSON decodes an RFC 3339 string. A malformed value is reported as
// a *json.UnmarshalTypeError so that the decoder names the field.
func (t *Timestamp) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
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
	_, off := v.Zone()
	t.Time = v.In(fixedZone(off))
	return nil
}

// Day is a calendar date as Oura sends it ("2022-07-12"). JSON null and ""
// decode to the zero Day.
type Day struct{ wearnb.Date }

// UnmarshalJSON decodes "YYYY-MM-DD". A malformed value is reported as a
// *json.UnmarshalTypeError so that the decoder names the field.
func (d *Day) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		*d = Day{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return typeError(b, d)
	}
	if s == "" {
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

// typeError describes raw JSON b that does not fit v. encoding/json adds the
// struct field path to errors of this type.
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
			desc = "number " + string(b)
		}
	}
	return &json.UnmarshalTypeError{Value: desc, Type: reflect.TypeOf(v).Elem()}
}

var zones sync.Map // offset seconds (int) -> *time.Location

// fixedZone returns a shared fixed zone for an offset in seconds, named like
// "-07:00" (or "UTC" for zero) so printed times read naturally.
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
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
