// Package demo makes the records the chart examples draw: a simple, fully
// deterministic person whose bedtime drifts with a weekly rhythm (later on
// Friday and Saturday nights), whose stages cycle every 90 minutes, who
// naps every ninth day, and who walks at lunchtime on weekdays. The
// examples' images are the charts' golden test images, so this data must
// not change without regenerating them (go test ./wearnb/charts -regen).
package demo

import (
	"math"
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

// HeartRate returns one sample a minute over the n days from 2024-01-01
// (UTC-5) for the demo person's sleeps (from Person): lower asleep, lowest
// in deep sleep and dipping towards the middle of each night, a circadian
// swing awake, the weekday lunch walk, and no samples 07:30-08:00 each day
// (the watch charging). Deterministic, for the heart-rate chart examples.
func HeartRate(sleeps []wearnb.Sleep, n int) []wearnb.HeartRate {
	loc := time.FixedZone("EST", -5*3600)
	from := wearnb.MustDate("2024-01-01").In(loc)
	out := make([]wearnb.HeartRate, 0, n*1440)
	k := 0 // the sleep at or after the current minute
	for m := 0; m < n*1440; m++ {
		t := from.Add(time.Duration(m) * time.Minute)
		for k < len(sleeps) && !sleeps[k].End.After(t) {
			k++
		}
		mod := m % 1440
		wave := 2.5 * math.Sin(2*math.Pi*float64(m)/97)
		var bpm float64
		if k < len(sleeps) && !t.Before(sleeps[k].Start) {
			s := sleeps[k]
			bpm = 54 + wave
			for _, st := range s.Stages {
				if !t.Before(st.Start) && t.Before(st.End()) {
					bpm += map[wearnb.StageLevel]float64{wearnb.StageDeep: -5, wearnb.StageREM: 3, wearnb.StageWake: 7}[st.Level]
					break
				}
			}
			f := float64(t.Sub(s.Start)) / float64(s.End.Sub(s.Start))
			bpm -= 4 * (1 - math.Abs(2*f-1))
		} else {
			if mod >= 7*60+30 && mod < 8*60 {
				continue // charging
			}
			bpm = 70 + 6*math.Sin(2*math.Pi*(float64(mod)/60-11)/24) + wave
			if wd := t.Weekday(); mod >= 12*60 && mod < 12*60+40 && wd != time.Saturday && wd != time.Sunday {
				bpm += 35
			}
		}
		out = append(out, wearnb.HeartRate{Time: t, Local: true, BPM: math.Round(bpm)})
	}
	return out
}
