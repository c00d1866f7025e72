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
