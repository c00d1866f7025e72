package charts_test

import (
	"log"

	"wearnb.dev/wearnb/charts"
	"wearnb.dev/wearnb/charts/internal/demo"
)

// One night's heart rate under its hypnogram: lowest in deep sleep and
// towards the middle of the night, up when awake.
func ExampleNightHeartRate() {
	sleeps, _, _ := demo.Person(3)
	hr := demo.HeartRate(sleeps, 3)
	p, err := charts.NightHeartRate(sleeps[1], hr)
	if err != nil {
		log.Panic(err)
	}
	save(p, "night_heart_rate.png")
}

// A year of minute heart rate (over half a million samples) as one chart:
// drawn through a min/max reduction per column, with each day's mean.
func ExampleHeartRateTrend() {
	sleeps, _, _ := demo.Person(366)
	p, err := charts.HeartRateTrend(demo.HeartRate(sleeps, 366))
	if err != nil {
		log.Panic(err)
	}
	save(p, "heart_rate_trend.png")
}
