// Package faketime is a clock for tests of code that waits: it moves only
// when told to, and its Sleep records each wait and moves the clock on
// instead of waiting. Give Now and Sleep to fetch.WithClock and
// fetch.WithSleep; a *Clock is also a sandbox.Clock.
package faketime

import (
	"context"
	"sync"
	"time"
)

// Clock is a fake clock. It is safe for concurrent use.
type Clock struct {
	mu     sync.Mutex
	t      time.Time
	waits  []time.Duration
	frozen bool
}

// New returns a Clock showing start.
func New(start time.Time) *Clock { return &Clock{t: start} }

// Frozen returns a Clock showing start whose Sleep records waits without
// moving it; only Advance does.
func Frozen(start time.Time) *Clock { return &Clock{t: start, frozen: true} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward by d (backward if d is negative) without
// recording a wait.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// Sleep records d, moves the clock forward by d (unless it is Frozen) and
// returns ctx.Err() at once.
func (c *Clock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.waits = append(c.waits, d)
	if !c.frozen {
		c.t = c.t.Add(d)
	}
	c.mu.Unlock()
	return ctx.Err()
}

// Waits returns the durations Sleep was called with so far, in order.
func (c *Clock) Waits() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.waits...)
}
