// Package demo makes the records the chart examples draw: a simple, fully
// deterministic person whose bedtime drifts with a weekly rhythm (later on
// Friday and Saturday nights), whose stages cycle every 90 minutes, who
// naps every ninth day, and who walks at lunchtime on weekdays. The
// examples' images are the charts' golden test images, so this data must
// not change without regenerating them (go test ./wearnb/charts -regen).
package demo

import (
	"time"

	"wearnb.dev/wearnb"
)

// Person returns n nights and days of the demo person, from 2024-01-01, in
// a fixed UTC-5 zone.
func Person(n int) (sleeps []wearnb.Sleep, days []wearnb.DayMoves, hours []wearnb.HourMoves) {
	loc := time.FixedZone("EST", -5*3600)
	first := wearnb.MustDate("2024-01-01")
	for i := 0; i < n; i++ {
		d := first.AddDays(i)
		wd := d.Weekday()
		late := 0
		if wd == time.Friday || wd == time.Saturday {
			late = 75
		}
		start := d.In(loc).Add(time.Duration(23*60+late+(i*37)%30) * time.Minute)
		var stages []wearnb.Stage
		t := start
		levels := []wearnb.StageLevel{wearnb.StageWake, wearnb.StageLight, wearnb.StageDeep, wearnb.StageLight, wearnb.StageREM}
		mins := []int{12, 25, 30 - (i % 10), 20, 15 + (i % 7)}
		for c := 0; c < 5; c++ {
			for k, l := range levels {
				if c > 0 && k == 0 {
					l = wearnb.StageWake
				}
				m := mins[k]
				if c > 0 && k == 0 {
					m = 2
				}
				if l == wearnb.StageDeep {
					m = max(5, m-5*c)
				}
				stages = append(stages, wearnb.Stage{Start: t, Duration: time.Duration(m) * time.Minute, Level: l})
				t = t.Add(time.Duration(m) * time.Minute)
			}
		}
		s := wearnb.Sleep{Start: start, End: t, Date: wearnb.DateOf(t), IsMain: true, Stages: stages}
		var deep, light, rem, awake time.Duration
		for _, st := range stages {
			switch st.Level {
			case wearnb.StageDeep:
				deep += st.Duration
			case wearnb.StageLight:
				light += st.Duration
			case wearnb.StageREM:
				rem += st.Duration
			case wearnb.StageWake:
				awake += st.Duration
			}
		}
		s.Deep, s.Light, s.REM, s.Awake = wearnb.Some(deep), wearnb.Some(light), wearnb.Some(rem), wearnb.Some(awake)
		s.Latency = wearnb.Some(time.Duration(0)) // every wake in Awake, as the goldens were drawn
		s.InBed = wearnb.Some(s.End.Sub(s.Start))
		s.Asleep = wearnb.Some(deep + light + rem)
		sleeps = append(sleeps, s)
		if i%9 == 4 {
			nap := d.In(loc).Add(14 * time.Hour)
			sleeps = append(sleeps, wearnb.Sleep{Start: nap, End: nap.Add(40 * time.Minute), Date: d, Asleep: wearnb.Some(35 * time.Minute), InBed: wearnb.Some(40 * time.Minute)})
		}
		total := 0
		for h := 7; h < 23; h++ {
			steps := 200 + 80*((h*7+i*3)%11)
			if h == 12 && wd != time.Saturday && wd != time.Sunday {
				steps += 1500
			}
			total += steps
			hours = append(hours, wearnb.HourMoves{Start: d.In(loc).Add(time.Duration(h) * time.Hour), Steps: wearnb.Some(steps)})
		}
		days = append(days, wearnb.DayMoves{Date: d, Steps: wearnb.Some(total)})
	}
	return sleeps, days, hours
}
