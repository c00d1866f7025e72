package cache

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver

	"wearnb.dev/wearnb/internal/paths"
)

// schemaVersion is stored in PRAGMA user_version. Bump it, and add a
// migration step to migrations, whenever the schema below changes.
//
//   - 1: the first schema.
//   - 2: measured values may be NULL (not reported, issue 9), sleeps carry
//     a flag, days a resting heart rate, and the ledger the version of the
//     normalizers that wrote a chunk's records (norm).
//   - 3: heart_rate and vitals tables (heart.go).
//   - 4: day_moves.utc_offset_s may be NULL (a day whose offset the
//     provider did not say: Google's daily roll-up).
const schemaVersion = 4

// normVersion is the version of the provider normalizers that records are
// written with; a ledger entry whose norm is older is re-normalized from
// its raw pages by the next Sync (see renormalize). Bump it when the
// normalizers change what they make of the same pages.
//
//   - 1: zeros where a value was not reported (before issue 9).
//   - 2: missing values are NULL, implausible sleeps flagged.
//   - 3: Oura's sleep pages also give each sleep's nightly vitals.
//   - 4: a day's UTC offset is missing where the provider did not say it
//     (Google's roll-up days, 0 before).
const normVersion = 4

// busyTimeoutMS is how long a connection waits for another process's write
// transaction before giving up with SQLITE_BUSY. Chunk transactions take
// milliseconds, so this only matters when something holds a lock far longer.
const busyTimeoutMS = 15000

// Cache is a local SQLite cache of raw provider responses and normalized
// records. It is safe for concurrent use by multiple goroutines, and several
// processes (two notebooks, a notebook and a cron job) may open the same file
// at once: the database runs in WAL mode, every write is one short
// transaction, and a writer waits up to 15 s for another writer's lock.
type Cache struct {
	db   *sql.DB
	path string
}

// DefaultPath returns where the cache lives unless told otherwise:
// $WEARNB_HOME/cache.db when WEARNB_HOME is set, else
// os.UserCacheDir()/wearnb/cache.db (for example ~/.cache/wearnb/cache.db on
// Linux). A path inside GoNB's temporary directory, which is removed when
// the kernel stops, is an error.
func DefaultPath() (string, error) { return paths.Default().Cache() }

// Open opens the cache database at path, creating the file, its parent
// directories (mode 0700) and the tables if needed. Use DefaultPath for the
// usual location. Close the Cache when done.
func Open(path string) (*Cache, error) {
	if path == "" {
		return nil, errors.New("cache: empty database path")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("cache: resolve %s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return nil, fmt.Errorf("cache: create directory for %s: %w", abs, err)
	}
	db, err := sql.Open("sqlite", dsn(abs))
	if err != nil {
		return nil, fmt.Errorf("cache: open %s: %w", abs, err)
	}
	c := &Cache{db: db, path: abs}
	if err := c.migrate(context.Background()); err != nil {
		db.Close()
		return nil, fmt.Errorf("cache: open %s: %w", abs, err)
	}
	return c, nil
}

// dsn builds the driver's connection string: a file: URI (so any character in
// the path is escaped) with the pragmas every pooled connection needs.
// _txlock=immediate makes BEGIN take the write lock at once, so a
// transaction never has to upgrade a read lock (which in WAL mode fails with
// SQLITE_BUSY without waiting).
func dsn(abs string) string {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeoutMS))
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "foreign_keys(ON)")
	q.Set("_txlock", "immediate")
	// url.URL renders "file:///abs"; SQLite wants "file:/abs" or
	// "file:///abs", both fine.
	return u.String() + "?" + q.Encode()
}

// Path returns the absolute path of the database file.
func (c *Cache) Path() string { return c.path }

// Close closes the database. Pending transactions are rolled back.
func (c *Cache) Close() error {
	if err := c.db.Close(); err != nil {
		return fmt.Errorf("cache: close: %w", err)
	}
	return nil
}

// schema creates the current version. Times are stored twice: as RFC 3339
// text with the local UTC offset (exact, readable, what the readers decode)
// and as unix seconds (for ordering and SQL queries). Durations are integer
// nanoseconds (time.Duration), so round trips are exact. Dates are
// "YYYY-MM-DD" text, which sorts and compares correctly. A measured value
// the provider did not report is NULL, never 0.
const schema = `
CREATE TABLE IF NOT EXISTS chunks (
	id          INTEGER PRIMARY KEY,
	provider    TEXT NOT NULL,
	account     TEXT NOT NULL,
	stream      TEXT NOT NULL,
	from_date   TEXT NOT NULL,
	to_date     TEXT NOT NULL,
	as_of       TEXT NOT NULL,    -- the sync's "today" when fetched
	fetched_at  TEXT NOT NULL,    -- RFC 3339, UTC
	complete    INTEGER NOT NULL, -- 1: every day had settled when fetched
	requests    INTEGER NOT NULL,
	rows        INTEGER NOT NULL,
	norm        INTEGER NOT NULL DEFAULT 1, -- normalizer version of the records (normVersion)
	UNIQUE (provider, account, stream, from_date, to_date)
);
CREATE INDEX IF NOT EXISTS chunks_span ON chunks (provider, account, stream, to_date);

CREATE TABLE IF NOT EXISTS raw_pages (
	chunk_id INTEGER NOT NULL REFERENCES chunks (id) ON DELETE CASCADE,
	seq      INTEGER NOT NULL,
	url      TEXT NOT NULL,
	body     BLOB NOT NULL,
	PRIMARY KEY (chunk_id, seq)
);
` + sleepsTable + `
CREATE TABLE IF NOT EXISTS sleep_stages (
	sleep_id    INTEGER NOT NULL REFERENCES sleeps (id) ON DELETE CASCADE,
	seq         INTEGER NOT NULL,
	start_time  TEXT NOT NULL,
	duration_ns INTEGER NOT NULL,
	level       TEXT NOT NULL,
	PRIMARY KEY (sleep_id, seq)
) WITHOUT ROWID;
` + dayMovesTable + hourMovesTable

