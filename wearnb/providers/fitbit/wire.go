package fitbit

// Wire types: the JSON shapes of the Fitbit Web API, field for field. They
// encode back to the same shape, so decoded pages can be cached or replayed.

// SleepResponse is the answer of the v1.2 sleep log by date or date range:
// GET /1.2/user/-/sleep/date/{date}.json and
// GET /1.2/user/-/sleep/date/{start}/{end}.json.
type SleepResponse struct {
	Sleep   []SleepLog   `json:"sleep"`
	Summary SleepSummary `json:"summary"`
}

// SleepSummary totals the logs of a sleep response. Stages is present when
// at least one log has stages.
type SleepSummary struct {
	Stages             *StageMinutes `json:"stages,omitempty"`
	TotalMinutesAsleep int           `json:"totalMinutesAsleep"`
	TotalSleepRecords  int           `json:"totalSleepRecords"`
	TotalTimeInBed     int           `json:"totalTimeInBed"`
}

// StageMinutes is minutes per stage in a [SleepSummary].
type StageMinutes struct {
	Deep  int `json:"deep"`
	Light int `json:"light"`
	REM   int `json:"rem"`
	Wake  int `json:"wake"`
}

// SleepLog is one sleep log (a night or a nap) in the v1.2 shape, which is
// also the shape of the data export's sleep-YYYY-MM-DD.json files.
//
// Timestamps are local without offset. Duration is in milliseconds, the
// minutes fields in minutes. Type is "stages" (levels deep, light, rem,
// wake) or "classic" (asleep, restless, awake). InfoCode 0 is fine, 1 not
// enough heart-rate data, 2 shorter than 3 hours, 3 server issue.
//
// The measured fields are pointers: nil when the log does not send them
// (or sends null), so a missing number never becomes 0.
type SleepLog struct {
	DateOfSleep         Day         `json:"dateOfSleep"`
	Duration            *int64      `json:"duration"`
	Efficiency          *int        `json:"efficiency"`
	StartTime           LocalTime   `json:"startTime"`
	EndTime             LocalTime   `json:"endTime"`
	InfoCode            int         `json:"infoCode"`
	IsMainSleep         bool        `json:"isMainSleep"`
	Levels              SleepLevels `json:"levels"`
	LogID               int64       `json:"logId"`
	LogType             string      `json:"logType,omitempty"` // "auto_detected" or "manual"
	MinutesAfterWakeup  *int        `json:"minutesAfterWakeup"`
	MinutesAsleep       *int        `json:"minutesAsleep"`
	MinutesAwake        *int        `json:"minutesAwake"`
	MinutesToFallAsleep *int        `json:"minutesToFallAsleep"`
	TimeInBed           *int        `json:"timeInBed"`
	Type                string      `json:"type"`
}

// Sleep log types.
const (
	TypeStages  = "stages"
	TypeClassic = "classic"
)

// SleepLevels is the stage timeline of a log. Data tiles the log; ShortData
// (stages logs only) marks short wakes (≤ 3 min) inside Data's segments.
type SleepLevels struct {
	Data      []LevelData  `json:"data"`
	ShortData []LevelData  `json:"shortData"`
	Summary   LevelSummary `json:"summary"`
}

// LevelData is one segment of a sleep timeline.
type LevelData struct {
	DateTime LocalTime `json:"dateTime"`
	Level    string    `json:"level"`
	Seconds  int       `json:"seconds"`
}

// LevelSummary counts segments and minutes per level: Deep, Light, REM and
// Wake for stages logs; Asleep, Awake and Restless for classic logs.
type LevelSummary struct {
	Deep     *LevelStat `json:"deep,omitempty"`
	Light    *LevelStat `json:"light,omitempty"`
	REM      *LevelStat `json:"rem,omitempty"`
	Wake     *LevelStat `json:"wake,omitempty"`
	Asleep   *LevelStat `json:"asleep,omitempty"`
	Awake    *LevelStat `json:"awake,omitempty"`
	Restless *LevelStat `json:"restless,omitempty"`
}

// LevelStat is one entry of a [LevelSummary]. ThirtyDayAvgMinutes is only
// sent for stages logs.
type LevelStat struct {
	Count               int  `json:"count"`
	Minutes             int  `json:"minutes"`
	ThirtyDayAvgMinutes *int `json:"thirtyDayAvgMinutes,omitempty"`
}

// SleepList is the answer of GET /1.2/user/-/sleep/list.json: one page of
// logs and the links to the neighbouring pages (no summary block).
type SleepList struct {
	Pagination Pagination `json:"pagination"`
	Sleep      []SleepLog `json:"sleep"`
}

// Pagination links the pages of a sleep list. Next and Previous are full
// URLs, empty at the ends.
type Pagination struct {
	AfterDate  string `json:"afterDate,omitempty"`
	BeforeDate string `json:"beforeDate,omitempty"`
	Limit      int    `json:"limit"`
	Next       string `json:"next"`
	Offset     int    `json:"offset"`
	Previous   string `json:"previous"`
	Sort       string `json:"sort"`
}

// SeriesPoint is one day of an activity time series
// ({"dateTime":"2018-12-26","value":"2504"}); Value arrives as a string.
type SeriesPoint struct {
	DateTime Day    `json:"dateTime"`
	Value    Number `json:"value"`
}

// Intraday is the answer of an activity intraday request,
// GET /1/user/-/activities/{resource}/date/{date}/1d/{1min|15min}.json:
// the day's total ("activities-steps") and the dataset
// ("activities-steps-intraday").
type Intraday struct {
	Resource        string          // e.g. "steps"
	Summary         []SeriesPoint   // the "activities-<resource>" array
	Dataset         []IntradayPoint // local times of the requested date
	DatasetInterval int             // 1 or 15
	DatasetType     string          // "minute"
}

