package oura

import (
	"encoding/json"
	"time"

	"wearnb.dev/wearnb/internal/wirejson"
)

// Page is one page of an Oura v2 collection response:
// {"data":[...],"next_token":null|"..."}.
type Page[T any] struct {
	Data []T `json:"data"`
	// NextToken is nil (JSON null or absent) on the last page; otherwise it is
	// passed back as the next_token query parameter to get the next page.
	NextToken *string `json:"next_token"`
}

// SleepType is the type of an Oura sleep period.
type SleepType string

// Sleep types, as documented. Only long_sleep is a main sleep; deleted
// periods are skipped by the normalizers.
const (
	SleepTypeLong    SleepType = "long_sleep"
	SleepTypeSleep   SleepType = "sleep"
	SleepTypeLateNap SleepType = "late_nap"
	SleepTypeRest    SleepType = "rest"
	SleepTypeDeleted SleepType = "deleted"
)

// SleepDoc is one document of /v2/usercollection/sleep: one sleep period.
// A day can have several (a long_sleep and naps). Durations are seconds.
// Pointer fields are null in some payloads; nil means "not reported".
type SleepDoc struct {
	ID   string    `json:"id"`
	Day  Day       `json:"day"`
	Type SleepType `json:"type"`
	// Period is the index of the sleep period within the day.
	Period int `json:"period"`

	// BedtimeStart and BedtimeEnd keep the UTC offset Oura sent, so a night
	// across a DST change has different offsets at its two ends.
	BedtimeStart Timestamp `json:"bedtime_start"`
	BedtimeEnd   Timestamp `json:"bedtime_end"`

	TimeInBed          *int `json:"time_in_bed"`
	TotalSleepDuration *int `json:"total_sleep_duration"` // may be null
	AwakeTime          *int `json:"awake_time"`
	Latency            *int `json:"latency"`
	DeepSleepDuration  *int `json:"deep_sleep_duration"`
	LightSleepDuration *int `json:"light_sleep_duration"`
	REMSleepDuration   *int `json:"rem_sleep_duration"`
	RestlessPeriods    *int `json:"restless_periods"`
	Efficiency         *int `json:"efficiency"` // percent

	AverageHeartRate *float64 `json:"average_heart_rate"` // bpm
	LowestHeartRate  *int     `json:"lowest_heart_rate"`  // bpm
	AverageHRV       *int     `json:"average_hrv"`        // ms
	AverageBreath    *float64 `json:"average_breath"`     // breaths per minute

	HeartRate *Samples `json:"heart_rate"` // bpm every Interval seconds
	HRV       *Samples `json:"hrv"`        // ms every Interval seconds

	// SleepPhase5Min has one character per 5 minutes from BedtimeStart:
	// '1' deep, '2' light, '3' REM, '4' awake.
	SleepPhase5Min *string `json:"sleep_phase_5_min"`
	// SleepPhase30Sec is the same at 30-second resolution (newer payloads).
	SleepPhase30Sec *string `json:"sleep_phase_30_sec"`
	// AppSleepPhase5Min is the hypnogram the Oura app shows (newer payloads).
	AppSleepPhase5Min *string `json:"app_sleep_phase_5_min"`
	// Movement30Sec has one character per 30 seconds, '1' (still) to '4'.
	Movement30Sec *string `json:"movement_30_sec"`

	LowBatteryAlert       bool              `json:"low_battery_alert"`
	Readiness             *ReadinessSummary `json:"readiness"`
	ReadinessScoreDelta   *float64          `json:"readiness_score_delta"`
	SleepScoreDelta       *float64          `json:"sleep_score_delta"`
	SleepAlgorithmVersion *string           `json:"sleep_algorithm_version"`
}

// ReadinessSummary is the readiness computed from one sleep period.
type ReadinessSummary struct {
	Contributors              ReadinessContributors `json:"contributors"`
	Score                     *int                  `json:"score"`
	TemperatureDeviation      *float64              `json:"temperature_deviation"`
	TemperatureTrendDeviation *float64              `json:"temperature_trend_deviation"`
}

// ReadinessContributors are the 1-100 sub-scores of a readiness score.
type ReadinessContributors struct {
	ActivityBalance     *int `json:"activity_balance"`
	BodyTemperature     *int `json:"body_temperature"`
	HRVBalance          *int `json:"hrv_balance"`
	PreviousDayActivity *int `json:"previous_day_activity"`
	PreviousNight       *int `json:"previous_night"`
	RecoveryIndex       *int `json:"recovery_index"`
	RestingHeartRate    *int `json:"resting_heart_rate"`
	SleepBalance        *int `json:"sleep_balance"`
}

// Samples is a regularly sampled series: Items[i] was measured at
// Timestamp + i*Interval seconds. Items may contain JSON null (nil here)
// where the ring had no reading.
type Samples struct {
	Interval  float64    `json:"interval"` // seconds
	Items     NullFloats `json:"items"`
	Timestamp Timestamp  `json:"timestamp"`
}

// NullFloats are the items of a [Samples]: one reading per slot, nil where
// the JSON has null.
type NullFloats []*float64

