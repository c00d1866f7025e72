package charts

import (
	"errors"
	"math"
	"testing"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/metrics"
	"wearnb.dev/wearnb/sandbox/synth"
)

// healthFixture is four months of the sandbox's synthetic person (seed 1),
// May-August 2024, as the health examples draw it (health_example_test.go):
// weekday/weekend timing, a week west and two weeks east (jumps of the
// clock times), a few nights not recorded.
func healthFixture() ([]metrics.NightRow, []metrics.Regularity, metrics.Rhythm) {
	p := synth.New(synth.Config{Seed: 1})
	r := wearnb.Range{From: wearnb.MustDate("2024-05-01"), To: wearnb.MustDate("2024-08-31")}
	ss := p.Sleeps(r)
	rows := metrics.Nightly(metrics.NightsFromSleeps(ss), metrics.Options{})
	g := metrics.SleepWakeFromSleeps(ss, r, time.Minute, false)
	trend := metrics.RegularityTrend(rows, g, r, 28, metrics.Options{})
	rh := metrics.RestActivity(metrics.StepsFromHours(p.Hours(r)), metrics.RhythmOptions{})
	return rows, trend, rh
}

func TestHealthChartsEmptyOneNightGappy(t *testing.T) {
	rows, trend, rh := healthFixture()
	// Empty input: ErrNoData, never a panic.
	for name, f := range map[string]func() (*plot.Plot, error){
		"SleepTiming":      func() (*plot.Plot, error) { return SleepTiming(nil, 7) },
		"SleepTiming naps": func() (*plot.Plot, error) { return SleepTiming([]metrics.NightRow{{Main: false}}, 7) },
		"RegularityTrend":  func() (*plot.Plot, error) { return RegularityTrend(nil) },
		"RegularityTrend all NaN": func() (*plot.Plot, error) {
			return RegularityTrend([]metrics.Regularity{{Date: wearnb.MustDate("2024-01-01"), SRI: math.NaN(), SJL: math.NaN()}})
		},
		"ActivityProfile":         func() (*plot.Plot, error) { return ActivityProfile(metrics.Rhythm{}) },
		"ActivityProfile all NaN": func() (*plot.Plot, error) { return ActivityProfile(metrics.Rhythm{Profile: []float64{math.NaN()}}) },
	} {
		if _, err := f(); !errors.Is(err, ErrNoData) {
			t.Errorf("%s: err = %v, want ErrNoData", name, err)
		}
	}
	// One night, one trend point, a profile with NaN L5/M10 (too few days)
	// and gappy input: a plot, no error. (The gappy timing and regularity
	// charts are also golden examples.)
	short := metrics.RestActivity(metrics.Series{Start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), Epoch: time.Hour, Values: rh.Profile[:20]}, metrics.RhythmOptions{})
	holey := rh
	holey.Profile = append([]float64(nil), rh.Profile...)
	holey.Profile[3], holey.Profile[14] = math.NaN(), math.NaN() // clock hours that never had data
	var gappy []metrics.NightRow
	for i, r := range rows {
		if i%3 != 1 && (i < 30 || i > 45) {
			gappy = append(gappy, r)
		}
	}
	for name, f := range map[string]func() (*plot.Plot, error){
		"SleepTiming gappy":       func() (*plot.Plot, error) { return SleepTiming(gappy, 7) },
		"ActivityProfile gappy":   func() (*plot.Plot, error) { return ActivityProfile(holey) },
		"RegularityTrend partial": func() (*plot.Plot, error) { return RegularityTrend(trend[:3]) },
		"SleepTiming one night":   func() (*plot.Plot, error) { return SleepTiming(rows[:1], 7) },
		"RegularityTrend one":     func() (*plot.Plot, error) { return RegularityTrend(trend[:1]) },
		"ActivityProfile too few": func() (*plot.Plot, error) { return ActivityProfile(short) },
		"SleepHealthCard empty": func() (*plot.Plot, error) {
			return SleepHealthCard(metrics.HealthCard(nil, nil, wearnb.Range{From: wearnb.MustDate("2024-01-01"), To: wearnb.MustDate("2024-01-07")}, metrics.Options{}))
		},
		"SleepTiming missing mids": func() (*plot.Plot, error) {
			r := rows[0]
			r.MidClock = math.NaN()
			return SleepTiming([]metrics.NightRow{r}, 7)
		},
	} {
		p, err := f()
		if err != nil || p == nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if _, err := p.WriterTo(200, 120, "png"); err != nil {
			t.Errorf("%s: render: %v", name, err)
		}
	}
}

func TestSegmentsSplitAtGaps(t *testing.T) {
	nan := math.NaN()
	xy := func(ys ...float64) plotter.XYs {
		out := make(plotter.XYs, len(ys))
		for i, y := range ys {
			out[i] = plotter.XY{X: float64(i), Y: y}
		}
		return out
	}
	for _, tc := range []struct {
		name string
		in   plotter.XYs
		want []int // lengths of the segments
	}{
		{"no gap", xy(1, 2, 3), []int{3}},
		{"gap inside", xy(1, 2, nan, 4, 5, 6), []int{2, 3}},
		{"gaps at the ends and a lone point", xy(nan, 1, nan, nan, 2, 3, nan), []int{1, 2}},
		{"all missing", xy(nan, nan), nil},
		{"empty", nil, nil},
	} {
		var got []int
		for _, s := range segments(tc.in) {
			got = append(got, len(s))
		}
		if len(got) != len(tc.want) {
			t.Errorf("%s: segments %v, want %v", tc.name, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%s: segments %v, want %v", tc.name, got, tc.want)
			}
		}
	}
}

func TestUnwrapHour(t *testing.T) {
	// 23:30 stays 23.5; 01:00 becomes 25 (after midnight); 15:00 stays.
	for in, want := range map[float64]float64{23*60 + 30: 23.5, 60: 25, 15 * 60: 15} {
		if got := unwrapHour(in); got != want {
			t.Errorf("unwrapHour(%v) = %v, want %v", in, got, want)
		}
	}
}
