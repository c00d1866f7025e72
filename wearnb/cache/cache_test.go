package cache

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"wearnb.dev/wearnb"
)

// batchProvider serves fixed batches, one stream each.
type batchProvider struct {
	name    string
	streams []wearnb.Stream
}

func (p batchProvider) Name() string             { return p.name }
func (p batchProvider) Auth() wearnb.Auth        { return wearnb.Auth{} }
func (p batchProvider) Streams() []wearnb.Stream { return p.streams }

func fixedStream(name string, kind wearnb.Kind, b *wearnb.Batch) wearnb.Stream {
	return wearnb.Stream{Name: name, Kind: kind, MaxDays: 100, Settles: 1,
		Fetch: func(context.Context, *http.Client, wearnb.Range) (*wearnb.Batch, error) { return b, nil }}
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	_, off := t.Zone()
	return t.In(time.FixedZone("", off))
}

func fmtSleep(s wearnb.Sleep) string {
	var st []string
	for _, x := range s.Stages {
		st = append(st, fmt.Sprintf("%s+%v=%s", fmtTime(x.Start), x.Duration, x.Level))
	}
	return fmt.Sprintf("%s|%s|%s..%s|%v|bed=%v asleep=%v awake=%v deep=%v light=%v rem=%v lat=%v|eff=%v n=%v main=%v|%s",
		s.Provider, s.SourceID, fmtTime(s.Start), fmtTime(s.End), s.Date,
		s.InBed, s.Asleep, s.Awake, s.Deep, s.Light, s.REM, s.Latency,
		s.Efficiency, s.Awakenings, s.IsMain, strings.Join(st, ","))
}

