package jawbone

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // tzs and tz carry Olson names; decode them on any machine

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/internal/wirejson"
)

// Jawbone payloads are loose about types: the same field is 0 in one item
// and "" in the next ("body", "quality", "smart_alarm_fire"), null in a
// third ("sunrise"). The types below accept all of these. A value they
// cannot read is reported as a *json.UnmarshalTypeError, so the decoder
// names the field.

// Num is a tolerant JSON number: a number, a numeric string, "" or null (both
// zero).
type Num float64

// UnmarshalJSON accepts 12.5, "12.5", "" and null.
func (n *Num) UnmarshalJSON(b []byte) error {
	f, err := looseFloat(b)
	if err != nil {
		return wirejson.TypeError(b, n)
	}
	*n = Num(f)
	return nil
}

// Int is a tolerant JSON integer: a number (rounded if it has a fraction), a
// numeric string, "" or null (both zero).
type Int int64

// UnmarshalJSON accepts 42, 42.0, "42", "" and null.
func (n *Int) UnmarshalJSON(b []byte) error {
	f, err := looseFloat(b)
	if err != nil || math.Abs(f) > 1<<53 {
		return wirejson.TypeError(b, n)
	}
	*n = Int(math.Round(f))
	return nil
}

// OptNum is a tolerant JSON number that says whether it was sent: a
// number or a numeric string is reported; "", null and an absent field
// are not (Jawbone writes "" where it has no value). It encodes back as a
// number, or null when not reported.
type OptNum struct{ wearnb.Opt[float64] }

// UnmarshalJSON accepts what Num accepts; "" and null are not reported.
func (n *OptNum) UnmarshalJSON(b []byte) error {
	f, set, err := looseOptFloat(b)
	if err != nil {
		return wirejson.TypeError(b, n)
	}
	*n = OptNum{}
	if set {
		n.Opt = wearnb.Some(f)
	}
	return nil
}

// OptInt is a tolerant JSON integer (as Int: numbers are rounded) that
// says whether it was sent, like OptNum.
type OptInt struct{ wearnb.Opt[int64] }

// UnmarshalJSON accepts what Int accepts; "" and null are not reported.
func (n *OptInt) UnmarshalJSON(b []byte) error {
	f, set, err := looseOptFloat(b)
	if err != nil || math.Abs(f) > 1<<53 {
		return wirejson.TypeError(b, n)
	}
	*n = OptInt{}
	if set {
		n.Opt = wearnb.Some(int64(math.Round(f)))
	}
	return nil
}

// looseOptFloat is looseFloat that also says whether a value was there:
// "" (blank) and null are not.
func looseOptFloat(b []byte) (float64, bool, error) {
	t := bytes.TrimSpace(b)
	if bytes.Equal(t, []byte("null")) {
		return 0, false, nil
	}
	if len(t) > 0 && t[0] == '"' {
		var s string
		if err := json.Unmarshal(t, &s); err != nil {
			return 0, false, err
		}
		if strings.TrimSpace(s) == "" {
			return 0, false, nil
		}
	}
	f, err := looseFloat(t)
	return f, err == nil, err
}

// Epoch is a time in Unix seconds, as Jawbone sends time_created, tzs
// entries, asleep_time and tick times. It decodes like Int; zero means
// "not set".
type Epoch int64

// UnmarshalJSON accepts what Int accepts.
func (e *Epoch) UnmarshalJSON(b []byte) error {
	var n Int
	if err := n.UnmarshalJSON(b); err != nil {
		return wirejson.TypeError(b, e)
	}
	*e = Epoch(n)
	return nil
}

// Time returns e as a time in loc (UTC if loc is nil); the zero time for a
// zero Epoch.
func (e Epoch) Time(loc *time.Location) time.Time {
	if e == 0 {
		return time.Time{}
	}
	if loc == nil {
		loc = time.UTC
	}
	return time.Unix(int64(e), 0).In(loc)
}

// Flag is a tolerant JSON boolean: true/false, 1/0, "true"/"false", "" and
// null (false).
type Flag bool

// UnmarshalJSON accepts the forms listed on Flag.
func (f *Flag) UnmarshalJSON(b []byte) error {
	switch s := strings.Trim(string(bytes.TrimSpace(b)), `"`); s {
	case "true", "1":
		*f = true
	case "false", "0", "", "null":
		*f = false
	default:
		return wirejson.TypeError(b, f)
	}
	return nil
}

// looseFloat reads a number, a numeric string, "" or null.
func looseFloat(b []byte) (float64, error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return 0, strconv.ErrSyntax
	}
	s := string(b)
	switch b[0] {
	case 'n':
		if s == "null" {
			return 0, nil
		}
		return 0, strconv.ErrSyntax
	case '"':
		if err := json.Unmarshal(b, &s); err != nil {
			return 0, err
		}
		if s = strings.TrimSpace(s); s == "" {
			return 0, nil
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, strconv.ErrSyntax
	}
	return f, nil
}

// DateInt is Jawbone's date: an integer YYYYMMDD (20160128). A string of
// the same digits is accepted too; 0, "" and null give the zero date.
type DateInt struct{ wearnb.Date }

