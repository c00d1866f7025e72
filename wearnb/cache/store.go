package cache

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"sync"
	"time"

	"wearnb.dev/wearnb"
)

// chunkWrite is one fetched chunk on its way into the database.
type chunkWrite struct {
	provider, account, stream string
	chunk                     wearnb.Range
	asOf                      wearnb.Date
	settles                   int
	fetchedAt                 time.Time
	batch                     *wearnb.Batch
}

// store writes one chunk in a single transaction: it drops the ledger
// entries (and their raw pages) that the chunk supersedes and the stream's
// records dated inside the chunk, then inserts the chunk's raw pages,
// records and ledger entry. It returns the number of records written.
func (c *Cache) store(ctx context.Context, w chunkWrite) (int, error) {
	tx, err := c.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()

	from, to := w.chunk.From.String(), w.chunk.To.String()
	key := []any{w.provider, w.account, w.stream, from, to}

	// Ledger entries inside this chunk are superseded by it.
	if _, err := tx.ExecContext(ctx, `DELETE FROM raw_pages WHERE chunk_id IN (
		SELECT id FROM chunks WHERE provider = ? AND account = ? AND stream = ? AND from_date >= ? AND to_date <= ?)`, key...); err != nil {
		return 0, fmt.Errorf("drop old raw pages: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM chunks
		WHERE provider = ? AND account = ? AND stream = ? AND from_date >= ? AND to_date <= ?`, key...); err != nil {
		return 0, fmt.Errorf("drop old ledger entries: %w", err)
	}
	rows := recordCount(w.batch)
	complete := !w.chunk.To.After(settledThrough(w.asOf, w.settles))
	var chunkID int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO chunks
		(provider, account, stream, from_date, to_date, as_of, fetched_at, complete, requests, rows, norm)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		w.provider, w.account, w.stream, from, to, w.asOf.String(),
		w.fetchedAt.UTC().Format(time.RFC3339Nano), complete, len(w.batch.Raw), rows, normVersion,
	).Scan(&chunkID); err != nil {
		return 0, fmt.Errorf("record chunk: %w", err)
	}
	if err := insertRaw(ctx, tx, chunkID, w.batch.Raw); err != nil {
		return 0, err
	}
	if err := replaceRecords(ctx, tx, w); err != nil {
		return 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("commit: %w", err)
	}
	return rows, nil
}

// replaceRecords replaces the stream's records dated inside the chunk by
// the batch's: Sync's store and the re-normalization of a chunk from its
// raw pages both write records this way.
func replaceRecords(ctx context.Context, tx *sql.Tx, w chunkWrite) error {
	key := []any{w.provider, w.account, w.stream, w.chunk.From.String(), w.chunk.To.String()}
	if _, err := tx.ExecContext(ctx, `DELETE FROM sleep_stages WHERE sleep_id IN (
		SELECT id FROM sleeps WHERE provider = ? AND account = ? AND stream = ? AND date BETWEEN ? AND ?)`, key...); err != nil {
		return fmt.Errorf("drop old stages: %w", err)
	}
	for _, table := range append([]string{"sleeps", "day_moves", "hour_moves"}, heartTables...) {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+`
			WHERE provider = ? AND account = ? AND stream = ? AND date BETWEEN ? AND ?`, key...); err != nil {
			return fmt.Errorf("drop old %s: %w", table, err)
		}
	}
	if err := insertSleeps(ctx, tx, w, w.batch.Sleeps); err != nil {
		return err
	}
	if err := insertDays(ctx, tx, w, w.batch.Days); err != nil {
		return err
	}
	if err := insertHours(ctx, tx, w, w.batch.Hours); err != nil {
		return err
	}
	if err := insertHeartRate(ctx, tx, w, w.batch.HeartRate); err != nil {
		return err
	}
	return insertVitals(ctx, tx, w, w.batch.Vitals)
}

// recordCount is how many records a batch writes (a sleep's stages are part
// of its record).
func recordCount(b *wearnb.Batch) int {
	return len(b.Sleeps) + len(b.Days) + len(b.Hours) + len(b.HeartRate) + len(b.Vitals)
}

// null is o's value for a nullable column: the value, or nil (NULL) when
// it was not reported.
func null[T any](o wearnb.Opt[T]) any {
	if v, ok := o.Get(); ok {
		return v
	}
	return nil
}

// nullSeconds is a duration for a nullable *_s column (whole seconds).
func nullSeconds(o wearnb.Opt[time.Duration]) any {
	if v, ok := o.Get(); ok {
		return int64(v / time.Second)
	}
	return nil
}

// nullDur is a duration for a nullable *_ns column.
func nullDur(o wearnb.Opt[time.Duration]) any {
	if v, ok := o.Get(); ok {
		return int64(v)
	}
	return nil
}

func insertRaw(ctx context.Context, tx *sql.Tx, chunkID int64, pages []wearnb.RawPage) error {
	return insertEach(ctx, tx, "raw pages", `INSERT INTO raw_pages (chunk_id, seq, url, body) VALUES (?, ?, ?, ?)`, pages,
		func(i int, p wearnb.RawPage) []any {
			body := p.Body
			if body == nil {
				body = []byte{}
			}
			return []any{chunkID, i, p.URL, body}
		},
		func(i int, _ wearnb.RawPage) string { return "raw page " + strconv.Itoa(i) })
}

// insertEach runs the statement query once per x of xs with args(i, x), the
// statement prepared once; errors say "store <what>: …" or, for one
// record, "store <name(i, x)>: …".
func insertEach[T any](ctx context.Context, tx *sql.Tx, what, query string, xs []T, args func(int, T) []any, name func(int, T) string) error {
	if len(xs) == 0 {
		return nil
	}
	st, err := tx.PrepareContext(ctx, query)
	if err != nil {
		return fmt.Errorf("store %s: %w", what, err)
	}
	defer st.Close()
	for i, x := range xs {
		if _, err := st.ExecContext(ctx, args(i, x)...); err != nil {
			return fmt.Errorf("store %s: %w", name(i, x), err)
		}
	}
	return nil
}

// sleepKey is the stored source id of s: its SourceID, or "start:<unix>"
// when the provider gave none.
func sleepKey(s *wearnb.Sleep) string {
	if s.SourceID != "" {
		return s.SourceID
	}
	return "start:" + strconv.FormatInt(s.Start.Unix(), 10)
}

func insertSleeps(ctx context.Context, tx *sql.Tx, w chunkWrite, sleeps []wearnb.Sleep) error {
	if len(sleeps) == 0 {
		return nil
	}
	up, err := tx.PrepareContext(ctx, `INSERT INTO sleeps
		(provider, account, stream, source_id, date, start_time, start_unix, end_time, end_unix,
		 in_bed_ns, asleep_ns, awake_ns, deep_ns, light_ns, rem_ns, latency_ns,
		 efficiency, awakenings, is_main, flag)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (provider, account, source_id) DO UPDATE SET
		 stream = excluded.stream, date = excluded.date,
		 start_time = excluded.start_time, start_unix = excluded.start_unix,
		 end_time = excluded.end_time, end_unix = excluded.end_unix,
		 in_bed_ns = excluded.in_bed_ns, asleep_ns = excluded.asleep_ns, awake_ns = excluded.awake_ns,
		 deep_ns = excluded.deep_ns, light_ns = excluded.light_ns, rem_ns = excluded.rem_ns,
		 latency_ns = excluded.latency_ns, efficiency = excluded.efficiency,
		 awakenings = excluded.awakenings, is_main = excluded.is_main, flag = excluded.flag
		RETURNING id`)
	if err != nil {
		return fmt.Errorf("store sleeps: %w", err)
	}
	defer up.Close()
	clearStages, err := tx.PrepareContext(ctx, `DELETE FROM sleep_stages WHERE sleep_id = ?`)
	if err != nil {
		return fmt.Errorf("store sleeps: %w", err)
	}
	defer clearStages.Close()
	stage, err := tx.PrepareContext(ctx, `INSERT INTO sleep_stages (sleep_id, seq, start_time, duration_ns, level) VALUES (?, ?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("store sleeps: %w", err)
	}
	defer stage.Close()

	for i := range sleeps {
		s := &sleeps[i]
		var id int64
		if err := up.QueryRowContext(ctx,
			w.provider, w.account, w.stream, sleepKey(s), s.Date.String(),
			fmtTime(s.Start), s.Start.Unix(), fmtTime(s.End), s.End.Unix(),
			nullDur(s.InBed), nullDur(s.Asleep), nullDur(s.Awake), nullDur(s.Deep), nullDur(s.Light), nullDur(s.REM), nullDur(s.Latency),
			null(s.Efficiency), null(s.Awakenings), s.IsMain, string(s.Flag),
		).Scan(&id); err != nil {
			return fmt.Errorf("store sleep %s: %w", sleepKey(s), err)
		}
		if _, err := clearStages.ExecContext(ctx, id); err != nil {
			return fmt.Errorf("store sleep %s: %w", sleepKey(s), err)
		}
		for j, st := range s.Stages {
			if _, err := stage.ExecContext(ctx, id, j, fmtTime(st.Start), int64(st.Duration), string(st.Level)); err != nil {
				return fmt.Errorf("store sleep %s stage %d: %w", sleepKey(s), j, err)
			}
		}
	}
	return nil
}

func insertDays(ctx context.Context, tx *sql.Tx, w chunkWrite, days []wearnb.DayMoves) error {
	return insertEach(ctx, tx, "days", `INSERT OR REPLACE INTO day_moves
		(provider, account, date, stream, source_id, steps, distance_m, calories_kcal, active_min, utc_offset_s, resting_hr_bpm)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, days,
		func(_ int, d wearnb.DayMoves) []any {
			return []any{w.provider, w.account, d.Date.String(), w.stream, d.SourceID,
				null(d.Steps), null(d.DistanceM), null(d.CaloriesKcal), null(d.ActiveMinutes), nullSeconds(d.UTCOffset),
				null(d.RestingHR)}
		},
		func(_ int, d wearnb.DayMoves) string { return "day " + d.Date.String() })
}

func insertHours(ctx context.Context, tx *sql.Tx, w chunkWrite, hours []wearnb.HourMoves) error {
	return insertEach(ctx, tx, "hours", `INSERT OR REPLACE INTO hour_moves
		(provider, account, start_unix, stream, date, start_time, steps, distance_m, calories_kcal, active_s)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, hours,
		func(_ int, h wearnb.HourMoves) []any {
			return []any{w.provider, w.account, h.Start.Unix(), w.stream,
				wearnb.DateOf(h.Start).String(), fmtTime(h.Start),
				null(h.Steps), null(h.DistanceM), null(h.CaloriesKcal), null(h.ActiveSeconds)}
		},
		func(_ int, h wearnb.HourMoves) string { return "hour " + fmtTime(h.Start) })
}

// fmtTime formats t as RFC 3339 with nanoseconds and t's UTC offset.
func fmtTime(t time.Time) string { return t.Format(time.RFC3339Nano) }

// parseTime is the inverse of fmtTime. The result is in a fixed zone with
// the stored offset (time.Parse would otherwise pick time.Local when the
// offsets happen to match); the zero time stays the zero time.
func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("bad stored time %q: %w", s, err)
	}
	if t.IsZero() {
		return time.Time{}, nil
	}
	_, off := t.Zone()
	return t.In(fixedZone(off)), nil
}

var zones sync.Map // offset seconds -> *time.Location

func fixedZone(off int) *time.Location {
	if z, ok := zones.Load(off); ok {
		return z.(*time.Location)
	}
	z, _ := zones.LoadOrStore(off, time.FixedZone("", off))
	return z.(*time.Location)
}
