package fitbit

import (
	"encoding/json"
	"testing"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/internal/peakmem"
)

// FuzzHeartIntraday decodes and normalizes any body as a day of intraday
// heart rate: errors are decode errors, every sample comes from a dataset
// entry with a value (a missing value never becomes a reading, let alone
// 0), samples are in time order, and the memory used stays within a
// bound of the body's size.
func FuzzHeartIntraday(f *testing.F) {
	addFiles(f, "heart-intraday*.json")
	f.Add([]byte(`{"activities-heart-intraday":{"dataset":[{"time":"02:30:00","value":1},{"time":"02:30:00"}]}}`))
	ny, _ := time.LoadLocation("America/New_York")
	berlin, _ := time.LoadLocation("Europe/Berlin")
	d := wearnb.MustDate("2024-03-10") // spring forward in New York
	// Once before measuring: encoding/json builds its type caches on first use.
	if in, err := DecodeHeartIntraday(readFile(f, "heart-intraday-gaps.json")); err == nil {
		_, _ = NormalizeHeartRate(d, in, ny)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var (
			hs, travel []wearnb.HeartRate
			in         *HeartIntraday
			err        error
		)
		used := peakmem.Allocated(func() {
			if in, err = DecodeHeartIntraday(body); err != nil {
				return
			}
			if hs, err = NormalizeHeartRate(d, in, ny); err != nil {
				return
			}
			travel, err = normalizeHeartRate(d, in, ny, berlin)
		})
		mustDecodeError(t, err)
		if limit := peakmem.Bound(len(body), 64); used > limit {
			t.Fatalf("%d bytes allocated for a %d-byte body (limit %d)", used, len(body), limit)
		}
		if err != nil {
			return
		}
		withValue := 0
		for _, p := range in.Dataset {
			if p.Value.OK() {
				withValue++
			}
		}
		for _, out := range [][]wearnb.HeartRate{hs, travel} {
			if len(out) > withValue {
				t.Fatalf("%d samples from %d entries with a value", len(out), withValue)
			}
			for i, h := range out {
				if h.BPM < 1 || h.BPM > 300 || !h.Local || (i > 0 && !h.Time.After(out[i-1].Time)) {
					t.Fatalf("sample %d: %+v", i, h)
				}
			}
		}
	})
}

// FuzzVitals decodes any body as each nightly summary and joins them: a
// date gets a measure only where the body has a value for it, and the
// memory used stays within a bound of the body's size.
func FuzzVitals(f *testing.F) {
	addFiles(f, "hrv.json")
	addFiles(f, "br.json")
	addFiles(f, "temp-skin.json")
	f.Add([]byte(`{"hrv":[{"value":{"dailyRmssd":0},"dateTime":"2023-06-01"}],"br":[{"dateTime":"2023-06-01"}],"tempSkin":[]}`))
	// Once before measuring: encoding/json builds its type caches on first use.
	hrv, _ := DecodeHRV(readFile(f, "hrv.json"))
	br, _ := DecodeBreathingRate(readFile(f, "br.json"))
	temp, _ := DecodeSkinTemp(readFile(f, "temp-skin.json"))
	NormalizeVitals(hrv, br, temp)
	f.Fuzz(func(t *testing.T, body []byte) {
		var (
			hrv  []HRVDay
			br   []BreathingRateDay
			temp []SkinTempDay
			e1   error
			e2   error
			e3   error
			vs   []wearnb.Vitals
		)
		used := peakmem.Allocated(func() {
			hrv, e1 = DecodeHRV(body)
			br, e2 = DecodeBreathingRate(body)
			temp, e3 = DecodeSkinTemp(body)
			vs = NormalizeVitals(hrv, br, temp)
		})
		mustDecodeError(t, e1)
		mustDecodeError(t, e2)
		mustDecodeError(t, e3)
		if limit := peakmem.Bound(len(body), 96); used > limit {
			t.Fatalf("%d bytes allocated for a %d-byte body (limit %d)", used, len(body), limit)
		}
		// What each date has a value for, read independently.
		var raw struct {
			HRV  []map[string]json.RawMessage `json:"hrv"`
			BR   []map[string]json.RawMessage `json:"br"`
			Temp []map[string]json.RawMessage `json:"tempSkin"`
		}
		_ = json.Unmarshal(body, &raw)
		has := map[wearnb.Date]map[string]bool{}
		mark := func(d wearnb.Date, k string) {
			if has[d] == nil {
				has[d] = map[string]bool{}
			}
			has[d][k] = true
		}
		for _, x := range hrv {
			if x.Value.DailyRmssd != nil {
				mark(x.DateTime.Date, "hrv")
			}
		}
		for _, x := range br {
			if x.Value.BreathingRate != nil {
				mark(x.DateTime.Date, "br")
			}
		}
		for _, x := range temp {
			if x.Value.NightlyRelative != nil {
				mark(x.DateTime.Date, "temp")
			}
		}
		for _, v := range vs {
			if v.AverageHRV.OK() && !has[v.Date]["hrv"] || v.RespiratoryRate.OK() && !has[v.Date]["br"] ||
				v.SkinTempDev.OK() && !has[v.Date]["temp"] || v.LowestHR.OK() || v.AverageHR.OK() {
				t.Fatalf("%v: a measure without a value in the body: %+v", v.Date, v)
			}
		}
		if len(vs) > len(raw.HRV)+len(raw.BR)+len(raw.Temp) {
			t.Fatalf("%d vitals from %d entries", len(vs), len(raw.HRV)+len(raw.BR)+len(raw.Temp))
		}
	})
}
