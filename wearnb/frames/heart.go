package frames

import (
	"cmp"
	"math"
	"time"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"

	"wearnb.dev/wearnb"
)

// Heart-rate frames. A value the provider did not report is missing: NaN
// in Float columns, Gota's NaN element in Int and String columns (IsNA),
// never 0 or "".

// na is the text Gota reads as a missing element of any type.
const na = "NaN"

// HeartRate returns one row per heart-rate sample, in time order (then
// provider). Empty input gives an empty frame with every column:
//
//	| column         | type   | meaning                                                      |
//	|----------------|--------|--------------------------------------------------------------|
//	| provider       | String | "fitbit", "oura", "googlehealth"                             |
//	| date           | String | local date of the sample (UTC date when the offset is NaN)   |
//	| time_local     | String | local wall clock, YYYY-MM-DDThh:mm:ss (UTC when offset NaN)  |
//	| utc_offset_min | Int    | UTC offset, minutes; NaN when the provider did not say (Oura) |
//	| time_unix      | Int    | the instant, unix seconds                                    |
//	| bpm            | Float  | beats per minute                                             |
//	| context        | String | sleep, rest, awake, workout; NaN when the provider did not say |
//
// A year of minute samples (525 600 rows) builds in about a second; see
// BenchmarkHeartRateYear.
func HeartRate(samples []wearnb.HeartRate) dataframe.DataFrame {
	rows := sortedRefs(samples, cmpHR)
	n := len(rows)
	provider, date, local, ctx := make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	off, unix, bpm := make([]float64, n), make([]int, n), make([]float64, n)
	var (
		lastDay  int64 = math.MinInt64
		lastDate string
		buf      []byte
	)
	for i, h := range rows {
		provider[i] = h.Provider
		// Samples come in time order: the date string changes once a day.
		if day := dayKey(h.Time); day != lastDay {
			lastDay, lastDate = day, h.Time.Format(DateLayout)
		}
		date[i] = lastDate
		buf = h.Time.AppendFormat(buf[:0], LocalLayout)
		local[i] = string(buf)
		if o, ok := h.UTCOffset(); ok {
			off[i] = o.Minutes()
		} else {
			off[i] = math.NaN()
		}
		unix[i] = int(h.Time.Unix())
		bpm[i] = h.BPM
		if h.Context == wearnb.ContextUnknown {
			ctx[i] = na
		} else {
			ctx[i] = string(h.Context)
		}
	}
	return mustFrame(
		series.New(provider, series.String, "provider"),
		series.New(date, series.String, "date"),
		series.New(local, series.String, "time_local"),
		series.New(off, series.Int, "utc_offset_min"),
		series.New(unix, series.Int, "time_unix"),
		series.New(bpm, series.Float, "bpm"),
		series.New(ctx, series.String, "context"),
	)
}

func cmpHR(a, b *wearnb.HeartRate) int {
	return cmp.Or(a.Time.Compare(b.Time), cmp.Compare(a.Provider, b.Provider))
}

// dayKey identifies the local calendar day of t (its own offset).
func dayKey(t time.Time) int64 {
	y, m, d := t.Date()
	return int64(y)*10000 + int64(m)*100 + int64(d)
}

// optF is o's value, or NaN when missing.
func optF(o wearnb.Opt[float64]) float64 { return o.Or(math.NaN()) }

// NightlyVitals returns one row per sleep's vitals, by date (then start).
// Vitals a provider keys by date and that were not attached to a sleep
// (see wearnb.AttachVitals) have NaN in the sleep columns. Empty input
// gives an empty frame with every column:
//
//	| column            | type   | meaning                                                  |
//	|-------------------|--------|----------------------------------------------------------|
//	| provider          | String | "oura", "fitbit", "googlehealth"                         |
//	| sleep_id          | String | the sleep's id at the provider; NaN when keyed by date   |
//	| date              | String | the sleep's date (local date it ends on)                 |
//	| start_local       | String | the sleep's start, local wall clock; NaN when unknown    |
//	| utc_offset_min    | Int    | UTC offset at the start, minutes; NaN when unknown       |
//	| start_unix        | Int    | the sleep's start, unix seconds; NaN when unknown        |
//	| lowest_hr_bpm     | Float  | lowest heart rate of the night                           |
//	| avg_hr_bpm        | Float  | mean heart rate of the night                             |
//	| hrv_rmssd_ms      | Float  | heart-rate variability, RMSSD, ms                        |
//	| resp_rate_per_min | Float  | respiratory rate, breaths per minute                     |
//	| skin_temp_dev_c   | Float  | skin temperature minus the person's baseline, °C         |
//
// Each measure is NaN when the provider did not send it (Fitbit and Google
// Health send no nightly heart rate; naps have no temperature).
func NightlyVitals(vitals []wearnb.Vitals) dataframe.DataFrame {
	rows := sortedRefs(vitals, func(a, b *wearnb.Vitals) int {
		return cmp.Or(a.Date.Sub(b.Date), a.Start.Compare(b.Start), cmp.Compare(a.Provider, b.Provider))
	})
	n := len(rows)
	provider, id, date, start := make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	off, unix := make([]float64, n), make([]float64, n)
	var m [5][]float64
	for k := range m {
		m[k] = make([]float64, n)
	}
	for i, v := range rows {
		provider[i], id[i], date[i] = v.Provider, cmp.Or(v.SleepID, na), v.Date.String()
		if v.Start.IsZero() {
			start[i], off[i], unix[i] = na, math.NaN(), math.NaN()
		} else {
			start[i], off[i], unix[i] = local(v.Start), float64(offsetMin(v.Start)), float64(v.Start.Unix())
		}
		for k, o := range []wearnb.Opt[float64]{v.LowestHR, v.AverageHR, v.AverageHRV, v.RespiratoryRate, v.SkinTempDev} {
			m[k][i] = optF(o)
		}
	}
	return mustFrame(
		series.New(provider, series.String, "provider"),
		series.New(id, series.String, "sleep_id"),
		series.New(date, series.String, "date"),
		series.New(start, series.String, "start_local"),
		series.New(off, series.Int, "utc_offset_min"),
		series.New(unix, series.Int, "start_unix"),
		series.New(m[0], series.Float, "lowest_hr_bpm"),
		series.New(m[1], series.Float, "avg_hr_bpm"),
		series.New(m[2], series.Float, "hrv_rmssd_ms"),
		series.New(m[3], series.Float, "resp_rate_per_min"),
		series.New(m[4], series.Float, "skin_temp_dev_c"),
	)
}
