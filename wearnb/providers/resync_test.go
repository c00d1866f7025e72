package providers_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/cache"
	"wearnb.dev/wearnb/internal/sandboxtest"
	"wearnb.dev/wearnb/providers"
	"wearnb.dev/wearnb/providers/base"
)

// TestUpToDateResyncIsOneChunkPerStream walks the registry: a full sync of
// every stream over the last two weeks at a fixed time on the sandbox's
// fake clock, then the same sync ten minutes later. The second costs at
// most one chunk (one Stream.Fetch) per stream, and no more requests than
// one chunk of that stream costs over a range without data (a stream that
// reads several endpoints, such as Fitbit's six activity series, sends one
// request to each; Jawbone's sleeps add one ticks request per sleep);
// Fitbit's one-day intraday streams (heart rate, hourly steps) fetch only
// today, one request each, where they fetched yesterday too before
// cache.SettlingRefresh. Heart-rate samples that reach the provider late
// (the sandbox holds yesterday's evening until after the first sync) are
// still cached: by the re-sync's chunk where it holds the settling tail,
// by the sync an hour later for the one-day streams.
func TestUpToDateResyncIsOneChunkPerStream(t *testing.T) {
	for _, e := range providers.All() {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel()
			w := wants[e.Name]
			env := sandboxtest.New(t, e.Name, e.New().Auth().Scopes)
			opts := []base.Option{base.WithFetchOptions(env.FetchOptions()...)}
			if w.opts != nil {
				opts = append(opts, w.opts(env)...)
			}
			p := e.Sandbox(env.URL, opts...)
			c, err := cache.Open(filepath.Join(t.TempDir(), "cache.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			ctx := context.Background()
			today := wearnb.DateOf(env.Clock.Now())
			recent := wearnb.Range{From: today.AddDays(-13), To: today}
			sync := func() *cache.SyncReport {
				rep, err := c.Sync(ctx, p, "me", env.HTTP, recent, cache.WithClock(env.Clock.Now), cache.WithoutProgress())
				if err != nil {
					t.Fatal(err)
				}
				return rep
			}
			// The watch last uploaded 16 hours ago: yesterday's evening
			// heart rate reaches the provider only after the first sync.
			env.Server.HoldUploads(env.Clock.Now().Add(-16 * time.Hour))
			sync()
			env.Server.HoldUploads(time.Time{})
			env.Clock.Advance(10 * time.Minute)
			before := env.Server.Requests(e.Name)
			again := sync()
			if n := env.Server.Requests(e.Name) - before; n != again.Requests {
				t.Errorf("re-sync: the sandbox saw %d requests, the report says %d", n, again.Requests)
			}
			if len(again.Streams) != len(p.Streams()) {
				t.Fatalf("re-sync reports %d streams, the provider has %d", len(again.Streams), len(p.Streams()))
			}
			for i, sr := range again.Streams {
				s := p.Streams()[i]
				if len(sr.Fetched) != 1 || sr.Fetched[0].To != today {
					t.Errorf("%s re-fetched %v, want one chunk ending today", sr.Stream, sr.Fetched)
				}
				max := w.emptyPages[s.Name]
				if e.Name == "jawbone" && s.Kind == wearnb.KindSleeps && len(sr.Fetched) == 1 {
					sl, err := c.Sleeps(ctx, e.Name, "me", sr.Fetched[0])
					if err != nil {
						t.Fatal(err)
					}
					max += len(sl) // GET /sleeps/{xid}/ticks for each
				}
				if sr.Requests > max {
					t.Errorf("%s re-sync: %d requests, want at most %d (one chunk)", sr.Stream, sr.Requests, max)
				}
				if s.MaxDays == 1 && sr.Requests != 1 {
					t.Errorf("%s (one day a request) re-sync: %d requests, want 1", sr.Stream, sr.Requests)
				}
				t.Logf("%s %s: up-to-date re-sync %v, %d request(s)", e.Name, sr.Stream, sr.Fetched, sr.Requests)
			}

			// Late samples still arrive: in the re-sync's chunk where the
			// stream's chunks hold the settling tail, else (one day a
			// chunk) at the first sync cache.SettlingRefresh after
			// yesterday was fetched whole.
			yesterday := wearnb.Range{From: today.AddDays(-1), To: today.AddDays(-1)}
			for _, s := range p.Streams() {
				if !s.Yields(wearnb.KindHeartRate) {
					continue
				}
				b, err := s.Fetch(ctx, env.HTTP, yesterday)
				if err != nil {
					t.Fatal(err)
				}
				cached := func() int {
					hs, err := c.HeartRate(ctx, e.Name, "me", yesterday)
					if err != nil {
						t.Fatal(err)
					}
					return len(hs)
				}
				if n := cached(); s.MaxDays == 1 && n >= len(b.HeartRate) {
					t.Errorf("%s: %d of yesterday's %d samples cached before the late ones were due", s.Name, n, len(b.HeartRate))
				}
				env.Clock.Advance(cache.SettlingRefresh)
				env.HTTP = env.Client(t, e.Name, e.New().Auth().Scopes) // a token that has not expired meanwhile
				for _, sr := range sync().Streams {
					if sr.Stream == s.Name && s.MaxDays == 1 && (len(sr.Fetched) != 2 || sr.Fetched[0] != yesterday) {
						t.Errorf("%s: the sync after the refresh fetched %v, want yesterday and today", s.Name, sr.Fetched)
					}
				}
				if n := cached(); n != len(b.HeartRate) || n == 0 {
					t.Errorf("%s: %d of yesterday's %d samples cached after the refresh", s.Name, n, len(b.HeartRate))
				}
			}
		})
	}
}
