package synth

import (
	"testing"
	"time"

	"wearnb.dev/wearnb"
)

// dstDays returns the days of year y whose span in loc is not 24 h.
func dstDays(y int, loc *time.Location) (spring, fall wearnb.Date) {
	for d := (wearnb.Date{Year: y, Month: 1, Day: 1}); d.Year == y; d = d.AddDays(1) {
		switch d.AddDays(1).In(loc).Sub(d.In(loc)) {
		case 23 * time.Hour:
			spring = d
		case 25 * time.Hour:
			fall = d
		}
	}
	return spring, fall
}

func TestDSTNights(t *testing.T) {
	t.Parallel()
	p := New(Config{Seed: 1})
	home := p.Home()
	straddle := map[time.Duration]int{}
	for y := 2020; y <= 2026; y++ {
		spring, fall := dstDays(y, home)
		if spring.IsZero() || fall.IsZero() {
			t.Fatalf("%d: no DST days found in %v", y, home)
		}
		for _, c := range []struct {
			d    wearnb.Date
			skew time.Duration // instant span - wall-clock span
		}{{spring, -time.Hour}, {fall, time.Hour}} {
			if p.Zone(c.d) != home {
				t.Errorf("%v: person away on a DST day", c.d)
			}
			// The day itself.
			wantMin := 1440 + int(c.skew/time.Minute)
			if m := p.Minutes(c.d); m != nil && len(m) != wantMin {
				t.Errorf("%v: %d minutes, want %d", c.d, len(m), wantMin)
			}
			hours := p.Hours(wearnb.Range{From: c.d, To: c.d})
			if len(hours) > 0 && len(hours) != 24+int(c.skew/time.Hour) {
				t.Errorf("%v: %d hours, want %d", c.d, len(hours), 24+int(c.skew/time.Hour))
			}
			// The night that ends on it.
			for _, s := range p.Sleeps(wearnb.Range{From: c.d, To: c.d}) {
				if !s.IsMain {
					continue
				}
				checkSleep(t, p, s)
				if val(s.InBed) != s.End.Sub(s.Start) {
					t.Errorf("%v: InBed %v is not End-Start", c.d, val(s.InBed))
				}
				_, offStart := s.Start.Zone()
				_, offEnd := s.End.Zone()
				skew := val(s.InBed) - wall(s.End).Sub(wall(s.Start))
				if offStart == offEnd {
					// Went to bed after the change (e.g. 02:30 on a
					// spring-forward night): no skew.
					if skew != 0 {
						t.Errorf("%v: same offsets, skew %v", c.d, skew)
					}
					continue
				}
				if skew != c.skew {
					t.Errorf("%v: %s..%s: instant span %v, wall-clock span %v, want difference %v",
						c.d, tf(s.Start), tf(s.End), val(s.InBed), wall(s.End).Sub(wall(s.Start)), c.skew)
				}
				if time.Duration(offEnd-offStart)*time.Second != -c.skew {
					t.Errorf("%v: offsets %d -> %d", c.d, offStart, offEnd)
				}
				// Some stage carries each offset.
				offs := map[int]bool{}
				for _, st := range s.Stages {
					_, o := st.Start.Zone()
					offs[o] = true
				}
				if !offs[offStart] || !offs[offEnd] || len(offs) != 2 {
					t.Errorf("%v: stage offsets %v", c.d, offs)
				}
				straddle[c.skew]++
			}
		}
	}
	if straddle[-time.Hour] < 4 || straddle[time.Hour] < 4 {
		t.Errorf("too few nights straddle a DST change (spring %d, fall %d of 7 each)", straddle[-time.Hour], straddle[time.Hour])
	}
}

