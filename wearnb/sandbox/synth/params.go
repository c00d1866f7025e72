package synth

import "time"

// Generator parameters. They are fixed (a Person's habits vary through its
// Seed, not through these); README.md lists them with the ranges the tests
// guarantee.

// Resolution and units of the generated records.
const (
	// Epoch is the resolution of sleep stages: every stage starts and ends
	// on a 30-second boundary of its sleep's Start (which is itself on a
	// 30-second boundary of Unix time).
	Epoch = 30 * time.Second
	// StrideM is the step length: DistanceM = Steps × StrideM.
	StrideM = 0.75
	// BMRKcalPerDay is the basal metabolic rate, spread evenly over minutes.
	BMRKcalPerDay = 1680.0
	// KcalPerStep is the activity energy per step: CaloriesKcal of an hour
	// = BMRKcalPerDay/1440 × minutes + KcalPerStep × steps.
	KcalPerStep = 0.04
	// ActiveCadence is the cadence (steps/min) from which a minute counts as
	// active: ActiveSeconds = 60 × such minutes, ActiveMinutes their count.
	ActiveCadence = 60
)

// Main sleep timing, in minutes after midnight of the evening's date for
// bedtimes (24*60+30 is 00:30 the next morning) and after midnight of the
// wake date for wake times; normal-ish draws (bounded at ±3.46 sd), then
// clamped. Weekend nights are those ending on a Saturday or Sunday
// (Fri→Sat, Sat→Sun); all others are weeknights.
const (
	bedWeekday, bedWeekdaySD   = 23*60 + 15, 25.0 // 23:15 ± 25 min
	wakeWeekday, wakeWeekdaySD = 6*60 + 45, 12.0  // 06:45 ± 12 min (alarm)
	bedWeekend, bedWeekendSD   = 24*60 + 30, 40.0 // 00:30 ± 40 min
	wakeWeekend, wakeWeekendSD = 9*60 + 0, 45.0   // 09:00 ± 45 min
	bedEarliest, bedLatest     = 21*60 + 30, 26*60 + 30
	wakeEarliest, wakeLatest   = 5*60 + 30, 11*60 + 30
	minInBed                   = 4 * time.Hour
	afterSwitch                = 90 * time.Minute // earliest bedtime after a zone switch
)

// Jet lag: after a zone switch the body clock lags. The night after the
// switch goes to bed jetLagPerHour minutes later per hour flown east (earlier
// per hour west), at most jetLagMax, and gets up half that shift later; the
// shift fades linearly over jetLagNights nights (before the clamps above).
const (
	jetLagPerHour = 20.0
	jetLagMax     = 90.0
	jetLagNights  = 3
)

// Hypnogram structure of a main sleep.
const (
	latMinBase, latMinSpread = 2.0, 30.0 // onset latency = 2 + 30·u³ min (u uniform): median ~5.8 min
	pRestlessOnset           = 0.04      // ... plus 15-50 min on restless nights
	pNoFinalWake             = 0.3       // share of nights that end straight from sleep
	finalWakeMaxEpochs       = 16        // otherwise 1..16 epochs (0.5-8 min) awake before rising
	cycleMean, cycleSD       = 90.0, 8.0 // NREM-REM cycle length, min (clamped 70-115)
	pDeepBreak, pREMBreak    = 0.03, 0.015
	wakeBoutsPerHour         = 1.4  // brief awakenings per hour of sleep period (Poisson)
	pShortBout               = 0.85 // share of awakenings of 0.5-3 min; the rest 3.5-15 min
	pBoutAtCycleEnd          = 0.5  // share of awakenings placed at a cycle's end
	pBathroom                = 0.4  // a wake bout of 4+ min has 8-30 steps
)

// Share of each cycle spent in deep sleep and REM, by cycle number (the last
// entry repeats), each ×U(0.8, 1.2) per cycle; the rest is light sleep, two
// thirds before the deep block and one third between deep and REM.
var (
	deepShare = [...]float64{0.38, 0.28, 0.13, 0.06, 0.03}
	remShare  = [...]float64{0.12, 0.21, 0.27, 0.33, 0.37}
)

// Naps: at most one a day, never on travel days or days without step data.
const (
	pNapWeekend, pNapWeekday = 0.14, 0.03
	napEarliest, napLatest   = 13 * 60, 16*60 + 30 // start window, local minutes
	napMin, napMax           = 20.0, 90.0          // minutes in bed: 20 + 70·u·v
	pNapDeep                 = 0.6                 // naps of 40+ min of sleep with a deep block
)

// Missing data: one day picked at random in every block of n consecutive
// days (blocks counted from 1970-01-01), so the rates hold for every seed.
const (
	missingNightBlock = 33 // main sleep not recorded (ring/watch not worn): ~3.0 %
	noStepsBlock      = 50 // no step data (and no nap, no daytime heart rate): 2 %
)

// Trips: once a year east for two weeks, once west for one week. The person
// wakes at home on the day out, the zone switches at a whole hour between
// 12:00 and 14:00 local, and likewise on the day back.
const (
	eastNights    = 14
	westNights    = 7
	switchHourMin = 12
	switchHourMax = 14
)

