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

// IsSleep reports whether the level is a sleep level: everything but Wake.
// Sleep levels decide where sleep begins and ends (sleep onset, [Awakenings],
// [WASO]). Restless is one, but its time counts in Sleep.Awake, not
// Sleep.Asleep (see [Sleep]).
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
//
// # Unknown is never zero
//
// Every measured field is an [Opt]: missing when the provider did not send
// it (or sent null), and missing when it is derived from a value that is
// missing. Some(0) is a real zero. A client sets only what the payload
// says: a sleep without stages has no Deep, Light or REM, not zero of each;
// a provider without a wake count leaves Awakenings missing. Frames show a
// missing value as NaN, the cache stores NULL, charts and metrics skip it.
//
// # Time in bed
//
// Latency, Asleep and Awake split the time in bed, without gap or overlap:
//
//	InBed = Latency + Asleep + Awake
//
// for every Sleep a provider client returns in which all four are known
// (but for payloads whose time asleep alone exceeds the time in bed, which
// are flagged; see [Sleep.SetAwake] and [FlagAsleepOverInBed]).
// Sleep onset is the start of the first stage whose level
// [StageLevel.IsSleep]:
//
//   - InBed: time in bed (TIB), End − Start, in the provider's resolution
//     when it sends its own number (Fitbit timeInBed, Oura time_in_bed,
//     Google minutesInSleepPeriod, Jawbone duration).
//   - Latency: sleep onset latency (SOL), from Start to sleep onset; Some(0)
//     when the person fell asleep at once, missing when the provider cannot
//     tell.
//   - Asleep: total sleep time (TST): deep, light and REM sleep, or classic
//     [StageAsleep] time.
//   - Awake: the rest of the time in bed after sleep onset: wake after sleep
//     onset (WASO: the wake between onset and the final awakening, see
//     [WASO]), plus the wake after the final awakening while still in bed,
//     plus classic [StageRestless] time.
//
// Restless time counts in Awake, not Asleep, because that is how the
// classic logs that carry it count it: Google Health, which serves Fitbit's
// logs, defines a classic sleep's minutesAsleep as "the sum of ASLEEP stages
// (excluding AWAKE and RESTLESS)" (health:v4 SleepSummary), and Fitbit's
// classic logs keep restless minutes in minutesAwake (a published nap:
// summary asleep 56, restless 4, awake 0 min; minutesAsleep 55, minutesAwake
// 5, timeInBed 60). Counting restless as sleep would make Asleep and
// Efficiency disagree with the provider's own numbers. A restless stage is
// still a sleep level for where sleep begins and ends ([StageLevel.IsSleep]):
// movement while asleep is neither falling asleep nor an awakening (that nap
// begins restless with minutesToFallAsleep 0).
//
// Each client sets Latency and Asleep from the provider's most precise
// source (see its Normalize documentation) and Awake to the rest with
// [Sleep.SetAwake]. For a self-consistent payload that rest is the
// provider's own wake time after onset: Oura awake_time − latency, Jawbone
// awake − latency, Google minutesAwake − latency + the RESTLESS minutes, and
// Fitbit timeInBed − minutesAsleep − latency, which is minutesAwake +
// minutesAfterWakeup where a log keeps the four parts of timeInBed apart but
// minutesAwake − latency in real stages logs, whose minutesAwake holds every
// wake minute (timeInBed = minutesAsleep + minutesAwake, minutesToFallAsleep
// 0 beside segments that begin awake, minutesAfterWakeup inside it).
// [Sleep.SumStages] gives the same split from stages that tile [Start, End).
//
// # Implausible records
//
// A record that cannot be a real sleep (zero length, no sleep at all, ends
// before it starts, longer than [MaxNight], more asleep than in bed) is kept
// as the provider sent it but carries a [Flag], is never the main sleep of
// its date, and is left out by [Sleeps.Main], [Sleeps.Plausible], the charts
// and the metrics. Values no record can have (negative or overflowing
// durations, a night beyond [MaxSpan], more stages than [MaxStages]) are
// decode errors instead, naming the provider, endpoint and field.
type Sleep struct {
	Provider string // "fitbit", "oura", "googlehealth", "jawbone"
	SourceID string // the provider's id of the log (logId, id, xid, ...)

	Start time.Time // in bed (Fitbit startTime, Oura bedtime_start, ...)
	End   time.Time // out of bed
	Date  Date      // the provider's date of the sleep: the local date it ends on

	InBed      Opt[time.Duration] // time in bed: End - Start, or the provider's time in bed
	Asleep     Opt[time.Duration] // total sleep time: deep + light + REM, or classic asleep
	Awake      Opt[time.Duration] // time in bed after sleep onset not asleep: WASO, the wake before rising, restless
	Deep       Opt[time.Duration] // missing when the provider has no stage breakdown (classic logs)
	Light      Opt[time.Duration]
	REM        Opt[time.Duration]
	Latency    Opt[time.Duration] // sleep onset latency: Start to the first sleep stage
	Efficiency Opt[float64]       // percent, 0-100: 100 * Asleep / InBed (Fitbit: its own efficiency figure)
	Awakenings Opt[int]           // wake bouts after falling asleep and before the last sleep (see [Awakenings]); Jawbone's own count

	IsMain bool // the main sleep of its date; false for naps and flagged records
	Flag   Flag // why the record cannot be a real sleep; "" for a plausible one

	Stages []Stage // in time order; empty when the provider sends none
}

// UTCOffset returns the offset from UTC at the start of the sleep.
func (s Sleep) UTCOffset() time.Duration {
	_, off := s.Start.Zone()
	return time.Duration(off) * time.Second
}

// DayMoves is one day of activity. Every measured field is missing when the
// provider did not report it (Google's steps stream has no distance,
// calories or active minutes; Oura has no resting heart rate in its
// activity documents).
type DayMoves struct {
	Provider string
	SourceID string
	Date     Date

	Steps         Opt[int]
	DistanceM     Opt[float64] // metres
	CaloriesKcal  Opt[float64] // total calories out, kcal
	ActiveMinutes Opt[int]     // minutes of light+moderate+vigorous activity as the provider counts them
	RestingHR     Opt[float64] // resting heart rate of the day, bpm, as the provider computes it
	// UTCOffset is the day's offset from UTC where the person was (at the
	// day's start or first record); missing when the provider does not say
	// (Google's daily roll-up sums civil days and names no offset).
	UTCOffset Opt[time.Duration]
}

// HourMoves is one local clock hour of activity. Fields the provider does
// not report per hour are missing (Oura has only active time, Google and
// Fitbit intraday only steps).
type HourMoves struct {
	Provider string
	Start    time.Time // start of the hour, with the local UTC offset

	Steps         Opt[int]
	DistanceM     Opt[float64] // metres
	CaloriesKcal  Opt[float64] // kcal
	ActiveSeconds Opt[int]
}
