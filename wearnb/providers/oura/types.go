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
	v, err := wirejson.ParseBytes(b, t, func(s []byte) (time.Time, error) {
		v, off, err := wirejson.ParseRFC3339(s)
		return v.In(wearnb.FixedZone(off)), err
	})
	if err == nil {
		t.Time = v
	}
	return err
}

// Day is a calendar date as Oura sends it ("2022-07-12"). JSON null and ""
// decode to the zero Day.
type Day struct{ wearnb.Date }

// UnmarshalJSON decodes "YYYY-MM-DD". A malformed value is reported as a
// *json.UnmarshalTypeError so that the decoder names the field.
func (d *Day) UnmarshalJSON(b []byte) error {
	v, err := wirejson.ParseString(b, d, wearnb.ParseDate)
	if err == nil {
		d.Date = v
	}
	return err
}
