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
	sets := newDaySets(a, r, func() *fitbit.HeartIntraday {
		return &fitbit.HeartIntraday{DatasetInterval: 1, DatasetType: "minute"}
	})
	for _, x := range windowOf(a.HeartRate, func(h HeartSample) time.Time { return h.At }, r) {
		if in, clock := sets.at(x.At); in != nil {
			in.Dataset = append(in.Dataset, fitbit.HeartPoint{Time: clock, Value: wearnb.Some(fitbit.Number(x.BPM))})
		}
	}
	out, err := normalizeSets(sets, fitbit.NormalizeHeartRate)
	if err != nil {
		return nil, err
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
	hrv := inRange(a.HRV, r, func(x HRVDay) (d fitbit.HRVDay) {
		d.DateTime, d.Value.DailyRmssd = fitbit.Day{Date: x.Date}, &x.RMSSD
		return d
	})
	br := inRange(a.RespiratoryRate, r, func(x DayValue) (d fitbit.BreathingRateDay) {
		d.DateTime, d.Value.BreathingRate = fitbit.Day{Date: x.Date}, &x.Value
		return d
	})
	temp := inRange(a.SkinTemp, r, func(x DayValue) (d fitbit.SkinTempDay) {
		d.DateTime, d.Value.NightlyRelative = fitbit.Day{Date: x.Date}, &x.Value
		return d
	})
	return slices.Clip(fitbit.NormalizeVitals(hrv, br, temp))
}

// dated is a daily summary of the archive.
type dated interface{ date() wearnb.Date }

func (x HRVDay) date() wearnb.Date   { return x.Date }
func (x DayValue) date() wearnb.Date { return x.Date }

// inRange returns the summaries of xs dated in r, each turned by wire into
// the API's shape (nil when there are none).
func inRange[S dated, D any](xs []S, r wearnb.Range, wire func(S) D) []D {
	var out []D
	for _, x := range xs {
		if r.Contains(x.date()) {
			out = append(out, wire(x))
		}
	}
	return out
}
