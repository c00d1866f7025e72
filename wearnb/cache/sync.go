package cache

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"

	"wearnb.dev/internal/textui"
	"wearnb.dev/wearnb"
)

// SyncOption changes how Sync runs. Options are created by the With*
// functions of this package.
type SyncOption interface {
	apply(*syncConfig)
}

type syncConfig struct {
	now      func() time.Time
	today    wearnb.Date
	streams  []string
	progress ProgressFunc // nil: no progress
}

type optionFunc func(*syncConfig)

func (f optionFunc) apply(c *syncConfig) { f(c) }

// WithToday sets the date Sync treats as today: days after it are not
// fetched, and the days that may still change are counted back from it. The
// default is the local date of the clock (see WithClock).
func WithToday(d wearnb.Date) SyncOption {
	return optionFunc(func(c *syncConfig) { c.today = d })
}

// WithClock sets the clock Sync reads for "today" (its local date, unless
// WithToday is also given) and for the fetched_at time recorded with each
// chunk. The default is time.Now. The report's Duration always uses the real
// clock.
func WithClock(now func() time.Time) SyncOption {
	return optionFunc(func(c *syncConfig) {
		if now != nil {
			c.now = now
		}
	})
}

// WithStreams limits Sync to the provider's streams with these names (for
// example only "sleep"). Unknown names make Sync fail. The default is every
// stream.
func WithStreams(names ...string) SyncOption {
	return optionFunc(func(c *syncConfig) { c.streams = append(c.streams, names...) })
}

// Progress is how Sync reports its work while it fetches: one unit per
// chunk. [TextProgress] prints lines; a notebook front passes a live bar
// (kernelhelpers/nb wraps kernelhelpers' Display.NewProgress).
type Progress interface {
	// Add records n more units done, with a note (the chunk just stored).
	Add(n int, note string)
	// Done ends the report with a closing message.
	Done(msg string)
}

// ProgressFunc starts a progress report for total units, labelled
// label ("sync oura/default").
type ProgressFunc func(label string, total int) Progress

// WithProgress makes Sync report through start whenever it has chunks to
// fetch. The default is TextProgress(os.Stdout).
func WithProgress(start ProgressFunc) SyncOption {
	return optionFunc(func(c *syncConfig) { c.progress = start })
}

// WithoutProgress turns the progress report off.
func WithoutProgress() SyncOption {
	return optionFunc(func(c *syncConfig) { c.progress = nil })
}

// TextProgress reports as plain lines on w: "sync oura/default: 3/12 (25%)
// sleep 2024-01-01..2024-03-30" at the start, at each 10% step and at the
// end.
func TextProgress(w io.Writer) ProgressFunc {
	out := textui.NewWriter(w)
	return func(label string, total int) Progress { return textui.NewProgress(out, label, total) }
}

// SyncReport says what one Sync did.
type SyncReport struct {
	Provider string
	Account  string
	// Range is the range that was synced: the requested range with days
	// after Today cut off. It is the zero Range when nothing was left.
	Range wearnb.Range
	Today wearnb.Date // the date Sync treated as today

	ChunksFetched int // Stream.Fetch calls that succeeded and were stored
	// ChunksSkipped counts cached chunks that already covered part of the
	// range with settled or fresh data (see SettlingRefresh), so some of
	// their days were not fetched again.
	ChunksSkipped int
	// Requests counts HTTP responses, as reported by the providers in
	// Batch.Raw (zero for a provider that reports none).
	Requests int
	// RowsWritten counts records stored: sleeps, days, hours, heart-rate
	// samples and vitals (a sleep's stages are part of its record).
	RowsWritten int
	// ChunksRenormalized counts cached chunks whose records were rebuilt
	// from their raw pages, without a request, because older normalizers
	// wrote them (a cache file from before a wearnb upgrade; see
	// renormalize). ChunksRefetched counts those that could not be
	// replayed and were fetched again instead (they are among
	// ChunksFetched).
	ChunksRenormalized, ChunksRefetched int
	Duration                            time.Duration // wall-clock time of the whole Sync

	Streams []StreamReport // one per synced stream, in the provider's order
}

// StreamReport is the part of a SyncReport about one stream.
type StreamReport struct {
	Stream        string
	Fetched       []wearnb.Range // chunks fetched and stored, in order
	ChunksSkipped int
	Requests      int
	RowsWritten   int
}

