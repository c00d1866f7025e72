package wearnb

import (
	"time"
)

// StageLevel is a sleep stage, normalized across providers.
type StageLevel string

// Stage levels. Stage-capable devices report Wake, Light, Deep and REM;
// "classic" logs (Fitbit classic, Jawbone without stages) report Wake,
// Restless and Asleep.
const (
	StageWake     StageLevel = "wake"
	StageLight    StageLevel = "light"
	StageDeep     StageLevel = "deep"
	StageREM      StageLevel = "rem"
	StageAsleep   StageLevel = "asleep"   // classic: asleep, stage unknown
	StageRestless StageLevel = "restless" // classic: restless
)

// IsSleep reports whether the level counts as asleep (everything but Wake).
func (l StageLevel) IsSleep() bool { return l != StageWake && l != "" }

// Stage is one contiguous segment of a sleep period at one level.
type Stage struct {
	Start    time.Time // carries the local UTC offset of the night
	Duration time.Duration
	Level    StageLevel
}

// End returns Start + Duration.
func (s Stage) End() time.Time { return s.Start.Add(s.Duration) }

// Sleep is one sleep period (a night or a nap), normalized across providers.
//
// Times carry the local UTC offset the provider reported (time.FixedZone), so
// Start.Format shows local clock time and Start.UTC() the instant. Durations
// are time.Duration; the frames package turns them into minutes.
type Sleep struct {
	Provider string // "fitbit", "oura", "googlehealth", "jawbone"
	SourceID string // the provider's id of the log (logId, id, xid, ...)

	Start time.Time // in bed (Fitbit startTime, Oura bedtime_start, ...)
	End   time.Time // out of bed
	Date  Date      // the provider's date of the sleep: the local date it ends on

	InBed      time.Duration // End - Start, or the provider's time in bed
	Asleep     time.Duration // total sleep time
	Awake      time.Duration // awake while in bed (after onset and before rising)
	Deep       time.Duration // zero when the provider has no stages
	Light      time.Duration
	REM        time.Duration
	Latency    time.Duration // sleep onset latency; zero if unknown
	Efficiency float64       // percent, 0-100: 100 * Asleep / InBed
	Awakenings int           // wake bouts after falling asleep and before the last sleep (see [Awakenings]); Jawbone's own count

	IsMain bool // the main sleep of its date; false for naps

	Stages []Stage // in time order; empty when the provider sends none
}

// UTCOffset returns the offset from UTC at the start of the sleep.
func (s Sleep) UTCOffset() time.Duration {
	_, off := s.Start.Zone()
	return time.Duration(off) * time.Second
}

// DayMoves is one day of activity.
type DayMoves struct {
	Provider string
	SourceID string
	Date     Date

	Steps         int
	DistanceM     float64 // metres
	CaloriesKcal  float64 // total calories out, kcal; zero if unknown
	ActiveMinutes int     // minutes of light+moderate+vigorous activity as the provider counts them
	UTCOffset     time.Duration
}

// HourMoves is one local clock hour of activity.
type HourMoves struct {
	Provider string
	Start    time.Time // start of the hour, with the local UTC offset

	Steps         int
	DistanceM     float64
	CaloriesKcal  float64
	ActiveSeconds int
}
