package cache

import (
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/internal/sandboxtest"
	"wearnb.dev/wearnb/providers/base"
	"wearnb.dev/wearnb/providers/oura"
	"wearnb.dev/wearnb/sandbox"
)

// v1Sleep is how schema 1 stored a sleep: every value a number, 0 where
// the provider had not reported it.
func v1Sleep(s wearnb.Sleep) []any {
	return []any{int64(s.InBed.Or(0)), int64(s.Asleep.Or(0)), int64(s.Awake.Or(0)), int64(s.Deep.Or(0)),
		int64(s.Light.Or(0)), int64(s.REM.Or(0)), int64(s.Latency.Or(0)), s.Efficiency.Or(0), s.Awakenings.Or(0), s.IsMain}
}

// writeV1 makes a cache file of schema 1 (testdata/schema_v1.sql, the
// schema as it was before issue 9) holding chunks of provider "oura",
// account "me", stream "sleep": each with its raw pages (unless
// withPages is false for it) and the records normalized from them, stored
// the way version 1 stored them.
func writeV1(t *testing.T, path string, chunks []wearnb.Range, batches []*wearnb.Batch, withPages []bool) {
	t.Helper()
	ddl, err := os.ReadFile(filepath.Join("testdata", "schema_v1.sql"))
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(string(ddl)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("PRAGMA user_version = 1"); err != nil {
		t.Fatal(err)
	}
	for i, ch := range chunks {
		b := batches[i]
		var id int64
		if err := db.QueryRow(`INSERT INTO chunks (provider, account, stream, from_date, to_date, as_of, fetched_at, complete, requests, rows)
			VALUES ('oura', 'me', 'sleep', ?, ?, '2026-05-31', ?, 1, ?, ?) RETURNING id`,
			ch.From.String(), ch.To.String(), time.Date(2026, 5, 31, 12, i, 0, 0, time.UTC).Format(time.RFC3339Nano),
			len(b.Raw), len(b.Sleeps)).Scan(&id); err != nil {
			t.Fatal(err)
		}
		if withPages[i] {
			for seq, p := range b.Raw {
				if _, err := db.Exec(`INSERT INTO raw_pages (chunk_id, seq, url, body) VALUES (?, ?, ?, ?)`, id, seq, p.URL, p.Body); err != nil {
					t.Fatal(err)
				}
			}
		}
		for _, s := range b.Sleeps {
			var sid int64
			args := append([]any{s.SourceID, s.Date.String(), fmtTime(s.Start), s.Start.Unix(), fmtTime(s.End), s.End.Unix()}, v1Sleep(s)...)
			if err := db.QueryRow(`INSERT INTO sleeps (provider, account, stream, source_id, date, start_time, start_unix, end_time, end_unix,
				in_bed_ns, asleep_ns, awake_ns, deep_ns, light_ns, rem_ns, latency_ns, efficiency, awakenings, is_main)
				VALUES ('oura', 'me', 'sleep', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, args...).Scan(&sid); err != nil {
				t.Fatal(err)
			}
			for seq, st := range s.Stages {
				if _, err := db.Exec(`INSERT INTO sleep_stages (sleep_id, seq, start_time, duration_ns, level) VALUES (?, ?, ?, ?, ?)`,
					sid, seq, fmtTime(st.Start), int64(st.Duration), string(st.Level)); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

// withNulls rewrites a sandbox page of Oura sleep documents so that the
// document with the given index sends null for total_sleep_duration and
// rem_sleep_duration, as real Oura documents may (providers.md §2:
// "total_sleep_duration can be null").
func withNulls(t *testing.T, body []byte, doc int) []byte {
	t.Helper()
	var page map[string]any
	if err := json.Unmarshal(body, &page); err != nil {
		t.Fatal(err)
	}
	d := page["data"].([]any)[doc].(map[string]any)
	d["total_sleep_duration"], d["rem_sleep_duration"] = nil, nil
	out, err := json.Marshal(page)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func countRows(t *testing.T, c *Cache, q string, args ...any) int {
	t.Helper()
	var n int
	if err := c.db.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A cache file of schema 1 opens as schema 2 without losing a row: every
// sleep, stage and ledger entry is still there with the values version 1
// stored. The next Sync re-normalizes the chunks from the raw pages the
// cache kept, without a request, so a value the provider sent as null,
// stored as 0 by version 1, becomes NULL (missing); a chunk whose pages are
// gone is fetched again instead, and only then are its records replaced.
func TestMigrateV1KeepsRowsAndRenormalizes(t *testing.T) {
	e := sandboxtest.New(t, sandbox.Oura, []string{"daily"})
	p := oura.Sandbox(e.URL, base.WithFetchOptions(e.FetchOptions()...))
	client := p.Client(e.HTTP)
	chunks := []wearnb.Range{rng("2026-03-01", "2026-03-10"), rng("2026-03-11", "2026-03-20")}
	var batches []*wearnb.Batch
	for _, ch := range chunks {
		b, err := client.Sleeps(context.Background(), ch)
		if err != nil {
			t.Fatal(err)
		}
		batches = append(batches, b)
	}
	// The first chunk's first page: its third document sends nulls. Its
	// records are what the normalizers make of that page.
	batches[0].Raw[0].Body = withNulls(t, batches[0].Raw[0].Body, 2)
	page, err := oura.DecodeSleepPage(batches[0].Raw[0].Body)
	if err != nil {
		t.Fatal(err)
	}
	nulled := page.Data[2].ID
	renorm, err := page.Data[2].Normalize()
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range batches[0].Sleeps {
		if s.SourceID == nulled {
			batches[0].Sleeps[i] = renorm // stored by version 1 with zeros for the nulls
		}
	}
	sleeps := 0
	for _, b := range batches {
		sleeps += len(b.Sleeps)
	}
	stages := 0
	for _, b := range batches {
		for _, s := range b.Sleeps {
			stages += len(s.Stages)
		}
	}

	path := filepath.Join(t.TempDir(), "cache.db")
	writeV1(t, path, chunks, batches, []bool{true, false})
	c, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()

	// Migrated: nothing lost, values as stored, every chunk still norm 1.
	if v := countRows(t, c, "PRAGMA user_version"); v != schemaVersion {
		t.Fatalf("user_version %d", v)
	}
	if n := countRows(t, c, "SELECT COUNT(*) FROM sleeps"); n != sleeps {
		t.Errorf("%d sleeps after migration, want %d", n, sleeps)
	}
	if n := countRows(t, c, "SELECT COUNT(*) FROM sleep_stages"); n != stages || stages == 0 {
		t.Errorf("%d stages after migration, want %d", n, stages)
	}
	if n := countRows(t, c, "SELECT COUNT(*) FROM sleeps WHERE asleep_ns = 0 AND source_id = ?", nulled); n != 1 {
		t.Errorf("the nulled sleep's v1 zero is gone before the sync (%d rows)", n)
	}
	if n := countRows(t, c, "SELECT COUNT(*) FROM chunks WHERE norm = 1"); n != 2 {
		t.Errorf("%d chunks of norm 1", n)
	}
	if n := countRows(t, c, "SELECT COUNT(*) FROM pragma_foreign_key_check"); n != 0 {
		t.Errorf("%d foreign key violations", n)
	}
	// Cascades still work on the rebuilt tables: a stage without its sleep
	// cannot be inserted.
	if _, err := c.db.Exec(`INSERT INTO sleep_stages (sleep_id, seq, start_time, duration_ns, level) VALUES (-1, 0, '', 0, 'x')`); err == nil {
		t.Error("a stage of no sleep was stored: foreign keys are off")
	}

	before := e.Server.Requests(sandbox.Oura)
	rep, err := c.Sync(context.Background(), p, "me", e.HTTP, rng("2026-03-01", "2026-03-20"),
		WithToday(wearnb.MustDate("2026-05-31")), WithoutProgress(), WithStreams("sleep"))
	if err != nil {
		t.Fatal(err)
	}
	if rep.ChunksRenormalized != 1 || rep.ChunksRefetched != 1 || rep.ChunksFetched != 1 {
		t.Errorf("report: %d re-normalized, %d to fetch again, %d fetched; want 1, 1, 1 (%v)",
			rep.ChunksRenormalized, rep.ChunksRefetched, rep.ChunksFetched, rep)
	}
	// The re-normalized chunk cost no request; the one without pages its
	// own fetch (one page).
	if n := e.Server.Requests(sandbox.Oura) - before; n != rep.Requests || n != len(batches[1].Raw) {
		t.Errorf("%d requests (report %d), want %d for the chunk without pages", n, rep.Requests, len(batches[1].Raw))
	}

	got, err := c.Sleeps(context.Background(), "oura", "me", rng("2026-03-01", "2026-03-20"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != sleeps {
		t.Errorf("%d sleeps after the sync, want %d", len(got), sleeps)
	}
	for _, s := range got {
		if s.SourceID == nulled {
			if s.Asleep.OK() || s.REM.OK() || s.Awake.OK() || s.Efficiency.OK() || !s.Deep.OK() {
				t.Errorf("re-normalized sleep: asleep %v rem %v awake %v efficiency %v deep %v", s.Asleep, s.REM, s.Awake, s.Efficiency, s.Deep)
			}
			continue
		}
		if !s.Asleep.OK() || !s.InBed.OK() || !s.Efficiency.OK() || (s.IsMain && !s.REM.OK()) {
			t.Errorf("sleep %s lost a value: asleep %v in bed %v efficiency %v rem %v", s.SourceID, s.Asleep, s.InBed, s.Efficiency, s.REM)
		}
	}
	if n := countRows(t, c, "SELECT COUNT(*) FROM sleeps WHERE asleep_ns IS NULL"); n != 1 {
		t.Errorf("%d NULL asleep_ns, want 1", n)
	}
	// The sleep pages also give each sleep's vitals (normalizers 3): the
	// re-normalized chunk has them too, from its kept pages.
	vs, err := c.Vitals(context.Background(), "oura", "me", rng("2026-03-01", "2026-03-20"))
	if err != nil || len(vs) != sleeps {
		t.Errorf("%d vitals after the sync, want one per sleep (%d): %v", len(vs), sleeps, err)
	}
	if n := countRows(t, c, "SELECT COUNT(*) FROM chunks WHERE norm = ?", normVersion); n != 2 {
		t.Errorf("%d chunks of the current normalizers, want 2", n)
	}
	// Up to date now: nothing to re-normalize, nothing to fetch.
	rep, err = c.Sync(context.Background(), p, "me", e.HTTP, rng("2026-03-01", "2026-03-20"),
		WithToday(wearnb.MustDate("2026-05-31")), WithoutProgress(), WithStreams("sleep"))
	if err != nil || rep.ChunksRenormalized != 0 || rep.ChunksFetched != 0 {
		t.Errorf("second sync: %v, %v", rep, err)
	}
}

// A value the batch does not report is NULL in the cache and missing when
// read back; a reported zero is 0; flags and resting heart rates round
// trip.
func TestMissingIsNullInTheCache(t *testing.T) {
	bed := at("2016-01-24T02:19:08-05:00")
	sleeps := []wearnb.Sleep{
		{Provider: "t", SourceID: "for-0m", Date: wearnb.MustDate("2016-01-24"), Start: bed, End: bed.Add(6 * time.Hour),
			InBed: wearnb.Some(6 * time.Hour), Asleep: wearnb.Some(time.Duration(0)), Deep: wearnb.Some(time.Duration(0)), Flag: wearnb.FlagNoSleep},
		{Provider: "t", SourceID: "bare", Date: wearnb.MustDate("2016-01-25"), Start: bed.Add(24 * time.Hour), End: bed.Add(31 * time.Hour), IsMain: true},
	}
	days := []wearnb.DayMoves{
		{Provider: "t", Date: wearnb.MustDate("2016-01-24"), Steps: wearnb.Some(0), RestingHR: wearnb.Some(58.5)},
		{Provider: "t", Date: wearnb.MustDate("2016-01-25"), Steps: wearnb.Some(4659)},
	}
	hours := []wearnb.HourMoves{{Provider: "t", Start: bed, ActiveSeconds: wearnb.Some(0)}}
	p := batchProvider{name: "t", streams: []wearnb.Stream{
		fixedStream("sleep", wearnb.KindSleeps, &wearnb.Batch{Sleeps: sleeps}),
		fixedStream("days", wearnb.KindDayMoves, &wearnb.Batch{Days: days}),
		fixedStream("hours", wearnb.KindHourlyMoves, &wearnb.Batch{Hours: hours}),
	}}
	c := openTemp(t)
	r := rng("2016-01-24", "2016-01-25")
	sync1(t, c, p, r, "2016-02-01")
	ctx := context.Background()
	gotS, err := c.Sleeps(ctx, "t", "me", r)
	if err != nil || len(gotS) != 2 {
		t.Fatalf("%d sleeps, %v", len(gotS), err)
	}
	for i, s := range gotS {
		w := sleeps[i]
		s.Stages, w.Stages = nil, nil
		if fmtSleep(s) != fmtSleep(w) || s.Flag != w.Flag {
			t.Errorf("sleep %d:\n got %s %q\nwant %s %q", i, fmtSleep(s), s.Flag, fmtSleep(w), w.Flag)
		}
	}
	if n := countRows(t, c, "SELECT COUNT(*) FROM sleeps WHERE asleep_ns IS NULL AND awake_ns IS NULL AND efficiency IS NULL AND awakenings IS NULL"); n != 1 {
		t.Errorf("%d sleeps with NULL values, want 1 (bare)", n)
	}
	gotD, err := c.Days(ctx, "t", "me", r)
	if err != nil || len(gotD) != 2 || gotD[0] != days[0] || gotD[1] != days[1] {
		t.Errorf("days = %+v, %v", gotD, err)
	}
	gotH, err := c.Hours(ctx, "t", "me", r)
	if err != nil || len(gotH) != 1 || gotH[0].Steps.OK() || gotH[0].ActiveSeconds != wearnb.Some(0) {
		t.Errorf("hours = %+v, %v", gotH, err)
	}
}

// TestMigrateV3DayOffsetMayBeNull opens a schema-3 file, whose
// day_moves.utc_offset_s was NOT NULL (Google's roll-up days were stored
// with offset 0), and checks that schema 4 keeps its row and offset and
// stores a day without an offset as NULL, read back missing, not 0.
func TestMigrateV3DayOffsetMayBeNull(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cache.db")
	c, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`DROP TABLE day_moves`,
		`CREATE TABLE day_moves (provider TEXT NOT NULL, account TEXT NOT NULL, date TEXT NOT NULL, stream TEXT NOT NULL,
			source_id TEXT NOT NULL, steps INTEGER, distance_m REAL, calories_kcal REAL, active_min INTEGER,
			utc_offset_s INTEGER NOT NULL, resting_hr_bpm REAL, PRIMARY KEY (provider, account, date)) WITHOUT ROWID`,
		`INSERT INTO day_moves VALUES ('t', 'me', '2016-01-23', 'days', 'd', 812, NULL, NULL, NULL, -18000, 57.5)`,
		`PRAGMA user_version = 3`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(q, err)
		}
	}
	db.Close()

	c, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if v := countRows(t, c, "PRAGMA user_version"); v != schemaVersion || schemaVersion != 4 {
		t.Errorf("user_version %d, schema %d", v, schemaVersion)
	}
	days := []wearnb.DayMoves{
		{Provider: "t", Date: wearnb.MustDate("2016-01-24"), Steps: wearnb.Some(4659)},                                         // no offset said
		{Provider: "t", Date: wearnb.MustDate("2016-01-25"), Steps: wearnb.Some(10), UTCOffset: wearnb.Some(time.Duration(0))}, // UTC
	}
	p := batchProvider{name: "t", streams: []wearnb.Stream{fixedStream("days", wearnb.KindDayMoves, &wearnb.Batch{Days: days})}}
	r := rng("2016-01-24", "2016-01-25")
	sync1(t, c, p, r, "2016-02-01")
	got, err := c.Days(context.Background(), "t", "me", rng("2016-01-23", "2016-01-25"))
	if err != nil || len(got) != 3 {
		t.Fatalf("days = %+v, %v", got, err)
	}
	if got[0].UTCOffset != wearnb.Some(-5*time.Hour) || got[0].Steps != wearnb.Some(812) || got[0].RestingHR != wearnb.Some(57.5) {
		t.Errorf("the schema-3 row: %+v", got[0])
	}
	if got[1].UTCOffset.OK() || got[2].UTCOffset != wearnb.Some(time.Duration(0)) {
		t.Errorf("offsets %v, %v; want missing, then 0", got[1].UTCOffset, got[2].UTCOffset)
	}
	if n := countRows(t, c, "SELECT COUNT(*) FROM day_moves WHERE utc_offset_s IS NULL"); n != 1 {
		t.Errorf("%d NULL offsets, want 1", n)
	}
}
