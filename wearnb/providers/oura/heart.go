package oura

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"wearnb.dev/wearnb"
)

// HeartRateMaxDays is the longest range one "heartrate" chunk covers. Oura
// documents no limit; one report has ranges over 30 days fail, so a chunk
// stays at 30 days (a few pages of samples), following next_token.
const HeartRateMaxDays = 30

// HeartRate fetches the heart-rate samples of the UTC days of r
// (start_datetime r.From 00:00Z, end_datetime the day after r.To 00:00Z:
// Oura sends UTC timestamps and says nothing of where the person was, so a
// sample's date is its UTC date) and normalizes them (see
// [NormalizeHeartRate]), in time order. Raw holds every page. It is the
// "heartrate" stream's Fetch.
func (c *Client) HeartRate(ctx context.Context, r wearnb.Range) (*wearnb.Batch, error) {
	if r.From.IsZero() || r.To.IsZero() || r.To.Before(r.From) {
		return nil, fmt.Errorf("oura: heartrate: bad range %v", r)
	}
	from, to := r.From.In(time.UTC), r.To.AddDays(1).In(time.UTC)
	q := url.Values{}
	q.Set("start_datetime", from.Format(time.RFC3339))
	q.Set("end_datetime", to.Format(time.RFC3339))
	docs, raw, err := collect(ctx, c, "heartrate", "heartrate "+r.String(), q, func(h *HeartRate) bool {
		return !h.Timestamp.Before(from) && h.Timestamp.Before(to)
	})
	if err != nil {
		return nil, err
	}
	return &wearnb.Batch{Raw: raw, HeartRate: NormalizeHeartRate(docs)}, nil
}

// NormalizeHeartRate maps heartrate readings to wearnb.HeartRate samples in
// time order: Time is the timestamp in UTC with Local false (Oura does not
// say where the person was), Context from source (sleep → sleep; rest and
// session → rest; awake and live → awake; workout → workout; anything else
// unknown). A reading without a bpm (null) or without a timestamp is no
// sample and is left out; two readings at one instant give the first.
func NormalizeHeartRate(docs []HeartRate) []wearnb.HeartRate {
	out := make([]wearnb.HeartRate, 0, len(docs))
	for i := range docs {
		h := &docs[i]
		if h.BPM == nil || h.Timestamp.IsZero() {
			continue
		}
		out = append(out, wearnb.HeartRate{
			Provider: Name, Time: h.Timestamp.UTC(), BPM: float64(*h.BPM), Context: ouraContext(h.Source),
		})
	}
	return wearnb.SortHeartRate(out)
}

func ouraContext(source string) wearnb.HRContext {
	switch source {
	case "sleep":
		return wearnb.ContextSleep
	case "rest", "session":
		return wearnb.ContextRest
	case "awake", "live":
		return wearnb.ContextAwake
	case "workout":
		return wearnb.ContextWorkout
	}
	return wearnb.ContextUnknown
}

// Vitals maps the nightly figures of one sleep document to wearnb.Vitals:
// lowest_heart_rate, average_heart_rate, average_hrv (RMSSD, ms),
// average_breath and readiness.temperature_deviation, each missing when
// null or absent. SleepID is the document's id, Start bedtime_start, Date
// day (the local date of bedtime_end when day is absent), as in
// [SleepDoc.Normalize].
func (d *SleepDoc) Vitals() wearnb.Vitals {
	v := wearnb.Vitals{Provider: Name, SleepID: d.ID, Date: d.Day.Date, Start: d.BedtimeStart.Time}
	if v.Date.IsZero() && !d.BedtimeEnd.IsZero() {
		v.Date = wearnb.DateOf(d.BedtimeEnd.Time)
	}
	if d.LowestHeartRate != nil {
		v.LowestHR = wearnb.Some(float64(*d.LowestHeartRate))
	}
	if d.AverageHeartRate != nil {
		v.AverageHR = wearnb.Some(*d.AverageHeartRate)
	}
	if d.AverageHRV != nil {
		v.AverageHRV = wearnb.Some(float64(*d.AverageHRV))
	}
	if d.AverageBreath != nil {
		v.RespiratoryRate = wearnb.Some(*d.AverageBreath)
	}
	if d.Readiness != nil && d.Readiness.TemperatureDeviation != nil {
		v.SkinTempDev = wearnb.Some(*d.Readiness.TemperatureDeviation)
	}
	return v
}

// NormalizeVitals returns the vitals of every sleep document but deleted
// ones, in order.
func NormalizeVitals(docs []SleepDoc) []wearnb.Vitals {
	out := make([]wearnb.Vitals, 0, len(docs))
	for i := range docs {
		if docs[i].Type == SleepTypeDeleted {
			continue
		}
		out = append(out, docs[i].Vitals())
	}
	return out
}