// The record tables of schema 2, shared by schema and the migration from 1.
const (
	sleepsTable = `
CREATE TABLE IF NOT EXISTS sleeps (
	id           INTEGER PRIMARY KEY,
	provider     TEXT NOT NULL,
	account      TEXT NOT NULL,
	stream       TEXT NOT NULL,
	source_id    TEXT NOT NULL,
	date         TEXT NOT NULL,
	start_time   TEXT NOT NULL,
	start_unix   INTEGER NOT NULL,
	end_time     TEXT NOT NULL,
	end_unix     INTEGER NOT NULL,
	in_bed_ns    INTEGER, -- NULL: not reported
	asleep_ns    INTEGER,
	awake_ns     INTEGER,
	deep_ns      INTEGER,
	light_ns     INTEGER,
	rem_ns       INTEGER,
	latency_ns   INTEGER,
	efficiency   REAL,
	awakenings   INTEGER,
	is_main      INTEGER NOT NULL,
	flag         TEXT NOT NULL DEFAULT '', -- wearnb.Flag; '' when plausible
	UNIQUE (provider, account, source_id)
);
CREATE INDEX IF NOT EXISTS sleeps_date ON sleeps (provider, account, date);
`
	dayMovesTable = `
CREATE TABLE IF NOT EXISTS day_moves (
	provider       TEXT NOT NULL,
	account        TEXT NOT NULL,
	date           TEXT NOT NULL,
	stream         TEXT NOT NULL,
	source_id      TEXT NOT NULL,
	steps          INTEGER, -- NULL: not reported
	distance_m     REAL,
	calories_kcal  REAL,
	active_min     INTEGER,
	utc_offset_s   INTEGER, -- NULL: the provider did not say (schema 4)
	resting_hr_bpm REAL,
	PRIMARY KEY (provider, account, date)
) WITHOUT ROWID;
`
	hourMovesTable = `
CREATE TABLE IF NOT EXISTS hour_moves (
	provider       TEXT NOT NULL,
	account        TEXT NOT NULL,
	start_unix     INTEGER NOT NULL,
	stream         TEXT NOT NULL,
	date           TEXT NOT NULL, -- local date of start
	start_time     TEXT NOT NULL,
	steps          INTEGER, -- NULL: not reported
	distance_m     REAL,
	calories_kcal  REAL,
	active_s       INTEGER,
	PRIMARY KEY (provider, account, start_unix)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS hour_moves_date ON hour_moves (provider, account, date);
`
)

// migrations[v] turns a schema of version v into version v+1, inside the
// migration's transaction with foreign keys off. Nothing is dropped: every
// row is copied.
var migrations = map[int]func(ctx context.Context, tx *sql.Tx) error{
	1: migrate1to2,
	2: migrate2to3,
	3: migrate3to4,
}

// migrate3to4 makes day_moves.utc_offset_s nullable: the table is rebuilt
// and every row copied. The zeros Google's roll-up days were stored with
// become NULL when the next Sync re-normalizes their chunks (normVersion 4).
func migrate3to4(ctx context.Context, tx *sql.Tx) error {
	return execAll(ctx, tx,
		`ALTER TABLE day_moves RENAME TO day_moves_v3`,
		dayMovesTable,
		`INSERT INTO day_moves (provider, account, date, stream, source_id, steps, distance_m, calories_kcal, active_min, utc_offset_s, resting_hr_bpm)
		 SELECT provider, account, date, stream, source_id, steps, distance_m, calories_kcal, active_min, utc_offset_s, resting_hr_bpm FROM day_moves_v3`,
		`DROP TABLE day_moves_v3`,
	)
}

// execAll runs a migration's statements in order.
func execAll(ctx context.Context, tx *sql.Tx, steps ...string) error {
	for i, q := range steps {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("step %d: %w", i+1, err)
		}
	}
	return nil
}

// migrate2to3 adds the heart-rate and vitals tables.
func migrate2to3(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, heartSchema)
	return err
}

