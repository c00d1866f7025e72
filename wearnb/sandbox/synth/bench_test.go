package synth

import (
	"testing"
	"time"

	"wearnb.dev/wearnb"
)

// BenchmarkYear generates one year of sleeps, hours and days for a fresh
// person (nothing memoized).
func BenchmarkYear(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		p := New(Config{Seed: 1})
		p.Sleeps(oneYear)
		p.Hours(oneYear)
		p.Days(oneYear)
	}
}

// BenchmarkYearSleeps generates one year of sleeps only.
func BenchmarkYearSleeps(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		New(Config{Seed: 1}).Sleeps(oneYear)
	}
}

// BenchmarkYearMemoized asks a warm person for a year again.
func BenchmarkYearMemoized(b *testing.B) {
	p := New(Config{Seed: 1})
	p.Days(oneYear)
	b.ReportAllocs()
	for b.Loop() {
		p.Sleeps(oneYear)
		p.Days(oneYear)
	}
}

// BenchmarkHeartRateDay samples one day's heart rate every second.
func BenchmarkHeartRateDay(b *testing.B) {
	p := New(Config{Seed: 1})
	from, to := p.DaySpan(wearnb.MustDate("2023-05-02"))
	b.ReportAllocs()
	for b.Loop() {
		p.HeartRate(from, to, time.Second)
	}
}

// A year must generate in well under a second even on a slow CI machine.
func TestYearIsFast(t *testing.T) {
	if testing.Short() {
		t.Skip("timing")
	}
	start := time.Now()
	p := New(Config{Seed: 11})
	p.Sleeps(oneYear)
	p.Hours(oneYear)
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("one year took %v", d)
	}
}
