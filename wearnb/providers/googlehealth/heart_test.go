package googlehealth

import (
	"math"
	"testing"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/frames"
	"wearnb.dev/wearnb/internal/heartcheck"
)

// TestHeartRateNoBPM: a sample without beatsPerMinute is no reading; the
// others keep their offset, ACTIVE is awake and SEDENTARY unknown, in the
// record, the cache and the frame.
func TestHeartRateNoBPM(t *testing.T) {
	page, err := DecodeList(EndpointHeartRate, readFile(t, "heart-rate-page.json"))
	if err != nil {
		t.Fatal(err)
	}
	hs, err := NormalizeHeartRate(page.DataPoints)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		at  string
		bpm float64
		ctx wearnb.HRContext
	}{{"2026-05-01T08:00:04+02:00", 58, wearnb.ContextUnknown}, {"2026-05-01T08:02:04+02:00", 112, wearnb.ContextAwake}}
	check := func(stage string, hs []wearnb.HeartRate) {
		t.Helper()
		if len(hs) != len(want) {
			t.Fatalf("%s: %d samples, want %d", stage, len(hs), len(want))
		}
		for i, h := range hs {
			if h.Time.Format(time.RFC3339) != want[i].at || h.BPM != want[i].bpm || h.Context != want[i].ctx || !h.Local {
				t.Errorf("%s sample %d: %+v, want %+v", stage, i, h, want[i])
			}
		}
	}
	check("record", hs)
	cached, _ := heartcheck.ThroughCache(t, Name, &wearnb.Batch{HeartRate: hs})
	check("cache", cached)
	df := frames.HeartRate(cached)
	if !df.Col("context").Elem(0).IsNA() || df.Col("utc_offset_min").Elem(0).Val() != 120 {
		t.Errorf("frame %v", df)
	}
	// A point that is not a heart rate fails the page.
	if _, err := DecodeList(EndpointHeartRate, []byte(`{"dataPoints":[{"steps":{}}]}`)); err == nil {
		t.Error("a steps point in a heart-rate page decoded")
	}
}

// TestDailyVitalsMissing: an absent daily value leaves its measure missing
// (a deviation needs both temperatures), a real 0 stays 0, in the record,
// the cache and the frame.
func TestDailyVitalsMissing(t *testing.T) {
	// One page with the three types' points, as the three list answers
	// give them (a type this package does not check takes any point).
	page, err := DecodeList("daily-vitals", readFile(t, "daily-vitals-page.json"))
	if err != nil {
		t.Fatal(err)
	}
	points := page.DataPoints
	vs := NormalizeVitals(points)
	nan := math.NaN()
	want := map[string][3]float64{
		"2026-05-01": {41.2, 14.6, 34.07 - 34.2},
		"2026-05-02": {nan, 0, nan},
	}
	check := func(stage string, vs []wearnb.Vitals) {
		t.Helper()
		if len(vs) != 2 {
			t.Fatalf("%s: %d vitals", stage, len(vs))
		}
		for _, v := range vs {
			w := want[v.Date.String()]
			for i, o := range []wearnb.Opt[float64]{v.AverageHRV, v.RespiratoryRate, v.SkinTempDev} {
				g, ok := o.Get()
				if ok == math.IsNaN(w[i]) || (ok && math.Abs(g-w[i]) > 1e-12) {
					t.Errorf("%s %v measure %d: %v, want %v", stage, v.Date, i, o, w[i])
				}
			}
			if v.LowestHR.OK() || v.AverageHR.OK() || v.SleepID != "" {
				t.Errorf("%s %v: %+v", stage, v.Date, v)
			}
		}
	}
	check("record", vs)
	_, cached := heartcheck.ThroughCache(t, Name, &wearnb.Batch{Vitals: vs})
	check("cache", cached)
	df := frames.NightlyVitals(cached)
	if hrv := df.Col("hrv_rmssd_ms").Float(); !math.IsNaN(hrv[1]) || df.Col("resp_rate_per_min").Float()[1] != 0 || !math.IsNaN(df.Col("skin_temp_dev_c").Float()[1]) {
		t.Errorf("frame %v", df)
	}
}

func TestDailyFilter(t *testing.T) {
	r := wearnb.Range{From: wearnb.MustDate("2025-01-01"), To: wearnb.MustDate("2025-12-31")}
	if got, want := DailyFilter(EndpointRestingHeartRate, r), `daily_resting_heart_rate.date >= "2025-01-01" AND daily_resting_heart_rate.date <= "2025-12-31"`; got != want {
		t.Errorf("DailyFilter = %s\nwant %s", got, want)
	}
	if got, want := HeartRateFilter(r), `heart_rate.sample_time.civil_time >= "2025-01-01T00:00:00" AND heart_rate.sample_time.civil_time < "2026-01-01T00:00:00"`; got != want {
		t.Errorf("HeartRateFilter = %s\nwant %s", got, want)
	}
}
