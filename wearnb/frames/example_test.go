package frames_test

import (
	"fmt"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/frames"
)

func ExampleSleeps() {
	est := time.FixedZone("", -5*3600)
	edt := time.FixedZone("", -4*3600)
	sleeps := []wearnb.Sleep{
		{Provider: "fitbit", SourceID: "a1", Date: wearnb.MustDate("2024-03-10"), IsMain: true,
			Start: time.Date(2024, 3, 9, 23, 30, 0, 0, est), End: time.Date(2024, 3, 10, 8, 0, 0, 0, edt),
			InBed: wearnb.Some(450 * time.Minute), Asleep: wearnb.Some(420 * time.Minute), Efficiency: wearnb.Some(93.3)},
		{Provider: "fitbit", SourceID: "n1", Date: wearnb.MustDate("2024-03-10"),
			Start: time.Date(2024, 3, 10, 14, 0, 0, 0, edt), End: time.Date(2024, 3, 10, 14, 40, 0, 0, edt),
			InBed: wearnb.Some(40 * time.Minute), Asleep: wearnb.Some(35 * time.Minute), Efficiency: wearnb.Some(87.5)},
	}
	df := frames.Sleeps(sleeps)
	fmt.Println(df.Select([]string{"date", "start_local", "utc_offset_min", "asleep_min", "is_main"}))
	// Output:
	// [2x5] DataFrame
	//
	//     date       start_local         utc_offset_min asleep_min is_main
	//  0: 2024-03-10 2024-03-09T23:30:00 -300           420.000000 true
	//  1: 2024-03-10 2024-03-10T14:00:00 -240           35.000000  false
	//     <string>   <string>            <int>          <float>    <bool>
}

func ExampleWeeklyMean() {
	var days []wearnb.DayMoves
	for d := wearnb.MustDate("2024-03-04"); !d.After(wearnb.MustDate("2024-03-17")); d = d.AddDays(1) {
		days = append(days, wearnb.DayMoves{Date: d, Steps: wearnb.Some(1000 * d.Day), ActiveMinutes: wearnb.Some(d.Day)})
	}
	df := frames.Moves(days)
	weekly, err := frames.WeeklyMean(df, "steps", "active_min")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(weekly)
	// Output:
	// [2x4] DataFrame
	//
	//     week_start n     steps        active_min
	//  0: 2024-03-04 7     7000.000000  7.000000
	//  1: 2024-03-11 7     14000.000000 14.000000
	//     <string>   <int> <float>      <float>
}

func ExampleFlattenJSON() {
	items := []byte(`[
	  {"date": 20160128, "details": {"steps": 4659, "distance": 3385.1, "body": "", "tz": "America/New_York"}},
	  {"date": 20160127, "details": {"steps": 6411, "distance": 4622.7, "body": 0, "tz": "America/New_York"}}
	]`)
	df, err := frames.FlattenJSON(items)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(df)
	// Output:
	// [2x5] DataFrame
	//
	//     date     details.steps details.distance details.body details.tz
	//  0: 20160128 4659          3385.100000      NaN          America/New_York
	//  1: 20160127 6411          4622.700000      0            America/New_York
	//     <int>    <int>         <float>          <int>        <string>
}

func ExampleRollingMeanDays() {
	var days []wearnb.DayMoves
	for i, steps := range []int{4000, 6000, 8000, 10000} {
		days = append(days, wearnb.DayMoves{Date: wearnb.MustDate("2024-05-01").AddDays(2 * i), Steps: wearnb.Some(steps)})
	}
	df := frames.Moves(days)
	roll, err := frames.RollingMeanDays(df, "steps", 3) // every other day: 2 rows per window
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(df.Mutate(roll).Select([]string{"date", "steps", "steps_roll3d"}))
	// Output:
	// [4x3] DataFrame
	//
	//     date       steps steps_roll3d
	//  0: 2024-05-01 4000  4000.000000
	//  1: 2024-05-03 6000  5000.000000
	//  2: 2024-05-05 8000  7000.000000
	//  3: 2024-05-07 10000 9000.000000
	//     <string>   <int> <float>
}

// A value the provider did not send is missing in the frame, never 0: here
// a Google Health day, whose steps stream has no distance or active
// minutes, beside a Jawbone day that reports them.
func ExampleMoves() {
	days := []wearnb.DayMoves{
		{Provider: "googlehealth", Date: wearnb.MustDate("2025-01-06"), Steps: wearnb.Some(8012)},
		{Provider: "jawbone", Date: wearnb.MustDate("2025-01-07"), Steps: wearnb.Some(4659),
			DistanceM: wearnb.Some(3385.1), ActiveMinutes: wearnb.Some(0)},
	}
	fmt.Println(frames.Moves(days).Select([]string{"provider", "steps", "distance_m", "active_min"}))
	// Output:
	// [2x4] DataFrame
	//
	//     provider     steps distance_m  active_min
	//  0: googlehealth 8012  NaN         NaN
	//  1: jawbone      4659  3385.100000 0
	//     <string>     <int> <float>     <int>
}

// One row per heart-rate sample; a provider that does not say where the
// person was (Oura) leaves the offset missing, and one that does not say
// what the person was doing leaves the context missing.
func ExampleHeartRate() {
	cet := time.FixedZone("", 3600)
	df := frames.HeartRate([]wearnb.HeartRate{
		{Provider: "fitbit", Time: time.Date(2024, 3, 1, 23, 59, 0, 0, cet), Local: true, BPM: 58},
		{Provider: "oura", Time: time.Date(2024, 3, 1, 23, 0, 0, 0, time.UTC), BPM: 49, Context: wearnb.ContextSleep},
	})
	fmt.Println(df.Select([]string{"provider", "date", "time_local", "utc_offset_min", "bpm", "context"}))
	// Output:
	// [2x6] DataFrame
	//
	//     provider date       time_local          utc_offset_min bpm       context
	//  0: fitbit   2024-03-01 2024-03-01T23:59:00 60             58.000000 NaN
	//  1: oura     2024-03-01 2024-03-01T23:00:00 NaN            49.000000 sleep
	//     <string> <string>   <string>            <int>          <float>   <string>
}

// One row per night; what the provider does not send is NaN.
func ExampleNightlyVitals() {
	df := frames.NightlyVitals([]wearnb.Vitals{
		{Provider: "fitbit", Date: wearnb.MustDate("2024-03-02"), AverageHRV: wearnb.Some(41.5), RespiratoryRate: wearnb.Some(14.2)},
		{Provider: "oura", SleepID: "8f1c", Date: wearnb.MustDate("2024-03-02"), LowestHR: wearnb.Some(46.0),
			AverageHR: wearnb.Some(52.25), AverageHRV: wearnb.Some(44.0), SkinTempDev: wearnb.Some(-0.12)},
	})
	fmt.Println(df.Select([]string{"provider", "sleep_id", "lowest_hr_bpm", "hrv_rmssd_ms", "skin_temp_dev_c"}))
	// Output:
	// [2x5] DataFrame
	//
	//     provider sleep_id lowest_hr_bpm hrv_rmssd_ms skin_temp_dev_c
	//  0: fitbit   NaN      NaN           41.500000    NaN
	//  1: oura     8f1c     46.000000     44.000000    -0.120000
	//     <string> <string> <float>       <float>      <float>
}
