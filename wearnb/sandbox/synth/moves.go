package synth

import (
	"time"

	"wearnb.dev/wearnb"
)

// dayMoves is the generated activity of one day.
type dayMoves struct {
	minutes []uint16 // steps per minute of DaySpan; nil without data
	hours   []wearnb.HourMoves
	total   wearnb.DayMoves
}

// floorMod returns a mod b in [0, b).
func floorMod(a, b int64) int64 { return a - floorDiv(a, b)*b }

// bout is a stretch of purposeful walking.
type bout struct {
	at      time.Time
	minutes int
	cadence float64
}

// genMoves generates the steps of dd's day: zero while asleep, a baseline of
// incidental steps shaped by the time of day, and walking bouts (commutes
// and a lunch walk on weekdays, a long walk on a weekend day, errands).
func (p *Person) genMoves(dd *day) *dayMoves {
	if dd.noSteps || !p.inBounds(dd.d) {
		return &dayMoves{}
	}
	d := dd.d
	start, end := p.DaySpan(d)
	n := int(end.Sub(start) / time.Minute)
	sw, travel := p.Switch(d)
	next := p.day(d.AddDays(1))
	locAfter := next.zone

	// Local clock (minute of day) and hour-group starts of every minute.
	// The UTC offset is looked up once per zone period (ZoneBounds), not
	// once per minute.
	clock := make([]int16, n)
	var off int64
	var until time.Time // off is valid for instants before until
	for i := range n {
		t := start.Add(time.Duration(i) * time.Minute)
		loc := dd.zone
		if travel && !t.Before(sw) {
			loc = locAfter
		}
		if i == 0 || !t.Before(until) || (travel && t.Equal(sw)) {
			tl := t.In(loc)
			_, o := tl.Zone()
			off = int64(o)
			_, until = tl.ZoneBounds()
			if until.IsZero() {
				until = end
			}
			if travel && t.Before(sw) && sw.Before(until) {
				until = sw
			}
		}
		clock[i] = int16(floorMod(t.Unix()+off, 86400) / 60)
	}
	idx := func(t time.Time) int { return int(t.Sub(start) / time.Minute) }

	asleep := make([]bool, n)
	mark := func(pr *period) {
		i0 := idx(pr.start)
		i1 := int((pr.end.Sub(start) + time.Minute - 1) / time.Minute)
		for i := max(i0, 0); i < min(i1, n); i++ {
			asleep[i] = true
		}
	}
	mark(&dd.night)
	mark(&next.night)
	for i := range dd.naps {
		mark(&dd.naps[i])
	}
	wakeAt := dd.night.end
	bedAt := next.night.start

	r := newRNG(p.cfg.Seed, dd.dn, streamSteps)
	mult := clampF(r.normal(1, dayActivitySD), 0.6, 1.5)
	loc := dd.zone
	at := func(min float64) time.Time {
		return time.Date(d.Year, d.Month, d.Day, 0, 0, int(min*60), 0, loc)
	}
	var bouts []bout
	add := func(t time.Time, minutes int, cadence float64) {
		if travel && !t.Before(sw) {
			return
		}
		bouts = append(bouts, bout{t, minutes, cadence})
	}
	weekend := isWeekend(d)
	switch {
	case travel:
		bouts = append(bouts, bout{sw.Add(-time.Duration(r.between(60, 150)) * time.Minute),
			r.between(airportMinutes-10, airportMinutes+10), r.normal(95, 5)})
	case !weekend:
		add(wakeAt.Add(time.Duration(r.between(35, 70))*time.Minute), r.between(10, 20), r.normal(100, 6))
		if r.chance(pLunchWalk) {
			add(at(12*60+r.uniform(0, 35)), r.between(15, 30), r.normal(110, 5))
		}
		add(at(17*60+r.uniform(0, 90)), r.between(10, 20), r.normal(100, 6))
	default:
		pw := pLongWalkSat
		if d.Weekday() == time.Sunday {
			pw = pLongWalkSunday
		}
		if r.chance(pw) {
			t0 := wakeAt.Add(time.Duration(r.between(60, 120)) * time.Minute)
			if ten := at(10 * 60); t0.Before(ten) {
				t0 = ten
			}
			add(t0.Add(time.Duration(r.between(0, 240))*time.Minute), r.between(longWalkMin, longWalkMax), r.normal(106, 5))
		}
	}
	errands := errandsWeekday
	if weekend {
		errands = errandsWeekend
	}
	if span := bedAt.Sub(wakeAt) - 2*time.Hour; span > 0 {
		for range r.poisson(errands * mult) {
			t := wakeAt.Add(time.Hour + time.Duration(r.float()*float64(span)))
			add(t.Truncate(time.Minute), r.between(5, 20), r.normal(85, 10))
		}
	}

	steps := make([]uint16, n)
	put := func(i int, v float64) {
		if v < 0 {
			v = 0
		}
		if v > maxStepsPerMin {
			v = maxStepsPerMin
		}
		steps[i] = uint16(v + 0.5)
	}
	for _, b := range bouts {
		i0 := idx(b.at)
		for i := i0; i < i0+b.minutes; i++ {
			if i < 0 || i >= n || asleep[i] {
				continue
			}
			v := b.cadence + r.normal(0, 4)
			if r.chance(0.08) {
				v *= r.uniform(0.2, 0.6) // a pause: crossing, a shop door
			}
			put(i, v)
		}
	}
	wakeIdx := idx(wakeAt)
	for i := range n {
		if asleep[i] || steps[i] != 0 {
			continue
		}
		h := int(clock[i]) / 60
		var pInc float64
		switch {
		case i-wakeIdx >= 0 && i-wakeIdx < 60:
			pInc = pIncGettingUp
		case h < 9:
			pInc = p.h.incMorning
		case h < 17:
			pInc = pIncDay
			if weekend {
				pInc = pIncDayFree
			}
		case h < 21:
			pInc = pIncEvening
		default:
			pInc = p.h.incLate
		}
		if r.chance(pInc * mult) {
			put(i, float64(4+r.intn(40)))
		}
	}
	for _, pr := range [...]*period{&dd.night, &next.night} {
		if pr.missing {
			continue
		}
		for _, ev := range pr.steps {
			if i := idx(ev.t); i >= 0 && i < n && !ev.t.Before(start) {
				put(i, float64(steps[i])+float64(ev.steps))
			}
		}
	}

	mv := &dayMoves{minutes: steps}
	// Hours: a new hour starts at every local hh:00 and at the zone switch.
	for i := 0; i < n; {
		j := i + 1
		for j < n && clock[j]%60 != 0 && !(travel && start.Add(time.Duration(j)*time.Minute).Equal(sw)) {
			j++
		}
		t := start.Add(time.Duration(i) * time.Minute)
		hl := dd.zone
		if travel && !t.Before(sw) {
			hl = locAfter
		}
		var hSteps, hActive int
		for k := i; k < j; k++ {
			hSteps += int(steps[k])
			if steps[k] >= ActiveCadence {
				hActive += 60
			}
		}
		// The person wears the tracker all day: every value is reported.
		h := wearnb.HourMoves{Start: t.In(hl), Steps: wearnb.Some(hSteps), ActiveSeconds: wearnb.Some(hActive),
			DistanceM:    wearnb.Some(float64(hSteps) * StrideM),
			CaloriesKcal: wearnb.Some(bmrKcalPerMin*float64(j-i) + KcalPerStep*float64(hSteps))}
		mv.hours = append(mv.hours, h)
		i = j
	}
	_, off0 := start.Zone()
	var tSteps, tActive int
	var tDist, tKcal float64
	for _, h := range mv.hours {
		tSteps += h.Steps.Or(0)
		tDist += h.DistanceM.Or(0)
		tKcal += h.CaloriesKcal.Or(0)
		tActive += h.ActiveSeconds.Or(0) / 60
	}
	mv.total = wearnb.DayMoves{Date: d, UTCOffset: wearnb.Some(time.Duration(off0) * time.Second),
		Steps: wearnb.Some(tSteps), DistanceM: wearnb.Some(tDist), CaloriesKcal: wearnb.Some(tKcal), ActiveMinutes: wearnb.Some(tActive)}
	return mv
}
