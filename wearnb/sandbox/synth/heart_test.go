package synth

import (
	"math"
	"sort"
	"testing"
	"time"

	"wearnb.dev/wearnb"
)

// stageAt returns the level of the stage of s containing t.
func stageAt(s wearnb.Sleep, t time.Time) (wearnb.StageLevel, bool) {
	i := sort.Search(len(s.Stages), func(i int) bool { return s.Stages[i].End().After(t) })
	if i == len(s.Stages) || t.Before(s.Stages[i].Start) {
		return "", false
	}
	return s.Stages[i].Level, true
}

func TestHeartRate(t *testing.T) {
	t.Parallel()
	p := New(Config{Seed: 1})
	r := wearnb.Range{From: wearnb.MustDate("2023-03-01"), To: wearnb.MustDate("2023-03-31")} // spring forward included
	from, _ := p.DaySpan(r.From)
	_, to := p.DaySpan(r.To)
	hr := p.HeartRate(from, to, time.Minute)

	// Sampling does not change values: every 5th minute equals the 5-min series.
	byT := map[int64]int{}
	for _, s := range hr {
		byT[s.Time.Unix()] = s.BPM
		if s.BPM < hrMin || s.BPM > hrMax {
			t.Fatalf("%s: %d bpm", tf(s.Time), s.BPM)
		}
		if s.Time.Location() != p.ZoneAt(s.Time) {
			t.Fatalf("%s: not in the local zone", tf(s.Time))
		}
	}
	for _, s := range p.HeartRate(from, to, 5*time.Minute) {
		if v, ok := byT[s.Time.Unix()]; !ok || v != s.BPM {
			t.Fatalf("%s: 5-min sample %d, 1-min sample %d (%v)", tf(s.Time), s.BPM, v, ok)
		}
	}
	again := New(Config{Seed: 1}).HeartRate(from, to, time.Minute)
	if len(again) != len(hr) {
		t.Fatalf("second run: %d samples, first %d", len(again), len(hr))
	}
	for i := range hr {
		if !hr[i].Time.Equal(again[i].Time) || hr[i].BPM != again[i].BPM {
			t.Fatalf("second run differs at %s", tf(hr[i].Time))
		}
	}

	// Lower asleep, dipping in deep sleep; higher while walking.
	sleeps := p.Sleeps(r)
	var sum = map[string]float64{}
	var n = map[string]float64{}
	add := func(k string, v int) { sum[k] += float64(v); n[k]++ }
	steps := map[int64]int{}
	for _, d := range dates(r) {
		start, _ := p.DaySpan(d)
		for i, v := range p.Minutes(d) {
			steps[start.Add(time.Duration(i)*time.Minute).Unix()] = v
		}
	}
	for _, s := range hr {
		// The first sleep ending after the sample is the only candidate.
		j := sort.Search(len(sleeps), func(j int) bool { return sleeps[j].End.After(s.Time) })
		if j < len(sleeps) {
			if lv, ok := stageAt(sleeps[j], s.Time); ok {
				add(string(lv), s.BPM)
				continue
			}
		}
		switch v, ok := steps[s.Time.Unix()]; {
		case !ok:
		case v >= 100:
			add("walking", s.BPM)
		case v == 0:
			add("still", s.BPM)
		}
	}
	mean := func(k string) float64 { return sum[k] / n[k] }
	t.Logf("mean bpm: deep %.1f light %.1f rem %.1f wake-in-bed %.1f still %.1f walking %.1f",
		mean("deep"), mean("light"), mean("rem"), mean("wake"), mean("still"), mean("walking"))
	if !(mean("deep") < mean("light") && mean("light") < mean("rem") && mean("rem") < mean("still")) {
		t.Error("want deep < light < rem < awake and still")
	}
	if mean("still")-mean("light") < 10 {
		t.Errorf("asleep only %.1f bpm below awake", mean("still")-mean("light"))
	}
	if mean("walking")-mean("still") < 30 {
		t.Errorf("walking only %.1f bpm above still", mean("walking")-mean("still"))
	}
	if l := mean("light"); l < 45 || l > 60 {
		t.Errorf("light-sleep mean %.1f bpm, want 45-60", l)
	}

	// No samples during a night that was not recorded.
	mains := map[wearnb.Date]bool{}
	for _, s := range sleeps {
		if s.IsMain {
			mains[s.Date] = true
		}
	}
	checked := 0
	for _, d := range dates(r) {
		if mains[d] {
			continue
		}
		at := d.In(p.Zone(d)).Add(4 * time.Hour) // 04:00, surely asleep
		if got := p.HeartRate(at, at.Add(30*time.Minute), time.Minute); len(got) != 0 {
			t.Errorf("%v: %d heart-rate samples during an unrecorded night", d, len(got))
		}
		checked++
	}
	if checked == 0 {
		t.Error("no unrecorded night in the range to check")
	}
	if got := p.HeartRate(to, from, time.Minute); got != nil {
		t.Errorf("reversed range: %d samples", len(got))
	}
}

