package charts

import (
	"errors"
	"math"
	"testing"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/cmpimg"
	"gonum.org/v1/plot/vg"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/metrics"
	"wearnb.dev/wearnb/sandbox/synth"
)

// healthFixture is three months of the sandbox's synthetic person (seed 1),
// May-July 2024: weekday/weekend timing, the end of the trip west and the
// two-week trip east (a jump of the clock times), a few nights not recorded.
func healthFixture() ([]metrics.NightRow, []metrics.Regularity, metrics.Rhythm, metrics.Card) {
	p := synth.New(synth.Config{Seed: 1})
	r := wearnb.Range{From: wearnb.MustDate("2024-05-01"), To: wearnb.MustDate("2024-07-31")}
	ss := p.Sleeps(r)
	rows := metrics.Nightly(metrics.NightsFromSleeps(ss), metrics.Options{})
	g := metrics.SleepWakeFromSleeps(ss, r, time.Minute, false)
	trend := metrics.RegularityTrend(rows, g, r, 28, metrics.Options{})
	rh := metrics.RestActivity(metrics.StepsFromHours(p.Hours(r)), metrics.RhythmOptions{})
	return rows, trend, rh, metrics.HealthCard(ss, p.Hours(r), r, metrics.Options{})
}

func TestHealthGolden(t *testing.T) {
	rows, trend, rh, card := healthFixture()
	// Gappy: every third night and a run of windows below the minimum data.
	var gappy []metrics.NightRow
	for i, r := range rows {
		if i%3 != 1 && (i < 30 || i > 45) {
			gappy = append(gappy, r)
		}
	}
	gtrend := append([]metrics.Regularity(nil), trend...)
	for i := 10; i < 25 && i < len(gtrend); i++ {
		gtrend[i].SRI, gtrend[i].SJL = math.NaN(), math.NaN()
	}
	for _, tc := range []struct {
		name string
		draw func() (*plot.Plot, error)
	}{
		{"sleep_timing.png", func() (*plot.Plot, error) { return SleepTiming(rows, 7) }},
		{"sleep_timing_gappy.png", func() (*plot.Plot, error) { return SleepTiming(gappy, 7) }},
		{"regularity.png", func() (*plot.Plot, error) { return RegularityTrend(trend) }},
		{"regularity_gappy.png", func() (*plot.Plot, error) { return RegularityTrend(gtrend) }},
		{"activity_profile.png", func() (*plot.Plot, error) { return ActivityProfile(rh) }},
		{"health_card.png", func() (*plot.Plot, error) { return SleepHealthCard(card) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cmpimg.CheckPlotApprox(func() {
				p, err := tc.draw()
				if err != nil {
					t.Fatal(err)
				}
				if err := p.Save(16*vg.Centimeter, 9*vg.Centimeter, "testdata/"+tc.name); err != nil {
					t.Fatal(err)
				}
			}, t, 0.02, tc.name)
		})
	}
}

func TestHealthChartsEmptyOneNightGappy(t *testing.T) {
	rows, trend, rh, _ := healthFixture()
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
	// and a gappy profile: a plot, no error.
	short := metrics.RestActivity(metrics.Series{Start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), Epoch: time.Hour, Values: rh.Profile[:20]}, metrics.RhythmOptions{})
	for name, f := range map[string]func() (*plot.Plot, error){
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

func TestUnwrapHour(t *testing.T) {
	// 23:30 stays 23.5; 01:00 becomes 25 (after midnight); 15:00 stays.
	for in, want := range map[float64]float64{23*60 + 30: 23.5, 60: 25, 15 * 60: 15} {
		if got := unwrapHour(in); got != want {
			t.Errorf("unwrapHour(%v) = %v, want %v", in, got, want)
		}
	}
}
