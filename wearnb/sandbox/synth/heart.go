package synth

import (
	"time"
)

// HeartRate returns heart-rate samples (bpm) at the given interval over
// [from, to), for heart-rate endpoints. The value at an instant depends only
// on the instant, so any sampling of a period agrees with any other. Instants
// without data (outside the person's bounds, a night or day the device was
// not worn) are skipped. every <= 0 means one minute.
func (p *Person) HeartRate(from, to time.Time, every time.Duration) []HRSample {
	if every <= 0 {
		every = hrDefaultStep
	}
	if !from.Before(to) {
		return nil
	}
	out := make([]HRSample, 0, min(int64(to.Sub(from)/every)+1, 1<<20))
	for t := from; t.Before(to); t = t.Add(every) {
		if bpm, ok := p.bpmAt(t); ok {
			out = append(out, HRSample{Time: t.In(p.ZoneAt(t)), BPM: bpm})
		}
	}
	return out
}

// bpmAt returns the heart rate at instant t, if the device was worn.
func (p *Person) bpmAt(t time.Time) (int, bool) {
	d := p.LocalDate(t)
	dd := p.day(d)
	next := p.day(d.AddDays(1))
	cands := []*period{&dd.night, &next.night}
	for i := range dd.naps {
		cands = append(cands, &dd.naps[i])
	}
	for _, pr := range cands {
		if t.Before(pr.start) || !t.Before(pr.end) {
			continue
		}
		if pr.missing || !p.inBounds(pr.date) {
			return 0, false
		}
		// Heart rate of the sleeper: the day's resting rate of the date
		// the night ends on.
		base := p.day(pr.date).restHR
		i := int(t.Sub(pr.start) / Epoch)
		v := base + hrSleepBase
		switch pr.levels[i] {
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
		return p.clampBPM(v + p.hrNoise(t)), true
	}
	if !p.inBounds(d) {
		return 0, false
	}
	m := p.moves(d)
	if m.minutes == nil {
		return 0, false
	}
	start, _ := p.DaySpan(d)
	i := int(t.Sub(start) / time.Minute)
	cad := float64(m.minutes[i])
	if i > 0 {
		cad = 0.7*cad + 0.3*float64(m.minutes[i-1])
	}
	return p.clampBPM(dd.restHR + hrAwake + hrPerStep*cad + p.hrNoise(t)), true
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