var (
	eastWindow = [2]int{161, 243} // day of year the trip east starts: ~Jun 10 .. Aug 31
	westWindow = [2]int{95, 135}  // ~Apr 5 .. May 15
)

// Steps.
const (
	maxStepsPerMin  = 200
	bmrKcalPerMin   = BMRKcalPerDay / 1440
	pLunchWalk      = 0.8  // weekdays with a 15-30 min lunch walk at ~110 spm
	pLongWalkSunday = 0.75 // Sundays with a long walk
	pLongWalkSat    = 0.30 // Saturdays with a long walk
	longWalkMin     = 60   // long walk length, min, from
	longWalkMax     = 120  // ... to; ~106 spm
	errandsWeekday  = 1.2  // mean errand bouts (5-20 min at ~85 spm) on a weekday
	errandsWeekend  = 2.5  // ... on a weekend day
	dayActivitySD   = 0.15 // sd of the day's activity multiplier (clamped 0.6-1.5)
	airportMinutes  = 30   // walking on a travel day before the switch, ±10 min
)

// Incidental steps: the chance that an awake minute outside walking bouts has
// 4-43 steps, by local time, times the day's activity multiplier.
const (
	pIncGettingUp = 0.18 // first hour after waking
	pIncMorning   = 0.10 // before 09:00
	pIncDay       = 0.07 // 09:00-17:00 on weekdays (desk)
	pIncDayFree   = 0.12 // 09:00-17:00 on weekends
	pIncEvening   = 0.12 // 17:00-21:00
	pIncLate      = 0.07 // after 21:00
)

// Heart rate: offsets from the day's resting heart rate.
const (
	restHRMean    = 60.0 // resting heart rate, bpm
	restHRSpread  = 2.0  // day-to-day sd, bpm
	hrSleepBase   = -5.0 // asleep, light
	hrDeep        = -4.0 // extra, deep sleep
	hrREM         = 3.0  // extra, REM
	hrWakeInBed   = 5.0  // extra, awake in bed
	hrNightDip    = 4.0  // extra dip at the middle of the night
	hrAwake       = 10.0 // awake, not walking
	hrPerStep     = 0.45 // bpm per step/min of cadence (0.7 this minute + 0.3 the last)
	hrCircadian   = 4.0  // amplitude of the circadian curve, bpm (cosine of local clock time)
	hrCircPeak    = 17.0 // local hour of the circadian maximum (the minimum is 12 h later)
	hrSlowNoise   = 3.0  // amplitude of the 5-minute noise, bpm
	hrFastNoise   = 1.5  // amplitude of the 15-second noise, bpm
	hrSlowKnot    = 300  // seconds between slow-noise knots
	hrFastKnot    = 15   // seconds per fast-noise value
	hrMin, hrMax  = 38, 190
	hrDefaultStep = time.Minute
)

// Resting heart rate follows activity: fitness lowers it, a very active day
// raises the next morning's.
const (
	hrFitDays         = 7      // days of steps averaged for fitness
	hrFitPivot        = 8000.0 // mean daily steps of no fitness effect
	hrPerKStepsWeek   = 1.0    // bpm lower per 1000 mean daily steps above the pivot
	hrFitMax          = 4.0    // bound of the fitness effect, ±bpm
	hrStrainFrom      = 14000  // steps the day before above which the rate rises
	hrPerKStepsStrain = 0.5    // bpm higher per 1000 steps above hrStrainFrom
)

// Heart-rate variability (RMSSD) during sleep, and the other nightly vitals.
const (
	hrvMean    = 48.0 // the night's RMSSD level at a resting rate of 60 bpm, ms
	hrvSpread  = 6.0  // night-to-night sd, ms
	hrvPerBPM  = 1.5  // ms lower per bpm of resting heart rate above 60
	hrvFloor   = 12.0 // lowest nightly level, ms
	hrvDeep    = 1.35 // factor in deep sleep
	hrvREM     = 0.85 // factor in REM sleep
	hrvWake    = 0.7  // factor awake in bed
	hrvNoise   = 0.12 // ± share of 5-minute noise
	brMean     = 14.5 // respiratory rate, breaths/min
	brSpread   = 0.8  // night-to-night sd
	brPerBPM   = 0.1  // breaths/min more per bpm of resting heart rate above 60
	tempSpread = 0.18 // sd of the nightly skin-temperature deviation, °C
)

// Off the wrist: every day after the morning shower the device charges;
// on some days it stays off for hours in the afternoon.
const (
	wristAfterWakeMin, wristAfterWakeMax = 10, 40    // charging starts this many minutes after waking
	wristChargeMin, wristChargeMax       = 20, 45    // minutes charging
	pLongOffWrist                        = 0.12      // days with a long stretch off the wrist
	longOffFrom, longOffTo               = 780, 1020 // it starts between 13:00 and 17:00 local (minutes)
	longOffMin, longOffMax               = 60, 180   // minutes off
)
