package wearnb

import (
	"slices"
	"time"
)

// HRContext is what the person was doing when a heart-rate sample was
// taken, as the provider says it. Most samples carry none (ContextUnknown).
type HRContext string

// Heart-rate contexts. Providers with other words are mapped onto these:
// Oura's "session" (a guided session, sitting still) is rest and its "live"
// (a reading the app asked for) is awake; Google's motionContext ACTIVE is
// awake, SEDENTARY says nothing of sleep or wake and stays unknown.
const (
	ContextUnknown HRContext = ""        // the provider did not say
	ContextSleep   HRContext = "sleep"   // asleep, or in bed during a sleep period
	ContextRest    HRContext = "rest"    // resting while awake (a nap, a rest period, a session)
	ContextAwake   HRContext = "awake"   // awake, going about the day
	ContextWorkout HRContext = "workout" // during a recorded workout
)

// HeartRate is one heart-rate sample.
//
// Time is the instant of the reading. When the provider says where the
// person was (Fitbit's local clock, Google's utcOffset), Time carries that
// local UTC offset (a fixed zone) and Local is true; when it does not (Oura's
// heartrate sends UTC only), Time is in UTC and Local is false, so a zero
// offset is never mistaken for "in London". The local date of a sample
// ([HeartRate.Date]) is then its UTC date.
type HeartRate struct {
	Provider string
	Time     time.Time
	Local    bool      // Time carries the person's local UTC offset
	BPM      float64   // beats per minute
	Context  HRContext // ContextUnknown unless the provider says
}

// UTCOffset returns the local UTC offset of the sample and whether the
// provider said it.
func (h HeartRate) UTCOffset() (time.Duration, bool) {
	if !h.Local {
		return 0, false
	}
	_, off := h.Time.Zone()
	return time.Duration(off) * time.Second, true
}

// Date is the local date of the sample (its UTC date when the offset is
// unknown): what the cache and the frames date it by.
func (h HeartRate) Date() Date { return DateOf(h.Time) }

// Vitals are the nightly vitals of one sleep: what the provider computed
// over the night. Every measure is an [Opt]: missing when the provider did
// not send it, never 0.
//
// Oura computes them per sleep period (SleepID is the sleep document's id,
// Start its bedtime_start). Fitbit and Google Health compute them for the
// date's main sleep and key them by date alone: SleepID is empty and Start
// zero, and the cache's reader attaches them to the main sleep of Date
// (see cache.Cache.Vitals).
type Vitals struct {
	Provider string
	SleepID  string    // the provider's id of the sleep; "" when keyed by date
	Date     Date      // the sleep's date: the local date it ends on
	Start    time.Time // the sleep's start; zero when keyed by date

	LowestHR  Opt[float64] // lowest heart rate of the night, bpm
	AverageHR Opt[float64] // mean heart rate of the night, bpm
	// AverageHRV is heart-rate variability as RMSSD, ms: Oura's
	// average_hrv, Fitbit's dailyRmssd, Google's
	// averageHeartRateVariabilityMilliseconds.
	AverageHRV Opt[float64]
	// RespiratoryRate is breaths per minute over the night.
	RespiratoryRate Opt[float64]
	// SkinTempDev is the night's skin temperature minus the person's
	// baseline, °C: Oura's readiness temperature_deviation, Fitbit's
	// nightlyRelative, Google's nightlyTemperatureCelsius −
	// baselineTemperatureCelsius.
	SkinTempDev Opt[float64]
}

// Key is how vitals are told apart: SleepID when the provider names the
// sleep, else "date:" and the date.
func (v Vitals) Key() string {
	if v.SleepID != "" {
		return v.SleepID
	}
	return "date:" + v.Date.String()
}

// AttachVitals returns vs with every vitals record keyed by date alone
// (SleepID empty) attached to the main sleep of its date in sleeps (the first, if
// several are main): SleepID and Start are taken from it. Records already naming a sleep, and those of
// a date without a main sleep, are kept as they are. vs is not changed.
func AttachVitals(vs []Vitals, sleeps []Sleep) []Vitals {
	main := map[Date]*Sleep{}
	for i := range sleeps {
		if s := &sleeps[i]; s.IsMain {
			if _, seen := main[s.Date]; !seen {
				main[s.Date] = s
			}
		}
	}
	out := slices.Clone(vs)
	for i := range out {
		v := &out[i]
		if v.SleepID != "" {
			continue
		}
		if s, ok := main[v.Date]; ok {
			v.SleepID, v.Start = s.SourceID, s.Start
		}
	}
	return out
}

// SortHeartRate sorts samples by instant, in place, and drops every sample
// at the same instant as the one before it (a provider page that repeats a
// reading). It returns the shortened slice.
func SortHeartRate(hs []HeartRate) []HeartRate {
	slices.SortStableFunc(hs, func(a, b HeartRate) int { return a.Time.Compare(b.Time) })
	return slices.CompactFunc(hs, func(a, b HeartRate) bool { return a.Time.Equal(b.Time) })
}
