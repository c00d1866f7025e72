package charts

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/cmpimg"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"wearnb.dev/wearnb"
)

// fixture makes n nights and days of a simple, fully deterministic person:
// bedtime drifts with a weekly rhythm, stages cycle every 90 minutes.
func fixture(n int) ([]wearnb.Sleep, []wearnb.DayMoves, []wearnb.HourMoves) {
	loc := time.FixedZone("EST", -5*3600)
	first := wearnb.MustDate("2024-01-01")
	var sleeps []wearnb.Sleep
	var days []wearnb.DayMoves
	var hrs []wearnb.HourMoves
	for i := 0; i < n; i++ {
		d := first.AddDays(i)
		wd := d.Weekday()
		late := 0
		if wd == time.Friday || wd == time.Saturday {
			late = 75
		}
		start := d.In(loc).Add(time.Duration(23*60+late+(i*37)%30) * time.Minute)
		var stages []wearnb.Stage
		t := start
		levels := []wearnb.StageLevel{wearnb.StageWake, wearnb.StageLight, wearnb.StageDeep, wearnb.StageLight, wearnb.StageREM}
		mins := []int{12, 25, 30 - (i % 10), 20, 15 + (i % 7)}
		for c := 0; c < 5; c++ {
			for k, l := range levels {
				if c > 0 && k == 0 {
					l = wearnb.StageWake
				}
				m := mins[k]
				if c > 0 && k == 0 {
					m = 2
				}
				if l == wearnb.StageDeep {
					m = max(5, m-5*c)
				}
				stages = append(stages, wearnb.Stage{Start: t, Duration: time.Duration(m) * time.Minute, Level: l})
				t = t.Add(time.Duration(m) * time.Minute)
			}
		}
		s := wearnb.Sleep{Start: start, End: t, Date: wearnb.DateOf(t), IsMain: true, Stages: stages}
		for _, st := range stages {
			switch st.Level {
			case wearnb.StageDeep:
				s.Deep += st.Duration
			case wearnb.StageLight:
				s.Light += st.Duration
			case wearnb.StageREM:
				s.REM += st.Duration
			case wearnb.StageWake:
				s.Awake += st.Duration
			}
		}
		s.InBed = s.End.Sub(s.Start)
		s.Asleep = s.Deep + s.Light + s.REM
		sleeps = append(sleeps, s)
		if i%9 == 4 {
			nap := d.In(loc).Add(14 * time.Hour)
			sleeps = append(sleeps, wearnb.Sleep{Start: nap, End: nap.Add(40 * time.Minute), Date: d, Asleep: 35 * time.Minute, InBed: 40 * time.Minute})
		}
		total := 0
		for h := 7; h < 23; h++ {
			steps := 200 + 80*((h*7+i*3)%11)
			if h == 12 && wd != time.Saturday && wd != time.Sunday {
				steps += 1500
			}
			total += steps
			hrs = append(hrs, wearnb.HourMoves{Start: d.In(loc).Add(time.Duration(h) * time.Hour), Steps: steps})
		}
		days = append(days, wearnb.DayMoves{Date: d, Steps: total})
	}
	return sleeps, days, hrs
}

var sleeps, days, hrs = fixture(120)

// save renders p to testdata/name as PNG at a fixed size.
func save(p *plot.Plot, err error, name string) {
	if err != nil {
		panic(err)
	}
	if err := p.Save(16*vg.Centimeter, 9*vg.Centimeter, filepath.Join("testdata", name)); err != nil {
		panic(err)
	}
}

func TestGolden(t *testing.T) {
	if err := os.MkdirAll("testdata", 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		draw func()
	}{
		{"sleep_duration.png", func() { p, err := SleepDuration(sleeps, 7); save(p, err, "sleep_duration.png") }},
		{"stage_composition.png", func() { p, err := StageComposition(sleeps); save(p, err, "stage_composition.png") }},
		{"hypnogram.png", func() { p, err := Hypnogram(sleeps[0]); save(p, err, "hypnogram.png") }},
		{"actogram.png", func() { p, err := Actogram(sleeps[:60]); save(p, err, "actogram.png") }},
		{"weekday.png", func() { p, err := WeekdayComparison(sleeps); save(p, err, "weekday.png") }},
		{"steps_heatmap.png", func() { p, err := StepsHeatmap(hrs[:16*30]); save(p, err, "steps_heatmap.png") }},
		{"steps_vs_sleep.png", func() { p, err := StepsVsSleep(days, sleeps); save(p, err, "steps_vs_sleep.png") }},
	} {
		t.Run(tc.name, func(t *testing.T) { cmpimg.CheckPlotApprox(tc.draw, t, 0.02, tc.name) })
	}
}

