package wearnb

import (
	"sync"
	"testing"
	"time"
)

func TestFixedZone(t *testing.T) {
	for _, tc := range []struct {
		off  int
		name string
	}{
		{0, "UTC"},
		{-5 * 3600, "-05:00"},
		{3600, "+01:00"},
		{5*3600 + 1800, "+05:30"},
		{-(3*3600 + 1800), "-03:30"},
		{5*3600 + 45*60, "+05:45"},
		{14 * 3600, "+14:00"},
		{-12 * 3600, "-12:00"},
		{3600 + 30, "+01:00"}, // seconds are not named
	} {
		l := FixedZone(tc.off)
		name, off := time.Date(2024, 1, 1, 0, 0, 0, 0, l).Zone()
		if l.String() != tc.name || name != tc.name || off != tc.off {
			t.Errorf("FixedZone(%d) = %q (zone %q, offset %d), want %q", tc.off, l, name, off, tc.name)
		}
		if FixedZone(tc.off) != l {
			t.Errorf("FixedZone(%d) is not cached", tc.off)
		}
	}
	if FixedZone(0) != time.UTC {
		t.Error("FixedZone(0) is not time.UTC")
	}
}

func TestFixedZoneConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	got := make([]*time.Location, 8)
	for i := range got {
		wg.Go(func() { got[i] = FixedZone(-7 * 3600) })
	}
	wg.Wait()
	for _, l := range got {
		if l != got[0] || l.String() != "-07:00" {
			t.Fatalf("concurrent calls gave %v", got)
		}
	}
}
