package synth

import (
	"time"

	"wearnb.dev/wearnb"
)

// HRSample is one heart-rate reading.
type HRSample struct {
	Time time.Time // in the zone the person is in (ZoneAt)
	BPM  int
	// Context is ContextSleep during a main sleep, ContextRest during a
	// nap, ContextAwake otherwise.
	Context wearnb.HRContext
	// Moving: the person took steps in this minute (awake only).
	Moving bool
}

// HRVSample is one heart-rate variability reading during sleep: RMSSD over
// the window starting at Time.
type HRVSample struct {
	Time time.Time
	MS   float64 // RMSSD, milliseconds
}

// HeartRate returns heart-rate samples (bpm) at the given interval over
// [from, to), for heart-rate endpoints. The value at an instant depends only
// on the instant, so any sampling of a period agrees with any other. Instants
// without data are skipped: outside the person's bounds, a night or day the
// device was not worn, and the times each day it was off the wrist (see
// OffWrist). every <= 0 means one minute.
func (p *Person) HeartRate(from, to time.Time, every time.Duration) []HRSample {
	if every <= 0 {
		every = hrDefaultStep
	}
	if !from.Before(to) {
		return nil
	}
	out := make([]HRSample, 0, min(int64(to.Sub(from)/every)+1, 1<<20))
	for t := from; t.Before(to); t = t.Add(every) {
		if s, ok := p.sampleAt(t); ok {
			out = append(out, s)
		}
	}
	return out
}

// HRV returns RMSSD samples at the given interval over [from, to), during
// recorded sleep only (heart-rate variability is measured at rest; wearables
// report it for the night). Higher in deep sleep, lower in REM and when
// awake in bed, around a nightly level that falls as the resting heart rate
// rises. every <= 0 means five minutes.
func (p *Person) HRV(from, to time.Time, every time.Duration) []HRVSample {
	if every <= 0 {
		every = 5 * time.Minute
	}
	var out []HRVSample
	for t := from; t.Before(to); t = t.Add(every) {
		pr := p.periodAt(t)
		if pr == nil || pr.missing || !p.inBounds(pr.date) {
			continue
		}
		out = append(out, HRVSample{Time: t.In(p.ZoneAt(t)), MS: p.hrvAt(pr, t)})
	}
	return out
}

// periodAt returns the sleep period containing t, or nil.
func (p *Person) periodAt(t time.Time) *period {
	d := p.LocalDate(t)
	dd := p.day(d)
	next := p.day(d.AddDays(1))
	if pr := &dd.night; !t.Before(pr.start) && t.Before(pr.end) {
		return pr
	}
	if pr := &next.night; !t.Before(pr.start) && t.Before(pr.end) {
		return pr
	}
	for i := range dd.naps {
		if pr := &dd.naps[i]; !t.Before(pr.start) && t.Before(pr.end) {
			return pr
		}
	}
	return nil
}

// sampleAt returns the heart-rate sample at instant t, if the device was
// worn.
func (p *Person) sampleAt(t time.Time) (HRSample, bool) {
	loc := p.ZoneAt(t)
	lt := t.In(loc)
	circ := hrCircadian * cosTurns((clockHours(lt)-hrCircPeak)/24)
	if pr := p.periodAt(t); pr != nil {
		if pr.missing || !p.inBounds(pr.date) {
			return HRSample{}, false
		}
		// Heart rate of the sleeper: the resting rate of the date the
		// sleep ends on.
		v := p.restHR(pr.date) + hrSleepBase + circ
		switch pr.levels[int(t.Sub(pr.start)/Epoch)] {
		case lvDeep:
			v += hrDeep
		case lvREM:
			v += hrREM
		case lvWake:
			v += hrWakeInBed
		}
		// A triangular dip, deepest in the middle of the period.
		f := float64(t.Sub(pr.start)) / float64(pr.end.Sub(pr.start))
		if f > 0.5 {
			f = 1 - f
		}
		v -= hrNightDip * 2 * f
		ctx := wearnb.ContextSleep
		if !pr.main {
			ctx = wearnb.ContextRest
		}
		return HRSample{Time: lt, BPM: p.clampBPM(v + p.hrNoise(t)), Context: ctx}, true
	}
	d := p.LocalDate(t)
	if !p.inBounds(d) {
		return HRSample{}, false
	}
	dd := p.day(d)
	for _, g := range dd.offWrist {
		if !t.Before(g[0]) && t.Before(g[1]) {
			return HRSample{}, false
		}
	}
	m := p.moves(d)
	if m.minutes == nil {
		return HRSample{}, false
	}
	start, _ := p.DaySpan(d)
	i := int(t.Sub(start) / time.Minute)
	cad := float64(m.minutes[i])
	if i > 0 {
		cad = 0.7*cad + 0.3*float64(m.minutes[i-1])
	}
	v := p.restHR(d) + hrAwake + circ + hrPerStep*cad
	return HRSample{Time: lt, BPM: p.clampBPM(v + p.hrNoise(t)), Context: wearnb.ContextAwake, Moving: m.minutes[i] > 0}, true
}