func TestNoData(t *testing.T) {
	nap := []wearnb.Sleep{{Date: wearnb.MustDate("2024-01-01"), IsMain: false}}
	for name, f := range map[string]func() (*plot.Plot, error){
		"SleepDuration":     func() (*plot.Plot, error) { return SleepDuration(nil, 7) },
		"SleepDuration nap": func() (*plot.Plot, error) { return SleepDuration(nap, 7) },
		"StageComposition":  func() (*plot.Plot, error) { return StageComposition(nil) },
		"Hypnogram":         func() (*plot.Plot, error) { return Hypnogram(wearnb.Sleep{}) },
		"Actogram":          func() (*plot.Plot, error) { return Actogram(nil) },
		"WeekdayComparison": func() (*plot.Plot, error) { return WeekdayComparison(nil) },
		"StepsHeatmap":      func() (*plot.Plot, error) { return StepsHeatmap(nil) },
		"StepsVsSleep":      func() (*plot.Plot, error) { return StepsVsSleep(days[:1], nil) },
	} {
		if _, err := f(); !errors.Is(err, ErrNoData) {
			t.Errorf("%s: err = %v, want ErrNoData", name, err)
		}
	}
}

func TestDownsampleKeepsMeans(t *testing.T) {
	xys := make(plotter.XYs, 10)
	for i := range xys {
		xys[i] = plotter.XY{X: float64(i), Y: float64(i * 2)}
	}
	got := downsample(xys, 5)
	want := plotter.XYs{{X: 0.5, Y: 1}, {X: 2.5, Y: 5}, {X: 4.5, Y: 9}, {X: 6.5, Y: 13}, {X: 8.5, Y: 17}}
	if len(got) != len(want) {
		t.Fatalf("len = %d, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("point %d = %v, want %v", i, got[i], want[i])
		}
	}
	if got := downsample(xys, 20); len(got) != 10 {
		t.Errorf("short series changed: len %d", len(got))
	}
}

func TestRollingMean(t *testing.T) {
	xys := plotter.XYs{{Y: 1}, {Y: 2}, {Y: 3}, {Y: 4}, {Y: 5}}
	got := rollingMean(xys, 3)
	want := []float64{1, 1.5, 2, 3, 4}
	for i, w := range want {
		if math.Abs(got[i].Y-w) > 1e-12 {
			t.Errorf("mean[%d] = %v, want %v", i, got[i].Y, w)
		}
	}
}

func TestFit(t *testing.T) {
	xys := plotter.XYs{{X: 0, Y: 1}, {X: 1, Y: 3}, {X: 2, Y: 5}}
	slope, icept, r := fit(xys)
	if slope != 2 || icept != 1 || math.Abs(r-1) > 1e-12 {
		t.Errorf("fit = %v, %v, %v; want 2, 1, 1", slope, icept, r)
	}
}

func TestMainSleepsOnePerDateSorted(t *testing.T) {
	ms := mainSleeps(sleeps)
	if len(ms) != 120 {
		t.Fatalf("main sleeps = %d, want 120 (naps excluded)", len(ms))
	}
	for i := 1; i < len(ms); i++ {
		if !ms[i-1].Date.Before(ms[i].Date) {
			t.Fatalf("not sorted at %d: %v then %v", i, ms[i-1].Date, ms[i].Date)
		}
	}
}

func TestActogramRowsAndHours(t *testing.T) {
	r := newRaster(sleeps[:10])
	// Rows start the evening before the first sleep's Date (2024-01-02, the
	// date it ends on): the first night starts 2024-01-01 23:00 local, which
	// is row 0, 5 h after 18:00, and lasts 7 h 50 min.
	if r.first != wearnb.MustDate("2024-01-01") {
		t.Errorf("first row %v, want 2024-01-01", r.first)
	}
	b := r.bars[0]
	if b.row != 0 || math.Abs(b.x0-5) > 1e-9 || b.nap {
		t.Errorf("first bar row %d x0 %.3f nap %v, want row 0 x0 5 main", b.row, b.x0, b.nap)
	}
	if got := b.x1 - b.x0; math.Abs(got-sleeps[0].End.Sub(sleeps[0].Start).Hours()) > 1e-9 {
		t.Errorf("bar length %.3f h, want the sleep's", got)
	}
}
