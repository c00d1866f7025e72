package oura

import (
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/internal/wirejson"
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
	s, isNull, ok := wirejson.String(b)
	if !ok {
		return wirejson.TypeError(b, t)
	}
	if isNull || s == "" {
		*t = Timestamp{}
		return nil
	}
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return wirejson.TypeError(b, t)
	}
	_, off := v.Zone()
	t.Time = v.In(wearnb.FixedZone(off))
	return nil
}

// Day is a calendar date as Oura sends it ("2022-07-12"). JSON null and ""
// decode to the zero Day.
type Day struct{ wearnb.Date }

// UnmarshalJSON decodes "YYYY-MM-DD". A malformed value is reported as a
// *json.UnmarshalTypeError so that the decoder names the field.
func (d *Day) UnmarshalJSON(b []byte) error {
	s, isNull, ok := wirejson.String(b)
	if !ok {
		return wirejson.TypeError(b, d)
	}
	if isNull || s == "" {
		*d = Day{}
		return nil
	}
	v, err := wearnb.ParseDate(s)
	if err != nil {
		return wirejson.TypeError(b, d)
	}
	d.Date = v
	return nil
}
