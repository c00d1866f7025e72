package clock_test

import (
	"context"
	"fmt"
	"time"

	"wearnb.dev/wearnb/internal/clock"
)

// A Fake stands in for the two functions code that waits takes: its Sleep
// returns at once, records the wait and moves the clock.
func ExampleFake() {
	c := clock.NewFake(time.Date(2026, 3, 8, 12, 0, 0, 0, time.UTC))
	var sleep func(context.Context, time.Duration) error = c.Sleep // or clock.Sleep
	_ = sleep(context.Background(), 30*time.Second)
	fmt.Println(c.Now().Format(time.TimeOnly), c.Waits())
	// Output: 12:00:30 [30s]
}