// clockHours is the local clock time of t in hours (13.5 is 13:30).
func clockHours(t time.Time) float64 {
	h, m, s := t.Clock()
	return float64(h) + float64(m)/60 + float64(s)/3600
}

// restHR returns the resting heart rate of date d (memoized): the day's
// draw, lowered by a week of activity (fitness) and raised after a very
// active day (strain).
func (p *Person) restHR(d wearnb.Date) float64 {
	dd := p.day(d)
	dd.restOnce.Do(func() {
		v := dd.restBase
		sum, n := 0, 0
		for k := 1; k <= hrFitDays; k++ {
			if m := p.moves(d.AddDays(-k)); m.minutes != nil {
				sum += m.total.Steps.Or(0) // a day with minutes has its steps
				n++
			}
		}
		if n > 0 {
			fit := -hrPerKStepsWeek * (float64(sum)/float64(n) - hrFitPivot) / 1000
			v += clampF(fit, -hrFitMax, hrFitMax)
		}
		if m := p.moves(d.AddDays(-1)); m.minutes != nil && m.total.Steps.Or(0) > hrStrainFrom {
			v += hrPerKStepsStrain * float64(m.total.Steps.Or(0)-hrStrainFrom) / 1000
		}
		dd.rest = v
	})
	return dd.rest
}

// RestingHR returns the resting heart rate the person's device reports for
// date d, rounded to whole bpm, and whether it reports one: a resting rate
// needs the night that ends on d to have been recorded (like Google's
// calculationMethod WITH_SLEEP), so the nights not worn have none. It
// follows activity: 1 bpm lower per 1000 daily steps the week before
// averaged above 8000 (at most ±4 bpm), and 0.5 bpm higher per 1000 steps
// the day before took above 14 000.
func (p *Person) RestingHR(d wearnb.Date) (int, bool) {
	if !p.inBounds(d) || p.day(d).night.missing {
		return 0, false
	}
	return int(p.restHR(d) + 0.5), true
}

// hrvAt is the RMSSD at t inside sleep period pr.
func (p *Person) hrvAt(pr *period, t time.Time) float64 {
	v := p.hrvLevel(pr.date)
	switch pr.levels[int(t.Sub(pr.start)/Epoch)] {
	case lvDeep:
		v *= hrvDeep
	case lvREM:
		v *= hrvREM
	case lvWake:
		v *= hrvWake
	}
	u := t.Unix()
	k := floorDiv(u, hrSlowKnot)
	n := unitHash(p.cfg.Seed, streamHRV, k)*2 - 1
	return v * (1 + hrvNoise*n)
}

// hrvLevel is the night's RMSSD level of sleeps ending on d, ms.
func (p *Person) hrvLevel(d wearnb.Date) float64 {
	dd := p.day(d)
	r := newRNG(p.cfg.Seed, dd.dn, streamHRV)
	v := r.normal(hrvMean, hrvSpread) - hrvPerBPM*(p.restHR(d)-restHRMean)
	return max(v, hrvFloor)
}

// Vitals returns the nightly vitals of every recorded sleep whose Date lies
// in r, in start order (one per sleep, naps included), as a device computes
// them:
//
//   - LowestHR, AverageHR: the lowest and the mean of the 5-minute heart-rate
//     samples of the sleep after the first (the first slot is left out while
//     the sensor settles, as Oura does);
//   - AverageHRV: the mean of the 5-minute RMSSD samples after the first;
//   - RespiratoryRate: 14.5 ± 0.8 breaths/min (0.1 resolution), 0.1 higher
//     per bpm of resting heart rate above 60;
//   - SkinTempDev: for main sleeps only, the night's skin temperature minus
//     the baseline, 0 ± 0.18 °C (0.01 resolution).
//
// SleepID is empty; Start is the sleep's start.
func (p *Person) Vitals(r wearnb.Range) []wearnb.Vitals {
	var out []wearnb.Vitals
	for _, s := range p.Sleeps(r) {
		out = append(out, p.vitalsOf(s))
	}
	return out
}

