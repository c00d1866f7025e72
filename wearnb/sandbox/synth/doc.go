// Package synth generates deterministic synthetic people for the sandbox
// provider: years of nights and steps with realistic structure, which the
// sandbox serves through every provider's wire format.
//
//	p := synth.Default() // seed 1, America/New_York, 2020-01-01..2026-11-22
//	nights := p.Sleeps(wearnb.Range{From: wearnb.MustDate("2024-03-01"), To: wearnb.MustDate("2024-03-31")})
//
// # Determinism
//
// A Person is a pure function of its Config. Every local date draws from its
// own math/rand/v2 PCG stream keyed by (Seed, date, kind of data); trips draw
// from one stream per (Seed, year). Only PCG.Uint64 is used, and the
// distributions are built from it with plain arithmetic, so the output does
// not change with the Go version. Any range can be generated on its own and
// equals the same days cut from a larger range. Results are memoized per date
// in a bounded cache; methods are safe for concurrent use.
//
// # Sleep
//
// Each local date d has one main sleep that ends on d (its Date), drawn from
// the person's habits: weeknights (ending Monday to Friday) go to bed around
// 23:15 ± 25 min and get up at 06:45 ± 12 min; weekend nights (ending
// Saturday or Sunday) around 00:30 ± 40 min and 09:00 ± 45 min. Bed and wake
// times are wall-clock times in Zone(d), so a night that crosses a DST change
// is an hour shorter or longer on the instant timeline, and InBed, stage
// durations and every sum are computed on instants.
//
// The hypnogram is built at 30-second epochs: an onset latency (2 + 30·u³ min,
// longer on 4 % of nights), ~90-minute NREM–REM cycles (light, deep, light,
// REM) with deep sleep concentrated in the first cycles and REM growing in the
// later ones, short light breaks in deep and REM, brief awakenings (Poisson,
// 1.4 per hour; 85 % of them 3 min or less, the rest up to 15 min), and
// sometimes a few minutes awake before rising. Stages tile [Start, End)
// exactly and are summed by wearnb.Sleep.SumStages: Deep, Light and REM are
// the sums of their stages and Asleep of all three; Latency is the first
// sleep stage's start minus Start; Awake is the wake after that, the
// awakenings (wearnb.WASO) and the wake before rising, so that InBed =
// Latency + Asleep + Awake; Efficiency is 100·Asleep/InBed. Awakenings is
// wearnb.Awakenings of the stages: every wake run between falling asleep and
// the last sleep stage, whatever its length; the wake before rising is
// getting up, not an awakening. The provider clients count the same way, so
// the truth and what they report agree.
//
// Naps (IsMain false) happen on about 14 % of weekend days and 3 % of
// weekdays, start between 13:00 and 16:30, last 20-90 min in bed and are
// mostly light sleep. One night in every 33-day block is not recorded (the
// ring or watch was not worn) and one day in every 50-day block has no step
// data; the person still sleeps and rests then, so neighbouring data stay
// consistent.
//
// # Time zones
//
// Home is America/New_York unless Config.Home says otherwise. Once a year the
// person spends 14 nights east (Europe/Berlin, starting between about Jun 10
// and Aug 31) and 7 nights west (America/Los_Angeles, starting between about
// Apr 5 and May 15). Zone(d) is the zone the person wakes up in on d, which
// is also the zone of every sleep whose Date is d. On a travel day the zone
// switches at a whole hour between 12:00 and 14:00 local (Switch reports the
// instant); the rest of that day is in Zone(d+1). The body clock lags: the
// first night after a switch goes to bed 20 min later per hour flown east
// (earlier flying west), at most 90 min, fading over three nights. Days tile the timeline:
// DaySpan(d) runs from midnight of d in Zone(d) to midnight of d+1 in
// Zone(d+1), so it lasts 23 or 25 hours on DST days, and 24 h minus the offset
// change on a travel day (18 h flying to Berlin, 30 h flying back).
// ZoneAt(t) and LocalDate(t) place any instant.
//
// # Moves
//
// Steps are generated per minute of DaySpan: zero while asleep (apart from a
// few steps on some long night-time awakenings), incidental steps whose rate
// follows the time of day, and walking bouts: a commute in the morning and
// evening and a lunch walk on weekdays, a long walk on most Sundays and some
// Saturdays, errands, and walking at the airport on travel days. Hours groups
// the minutes by local clock hour (a new hour also starts at a zone switch)
// with DistanceM = Steps × StrideM, CaloriesKcal = BMRKcalPerDay/1440 per
// minute + KcalPerStep per step, ActiveSeconds = 60 × minutes with at least
// ActiveCadence steps. Days sums Hours in order, so the totals match exactly.
//
// # Heart rate
//
// HeartRate is a function of the instant. While asleep: the resting rate of
// the date minus 5, lower in deep sleep and higher in REM and when awake in
// bed, dipping towards the middle of the night (the nocturnal dip). While
// awake: the resting rate plus 10 plus 0.45 bpm per step/min of recent
// cadence. Both follow a circadian curve (±4 bpm, highest at 17:00 local)
// and carry smooth deterministic noise. The resting rate (RestingHR) is a
// daily draw moved by activity: lower after an active week, higher the
// morning after a very long day. HRV gives RMSSD during sleep, higher in
// deep sleep; Vitals summarizes each sleep (lowest and mean heart rate,
// mean RMSSD, respiratory rate, skin-temperature deviation). There are no
// samples while the device is not worn: nights and days without data, and
// the stretches each day it is off the wrist (OffWrist).
//
// # Parameters
//
// Every parameter is a named constant in params.go, with its value and unit;
// README.md in this folder lists them with their defaults and the statistical
// ranges the tests guarantee.
package synth