// IntradayPoint is one sample of an intraday dataset ({"time":"00:00:00",
// "value":5}).
type IntradayPoint struct {
	Time  ClockTime `json:"time"`
	Value Number    `json:"value"`
}

// intradaySet is the "activities-<resource>-intraday" object.
type intradaySet struct {
	Dataset         []IntradayPoint `json:"dataset"`
	DatasetInterval int             `json:"datasetInterval"`
	DatasetType     string          `json:"datasetType"`
}

// HeartDay is one day of the heart-rate time series
// (GET /1/user/-/activities/heart/date/{start}/{end}.json, key
// "activities-heart").
type HeartDay struct {
	DateTime Day        `json:"dateTime"`
	Value    HeartValue `json:"value"`
}

// HeartValue holds a day's heart-rate zones and resting heart rate (nil
// when Fitbit has none for the day: the key is absent on days without
// enough data).
type HeartValue struct {
	CustomHeartRateZones []HeartZone `json:"customHeartRateZones"`
	HeartRateZones       []HeartZone `json:"heartRateZones"`
	RestingHeartRate     *int        `json:"restingHeartRate,omitempty"`
}

// HeartZone is one heart-rate zone of a day: bounds in bpm, minutes spent
// and calories burnt in it.
type HeartZone struct {
	Name        string  `json:"name"`
	Min         int     `json:"min"`
	Max         int     `json:"max"`
	Minutes     int     `json:"minutes"`
	CaloriesOut float64 `json:"caloriesOut"`
}

// HeartIntraday is the answer of GET
// /1/user/-/activities/heart/date/{date}/1d/{1sec|1min|5min|15min}.json.
type HeartIntraday struct {
	Days            []HeartDay   // "activities-heart"
	Dataset         []HeartPoint // bpm samples, local times
	DatasetInterval int
	DatasetType     string
}

// DailySummary is the answer of GET /1/user/-/activities/date/{date}.json.
type DailySummary struct {
	Activities []ActivityLog `json:"activities"`
	Goals      Goals         `json:"goals"`
	Summary    DaySummary    `json:"summary"`
}

// ActivityLog is one logged activity of a daily summary.
type ActivityLog struct {
	ActivityID       int64   `json:"activityId"`
	ActivityParentID int64   `json:"activityParentId"`
	Calories         float64 `json:"calories"`
	Description      string  `json:"description"`
	Distance         float64 `json:"distance,omitempty"`
	Duration         int64   `json:"duration"` // ms
	HasStartTime     bool    `json:"hasStartTime"`
	IsFavorite       bool    `json:"isFavorite"`
	LogID            int64   `json:"logId"`
	Name             string  `json:"name"`
	StartDate        string  `json:"startDate,omitempty"`
	StartTime        string  `json:"startTime"` // "HH:MM", local
	Steps            int     `json:"steps,omitempty"`
}

// Goals are the user's daily goals.
type Goals struct {
	ActiveMinutes int     `json:"activeMinutes"`
	CaloriesOut   float64 `json:"caloriesOut"`
	Distance      float64 `json:"distance"`
	Floors        int     `json:"floors"`
	Steps         int     `json:"steps"`
}

// DaySummary is the "summary" block of a daily activity summary. Distances
// are in the unit system of the request (kilometres by default).
type DaySummary struct {
	ActivityCalories     float64            `json:"activityCalories"`
	CaloriesBMR          float64            `json:"caloriesBMR"`
	CaloriesOut          float64            `json:"caloriesOut"`
	Distances            []ActivityDistance `json:"distances"`
	Elevation            float64            `json:"elevation"`
	FairlyActiveMinutes  int                `json:"fairlyActiveMinutes"`
	Floors               int                `json:"floors"`
	HeartRateZones       []HeartZone        `json:"heartRateZones"`
	LightlyActiveMinutes int                `json:"lightlyActiveMinutes"`
	MarginalCalories     float64            `json:"marginalCalories"`
	RestingHeartRate     int                `json:"restingHeartRate,omitempty"`
	SedentaryMinutes     int                `json:"sedentaryMinutes"`
	Steps                int                `json:"steps"`
	VeryActiveMinutes    int                `json:"veryActiveMinutes"`
}

// ActivityDistance is one entry of [DaySummary.Distances]; Activity is
// "total", "tracker", "loggedActivities", "veryActive", ...
type ActivityDistance struct {
	Activity string  `json:"activity"`
	Distance float64 `json:"distance"`
}

// Total returns the "total" distance, or 0.
func (s DaySummary) Total() float64 {
	for _, d := range s.Distances {
		if d.Activity == "total" {
			return d.Distance
		}
	}
	return 0
}

// Profile is the answer of GET /1/user/-/profile.json (fields wearnb uses).
type Profile struct {
	User ProfileUser `json:"user"`
}

// ProfileUser is the user block of a [Profile]. Timezone is an IANA name;
// OffsetFromUTCMillis is its current offset.
type ProfileUser struct {
	EncodedID           string `json:"encodedId"`
	DisplayName         string `json:"displayName"`
	FullName            string `json:"fullName,omitempty"`
	MemberSince         string `json:"memberSince,omitempty"`
	Timezone            string `json:"timezone"`
	OffsetFromUTCMillis int64  `json:"offsetFromUTCMillis"`
	DistanceUnit        string `json:"distanceUnit,omitempty"`
	Locale              string `json:"locale,omitempty"`
	StartDayOfWeek      string `json:"startDayOfWeek,omitempty"`
}
