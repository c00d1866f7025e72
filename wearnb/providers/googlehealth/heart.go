package googlehealth

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/providers/base"
)

// The heart-rate family and the daily vitals, named as the discovery
// document health:v4 (revision 20260527) names them: data type ids in
// kebab-case in URLs, snake_case in filters, camelCase value fields.

// Data types of the heart-rate family and the nightly vitals (also the
// endpoint names in errors).
const (
	EndpointHeartRate            = "heart-rate"                          // sample type: heartRate
	EndpointRestingHeartRate     = "daily-resting-heart-rate"            // daily: dailyRestingHeartRate
	EndpointDailyHRV             = "daily-heart-rate-variability"        // daily: dailyHeartRateVariability
	EndpointDailyRespiratoryRate = "daily-respiratory-rate"              // daily: dailyRespiratoryRate
	EndpointSleepTemperature     = "daily-sleep-temperature-derivations" // daily: dailySleepTemperatureDerivations
)

// Chunk sizes of the heart-rate streams. The list method has no range
// limit; a heart-rate chunk of 7 days is about 10 000 one-minute samples,
// one or two pages of [HeartRatePageSize]; a year of daily vitals is one
// page of each type (default page size 1440).
const (
	HeartRateStreamDays = 7
	VitalsStreamDays    = 365
	HeartRatePageSize   = 10000 // the list method's maximum
)

// SampleTime is when a sample was taken: the instant, the UTC offset of
// where the person was, and (output only) the civil time.
type SampleTime struct {
	PhysicalTime Timestamp      `json:"physicalTime"`
	UTCOffset    Offset         `json:"utcOffset"`
	CivilTime    *CivilDateTime `json:"civilTime,omitempty"`
}

// HeartRateSample is the value of a heart-rate data point. BeatsPerMinute
// is nil when absent (no reading).
type HeartRateSample struct {
	SampleTime     SampleTime         `json:"sampleTime"`
	BeatsPerMinute *Int64             `json:"beatsPerMinute"`
	Metadata       *HeartRateMetadata `json:"metadata,omitempty"`
}

// HeartRateMetadata says how a heart-rate sample was taken.
type HeartRateMetadata struct {
	MotionContext  string `json:"motionContext,omitempty"`  // "ACTIVE", "SEDENTARY"
	SensorLocation string `json:"sensorLocation,omitempty"` // "WRIST", ...
}

// DailyRestingHeartRate is the value of a daily-resting-heart-rate point.
type DailyRestingHeartRate struct {
	Date           CivilDate `json:"date"`
	BeatsPerMinute *Int64    `json:"beatsPerMinute"`
	Metadata       *struct {
		CalculationMethod string `json:"calculationMethod,omitempty"` // "WITH_SLEEP", "ONLY_WITH_AWAKE_DATA"
	} `json:"dailyRestingHeartRateMetadata,omitempty"`
}

// DailyHeartRateVariability is the value of a daily-heart-rate-variability
// point: the main sleep's heart-rate variability, ms.
type DailyHeartRateVariability struct {
	Date                       CivilDate `json:"date"`
	AverageMilliseconds        *float64  `json:"averageHeartRateVariabilityMilliseconds"`
	DeepSleepRMSSDMilliseconds *float64  `json:"deepSleepRootMeanSquareOfSuccessiveDifferencesMilliseconds"`
	Entropy                    *float64  `json:"entropy"`
	NonREMBeatsPerMinute       *Int64    `json:"nonRemHeartRateBeatsPerMinute"`
}

// DailyRespiratoryRate is the value of a daily-respiratory-rate point: the
// main sleep's breaths per minute.
type DailyRespiratoryRate struct {
	Date             CivilDate `json:"date"`
	BreathsPerMinute *float64  `json:"breathsPerMinute"`
}

