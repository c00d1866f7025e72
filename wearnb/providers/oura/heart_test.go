package oura_test

import (
	"math"
	"testing"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/frames"
	"wearnb.dev/wearnb/internal/heartcheck"
	"wearnb.dev/wearnb/providers/oura"
)

// TestHeartRateNulls: a reading without bpm is no sample (never 0 bpm),
// sources map to contexts, and the offset stays unknown (Oura sends UTC)
// in the record, the cache and the frame.
func TestHeartRateNulls(t *testing.T) {
	p, err := oura.DecodeHeartRatePage(readTestdata(t, "heartrate_nulls.json"))
	if err != nil {
		t.Fatal(err)
	}
	if p.Data[0].TimestampUnix == nil || *p.Data[0].TimestampUnix != 1705039486000 || p.Data[1].BPM != nil || p.Data[2].BPM != nil {
		t.Fatalf("decoded %+v", p.Data)
	}
	want := []struct {
		at  string
		bpm float64
		ctx wearnb.HRContext
	}{{"2024-01-12T06:04:46Z", 78, wearnb.ContextRest}, {"2024-01-12T06:19:46Z", 81, wearnb.ContextRest}, {"2024-01-12T06:24:46Z", 64, wearnb.ContextUnknown}}
	check := func(stage string, hs []wearnb.HeartRate) {
		t.Helper()
		if len(hs) != len(want) {
			t.Fatalf("%s: %d samples, want %d", stage, len(hs), len(want))
		}
		for i, h := range hs {
			_, known := h.UTCOffset()
			if h.Time.Format(time.RFC3339) != want[i].at || h.BPM != want[i].bpm || h.Context != want[i].ctx || known || h.Provider != "oura" {
				t.Errorf("%s sample %d: %+v, want %+v", stage, i, h, want[i])
			}
		}
	}
	hs := oura.NormalizeHeartRate(p.Data)
	check("record", hs)
	cached, _ := heartcheck.ThroughCache(t, "oura", &wearnb.Batch{HeartRate: hs})
	check("cache", cached)
	df := frames.HeartRate(cached)
	if off := df.Col("utc_offset_min"); !off.Elem(0).IsNA() || !df.Col("context").Elem(2).IsNA() || df.Col("context").Elem(0).String() != "rest" {
		t.Errorf("frame: offsets %v contexts %v", off.Records(), df.Col("context").Records())
	}
}

// TestSleepVitalsNulls: the vitals of every sleep period but deleted
// ones, each measure missing where the document has null (the rest period
// of sleep_multi.json) or no readiness, in the record, cache and frame.
func TestSleepVitalsNulls(t *testing.T) {
	p, err := oura.DecodeSleepPage(readTestdata(t, "sleep_multi.json"))
	if err != nil {
		t.Fatal(err)
	}
	docVitals := oura.NormalizeVitals(p.Data)
	doc, err := oura.DecodeSleepPage(readTestdata(t, "sleep_documented.json"))
	if err != nil {
		t.Fatal(err)
	}
	all := append(docVitals, oura.NormalizeVitals(doc.Data)...)
	nan := math.NaN()
	// id → lowest, average, hrv, breath, temperature (NaN: missing)
	want := map[string][5]float64{
		"c5b1a2e4-0001-4e1f-9d58-6a0c7f1e2b01": {47, 54.125, 64, 14.25, nan}, // long_sleep, readiness null
		"c5b1a2e4-0002-4e1f-9d58-6a0c7f1e2b02": {57, 61.5, 38, 15.0, nan},    // late_nap
		"c5b1a2e4-0003-4e1f-9d58-6a0c7f1e2b03": {nan, nan, nan, nan, nan},    // rest: every value null
		"8f9a5221-639e-4a85-81cb-4065ef23f979": {48, 52.3, 117, 12.6, -0.2},  // the documented night
	}
	check := func(stage string, vs []wearnb.Vitals) {
		t.Helper()
		if len(vs) != 4 {
			t.Fatalf("%s: %d vitals, want 4 (the deleted period has none)", stage, len(vs))
		}
		seen := 0
		for _, v := range vs {
			w, found := want[v.SleepID]
			if !found || v.Start.IsZero() {
				t.Errorf("%s: vitals %+v of no expected sleep", stage, v)
				continue
			}
			seen++
			for i, o := range []wearnb.Opt[float64]{v.LowestHR, v.AverageHR, v.AverageHRV, v.RespiratoryRate, v.SkinTempDev} {
				g, ok := o.Get()
				if ok == math.IsNaN(w[i]) || (ok && g != w[i]) {
					t.Errorf("%s %s measure %d: %v, want %v", stage, v.SleepID, i, o, w[i])
				}
			}
		}
		if seen != 4 {
			t.Errorf("%s: %d of 4 sleeps", stage, seen)
		}
	}
	check("record", all)
	_, cached := heartcheck.ThroughCache(t, "oura", &wearnb.Batch{Vitals: all})
	check("cache", cached)
	df := frames.NightlyVitals(cached)
	nans := 0
	for _, c := range []string{"lowest_hr_bpm", "avg_hr_bpm", "hrv_rmssd_ms", "resp_rate_per_min", "skin_temp_dev_c"} {
		for _, v := range df.Col(c).Float() {
			if math.IsNaN(v) {
				nans++
			}
		}
	}
	if nans != 5+2 { // the rest period's five, two sleeps without readiness
		t.Errorf("frame has %d NaN measures, want 7:\n%v", nans, df)
	}
}
