package cache

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"wearnb.dev/wearnb"
)

// Sleeps returns the cached sleep periods of provider and account whose Date
// lies in r, with their stages, ordered by start time. It never touches the
// network. Times come back in a fixed zone with the offset they were stored
// with; Provider is the provider's name; a sleep stored without a SourceID
// comes back with SourceID "start:<unix seconds>". A value stored as NULL
// (not reported) comes back missing.
func (c *Cache) Sleeps(ctx context.Context, provider, account string, r wearnb.Range) ([]wearnb.Sleep, error) {
	from, to := r.From.String(), r.To.String()
	// One read transaction, so sleeps and stages come from one snapshot.
	tx, err := c.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("cache: read sleeps: %w", err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT id, source_id, date, start_time, end_time,
		in_bed_ns, asleep_ns, awake_ns, deep_ns, light_ns, rem_ns, latency_ns,
		efficiency, awakenings, is_main, flag
		FROM sleeps WHERE provider = ? AND account = ? AND date BETWEEN ? AND ?
		ORDER BY start_unix, source_id`, provider, account, from, to)
	if err != nil {
		return nil, fmt.Errorf("cache: read sleeps: %w", err)
	}
	defer rows.Close()
	var out []wearnb.Sleep
	index := map[int64]int{}
	for rows.Next() {
		var (
			id                                         int64
			date, start, end, flag                     string
			inBed, asleep, awake, deep, light, rem, lt sql.NullInt64
			eff                                        sql.NullFloat64
			awakenings                                 sql.NullInt64
			s                                          = wearnb.Sleep{Provider: provider}
		)
		if err := rows.Scan(&id, &s.SourceID, &date, &start, &end,
			&inBed, &asleep, &awake, &deep, &light, &rem, &lt,
			&eff, &awakenings, &s.IsMain, &flag); err != nil {
			return nil, fmt.Errorf("cache: read sleeps: %w", err)
		}
		if s.Date, err = wearnb.ParseDate(date); err != nil {
			return nil, fmt.Errorf("cache: read sleep %s: %w", s.SourceID, err)
		}
		if s.Start, err = parseTime(start); err != nil {
			return nil, fmt.Errorf("cache: read sleep %s: %w", s.SourceID, err)
		}
		if s.End, err = parseTime(end); err != nil {
			return nil, fmt.Errorf("cache: read sleep %s: %w", s.SourceID, err)
		}
		s.InBed, s.Asleep, s.Awake = optDur(inBed), optDur(asleep), optDur(awake)
		s.Deep, s.Light, s.REM, s.Latency = optDur(deep), optDur(light), optDur(rem), optDur(lt)
		s.Efficiency, s.Awakenings, s.Flag = optFloat(eff), optInt(awakenings), wearnb.Flag(flag)
		index[id] = len(out)
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("cache: read sleeps: %w", err)
	}
	rows.Close()
	if len(out) == 0 {
		return out, nil
	}

	st, err := tx.QueryContext(ctx, `SELECT st.sleep_id, st.start_time, st.duration_ns, st.level
		FROM sleep_stages st JOIN sleeps s ON s.id = st.sleep_id
		WHERE s.provider = ? AND s.account = ? AND s.date BETWEEN ? AND ?
		ORDER BY st.sleep_id, st.seq`, provider, account, from, to)
	if err != nil {
		return nil, fmt.Errorf("cache: read stages: %w", err)
	}
	defer st.Close()
	for st.Next() {
		var (
			id    int64
			start string
			dur   int64
			level string
		)
		if err := st.Scan(&id, &start, &dur, &level); err != nil {
			return nil, fmt.Errorf("cache: read stages: %w", err)
		}
		i, ok := index[id]
		if !ok {
			continue
		}
		t, err := parseTime(start)
		if err != nil {
			return nil, fmt.Errorf("cache: read stage of %s: %w", out[i].SourceID, err)
		}
		out[i].Stages = append(out[i].Stages, wearnb.Stage{Start: t, Duration: time.Duration(dur), Level: wearnb.StageLevel(level)})
	}
	if err := st.Err(); err != nil {
		return nil, fmt.Errorf("cache: read stages: %w", err)
	}
	return out, nil
}

// Days returns the cached days of activity of provider and account whose
// Date lies in r, in date order. It never touches the network. A value
// stored as NULL (not reported) comes back missing.
func (c *Cache) Days(ctx context.Context, provider, account string, r wearnb.Range) ([]wearnb.DayMoves, error) {
	return queryRows(ctx, c.db, "days", func(rows *sql.Rows) (wearnb.DayMoves, error) {
		var (
			date          string
			off           sql.NullInt64
			steps, active sql.NullInt64
			dist, kcal    sql.NullFloat64
			rest          sql.NullFloat64
			d             = wearnb.DayMoves{Provider: provider}
		)
		err := rows.Scan(&date, &d.SourceID, &steps, &dist, &kcal, &active, &off, &rest)
		if err != nil {
			return d, err
		}
		d.Steps, d.DistanceM, d.CaloriesKcal, d.ActiveMinutes = optInt(steps), optFloat(dist), optFloat(kcal), optInt(active)
		d.RestingHR = optFloat(rest)
		if off.Valid {
			d.UTCOffset = wearnb.Some(time.Duration(off.Int64) * time.Second)
		}
		d.Date, err = wearnb.ParseDate(date)
		return d, err
	}, `SELECT date, source_id, steps, distance_m, calories_kcal, active_min, utc_offset_s, resting_hr_bpm
		FROM day_moves WHERE provider = ? AND account = ? AND date BETWEEN ? AND ?
		ORDER BY date`, provider, account, r.From.String(), r.To.String())
}

// Hours returns the cached hours of activity of provider and account whose
// local date (the date of Start at its own offset) lies in r, in time order.
// It never touches the network. A value stored as NULL (not reported) comes
// back missing.
func (c *Cache) Hours(ctx context.Context, provider, account string, r wearnb.Range) ([]wearnb.HourMoves, error) {
	return queryRows(ctx, c.db, "hours", func(rows *sql.Rows) (wearnb.HourMoves, error) {
		var (
			start         string
			steps, active sql.NullInt64
			dist, kcal    sql.NullFloat64
			h             = wearnb.HourMoves{Provider: provider}
		)
		err := rows.Scan(&start, &steps, &dist, &kcal, &active)
		if err != nil {
			return h, err
		}
		h.Steps, h.DistanceM, h.CaloriesKcal, h.ActiveSeconds = optInt(steps), optFloat(dist), optFloat(kcal), optInt(active)
		h.Start, err = parseTime(start)
		return h, err
	}, `SELECT start_time, steps, distance_m, calories_kcal, active_s
		FROM hour_moves WHERE provider = ? AND account = ? AND date BETWEEN ? AND ?
		ORDER BY start_unix`, provider, account, r.From.String(), r.To.String())
}

// RawPage is one cached HTTP response body with where it came from.
type RawPage struct {
	Stream    string
	Chunk     wearnb.Range // the chunk whose fetch returned it
	Seq       int          // position within the chunk's pages, from 0
	URL       string       // request URL as the provider recorded it (secrets removed)
	Body      []byte
	FetchedAt time.Time // UTC
}

// RawPages returns the cached raw responses of provider and account from the
// ledger chunks that overlap r, ordered by stream, chunk and page. A chunk's
// pages are dropped when a later fetch covers its whole range, so the pages
// of a re-fetched tail appear once per fetch only while an older, larger
// chunk still holds some of the same days.
func (c *Cache) RawPages(ctx context.Context, provider, account string, r wearnb.Range) ([]RawPage, error) {
	return queryRows(ctx, c.db, "raw pages", func(rows *sql.Rows) (RawPage, error) {
		var (
			p                 RawPage
			from, to, fetched string
		)
		err := rows.Scan(&p.Stream, &from, &to, &fetched, &p.Seq, &p.URL, &p.Body)
		if err == nil {
			p.Chunk, err = parseRange(from, to)
		}
		if err == nil {
			p.FetchedAt, err = time.Parse(time.RFC3339Nano, fetched)
		}
		return p, err
	}, `SELECT c.stream, c.from_date, c.to_date, c.fetched_at, p.seq, p.url, p.body
		FROM raw_pages p JOIN chunks c ON c.id = p.chunk_id
		WHERE c.provider = ? AND c.account = ? AND c.to_date >= ? AND c.from_date <= ?
		ORDER BY c.stream, c.from_date, c.to_date, p.seq`, provider, account, r.From.String(), r.To.String())
}

// Chunk is one entry of the ledger of fetched chunks.
type Chunk struct {
	Stream string
	Range  wearnb.Range
	// AsOf is the date the fetch treated as today; days after
	// AsOf - Stream.Settles - 1 had not settled and will be fetched again.
	AsOf      wearnb.Date
	FetchedAt time.Time // UTC
	// Complete reports whether every day of Range had settled when it was
	// fetched, so the chunk will never be fetched again.
	Complete bool
	Requests int // raw pages stored with the chunk
	Rows     int // records the chunk wrote
}

// Chunks returns the ledger of provider and account: what has been fetched
// and when, ordered by stream and range.
func (c *Cache) Chunks(ctx context.Context, provider, account string) ([]Chunk, error) {
	return queryRows(ctx, c.db, "ledger", func(rows *sql.Rows) (Chunk, error) {
		var (
			ch                      Chunk
			from, to, asOf, fetched string
		)
		err := rows.Scan(&ch.Stream, &from, &to, &asOf, &fetched, &ch.Complete, &ch.Requests, &ch.Rows)
		if err == nil {
			ch.Range, err = parseRange(from, to)
		}
		if err == nil {
			ch.AsOf, err = wearnb.ParseDate(asOf)
		}
		if err == nil {
			ch.FetchedAt, err = time.Parse(time.RFC3339Nano, fetched)
		}
		return ch, err
	}, `SELECT stream, from_date, to_date, as_of, fetched_at, complete, requests, rows
		FROM chunks WHERE provider = ? AND account = ? ORDER BY stream, from_date, to_date`, provider, account)
}

// querier is what queryRows reads from: the database or a transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// queryRows runs query and turns each row into a T with scan, so every
// read reports its failures alike: "cache: read <what>: …". No rows give
// a nil slice.
func queryRows[T any](ctx context.Context, q querier, what string, scan func(*sql.Rows) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("cache: read %s: %w", what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		x, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("cache: read %s: %w", what, err)
		}
		out = append(out, x)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("cache: read %s: %w", what, err)
	}
	return out, nil
}

func parseRange(from, to string) (wearnb.Range, error) {
	f, err := wearnb.ParseDate(from)
	if err != nil {
		return wearnb.Range{}, err
	}
	t, err := wearnb.ParseDate(to)
	if err != nil {
		return wearnb.Range{}, err
	}
	return wearnb.Range{From: f, To: t}, nil
}

// optDur, optInt and optFloat read a nullable column: NULL is a value that
// was not reported.
func optDur(n sql.NullInt64) wearnb.Opt[time.Duration] {
	if !n.Valid {
		return wearnb.Opt[time.Duration]{}
	}
	return wearnb.Some(time.Duration(n.Int64))
}

func optInt(n sql.NullInt64) wearnb.Opt[int] {
	if !n.Valid {
		return wearnb.Opt[int]{}
	}
	return wearnb.Some(int(n.Int64))
}

func optFloat(n sql.NullFloat64) wearnb.Opt[float64] {
	if !n.Valid {
		return wearnb.Opt[float64]{}
	}
	return wearnb.Some(n.Float64)
}
