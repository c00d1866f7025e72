// Package clock is wearnb's one home for time in code that waits: [Sleep],
// the real wait that fetch's retries and the token store's refresh backoff
// share, and [Fake], a clock for their tests and the sandbox's that moves
// only when told to.
//
// Code that waits takes its clock as two functions, now and sleep, with
// time.Now and Sleep as defaults; tests pass a Fake's Now and Sleep.
package clock

import (
	"context"
	"time"
)

// Sleep waits for d or until ctx ends, whichever comes first, and returns
// ctx.Err() if ctx ended first (also when d <= 0, which does not wait).
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
