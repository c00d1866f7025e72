package charts_test

import (
	"log"
	"math"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/charts"
	"wearnb.dev/wearnb/metrics"
	"wearnb.dev/wearnb/sandbox/synth"
)

// The sleep health charts draw what package metrics computes. Their
// examples read four months of the sandbox's synthetic person (seed 1,
// New York), May to August 2024: weekday and weekend timing, a week in Los
// Angeles from 15 May and two in Berlin from 1 August, and a few nights not
// recorded. Like the other examples they save their chart to testdata,
// and golden_test.go compares it with its *_golden.png.

var healthRange = wearnb.Range{From: wearnb.MustDate("2024-05-01"), To: wearnb.MustDate("2024-08-31")}

// Onset, midsleep and offset of every night on the local clock, with the
// circular mean of the last 7 nights: the nights before free days (rings)
// sit above the others, and the first nights after each flight jump.
func ExampleSleepTiming() {
	sleeps := synth.Default().Sleeps(healthRange)
	rows := metrics.Nightly(metrics.NightsFromSleeps(sleeps), metrics.Options{})
	p, err := charts.SleepTiming(rows, 7)
	if err != nil {
		log.Panic(err)
	}
	save(p, "sleep_timing.png")
}

// Gappy data: two nights in three and a run of 16 nights missing. The
// points are missing too, and each mean is over the nights its window has.
func ExampleSleepTiming_gappy() {
	sleeps := synth.Default().Sleeps(healthRange)
	rows := metrics.Nightly(metrics.NightsFromSleeps(sleeps), metrics.Options{})
	var gappy []metrics.NightRow
	for i, r := range rows {
		if i%3 != 1 && (i < 30 || i > 45) {
			gappy = append(gappy, r)
		}
	}
	p, err := charts.SleepTiming(gappy, 7)
	if err != nil {
		log.Panic(err)
	}
	save(p, "sleep_timing_gappy.png")
}

// The Sleep Regularity Index and the social jetlag of rolling 28-day
// windows.
func ExampleRegularityTrend() {
	sleeps := synth.Default().Sleeps(healthRange)
	rows := metrics.Nightly(metrics.NightsFromSleeps(sleeps), metrics.Options{})
	grid := metrics.SleepWakeFromSleeps(sleeps, healthRange, time.Minute, false)
	p, err := charts.RegularityTrend(metrics.RegularityTrend(rows, grid, healthRange, 28, metrics.Options{}))
	if err != nil {
		log.Panic(err)
	}
	save(p, "regularity.png")
}

// Windows below the minimum data (NaN) leave a gap in both lines.
func ExampleRegularityTrend_gappy() {
	sleeps := synth.Default().Sleeps(healthRange)
	rows := metrics.Nightly(metrics.NightsFromSleeps(sleeps), metrics.Options{})
	grid := metrics.SleepWakeFromSleeps(sleeps, healthRange, time.Minute, false)
	trend := metrics.RegularityTrend(rows, grid, healthRange, 28, metrics.Options{})
	for i := 10; i < 25; i++ {
		trend[i].SRI, trend[i].SJL = math.NaN(), math.NaN()
	}
	p, err := charts.RegularityTrend(trend)
	if err != nil {
		log.Panic(err)
	}
	save(p, "regularity_gappy.png")
}

// The average day of hourly steps, with the least active 5 hours and the
// most active 10 shaded, and IS, IV and RA in the title.
func ExampleActivityProfile() {
	hours := synth.Default().Hours(healthRange)
	p, err := charts.ActivityProfile(metrics.RestActivity(metrics.StepsFromHours(hours), metrics.RhythmOptions{}))
	if err != nil {
		log.Panic(err)
	}
	save(p, "activity_profile.png")
}

// The sleep health card as an image, for reports and files (a notebook
// shows the card's HTML).
func ExampleSleepHealthCard() {
	person := synth.Default()
	card := metrics.CardOf(person, healthRange, metrics.Options{})
	p, err := charts.SleepHealthCard(card)
	if err != nil {
		log.Panic(err)
	}
	save(p, "health_card.png")
}