// DailySleepTemperatureDerivations is the value of a
// daily-sleep-temperature-derivations point, °C. The baseline is the 30-day
// median of the nightly temperature.
type DailySleepTemperatureDerivations struct {
	Date                            CivilDate `json:"date"`
	NightlyTemperatureCelsius       *float64  `json:"nightlyTemperatureCelsius"`
	BaselineTemperatureCelsius      *float64  `json:"baselineTemperatureCelsius"`
	RelativeNightlyStddev30dCelsius *float64  `json:"relativeNightlyStddev30dCelsius"`
}

// civilDate returns d as a wearnb.Date; ok is false for a missing or
// impossible date.
func (d CivilDate) civilDate() (wearnb.Date, bool) {
	if d.Year < 1 || d.Month < 1 || d.Month > 12 || d.Day < 1 || d.Day > 31 {
		return wearnb.Date{}, false
	}
	out := wearnb.Date{Year: d.Year, Month: time.Month(d.Month), Day: d.Day}
	return out, wearnb.DateOf(out.In(time.UTC)) == out
}

// HeartRateFilter is the filter for heart-rate samples taken (local time)
// on a date in r.
func HeartRateFilter(r wearnb.Range) string {
	return "heart_rate.sample_time.civil_time >= " + civil(r.From) + " AND heart_rate.sample_time.civil_time < " + civil(r.To.AddDays(1))
}

// DailyFilter is the filter for the points of daily data type dataType
// ("daily-resting-heart-rate", ...) dated in r.
func DailyFilter(dataType string, r wearnb.Range) string {
	f := strings.ReplaceAll(dataType, "-", "_") + ".date"
	return f + ` >= "` + r.From.String() + `" AND ` + f + ` <= "` + r.To.String() + `"`
}

// HeartRate lists the heart-rate samples taken on a date of r (pages of
// [HeartRatePageSize]) and normalizes them (see [NormalizeHeartRate]). Raw
// holds every page. An empty range gives an empty batch without a request.
// It is the "heart-rate" stream's Fetch.
func (c *Client) HeartRate(ctx context.Context, r wearnb.Range) (*wearnb.Batch, error) {
	c, b := c.recording()
	b.HeartRate = []wearnb.HeartRate{}
	if base.Empty(r) {
		return b, nil
	}
	points, err := c.List(ctx, EndpointHeartRate, HeartRateFilter(r), HeartRatePageSize)
	if err != nil {
		return nil, err
	}
	if b.HeartRate, err = NormalizeHeartRate(points); err != nil {
		return nil, err
	}
	return b, nil
}

// NormalizeHeartRate maps heart-rate data points (any order) to
// wearnb.HeartRate samples in time order: Time is physicalTime at
// utcOffset (Local true), BPM beatsPerMinute, Context awake for
// motionContext ACTIVE (moving) and unknown otherwise (SEDENTARY says
// nothing of sleep). A point without beatsPerMinute is no reading and is
// left out; one without a time, or with a bpm outside 1..300, is a
// *fetch.DecodeError naming the field.
func NormalizeHeartRate(points []DataPoint) ([]wearnb.HeartRate, error) {
	out := make([]wearnb.HeartRate, 0, len(points))
	for i := range points {
		h := points[i].HeartRate
		if h == nil || h.BeatsPerMinute == nil {
			continue
		}
		f := fmt.Sprintf("dataPoints[%d].heartRate", i)
		if h.SampleTime.PhysicalTime.IsZero() {
			return nil, fieldErrorf(EndpointHeartRate, f+".sampleTime.physicalTime", "missing sample time")
		}
		bpm := *h.BeatsPerMinute
		if bpm < 1 || bpm > 300 {
			return nil, fieldErrorf(EndpointHeartRate, f+".beatsPerMinute", "heart rate %d bpm out of range", bpm)
		}
		ctx := wearnb.ContextUnknown
		if h.Metadata != nil && h.Metadata.MotionContext == "ACTIVE" {
			ctx = wearnb.ContextAwake
		}
		out = append(out, wearnb.HeartRate{
			Provider: Name, Time: local(h.SampleTime.PhysicalTime.Time, h.SampleTime.UTCOffset), Local: true,
			BPM: float64(bpm), Context: ctx,
		})
	}
	return wearnb.SortHeartRate(out), nil
}

