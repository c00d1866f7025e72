// Command metricsbench is the Go side of benchmark B5 (`make bench`, issue
// 13): it computes every measure of package metrics over five years of
// nights (the sandbox person's 2020-2024: main sleeps and naps with 30-s
// stages, and hourly steps) and a year of minute steps (2023, at home),
// and prints one JSON line of timings. It also writes the two series the
// pyActigraphy side (../../testdata/b5.py) measures, so both read the same
// data.
//
//	go run ./wearnb/metrics/internal/metricsbench -data DIR [-reps 3] [-night-days 1827] [-minute-days 365]
//
// -night-days and -minute-days shrink the data for the bench's smoke run:
// the nights are the last night-days days to 2024-12-31, the minutes the
// first minute-days days of 2023.
//
// DIR receives, unless they are there already (so give each size its own
// folder):
//
//	minute_steps.csv   time,value: 525 600 minutes of 2023 on the local
//	                   clock (DST days fitted to 1 440 minutes)
//	sleepwake.csv      time,value: the 1-min sleep (1) / wake (0) grid of
//	                   2020-2024 (2 630 880 epochs); an empty value is
//	                   missing (a night not recorded)
//
// Output: {"seconds": [total per round], "comparable_seconds": [per round,
// the measures pyActigraphy also computes: IS, IV, L5, M10 and RA of the
// minute year and SRI of the grid], "metrics": {name: [seconds per
// round]}, "values": {...}, "inputs": {...}, "peak_mib": …}. Generating
// the data is not timed; each measure is timed on its own, inputs in
// memory, as a notebook cell calls it.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/metrics"
	"wearnb.dev/wearnb/sandbox/synth"
)

var (
	fiveYears  = wearnb.Range{From: wearnb.MustDate("2020-01-01"), To: wearnb.MustDate("2024-12-31")}
	minuteYear = wearnb.Range{From: wearnb.MustDate("2023-01-01"), To: wearnb.MustDate("2023-12-31")}
)

// Files the pyActigraphy side reads.
const (
	MinuteFile = "minute_steps.csv"
	GridFile   = "sleepwake.csv"
)

