package wearnb_test

import (
	"fmt"
	"time"

	"wearnb.dev/wearnb"
)

// Five years of nights, fetched in the 100-day chunks Fitbit's sleep
// endpoint allows.
func ExampleRange_Split() {
	r, _ := wearnb.NewRange(wearnb.MustDate("2021-11-23"), wearnb.MustDate("2026-11-22"))
	chunks := r.Split(100)
	fmt.Println(r.Days(), "days in", len(chunks), "requests")
	fmt.Println("first:", chunks[0], "last:", chunks[len(chunks)-1])
	// Output:
	// 1826 days in 19 requests
	// first: 2021-11-23..2022-03-02 last: 2026-10-28..2026-11-22
}

// A night's stages, as a provider sends them: awake in bed, asleep, two
// wake bouts (the second over two segments), asleep again, and up. The wake
// before falling asleep and the wake before getting up are not awakenings
// and not WASO: the first is the latency, and Awake holds WASO and the second.
func ExampleAwakenings() {
	at := time.Date(2024, 3, 1, 23, 0, 0, 0, wearnb.FixedZone(-5*3600))
	var stages []wearnb.Stage
	for _, s := range []struct {
		level   wearnb.StageLevel
		minutes int
	}{
		{wearnb.StageWake, 12}, {wearnb.StageLight, 40}, {wearnb.StageDeep, 50}, {wearnb.StageWake, 3},
		{wearnb.StageLight, 60}, {wearnb.StageREM, 20}, {wearnb.StageWake, 4}, {wearnb.StageWake, 6},
		{wearnb.StageLight, 90}, {wearnb.StageLight, 30}, {wearnb.StageWake, 8},
	} {
		d := time.Duration(s.minutes) * time.Minute
		stages = wearnb.AppendStage(stages, wearnb.Stage{Start: at, Duration: d, Level: s.level})
		at = at.Add(d)
	}
	sl := wearnb.Sleep{Stages: stages}
	sl.SumStages()
	fmt.Println(len(stages), "stages from", stages[0].Start.Format("15:04 MST"))
	fmt.Println("awakenings:", wearnb.Awakenings(stages))
	fmt.Println("latency", sl.Latency, "asleep", sl.Asleep, "awake", sl.Awake, "of which WASO", wearnb.WASO(stages))
	// Output:
	// 9 stages from 23:00 -05:00
	// awakenings: 2
	// latency 12m0s asleep 4h50m0s awake 21m0s of which WASO 13m0s
}

// Selectors replace the loops a notebook would write to find last night,
// the last weeks, or the weekends.
func ExampleSleeps() {
	var all wearnb.Sleeps // what Account.Sleeps returns: nights and naps
	for d := wearnb.MustDate("2025-06-01"); !d.After(wearnb.MustDate("2025-06-30")); d = d.AddDays(1) {
		bed := d.In(time.UTC).Add(-90 * time.Minute) // 22:30 the evening before
		all = append(all, wearnb.Sleep{Date: d, Start: bed, End: bed.Add(8 * time.Hour), Asleep: wearnb.Some(7 * time.Hour), IsMain: true})
		if d.Weekday() == time.Sunday {
			nap := d.In(time.UTC).Add(14 * time.Hour)
			all = append(all, wearnb.Sleep{Date: d, Start: nap, End: nap.Add(time.Hour), Asleep: wearnb.Some(40 * time.Minute)})
		}
	}
	nights := all.Main()
	fmt.Println("last night ended", nights.LastNight().Date)
	fmt.Println("nights in the last 2 weeks:", len(nights.LastWeeks(2)))
	fmt.Println("weekend nights:", len(nights.Weekends()), "weekday nights:", len(nights.Weekdays()))
	fmt.Println("naps:", len(all.Naps()), "in", all.Naps().Span())
	// Output:
	// last night ended 2025-06-30
	// nights in the last 2 weeks: 14
	// weekend nights: 9 weekday nights: 21
	// naps: 5 in 2025-06-01..2025-06-29
}

// A record that cannot be a real sleep keeps its data but carries a Flag,
// is never a main sleep, and selectors leave it out.
func ExampleSleep_SetFlag() {
	bed := time.Date(2016, 1, 24, 2, 19, 8, 0, wearnb.FixedZone(-5*3600))
	// Jawbone's "for 0m": 6 h 22 min in bed, no sleep at all.
	empty := wearnb.Sleep{Start: bed, End: bed.Add(6*time.Hour + 22*time.Minute),
		InBed: wearnb.Some(6*time.Hour + 22*time.Minute), Asleep: wearnb.Some(time.Duration(0)), IsMain: true}
	empty.SetFlag()
	fmt.Println(empty.Flag, "-", empty.Flag.Reason(), "- main:", empty.IsMain)

	night := wearnb.Sleep{Start: bed, End: bed.Add(7 * time.Hour), InBed: wearnb.Some(7 * time.Hour),
		Asleep: wearnb.Some(6 * time.Hour), IsMain: true}
	night.SetFlag()
	all := wearnb.Sleeps{empty, night}
	fmt.Println(len(all.Main()), "main,", len(all.Flagged()), "flagged")
	// Output:
	// no_sleep - no sleep at all - main: false
	// 1 main, 1 flagged
}

// Vitals keyed by date (Fitbit, Google Health) are attached to the night
// they were computed for; what the provider did not send stays missing.
func ExampleAttachVitals() {
	night := wearnb.Sleep{SourceID: "26311786557", Date: wearnb.MustDate("2024-03-10"), IsMain: true,
		Start: time.Date(2024, 3, 9, 23, 30, 0, 0, time.FixedZone("", -5*3600))}
	vs := wearnb.AttachVitals([]wearnb.Vitals{{Provider: "fitbit", Date: night.Date, AverageHRV: wearnb.Some(41.5)}}, []wearnb.Sleep{night})
	fmt.Println(vs[0].SleepID, vs[0].Start.Format("15:04"), vs[0].AverageHRV, vs[0].LowestHR)
	// Output: 26311786557 23:30 41.5 NA
}
