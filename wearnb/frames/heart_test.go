package frames_test

import (
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/go-gota/gota/series"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/frames"
)

func TestHeartFramesEmpty(t *testing.T) {
	for name, tc := range map[string]struct {
		names []string
		types []series.Type
		n     int
	}{
		"HeartRate": {[]string{"provider", "date", "time_local", "utc_offset_min", "time_unix", "bpm", "context"},
			[]series.Type{series.String, series.String, series.String, series.Int, series.Int, series.Float, series.String}, 0},
		"NightlyVitals": {[]string{"provider", "sleep_id", "date", "start_local", "utc_offset_min", "start_unix",
			"lowest_hr_bpm", "avg_hr_bpm", "hrv_rmssd_ms", "resp_rate_per_min", "skin_temp_dev_c"},
			[]series.Type{series.String, series.String, series.String, series.String, series.Int, series.Int,
				series.Float, series.Float, series.Float, series.Float, series.Float}, 0},
	} {
		df := frames.HeartRate(nil)
		if name == "NightlyVitals" {
			df = frames.NightlyVitals(nil)
		}
		if df.Err != nil || df.Nrow() != 0 || !reflect.DeepEqual(df.Names(), tc.names) || !reflect.DeepEqual(df.Types(), tc.types) {
			t.Errorf("%s(nil): %v rows, names %v, types %v, err %v", name, df.Nrow(), df.Names(), df.Types(), df.Err)
		}
	}
}

// TestHeartFramesMissing: what a provider did not say is missing in the
// frame (NaN, Gota's NaN elements), never 0 or "".
func TestHeartFramesMissing(t *testing.T) {
	hr := frames.HeartRate([]wearnb.HeartRate{
		{Provider: "oura", Time: time.Date(2024, 5, 2, 3, 0, 0, 0, time.UTC), BPM: 52}, // offset and context unknown
		{Provider: "fitbit", Time: time.Date(2024, 5, 1, 23, 0, 0, 0, time.FixedZone("", 2*3600)), Local: true, BPM: 0.5, Context: wearnb.ContextSleep},
	})
	if hr.Nrow() != 2 {
		t.Fatalf("%d rows", hr.Nrow())
	}
	// Sorted by instant: the fitbit sample (21:00Z) first.
	if p := hr.Col("provider").Records(); p[0] != "fitbit" || p[1] != "oura" {
		t.Fatalf("order %v", p)
	}
	off, ctx := hr.Col("utc_offset_min"), hr.Col("context")
	if off.Elem(0).IsNA() || off.Elem(0).Val() != 120 || !off.Elem(1).IsNA() {
		t.Errorf("utc_offset_min %v", off.Records())
	}
	if ctx.Elem(0).IsNA() || ctx.Elem(0).String() != "sleep" || !ctx.Elem(1).IsNA() {
		t.Errorf("context %v", ctx.Records())
	}
	if d := hr.Col("date").Records(); d[0] != "2024-05-01" || d[1] != "2024-05-02" {
		t.Errorf("dates %v", d)
	}

	vs := frames.NightlyVitals([]wearnb.Vitals{
		{Provider: "fitbit", Date: wearnb.MustDate("2024-05-03"), AverageHRV: wearnb.Some(0.0)},
		{Provider: "oura", SleepID: "s1", Date: wearnb.MustDate("2024-05-02"), Start: time.Date(2024, 5, 1, 23, 0, 0, 0, time.FixedZone("", -4*3600)),
			LowestHR: wearnb.Some(44.0), AverageHR: wearnb.Some(50.5), RespiratoryRate: wearnb.Some(14.5), SkinTempDev: wearnb.Some(-0.2)},
	})
	if vs.Nrow() != 2 || vs.Col("date").Records()[0] != "2024-05-02" {
		t.Fatalf("vitals frame %v", vs)
	}
	f := func(col string, row int) float64 { return vs.Col(col).Elem(row).Float() }
	if f("hrv_rmssd_ms", 1) != 0 || !math.IsNaN(f("lowest_hr_bpm", 1)) || !math.IsNaN(f("avg_hr_bpm", 1)) ||
		!math.IsNaN(f("resp_rate_per_min", 1)) || !math.IsNaN(f("skin_temp_dev_c", 1)) || !math.IsNaN(f("hrv_rmssd_ms", 0)) {
		t.Errorf("measures: %v", vs)
	}
	if !vs.Col("sleep_id").Elem(1).IsNA() || !vs.Col("start_local").Elem(1).IsNA() || !vs.Col("utc_offset_min").Elem(1).IsNA() ||
		!vs.Col("start_unix").Elem(1).IsNA() || vs.Col("utc_offset_min").Elem(0).Val() != -240 {
		t.Errorf("sleep columns: %v", vs)
	}
}
