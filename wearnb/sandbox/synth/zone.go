package synth

import (
	"time"

	"wearnb.dev/wearnb"
)

// trip is one journey away from home. The person wakes up at home on Out,
// switches to the away zone at SwitchOut (the flight lands, the watch picks
// up the new zone), sleeps away the nights ending Out+1 .. Back, and switches
// back home at SwitchBack on Back.
type trip struct {
	away                  *time.Location
	out, back             wearnb.Date
	switchOut, switchBack time.Time
}

// trips returns the trips that start in year y, in date order.
func (p *Person) trips(y int) []trip {
	if p.cfg.NoTrips {
		return nil
	}
	p.mu.Lock()
	ts, ok := p.tripCache[y]
	p.mu.Unlock()
	if ok {
		return ts
	}
	r := newRNG(p.cfg.Seed, int64(y), streamTrip)
	jan1 := wearnb.Date{Year: y, Month: time.January, Day: 1}
	mk := func(away *time.Location, window [2]int, nights int) trip {
		out := jan1.AddDays(r.between(window[0], window[1]) - 1)
		back := out.AddDays(nights)
		hOut := r.between(switchHourMin, switchHourMax)
		hBack := r.between(switchHourMin, switchHourMax)
		return trip{
			away:       away,
			out:        out,
			back:       back,
			switchOut:  time.Date(out.Year, out.Month, out.Day, hOut, 0, 0, 0, p.home),
			switchBack: time.Date(back.Year, back.Month, back.Day, hBack, 0, 0, 0, away),
		}
	}
	// West first: its window comes earlier in the year.
	ts = []trip{mk(p.west, westWindow, westNights), mk(p.east, eastWindow, eastNights)}
	p.mu.Lock()
	p.tripCache[y] = ts
	p.mu.Unlock()
	return ts
}

// tripOn returns the trip whose span (Out..Back) contains d, if any.
func (p *Person) tripOn(d wearnb.Date) (trip, bool) {
	for _, t := range p.trips(d.Year) {
		if !d.Before(t.out) && !d.After(t.back) {
			return t, true
		}
	}
	return trip{}, false
}

// Zone returns the time zone the person is in on local date d (it changes
// during trips): the zone they wake up in that day, which is also the zone of
// the sleeps whose Date is d. On a travel day the person switches zones
// around midday (see Switch); the rest of that day is in Zone(d+1).
func (p *Person) Zone(d wearnb.Date) *time.Location {
	if t, ok := p.tripOn(d); ok && d.After(t.out) {
		return t.away
	}
	return p.home
}

// Switch reports whether d is a travel day and, if so, the instant the person
// changes from Zone(d) to Zone(d+1).
func (p *Person) Switch(d wearnb.Date) (time.Time, bool) {
	if t, ok := p.tripOn(d); ok {
		switch d {
		case t.out:
			return t.switchOut, true
		case t.back:
			return t.switchBack, true
		}
	}
	return time.Time{}, false
}

// ZoneAt returns the time zone the person is in at instant t.
func (p *Person) ZoneAt(t time.Time) *time.Location {
	y := t.UTC().Year()
	for _, yy := range [...]int{y - 1, y} {
		for _, tr := range p.trips(yy) {
			if !t.Before(tr.switchOut) && t.Before(tr.switchBack) {
				return tr.away
			}
		}
	}
	return p.home
}

// DaySpan returns the instants [start, end) that make up local date d: from
// midnight of d in Zone(d) to midnight of d+1 in Zone(d+1). A day is 24 h,
// 23 h or 25 h on DST days, and shorter (flying east) or longer (flying west)
// on travel days. Minute i of Minutes(d) starts at start + i minutes; its
// local clock time is that instant in ZoneAt.
func (p *Person) DaySpan(d wearnb.Date) (start, end time.Time) {
	n := d.AddDays(1)
	return d.In(p.Zone(d)), n.In(p.Zone(n))
}

// LocalDate returns the local date of instant t where the person is.
func (p *Person) LocalDate(t time.Time) wearnb.Date {
	return wearnb.DateOf(t.In(p.ZoneAt(t)))
}
