package metrics_test

import (
	"fmt"
	"strings"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/metrics"
	"wearnb.dev/wearnb/sandbox/synth"
)

// A night with stages: the per-night metrics, as a frame would show them.
func ExampleNightly() {
	loc := time.FixedZone("EST", -5*3600)
	bed := time.Date(2024, 1, 9, 22, 50, 0, 0, loc)
	s := wearnb.Sleep{Start: bed, Date: wearnb.MustDate("2024-01-10"), IsMain: true}
	t := bed
	for _, st := range []struct {
		l wearnb.StageLevel
		m int
	}{{"wake", 20}, {"light", 110}, {"wake", 3}, {"deep", 57}, {"rem", 30}, {"wake", 10}, {"light", 230}, {"wake", 15}} {
		d := time.Duration(st.m) * time.Minute
		s.Stages = append(s.Stages, wearnb.Stage{Start: t, Duration: d, Level: st.l})
		t = t.Add(d)
	}
	s.End, s.InBed = t, wearnb.Some(t.Sub(bed))
	s.SumStages()

	r := metrics.Nightly(metrics.NightsFromSleeps([]wearnb.Sleep{s}), metrics.Options{})[0]
	fmt.Printf("TIB %.0f TST %.0f SE %.1f%% SOL %.0f WASO %.0f awakenings %.0f REM latency %.0f\n",
		r.TIB, r.TST, r.SE, r.SOL, r.WASO, r.Awakenings, r.REMLatency)
	fmt.Printf("onset %02.0f:%02.0f midsleep %02.0f:%02.0f\n",
		float64(int(r.OnsetClock)/60), float64(int(r.OnsetClock)%60), float64(int(r.MidClock)/60), float64(int(r.MidClock)%60))
	// Output:
	// TIB 475 TST 427 SE 89.9% SOL 20 WASO 13 awakenings 1 REM latency 170
	// onset 23:10 midsleep 02:50
}

// Clock times average around the clock: 23:30 and 00:30 give midnight.
func ExampleCircularMean() {
	m, _ := metrics.CircularMean([]float64{23*60 + 30, 30})
	fmt.Printf("%.0f min after midnight, SD %.0f min\n", m, metrics.CircularSD([]float64{23*60 + 30, 30}))
	// Output: 0 min after midnight, SD 30 min
}

// MCTQ's chronotype from the mctq R package's example: MSF 04:00, 6 h of
// sleep before workdays, 7 h before free days, 6.29 h on average.
func ExampleMSFsc() {
	m := metrics.MSFsc(4*60, 6*60, 7*60, 6.29*60)
	fmt.Printf("MSF_sc %02d:%02d:%02.0f\n", int(m)/60, int(m)%60, (m-float64(int(m)))*60)
	// Output: MSF_sc 03:38:42
}

// Four weeks of a regular sleeper from the sandbox's synthetic person: the
// health card, as the notebook shows it first.
func ExampleHealthCard() {
	p := synth.New(synth.Config{Seed: 1, Preset: synth.Regular, NoTrips: true})
	r := wearnb.Range{From: wearnb.MustDate("2024-03-01"), To: wearnb.MustDate("2024-03-28")}
	c := metrics.HealthCard(p.Sleeps(r), p.Hours(r), r, metrics.Options{})
	for _, l := range c.Lines() {
		switch l.Metric {
		case "nights", "sleep onset", "social jetlag", "SRI":
			fmt.Printf("%-13s %s\n", l.Metric, l.Display)
		}
	}
	fmt.Println(strings.HasPrefix(c.HTML(), "<table"))
	// Output:
	// nights        27
	// sleep onset   23:06 ± 12 min
	// social jetlag 6 min (free days earlier)
	// SRI           95
	// true
}

// Two synthetic people side by side: the same days, other habits. The
// notebook shows the comparison's HTML; its frame has one column per card.
func ExampleCompare() {
	r := wearnb.Range{From: wearnb.MustDate("2024-03-01"), To: wearnb.MustDate("2024-03-28")}
	regular := synth.New(synth.Config{Seed: 1, Preset: synth.Regular, NoTrips: true})
	irregular := synth.New(synth.Config{Seed: 1, Preset: synth.Irregular, NoTrips: true})
	c := metrics.Compare(metrics.CardOf(regular, r, metrics.Options{}).Named("regular"), metrics.CardOf(irregular, r, metrics.Options{}).Named("irregular"))
	df, _ := c.Frame()
	fmt.Println(df.Names())
	for _, line := range strings.Split(c.String(), "\n") {
		if strings.HasPrefix(line, "SRI") || strings.HasPrefix(line, "sleep onset  ") {
			fmt.Println(strings.Join(strings.Fields(line), " "))
		}
	}
	// Output:
	// [metric unit regular irregular]
	// sleep onset 23:06 ± 12 min 23:16 ± 2 h 44 min
	// SRI 95 47
}

// Sleep debt against your own need, over the last 14 nights.
func ExampleSleepDebt() {
	p := synth.New(synth.Config{Seed: 1, NoTrips: true})
	r := wearnb.Range{From: wearnb.MustDate("2024-03-01"), To: wearnb.MustDate("2024-03-28")}
	rows := metrics.Nightly(metrics.NightsFromSleeps(p.Sleeps(r)), metrics.Options{})
	fmt.Println(metrics.SleepDebt(rows, r.To, metrics.Options{SleepNeed: 7*time.Hour + 30*time.Minute}))
	// Output:
	// sleep debt 8 h 52 min over the 14 nights to 2024-03-28 (14 with sleep recorded), against a need of 7 h 30 min a night
}

// Four weeks of the synthetic person's rhythm from hourly steps and from
// minute heart rate, side by side: the heart's least active five hours are
// the night's dip, in bpm.
func ExampleCompareRhythms() {
	p := synth.New(synth.Config{Seed: 1, NoTrips: true})
	r := wearnb.Range{From: wearnb.MustDate("2023-06-05"), To: wearnb.MustDate("2023-07-02")}
	from, _ := p.DaySpan(r.From)
	_, to := p.DaySpan(r.To)
	var hr []wearnb.HeartRate
	for _, s := range p.HeartRate(from, to, time.Minute) {
		hr = append(hr, wearnb.HeartRate{Time: s.Time, Local: true, BPM: float64(s.BPM)})
	}
	steps := metrics.RestActivity(metrics.StepsFromHours(p.Hours(r)), metrics.RhythmOptions{})
	heart := metrics.RestActivity(metrics.HeartRateSeries(hr, time.Minute, nil), metrics.RhythmOptions{})
	c := metrics.CompareRhythms(steps.Named("steps", "steps/h"), heart.Named("heart rate", "bpm"))
	for _, line := range strings.Split(c.String(), "\n")[1:] {
		fmt.Println(strings.Join(strings.Fields(line), " "))
	}
	fmt.Println(strings.Contains(c.HTML(), "<th style=\"padding:2px 8px;text-align:right\">heart rate</th>"))
	// Output:
	// IS 0.22 0.80
	// IV 1.46 0.34
	// L5 3 steps/h from 01:00 50 bpm from 01:29
	// M10 594 steps/h from 10:00 78 bpm from 11:57
	// RA 0.99 0.22
	// days 28 28
	//
	// true
}
