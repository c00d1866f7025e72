// Package cache keeps a local SQLite copy of a person's wearable data, so
// re-running a notebook cell does not refetch years of data and analysis
// works offline.
//
// It uses the pure-Go driver modernc.org/sqlite (no cgo). The database lives
// at DefaultPath ($WEARNB_HOME/cache.db, else the user cache directory) and
// may be shared by several processes: it runs in WAL mode with a busy
// timeout, and every write is one short transaction.
//
// # Syncing
//
// Cache.Sync drives a wearnb.Provider's streams over a date range:
//
//	c, err := cache.Open(path)
//	...
//	rep, err := c.Sync(ctx, provider, "me", httpClient, wearnb.Range{From: from, To: to})
//	fmt.Println(rep) // fake/me 2020-01-01..2024-12-31: fetched 19 chunks (19 requests, ...)
//
// For each stream, Sync fetches only the days the cache lacks, plus the days
// that were still "settling" when last fetched (within Stream.Settles days of
// that fetch's today, or today itself), in chunks of at most Stream.MaxDays
// days. A settling day that a fetch on a later date got whole less than
// SettlingRefresh (an hour) ago is fresh: it is fetched again only inside a
// chunk Sync makes anyway, or once the hour has passed, and always once
// more after it has settled (its final fetch, which makes its ledger entry
// complete). So a re-sync within the hour, on the same local date, costs at
// most one chunk (one Stream.Fetch) per stream: today's, or the whole
// settling tail where it fits in one chunk. That holds for Fitbit's
// intraday heart rate and steps too, one day per request, which fetch
// today only (one request, where a re-sync of yesterday and today took
// two). The first sync after local midnight still fetches the day that
// ended apart from the new one (the cache last saw it before its end), and
// late data reaching the provider within Settles days is stored by the next
// sync an hour after the day's last fetch, or at its final fetch.
//
// Each chunk's raw pages, normalized records and ledger entry are written
// in one transaction: a process killed at any moment (a notebook kernel
// restart, kill -9) loses at most the chunk in flight, and the next Sync
// resumes there without refetching completed chunks or duplicating rows.
// Progress goes to the WithProgress option (a live bar in a notebook,
// terminal lines elsewhere).
//
// Sync relies on one contract from Stream.Fetch: fetching a range returns
// every record of that stream dated inside it (Sleep.Date, DayMoves.Date,
// the local date of HourMoves.Start, HeartRate.Date, Vitals.Date). When a
// chunk is re-fetched, the stream's records dated inside it are replaced by
// the new batch, so records deleted at the provider disappear from the
// cache too.
//
// # Reading
//
// Cache.Sleeps, Cache.Days, Cache.Hours, Cache.HeartRate and Cache.Vitals
// read normalized records back without touching the network;
// Cache.RawPages returns the responses as received (for re-normalizing or
// debugging) and Cache.Chunks the ledger of what was fetched when. Records
// come back exactly as stored: times keep their UTC offset (as a fixed
// zone) and nanoseconds (heart-rate samples: milliseconds), durations are
// exact,
// and a value the provider did not report (a missing wearnb.Opt) is stored
// as NULL and comes back missing, never as 0.
//
// # Upgrades
//
// The schema version lives in PRAGMA user_version; Open migrates an older
// file step by step, in one transaction, copying every row (nothing is
// dropped). Each ledger entry also records the version of the normalizers
// that wrote its records (norm). The next Sync of an account rebuilds the
// records of older entries from the raw pages the cache kept, replaying the
// stream's fetch against them with no request (SyncReport's
// ChunksRenormalized); an entry that cannot be replayed keeps its records
// and is fetched again (ChunksRefetched). So a cache written before
// unknown values were told from zeros (schema 1) gets its NULLs and sleep
// flags without refetching years of data.
//
// # Tables
//
// The schema is plain SQL, readable with any SQLite tool:
//
//	chunks        ledger: provider, account, stream, from_date, to_date, as_of,
//	              fetched_at, complete, requests, rows, norm
//	raw_pages     chunk_id, seq, url, body
//	sleeps        key (provider, account, source_id); date, start/end as RFC 3339
//	              text with offset plus unix seconds, durations in ns, flag
//	sleep_stages  sleep_id, seq, start_time, duration_ns, level
//	day_moves     key (provider, account, date); resting_hr_bpm
//	hour_moves    key (provider, account, start_unix); date is the local date
//	heart_rate    key (provider, account, date, time_ms); utc_offset_s and context
//	              NULL when unknown (date is then the UTC date), bpm
//	vitals        key (provider, account, key): the sleep's id, or
//	              "date:YYYY-MM-DD" for vitals keyed by date; each measure
//	              NULL when not reported
//
// Measured columns (durations, efficiency, awakenings, steps, distance,
// calories, active time, resting heart rate) are NULL when not reported.
//
// Dates are "YYYY-MM-DD" text. A ledger entry is complete when all its days
// had settled when it was fetched; an incomplete entry still covers its
// settled days.
package cache
