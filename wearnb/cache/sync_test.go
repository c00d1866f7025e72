package cache

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"wearnb.dev/wearnb"
)

func openTemp(t testing.TB) *Cache {
	t.Helper()
	c, err := Open(filepath.Join(t.TempDir(), "cache.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func rng(from, to string) wearnb.Range {
	return wearnb.Range{From: wearnb.MustDate(from), To: wearnb.MustDate(to)}
}

func sync1(t testing.TB, c *Cache, p wearnb.Provider, r wearnb.Range, today string, opts ...SyncOption) *SyncReport {
	t.Helper()
	opts = append([]SyncOption{WithToday(wearnb.MustDate(today)), WithoutProgress()}, opts...)
	rep, err := c.Sync(context.Background(), p, "me", nil, r, opts...)
	if err != nil {
		t.Fatalf("Sync(%v, today %s): %v", r, today, err)
	}
	return rep
}

// callsOf returns the chunks fetched for one stream, as "from..to".
func callsOf(calls []fakeCall, stream string) []string {
	var out []string
	for _, c := range calls {
		if c.Stream == stream {
			out = append(out, c.Range.String())
		}
	}
	return out
}

// counts returns COUNT(*) and COUNT(DISTINCT key) of a table.
func counts(t testing.TB, c *Cache, table, key string) (n, distinct int) {
	t.Helper()
	q := fmt.Sprintf("SELECT COUNT(*), COUNT(DISTINCT %s) FROM %s", key, table)
	if err := c.db.QueryRow(q).Scan(&n, &distinct); err != nil {
		t.Fatal(err)
	}
	return n, distinct
}

// checkNoDuplicates asserts every table holds each key once and the fake's
// records for r exactly.
func checkRows(t testing.TB, c *Cache, p *fakeProvider, r wearnb.Range) {
	t.Helper()
	ws, wd, wh := p.expected(r)
	for _, tc := range []struct {
		table, key string
		want       int
	}{
		{"sleeps", "provider || account || source_id", ws},
		{"day_moves", "provider || account || date", wd},
		{"hour_moves", "provider || account || start_unix", wh},
		{"sleep_stages", "sleep_id || '/' || seq", -1},
		{"chunks", "provider || account || stream || from_date || to_date", -1},
	} {
		n, d := counts(t, c, tc.table, tc.key)
		if n != d {
			t.Errorf("%s: COUNT(*) = %d, COUNT(DISTINCT key) = %d: duplicates", tc.table, n, d)
		}
		if tc.want >= 0 && n != tc.want {
			t.Errorf("%s: %d rows, want %d", tc.table, n, tc.want)
		}
	}
	// Stages belong to stored sleeps: four per main sleep.
	var orphans, mains, stages int
	c.db.QueryRow(`SELECT COUNT(*) FROM sleep_stages WHERE sleep_id NOT IN (SELECT id FROM sleeps)`).Scan(&orphans)
	c.db.QueryRow(`SELECT COUNT(*) FROM sleeps WHERE is_main`).Scan(&mains)
	c.db.QueryRow(`SELECT COUNT(*) FROM sleep_stages`).Scan(&stages)
	if orphans != 0 || stages != 4*mains {
		t.Errorf("stages: %d rows for %d main sleeps (want 4 each), %d orphans", stages, mains, orphans)
	}
}

func TestSyncFiveYearsThenIncremental(t *testing.T) {
	c := openTemp(t)
	p := newFake(sleepSpec)              // MaxDays 100, Settles 2
	r := rng("2020-01-01", "2024-12-31") // 1827 days

	rep := sync1(t, c, p, r, "2024-12-31")
	if got, want := len(p.callList()), 19; got != want {
		t.Fatalf("first sync: %d fetches, want %d (ceil(1827/100))", got, want)
	}
	if rep.ChunksFetched != 19 || rep.Requests != 19 || rep.ChunksSkipped != 0 {
		t.Errorf("first report = %+v, want 19 fetched, 19 requests, 0 skipped", rep)
	}
	ws, _, _ := p.expected(r)
	if rep.RowsWritten != ws {
		t.Errorf("first sync wrote %d rows, want %d", rep.RowsWritten, ws)
	}
	if got, want := callsOf(p.callList(), "sleep")[0], "2020-01-01..2020-04-09"; got != want {
		t.Errorf("first chunk %s, want %s", got, want)
	}
	checkRows(t, c, p, r)

	for _, tc := range []struct {
		name  string
		r     wearnb.Range
		today string
		want  []string // chunks fetched
	}{
		// Same today: only the unsettled tail (2 days before today, and today).
		{"same today", r, "2024-12-31", []string{"2024-12-29..2024-12-31"}},
		{"same today again", r, "2024-12-31", []string{"2024-12-29..2024-12-31"}},
		// Three days later, asking up to the new today: the old tail and the
		// three new days, in one request.
		{"today+3", rng("2020-01-01", "2025-01-03"), "2025-01-03", []string{"2024-12-29..2025-01-03"}},
		// An old sub-range is fully settled: nothing to do.
		{"old sub-range", rng("2021-06-01", "2022-02-01"), "2025-01-03", nil},
		// Later still, the old range has settled: nothing to do.
		{"settled", rng("2020-01-01", "2025-01-03"), "2025-02-01", []string{"2025-01-01..2025-01-03"}},
		{"settled again", rng("2020-01-01", "2025-01-03"), "2025-02-01", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p.resetCalls()
			rep := sync1(t, c, p, tc.r, tc.today)
			if got := callsOf(p.callList(), "sleep"); !slices.Equal(got, tc.want) {
				t.Errorf("fetched %v, want %v", got, tc.want)
			}
			if rep.ChunksFetched != len(tc.want) {
				t.Errorf("ChunksFetched = %d, want %d", rep.ChunksFetched, len(tc.want))
			}
			if rep.ChunksSkipped == 0 {
				t.Errorf("ChunksSkipped = 0, want the cached chunks counted")
			}
		})
	}
	checkRows(t, c, p, rng("2020-01-01", "2025-01-03"))

	// The ledger stays small: a refetch drops the entries it covers. Only
	// chunks fetched while their last days were unsettled are incomplete.
	ledger, err := c.Chunks(context.Background(), "fake", "me")
	if err != nil {
		t.Fatal(err)
	}
	if len(ledger) != 21 {
		t.Errorf("ledger has %d entries, want 21 (19 + 2 tail refreshes)", len(ledger))
	}
	var incomplete []string
	for _, ch := range ledger {
		if !ch.Complete {
			incomplete = append(incomplete, ch.Range.String()+" as of "+ch.AsOf.String())
		}
	}
	if want := []string{"2024-12-05..2024-12-31 as of 2024-12-31", "2024-12-29..2025-01-03 as of 2025-01-03"}; !slices.Equal(incomplete, want) {
		t.Errorf("incomplete chunks = %v, want %v", incomplete, want)
	}
}

func TestSyncOnePerStreamWhenUpToDate(t *testing.T) {
	c := openTemp(t)
	p := newFake() // sleep 100/2, activity 100/2, steps 30/1
	r := rng("2024-01-01", "2024-06-30")
	rep := sync1(t, c, p, r, "2024-06-30")
	// 182 days: 2 chunks of 100 for sleep and activity, 7 of 30 for steps.
	if rep.ChunksFetched != 2+2+7 {
		t.Fatalf("first sync fetched %d chunks, want 11", rep.ChunksFetched)
	}
	p.resetCalls()
	rep = sync1(t, c, p, r, "2024-06-30")
	calls := p.callList()
	for _, tc := range []struct{ stream, want string }{
		{"sleep", "2024-06-28..2024-06-30"},
		{"activity", "2024-06-28..2024-06-30"},
		{"steps", "2024-06-29..2024-06-30"},
	} {
		if got := callsOf(calls, tc.stream); !slices.Equal(got, []string{tc.want}) {
			t.Errorf("%s: fetched %v, want [%s]", tc.stream, got, tc.want)
		}
	}
	if len(rep.Streams) != 3 || rep.Streams[2].Stream != "steps" || rep.Streams[2].ChunksSkipped != 6 {
		t.Errorf("stream reports = %+v", rep.Streams)
	}
	checkRows(t, c, p, r)
}

func TestSyncOverlappingRanges(t *testing.T) {
	c := openTemp(t)
	p := newFake()
	sync1(t, c, p, rng("2023-01-01", "2023-06-30"), "2023-06-30")
	p.resetCalls()
	sync1(t, c, p, rng("2023-04-01", "2023-12-31"), "2023-12-31")
	// Only what the first sync lacked: its unsettled tail onwards.
	if got, want := callsOf(p.callList(), "sleep"), []string{"2023-06-28..2023-10-05", "2023-10-06..2023-12-31"}; !slices.Equal(got, want) {
		t.Errorf("second sync fetched %v, want %v", got, want)
	}
	p.resetCalls()
	sync1(t, c, p, rng("2022-12-01", "2023-12-31"), "2024-03-01")
	if got, want := callsOf(p.callList(), "sleep"), []string{"2022-12-01..2022-12-31", "2023-12-29..2023-12-31"}; !slices.Equal(got, want) {
		t.Errorf("third sync fetched %v, want %v", got, want)
	}
	checkRows(t, c, p, rng("2022-12-01", "2023-12-31"))
}

func TestRefetchReplacesRecords(t *testing.T) {
	c := openTemp(t)
	p := newFake(sleepSpec, daySpec)
	r := rng("2024-03-01", "2024-03-21")
	sync1(t, c, p, r, "2024-03-21")

	// The provider edits the recent days and deletes the nap of the 21st.
	p.mu.Lock()
	p.version = 5
	p.drop["nap-2024-03-21"] = true
	p.mu.Unlock()
	sync1(t, c, p, r, "2024-03-21")

	ctx := context.Background()
	sleeps, err := c.Sleeps(ctx, "fake", "me", rng("2024-03-19", "2024-03-21"))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, s := range sleeps {
		ids = append(ids, fmt.Sprintf("%s:%v", s.SourceID, s.Asleep))
	}
	want := []string{"sleep-2024-03-19:6h8m0s", "sleep-2024-03-20:6h8m0s", "sleep-2024-03-21:6h8m0s"}
	if !slices.Equal(ids, want) {
		t.Errorf("sleeps after refetch = %v, want %v", ids, want)
	}
	// Settled days keep the values of their first fetch.
	old, err := c.Sleeps(ctx, "fake", "me", rng("2024-03-18", "2024-03-18"))
	if err != nil || len(old) != 1 || old[0].Asleep.String() != "6h3m0s" {
		t.Errorf("settled day = %+v, %v; want Asleep 6h3m0s", old, err)
	}
	days, err := c.Days(ctx, "fake", "me", rng("2024-03-18", "2024-03-19"))
	if err != nil || len(days) != 2 || days[0].Steps != wearnb.Some[int](6800) || days[1].Steps != wearnb.Some[int](6905) {
		t.Errorf("days = %+v, %v; want steps 6800 (settled) and 6905 (refetched)", days, err)
	}
	if n, d := counts(t, c, "sleeps", "source_id"); n != d {
		t.Errorf("sleeps: %d rows, %d distinct", n, d)
	}
	pages, err := c.RawPages(ctx, "fake", "me", rng("2024-03-21", "2024-03-21"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, pg := range pages {
		got = append(got, fmt.Sprintf("%s %v %s", pg.Stream, pg.Chunk, pg.Body))
	}
	// The first chunk still holds its (settled) days, so its page stays.
	wantPages := []string{
		`activity 2024-03-01..2024-03-21 {"stream":"activity","from":"2024-03-01","to":"2024-03-21","version":0}`,
		`activity 2024-03-19..2024-03-21 {"stream":"activity","from":"2024-03-19","to":"2024-03-21","version":5}`,
		`sleep 2024-03-01..2024-03-21 {"stream":"sleep","from":"2024-03-01","to":"2024-03-21","version":0}`,
		`sleep 2024-03-19..2024-03-21 {"stream":"sleep","from":"2024-03-19","to":"2024-03-21","version":5}`,
	}
	if !slices.Equal(got, wantPages) {
		t.Errorf("raw pages =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(wantPages, "\n"))
	}
}

var errFake = errors.New("fake: 503 from upstream")

func TestSyncCancelKeepsFinishedChunks(t *testing.T) {
	c := openTemp(t)
	p := newFake(sleepSpec)
	r := rng("2023-01-01", "2023-12-31") // 4 chunks
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p.hook = func(ctx context.Context, n int, _ fakeCall) error {
		if n == 3 { // interrupted inside the third chunk
			cancel()
			<-ctx.Done()
			return ctx.Err()
		}
		return nil
	}
	rep, err := c.Sync(ctx, p, "me", nil, r, WithToday(wearnb.MustDate("2024-06-01")), WithoutProgress())
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Sync error = %v, want context.Canceled", err)
	}
	if rep == nil || rep.ChunksFetched != 2 {
		t.Fatalf("report = %+v, want 2 chunks fetched", rep)
	}
	ledger, _ := c.Chunks(context.Background(), "fake", "me")
	if len(ledger) != 2 || ledger[1].Range.String() != "2023-04-11..2023-07-19" {
		t.Errorf("ledger after cancel = %+v, want the first two chunks", ledger)
	}
	sleeps, _ := c.Sleeps(context.Background(), "fake", "me", r)
	if ws, _, _ := p.expected(rng("2023-01-01", "2023-07-19")); len(sleeps) != ws {
		t.Errorf("%d sleeps kept, want %d", len(sleeps), ws)
	}

	// Resume: exactly the two missing chunks.
	p.hook = nil
	p.resetCalls()
	sync1(t, c, p, r, "2024-06-01")
	if got, want := callsOf(p.callList(), "sleep"), []string{"2023-07-20..2023-10-27", "2023-10-28..2023-12-31"}; !slices.Equal(got, want) {
		t.Errorf("resume fetched %v, want %v", got, want)
	}
	checkRows(t, c, p, r)

	// A context cancelled before Sync starts fetches nothing.
	p.resetCalls()
	done, cancel2 := context.WithCancel(context.Background())
	cancel2()
	if _, err := c.Sync(done, p, "me", nil, rng("2024-01-01", "2024-02-01"), WithToday(wearnb.MustDate("2024-06-01")), WithoutProgress()); !errors.Is(err, context.Canceled) {
		t.Errorf("Sync with a cancelled ctx = %v, want context.Canceled", err)
	}
	if n := len(p.callList()); n != 0 {
		t.Errorf("%d fetches with a cancelled ctx", n)
	}
}

func TestSyncFetchErrorStopsAndResumes(t *testing.T) {
	c := openTemp(t)
	p := newFake(sleepSpec, daySpec)
	r := rng("2023-01-01", "2023-12-31")
	p.hook = func(_ context.Context, n int, _ fakeCall) error {
		if n == 2 {
			return errFake
		}
		return nil
	}
	rep, err := c.Sync(context.Background(), p, "me", nil, r, WithToday(wearnb.MustDate("2024-06-01")), WithoutProgress())
	if !errors.Is(err, errFake) {
		t.Fatalf("Sync error = %v, want errFake", err)
	}
	if msg := err.Error(); !strings.HasPrefix(msg, "cache: sync fake/me sleep 2023-04-11..2023-07-19: ") {
		t.Errorf("error %q does not say where", msg)
	}
	if rep.ChunksFetched != 1 {
		t.Errorf("ChunksFetched = %d, want 1", rep.ChunksFetched)
	}
	p.hook = nil
	p.resetCalls()
	rep = sync1(t, c, p, r, "2024-06-01")
	if rep.ChunksFetched != 3+4 || rep.ChunksSkipped != 1 {
		t.Errorf("resume = %+v, want 7 fetched, 1 skipped", rep)
	}
	checkRows(t, c, p, r)
}

func TestSyncEdges(t *testing.T) {
	c := openTemp(t)
	p := newFake(sleepSpec)
	ctx := context.Background()
	t.Run("future range", func(t *testing.T) {
		rep := sync1(t, c, p, rng("2030-01-01", "2030-02-01"), "2024-01-01")
		if rep.ChunksFetched != 0 || rep.Range != (wearnb.Range{}) || len(p.callList()) != 0 {
			t.Errorf("report = %+v, calls %v; want nothing fetched", rep, p.callList())
		}
	})
	t.Run("range clipped to today", func(t *testing.T) {
		rep := sync1(t, c, p, rng("2024-01-01", "2030-02-01"), "2024-01-10")
		if rep.Range.String() != "2024-01-01..2024-01-10" || !slices.Equal(callsOf(p.callList(), "sleep"), []string{"2024-01-01..2024-01-10"}) {
			t.Errorf("report range %v, calls %v", rep.Range, p.callList())
		}
	})
	t.Run("unknown stream", func(t *testing.T) {
		_, err := c.Sync(ctx, p, "me", nil, rng("2024-01-01", "2024-01-02"), WithStreams("nope"), WithoutProgress())
		if err == nil || !strings.Contains(err.Error(), `no stream named "nope"`) {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("backwards range", func(t *testing.T) {
		rep, err := c.Sync(ctx, p, "me", nil, rng("2024-02-01", "2024-01-01"), WithoutProgress())
		if err == nil || !strings.HasPrefix(err.Error(), "cache: sync fake/me: ") || rep == nil || rep.ChunksFetched != 0 {
			t.Errorf("err = %v, report %+v", err, rep)
		}
	})
	t.Run("one stream", func(t *testing.T) {
		p := newFake()
		sync1(t, c, p, rng("2024-01-01", "2024-01-05"), "2024-02-01", WithStreams("steps"))
		if got := p.callList(); len(got) != 1 || got[0].Stream != "steps" {
			t.Errorf("calls = %v, want one steps chunk", got)
		}
	})
	t.Run("clock", func(t *testing.T) {
		p := newFake(sleepSpec)
		p.name = "clocked"
		now := wearnb.MustDate("2024-05-05").In(p.loc).Add(15 * 3600e9)
		rep, err := c.Sync(ctx, p, "me", nil, rng("2024-05-01", "2024-05-31"), WithClock(func() time.Time { return now }), WithoutProgress())
		if err != nil {
			t.Fatal(err)
		}
		ledger, _ := c.Chunks(ctx, "clocked", "me")
		if rep.Today.String() != "2024-05-05" || len(ledger) != 1 || !ledger[0].FetchedAt.Equal(now) || ledger[0].Range.String() != "2024-05-01..2024-05-05" {
			t.Errorf("today %v, ledger %+v; want today 2024-05-05 fetched at %v", rep.Today, ledger, now)
		}
	})
}

func TestTwoHandlesConcurrently(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shared.db")
	a, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	p := newFake()
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i, c := range []*Cache{a, b, a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rng("2024-01-01", "2024-04-30")
			if i%2 == 1 {
				r = rng("2024-03-01", "2024-06-30")
			}
			_, errs[i] = c.Sync(context.Background(), p, "me", nil, r, WithToday(wearnb.MustDate("2024-06-30")), WithoutProgress())
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("sync %d: %v", i, err)
		}
	}
	checkRows(t, a, p, rng("2024-01-01", "2024-06-30"))
	got, err := b.Sleeps(context.Background(), "fake", "me", rng("2024-01-01", "2024-06-30"))
	if ws, _, _ := p.expected(rng("2024-01-01", "2024-06-30")); err != nil || len(got) != ws {
		t.Errorf("second handle reads %d sleeps (%v), want %d", len(got), err, ws)
	}
}

func TestSyncProgress(t *testing.T) {
	var buf strings.Builder
	progress := WithProgress(TextProgress(&buf))

	c := openTemp(t)
	p := newFake(sleepSpec)
	if _, err := c.Sync(context.Background(), p, "me", nil, rng("2024-01-01", "2024-05-09"), WithToday(wearnb.MustDate("2024-06-01")), progress); err != nil {
		t.Fatal(err)
	}
	ws, _, _ := p.expected(rng("2024-01-01", "2024-05-09"))
	want := []string{
		"sync fake/me: 0/2 (0%)",
		"sync fake/me: 1/2 (50%) sleep 2024-01-01..2024-04-09",
		fmt.Sprintf("sync fake/me: 2/2 (100%%) 2 chunks, 2 requests, %d rows", ws),
	}
	if got := strings.Split(strings.TrimSpace(buf.String()), "\n"); !slices.Equal(got, want) {
		t.Errorf("progress lines:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Nothing to fetch: no bar at all.
	buf.Reset()
	sync1(t, c, p, rng("2024-01-01", "2024-05-09"), "2024-06-01")
	if _, err := c.Sync(context.Background(), p, "me", nil, rng("2024-01-01", "2024-05-09"), WithToday(wearnb.MustDate("2024-06-01")), progress); err != nil || buf.Len() != 0 {
		t.Errorf("up-to-date sync printed %q (%v)", buf.String(), err)
	}
}

// A stream of one day a request (Fitbit's intraday heart rate and steps)
// re-syncs an up-to-date cache with one request, today's, while a stream
// of longer chunks still re-fetches its whole settling tail in its one
// chunk; a day's late data still arrives: at the first sync an hour
// (SettlingRefresh) after the day was last fetched, and at the latest
// with the day's final fetch once it has settled.
func TestResyncOneDayStreamKeepsLateData(t *testing.T) {
	c := openTemp(t)
	oneDay := streamSpec{"intraday", wearnb.KindHourlyMoves, 1, 1}
	p := newFake(sleepSpec, oneDay) // sleep: 100 days a chunk, Settles 2
	at := func(date string, hour, min int) time.Time {
		return wearnb.MustDate(date).In(p.loc).Add(time.Duration(hour)*time.Hour + time.Duration(min)*time.Minute)
	}
	r := rng("2024-06-21", "2024-06-30")
	sync := func(now time.Time, want map[string][]string) {
		t.Helper()
		p.resetCalls()
		rep, err := c.Sync(context.Background(), p, "me", nil, r, WithClock(func() time.Time { return now }), WithoutProgress())
		if err != nil {
			t.Fatal(err)
		}
		for stream, w := range want {
			if got := callsOf(p.callList(), stream); !slices.Equal(got, w) {
				t.Errorf("sync at %v: %s fetched %v, want %v", now, stream, got, w)
			}
		}
		if rep.Requests != len(p.callList()) {
			t.Errorf("sync at %v: %d requests reported for %d fetches", now, rep.Requests, len(p.callList()))
		}
	}
	// steps reads the cached steps of the day's first hour: the fake adds
	// its version (the provider's data at the time) to every value.
	steps := func(date string) int {
		t.Helper()
		hs, err := c.Hours(context.Background(), "fake", "me", rng(date, date))
		if err != nil || len(hs) == 0 {
			t.Fatalf("hours of %s: %d, %v", date, len(hs), err)
		}
		v, _ := hs[0].Steps.Get()
		return v
	}

	sync(at("2024-06-30", 10, 0), nil) // the first sync of 10 days
	sync(at("2024-06-30", 10, 10), map[string][]string{
		"sleep":    {"2024-06-28..2024-06-30"}, // the settling tail, one chunk as before
		"intraday": {"2024-06-30..2024-06-30"}, // today only: yesterday was fetched whole at 10:00
	})
	p.version = 1 // late data: the watch uploads yesterday's evening
	sync(at("2024-06-30", 10, 30), map[string][]string{"intraday": {"2024-06-30..2024-06-30"}})
	if v := steps("2024-06-29"); v != 0 {
		t.Errorf("2024-06-29 at 10:30: steps %d, want 0 (refreshed at 11:00 at the earliest)", v)
	}
	sync(at("2024-06-30", 11, 5), map[string][]string{"intraday": {"2024-06-29..2024-06-29", "2024-06-30..2024-06-30"}})
	if v := steps("2024-06-29"); v != 1 {
		t.Errorf("2024-06-29 at 11:05: steps %d, want 1 (the late upload)", v)
	}
	p.version = 2 // later still
	sync(at("2024-06-30", 11, 15), map[string][]string{"intraday": {"2024-06-30..2024-06-30"}})
	// The range ends on June 30: on July 1, June 29 settles (its final
	// fetch) and June 30 is fetched whole, both stale or never fetched
	// after their end; July 2 settles June 30.
	sync(at("2024-07-01", 9, 0), map[string][]string{"intraday": {"2024-06-29..2024-06-29", "2024-06-30..2024-06-30"}})
	if v := steps("2024-06-29"); v != 2 {
		t.Errorf("2024-06-29 after its final fetch: steps %d, want 2", v)
	}
	sync(at("2024-07-01", 9, 10), map[string][]string{"intraday": nil})
	sync(at("2024-07-02", 0, 5), map[string][]string{"intraday": {"2024-06-30..2024-06-30"}, "sleep": {"2024-06-29..2024-06-30"}})
	// June 30 was fetched whole at 00:05 and the range holds no today:
	// nothing is due.
	sync(at("2024-07-02", 0, 10), map[string][]string{"intraday": nil, "sleep": nil})
	ledger, err := c.Chunks(context.Background(), "fake", "me")
	if err != nil {
		t.Fatal(err)
	}
	for _, ch := range ledger {
		if ch.Stream == "intraday" && !ch.Complete {
			t.Errorf("intraday %v as of %v is not final", ch.Range, ch.AsOf)
		}
	}
	checkRows(t, c, p, r)
}

// The first sync after local midnight is the one a one-day stream pays
// two requests for: the day that ended (last fetched before its end) and
// the new day. A re-sync a few minutes later is one request again.
func TestResyncAfterMidnight(t *testing.T) {
	c := openTemp(t)
	p := newFake(streamSpec{"intraday", wearnb.KindHourlyMoves, 1, 1})
	for _, tc := range []struct {
		now  time.Time
		want []string
	}{
		{wearnb.MustDate("2024-06-30").In(p.loc).Add(23*time.Hour + 55*time.Minute), []string{"2024-06-29..2024-06-29", "2024-06-30..2024-06-30"}},
		{wearnb.MustDate("2024-07-01").In(p.loc).Add(5 * time.Minute), []string{"2024-06-30..2024-06-30", "2024-07-01..2024-07-01"}},
		{wearnb.MustDate("2024-07-01").In(p.loc).Add(15 * time.Minute), []string{"2024-07-01..2024-07-01"}},
	} {
		p.resetCalls()
		if _, err := c.Sync(context.Background(), p, "me", nil, rng("2024-06-29", "2024-07-01"), WithClock(func() time.Time { return tc.now }), WithoutProgress()); err != nil {
			t.Fatal(err)
		}
		if got := callsOf(p.callList(), "intraday"); !slices.Equal(got, tc.want) {
			t.Errorf("sync at %v fetched %v, want %v", tc.now, got, tc.want)
		}
	}
}