// Vitals lists the daily heart-rate variability, respiratory rate and
// sleep temperature derivations dated in r (one request each per
// [VitalsStreamDays] days, one page) and joins them per date with
// [NormalizeVitals]. Raw holds every page. An empty range gives an empty
// batch without a request. It is the "vitals" stream's Fetch.
func (c *Client) Vitals(ctx context.Context, r wearnb.Range) (*wearnb.Batch, error) {
	c, b := c.recording()
	b.Vitals = []wearnb.Vitals{}
	if base.Empty(r) {
		return b, nil
	}
	var all []DataPoint
	for _, typ := range []string{EndpointDailyHRV, EndpointDailyRespiratoryRate, EndpointSleepTemperature} {
		points, err := c.List(ctx, typ, DailyFilter(typ, r), 0)
		if err != nil {
			return nil, err
		}
		all = append(all, points...)
	}
	for _, v := range NormalizeVitals(all) {
		if r.Contains(v.Date) {
			b.Vitals = append(b.Vitals, v)
		}
	}
	return b, nil
}

// NormalizeVitals joins daily vitals points (any types, any order) into
// one wearnb.Vitals per date, in date order: AverageHRV from
// averageHeartRateVariabilityMilliseconds, RespiratoryRate from
// breathsPerMinute, SkinTempDev from nightlyTemperatureCelsius −
// baselineTemperatureCelsius (Google sends no deviation of its own; this is
// the same idea as Fitbit's nightlyRelative), each missing when not sent.
// Google computes them for the date's main sleep and names no sleep:
// SleepID is empty and Start zero. It has no nightly lowest or average
// heart rate: LowestHR and AverageHR stay missing. Points without a valid
// date are left out.
func NormalizeVitals(points []DataPoint) []wearnb.Vitals {
	byDate := map[wearnb.Date]*wearnb.Vitals{}
	at := func(cd CivilDate) *wearnb.Vitals {
		d, ok := cd.civilDate()
		if !ok {
			return &wearnb.Vitals{} // thrown away
		}
		v := byDate[d]
		if v == nil {
			v = &wearnb.Vitals{Provider: Name, Date: d}
			byDate[d] = v
		}
		return v
	}
	for i := range points {
		p := &points[i]
		if h := p.DailyHeartRateVariability; h != nil && h.AverageMilliseconds != nil {
			at(h.Date).AverageHRV = wearnb.Some(*h.AverageMilliseconds)
		}
		if r := p.DailyRespiratoryRate; r != nil && r.BreathsPerMinute != nil {
			at(r.Date).RespiratoryRate = wearnb.Some(*r.BreathsPerMinute)
		}
		if t := p.DailySleepTemperatureDerivations; t != nil && t.NightlyTemperatureCelsius != nil && t.BaselineTemperatureCelsius != nil {
			at(t.Date).SkinTempDev = wearnb.Some(*t.NightlyTemperatureCelsius - *t.BaselineTemperatureCelsius)
		}
	}
	out := make([]wearnb.Vitals, 0, len(byDate))
	for _, v := range byDate {
		out = append(out, *v)
	}
	slices.SortFunc(out, func(a, b wearnb.Vitals) int { return a.Date.Sub(b.Date) })
	return out
}

// RestingHeartRate lists the daily resting heart rate dated in r (one
// page a year) and returns it per date; a point without beatsPerMinute or
// a valid date is left out.
func (c *Client) RestingHeartRate(ctx context.Context, r wearnb.Range) (map[wearnb.Date]float64, error) {
	out := map[wearnb.Date]float64{}
	if base.Empty(r) {
		return out, nil
	}
	points, err := c.List(ctx, EndpointRestingHeartRate, DailyFilter(EndpointRestingHeartRate, r), 0)
	if err != nil {
		return nil, err
	}
	for _, p := range points {
		if h := p.DailyRestingHeartRate; h != nil && h.BeatsPerMinute != nil {
			if d, ok := h.Date.civilDate(); ok && r.Contains(d) {
				out[d] = float64(*h.BeatsPerMinute)
			}
		}
	}
	return out, nil
}
