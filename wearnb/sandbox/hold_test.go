package sandbox

import (
	"testing"
	"time"

	"wearnb.dev/wearnb/internal/clock"
)

// HoldUploads withholds the heart-rate samples measured from its instant
// on, and releasing it serves them again.
func TestHoldUploads(t *testing.T) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	s := New(Options{Clock: clock.NewFake(now)})
	from := now.Add(-24 * time.Hour)
	all := len(s.heartRate(from, now, time.Minute))
	s.HoldUploads(now.Add(-6 * time.Hour))
	held := s.heartRate(from, now, time.Minute)
	for _, x := range held {
		if !x.Time.Before(now.Add(-6 * time.Hour)) {
			t.Fatalf("sample at %v served while held", x.Time)
		}
	}
	s.HoldUploads(time.Time{})
	if again := len(s.heartRate(from, now, time.Minute)); all < 18*60 || len(held) >= all || again != all {
		t.Errorf("samples: %d, %d held, %d after the upload", all, len(held), again)
	}
}
