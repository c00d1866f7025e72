package charts_test

import (
	"fmt"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/charts"
)

// Every chart is a *plot.Plot: show it with kernelhelpers.ShowPlot, save it
// with p.Save, or change it first.
func ExampleSleepDuration() {
	loc := time.FixedZone("CET", 3600)
	var nights []wearnb.Sleep
	for i := range 14 {
		start := time.Date(2024, 3, 1+i, 23, 0, 0, 0, loc)
		asleep := time.Duration(400+10*(i%3)) * time.Minute
		nights = append(nights, wearnb.Sleep{
			Start: start, End: start.Add(asleep + 30*time.Minute),
			Date: wearnb.DateOf(start.Add(asleep)), Asleep: asleep, IsMain: true,
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
