package synth

import (
	"sort"
	"testing"
	"time"

	"wearnb.dev/wearnb"
)

func TestMovesConsistency(t *testing.T) {
	t.Parallel()
	for _, pop := range populations() {
		p := pop.p
		hours := p.Hours(pop.r)
		days := p.Days(pop.r)
		byDay := map[wearnb.Date][]wearnb.HourMoves{}
		for i, h := range hours {
			if i > 0 && !hours[i-1].Start.Before(h.Start) {
				t.Fatalf("%s: hours out of order at %s", pop.name, tf(h.Start))
			}
			d := p.LocalDate(h.Start)
			byDay[d] = append(byDay[d], h)
			if h.Start.Location() != p.ZoneAt(h.Start) {
				t.Errorf("%s: hour %s not in the zone of its instant", pop.name, tf(h.Start))
			}
			if val(h.DistanceM) != float64(val(h.Steps))*StrideM {
				t.Errorf("%s: hour %s distance %v for %d steps", pop.name, tf(h.Start), val(h.DistanceM), val(h.Steps))
			}
			if val(h.ActiveSeconds) < 0 || val(h.ActiveSeconds) > 3600 || val(h.ActiveSeconds)%60 != 0 {
				t.Errorf("%s: hour %s active %d s", pop.name, tf(h.Start), val(h.ActiveSeconds))
			}
		}
		if len(days) != len(byDay) {
			t.Errorf("%s: %d days, hours on %d dates", pop.name, len(days), len(byDay))
		}
		for _, dm := range days {
			hs := byDay[dm.Date]
			minutes := p.Minutes(dm.Date)
			start, end := p.DaySpan(dm.Date)
			if len(minutes) != int(end.Sub(start)/time.Minute) {
				t.Fatalf("%s: %v has %d minutes, span %v", pop.name, dm.Date, len(minutes), end.Sub(start))
			}
			// Minutes sum to each hour, hours tile the day.
			var sum struct {
				Steps, ActiveMinutes    int
				DistanceM, CaloriesKcal float64
			}
			i := 0
			for k, h := range hs {
				next := end
				if k+1 < len(hs) {
					next = hs[k+1].Start
				}
				if k == 0 && !h.Start.Equal(start) {
					t.Fatalf("%s: %v first hour %s, day starts %s", pop.name, dm.Date, tf(h.Start), tf(start))
				}
				n := int(next.Sub(h.Start) / time.Minute)
				steps, active := 0, 0
				for _, v := range minutes[i : i+n] {
					steps += v
					if v >= ActiveCadence {
						active++
					}
				}
				i += n
				if steps != val(h.Steps) || active*60 != val(h.ActiveSeconds) {
					t.Fatalf("%s: hour %s: minutes sum to %d steps, %d active; hour says %d, %d s",
						pop.name, tf(h.Start), steps, active, val(h.Steps), val(h.ActiveSeconds))
				}
				if want := bmrKcalPerMin*float64(n) + KcalPerStep*float64(val(h.Steps)); val(h.CaloriesKcal) != want {
					t.Fatalf("%s: hour %s: %v kcal, want %v", pop.name, tf(h.Start), val(h.CaloriesKcal), want)
				}
				sum.Steps += val(h.Steps)
				sum.DistanceM += val(h.DistanceM)
				sum.CaloriesKcal += val(h.CaloriesKcal)
				sum.ActiveMinutes += val(h.ActiveSeconds) / 60
			}
			if i != len(minutes) {
				t.Fatalf("%s: %v: hours cover %d of %d minutes", pop.name, dm.Date, i, len(minutes))
			}
			_, off := start.Zone()
			if val(dm.Steps) != sum.Steps || val(dm.DistanceM) != sum.DistanceM || val(dm.CaloriesKcal) != sum.CaloriesKcal ||
				val(dm.ActiveMinutes) != sum.ActiveMinutes || dm.UTCOffset != wearnb.Some(time.Duration(off)*time.Second) {
				t.Errorf("%s: %v: day %+v, sum of hours %+v", pop.name, dm.Date, dm, sum)
			}
		}
	}
}