func TestTrips(t *testing.T) {
	t.Parallel()
	p := New(Config{Seed: 1})
	home := p.Home()
	for y := 2020; y <= 2026; y++ {
		var runs []struct {
			zone     *time.Location
			from, to wearnb.Date
		}
		for d := (wearnb.Date{Year: y, Month: 1, Day: 1}); d.Year == y; d = d.AddDays(1) {
			z := p.Zone(d)
			if n := len(runs); n > 0 && runs[n-1].zone == z && runs[n-1].to == d.AddDays(-1) {
				runs[n-1].to = d
				continue
			}
			if z != home {
				runs = append(runs, struct {
					zone     *time.Location
					from, to wearnb.Date
				}{z, d, d})
			}
		}
		if len(runs) != 2 {
			t.Fatalf("%d: %d trips, want 2", y, len(runs))
		}
		for i, want := range []struct {
			zone   string
			nights int
		}{{DefaultWest, westNights}, {DefaultEast, eastNights}} {
			tr := runs[i]
			if tr.zone.String() != want.zone || tr.to.Sub(tr.from)+1 != want.nights {
				t.Errorf("%d: trip %d in %v for %d days, want %s for %d", y, i, tr.zone, tr.to.Sub(tr.from)+1, want.zone, want.nights)
				continue
			}
			out, back := tr.from.AddDays(-1), tr.to
			for _, c := range []struct {
				d        wearnb.Date
				from, to *time.Location
			}{{out, home, tr.zone}, {back, tr.zone, home}} {
				sw, ok := p.Switch(c.d)
				if !ok {
					t.Errorf("%v: no switch on a travel day", c.d)
					continue
				}
				if p.ZoneAt(sw.Add(-time.Second)) != c.from || p.ZoneAt(sw) != c.to {
					t.Errorf("%v: ZoneAt around the switch %s: %v, %v", c.d, tf(sw), p.ZoneAt(sw.Add(-time.Second)), p.ZoneAt(sw))
				}
				if p.LocalDate(sw) != c.d || p.LocalDate(sw.Add(-time.Second)) != c.d {
					t.Errorf("%v: switch %s not inside the day", c.d, tf(sw))
				}
				// The travel day spans midnight..midnight across zones.
				start, end := p.DaySpan(c.d)
				_, o1 := start.Zone()
				_, o2 := end.Zone()
				want := 24*time.Hour - time.Duration(o2-o1)*time.Second
				if end.Sub(start) != want || end.Sub(start) == 24*time.Hour {
					t.Errorf("%v: travel day lasts %v, want %v", c.d, end.Sub(start), want)
				}
				if m := p.Minutes(c.d); m != nil && len(m) != int(want/time.Minute) {
					t.Errorf("%v: %d minutes, want %d", c.d, len(m), int(want/time.Minute))
				}
				zones := map[*time.Location]int{}
				for _, h := range p.Hours(wearnb.Range{From: c.d, To: c.d}) {
					zones[h.Start.Location()]++
				}
				if len(p.Minutes(c.d)) > 0 && (zones[c.from] == 0 || zones[c.to] == 0) {
					t.Errorf("%v: hours in zones %v, want both %v and %v", c.d, zones, c.from, c.to)
				}
			}
			// Every sleep on and around the trip is in the zone of its date.
			rr := wearnb.Range{From: out.AddDays(-1), To: back.AddDays(1)}
			away := 0
			for _, s := range p.Sleeps(rr) {
				checkSleep(t, p, s)
				z := p.Zone(s.Date)
				_, off := s.Start.Zone()
				_, want := s.Start.In(z).Zone()
				if s.Start.Location() != z || off != want {
					t.Errorf("%v: sleep start %s, want zone %v", s.Date, tf(s.Start), z)
				}
				if z == tr.zone {
					away++
				}
				if s.IsMain && (s.Start.Hour() < 21 && s.Start.Hour() > 3) {
					t.Errorf("%v: main sleep starts at %s local", s.Date, tf(s.Start))
				}
			}
			if away < want.nights-2 {
				t.Errorf("%d: only %d sleeps recorded away", y, away)
			}
		}
	}
}

func TestTripsOff(t *testing.T) {
	t.Parallel()
	p := New(Config{Seed: 1, NoTrips: true})
	for _, d := range dates(wearnb.Range{From: wearnb.MustDate("2024-01-01"), To: wearnb.MustDate("2024-12-31")}) {
		if p.Zone(d) != p.Home() {
			t.Fatalf("%v: away with NoTrips", d)
		}
		if _, ok := p.Switch(d); ok {
			t.Fatalf("%v: travel day with NoTrips", d)
		}
	}
}

// Days tile the timeline: each day starts where the one before ends, across
// DST changes and trips.
func TestDaySpansTile(t *testing.T) {
	t.Parallel()
	p := New(Config{Seed: 5})
	r := wearnb.Range{From: wearnb.MustDate("2022-01-01"), To: wearnb.MustDate("2023-12-31")}
	_, prevEnd := p.DaySpan(r.From.AddDays(-1))
	for _, d := range dates(r) {
		start, end := p.DaySpan(d)
		if !start.Equal(prevEnd) {
			t.Fatalf("%v starts %s, previous day ended %s", d, tf(start), tf(prevEnd))
		}
		if p.LocalDate(start) != d || p.LocalDate(end.Add(-time.Nanosecond)) != d || p.LocalDate(end) != d.AddDays(1) {
			t.Fatalf("%v: span %s..%s has the wrong local dates", d, tf(start), tf(end))
		}
		prevEnd = end
	}
}

// The first night after flying east starts later on the local clock than the
// same weekday a week later, and the first night home from the east earlier.
func TestJetLag(t *testing.T) {
	t.Parallel()
	p := Default()
	bed := func(d wearnb.Date) (float64, bool) {
		for _, s := range p.Sleeps(wearnb.Range{From: d, To: d}) {
			if s.IsMain {
				// Minutes after noon, so that 23:30 and 00:30 compare.
				return float64(int(clockMinutes(s.Start)+720) % 1440), true
			}
		}
		return 0, false
	}
	var east, west, n1, n2 float64
	for y := 2020; y <= 2026; y++ {
		var first, last wearnb.Date
		for d := (wearnb.Date{Year: y, Month: 1, Day: 1}); d.Year == y; d = d.AddDays(1) {
			if p.Zone(d).String() == DefaultEast {
				if first.IsZero() {
					first = d
				}
				last = d
			}
		}
		if a, ok := bed(first); ok {
			if b, ok := bed(first.AddDays(7)); ok {
				east += a - b
				n1++
			}
		}
		if a, ok := bed(last.AddDays(1)); ok {
			if b, ok := bed(last.AddDays(8)); ok {
				west += a - b
				n2++
			}
		}
	}
	east /= n1
	west /= n2
	t.Logf("first night east %.0f min later, first night home %.0f min earlier (%v, %v pairs)", east, -west, n1, n2)
	if n1 < 5 || east < 40 {
		t.Errorf("first night after flying east only %.0f min later (%v nights)", east, n1)
	}
	if n2 < 5 || west > -40 {
		t.Errorf("first night after flying west only %.0f min earlier (%v nights)", -west, n2)
	}
}