// TestCircadianAndGaps: awake and still, the heart beats faster in the
// late afternoon than in the morning (the circadian curve); there are no
// samples while the device is off the wrist, and there are such stretches
// every day with data.
func TestCircadianAndGaps(t *testing.T) {
	t.Parallel()
	p := New(Config{Seed: 1})
	r := wearnb.Range{From: wearnb.MustDate("2023-04-01"), To: wearnb.MustDate("2023-04-30")}
	var am, pm, nAM, nPM float64
	days, gaps := 0, 0
	for _, d := range dates(r) {
		from, to := p.DaySpan(d)
		hr := p.HeartRate(from, to, time.Minute)
		if len(hr) == 0 {
			continue
		}
		days++
		for _, g := range p.OffWrist(d) {
			if !g[0].Before(g[1]) || g[1].Sub(g[0]) < 20*time.Minute || g[1].Sub(g[0]) > 3*time.Hour {
				t.Errorf("%v: off-wrist stretch %v..%v", d, tf(g[0]), tf(g[1]))
			}
			for _, s := range hr {
				if !s.Time.Before(g[0]) && s.Time.Before(g[1]) && s.Context == wearnb.ContextAwake {
					t.Fatalf("%v: a sample at %s while off the wrist", d, tf(s.Time))
				}
			}
			gaps++
		}
		for _, s := range hr {
			if s.Context != wearnb.ContextAwake || s.Moving {
				continue
			}
			switch h := s.Time.Hour(); {
			case h >= 8 && h < 10:
				am += float64(s.BPM)
				nAM++
			case h >= 16 && h < 18:
				pm += float64(s.BPM)
				nPM++
			}
		}
	}
	if gaps < days {
		t.Errorf("%d off-wrist stretches over %d days with heart rate; want at least one a day", gaps, days)
	}
	am, pm = am/nAM, pm/nPM
	t.Logf("still and awake: 08-10 %.1f bpm, 16-18 %.1f bpm", am, pm)
	if pm-am < 2 {
		t.Errorf("afternoon %.1f bpm is not above morning %.1f bpm by 2", pm, am)
	}
}

// TestRestingHRFollowsActivity: the resting rate is lower after an active
// week than after a lazy one, and higher the morning after a very long day.
func TestRestingHRFollowsActivity(t *testing.T) {
	t.Parallel()
	p := New(Config{Seed: 1})
	r := twoYears
	steps := map[wearnb.Date]int{}
	for _, d := range p.Days(r) {
		steps[d.Date] = d.Steps.Or(0)
	}
	var xs, ys []float64
	missing := 0
	for _, d := range dates(r)[7:] {
		rest, ok := p.RestingHR(d)
		if !ok {
			missing++
			continue
		}
		if rest < 48 || rest > 75 {
			t.Errorf("%v: resting %d bpm", d, rest)
		}
		sum, n := 0, 0
		for k := 1; k <= 7; k++ {
			if s, ok := steps[d.AddDays(-k)]; ok {
				sum += s
				n++
			}
		}
		xs = append(xs, float64(sum)/float64(n))
		ys = append(ys, p.restHR(d))
	}
	c := corr(xs, ys)
	t.Logf("correlation of the resting rate with the week's mean steps: %.2f over %d days", c, len(xs))
	if c > -0.3 {
		t.Errorf("correlation of resting rate with last week's steps %.2f, want clearly negative", c)
	}
	// Nights not recorded have no resting rate.
	if missing == 0 {
		t.Error("every day has a resting rate; the nights not worn should have none")
	}
	// The strain effect, by construction on a day's draw.
	for _, d := range dates(r)[7:] {
		if s, ok := steps[d.AddDays(-1)]; ok && s > hrStrainFrom+2000 {
			dd := p.day(d)
			fitOnly := p.restHR(d) - hrPerKStepsStrain*float64(s-hrStrainFrom)/1000
			if fitOnly-dd.restBase < -hrFitMax-1e-9 || fitOnly-dd.restBase > hrFitMax+1e-9 {
				t.Errorf("%v: strain not added as documented", d)
			}
			return
		}
	}
	t.Error("no day above 16 000 steps in the range")
}

