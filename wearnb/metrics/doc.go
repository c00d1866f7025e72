// Package metrics computes the sleep and circadian measures sleep
// researchers use (anchors §7), from wearnb's records, as typed values and
// Gota frames:
//
//	Nightly, NightFrame        per sleep: TST, TIB, SE, SOL, WASO, sleep period,
//	                           awakenings ≥ N min, REM latency, onset/midsleep/offset clock
//	Period, Rolling,           over a range or trailing windows (7, 28 days): mean and SD
//	PeriodFrame                of durations, circular mean and SD of clock times
//	ChronotypeMCTQ             MSW, MSF, MSF_sc, social jetlag (absolute, signed),
//	                           weekly sleep loss, with a Calendar of free days
//	SleepDebt                  shortfall against a nightly need over the last N nights
//	SRI, RollingSRI            Sleep Regularity Index (Phillips et al. 2017)
//	RestActivity               IS, IV, L5, M10 (with start times), RA (Witting 1990,
//	                           van Someren 1997/1999) from steps or heart rate
//	RegularityTrend            SRI and social jetlag over rolling windows
//	HealthCard                 all of it in one card: Frame() and HTML()
//
// # Inputs
//
// The measures work on small explicit inputs, each of which says when a
// value is missing: [Night] (one sleep period: times are zero and durations
// NaN when unknown), [SleepWake] (a sleep/wake grid whose zero state is
// Missing) and [Series] (a regular series with a missing mask). One adapter
// file reads wearnb's records into them ([NightsFromSleeps],
// [SleepWakeFromSleeps], [StepsFromHours], [HeartRateSeries]); nothing else
// touches the records.
// A derived value with a missing input is missing (NaN in frames), never
// zero. Implausible sleeps ([Plausible]) are left out unless
// Options.IncludeFlagged.
//
// # Which clock
//
// Clock times (onset, midsleep, offset, MSW, MSF, L5/M10 starts) are read on
// the local wall clock where the person was: each instant in the Location
// its record gives it (an IANA zone gives each instant its own offset; a
// provider's fixed offset holds for the whole sleep). Midsleep is the
// instant halfway between onset and final awakening, read on that clock, so
// on a night the clocks go forward (23:00 EST to 07:00 EDT, 7 h) it is 03:30
// EDT, and 02:30 EST on the night they go back (9 h). A trip east moves the
// clock times later by the zone difference until the person adapts: that is
// the jump the timing chart shows.
//
// Day-to-day comparisons use the same clock: SRI compares the same local
// clock time on consecutive local dates, and the rest-activity measures
// average by local clock hour, so every local day has 24 hours. The clock
// hour skipped in spring is missing; the hour repeated in autumn is folded
// onto one (sleep if asleep in either occurrence; steps averaged).
//
// Clock times are averaged circularly (atan2 over sin and cos of
// 2π·t/1440, as pyActigraphy's SleepMidPoint does), so 23:30 and 00:30
// average to 00:00.
//
// # Missing data and minimum data
//
//   - Per night: a metric whose inputs are missing is NaN.
//   - SRI: epoch pairs with either state missing are left out; a date with
//     no main sleep recorded has its night (18:00 to 12:00) missing. SRI
//     needs pairs worth at least Options.MinDays (7) days.
//   - Rest-activity: a missing hour is not zero activity. A day counts when
//     at least 2/3 of it (16 h) is present, other days are left out, and
//     the measures need RhythmOptions.MinDays (7) valid days.
//   - Sleep debt: dates without sleep are left out and the mean shortfall
//     scaled to N nights; fewer than N/2 dates give NaN.
//
// # Cross-check
//
// IS, IV, L5, M10, RA and SRI are checked in the tests against pyActigraphy
// 1.2.2 run on the same exported series: steps by the hour and by the
// minute, heart rate by the minute, and sleep/wake grids (oracle_test.go;
// `make test` installs pyActigraphy into .venv-oracle). pyActigraphy divides pandas variances
// (n − 1) where Witting's formulas divide by n: the test converts with the
// exact factors, documented on InterdailyStability and IntradailyVariability.
// The MCTQ formulas are checked against the worked examples of the mctq R
// package's documentation.
package metrics
