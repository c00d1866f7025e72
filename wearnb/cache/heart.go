package cache

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"wearnb.dev/wearnb"
)

// heartSchema adds the heart-rate and nightly-vitals tables (schema
// version 2). A measure the provider did not send is NULL, never 0.
//
// heart_rate holds one row per sample, keyed by its date and its instant
// in unix milliseconds (dates first, so a chunk's samples are one range of
// the table and reads need no other index); utc_offset_s is NULL when the provider did not say where
// the person was (Oura), and date is then the sample's UTC date. vitals
// holds one row per sleep (key: the provider's sleep id) or, for a
// provider that keys them by date (Fitbit, Google Health), per date (key
// "date:YYYY-MM-DD", sleep_id "", start NULL).
const heartSchema = `
CREATE TABLE IF NOT EXISTS heart_rate (
	provider     TEXT NOT NULL,
	account      TEXT NOT NULL,
	time_ms      INTEGER NOT NULL,
	stream       TEXT NOT NULL,
	date         TEXT NOT NULL,
	utc_offset_s INTEGER,
	bpm          REAL NOT NULL,
	context      TEXT,
	PRIMARY KEY (provider, account, date, time_ms)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS vitals (
	provider         TEXT NOT NULL,
	account          TEXT NOT NULL,
	key              TEXT NOT NULL,
	stream           TEXT NOT NULL,
	date             TEXT NOT NULL,
	sleep_id         TEXT NOT NULL,
	start_time       TEXT,
	start_unix       INTEGER,
	lowest_hr        REAL,
	average_hr       REAL,
	average_hrv      REAL,
	respiratory_rate REAL,
	skin_temp_dev    REAL,
	PRIMARY KEY (provider, account, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS vitals_date ON vitals (provider, account, date);
`

// heartTables are the tables of heartSchema whose rows a chunk replaces.
var heartTables = []string{"heart_rate", "vitals"}

// heartBatch is how many samples one INSERT statement carries: one
// statement per sample costs the pure-Go SQLite most of its time.
const heartBatch = 64

// insertHeartRate stores samples, heartBatch to a statement. A sample at
// the instant and date of one already stored replaces it.
func insertHeartRate(ctx context.Context, tx *sql.Tx, w chunkWrite, hs []wearnb.HeartRate) error {
	if len(hs) == 0 {
		return nil
	}
	// prepare makes the statement that stores n samples.
	prepare := func(n int) (*sql.Stmt, error) {
		const row = "(?, ?, ?, ?, ?, ?, ?, ?)"
		st, err := tx.PrepareContext(ctx, "INSERT OR REPLACE INTO heart_rate (provider, account, time_ms, stream, date, utc_offset_s, bpm, context) VALUES "+
			row+strings.Repeat(", "+row, n-1))
		if err != nil {
			return nil, fmt.Errorf("store heart rate: %w", err)
		}
		return st, nil
	}
	full, err := prepare(heartBatch)
	if err != nil {
		return err
	}
	defer full.Close()
	var (
		lastDate wearnb.Date
		date     string
		args     = make([]any, 0, 8*heartBatch)
	)
	flush := func(st *sql.Stmt) error {
		if _, err := st.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("store heart rate: %w", err)
		}
		args = args[:0]
		return nil
	}
	for i, h := range hs {
		var off, ctxt any // NULL unless known
		if o, ok := h.UTCOffset(); ok {
			off = int64(o / time.Second)
		}
		if h.Context != wearnb.ContextUnknown {
			ctxt = string(h.Context)
		}
		if d := h.Date(); d != lastDate || date == "" {
			lastDate, date = d, d.String()
		}
		args = append(args, w.provider, w.account, h.Time.UnixMilli(), w.stream, date, off, h.BPM, ctxt)
		if len(args) == cap(args) {
			if err := flush(full); err != nil {
				return err
			}
		}
		if i == len(hs)-1 && len(args) > 0 { // the rest, one statement
			n := len(args) / 8
			st, err := prepare(n)
			if err != nil {
				return err
			}
			err = flush(st)
			st.Close()
			if err != nil {
				return err
			}
		}
	}
	return nil
}