// TestHRVAndVitals: RMSSD is higher in deep sleep than in light, and in
// light than in REM; the nightly vitals are plausible and agree with the
// samples they summarize.
func TestHRVAndVitals(t *testing.T) {
	t.Parallel()
	p := New(Config{Seed: 1})
	r := oneYear
	by := map[wearnb.StageLevel][]float64{}
	for _, s := range p.Sleeps(wearnb.Range{From: r.From, To: r.From.AddDays(60)}) {
		for _, x := range p.HRV(s.Start, s.End, 5*time.Minute) {
			lv, _ := stageAt(s, x.Time)
			by[lv] = append(by[lv], x.MS)
		}
	}
	m := func(l wearnb.StageLevel) float64 { return mean(by[l]) }
	t.Logf("RMSSD: deep %.1f light %.1f rem %.1f wake %.1f ms", m(wearnb.StageDeep), m(wearnb.StageLight), m(wearnb.StageREM), m(wearnb.StageWake))
	if !(m(wearnb.StageDeep) > 1.2*m(wearnb.StageLight) && m(wearnb.StageLight) > m(wearnb.StageREM)) {
		t.Error("want deep > 1.2 × light > REM")
	}
	vs := p.Vitals(r)
	sleeps := p.Sleeps(r)
	if len(vs) != len(sleeps) {
		t.Fatalf("%d vitals for %d sleeps", len(vs), len(sleeps))
	}
	for i, v := range vs {
		s := sleeps[i]
		if !v.Start.Equal(s.Start) || v.Date != s.Date {
			t.Fatalf("vitals %d is for %v %v, sleep %v %v", i, v.Date, v.Start, s.Date, s.Start)
		}
		lo, ok1 := v.LowestHR.Get()
		avg, ok2 := v.AverageHR.Get()
		hrv, ok3 := v.AverageHRV.Get()
		br, ok4 := v.RespiratoryRate.Get()
		if !ok1 || !ok2 || !ok3 || !ok4 || lo > avg || lo < hrMin || avg > 75 || hrv < hrvFloor*hrvWake || hrv > 120 || br < 11 || br > 19 {
			t.Errorf("%v: lowest %v avg %v hrv %v br %v", s.Date, v.LowestHR, v.AverageHR, v.AverageHRV, v.RespiratoryRate)
		}
		if dev, ok := v.SkinTempDev.Get(); ok != s.IsMain || dev < -0.7 || dev > 0.7 {
			t.Errorf("%v (main %v): skin temperature deviation %v", s.Date, s.IsMain, v.SkinTempDev)
		}
	}
}

func mean(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

func corr(xs, ys []float64) float64 {
	mx, my := mean(xs), mean(ys)
	var sxy, sxx, syy float64
	for i := range xs {
		sxy += (xs[i] - mx) * (ys[i] - my)
		sxx += (xs[i] - mx) * (xs[i] - mx)
		syy += (ys[i] - my) * (ys[i] - my)
	}
	return sxy / math.Sqrt(sxx*syy)
}

func TestCosTurns(t *testing.T) {
	for _, x := range []float64{-1.3, -0.5, -0.25, 0, 0.1, 0.25, 0.33, 0.5, 0.75, 0.99, 7.2} {
		if got, want := cosTurns(x), math.Cos(2*math.Pi*x); math.Abs(got-want) > 1e-9 {
			t.Errorf("cosTurns(%v) = %v, want %v", x, got, want)
		}
	}
}