func (p *Person) vitalsOf(s wearnb.Sleep) wearnb.Vitals {
	v := wearnb.Vitals{Date: s.Date, Start: s.Start}
	hr := p.HeartRate(s.Start, s.End, 5*time.Minute)
	if len(hr) > 1 {
		lowest, sum := hr[1].BPM, 0
		for _, x := range hr[1:] {
			lowest = min(lowest, x.BPM)
			sum += x.BPM
		}
		v.LowestHR = wearnb.Some(float64(lowest))
		v.AverageHR = wearnb.Some(float64(sum) / float64(len(hr)-1))
	}
	if hrv := p.HRV(s.Start, s.End, 5*time.Minute); len(hrv) > 1 {
		sum := 0.0
		for _, x := range hrv[1:] {
			sum += x.MS
		}
		v.AverageHRV = wearnb.Some(sum / float64(len(hrv)-1))
	}
	r := newRNG(p.cfg.Seed, s.Start.Unix(), streamVitals)
	rest := p.restHR(s.Date)
	v.RespiratoryRate = wearnb.Some(round1(r.normal(brMean, brSpread) + brPerBPM*(rest-restHRMean)))
	dev := r.normal(0, tempSpread)
	if s.IsMain {
		v.SkinTempDev = wearnb.Some(float64(int64(dev*100+1000.5)-1000) / 100)
	}
	return v
}

// round1 rounds x to one decimal.
func round1(x float64) float64 { return float64(int64(x*10+10000.5)-10000) / 10 }

// OffWrist returns the stretches of local date d when the device was off
// the wrist (charging after the morning shower; on some days, left off for
// hours in the afternoon), in time order. Heart rate has no samples then;
// steps are still counted (the synthetic person's steps stand for whatever
// device counts them), and sleep periods are always recorded.
func (p *Person) OffWrist(d wearnb.Date) [][2]time.Time {
	if !p.inBounds(d) {
		return nil
	}
	return append([][2]time.Time(nil), p.day(d).offWrist...)
}

// genOffWrist draws the day's off-wrist stretches (see OffWrist).
func (p *Person) genOffWrist(dd *day) [][2]time.Time {
	r := newRNG(p.cfg.Seed, dd.dn, streamWrist)
	wake := dd.night.end
	start := wake.Add(time.Duration(r.between(wristAfterWakeMin, wristAfterWakeMax)) * time.Minute)
	out := [][2]time.Time{{start, start.Add(time.Duration(r.between(wristChargeMin, wristChargeMax)) * time.Minute)}}
	if r.chance(pLongOffWrist) {
		at := dd.d.In(dd.zone).Add(time.Duration(r.between(longOffFrom, longOffTo)) * time.Minute)
		out = append(out, [2]time.Time{at, at.Add(time.Duration(r.between(longOffMin, longOffMax)) * time.Minute)})
	}
	return out
}

// hrNoise is smooth value noise: linear interpolation between random knots
// every hrSlowKnot seconds, plus a step every hrFastKnot seconds.
func (p *Person) hrNoise(t time.Time) float64 {
	u := t.Unix()
	k := floorDiv(u, hrSlowKnot)
	f := float64(u-k*hrSlowKnot) / hrSlowKnot
	a := unitHash(p.cfg.Seed, streamHR, k)*2 - 1
	b := unitHash(p.cfg.Seed, streamHR, k+1)*2 - 1
	fast := unitHash(p.cfg.Seed, streamHR+100, floorDiv(u, hrFastKnot))*2 - 1
	return hrSlowNoise*(a+(b-a)*f) + hrFastNoise*fast
}

// cosTurns returns cos(2π·x) with plain arithmetic (a Taylor series after
// range reduction), so the value does not depend on the Go version or the
// CPU's math library.
func cosTurns(x float64) float64 {
	x -= float64(int64(x))
	if x < 0 {
		x++
	}
	if x > 0.5 {
		x = 1 - x
	}
	// cos is even and cos(2π(0.5−y)) = −cos(2πy): fold into [0, 0.25].
	sign := 1.0
	if x > 0.25 {
		x, sign = 0.5-x, -1
	}
	a := 2 * 3.141592653589793 * x
	a2 := a * a
	sum, term := 1.0, 1.0
	for i := 1; i <= 10; i++ {
		term *= -a2 / float64((2*i-1)*(2*i))
		sum += term
	}
	return sign * sum
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func (p *Person) clampBPM(v float64) int {
	b := int(v + 0.5)
	return max(hrMin, min(hrMax, b))
}

// VitalsOf returns the nightly vitals of s, one of the person's sleeps (see
// Vitals); a sleep that is not the person's gives what its instants hold.
func (p *Person) VitalsOf(s wearnb.Sleep) wearnb.Vitals { return p.vitalsOf(s) }
