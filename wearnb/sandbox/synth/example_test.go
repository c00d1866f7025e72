package synth_test

import (
	"fmt"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/sandbox/synth"
)

// Three nights around the spring-forward change of 2024 in New York: the
// last night is an hour shorter in bed than its clock times suggest.
func Example() {
	p := synth.Default()
	week := wearnb.Range{From: wearnb.MustDate("2024-03-08"), To: wearnb.MustDate("2024-03-10")}
	for _, s := range p.Sleeps(week) {
		kind := "night"
		if !s.IsMain {
			kind = "nap"
		}
		fmt.Printf("%s %s %s → %s  in bed %v  asleep %v  deep %v  rem %v  latency %v  eff %.0f%%  awakenings %d\n",
			s.Date, kind, s.Start.Format("Jan 2 15:04 MST"), s.End.Format("15:04 MST"),
			s.InBed, s.Asleep, s.Deep, s.REM, s.Latency, s.Efficiency.Or(0), s.Awakenings.Or(0))
	}
	for _, d := range p.Days(week) {
		fmt.Printf("%s %s  %d steps  %.1f km  %d active min\n",
			d.Date, d.Date.Weekday(), d.Steps.Or(0), d.DistanceM.Or(0)/1000, d.ActiveMinutes.Or(0))
	}
	// Output:
	// 2024-03-08 night Mar 8 00:06 EST → 06:44 EST  in bed 6h38m30s  asleep 6h1m0s  deep 1h11m30s  rem 1h13m0s  latency 28m0s  eff 91%  awakenings 5
	// 2024-03-09 night Mar 9 00:50 EST → 09:14 EST  in bed 8h24m0s  asleep 7h21m0s  deep 1h2m0s  rem 1h44m0s  latency 23m0s  eff 88%  awakenings 16
	// 2024-03-10 night Mar 9 23:29 EST → 09:08 EDT  in bed 8h38m30s  asleep 7h54m30s  deep 1h6m30s  rem 1h47m30s  latency 2m0s  eff 92%  awakenings 15
	// 2024-03-08 Friday  9718 steps  7.3 km  80 active min
	// 2024-03-09 Saturday  10248 steps  7.7 km  81 active min
	// 2024-03-10 Sunday  3908 steps  2.9 km  25 active min
}
