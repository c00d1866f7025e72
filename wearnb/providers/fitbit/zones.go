package fitbit

import (
	"slices"
	"time"

	"wearnb.dev/wearnb"
)

// Zones tells which time zone the user was in on a local date. Fitbit
// timestamps carry no offset, so the normalizers need it: a fixed zone for
// someone who never travels ([FixedZones]), or a history for trips.
type Zones func(d wearnb.Date) *time.Location

// FixedZones returns Zones that always answer loc (time.UTC if nil).
func FixedZones(loc *time.Location) Zones {
	if loc == nil {
		loc = time.UTC
	}
	return func(wearnb.Date) *time.Location { return loc }
}

func (z Zones) at(d wearnb.Date) *time.Location {
	if z == nil {
		return time.UTC
	}
	if loc := z(d); loc != nil {
		return loc
	}
	return time.UTC
}

// resolver turns local wall-clock readings into instants in loc. Readings
// of one timeline come in order, so an ambiguous reading (the repeated
// hour when clocks fall back) resolves to the first instant not before the
// previous one; a reading in the gap when clocks spring forward takes the
// offset from before the gap.
type resolver struct {
	loc  *time.Location
	prev time.Time
}

func (r *resolver) at(wall time.Time) time.Time {
	c := candidates(wall, r.loc)
	pick := c[0]
	if !r.prev.IsZero() {
		pick = c[len(c)-1]
		for _, t := range c {
			if !t.Before(r.prev) {
				pick = t
				break
			}
		}
	}
	r.prev = pick
	return pick
}

// candidates returns the instants, earliest first, whose clock reading in
// loc is wall; never empty.
func candidates(wall time.Time, loc *time.Location) []time.Time {
	y, mo, d := wall.Date()
	h, mi, s := wall.Clock()
	ns := wall.Nanosecond()
	naive := time.Date(y, mo, d, h, mi, s, ns, time.UTC)
	guess := time.Date(y, mo, d, h, mi, s, ns, loc)
	var out []time.Time
	for _, probe := range []time.Time{guess.Add(-26 * time.Hour), guess, guess.Add(26 * time.Hour)} {
		_, off := probe.Zone()
		t := naive.Add(-time.Duration(off) * time.Second).In(loc)
		y2, mo2, d2 := t.Date()
		h2, mi2, s2 := t.Clock()
		if y2 == y && mo2 == mo && d2 == d && h2 == h && mi2 == mi && s2 == s && !slices.ContainsFunc(out, t.Equal) {
			out = append(out, t)
		}
	}
	if len(out) == 0 { // in a spring-forward gap
		_, off := guess.Add(-26 * time.Hour).Zone()
		return []time.Time{naive.Add(-time.Duration(off) * time.Second).In(loc)}
	}
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return out
}
