package googlehealth

import "encoding/json"

// Wire types: the JSON shapes of the Google Health API v4 (discovery
// "health:v4") for the sleep and steps data types, field for field. int64
// fields are JSON strings ([Int64]); times are UTC with separate offsets.

// ListResponse is one page of GET
// /v4/users/me/dataTypes/{type}/dataPoints: newest first, with a
// NextPageToken until the last page.
type ListResponse struct {
	DataPoints    []DataPoint `json:"dataPoints"`
	NextPageToken string      `json:"nextPageToken,omitempty"`
}

// DataPoint is one data point; exactly one of the data fields is set, the
// one of its data type.
type DataPoint struct {
	// Name is "users/{user}/dataTypes/{type}/dataPoints/{id}" for
	// identifiable types such as sleep; empty for steps.
	Name       string      `json:"name,omitempty"`
	DataSource *DataSource `json:"dataSource,omitempty"`
	Sleep      *Sleep      `json:"sleep,omitempty"`
	Steps      *Steps      `json:"steps,omitempty"`

	// The heart-rate family and the daily vitals (see heart.go).
	HeartRate                        *HeartRateSample                  `json:"heartRate,omitempty"`
	DailyRestingHeartRate            *DailyRestingHeartRate            `json:"dailyRestingHeartRate,omitempty"`
	DailyHeartRateVariability        *DailyHeartRateVariability        `json:"dailyHeartRateVariability,omitempty"`
	DailyRespiratoryRate             *DailyRespiratoryRate             `json:"dailyRespiratoryRate,omitempty"`
	DailySleepTemperatureDerivations *DailySleepTemperatureDerivations `json:"dailySleepTemperatureDerivations,omitempty"`
}

// DataSource says where a data point came from.
type DataSource struct {
	Application     json.RawMessage `json:"application,omitempty"`
	Device          *Device         `json:"device,omitempty"`
	Platform        string          `json:"platform,omitempty"`        // "FITBIT", "HEALTH_CONNECT", ...
	RecordingMethod string          `json:"recordingMethod,omitempty"` // "PASSIVELY_MEASURED", "MANUAL", ...
}

// Device describes the recording device.
type Device struct {
	DisplayName  string `json:"displayName,omitempty"`
	FormFactor   string `json:"formFactor,omitempty"` // "FITNESS_BAND", "WATCH", "RING", ...
	Manufacturer string `json:"manufacturer,omitempty"`
}

// Interval is a SessionTimeInterval / ObservationTimeInterval: UTC
// instants with the user's UTC offsets at each end, and the same moments as
// civil (local) date-times.
type Interval struct {
	StartTime      Timestamp      `json:"startTime"`
	StartUTCOffset Offset         `json:"startUtcOffset"`
	EndTime        Timestamp      `json:"endTime"`
	EndUTCOffset   Offset         `json:"endUtcOffset"`
	CivilStartTime *CivilDateTime `json:"civilStartTime,omitempty"`
	CivilEndTime   *CivilDateTime `json:"civilEndTime,omitempty"`
}

// CivilDateTime is a local date and time of day without a zone.
type CivilDateTime struct {
	Date CivilDate `json:"date"`
	Time TimeOfDay `json:"time"`
}

// CivilDate is a google.type.Date.
type CivilDate struct {
	Year  int `json:"year"`
	Month int `json:"month"`
	Day   int `json:"day"`
}

// TimeOfDay is a google.type.TimeOfDay.
type TimeOfDay struct {
	Hours   int `json:"hours,omitempty"`
	Minutes int `json:"minutes,omitempty"`
	Seconds int `json:"seconds,omitempty"`
	Nanos   int `json:"nanos,omitempty"`
}

// Sleep is a sleep session with stages.
type Sleep struct {
	Interval         Interval          `json:"interval"`
	Type             string            `json:"type,omitempty"` // "CLASSIC" or "STAGES"
	Stages           []SleepStage      `json:"stages,omitempty"`
	OutOfBedSegments []json.RawMessage `json:"outOfBedSegments,omitempty"`
	Summary          *SleepSummary     `json:"summary,omitempty"`
	Metadata         *SleepMetadata    `json:"metadata,omitempty"`
	CreateTime       string            `json:"createTime,omitempty"`
	UpdateTime       string            `json:"updateTime,omitempty"`
}

// Sleep types and stage types.
const (
	TypeClassic = "CLASSIC"
	TypeStages  = "STAGES"

	StageAwake    = "AWAKE"
	StageLight    = "LIGHT"
	StageDeep     = "DEEP"
	StageREM      = "REM"
	StageAsleep   = "ASLEEP"
	StageRestless = "RESTLESS"
)

// SleepStage is one contiguous stage segment.
type SleepStage struct {
	StartTime      Timestamp `json:"startTime"`
	StartUTCOffset Offset    `json:"startUtcOffset"`
	EndTime        Timestamp `json:"endTime"`
	EndUTCOffset   Offset    `json:"endUtcOffset"`
	Type           string    `json:"type"`
	CreateTime     string    `json:"createTime,omitempty"`
	UpdateTime     string    `json:"updateTime,omitempty"`
}

// SleepSummary holds Google's minutes for the session. Each is nil when
// the summary does not send it.
type SleepSummary struct {
	MinutesAfterWakeUp   *Int64         `json:"minutesAfterWakeUp,omitempty"`
	MinutesAsleep        *Int64         `json:"minutesAsleep,omitempty"`
	MinutesAwake         *Int64         `json:"minutesAwake,omitempty"`
	MinutesInSleepPeriod *Int64         `json:"minutesInSleepPeriod,omitempty"`
	MinutesToFallAsleep  *Int64         `json:"minutesToFallAsleep,omitempty"`
	StagesSummary        []StageSummary `json:"stagesSummary,omitempty"`
}

// StageSummary totals one stage type.
type StageSummary struct {
	Count   Int64  `json:"count"`
	Minutes Int64  `json:"minutes"`
	Type    string `json:"type"`
}

// SleepMetadata says how the session was processed. Nap is true for naps.
type SleepMetadata struct {
	ExternalID     string `json:"externalId,omitempty"`
	ManuallyEdited bool   `json:"manuallyEdited"`
	Nap            bool   `json:"nap"`
	Processed      bool   `json:"processed"`
	StagesStatus   string `json:"stagesStatus,omitempty"` // "SUCCEEDED", "REJECTED_NAP", ...
}

// Steps is a step count over an interval (one minute for device data).
// Count is nil when the point does not send it.
type Steps struct {
	Count    *Int64   `json:"count,omitempty"`
	Interval Interval `json:"interval"`
}
