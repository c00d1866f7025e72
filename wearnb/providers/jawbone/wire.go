package jawbone

// Envelope is every Jawbone API response:
// {"meta":{...},"data":{"items":[...],"links":{"next":...},"size":n}}.
type Envelope[T any] struct {
	Meta Meta    `json:"meta"`
	Data Data[T] `json:"data"`
}

// Meta is the envelope's status block. On errors it adds ErrorType,
// ErrorDetail and ErrorUserMsg.
type Meta struct {
	Code         int    `json:"code"`
	Message      string `json:"message"`
	Time         Epoch  `json:"time"`
	UserXID      string `json:"user_xid"`
	ErrorType    string `json:"error_type"`
	ErrorDetail  string `json:"error_detail"`
	ErrorUserMsg string `json:"error_user_msg"`
}

// Data is the envelope's payload for list endpoints and ticks.
type Data[T any] struct {
	Items []T `json:"items"`
	// Links is absent on the last page.
	Links *Links `json:"links"`
	Size  Int    `json:"size"`
}

// Links points at the next page.
type Links struct {
	// Next is host-relative, e.g.
	// "/nudge/api/v.1.1/users/{xid}/moves?page_token=1435672010&limit=10".
	Next string `json:"next"`
}

// MoveItem is one day of /users/@me/moves.
type MoveItem struct {
	XID           string      `json:"xid"`
	Type          string      `json:"type"` // "move"
	Title         string      `json:"title"`
	Date          DateInt     `json:"date"`
	TimeCreated   Epoch       `json:"time_created"`
	TimeUpdated   Epoch       `json:"time_updated"`
	TimeCompleted Epoch       `json:"time_completed"`
	SnapshotImage string      `json:"snapshot_image"`
	Details       MoveDetails `json:"details"`
}

// MoveDetails holds a day's totals. Units: steps, metres (Distance), km,
// seconds (the *_time, longest_* and wo_* durations), kcal. The fields the
// normalizers read say whether they were sent (OptInt, OptNum): Jawbone
// writes "" or null, or leaves a field out, where it has no value.
type MoveDetails struct {
	Steps         OptInt `json:"steps"`
	Distance      OptNum `json:"distance"` // may be missing; see Km
	Km            OptNum `json:"km"`
	ActiveTime    OptInt `json:"active_time"`
	InactiveTime  Int    `json:"inactive_time"`
	LongestActive Int    `json:"longest_active"`
	LongestIdle   Int    `json:"longest_idle"`
	// Calories is the day's active energy; BMRDay is the whole day's basal
	// energy and BMR the part of it elapsed when the item was written.
	Calories   OptNum `json:"calories"`
	BMR        OptNum `json:"bmr"`
	BMRDay     OptNum `json:"bmr_day"`
	BGCalories Num    `json:"bg_calories"` // background (non-workout) active energy

	WoCalories   Num `json:"wo_calories"`
	WoTime       Int `json:"wo_time"`
	WoActiveTime Int `json:"wo_active_time"`
	WoCount      Int `json:"wo_count"`
	WoLongest    Int `json:"wo_longest"`

	Steps3am Int   `json:"steps_3am"`
	Sunrise  Epoch `json:"sunrise"`
	Sunset   Epoch `json:"sunset"`

	// TZ is the zone at the end of the day; TZs lists every zone of the day
	// with the time it started.
	TZ  Zone       `json:"tz"`
	TZs []TZChange `json:"tzs"`
	// HourlyTotals is keyed by local "YYYYMMDDHH"; only hours with data
	// appear, and the whole map may be missing.
	HourlyTotals map[string]HourTotal `json:"hourly_totals"`
}

// HourTotal is one local hour of a move.
type HourTotal struct {
	Steps             OptInt `json:"steps"`
	Distance          OptNum `json:"distance"` // metres
	Calories          OptNum `json:"calories"` // active kcal
	ActiveTime        OptInt `json:"active_time"`
	InactiveTime      Int    `json:"inactive_time"`
	LongestActiveTime Int    `json:"longest_active_time"`
	LongestIdleTime   Int    `json:"longest_idle_time"`
}

// SleepItem is one sleep of /users/@me/sleeps.
type SleepItem struct {
	XID   string `json:"xid"`
	Title string `json:"title"`
	// SubType is undocumented in our sources beyond being an integer; the
	// real payloads show 0 and 2 on full nights, so it does not decide the
	// main sleep (see MarkMain).
	SubType       Int          `json:"sub_type"`
	Date          DateInt      `json:"date"`
	TimeCreated   Epoch        `json:"time_created"`
	TimeUpdated   Epoch        `json:"time_updated"`
	TimeCompleted Epoch        `json:"time_completed"`
	Shared        Flag         `json:"shared"`
	SnapshotImage string       `json:"snapshot_image"`
	Details       SleepDetails `json:"details"`
}

// SleepDetails holds a sleep's totals, in seconds. Sound is deep sleep
// (Jawbone's v1.0 docs called it deep). The totals say whether they were
// sent (OptInt).
type SleepDetails struct {
	Duration       OptInt `json:"duration"` // time in bed
	Light          OptInt `json:"light"`
	Sound          OptInt `json:"sound"`
	REM            OptInt `json:"rem"`
	Awake          OptInt `json:"awake"` // includes the time before falling asleep
	Awakenings     OptInt `json:"awakenings"`
	AsleepTime     Epoch  `json:"asleep_time"`
	AwakeTime      Epoch  `json:"awake_time"`
	Quality        Int    `json:"quality"` // 0-100, or "" when not scored
	Body           Int    `json:"body"`
	Mind           Int    `json:"mind"`
	SmartAlarmFire Epoch  `json:"smart_alarm_fire"`
	Sunrise        Epoch  `json:"sunrise"`
	Sunset         Epoch  `json:"sunset"`
	TZ             Zone   `json:"tz"`
}

// Tick is one sleep tick of /sleeps/{xid}/ticks: from Time until the next
// tick (or the end of the sleep) the depth was Depth: 1 awake, 2 light,
// 3 sound (deep).
type Tick struct {
	Depth Int   `json:"depth"`
	Time  Epoch `json:"time"`
}
