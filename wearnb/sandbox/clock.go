package sandbox

import (
	"time"

	"wearnb.dev/wearnb/internal/clock"
)

// Clock tells the sandbox what time it is. It drives token and code expiry,
// rate-limit windows and "today" (the last day with data). The zero Options
// use the system clock; tests pass a *FakeClock.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// FakeClock is a Clock that moves only when told to (Advance, Set). It is
// wearnb's one fake clock, so its Now and Sleep can also drive a provider
// client's waits (fetch.WithClock, fetch.WithSleep): a wait then moves the
// sandbox's time too. It is safe for concurrent use.
type FakeClock = clock.Fake

// NewFakeClock returns a FakeClock showing t.
func NewFakeClock(t time.Time) *FakeClock { return clock.NewFake(t) }