func insertVitals(ctx context.Context, tx *sql.Tx, w chunkWrite, vs []wearnb.Vitals) error {
	return insertEach(ctx, tx, "vitals", `INSERT OR REPLACE INTO vitals
		(provider, account, key, stream, date, sleep_id, start_time, start_unix,
		 lowest_hr, average_hr, average_hrv, respiratory_rate, skin_temp_dev)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, vs,
		func(_ int, v wearnb.Vitals) []any {
			var start, unix any
			if !v.Start.IsZero() {
				start, unix = fmtTime(v.Start), v.Start.Unix()
			}
			return []any{w.provider, w.account, v.Key(), w.stream, v.Date.String(), v.SleepID, start, unix,
				null(v.LowestHR), null(v.AverageHR), null(v.AverageHRV), null(v.RespiratoryRate), null(v.SkinTempDev)}
		},
		func(_ int, v wearnb.Vitals) string { return "vitals " + v.Key() })
}

// HeartRate returns the cached heart-rate samples of provider and account
// dated in r (the local date of each sample, or its UTC date when the
// provider did not say where the person was), in time order. It never
// touches the network. Times come back in a fixed zone of the stored
// offset (Local true), or in UTC (Local false) when the offset is unknown.
func (c *Cache) HeartRate(ctx context.Context, provider, account string, r wearnb.Range) ([]wearnb.HeartRate, error) {
	var n int
	if err := c.db.QueryRowContext(ctx, `SELECT count(*) FROM heart_rate
		WHERE provider = ? AND account = ? AND date BETWEEN ? AND ?`,
		provider, account, r.From.String(), r.To.String()).Scan(&n); err != nil {
		return nil, fmt.Errorf("cache: read heart rate: %w", err)
	}
	rows, err := c.db.QueryContext(ctx, `SELECT time_ms, utc_offset_s, bpm, context
		FROM heart_rate WHERE provider = ? AND account = ? AND date BETWEEN ? AND ?
		ORDER BY date, time_ms`, provider, account, r.From.String(), r.To.String())
	if err != nil {
		return nil, fmt.Errorf("cache: read heart rate: %w", err)
	}
	defer rows.Close()
	out := make([]wearnb.HeartRate, 0, n)
	var (
		ms   int64
		off  sql.NullInt64
		bpm  float64
		ctxt sql.RawBytes
	)
	for rows.Next() {
		if err := rows.Scan(&ms, &off, &bpm, &ctxt); err != nil {
			return nil, fmt.Errorf("cache: read heart rate: %w", err)
		}
		h := wearnb.HeartRate{Provider: provider, BPM: bpm, Context: contextOf(ctxt)}
		if off.Valid {
			h.Time, h.Local = time.UnixMilli(ms).In(fixedZone(int(off.Int64))), true
		} else {
			h.Time = time.UnixMilli(ms).UTC()
		}
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("cache: read heart rate: %w", err)
	}
	return out, nil
}

// contextOf maps a stored context to its constant without allocating.
func contextOf(b []byte) wearnb.HRContext {
	switch string(b) {
	case "sleep":
		return wearnb.ContextSleep
	case "rest":
		return wearnb.ContextRest
	case "awake":
		return wearnb.ContextAwake
	case "workout":
		return wearnb.ContextWorkout
	case "":
		return wearnb.ContextUnknown
	}
	return wearnb.HRContext(b)
}

// Vitals returns the cached nightly vitals of provider and account dated
// in r, in date order (then start). It never touches the network. Vitals a
// provider keys by date (SleepID empty: Fitbit, Google Health) are
// attached to the cached main sleep of their date, if any: SleepID and
// Start come from it (see wearnb.AttachVitals). A measure stored as NULL
// comes back missing.
func (c *Cache) Vitals(ctx context.Context, provider, account string, r wearnb.Range) ([]wearnb.Vitals, error) {
	from, to := r.From.String(), r.To.String()
	tx, err := c.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("cache: read vitals: %w", err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT date, sleep_id, start_time,
		lowest_hr, average_hr, average_hrv, respiratory_rate, skin_temp_dev
		FROM vitals WHERE provider = ? AND account = ? AND date BETWEEN ? AND ?
		ORDER BY date, start_unix, key`, provider, account, from, to)
	if err != nil {
		return nil, fmt.Errorf("cache: read vitals: %w", err)
	}
	defer rows.Close()
	var out []wearnb.Vitals
	byDate := false
	for rows.Next() {
		var (
			date   string
			start  sql.NullString
			m      [5]sql.NullFloat64
			v      = wearnb.Vitals{Provider: provider}
			target = []*wearnb.Opt[float64]{&v.LowestHR, &v.AverageHR, &v.AverageHRV, &v.RespiratoryRate, &v.SkinTempDev}
		)
		if err := rows.Scan(&date, &v.SleepID, &start, &m[0], &m[1], &m[2], &m[3], &m[4]); err != nil {
			return nil, fmt.Errorf("cache: read vitals: %w", err)
		}
		if v.Date, err = wearnb.ParseDate(date); err != nil {
			return nil, fmt.Errorf("cache: read vitals: %w", err)
		}
		if start.Valid {
			if v.Start, err = parseTime(start.String); err != nil {
				return nil, fmt.Errorf("cache: read vitals %s: %w", v.Key(), err)
			}
		}
		for i, x := range m {
			if x.Valid {
				*target[i] = wearnb.Some(x.Float64)
			}
		}
		byDate = byDate || v.SleepID == ""
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("cache: read vitals: %w", err)
	}
	rows.Close()
	if !byDate {
		return out, nil
	}
	// The main sleeps of the range, for the vitals keyed by date.
	sleeps, err := queryRows(ctx, tx, "vitals' sleeps", func(rows *sql.Rows) (wearnb.Sleep, error) {
		var date, start string
		s := wearnb.Sleep{Provider: provider, IsMain: true}
		err := rows.Scan(&date, &s.SourceID, &start)
		if err == nil {
			s.Date, err = wearnb.ParseDate(date)
		}
		if err == nil {
			s.Start, err = parseTime(start)
		}
		return s, err
	}, `SELECT date, source_id, start_time FROM sleeps
		WHERE provider = ? AND account = ? AND is_main AND date BETWEEN ? AND ?
		ORDER BY start_unix`, provider, account, from, to)
	if err != nil {
		return nil, err
	}
	return wearnb.AttachVitals(out, sleeps), nil
}