// migrate1to2 makes the measured columns nullable (SQLite cannot drop NOT
// NULL in place, so each record table is rebuilt and its rows copied, ids
// kept), adds sleeps.flag, day_moves.resting_hr_bpm and chunks.norm. The
// values copied are what version 1 stored, zeros for what no provider
// reported among them; every chunk keeps norm 1, so the next Sync of its
// account re-normalizes its records from the raw pages the cache kept
// (see renormalize), and NULLs replace those zeros without a request.
func migrate1to2(ctx context.Context, tx *sql.Tx) error {
	steps := []string{
		`ALTER TABLE sleeps RENAME TO sleeps_v1`,
		sleepsTable,
		`INSERT INTO sleeps (id, provider, account, stream, source_id, date, start_time, start_unix, end_time, end_unix,
			in_bed_ns, asleep_ns, awake_ns, deep_ns, light_ns, rem_ns, latency_ns, efficiency, awakenings, is_main)
		 SELECT id, provider, account, stream, source_id, date, start_time, start_unix, end_time, end_unix,
			in_bed_ns, asleep_ns, awake_ns, deep_ns, light_ns, rem_ns, latency_ns, efficiency, awakenings, is_main FROM sleeps_v1`,
		`DROP INDEX IF EXISTS sleeps_date`,
		// sleep_stages referred to sleeps, and followed the rename: rebuild
		// it so that it refers to the new table.
		`ALTER TABLE sleep_stages RENAME TO sleep_stages_v1`,
		`CREATE TABLE sleep_stages (
			sleep_id    INTEGER NOT NULL REFERENCES sleeps (id) ON DELETE CASCADE,
			seq         INTEGER NOT NULL,
			start_time  TEXT NOT NULL,
			duration_ns INTEGER NOT NULL,
			level       TEXT NOT NULL,
			PRIMARY KEY (sleep_id, seq)
		) WITHOUT ROWID`,
		`INSERT INTO sleep_stages SELECT sleep_id, seq, start_time, duration_ns, level FROM sleep_stages_v1`,
		`DROP TABLE sleep_stages_v1`,
		`DROP TABLE sleeps_v1`,
		`CREATE INDEX IF NOT EXISTS sleeps_date ON sleeps (provider, account, date)`,

		`ALTER TABLE day_moves RENAME TO day_moves_v1`,
		dayMovesTable,
		`INSERT INTO day_moves (provider, account, date, stream, source_id, steps, distance_m, calories_kcal, active_min, utc_offset_s)
		 SELECT provider, account, date, stream, source_id, steps, distance_m, calories_kcal, active_min, utc_offset_s FROM day_moves_v1`,
		`DROP TABLE day_moves_v1`,

		`DROP INDEX IF EXISTS hour_moves_date`,
		`ALTER TABLE hour_moves RENAME TO hour_moves_v1`,
		hourMovesTable,
		`INSERT INTO hour_moves (provider, account, start_unix, stream, date, start_time, steps, distance_m, calories_kcal, active_s)
		 SELECT provider, account, start_unix, stream, date, start_time, steps, distance_m, calories_kcal, active_s FROM hour_moves_v1`,
		`DROP TABLE hour_moves_v1`,

		`ALTER TABLE chunks ADD COLUMN norm INTEGER NOT NULL DEFAULT 1`,
	}
	return execAll(ctx, tx, steps...)
}

// migrate creates or checks the schema inside one write transaction, so two
// processes opening a new file at once do not race. An older file is
// brought up to date step by step ([migrations]) with foreign keys off for
// the transaction (rebuilding a table must not cascade into its children),
// and the foreign keys are checked before it commits.
func (c *Cache) migrate(ctx context.Context) error {
	conn, err := c.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	// Outside a transaction: SQLite ignores this pragma inside one.
	if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
		return err
	}
	defer func() {
		// The connection goes back to the pool: foreign keys on again.
		_, _ = conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA foreign_keys = ON")
	}()

	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var v int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return err
	}
	switch {
	case v == schemaVersion:
		return nil
	case v > schemaVersion:
		return fmt.Errorf("database schema version %d is newer than this wearnb understands (%d)", v, schemaVersion)
	case v == 0:
		if _, err := tx.ExecContext(ctx, schema+heartSchema); err != nil {
			return fmt.Errorf("create tables: %w", err)
		}
	default:
		for ; v < schemaVersion; v++ {
			step := migrations[v]
			if step == nil {
				return fmt.Errorf("no migration from schema version %d", v)
			}
			if err := step(ctx, tx); err != nil {
				return fmt.Errorf("migrate schema %d to %d: %w", v, v+1, err)
			}
		}
		rows, err := tx.QueryContext(ctx, "PRAGMA foreign_key_check")
		if err != nil {
			return err
		}
		bad := rows.Next()
		rows.Close()
		if bad {
			return fmt.Errorf("migrate schema: foreign keys broken")
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", schemaVersion)); err != nil {
		return err
	}
	return tx.Commit()
}
