package synth

import (
	"time"

	"wearnb.dev/wearnb"
)

// Per-epoch levels of a hypnogram.
const (
	lvWake byte = iota
	lvLight
	lvDeep
	lvREM
)

var levelNames = [...]wearnb.StageLevel{lvWake: wearnb.StageWake, lvLight: wearnb.StageLight, lvDeep: wearnb.StageDeep, lvREM: wearnb.StageREM}

// period is one generated sleep period: a main sleep or a nap.
type period struct {
	start, end time.Time // in the zone of the sleep's Date
	date       wearnb.Date
	main       bool
	missing    bool   // not recorded (device not worn); still slept
	levels     []byte // one per Epoch from start
	stages     []wearnb.Stage
	steps      []stepEvent // a few steps during long awakenings
}

// stepEvent is a handful of steps at an instant (a trip to the bathroom).
type stepEvent struct {
	t     time.Time
	steps int
}

// round30 rounds minutes to whole 30-second epochs, returned as seconds.
func round30(m float64) int {
	return int(m*2+0.5) * 30
}

func clampF(x, lo, hi float64) float64 {
	if x < lo {
		return lo
	}
	if x > hi {
		return hi
	}
	return x
}

func isWeekend(d wearnb.Date) bool {
	wd := d.Weekday()
	return wd == time.Saturday || wd == time.Sunday
}

// genNight generates the main sleep that ends on local date d.
func (p *Person) genNight(d wearnb.Date, dn int64) period {
	r := newRNG(p.cfg.Seed, dn, streamNight)
	loc := p.Zone(d)
	var bed, wake float64
	h := &p.h
	if isWeekend(d) {
		bed = r.normal(h.bedWE, h.bedWESD)
		wake = r.normal(h.wakeWE, h.wakeWESD)
	} else {
		bed = r.normal(h.bedWD, h.bedWDSD)
		wake = r.normal(h.wakeWD, h.wakeWDSD)
	}
	jl := p.jetLag(d)
	bed += jl
	wake += jl / 2
	bed = clampF(bed, h.bedLo, h.bedHi)
	wake = clampF(wake, h.wakeLo, h.wakeHi)
	prev := d.AddDays(-1)
	// Wall-clock times: time.Date resolves them in loc, so a DST change
	// during the night shortens or lengthens the instant span.
	start := time.Date(prev.Year, prev.Month, prev.Day, 0, 0, round30(bed), 0, loc)
	end := time.Date(d.Year, d.Month, d.Day, 0, 0, round30(wake), 0, loc)
	if sw, ok := p.Switch(prev); ok && start.Before(sw.Add(afterSwitch)) {
		start = sw.Add(afterSwitch).In(loc)
	}
	if end.Sub(start) < minInBed {
		end = start.Add(minInBed).In(loc)
	}
	n := int(end.Sub(start) / Epoch)
	pr := period{start: start, end: end, date: d, main: true}
	pr.levels = nightLevels(r, n, h.boutsPerHour)
	pr.stages = runs(pr.start, loc, pr.levels)
	pr.steps = bathroomSteps(r, pr)
	return pr
}

// jetLag returns how many minutes later (east) or earlier (west) than usual,
// in local clock time, the body clock puts the night ending on d: the full
// lag on the first night after a zone switch, fading over jetLagNights.
func (p *Person) jetLag(d wearnb.Date) float64 {
	for k := range jetLagNights {
		sw, ok := p.Switch(d.AddDays(-1 - k))
		if !ok {
			continue
		}
		_, before := sw.Add(-time.Second).In(p.ZoneAt(sw.Add(-time.Second))).Zone()
		_, after := sw.In(p.ZoneAt(sw)).Zone()
		hours := float64(after-before) / 3600
		lag := clampF(hours*jetLagPerHour, -jetLagMax, jetLagMax)
		return lag * float64(jetLagNights-k) / jetLagNights
	}
	return 0
}

