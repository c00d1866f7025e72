package googlehealth

import (
	"os"
	"testing"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/internal/peakmem"
)

// FuzzHeartRate decodes and normalizes any body as a heart-rate page: a
// point without beatsPerMinute never becomes a sample, samples are in time
// order with their offsets, and memory stays within a bound of the body's
// size.
func FuzzHeartRate(f *testing.F) {
	addFiles(f)
	warmUp(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		var (
			page *ListResponse
			hs   []wearnb.HeartRate
			err  error
		)
		used := peakmem.Allocated(func() {
			if page, err = DecodeList(EndpointHeartRate, body); err == nil {
				hs, err = NormalizeHeartRate(page.DataPoints)
			}
		})
		decodeErrorOnly(t, err)
		if limit := peakmem.Bound(len(body), 64); used > limit {
			t.Fatalf("%d bytes allocated for a %d-byte body (limit %d)", used, len(body), limit)
		}
		if err != nil {
			return
		}
		withBPM := 0
		for _, p := range page.DataPoints {
			if p.HeartRate != nil && p.HeartRate.BeatsPerMinute != nil {
				withBPM++
			}
		}
		if len(hs) > withBPM {
			t.Fatalf("%d samples from %d points with a bpm", len(hs), withBPM)
		}
		for i, h := range hs {
			if h.BPM < 1 || h.BPM > 300 || !h.Local || (i > 0 && !h.Time.After(hs[i-1].Time)) {
				t.Fatalf("sample %d: %+v", i, h)
			}
		}
	})
}

// FuzzDailyVitals decodes any body as each daily vitals type and joins the
// points: a date gets a measure only from a point with that value, and
// memory stays within a bound of the body's size.
func FuzzDailyVitals(f *testing.F) {
	addFiles(f)
	warmUp(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		var (
			points []DataPoint
			vs     []wearnb.Vitals
			errs   []error
		)
		used := peakmem.Allocated(func() {
			for _, typ := range []string{EndpointDailyHRV, EndpointDailyRespiratoryRate, EndpointSleepTemperature, EndpointRestingHeartRate} {
				page, err := DecodeList(typ, body)
				errs = append(errs, err)
				if err == nil {
					points = append(points, page.DataPoints...)
				}
			}
			vs = NormalizeVitals(points)
		})
		for _, err := range errs {
			decodeErrorOnly(t, err)
		}
		if limit := peakmem.Bound(len(body), 4*64); used > limit {
			t.Fatalf("%d bytes allocated for a %d-byte body (limit %d)", used, len(body), limit)
		}
		has := map[wearnb.Date][3]bool{}
		for _, p := range points {
			mark := func(cd CivilDate, i int) {
				if d, ok := cd.civilDate(); ok {
					h := has[d]
					h[i] = true
					has[d] = h
				}
			}
			if x := p.DailyHeartRateVariability; x != nil && x.AverageMilliseconds != nil {
				mark(x.Date, 0)
			}
			if x := p.DailyRespiratoryRate; x != nil && x.BreathsPerMinute != nil {
				mark(x.Date, 1)
			}
			if x := p.DailySleepTemperatureDerivations; x != nil && x.NightlyTemperatureCelsius != nil && x.BaselineTemperatureCelsius != nil {
				mark(x.Date, 2)
			}
		}
		for _, v := range vs {
			h := has[v.Date]
			if v.AverageHRV.OK() && !h[0] || v.RespiratoryRate.OK() && !h[1] || v.SkinTempDev.OK() && !h[2] || v.LowestHR.OK() || v.AverageHR.OK() {
				t.Fatalf("%v: a measure without a value in the body: %+v", v.Date, v)
			}
		}
	})
}

// warmUp decodes the fixtures once as every heart type, so the decoders'
// one-time set-up (encoding/json's type caches) is not counted against the
// first body.
func warmUp(f *testing.F) {
	for _, name := range []string{"heart-rate-page.json", "daily-vitals-page.json"} {
		body, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		for _, typ := range []string{EndpointHeartRate, EndpointDailyHRV, EndpointDailyRespiratoryRate, EndpointSleepTemperature, EndpointRestingHeartRate} {
			if page, err := DecodeList(typ, body); err == nil {
				_, _ = NormalizeHeartRate(page.DataPoints)
				NormalizeVitals(page.DataPoints)
			}
		}
	}
}

// FuzzDailyRollUp decodes any body as the daily roll-up of each activity
// type and joins the days: a measure is there only for a type with a
// window that day, and memory stays within a bound of the body's size.
func FuzzDailyRollUp(f *testing.F) {
	f.Add([]byte(`{"rollupDataPoints":[{"civilStartTime":{"date":{"year":2025,"month":1,"day":1}},"civilEndTime":{"date":{"year":2025,"month":1,"day":2}},"steps":{"countSum":"8123"},"distance":{"millimetersSum":"6213400"},"totalCalories":{"kcalSum":2101.5},"activeMinutes":{"activeMinutesRollupByActivityLevel":[{"activityLevel":"LIGHT","activeMinutesSum":"20"}]}}]}`))
	f.Add([]byte(`{"rollupDataPoints":[{"civilStartTime":{"date":{"year":2025,"month":1,"day":2}},"steps":{}}]}`))
	f.Add([]byte(`{}`))
	if r, err := DecodeDailyRollUp(TypeSteps, []byte(`{"rollupDataPoints":[{"civilStartTime":{"date":{"year":2025,"month":1,"day":2}},"steps":{}}]}`)); err == nil {
		_, _ = NormalizeDayTotals(map[string][]DailyRollupDataPoint{TypeSteps: r.RollupDataPoints})
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var (
			byType = map[string][]DailyRollupDataPoint{}
			days   []DayTotals
			errs   []error
		)
		used := peakmem.Allocated(func() {
			for _, typ := range DayTypes {
				r, err := DecodeDailyRollUp(typ, body)
				errs = append(errs, err)
				if err == nil {
					byType[typ] = r.RollupDataPoints
				}
			}
			var err error
			days, err = NormalizeDayTotals(byType)
			errs = append(errs, err)
		})
		for _, err := range errs {
			decodeErrorOnly(t, err)
		}
		if limit := peakmem.Bound(len(body), 4*64); used > limit {
			t.Fatalf("%d bytes allocated for a %d-byte body (limit %d)", used, len(body), limit)
		}
		windows := map[string]map[wearnb.Date]bool{}
		for typ, pts := range byType {
			windows[typ] = map[wearnb.Date]bool{}
			for i := range pts {
				d, ok := pts[i].Day()
				present := map[string]bool{TypeSteps: pts[i].Steps != nil, TypeDistance: pts[i].Distance != nil,
					TypeTotalCalories: pts[i].TotalCalories != nil, TypeActiveMinutes: pts[i].ActiveMinutes != nil}[typ]
				if ok && present {
					windows[typ][d] = true
				}
			}
		}
		for _, d := range days {
			if d.Steps.OK() && !windows[TypeSteps][d.Date] || d.DistanceM.OK() && !windows[TypeDistance][d.Date] ||
				d.CaloriesKcal.OK() && !windows[TypeTotalCalories][d.Date] || d.ActiveMinutes.OK() && !windows[TypeActiveMinutes][d.Date] {
				t.Fatalf("%v: a total without a window: %+v", d.Date, d)
			}
		}
	})
}