func TestRoundTrip(t *testing.T) {
	// A DST night in New York (-05:00 to -04:00) with sub-second times,
	// a nap, a night in India (+05:30), one in UTC and one without an id.
	dst := wearnb.Sleep{
		Provider: "rt", SourceID: "26125187652",
		Start: at("2024-03-09T23:15:00.123456789-05:00"), End: at("2024-03-10T07:20:00-04:00"),
		Date: wearnb.MustDate("2024-03-10"), InBed: wearnb.Some(7*time.Hour + 4*time.Minute + 59*time.Second + 876543211),
		Asleep: wearnb.Some(6*time.Hour + 30*time.Minute), Awake: wearnb.Some(34 * time.Minute), Deep: wearnb.Some(80 * time.Minute),
		Light: wearnb.Some(3 * time.Hour), REM: wearnb.Some(110 * time.Minute), Latency: wearnb.Some(14*time.Minute + 30*time.Second),
		Efficiency: wearnb.Some[float64](91.25), Awakenings: wearnb.Some[int](3), IsMain: true,
		Stages: []wearnb.Stage{
			{Start: at("2024-03-09T23:15:00.123456789-05:00"), Duration: 30*time.Minute - 123456789, Level: wearnb.StageWake},
			{Start: at("2024-03-09T23:45:00-05:00"), Duration: 135 * time.Minute, Level: wearnb.StageLight},
			{Start: at("2024-03-10T03:00:00-04:00"), Duration: 80 * time.Minute, Level: wearnb.StageDeep},
			{Start: at("2024-03-10T04:20:00-04:00"), Duration: 180 * time.Minute, Level: wearnb.StageREM},
		},
	}
	nap := wearnb.Sleep{Provider: "rt", SourceID: "nap1", Start: at("2024-03-10T14:00:00-04:00"), End: at("2024-03-10T14:45:00-04:00"),
		Date: wearnb.MustDate("2024-03-10"), InBed: wearnb.Some(45 * time.Minute), Asleep: wearnb.Some(45 * time.Minute), Efficiency: wearnb.Some[float64](100)}
	india := wearnb.Sleep{Provider: "rt", SourceID: "in", Start: at("2024-03-10T22:30:00+05:30"), End: at("2024-03-11T06:00:00+05:30"),
		Date: wearnb.MustDate("2024-03-11"), InBed: wearnb.Some(450 * time.Minute), IsMain: true,
		Stages: []wearnb.Stage{{Start: at("2024-03-10T22:30:00+05:30"), Duration: 450 * time.Minute, Level: wearnb.StageAsleep}}}
	utc := wearnb.Sleep{Provider: "rt", SourceID: "utc", Start: at("2024-03-11T23:00:00Z"), End: at("2024-03-12T06:00:00Z"),
		Date: wearnb.MustDate("2024-03-12"), IsMain: true}
	noID := wearnb.Sleep{Provider: "rt", Start: at("2024-03-12T13:00:00-04:00"), End: at("2024-03-12T13:20:00-04:00"),
		Date: wearnb.MustDate("2024-03-12")}
	days := []wearnb.DayMoves{
		{Provider: "rt", SourceID: "d9", Date: wearnb.MustDate("2024-03-09"), Steps: wearnb.Some[int](8123), DistanceM: wearnb.Some[float64](6012.5), CaloriesKcal: wearnb.Some[float64](2301.25), ActiveMinutes: wearnb.Some[int](41), UTCOffset: wearnb.Some(-5 * time.Hour)},
		{Provider: "rt", Date: wearnb.MustDate("2024-03-10"), Steps: wearnb.Some[int](0), UTCOffset: wearnb.Some(-4 * time.Hour)},
		{Provider: "rt", SourceID: "d11", Date: wearnb.MustDate("2024-03-11"), Steps: wearnb.Some[int](12000), UTCOffset: wearnb.Some(5*time.Hour + 30*time.Minute)},
	}
	hours := []wearnb.HourMoves{
		{Provider: "rt", Start: at("2024-03-10T01:00:00-05:00"), Steps: wearnb.Some[int](12), DistanceM: wearnb.Some[float64](8.5), CaloriesKcal: wearnb.Some[float64](70.25), ActiveSeconds: wearnb.Some[int](60)},
		{Provider: "rt", Start: at("2024-03-10T03:00:00-04:00"), Steps: wearnb.Some[int](0)},
		{Provider: "rt", Start: at("2024-03-11T00:00:00+05:30"), Steps: wearnb.Some[int](999), ActiveSeconds: wearnb.Some[int](3600)},
	}
	raw := []wearnb.RawPage{{URL: "https://api.test/sleep?page=1", Body: []byte("{\"a\":1}\x00\xff")}, {URL: "https://api.test/sleep?page=2", Body: nil}}
	p := batchProvider{name: "rt", streams: []wearnb.Stream{
		// Records come in any order; the readers sort them.
		fixedStream("sleep", wearnb.KindSleeps, &wearnb.Batch{Raw: raw, Sleeps: []wearnb.Sleep{noID, india, dst, utc, nap}}),
		fixedStream("days", wearnb.KindDayMoves, &wearnb.Batch{Days: days}),
		fixedStream("hours", wearnb.KindHourlyMoves, &wearnb.Batch{Hours: hours}),
	}}

	c := openTemp(t)
	r := rng("2024-03-09", "2024-03-12")
	rep := sync1(t, c, p, r, "2024-04-01")
	if rep.RowsWritten != 11 || rep.Requests != 2 || rep.ChunksFetched != 3 {
		t.Errorf("report = %+v, want 11 rows, 2 requests, 3 chunks", rep)
	}
	ctx := context.Background()

	gotSleeps, err := c.Sleeps(ctx, "rt", "me", r)
	if err != nil {
		t.Fatal(err)
	}
	noIDWant := noID
	noIDWant.SourceID = fmt.Sprintf("start:%d", noID.Start.Unix())
	var got, want []string
	for _, s := range gotSleeps {
		got = append(got, fmtSleep(s))
	}
	for _, s := range []wearnb.Sleep{dst, india, nap, utc, noIDWant} { // by start instant
		want = append(want, fmtSleep(s))
	}
	if !slices.Equal(got, want) {
		t.Errorf("sleeps:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
	if _, off := gotSleeps[0].End.Zone(); off != -4*3600 || !gotSleeps[0].Start.Equal(dst.Start) {
		t.Errorf("DST night end offset %d, start %v", off, gotSleeps[0].Start)
	}

	t.Run("date filter", func(t *testing.T) {
		for _, tc := range []struct {
			r    wearnb.Range
			want []string
		}{
			{rng("2024-03-10", "2024-03-10"), []string{"26125187652", "nap1"}},
			{rng("2024-03-11", "2024-03-12"), []string{"in", "utc", noIDWant.SourceID}},
			{rng("2024-03-13", "2024-04-01"), nil},
		} {
			ss, err := c.Sleeps(ctx, "rt", "me", tc.r)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, s := range ss {
				ids = append(ids, s.SourceID)
			}
			if !slices.Equal(ids, tc.want) {
				t.Errorf("Sleeps(%v) = %v, want %v", tc.r, ids, tc.want)
			}
		}
		if ss, err := c.Sleeps(ctx, "rt", "someone else", r); err != nil || len(ss) != 0 {
			t.Errorf("other account: %d sleeps, %v", len(ss), err)
		}
	})

	gotDays, err := c.Days(ctx, "rt", "me", r)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(gotDays, days) { // DayMoves has no time.Time: == works
		t.Errorf("days:\n got %+v\nwant %+v", gotDays, days)
	}

	gotHours, err := c.Hours(ctx, "rt", "me", r)
	if err != nil {
		t.Fatal(err)
	}
	got, want = nil, nil
	for _, h := range gotHours {
		got = append(got, fmt.Sprintf("%s %v %v %v %v", fmtTime(h.Start), h.Steps, h.DistanceM, h.CaloriesKcal, h.ActiveSeconds))
	}
	for _, h := range hours {
		want = append(want, fmt.Sprintf("%s %v %v %v %v", fmtTime(h.Start), h.Steps, h.DistanceM, h.CaloriesKcal, h.ActiveSeconds))
	}
	if !slices.Equal(got, want) {
		t.Errorf("hours:\n got %v\nwant %v", got, want)
	}
	// The +05:30 hour is on its local date 2024-03-11, not the UTC date.
	if h, err := c.Hours(ctx, "rt", "me", rng("2024-03-11", "2024-03-11")); err != nil || len(h) != 1 || h[0].Steps != wearnb.Some[int](999) {
		t.Errorf("hours on 2024-03-11 = %+v, %v", h, err)
	}

	pages, err := c.RawPages(ctx, "rt", "me", r)
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 2 || pages[0].URL != raw[0].URL || string(pages[0].Body) != string(raw[0].Body) ||
		pages[1].Seq != 1 || len(pages[1].Body) != 0 || pages[0].Stream != "sleep" || pages[0].Chunk != r {
		t.Errorf("raw pages = %+v", pages)
	}

	// Syncing the same records again replaces rather than duplicates.
	c2 := openTemp(t)
	sync1(t, c2, p, r, "2024-04-01")
	sync1(t, c2, p, rng("2024-03-01", "2024-03-31"), "2024-04-01")
	for _, tc := range []struct{ table, key string }{
		{"sleeps", "source_id"}, {"day_moves", "date"}, {"hour_moves", "start_unix"}, {"sleep_stages", "sleep_id || '/' || seq"},
	} {
		if n, d := counts(t, c2, tc.table, tc.key); n != d || n == 0 {
			t.Errorf("%s after two syncs: %d rows, %d distinct", tc.table, n, d)
		}
	}
}

func TestOpen(t *testing.T) {
	t.Run("default path", func(t *testing.T) {
		home := t.TempDir()
		t.Setenv("WEARNB_HOME", home)
		if p, err := DefaultPath(); err != nil || p != filepath.Join(home, "cache.db") {
			t.Errorf("DefaultPath() = %q, %v; want under WEARNB_HOME", p, err)
		}
		xdg := t.TempDir()
		t.Setenv("WEARNB_HOME", "")
		t.Setenv("XDG_CACHE_HOME", xdg)
		if p, err := DefaultPath(); err != nil || p != filepath.Join(xdg, "wearnb", "cache.db") {
			t.Errorf("DefaultPath() = %q, %v; want under the user cache dir", p, err)
		}
	})
	t.Run("odd path, reopen", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "my data", "what?#50%", "cache.db")
		c, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		var mode string
		if err := c.db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
			t.Errorf("journal_mode = %q, %v; want wal", mode, err)
		}
		sync1(t, c, newFake(daySpec), rng("2024-01-01", "2024-01-03"), "2024-02-01")
		c.Close()
		if _, err := os.Stat(path); err != nil {
			t.Fatalf("database not at %s: %v", path, err)
		}
		c, err = Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if c.Path() != path {
			t.Errorf("Path() = %q, want %q", c.Path(), path)
		}
		if d, err := c.Days(context.Background(), "fake", "me", rng("2024-01-01", "2024-01-31")); err != nil || len(d) != 3 {
			t.Errorf("after reopen: %d days, %v; want 3", len(d), err)
		}
	})
	t.Run("newer schema", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "cache.db")
		c, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		c.db.Exec("PRAGMA user_version = 99")
		c.Close()
		if _, err := Open(path); err == nil || !strings.Contains(err.Error(), "schema version 99 is newer") {
			t.Errorf("Open of a newer schema: %v", err)
		}
	})
	t.Run("empty path", func(t *testing.T) {
		if _, err := Open(""); err == nil {
			t.Error("Open(\"\") succeeded")
		}
	})
}