// UnmarshalJSON decodes 20160128 or "20160128".
func (d *DateInt) UnmarshalJSON(b []byte) error {
	f, err := looseFloat(b)
	if err != nil || f != math.Trunc(f) || f < 0 || f > 99991231 {
		return wirejson.TypeError(b, d)
	}
	if f == 0 {
		*d = DateInt{}
		return nil
	}
	v, ok := dateOfInt(int(f))
	if !ok {
		return wirejson.TypeError(b, d)
	}
	d.Date = v
	return nil
}

// MarshalJSON encodes the date as an integer YYYYMMDD (0 for the zero date).
func (d DateInt) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("0"), nil
	}
	return []byte(strconv.Itoa(d.Year*10000 + int(d.Month)*100 + d.Day)), nil
}

func dateOfInt(n int) (wearnb.Date, bool) {
	y, m, dd := n/10000, n/100%100, n%100
	if y < 1970 || m < 1 || m > 12 || dd < 1 {
		return wearnb.Date{}, false
	}
	t := time.Date(y, time.Month(m), dd, 0, 0, 0, 0, time.UTC)
	if t.Day() != dd {
		return wearnb.Date{}, false
	}
	return wearnb.Date{Year: y, Month: time.Month(m), Day: dd}, true
}

// Zone is a Jawbone time zone: an Olson name ("America/New_York") or, in
// some tzs entries, a UTC offset in seconds (-21600). The zero Zone means
// "not reported".
type Zone struct {
	Name   string // Olson name; empty for a numeric zone
	Offset int    // seconds east of UTC, for a numeric zone
	// Numeric is true when the payload gave an offset instead of a name.
	Numeric bool
}

// UnmarshalJSON accepts a name, a number, "" and null. Unknown names and
// offsets beyond ±18 h are errors.
func (z *Zone) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return wirejson.TypeError(b, z)
		}
		s = strings.TrimSpace(s)
		if s == "" {
			*z = Zone{}
			return nil
		}
		if _, err := strconv.ParseFloat(s, 64); err != nil {
			if _, err := loadZone(s); err != nil {
				return wirejson.TypeError(b, z)
			}
			*z = Zone{Name: s}
			return nil
		}
	}
	if string(b) == "null" {
		*z = Zone{}
		return nil
	}
	f, err := looseFloat(b)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > 18*3600 {
		return wirejson.TypeError(b, z)
	}
	*z = Zone{Offset: int(f), Numeric: true}
	return nil
}

// MarshalJSON encodes the zone the way it came: a name or a number.
func (z Zone) MarshalJSON() ([]byte, error) {
	if z.Numeric {
		return []byte(strconv.Itoa(z.Offset)), nil
	}
	return json.Marshal(z.Name)
}

// IsZero reports whether no zone was reported.
func (z Zone) IsZero() bool { return z == Zone{} }

// String returns the name, or the offset as "-06:00".
func (z Zone) String() string {
	switch {
	case z.Numeric && z.Offset == 0:
		return "+00:00" // FixedZone(0) is time.UTC
	case z.Numeric:
		return wearnb.FixedZone(z.Offset).String()
	}
	return z.Name
}

// Location returns the zone as a *time.Location: the Olson zone, a fixed
// zone for an offset, or nil for the zero Zone or an unknown name.
func (z Zone) Location() *time.Location {
	switch {
	case z.Numeric:
		return wearnb.FixedZone(z.Offset)
	case z.Name == "":
		return nil
	}
	l, err := loadZone(z.Name)
	if err != nil {
		return nil
	}
	return l
}

// TZChange is one [epoch, tz] entry of a move's tzs: from Time on, the
// person was in Zone.
type TZChange struct {
	Time Epoch
	Zone Zone
}

// UnmarshalJSON decodes a two-element array [epoch, tz].
func (c *TZChange) UnmarshalJSON(b []byte) error {
	var pair []json.RawMessage
	if err := json.Unmarshal(b, &pair); err != nil || len(pair) != 2 {
		return wirejson.TypeError(b, c)
	}
	var v TZChange
	if err := v.Time.UnmarshalJSON(pair[0]); err != nil {
		return wirejson.TypeError(b, c)
	}
	if err := v.Zone.UnmarshalJSON(pair[1]); err != nil {
		return wirejson.TypeError(b, c)
	}
	*c = v
	return nil
}

// MarshalJSON encodes [epoch, tz].
func (c TZChange) MarshalJSON() ([]byte, error) {
	z, err := c.Zone.MarshalJSON()
	if err != nil {
		return nil, err
	}
	return []byte("[" + strconv.FormatInt(int64(c.Time), 10) + "," + string(z) + "]"), nil
}

var zoneCache sync.Map // name -> *time.Location

// loadZone is time.LoadLocation with a cache, so that every time in one
// zone shares one *time.Location.
func loadZone(name string) (*time.Location, error) {
	if l, ok := zoneCache.Load(name); ok {
		return l.(*time.Location), nil
	}
	if name == "Local" { // LoadLocation would give the machine's zone
		return nil, strconv.ErrSyntax
	}
	l, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	v, _ := zoneCache.LoadOrStore(name, l)
	return v.(*time.Location), nil
}
