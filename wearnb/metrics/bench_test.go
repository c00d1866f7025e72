package metrics

import (
	"sync"
	"testing"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/sandbox/synth"
)

// Benchmarks: every measure over five years of nights (the synthetic
// person's 2020-2024, main sleeps and naps with 30-s stages) and a year of
// minute steps (2023, at home: 525 600 values).

var (
	benchOnce    sync.Once
	fiveYears    = wearnb.Range{From: wearnb.MustDate("2020-01-01"), To: wearnb.MustDate("2024-12-31")}
	benchSleeps  []wearnb.Sleep
	benchHours   []wearnb.HourMoves
	benchMinutes Series
	benchRows    []NightRow
	benchGrid    SleepWake
)

func benchData(b *testing.B) {
	b.Helper()
	benchOnce.Do(func() {
		p := synth.Default()
		benchSleeps = p.Sleeps(fiveYears)
		benchHours = p.Hours(fiveYears)
		benchRows = Nightly(NightsFromSleeps(benchSleeps), Options{})
		benchGrid = SleepWakeFromSleeps(benchSleeps, fiveYears, time.Minute, false)
		home := synth.New(synth.Config{Seed: 1, NoTrips: true})
		y := wearnb.Range{From: wearnb.MustDate("2023-01-01"), To: wearnb.MustDate("2023-12-31")}
		benchMinutes = Series{Start: y.From.In(time.UTC), Epoch: time.Minute}
		for d := y.From; !d.After(y.To); d = d.AddDays(1) {
			m := home.Minutes(d)
			// DST days have 1380/1500 minutes: fit them to the 1440-minute
			// clock day (the benchmark measures speed, not DST handling).
			for i := range 1440 {
				v := nan
				if i < len(m) {
					v = float64(m[i])
				}
				benchMinutes.Values = append(benchMinutes.Values, v)
			}
		}
	})
	b.ResetTimer()
}

func BenchmarkNightsFromSleeps5y(b *testing.B) {
	benchData(b)
	for b.Loop() {
		NightsFromSleeps(benchSleeps)
	}
}

func BenchmarkNightly5y(b *testing.B) {
	benchData(b)
	nights := NightsFromSleeps(benchSleeps)
	b.ResetTimer()
	for b.Loop() {
		Nightly(nights, Options{})
	}
}

func BenchmarkNightFrame5y(b *testing.B) {
	benchData(b)
	for b.Loop() {
		if _, err := NightFrame(benchRows); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPeriod5y(b *testing.B) {
	benchData(b)
	for b.Loop() {
		Period(benchRows, fiveYears)
	}
}

func BenchmarkRolling28d5y(b *testing.B) {
	benchData(b)
	for b.Loop() {
		Rolling(benchRows, fiveYears, 28)
	}
}

func BenchmarkChronotypeMCTQ5y(b *testing.B) {
	benchData(b)
	for b.Loop() {
		ChronotypeMCTQ(benchRows, fiveYears, nil)
	}
}

func BenchmarkSleepDebt(b *testing.B) {
	benchData(b)
	for b.Loop() {
		SleepDebt(benchRows, fiveYears.To, Options{})
	}
}

func BenchmarkSleepWakeFromSleeps5y(b *testing.B) {
	benchData(b)
	for b.Loop() {
		SleepWakeFromSleeps(benchSleeps, fiveYears, time.Minute, false)
	}
}

func BenchmarkSRI5y(b *testing.B) {
	benchData(b)
	for b.Loop() {
		SRI(benchGrid, 7)
	}
}

func BenchmarkRollingSRI28d5y(b *testing.B) {
	benchData(b)
	for b.Loop() {
		RollingSRI(benchGrid, 28, 7)
	}
}

func BenchmarkRegularityTrend28d5y(b *testing.B) {
	benchData(b)
	for b.Loop() {
		RegularityTrend(benchRows, benchGrid, fiveYears, 28, Options{})
	}
}

func BenchmarkStepsFromHours5y(b *testing.B) {
	benchData(b)
	for b.Loop() {
		StepsFromHours(benchHours)
	}
}

func BenchmarkRestActivityHourly5y(b *testing.B) {
	benchData(b)
	s := StepsFromHours(benchHours)
	b.ResetTimer()
	for b.Loop() {
		RestActivity(s, RhythmOptions{})
	}
}

func BenchmarkRestActivityMinutes1y(b *testing.B) {
	benchData(b)
	for b.Loop() {
		RestActivity(benchMinutes, RhythmOptions{})
	}
}

func BenchmarkInterdailyStabilityMinutes1y(b *testing.B) {
	benchData(b)
	for b.Loop() {
		InterdailyStability(benchMinutes, RhythmOptions{})
	}
}

func BenchmarkIntradailyVariabilityMinutes1y(b *testing.B) {
	benchData(b)
	for b.Loop() {
		IntradailyVariability(benchMinutes, RhythmOptions{})
	}
}

func BenchmarkL5M10Minutes1y(b *testing.B) {
	benchData(b)
	for b.Loop() {
		LeastActive(benchMinutes, 5, RhythmOptions{})
		MostActive(benchMinutes, 10, RhythmOptions{})
	}
}

func BenchmarkHealthCard5y(b *testing.B) {
	benchData(b)
	for b.Loop() {
		HealthCard(benchSleeps, benchHours, fiveYears, Options{})
	}
}
