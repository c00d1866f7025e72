package charts

import (
	"errors"
	"math"
	"testing"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/charts/internal/demo"
)

var sleeps, days, _ = demo.Person(120)

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

// Charts leave flagged sleeps out and skip values that are not reported,
// instead of drawing them at 0: with only such nights, there is nothing to
// draw.
func TestChartsSkipFlaggedAndMissing(t *testing.T) {
	flagged := make([]wearnb.Sleep, 0, len(sleeps))
	unknown := make([]wearnb.Sleep, 0, len(sleeps))
	classic := make([]wearnb.Sleep, 0, len(sleeps))
	for _, s := range sleeps {
		f := s
		f.Flag = wearnb.FlagNoSleep // main stays true: built by hand
		flagged = append(flagged, f)
		u := s
		u.Asleep = wearnb.Opt[time.Duration]{}
		unknown = append(unknown, u)
		c := s
		c.Deep, c.Light, c.REM = wearnb.Opt[time.Duration]{}, wearnb.Opt[time.Duration]{}, wearnb.Opt[time.Duration]{}
		classic = append(classic, c)
	}
	noSteps := make([]wearnb.DayMoves, len(days))
	for i, d := range days {
		d.Steps = wearnb.Opt[int]{}
		noSteps[i] = d
	}
	for name, f := range map[string]func() (*plot.Plot, error){
		"SleepDuration flagged":      func() (*plot.Plot, error) { return SleepDuration(flagged, 7) },
		"SleepDuration unknown":      func() (*plot.Plot, error) { return SleepDuration(unknown, 7) },
		"StageComposition flagged":   func() (*plot.Plot, error) { return StageComposition(flagged) },
		"StageComposition classic":   func() (*plot.Plot, error) { return StageComposition(classic) },
		"WeekdayComparison flagged":  func() (*plot.Plot, error) { return WeekdayComparison(flagged) },
		"WeekdayComparison unknown":  func() (*plot.Plot, error) { return WeekdayComparison(unknown) },
		"Actogram flagged":           func() (*plot.Plot, error) { return Actogram(flagged) },
		"StepsVsSleep unknown steps": func() (*plot.Plot, error) { return StepsVsSleep(noSteps, sleeps) },
		"StepsVsSleep flagged":       func() (*plot.Plot, error) { return StepsVsSleep(days, flagged) },
	} {
		if _, err := f(); !errors.Is(err, ErrNoData) {
			t.Errorf("%s: err = %v, want ErrNoData", name, err)
		}
	}
	// One flagged night among good ones: it is not a main sleep of its date.
	mixed := append([]wearnb.Sleep(nil), sleeps...)
	mixed[0].Flag = wearnb.FlagTooLong
	if ms := mainSleeps(mixed); len(ms) != len(mainSleeps(sleeps))-1 {
		t.Errorf("mainSleeps kept the flagged night: %d of %d", len(ms), len(mainSleeps(sleeps)))
	}
}