func TestStepStatistics(t *testing.T) {
	t.Parallel()
	for _, pop := range populations() {
		t.Run(pop.name, func(t *testing.T) {
			p := pop.p
			days := p.Days(pop.r)
			var totals []int
			var wkSum, wkN, sunSum, sunN float64
			typical := 0
			for _, d := range days {
				totals = append(totals, val(d.Steps))
				if val(d.Steps) >= 4000 && val(d.Steps) <= 15000 {
					typical++
				}
				if val(d.Steps) < 500 || val(d.Steps) > 30000 {
					t.Errorf("%v: %d steps", d.Date, val(d.Steps))
				}
				if _, travel := p.Switch(d.Date); travel {
					continue
				}
				switch wd := d.Date.Weekday(); {
				case wd == time.Sunday:
					sunSum += float64(val(d.Steps))
					sunN++
				case wd != time.Saturday:
					wkSum += float64(val(d.Steps))
					wkN++
				}
			}
			sort.Ints(totals)
			med := totals[len(totals)/2]
			t.Logf("%d days: median %d steps, 10th %d, 90th %d; weekday mean %.0f, Sunday %.0f",
				len(days), med, totals[len(totals)/10], totals[len(totals)*9/10], wkSum/wkN, sunSum/sunN)
			if med < 6000 || med > 11000 {
				t.Errorf("median %d steps/day, want 6000-11000", med)
			}
			if f := float64(typical) / float64(len(days)); f < 0.8 {
				t.Errorf("%.0f %% of days within 4000-15000 steps, want >= 80 %%", 100*f)
			}
			if sun, wk := sunSum/sunN, wkSum/wkN; sun < 1.2*wk {
				t.Errorf("Sunday mean %.0f steps not 20 %% above weekday mean %.0f (long walk)", sun, wk)
			}
			if f := 1 - float64(len(days))/float64(pop.r.Days()); f < 0.005 || f > 0.05 {
				t.Errorf("%.1f %% of days without steps, want 0.5-5 %%", 100*f)
			}

			// Daily rhythm: hour-of-day means.
			var wkHour, weHour [24]float64
			var wkHN, weHN [24]float64
			for _, h := range p.Hours(pop.r) {
				d := p.LocalDate(h.Start)
				if _, travel := p.Switch(d); travel {
					continue
				}
				if isWeekend(d) {
					weHour[h.Start.Hour()] += float64(val(h.Steps))
					weHN[h.Start.Hour()]++
				} else {
					wkHour[h.Start.Hour()] += float64(val(h.Steps))
					wkHN[h.Start.Hour()]++
				}
			}
			for i := range 24 {
				wkHour[i] /= wkHN[i]
				weHour[i] /= weHN[i]
			}
			t.Logf("weekday profile %.0f", wkHour)
			t.Logf("weekend profile %.0f", weHour)
			if wkHour[12] < 2*max(wkHour[10], wkHour[14]) {
				t.Errorf("weekday 12:00 %.0f steps vs 10:00 %.0f, 14:00 %.0f: no lunch walk", wkHour[12], wkHour[10], wkHour[14])
			}
			for _, h := range []int{1, 2, 3, 4} {
				if wkHour[h] > 30 || weHour[h] > 60 {
					t.Errorf("%02d:00 averages %.0f (weekday) / %.0f (weekend) steps, want near zero", h, wkHour[h], weHour[h])
				}
			}
			if am := max(wkHour[7], wkHour[8]); am < 2*wkHour[10] {
				t.Errorf("weekday 07:00-09:00 %.0f steps/h vs 10:00 %.0f: no morning peak", am, wkHour[10])
			}
			if ev := (wkHour[17] + wkHour[18]) / 2; ev < 2*wkHour[15] {
				t.Errorf("weekday evening %.0f steps/h vs 15:00 %.0f: no evening peak", ev, wkHour[15])
			}
			var weMid, wkMid float64
			for h := 10; h < 17; h++ {
				weMid += weHour[h]
				wkMid += wkHour[h]
			}
			if weMid < 1.2*wkMid {
				t.Errorf("weekend 10:00-17:00 %.0f steps vs weekday %.0f: no weekend walk", weMid, wkMid)
			}
			if weHour[8] > wkHour[8]/2 {
				t.Errorf("weekend 08:00 %.0f steps vs weekday %.0f: weekend mornings should be late", weHour[8], wkHour[8])
			}
		})
	}
}

// Steps are near zero while asleep: the minutes inside every main sleep and
// nap, with or without recorded sleep data.
func TestStepsNearZeroAsleep(t *testing.T) {
	t.Parallel()
	for _, pop := range populations() {
		p := pop.p
		var nights, minutesIn, nonZero, total, maxMin int
		for _, s := range p.Sleeps(pop.r) {
			for _, d := range []wearnb.Date{s.Date, s.Date.AddDays(-1)} {
				m := p.Minutes(d)
				if m == nil {
					continue
				}
				start, _ := p.DaySpan(d)
				for i, v := range m {
					t0 := start.Add(time.Duration(i) * time.Minute)
					if t0.Before(s.Start) || t0.Add(time.Minute).After(s.End) {
						continue
					}
					minutesIn++
					total += v
					maxMin = max(maxMin, v)
					if v != 0 {
						nonZero++
					}
				}
			}
			nights++
		}
		t.Logf("%s: %d sleeps, %d minutes asleep/in bed, %d with steps, %d steps, max %d/min", pop.name, nights, minutesIn, nonZero, total, maxMin)
		if minutesIn < nights*60 {
			t.Errorf("%s: only %d minutes checked", pop.name, minutesIn)
		}
		if float64(nonZero) > 0.005*float64(minutesIn) || maxMin > 40 || float64(total)/float64(nights) > 25 {
			t.Errorf("%s: %d of %d in-bed minutes have steps (%d steps, max %d/min)", pop.name, nonZero, minutesIn, total, maxMin)
		}
	}
}
