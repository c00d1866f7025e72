package charts_test

import (
	"testing"

	"gonum.org/v1/plot/cmpimg"
)

// Each drawing example is the golden test of its chart: it renders to
// testdata/NAME and cmpimg compares that with testdata/NAME_golden.png
// (go test -regen rewrites the goldens after an intended change; look at
// them before committing). The tolerance absorbs font rasterization
// differences between machines.
func TestGolden(t *testing.T) {
	for _, tc := range []struct {
		example func()
		file    string
	}{
		{ExampleSleepDuration, "sleep_duration.png"},
		{ExampleStageComposition, "stage_composition.png"},
		{ExampleHypnogram, "hypnogram.png"},
		{ExampleActogram, "actogram.png"},
		{ExampleWeekdayComparison, "weekday.png"},
		{ExampleStepsHeatmap, "steps_heatmap.png"},
		{ExampleStepsVsSleep, "steps_vs_sleep.png"},
		{ExampleNightHeartRate, "night_heart_rate.png"},
		{ExampleHeartRateTrend, "heart_rate_trend.png"},
		{ExampleSleepTiming, "sleep_timing.png"},
		{ExampleSleepTiming_gappy, "sleep_timing_gappy.png"},
		{ExampleRegularityTrend, "regularity.png"},
		{ExampleRegularityTrend_gappy, "regularity_gappy.png"},
		{ExampleActivityProfile, "activity_profile.png"},
		{ExampleSleepHealthCard, "health_card.png"},
	} {
		t.Run(tc.file, func(t *testing.T) { cmpimg.CheckPlotApprox(tc.example, t, 0.02, tc.file) })
	}
}