func main() {
	log.SetFlags(0)
	dir := flag.String("data", "", "folder for the exported series (created if missing)")
	reps := flag.Int("reps", 3, "rounds: every measure is timed this many times")
	nightDays := flag.Int("night-days", fiveYears.Days(), "days of nights, to 2024-12-31 (at least 7)")
	minuteDays := flag.Int("minute-days", minuteYear.Days(), "days of minute steps, from 2023-01-01 (at least 7)")
	flag.Parse()
	if *dir == "" || *reps < 1 || *nightDays < 7 || *minuteDays < 7 {
		log.Fatal("usage: metricsbench -data DIR [-reps N] [-night-days N] [-minute-days N] (N ≥ 7 days)")
	}
	fiveYears = fiveYears.Last(*nightDays)
	minuteYear = wearnb.Range{From: minuteYear.From, To: minuteYear.From.AddDays(*minuteDays - 1)}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		log.Fatal(err)
	}

	p := synth.Default()
	sleeps := p.Sleeps(fiveYears)
	hours := p.Hours(fiveYears)
	minutes := minuteSteps(synth.New(synth.Config{Seed: 1, NoTrips: true}), minuteYear)
	rows := metrics.Nightly(metrics.NightsFromSleeps(sleeps), metrics.Options{})
	grid := metrics.SleepWakeFromSleeps(sleeps, fiveYears, time.Minute, false)
	hourly := metrics.StepsFromHours(hours)
	if err := export(filepath.Join(*dir, MinuteFile), minutes.Start, time.Minute, minutes.Values); err != nil {
		log.Fatal(err)
	}
	if err := export(filepath.Join(*dir, GridFile), fiveYears.From.In(time.UTC), time.Minute, gridValues(grid)); err != nil {
		log.Fatal(err)
	}

	ro := metrics.RhythmOptions{}
	measures := []struct {
		name       string
		comparable bool
		run        func() any
	}{
		{"NightsFromSleeps+Nightly 5y", false, func() any { return metrics.Nightly(metrics.NightsFromSleeps(sleeps), metrics.Options{}) }},
		{"NightFrame 5y", false, func() any { df, _ := metrics.NightFrame(rows); return df }},
		{"Period 5y", false, func() any { return metrics.Period(rows, fiveYears) }},
		{"Rolling 28d 5y", false, func() any { return metrics.Rolling(rows, fiveYears, 28) }},
		{"ChronotypeMCTQ 5y", false, func() any { return metrics.ChronotypeMCTQ(rows, fiveYears, nil) }},
		{"SleepDebt", false, func() any { return metrics.SleepDebt(rows, fiveYears.To, metrics.Options{}) }},
		{"SleepWakeFromSleeps 5y 1-min", false, func() any { return metrics.SleepWakeFromSleeps(sleeps, fiveYears, time.Minute, false) }},
		{"SRI 5y 1-min", true, func() any { return metrics.SRI(grid, 7) }},
		{"RollingSRI 28d 5y", false, func() any { return metrics.RollingSRI(grid, 28, 7) }},
		{"RegularityTrend 28d 5y", false, func() any { return metrics.RegularityTrend(rows, grid, fiveYears, 28, metrics.Options{}) }},
		{"StepsFromHours 5y", false, func() any { return metrics.StepsFromHours(hours) }},
		{"RestActivity hourly 5y", false, func() any { return metrics.RestActivity(hourly, ro) }},
		{"IS minutes 1y", true, func() any { return metrics.InterdailyStability(minutes, ro) }},
		{"IV minutes 1y", true, func() any { return metrics.IntradailyVariability(minutes, ro) }},
		{"L5 minutes 1y", true, func() any { v, _ := metrics.LeastActive(minutes, 5, ro); return v }},
		{"M10 minutes 1y", true, func() any { v, _ := metrics.MostActive(minutes, 10, ro); return v }},
		{"RA minutes 1y", true, func() any { return metrics.RelativeAmplitude(minutes, ro) }},
		{"RestActivity minutes 1y (all five at once)", false, func() any { return metrics.RestActivity(minutes, ro) }},
		{"HealthCard 5y", false, func() any { return metrics.HealthCard(sleeps, hours, fiveYears, metrics.Options{}) }},
	}
	per := map[string][]float64{}
	total := make([]float64, *reps)
	comparable := make([]float64, *reps)
	for r := range *reps {
		for _, m := range measures {
			t0 := time.Now()
			if m.run() == nil {
				log.Fatalf("%s returned nothing", m.name)
			}
			s := time.Since(t0).Seconds()
			per[m.name] = append(per[m.name], s)
			total[r] += s
			if m.comparable {
				comparable[r] += s
			}
		}
	}
	rh := metrics.RestActivity(minutes, ro)
	sri := metrics.SRI(grid, 7)
	emit(map[string]any{
		"seconds":            total,
		"comparable_seconds": comparable,
		"metrics":            per,
		"values": map[string]float64{
			"IS": rh.IS, "IV": rh.IV, "L5": rh.L5, "M10": rh.M10, "RA": rh.RA,
			"L5_start_min": rh.L5Start, "M10_start_min": rh.M10Start, "SRI": sri.SRI,
		},
		"inputs": map[string]any{
			"sleeps": len(sleeps), "hours": len(hours), "minute_values": len(minutes.Values),
			"grid_epochs": len(grid.State), "minutes_csv": MinuteFile, "grid_csv": GridFile,
			"nights_range": fiveYears.String(), "minutes_range": minuteYear.String(),
		},
	})
}

// minuteSteps is the person's steps per minute over r on the local clock,
// every day fitted to 1 440 minutes (DST days have 1 380 or 1 500: the
// benchmark measures speed, not DST handling); days without data missing.
func minuteSteps(p *synth.Person, r wearnb.Range) metrics.Series {
	s := metrics.Series{Start: r.From.In(time.UTC), Epoch: time.Minute}
	for d := r.From; !d.After(r.To); d = d.AddDays(1) {
		m := p.Minutes(d)
		for i := range 1440 {
			v := math.NaN()
			if i < len(m) {
				v = float64(m[i])
			}
			s.Values = append(s.Values, v)
		}
	}
	return s
}

// gridValues is the grid as 1 (sleep), 0 (wake) and NaN (missing).
func gridValues(g metrics.SleepWake) []float64 {
	v := make([]float64, len(g.State))
	for i, s := range g.State {
		switch s {
		case metrics.Sleep:
			v[i] = 1
		case metrics.Wake:
			v[i] = 0
		default:
			v[i] = math.NaN()
		}
	}
	return v
}

// export writes values as CSV (time on the local clock, value; empty when
// missing) unless path exists.
func export(path string, start time.Time, epoch time.Duration, v []float64) error {
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	var b strings.Builder
	b.Grow(len(v) * 24)
	b.WriteString("time,value\n")
	for k, x := range v {
		b.WriteString(start.Add(time.Duration(k) * epoch).Format("2006-01-02 15:04:05"))
		b.WriteByte(',')
		if !math.IsNaN(x) {
			b.WriteString(strconv.FormatFloat(x, 'g', -1, 64))
		}
		b.WriteByte('\n')
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("metricsbench: %w", err)
	}
	return os.Rename(tmp, path)
}

// emit prints one JSON line with the process's peak resident set, as the
// other B workloads do.
func emit(r map[string]any) {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	r["peak_mib"] = float64(ru.Maxrss) / 1024
	b, err := json.Marshal(r)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(b))
}
