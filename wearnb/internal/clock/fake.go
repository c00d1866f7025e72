package clock

import (
	"context"
	"sync"
	"time"
)

// Fake is a fake clock: it moves only when told to, and its Sleep records
// each wait and moves the clock on instead of waiting. Give Now and Sleep to
// fetch.WithClock and fetch.WithSleep; a *Fake is also a sandbox.Clock
// (sandbox.FakeClock is this type). It is safe for concurrent use.
type Fake struct {
	mu     sync.Mutex
	t      time.Time
	waits  []time.Duration
	frozen bool
}

// NewFake returns a Fake showing start.
func NewFake(start time.Time) *Fake { return &Fake{t: start} }

// Frozen returns a Fake showing start whose Sleep records waits without
// moving it; only Advance and Set do.
func Frozen(start time.Time) *Fake { return &Fake{t: start, frozen: true} }

// Now returns the clock's time.
func (c *Fake) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward by d (backward if d is negative) without
// recording a wait.
func (c *Fake) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// Set moves the clock to t without recording a wait.
func (c *Fake) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// Sleep records d, moves the clock forward by d (unless it is Frozen) and
// returns ctx.Err() at once.
func (c *Fake) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.waits = append(c.waits, d)
	if !c.frozen {
		c.t = c.t.Add(d)
	}
	c.mu.Unlock()
	return ctx.Err()
}

// Waits returns the durations Sleep was called with so far, in order.
func (c *Fake) Waits() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.waits...)
}
