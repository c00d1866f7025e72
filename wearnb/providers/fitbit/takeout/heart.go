package takeout

import (
	"slices"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/providers/fitbit"
)

// heartRate turns the per-minute heart rate of each local date of r into
// an intraday dataset of local clock times, as the API's 1-minute heart
// rate gives it, and normalizes it with fitbit.NormalizeHeartRate. A date
// spent in two zones (a travel day) gives one dataset per zone.
func (a *Archive) heartRate(r wearnb.Range) ([]wearnb.HeartRate, error) {
	type key struct {
		date wearnb.Date
		zone string
	}
	sets := map[key]*fitbit.HeartIntraday{}
	locs := map[key]*time.Location{}
	var order []key
	for _, x := range windowOf(a.HeartRate, func(h HeartSample) time.Time { return h.At }, r) {
		loc := a.zoneAt(x.At)
		t := x.At.In(loc)
		d := wearnb.DateOf(t)
		if !r.Contains(d) {
			continue
		}
		k := key{d, loc.String()}
		in := sets[k]
		if in == nil {
			in = &fitbit.HeartIntraday{DatasetInterval: 1, DatasetType: "minute"}
			sets[k], locs[k] = in, loc
			order = append(order, k)
		}
		// Wall-clock time since midnight, as the API's dataset gives it.
		clock := time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute + time.Duration(t.Second())*time.Second
		in.Dataset = append(in.Dataset, fitbit.HeartPoint{Time: fitbit.ClockTime(clock), Value: wearnb.Some(fitbit.Number(x.BPM))})
	}
	out := []wearnb.HeartRate{}
	for _, k := range order {
		h, err := fitbit.NormalizeHeartRate(k.date, sets[k], locs[k])
		if err != nil {
			return nil, err
		}
		out = append(out, h...)
	}
	return wearnb.SortHeartRate(out), nil
}

// vitals joins the nightly summaries dated in r with
// fitbit.NormalizeVitals, as the client joins the API's HRV, breathing-rate
// and skin-temperature summaries: AverageHRV from the HRV summary's rmssd,
// RespiratoryRate from the daily respiratory rate, SkinTempDev from the
// computed temperature, each keyed by date (the cache attaches them to the
// date's main sleep). The HRV summary's nremhr is the heart rate of non-REM
// sleep only, not the night's mean: AverageHR stays missing, as from the
// API. Daily SpO2 has no field in wearnb.Vitals and stays in [Archive].
func (a *Archive) vitals(r wearnb.Range) []wearnb.Vitals {
	var hrv []fitbit.HRVDay
	for _, x := range a.HRV {
		if r.Contains(x.Date) {
			var d fitbit.HRVDay
			d.DateTime = fitbit.Day{Date: x.Date}
			v := x.RMSSD
			d.Value.DailyRmssd = &v
			hrv = append(hrv, d)
		}
	}
	var br []fitbit.BreathingRateDay
	for _, x := range a.RespiratoryRate {
		if r.Contains(x.Date) {
			var d fitbit.BreathingRateDay
			d.DateTime = fitbit.Day{Date: x.Date}
			v := x.Value
			d.Value.BreathingRate = &v
			br = append(br, d)
		}
	}
	var temp []fitbit.SkinTempDay
	for _, x := range a.SkinTemp {
		if r.Contains(x.Date) {
			var d fitbit.SkinTempDay
			d.DateTime = fitbit.Day{Date: x.Date}
			v := x.Value
			d.Value.NightlyRelative = &v
			temp = append(temp, d)
		}
	}
	return slices.Clip(fitbit.NormalizeVitals(hrv, br, temp))
}
