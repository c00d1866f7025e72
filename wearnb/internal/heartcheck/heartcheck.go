// Package heartcheck helps the provider packages' tests follow heart-rate
// samples and nightly vitals through the cache: what a payload leaves out
// must come back missing from the database, not 0. Its [Synced] cache of
// fixed streams also serves package trustcheck.
package heartcheck

import (
	"context"
	"net/http"
	"path/filepath"
	"testing"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/cache"
)

// provider is a wearnb.Provider whose streams return records the test
// already holds.
type provider struct {
	name    string
	streams []wearnb.Stream
}

func (p provider) Name() string             { return p.name }
func (p provider) Auth() wearnb.Auth        { return wearnb.Auth{} }
func (p provider) Streams() []wearnb.Stream { return p.streams }

// Cover widens r to cover date d (a zero r becomes d..d).
func Cover(r *wearnb.Range, d wearnb.Date) {
	if r.From.IsZero() || d.Before(r.From) {
		r.From = d
	}
	if r.To.IsZero() || d.After(r.To) {
		r.To = d
	}
}

// Fixed is a stream of kind k that returns b for any range, one request
// for all of r.
func Fixed(name string, k wearnb.Kind, r wearnb.Range, b *wearnb.Batch) wearnb.Stream {
	return wearnb.Stream{Name: name, Kind: k, MaxDays: r.Days(),
		Fetch: func(context.Context, *http.Client, wearnb.Range) (*wearnb.Batch, error) { return b, nil }}
}

// Synced opens a new cache in t's temporary folder and syncs r of
// provider name (account "me") from streams into it, as of 30 days after
// r, so every day is settled. The caller closes the cache.
func Synced(t testing.TB, name string, r wearnb.Range, streams ...wearnb.Stream) *cache.Cache {
	t.Helper()
	c, err := cache.Open(filepath.Join(t.TempDir(), "cache.db"))
	if err != nil {
		t.Fatal(err)
	}
	p := provider{name, streams}
	if _, err := c.Sync(context.Background(), p, "me", nil, r, cache.WithToday(r.To.AddDays(30)), cache.WithoutProgress()); err != nil {
		c.Close()
		t.Fatal(err)
	}
	return c
}

// ThroughCache stores the heart-rate samples and vitals of b in a new cache
// (as provider, account "me", the days they are dated on), reads them back
// and returns them, as a notebook would get them.
func ThroughCache(t testing.TB, name string, b *wearnb.Batch) ([]wearnb.HeartRate, []wearnb.Vitals) {
	t.Helper()
	var r wearnb.Range
	for _, h := range b.HeartRate {
		Cover(&r, h.Date())
	}
	for _, v := range b.Vitals {
		Cover(&r, v.Date)
	}
	if r.From.IsZero() {
		t.Fatal("heartcheck: nothing to store")
	}
	c := Synced(t, name, r,
		Fixed("hr", wearnb.KindHeartRate, r, &wearnb.Batch{HeartRate: b.HeartRate}),
		Fixed("vitals", wearnb.KindVitals, r, &wearnb.Batch{Vitals: b.Vitals}))
	defer c.Close()
	ctx := context.Background()
	hr, err := c.HeartRate(ctx, name, "me", r)
	if err != nil {
		t.Fatal(err)
	}
	vs, err := c.Vitals(ctx, name, "me", r)
	if err != nil {
		t.Fatal(err)
	}
	return hr, vs
}

// DaysThroughCache stores days in a new cache and reads them back, as
// ThroughCache does samples and vitals.
func DaysThroughCache(t testing.TB, name string, days []wearnb.DayMoves) []wearnb.DayMoves {
	t.Helper()
	var r wearnb.Range
	for _, d := range days {
		Cover(&r, d.Date)
	}
	c := Synced(t, name, r, Fixed("days", wearnb.KindDayMoves, r, &wearnb.Batch{Days: days}))
	defer c.Close()
	out, err := c.Days(context.Background(), name, "me", r)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