// String summarizes the report on one line.
func (r *SyncReport) String() string {
	if r == nil {
		return "cache: no sync"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s/%s", r.Provider, r.Account)
	if r.Range != (wearnb.Range{}) {
		fmt.Fprintf(&b, " %v", r.Range)
	}
	fmt.Fprintf(&b, ": fetched %d chunks (%d requests, %d rows), %d cached chunks reused", r.ChunksFetched, r.Requests, r.RowsWritten, r.ChunksSkipped)
	if r.ChunksRenormalized > 0 {
		fmt.Fprintf(&b, ", %d re-normalized from their pages", r.ChunksRenormalized)
	}
	fmt.Fprintf(&b, ", in %v", r.Duration.Round(time.Millisecond))
	return b.String()
}

// plan is the work Sync found for one stream.
type plan struct {
	stream  wearnb.Stream
	chunks  []wearnb.Range
	skipped int
}

// Sync brings the cache up to date with provider p for one account over the
// range r, fetching through hc (typically the OAuth2 client of the account).
//
// For each stream, Sync works out which days of r are already cached with
// settled data, and fetches only the others: days never fetched, and days
// that were fetched while still within Stream.Settles days of that fetch's
// "today" (so data the provider may have changed since is refreshed once it
// settles). Of the latter, a day fetched whole (on a later date) within
// SettlingRefresh is fetched only along with due days, in a chunk made
// anyway. Days after today are never fetched. The missing days are fetched
// oldest first in runs cut into chunks of at most Stream.MaxDays days, so a
// re-sync within SettlingRefresh costs at most one chunk per stream (today,
// or the settling tail when it fits in MaxDays), and a sync that was
// interrupted resumes at the first chunk it had not stored, with the same
// chunk boundaries.
//
// Each fetched chunk is stored in one transaction: its raw pages, its
// records and its ledger entry. The stream's records dated inside the chunk
// are replaced by the new ones (so records the provider has since deleted
// disappear), and records are keyed (provider, account, source id) for
// sleeps, (provider, account, date) for days and (provider, account, start
// instant) for hours, so nothing is ever stored twice. A process killed at
// any point loses at most the chunk in flight.
//
// Sync checks ctx between chunks and passes it to Stream.Fetch. When ctx is
// cancelled it returns an error that wraps ctx.Err(), keeping every chunk
// already stored. On any error Sync stops and returns the report so far
// (never nil) together with the error.
func (c *Cache) Sync(ctx context.Context, p wearnb.Provider, account string, hc *http.Client, r wearnb.Range, opts ...SyncOption) (*SyncReport, error) {
	began := time.Now()
	cfg := syncConfig{now: time.Now, progress: TextProgress(os.Stdout)}
	for _, o := range opts {
		o.apply(&cfg)
	}
	rep := &SyncReport{Account: account}
	defer func() { rep.Duration = time.Since(began) }()
	if p == nil {
		return rep, errors.New("cache: sync: nil provider")
	}
	name := p.Name()
	rep.Provider = name
	if name == "" {
		return rep, errors.New("cache: sync: provider has an empty name")
	}
	if _, err := wearnb.NewRange(r.From, r.To); err != nil {
		return rep, fmt.Errorf("cache: sync %s/%s: %w", name, account, err)
	}
	today := cfg.today
	if today.IsZero() {
		today = wearnb.DateOf(cfg.now())
	}
	rep.Today = today

	streams, err := selectStreams(p.Streams(), cfg.streams)
	if err != nil {
		return rep, fmt.Errorf("cache: sync %s/%s: %w", name, account, err)
	}
	// Records older normalizers wrote are rebuilt from their raw pages
	// first, so that the plan below sees the chunks that must be fetched
	// again.
	if rep.ChunksRenormalized, rep.ChunksRefetched, err = c.renormalize(ctx, name, account, streams); err != nil {
		return rep, fmt.Errorf("cache: sync %s/%s: re-normalize cached chunks: %w", name, account, err)
	}
	span := r
	if span.To.After(today) {
		span.To = today
	}
	if span.From.After(span.To) {
		return rep, nil // the whole range is in the future
	}
	rep.Range = span

	var plans []plan
	total := 0
	for _, s := range streams {
		chunks, skipped, err := c.plan(ctx, name, account, s, span, today, cfg.now())
		if err != nil {
			return rep, fmt.Errorf("cache: sync %s/%s %s: %w", name, account, s.Name, err)
		}
		plans = append(plans, plan{stream: s, chunks: chunks, skipped: skipped})
		rep.ChunksSkipped += skipped
		total += len(chunks)
	}

	var prog Progress
	if cfg.progress != nil && total > 0 {
		prog = cfg.progress(fmt.Sprintf("sync %s/%s", name, account), total)
	}
	for _, pl := range plans {
		rep.Streams = append(rep.Streams, StreamReport{Stream: pl.stream.Name, ChunksSkipped: pl.skipped})
		sr := &rep.Streams[len(rep.Streams)-1]
		for _, chunk := range pl.chunks {
			if err := ctx.Err(); err != nil {
				return rep, fmt.Errorf("cache: sync %s/%s interrupted before %s %v: %w", name, account, pl.stream.Name, chunk, err)
			}
			batch, err := pl.stream.Fetch(ctx, hc, chunk)
			if err != nil {
				if cerr := ctx.Err(); cerr != nil {
					return rep, fmt.Errorf("cache: sync %s/%s interrupted in %s %v: %w", name, account, pl.stream.Name, chunk, cerr)
				}
				return rep, fmt.Errorf("cache: sync %s/%s %s %v: %w", name, account, pl.stream.Name, chunk, err)
			}
			if batch == nil {
				batch = &wearnb.Batch{}
			}
			// The fetch succeeded: store it even if ctx was cancelled
			// meanwhile, since the work is done and the write is short.
			rows, err := c.store(context.WithoutCancel(ctx), chunkWrite{
				provider: name, account: account, stream: pl.stream.Name,
				chunk: chunk, asOf: today, settles: pl.stream.Settles,
				fetchedAt: cfg.now(), batch: batch,
			})
			if err != nil {
				return rep, fmt.Errorf("cache: sync %s/%s %s %v: %w", name, account, pl.stream.Name, chunk, err)
			}
			sr.Fetched = append(sr.Fetched, chunk)
			sr.Requests += len(batch.Raw)
			sr.RowsWritten += rows
			rep.ChunksFetched++
			rep.Requests += len(batch.Raw)
			rep.RowsWritten += rows
			// The last chunk is reported by Done below: in a terminal,
			// the line for it would repeat the 100% of Done's.
			if prog != nil && rep.ChunksFetched < total {
				prog.Add(1, fmt.Sprintf("%s %v", pl.stream.Name, chunk))
			}
		}
	}
	if prog != nil {
		prog.Done(fmt.Sprintf("%d chunks, %d requests, %d rows", rep.ChunksFetched, rep.Requests, rep.RowsWritten))
	}
	return rep, nil
}

// selectStreams returns the streams named in want (all when want is empty),
// in the provider's order, and checks that each can be fetched.
func selectStreams(all []wearnb.Stream, want []string) ([]wearnb.Stream, error) {
	var out []wearnb.Stream
	for _, s := range all {
		if len(want) == 0 || slices.Contains(want, s.Name) {
			if s.Name == "" {
				return nil, errors.New("stream with an empty name")
			}
			if s.Fetch == nil {
				return nil, fmt.Errorf("stream %s has no Fetch", s.Name)
			}
			out = append(out, s)
		}
	}
	for _, w := range want {
		if !slices.ContainsFunc(out, func(s wearnb.Stream) bool { return s.Name == w }) {
			return nil, fmt.Errorf("no stream named %q", w)
		}
	}
	return out, nil
}

// settledThrough returns the last day that had settled on asOf: days up to
// and including it can no longer change at the provider.
func settledThrough(asOf wearnb.Date, settles int) wearnb.Date {
	return asOf.AddDays(-max(settles, 0) - 1)
}

// SettlingRefresh is how long a settling day stays fresh: a day that has
// ended but not settled (within Stream.Settles days of today), fetched
// whole (on a later date) less than this long ago, is not fetched again on
// its own. It still rides along in a chunk Sync fetches anyway (so a
// stream whose chunks hold several days re-fetches its whole settling tail,
// at no extra request), and once the hour has passed it is fetched again,
// until a fetch after it settled makes it final. So a re-sync within the
// hour costs one chunk per stream, today's, even for a stream of one day a
// request, and late data that reaches the provider within Settles days is
// still stored, at most an hour later than a sync would otherwise show it.
const SettlingRefresh = time.Hour

// Day states in plan, from most to least in need of a fetch.
const (
	dayDue     = iota // never fetched whole, or stale: fetch it
	dayFresh          // settling, fetched whole within SettlingRefresh: fetch only along with due days
	daySettled        // fetched after it settled: never fetched again
)

// plan reads the ledger and returns the chunks of span that stream s still
// needs at now, and how many cached chunks it reuses. A day is settled when
// some ledger entry holds it and the day had settled when that entry was
// fetched; fresh when an entry fetched it whole (on a later date than the
// day) less than SettlingRefresh before now; due otherwise (today is always
// due). Each run of unsettled days is fetched whole when that costs no more
// chunks than its due days alone, else only its due days; a run without
// due days is not fetched.
func (c *Cache) plan(ctx context.Context, provider, account string, s wearnb.Stream, span wearnb.Range, today wearnb.Date, now time.Time) ([]wearnb.Range, int, error) {
	rows, err := c.db.QueryContext(ctx, `SELECT from_date, to_date, as_of, fetched_at FROM chunks
		WHERE provider = ? AND account = ? AND stream = ? AND to_date >= ? AND from_date <= ?`,
		provider, account, s.Name, span.From.String(), span.To.String())
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	state := make([]int, span.Days())
	var held []wearnb.Range // each entry's days of span, in span offsets
	for rows.Next() {
		var f, t, a, fa string
		if err := rows.Scan(&f, &t, &a, &fa); err != nil {
			return nil, 0, err
		}
		from, err1 := wearnb.ParseDate(f)
		to, err2 := wearnb.ParseDate(t)
		asOf, err3 := wearnb.ParseDate(a)
		fetchedAt, err4 := time.Parse(time.RFC3339Nano, fa)
		if err := errors.Join(err1, err2, err3, err4); err != nil {
			return nil, 0, fmt.Errorf("corrupt ledger entry: %w", err)
		}
		if from.Before(span.From) {
			from = span.From
		}
		if to.After(span.To) {
			to = span.To
		}
		if from.After(to) {
			continue
		}
		held = append(held, wearnb.Range{From: from, To: to})
		last := settledThrough(asOf, s.Settles)
		fresh := now.Sub(fetchedAt) < SettlingRefresh
		for d := from; !d.After(to); d = d.AddDays(1) {
			i := d.Sub(span.From)
			switch {
			case !d.After(last):
				state[i] = daySettled
			case fresh && d.Before(asOf) && d.Before(today):
				state[i] = max(state[i], dayFresh)
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	fetch := make([]bool, len(state))
	var chunks []wearnb.Range
	day := func(i int) wearnb.Date { return span.From.AddDays(i) }
	for i := 0; i < len(state); {
		if state[i] == daySettled {
			i++
			continue
		}
		j := i
		for j < len(state) && state[j] != daySettled {
			j++
		}
		// [i, j) is a run of unsettled days; dues are its runs of due days.
		var dues []wearnb.Range
		due := 0
		for k := i; k < j; {
			if state[k] != dayDue {
				k++
				continue
			}
			l := k
			for l < j && state[l] == dayDue {
				l++
			}
			r := wearnb.Range{From: day(k), To: day(l - 1)}
			dues = append(dues, r)
			due += len(r.Split(s.MaxDays))
			k = l
		}
		if whole := (wearnb.Range{From: day(i), To: day(j - 1)}); due > 0 && len(whole.Split(s.MaxDays)) <= due {
			dues = []wearnb.Range{whole}
		}
		for _, r := range dues {
			chunks = append(chunks, r.Split(s.MaxDays)...)
			for k := r.From.Sub(span.From); k <= r.To.Sub(span.From); k++ {
				fetch[k] = true
			}
		}
		i = j
	}
	// A cached chunk is reused when some day it holds is not fetched again.
	skipped := 0
	for _, h := range held {
		for k := h.From.Sub(span.From); k <= h.To.Sub(span.From); k++ {
			if !fetch[k] { // due days are always fetched
				skipped++
				break
			}
		}
	}
	return chunks, skipped, nil
}