// nightLevels builds a night's hypnogram of n epochs: onset latency, ~90-min
// cycles (light, deep, light, REM) with deep early and REM late, short
// light interruptions, brief awakenings, and a final wake before rising.
func nightLevels(r *rng, n int, boutsPerHour float64) []byte {
	lv := make([]byte, n)
	// Onset latency: mostly 2-32 min, skewed short; a few restless nights.
	latMin := latMinBase + latMinSpread*cube(r.float())
	if r.chance(pRestlessOnset) {
		latMin += r.uniform(15, 50)
	}
	lat := int(latMin*2 + 0.5)
	fw := 0 // wake epochs before rising
	if !r.chance(pNoFinalWake) {
		fw = 1 + r.intn(finalWakeMaxEpochs)
	}
	if lat+fw > n/4 {
		lat, fw = n/8, n/16
	}
	sp0, sp1 := lat, n-fw // sleep period [sp0, sp1)
	var cycleEnds []int
	pos := sp0
	for k := 0; pos < sp1; k++ {
		c := int(clampF(r.normal(cycleMean, cycleSD), 70, 115) * 2)
		ki := min(k, len(deepShare)-1)
		deep := int(float64(c)*deepShare[ki]*r.uniform(0.8, 1.2) + 0.5)
		rem := int(float64(c)*remShare[ki]*r.uniform(0.8, 1.2) + 0.5)
		light := c - deep - rem
		l1 := light * 2 / 3
		for _, seg := range [...]struct {
			lv byte
			n  int
		}{{lvLight, l1}, {lvDeep, deep}, {lvLight, light - l1}, {lvREM, rem}} {
			for i := 0; i < seg.n && pos < sp1; i++ {
				lv[pos] = seg.lv
				pos++
			}
		}
		cycleEnds = append(cycleEnds, pos)
	}
	// Short light interruptions inside deep and REM.
	for i := sp0; i < sp1; i++ {
		if (lv[i] == lvDeep && r.chance(pDeepBreak)) || (lv[i] == lvREM && r.chance(pREMBreak)) {
			for end := i + 1 + r.intn(3); i < end && i < sp1; i++ {
				lv[i] = lvLight
			}
		}
	}
	// Brief awakenings after onset, kept off the first and last sleep epoch.
	hours := float64(sp1-sp0) / 120
	for range r.poisson(boutsPerHour * hours) {
		dur := 1 + r.intn(6)
		if !r.chance(pShortBout) {
			dur = 7 + r.intn(24)
		}
		var at int
		if r.chance(pBoutAtCycleEnd) && len(cycleEnds) > 1 {
			at = cycleEnds[r.intn(len(cycleEnds)-1)] - 4 + r.intn(9)
		} else {
			at = sp0 + 2 + r.intn(max(1, sp1-sp0-4))
		}
		for i := at; i < at+dur; i++ {
			if i > sp0 && i < sp1-1 {
				lv[i] = lvWake
			}
		}
	}
	for i := range lat {
		lv[i] = lvWake
	}
	for i := sp1; i < n; i++ {
		lv[i] = lvWake
	}
	return lv
}

func cube(x float64) float64 { return x * x * x }

// bathroomSteps puts a few steps into some long awakenings after onset.
func bathroomSteps(r *rng, pr period) []stepEvent {
	var ev []stepEvent
	lv := pr.levels
	onset := -1
	for i := 0; i < len(lv); {
		j := i
		for j < len(lv) && lv[j] == lv[i] {
			j++
		}
		if lv[i] != lvWake && onset < 0 {
			onset = i
		}
		if lv[i] == lvWake && onset >= 0 && j-i >= 8 && r.chance(pBathroom) {
			ev = append(ev, stepEvent{
				t:     pr.start.Add(time.Duration(i+2) * Epoch),
				steps: r.between(8, 30),
			})
		}
		i = j
	}
	return ev
}

// genNaps generates the naps of date d (at most one).
func (p *Person) genNaps(d wearnb.Date, dn int64) []period {
	r := newRNG(p.cfg.Seed, dn, streamNap)
	prob := p.h.napWD
	if isWeekend(d) {
		prob = p.h.napWE
	}
	if !r.chance(prob) {
		return nil
	}
	loc := p.Zone(d)
	at := r.uniform(napEarliest, napLatest)
	dur := napMin + (napMax-napMin)*r.float()*r.float()
	start := time.Date(d.Year, d.Month, d.Day, 0, 0, round30(at), 0, loc)
	n := round30(dur) / 30
	end := start.Add(time.Duration(n) * Epoch).In(loc)
	pr := period{start: start, end: end, date: d}
	pr.levels = napLevels(r, n)
	pr.stages = runs(start, loc, pr.levels)
	return []period{pr}
}

// napLevels builds a nap: a few minutes awake, light sleep with at most one
// short deep block in longer naps, an awakening or two, waking at the end.
func napLevels(r *rng, n int) []byte {
	lv := make([]byte, n)
	lat := r.between(2, 16)
	fw := r.between(0, 6)
	sp0, sp1 := lat, n-fw
	for i := sp0; i < sp1; i++ {
		lv[i] = lvLight
	}
	if sp1-sp0 >= 80 && r.chance(pNapDeep) {
		at := sp0 + r.between(30, 50)
		dl := r.between(10, 30)
		for i := at; i < at+dl && i < sp1-10; i++ {
			lv[i] = lvDeep
		}
	}
	for range r.poisson(0.8) {
		at := sp0 + 2 + r.intn(max(1, sp1-sp0-4))
		for i, end := at, at+1+r.intn(4); i < end; i++ {
			if i > sp0 && i < sp1-1 {
				lv[i] = lvWake
			}
		}
	}
	// lvWake is 0: latency and final wake are already set.
	return lv
}

// runs turns per-epoch levels into stage segments starting at start.
func runs(start time.Time, loc *time.Location, lv []byte) []wearnb.Stage {
	var out []wearnb.Stage
	for i := 0; i < len(lv); {
		j := i
		for j < len(lv) && lv[j] == lv[i] {
			j++
		}
		out = append(out, wearnb.Stage{
			Start:    start.Add(time.Duration(i) * Epoch).In(loc),
			Duration: time.Duration(j-i) * Epoch,
			Level:    levelNames[lv[i]],
		})
		i = j
	}
	return out
}

// sleep returns the normalized record of pr (Stages copied).
func (pr *period) sleep() wearnb.Sleep {
	s := wearnb.Sleep{
		Start:  pr.start,
		End:    pr.end,
		Date:   pr.date,
		InBed:  wearnb.Some(pr.end.Sub(pr.start)),
		IsMain: pr.main,
		Stages: append([]wearnb.Stage(nil), pr.stages...),
	}
	s.SumStages()
	s.Awakenings = wearnb.Some(wearnb.Awakenings(s.Stages))
	s.SetEfficiency()
	return s
}