// UnmarshalJSON decodes a JSON array of numbers and nulls with one backing
// array for all the numbers (a night's series has hundreds), falling back to
// encoding/json for anything else so errors read as they always have.
func (f *NullFloats) UnmarshalJSON(b []byte) error {
	if v, ok := wirejson.NullableFloats(b); ok {
		*f = v
		return nil
	}
	return json.Unmarshal(b, (*[]*float64)(f))
}

// Point is one non-null reading of a Samples series.
type Point struct {
	Time  time.Time
	Value float64
}

// Points returns the non-null readings with their times, in order. Nulls are
// skipped, so the result may be shorter than Items.
func (s *Samples) Points() []Point {
	if s == nil {
		return nil
	}
	step := time.Duration(s.Interval * float64(time.Second))
	out := make([]Point, 0, len(s.Items))
	for i, v := range s.Items {
		if v == nil {
			continue
		}
		out = append(out, Point{Time: s.Timestamp.Add(time.Duration(i) * step), Value: *v})
	}
	return out
}

// DailySleep is one document of /v2/usercollection/daily_sleep: the sleep
// score of a day.
type DailySleep struct {
	ID           string                 `json:"id"`
	Day          Day                    `json:"day"`
	Score        *int                   `json:"score"`
	Timestamp    Timestamp              `json:"timestamp"`
	Contributors DailySleepContributors `json:"contributors"`
}

// DailySleepContributors are the 1-100 sub-scores of a sleep score.
type DailySleepContributors struct {
	DeepSleep   *int `json:"deep_sleep"`
	Efficiency  *int `json:"efficiency"`
	Latency     *int `json:"latency"`
	REMSleep    *int `json:"rem_sleep"`
	Restfulness *int `json:"restfulness"`
	Timing      *int `json:"timing"`
	TotalSleep  *int `json:"total_sleep"`
}

// DailyActivity is one document of /v2/usercollection/daily_activity. An
// Oura activity day starts at 04:00 local time (Timestamp). Times are
// seconds, distances metres, energy kcal. The fields DayMoves reads are
// pointers: nil when the document does not send them.
type DailyActivity struct {
	ID        string    `json:"id"`
	Day       Day       `json:"day"`
	Timestamp Timestamp `json:"timestamp"`
	Score     *int      `json:"score"`

	Steps                     *int     `json:"steps"`
	ActiveCalories            float64  `json:"active_calories"`
	TotalCalories             *float64 `json:"total_calories"`
	EquivalentWalkingDistance *float64 `json:"equivalent_walking_distance"` // metres
	MetersToTarget            float64  `json:"meters_to_target"`
	TargetCalories            float64  `json:"target_calories"`
	TargetMeters              float64  `json:"target_meters"`

	AverageMETMinutes        float64 `json:"average_met_minutes"`
	HighActivityMETMinutes   float64 `json:"high_activity_met_minutes"`
	MediumActivityMETMinutes float64 `json:"medium_activity_met_minutes"`
	LowActivityMETMinutes    float64 `json:"low_activity_met_minutes"`
	SedentaryMETMinutes      float64 `json:"sedentary_met_minutes"`

	HighActivityTime   *int `json:"high_activity_time"`   // seconds
	MediumActivityTime *int `json:"medium_activity_time"` // seconds
	LowActivityTime    *int `json:"low_activity_time"`    // seconds
	SedentaryTime      int  `json:"sedentary_time"`       // seconds
	RestingTime        int  `json:"resting_time"`         // seconds
	NonWearTime        int  `json:"non_wear_time"`        // seconds
	InactivityAlerts   int  `json:"inactivity_alerts"`

	Contributors ActivityContributors `json:"contributors"`

	// MET is the metabolic equivalent, one item per Interval (60) seconds
	// from its Timestamp.
	MET *Samples `json:"met"`
	// Class5Min has one character per 5 minutes from Timestamp: '0'
	// non-wear, '1' rest, '2' inactive, '3' low, '4' medium, '5' high.
	Class5Min *string `json:"class_5_min"`
}

// ActivityContributors are the 1-100 sub-scores of an activity score.
type ActivityContributors struct {
	MeetDailyTargets  *int `json:"meet_daily_targets"`
	MoveEveryHour     *int `json:"move_every_hour"`
	RecoveryTime      *int `json:"recovery_time"`
	StayActive        *int `json:"stay_active"`
	TrainingFrequency *int `json:"training_frequency"`
	TrainingVolume    *int `json:"training_volume"`
}

// HeartRate is one reading of /v2/usercollection/heartrate.
type HeartRate struct {
	// BPM is nil when Oura sends null (or nothing): no reading.
	BPM *int `json:"bpm"`
	// Source is one of awake, rest, sleep, session, live, workout.
	Source string `json:"source"`
	// Timestamp is in UTC (the spec's UtcDateTime): Oura does not say
	// where the person was.
	Timestamp Timestamp `json:"timestamp"`
	// TimestampUnix is the same instant in milliseconds (spec 1.29 on);
	// nil in older payloads.
	TimestampUnix *int64 `json:"timestamp_unix,omitempty"`
}

// Problem is Oura's RFC 7807 error body: {"status","title","detail"}.
// Validation errors (422) carry a list in detail; Detail then holds the
// messages joined by "; ".
type Problem struct {
	Status int    `json:"status"`
	Title  string `json:"title"`
	Detail string `json:"detail"`
}
