package clock

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"
)

func TestClock(t *testing.T) {
	start := time.Date(2026, 3, 8, 12, 0, 0, 0, time.UTC)
	c := NewFake(start)
	if !c.Now().Equal(start) || c.Waits() != nil {
		t.Fatalf("new clock: %v, waits %v", c.Now(), c.Waits())
	}
	if err := c.Sleep(t.Context(), 3*time.Second); err != nil {
		t.Fatal(err)
	}
	c.Advance(time.Minute)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := c.Sleep(ctx, 2*time.Second); !errors.Is(err, context.Canceled) {
		t.Errorf("Sleep on a cancelled context = %v", err)
	}
	if got, want := c.Now(), start.Add(time.Minute+5*time.Second); !got.Equal(want) {
		t.Errorf("Now = %v, want %v", got, want)
	}
	w := c.Waits()
	if !reflect.DeepEqual(w, []time.Duration{3 * time.Second, 2 * time.Second}) {
		t.Errorf("Waits = %v", w)
	}
	w[0] = 0
	if c.Waits()[0] != 3*time.Second {
		t.Error("Waits returns the clock's own slice")
	}
}

func TestFrozen(t *testing.T) {
	start := time.Date(2026, 3, 8, 12, 0, 0, 0, time.UTC)
	c := Frozen(start)
	if err := c.Sleep(t.Context(), time.Hour); err != nil {
		t.Fatal(err)
	}
	if !c.Now().Equal(start) || !reflect.DeepEqual(c.Waits(), []time.Duration{time.Hour}) {
		t.Errorf("after Sleep: %v, waits %v; want the start and one wait", c.Now(), c.Waits())
	}
	c.Advance(time.Minute)
	if !c.Now().Equal(start.Add(time.Minute)) {
		t.Errorf("after Advance: %v", c.Now())
	}
}

func TestSet(t *testing.T) {
	start := time.Date(2026, 3, 8, 12, 0, 0, 0, time.UTC)
	c := NewFake(start)
	c.Set(start.Add(-time.Hour))
	if !c.Now().Equal(start.Add(-time.Hour)) || c.Waits() != nil {
		t.Errorf("after Set: %v, waits %v", c.Now(), c.Waits())
	}
}

func TestSleep(t *testing.T) {
	start := time.Now()
	if err := Sleep(t.Context(), 20*time.Millisecond); err != nil || time.Since(start) < 20*time.Millisecond {
		t.Errorf("Sleep(20ms) = %v after %v", err, time.Since(start))
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	start = time.Now()
	if err := Sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) || time.Since(start) > time.Second {
		t.Errorf("Sleep on a cancelled context = %v after %v", err, time.Since(start))
	}
	if err := Sleep(ctx, 0); !errors.Is(err, context.Canceled) {
		t.Errorf("Sleep(0) on a cancelled context = %v", err)
	}
	if err := Sleep(t.Context(), -time.Second); err != nil {
		t.Errorf("Sleep(-1s) = %v", err)
	}
}
