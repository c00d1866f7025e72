package main

import (
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/metrics"
)

// The CSV is the contract with b5.py (and oracle.py's load): a header,
// the local clock time, and an empty value for a missing one.
func TestExport(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.csv")
	start := time.Date(2023, 1, 1, 23, 58, 0, 0, time.UTC)
	if err := export(path, start, time.Minute, []float64{3, math.NaN(), 0.5}); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	want := "time,value\n2023-01-01 23:58:00,3\n2023-01-01 23:59:00,\n2023-01-02 00:00:00,0.5\n"
	if string(got) != want {
		t.Fatalf("csv:\n%s\nwant:\n%s", got, want)
	}
	// A file already there is kept: the pyActigraphy side may be reading it.
	if err := export(path, start, time.Minute, []float64{9}); err != nil {
		t.Fatal(err)
	}
	if again, _ := os.ReadFile(path); string(again) != want {
		t.Fatalf("export rewrote an existing file:\n%s", again)
	}
}

func TestGridValues(t *testing.T) {
	g := metrics.NewSleepWake(wearnb.MustDate("2024-01-01"), 1, 8*time.Hour)
	g.State[1], g.State[2] = metrics.Sleep, metrics.Wake
	v := gridValues(g)
	if !math.IsNaN(v[0]) || v[1] != 1 || v[2] != 0 {
		t.Errorf("grid values %v, want [NaN 1 0]", v)
	}
}
