// Package heartcheck helps the provider packages' tests follow heart-rate
// samples and nightly vitals through the cache: what a payload leaves out
// must come back missing from the database, not 0.
package heartcheck

import (
	"context"
	"net/http"
	"path/filepath"
	"testing"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/cache"
)

type provider struct {
	name    string
	streams []wearnb.Stream
}

func (p provider) Name() string             { return p.name }
func (p provider) Auth() wearnb.Auth        { return wearnb.Auth{} }
func (p provider) Streams() []wearnb.Stream { return p.streams }

// ThroughCache stores the heart-rate samples and vitals of b in a new cache
// (as provider, account "me", the days they are dated on), reads them back
// and returns them, as a notebook would get them.
func ThroughCache(t testing.TB, name string, b *wearnb.Batch) ([]wearnb.HeartRate, []wearnb.Vitals) {
	t.Helper()
	var r wearnb.Range
	grow := func(d wearnb.Date) {
		if r.From.IsZero() || d.Before(r.From) {
			r.From = d
		}
		if r.To.IsZero() || d.After(r.To) {
			r.To = d
		}
	}
	for _, h := range b.HeartRate {
		grow(h.Date())
	}
	for _, v := range b.Vitals {
		grow(v.Date)
	}
	if r.From.IsZero() {
		t.Fatal("heartcheck: nothing to store")
	}
	fixed := func(s, k string) wearnb.Stream {
		return wearnb.Stream{Name: s, Kind: wearnb.Kind(k), MaxDays: r.Days(), Settles: 0,
			Fetch: func(context.Context, *http.Client, wearnb.Range) (*wearnb.Batch, error) {
				if k == string(wearnb.KindHeartRate) {
					return &wearnb.Batch{HeartRate: b.HeartRate}, nil
				}
				return &wearnb.Batch{Vitals: b.Vitals}, nil
			}}
	}
	c, err := cache.Open(filepath.Join(t.TempDir(), "cache.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx := context.Background()
	p := provider{name, []wearnb.Stream{fixed("hr", string(wearnb.KindHeartRate)), fixed("vitals", string(wearnb.KindVitals))}}
	if _, err := c.Sync(ctx, p, "me", nil, r, cache.WithToday(r.To.AddDays(30)), cache.WithoutProgress()); err != nil {
		t.Fatal(err)
	}
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
		if r.From.IsZero() || d.Date.Before(r.From) {
			r.From = d.Date
		}
		if r.To.IsZero() || d.Date.After(r.To) {
			r.To = d.Date
		}
	}
	c, err := cache.Open(filepath.Join(t.TempDir(), "cache.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx := context.Background()
	p := provider{name, []wearnb.Stream{{Name: "days", Kind: wearnb.KindDayMoves, MaxDays: r.Days(),
		Fetch: func(context.Context, *http.Client, wearnb.Range) (*wearnb.Batch, error) {
			return &wearnb.Batch{Days: days}, nil
		}}}}
	if _, err := c.Sync(ctx, p, "me", nil, r, cache.WithToday(r.To.AddDays(30)), cache.WithoutProgress()); err != nil {
		t.Fatal(err)
	}
	out, err := c.Days(ctx, name, "me", r)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
