package synth

import (
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
