package charts_test

import (
	"fmt"
	"log"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/charts"
	"wearnb.dev/wearnb/charts/internal/demo"
)

// The examples that draw save their chart to testdata; golden_test.go
// compares each image with its *_golden.png, as gonum/plot tests its
// plotters. In a notebook, nb.Show(p) shows the chart instead.

// save writes p as the examples' golden images are drawn: 16 × 9 cm PNG.
func save(p *plot.Plot, name string) {
	if err := p.Save(16*vg.Centimeter, 9*vg.Centimeter, "testdata/"+name); err != nil {
		log.Panic(err)
	}
}

// Four months of nights with their 7-night mean.
func ExampleSleepDuration() {
	sleeps, _, _ := demo.Person(120)
	p, err := charts.SleepDuration(sleeps, 7)
	if err != nil {
		log.Panic(err)
	}
	save(p, "sleep_duration.png")
}

// Every chart is a *plot.Plot: change it before you show or save it.
func ExampleSleepDuration_title() {
	loc := time.FixedZone("CET", 3600)
	var nights []wearnb.Sleep
	for i := range 14 {
		start := time.Date(2024, 3, 1+i, 23, 0, 0, 0, loc)
		asleep := time.Duration(400+10*(i%3)) * time.Minute
		nights = append(nights, wearnb.Sleep{
			Start: start, End: start.Add(asleep + 30*time.Minute),
			Date: wearnb.DateOf(start.Add(asleep)), Asleep: wearnb.Some(asleep), IsMain: true,
		})
	}
	p, err := charts.SleepDuration(nights, 7)
	if err != nil {
		panic(err)
	}
	p.Title.Text = "My March"
	fmt.Println(p.Title.Text, p.Y.Label.Text)
	// Output: My March hours asleep
}

// Monthly means of each stage, and the time awake in bed.
func ExampleStageComposition() {
	sleeps, _, _ := demo.Person(120)
	p, err := charts.StageComposition(sleeps)
	if err != nil {
		log.Panic(err)
	}
	save(p, "stage_composition.png")
}

// The stages of one night over clock time.
func ExampleHypnogram() {
	sleeps, _, _ := demo.Person(120)
	p, err := charts.Hypnogram(sleeps[0])
	if err != nil {
		log.Panic(err)
	}
	save(p, "hypnogram.png")
}

// Sleep timing, one row per evening: the weekend shift shows as bars
// starting later on Friday and Saturday.
func ExampleActogram() {
	sleeps, _, _ := demo.Person(120)
	p, err := charts.Actogram(sleeps[:60])
	if err != nil {
		log.Panic(err)
	}
	save(p, "actogram.png")
}

// Total sleep time by the weekday the night ends on.
func ExampleWeekdayComparison() {
	sleeps, _, _ := demo.Person(120)
	p, err := charts.WeekdayComparison(sleeps)
	if err != nil {
		log.Panic(err)
	}
	save(p, "weekday.png")
}

// A month of steps by hour: the weekday lunch walk is the bright column.
func ExampleStepsHeatmap() {
	_, _, hours := demo.Person(120)
	p, err := charts.StepsHeatmap(hours[:16*30])
	if err != nil {
		log.Panic(err)
	}
	save(p, "steps_heatmap.png")
}

// A day's steps against the night after, with a least-squares fit.
func ExampleStepsVsSleep() {
	sleeps, days, _ := demo.Person(120)
	p, err := charts.StepsVsSleep(days, sleeps)
	if err != nil {
		log.Panic(err)
	}
	save(p, "steps_vs_sleep.png")
}
