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
// migration step to migrate, whenever the schema below changes.
const schemaVersion = 1

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

// schema creates version 1. Times are stored twice: as RFC 3339 text with
// the local UTC offset (exact, readable, what the readers decode) and as unix
// seconds (for ordering and SQL queries). Durations are integer nanoseconds
// (time.Duration), so round trips are exact. Dates are "YYYY-MM-DD" text,
// which sorts and compares correctly.
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
	in_bed_ns    INTEGER NOT NULL,
	asleep_ns    INTEGER NOT NULL,
	awake_ns     INTEGER NOT NULL,
	deep_ns      INTEGER NOT NULL,
	light_ns     INTEGER NOT NULL,
	rem_ns       INTEGER NOT NULL,
	latency_ns   INTEGER NOT NULL,
	efficiency   REAL NOT NULL,
	awakenings   INTEGER NOT NULL,
	is_main      INTEGER NOT NULL,
	UNIQUE (provider, account, source_id)
);
CREATE INDEX IF NOT EXISTS sleeps_date ON sleeps (provider, account, date);

CREATE TABLE IF NOT EXISTS sleep_stages (
	sleep_id    INTEGER NOT NULL REFERENCES sleeps (id) ON DELETE CASCADE,
	seq         INTEGER NOT NULL,
	start_time  TEXT NOT NULL,
	duration_ns INTEGER NOT NULL,
	level       TEXT NOT NULL,
	PRIMARY KEY (sleep_id, seq)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS day_moves (
	provider       TEXT NOT NULL,
	account        TEXT NOT NULL,
	date           TEXT NOT NULL,
	stream         TEXT NOT NULL,
	source_id      TEXT NOT NULL,
	steps          INTEGER NOT NULL,
	distance_m     REAL NOT NULL,
	calories_kcal  REAL NOT NULL,
	active_min     INTEGER NOT NULL,
	utc_offset_s   INTEGER NOT NULL,
	PRIMARY KEY (provider, account, date)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS hour_moves (
	provider       TEXT NOT NULL,
	account        TEXT NOT NULL,
	start_unix     INTEGER NOT NULL,
	stream         TEXT NOT NULL,
	date           TEXT NOT NULL, -- local date of start
	start_time     TEXT NOT NULL,
	steps          INTEGER NOT NULL,
	distance_m     REAL NOT NULL,
	calories_kcal  REAL NOT NULL,
	active_s       INTEGER NOT NULL,
	PRIMARY KEY (provider, account, start_unix)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS hour_moves_date ON hour_moves (provider, account, date);
`

// migrate creates or checks the schema inside one write transaction, so two
// processes opening a new file at once do not race.
func (c *Cache) migrate(ctx context.Context) error {
	tx, err := c.db.BeginTx(ctx, nil)
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
	}
	if _, err := tx.ExecContext(ctx, schema); err != nil {
		return fmt.Errorf("create tables: %w", err)
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", schemaVersion)); err != nil {
		return err
	}
	return tx.Commit()
}
