package providers_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/cache"
	"wearnb.dev/wearnb/internal/sandboxtest"
	"wearnb.dev/wearnb/providers"
	"wearnb.dev/wearnb/providers/base"
	"wearnb.dev/wearnb/providers/fitbit"
	"wearnb.dev/wearnb/providers/googlehealth"
	"wearnb.dev/wearnb/sandbox"
)

// TestFitbitYearOfHeartRateIs365Requests syncs a year of Fitbit intraday
// heart rate through the cache: one request a day, the API's maximum (its
// 150 requests an hour make the client wait, on the sandbox's fake clock),
// 365 in all; syncing the settled year again costs none.
func TestFitbitYearOfHeartRateIs365Requests(t *testing.T) {
	skipUnderRace(t)
	env := sandboxtest.New(t, sandbox.Fitbit, fitbit.Scopes)
	p := fitbit.Sandbox(env.URL, base.WithFetchOptions(env.FetchOptions()...), fitbit.WithZones(env.Person.Zone))
	c, err := cache.Open(filepath.Join(t.TempDir(), "cache.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx := context.Background()
	year := rangeOf("2025-01-01", "2025-12-31")
	opts := []cache.SyncOption{cache.WithStreams("heartrate"), cache.WithToday(wearnb.DateOf(env.Clock.Now())), cache.WithoutProgress()}
	before := env.Server.Requests(sandbox.Fitbit)
	rep, err := c.Sync(ctx, p, "me", env.HTTP, year, opts...)
	if err != nil {
		t.Fatal(err)
	}
	if n := env.Server.Requests(sandbox.Fitbit) - before; rep.Requests != 365 || rep.ChunksFetched != 365 || n != 365 {
		t.Errorf("a year of intraday heart rate: %d requests (%d at the sandbox) in %d chunks, want 365", rep.Requests, n, rep.ChunksFetched)
	}
	if len(env.Clock.Waits()) == 0 {
		t.Error("365 requests never waited for Fitbit's 150 an hour")
	}
	hs, err := c.HeartRate(ctx, "fitbit", "me", year)
	if err != nil {
		t.Fatal(err)
	}
	if len(hs) < 365*1440*9/10 {
		t.Errorf("%d samples cached for the year", len(hs))
	}
	again, err := c.Sync(ctx, p, "me", env.HTTP, year, opts...)
	if err != nil {
		t.Fatal(err)
	}
	if again.Requests != 0 || again.ChunksFetched != 0 {
		t.Errorf("re-sync of the settled year: %s", again)
	}
	t.Logf("%s; %d samples cached; again: %s", rep, len(hs), again)
}

// TestHeartStreamsResyncIncrementally syncs the heart-rate and vitals
// streams of every provider over the last 40 days up to today, then again
// with the same today: each stream re-fetches only its unsettled tail, one
// chunk (one Fetch; Fitbit's one-day heart-rate stream: today only, since
// yesterday was fetched whole within cache.SettlingRefresh), and a range
// that has settled costs nothing.
func TestHeartStreamsResyncIncrementally(t *testing.T) {
	skipUnderRace(t)
	for _, name := range []string{"oura", "fitbit", "googlehealth"} {
		t.Run(name, func(t *testing.T) {
			e, _ := providers.Lookup(name)
			env := sandboxtest.New(t, name, e.New().Auth().Scopes)
			opts := []base.Option{base.WithFetchOptions(env.FetchOptions()...)}
			if name == "fitbit" {
				opts = append(opts, fitbit.WithZones(env.Person.Zone))
			}
			p := e.Sandbox(env.URL, opts...)
			var streams []string
			for _, s := range p.Streams() {
				if s.Yields(wearnb.KindHeartRate) || s.Yields(wearnb.KindVitals) {
					streams = append(streams, s.Name)
				}
			}
			c, err := cache.Open(filepath.Join(t.TempDir(), "cache.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			ctx := context.Background()
			today := wearnb.DateOf(env.Clock.Now())
			recent := wearnb.Range{From: today.AddDays(-39), To: today}
			sync := func(r wearnb.Range) *cache.SyncReport {
				rep, err := c.Sync(ctx, p, "me", env.HTTP, r, cache.WithStreams(streams...), cache.WithToday(today), cache.WithoutProgress())
				if err != nil {
					t.Fatal(err)
				}
				return rep
			}
			sync(recent)
			again := sync(recent)
			for _, sr := range again.Streams {
				var s wearnb.Stream
				for _, x := range p.Streams() {
					if x.Name == sr.Stream {
						s = x
					}
				}
				if len(sr.Fetched) != 1 || (s.MaxDays == 1 && sr.Fetched[0].From != today) {
					t.Errorf("%s re-fetched %d chunks %v, want one (today's for one day a chunk)", sr.Stream, len(sr.Fetched), sr.Fetched)
				}
				t.Logf("%s %s: up-to-date re-sync fetched %d chunk(s), %d request(s)", name, sr.Stream, len(sr.Fetched), sr.Requests)
			}
			settled := wearnb.Range{From: recent.From, To: today.AddDays(-5)}
			if rep := sync(settled); rep.Requests != 0 {
				t.Errorf("settled part re-synced: %s", rep)
			}
		})
	}
}

// TestGoogleYearOfDaysIs64RollUps syncs a year of Google Health days
// through the cache: the days stream's 84-day chunks cost 5 roll-ups of
// steps and of distance and 27 of total calories and of active minutes,
// 64 in all, the fewest the API's 14- and 90-day limits allow, plus one
// list of resting heart rates a chunk (5).
func TestGoogleYearOfDaysIs64RollUps(t *testing.T) {
	env := sandboxtest.New(t, sandbox.GoogleHealth, googlehealth.Scopes)
	p := googlehealth.Sandbox(env.URL, base.WithFetchOptions(env.FetchOptions()...))
	c, err := cache.Open(filepath.Join(t.TempDir(), "cache.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	year := rangeOf("2025-01-01", "2025-12-31")
	before := len(env.Paths())
	rep, err := c.Sync(context.Background(), p, "me", env.HTTP, year, cache.WithStreams("days"),
		cache.WithToday(wearnb.DateOf(env.Clock.Now())), cache.WithoutProgress())
	if err != nil {
		t.Fatal(err)
	}
	rollups, lists := 0, 0
	for _, path := range env.Paths()[before:] {
		switch {
		case strings.HasSuffix(path, ":dailyRollUp"):
			rollups++
		case strings.Contains(path, "daily-resting-heart-rate"):
			lists++
		}
	}
	if rollups != 64 || lists != 5 || rep.Requests != 69 || rep.ChunksFetched != 5 {
		t.Errorf("a year of days: %d roll-ups and %d resting-rate lists (%d requests in %d chunks); want 64 and 5", rollups, lists, rep.Requests, rep.ChunksFetched)
	}
	days, err := c.Days(context.Background(), "googlehealth", "me", year)
	if err != nil || len(days) < 350 {
		t.Fatalf("%d days cached, %v", len(days), err)
	}
	for _, d := range days {
		if !d.Steps.OK() || !d.DistanceM.OK() || !d.CaloriesKcal.OK() || !d.ActiveMinutes.OK() {
			t.Fatalf("%v: a total is missing: %+v", d.Date, d)
		}
	}
	t.Logf("%s: %d roll-ups, %d lists", rep, rollups, lists)
}

// skipUnderRace skips a data-volume test under -race: make test's gotest
// target runs this package a second time without -race, where they take
// seconds, and every concurrent path they use (cache, fetch, sandbox) has
// race-checked tests of its own.
func skipUnderRace(t *testing.T) {
	t.Helper()
	if raceOn {
		t.Skip("data-volume test: run without -race (make gotest does)")
	}
}
