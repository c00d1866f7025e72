// Package frames turns wearnb's normalized records into Gota data frames
// with typed columns, and gives the time-aware helpers (filter by date,
// weekly means, rolling means, sorting, weekday) that spare notebook code
// from parsing strings.
//
//	sleeps, _ := c.Sleeps(ctx, "fitbit", "me", r) // from the cache
//	df := frames.Sleeps(sleeps)
//	df, err := frames.FilterDates(df, wearnb.MustDate("2024-01-01"), wearnb.MustDate("2024-03-31"))
//	weekly, err := frames.WeeklyMean(df, "asleep_min", "efficiency_pct")
//
// Every frame is built from typed series (never through Gota's JSON or map
// loaders, which turn everything into strings), with a fixed column order,
// the same schema for every provider, and units in the column names. Empty
// input gives an empty frame that still has every column with its type.
// The record builders (Sleeps, SleepStages, Moves, HourlyMoves, HeartRate,
// NightlyVitals) cannot fail and return the frame alone; the helpers, which take column names, return
// (DataFrame, error), so a Gota error (df.Err) never escapes unreported.
//
// # Time columns
//
// Gota has no time type, so each moment is stored twice:
//
//   - date, week_start: String "YYYY-MM-DD" (DateLayout), which sorts and
//     compares correctly as text. date is the provider's date of the record:
//     for a sleep, the local date it ends on; for an hour, the local date of
//     its start.
//   - *_local: String "YYYY-MM-DDThh:mm:ss" (LocalLayout), the local wall
//     clock with no offset; utc_offset_min holds the offset (at the start of
//     the period). Text order is time order within one offset.
//   - *_unix: Int, seconds since 1970-01-01 UTC: the instant, for ordering
//     across time zones and DST changes, and for arithmetic.
//
// Dates and Times convert these columns back to wearnb.Date and time.Time.
//
// Durations are Float minutes (*_min) unless the name says seconds (*_s).
//
// # Missing values
//
// A value the provider did not report (a wearnb.Opt that is missing) is
// missing in the frame, never 0: NaN in Float columns, a Gota NaN element
// (IsNA) in Int columns. A real zero stays 0. Which values a provider
// reports is its package's business (Google's steps stream has no
// distance, Oura's hours no steps); the frame shows exactly that, so means
// and charts skip the gaps instead of averaging invented zeros.
//
// # Sleeps: one row per sleep period (nights and naps), by start
//
//	| column         | type   | meaning                                                        |
//	|----------------|--------|----------------------------------------------------------------|
//	| provider       | String | "fitbit", "oura", "googlehealth", "jawbone", ...                |
//	| source_id      | String | the provider's id of the sleep log                             |
//	| date           | String | date of the sleep (local date it ends on), YYYY-MM-DD          |
//	| start_local    | String | in bed, local wall clock                                       |
//	| end_local      | String | out of bed, local wall clock (at the end's own offset)         |
//	| utc_offset_min | Int    | UTC offset at start, minutes (-300 for New York in winter)     |
//	| start_unix     | Int    | in bed, unix seconds                                           |
//	| end_unix       | Int    | out of bed, unix seconds                                       |
//	| in_bed_min     | Float  | time in bed, minutes: latency + asleep + awake (see below)     |
//	| asleep_min     | Float  | total sleep time, minutes (restless time not included)         |
//	| awake_min      | Float  | awake in bed after falling asleep, minutes (see below)         |
//	| deep_min       | Float  | deep sleep, minutes; NaN when the sleep has no stage breakdown |
//	| light_min      | Float  | light sleep, minutes; NaN likewise                             |
//	| rem_min        | Float  | REM sleep, minutes; NaN likewise                               |
//	| latency_min    | Float  | sleep onset latency, minutes; NaN when the provider gives none |
//	| efficiency_pct | Float  | sleep efficiency, percent 0-100 (see below)                    |
//	| awakenings     | Int    | wake bouts, as the provider counts them; NaN without stages    |
//	| is_main        | Bool   | the main sleep of its date; false for naps and flagged sleeps  |
//	| flag           | String | why the sleep cannot be real (wearnb.Flag); "" when plausible  |
//
// Every Float and Int column of a measurement is NaN where the provider
// did not report it (see Missing values). "No stage breakdown" is a classic
// log or a provider without stages: Deep, Light and REM are missing there,
// not zero. A flagged sleep (zero length, no sleep at all, longer than 24
// h, ending before it starts) is a row like any other, with its flag:
// filter it out with wearnb.Sleeps.Plausible before averaging, as charts
// and metrics do.
//
// Every row splits its time in bed as wearnb.Sleep does, for every
// provider: in_bed_min = latency_min + asleep_min + awake_min. latency_min
// runs from getting into bed to the first sleep stage; awake_min is the rest
// after that which is not sleep: the wake after sleep onset (WASO, the
// awakenings), the wake after the final awakening before getting up, and
// classic restless time. WASO alone is wearnb.WASO of the sleep's stages.
// efficiency_pct is 100 · asleep_min / in_bed_min, except for Fitbit rows,
// which carry Fitbit's own efficiency figure. The identity holds on every
// row where all four are reported.
//
// # SleepStages: one row per stage segment, by sleep then seq
//
//	| column         | type   | meaning                                                   |
//	|----------------|--------|-----------------------------------------------------------|
//	| provider       | String | as in Sleeps                                              |
//	| source_id      | String | the sleep the segment belongs to                          |
//	| date           | String | the sleep's date                                          |
//	| seq            | Int    | position of the segment within its sleep, from 0          |
//	| level          | String | wake, light, deep, rem (stages); asleep, restless (classic) |
//	| start_local    | String | segment start, local wall clock                           |
//	| end_local      | String | segment end, local wall clock (start's offset)            |
//	| utc_offset_min | Int    | UTC offset at the segment start, minutes                  |
//	| start_unix     | Int    | segment start, unix seconds                               |
//	| end_unix       | Int    | segment end, unix seconds                                 |
//	| duration_min   | Float  | segment length, minutes                                   |
//	| is_sleep       | Bool   | a sleep level: everything but wake (restless included)    |
//	| is_main        | Bool   | the sleep is a main sleep                                 |
//
// # Moves: one row per day, by date
//
//	| column         | type   | meaning                                                   |
//	|----------------|--------|-----------------------------------------------------------|
//	| provider       | String | as in Sleeps                                              |
//	| source_id      | String | the provider's id of the day, if any                      |
//	| date           | String | local date, YYYY-MM-DD                                    |
//	| utc_offset_min | Int    | the day's UTC offset, minutes; NaN: not said (Google roll-up) |
//	| steps          | Int    | steps                                                     |
//	| distance_m     | Float  | distance, metres                                          |
//	| calories_kcal  | Float  | total calories out, kcal                                  |
//	| active_min     | Int    | active minutes, as the provider counts them               |
//	| resting_hr_bpm | Float  | resting heart rate of the day, bpm                        |
//
// Every measurement is NaN (Int: a NaN element) where the provider did not
// report it: Google Health's steps stream has no distance, calories or
// active minutes.
//
// # HourlyMoves: one row per local clock hour, by start
//
//	| column         | type   | meaning                                                   |
//	|----------------|--------|-----------------------------------------------------------|
//	| provider       | String | as in Sleeps                                              |
//	| date           | String | local date of the hour's start                            |
//	| hour           | Int    | local clock hour of the start, 0-23                       |
//	| start_local    | String | start of the hour, local wall clock                       |
//	| utc_offset_min | Int    | UTC offset at the start, minutes                          |
//	| start_unix     | Int    | start of the hour, unix seconds                           |
//	| steps          | Int    | steps                                                     |
//	| distance_m     | Float  | distance, metres                                          |
//	| calories_kcal  | Float  | calories, kcal                                            |
//	| active_s       | Int    | active time, seconds                                      |
//
// As in Moves, a value the provider does not report per hour is NaN (Oura
// has only active time, Fitbit intraday and Google only steps).
//
// On a DST day the local hours repeat or skip (01:00 twice in autumn, no
// 02:00 in spring): hour and start_local follow the clock, start_unix stays
// unique.
//
// # HeartRate and NightlyVitals
//
// HeartRate has one row per heart-rate sample (provider, date, time_local,
// utc_offset_min, time_unix, bpm, context) and NightlyVitals one row per
// sleep's vitals (provider, sleep_id, date, start_local, utc_offset_min,
// start_unix, lowest_hr_bpm, avg_hr_bpm, hrv_rmssd_ms, resp_rate_per_min,
// skin_temp_dev_c); their documentation lists the columns. What a provider
// did not say is missing: NaN in Float columns and Gota's NaN element
// (IsNA) in Int and String columns, never 0 or "".
//
// # Helpers
//
// FilterDates keeps the rows of a date range; WeeklyMean resamples by ISO
// week into week_start, n and one mean per column; RollingMean (by rows) and
// RollingMeanDays (by calendar days) give trailing means as a series to add
// with df.Mutate; SortByTime orders rows by instant or date; WithWeekday adds
// weekday and is_weekend. Unknown columns and wrong types are errors
// (ErrNoColumn, ErrColumnType), never panics.
//
// # Provider-native frames
//
// Flatten and FlattenJSON build a frame straight from a provider's JSON
// objects, flattening nested objects into dotted column names
// (details.steps) while keeping numbers numeric and booleans boolean: what
// the original Jawbone notebook did by hand with pd.DataFrame(list(df["details"])).
package frames
