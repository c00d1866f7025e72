package cache

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/fetch"
)

// renormalize rebuilds the records of provider and account's ledger
// entries that older normalizers wrote (norm < normVersion: a cache file
// from before a schema or normalizer upgrade), from the raw pages the cache
// kept, without a request: each entry's stream fetches its range again
// through an http.Client whose transport answers from the stored pages.
// Entries are replayed in the order they were fetched, so a re-fetched tail
// overwrites the older chunk's copy of its days exactly as the sync that
// stored them did. Only streams in streams are replayed.
//
// An entry that cannot be replayed (a page the fetch asks for is not in the
// cache, or the new normalizers reject a page) keeps its records as they
// are, and is marked for fetching again: the next plan treats its days as
// unsettled, so the sync re-fetches them from the provider and replaces
// the records only once that succeeds. Nothing is dropped on the way.
func (c *Cache) renormalize(ctx context.Context, provider, account string, streams []wearnb.Stream) (done, refetch int, err error) {
	type stale struct {
		id     int64
		stream string
		r      wearnb.Range
	}
	rows, err := c.db.QueryContext(ctx, `SELECT id, stream, from_date, to_date FROM chunks
		WHERE provider = ? AND account = ? AND norm >= 0 AND norm < ? ORDER BY fetched_at, id`,
		provider, account, normVersion)
	if err != nil {
		return 0, 0, err
	}
	var todo []stale
	for rows.Next() {
		var st stale
		var from, to string
		if err := rows.Scan(&st.id, &st.stream, &from, &to); err != nil {
			rows.Close()
			return 0, 0, err
		}
		if st.r, err = parseRange(from, to); err != nil {
			rows.Close()
			return 0, 0, fmt.Errorf("corrupt ledger entry: %w", err)
		}
		todo = append(todo, st)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, 0, err
	}
	if len(todo) == 0 {
		return 0, 0, nil
	}
	byName := map[string]wearnb.Stream{}
	for _, s := range streams {
		byName[s.Name] = s
	}
	rt := &replay{c: c, provider: provider, account: account}
	hc := &http.Client{Transport: rt}
	for _, st := range todo {
		s, ok := byName[st.stream]
		if !ok {
			continue // not synced now, or gone from the provider
		}
		if err := rt.load(ctx, st.id); err != nil {
			return done, refetch, err
		}
		batch, ferr := s.Fetch(ctx, hc, st.r)
		if ferr != nil {
			if cerr := ctx.Err(); cerr != nil {
				return done, refetch, cerr
			}
			// Fetch it again from the provider: as_of at the chunk's start
			// makes every day of it unsettled for plan.
			if _, err := c.db.ExecContext(ctx, `UPDATE chunks SET norm = -1, complete = 0, as_of = from_date WHERE id = ?`, st.id); err != nil {
				return done, refetch, err
			}
			refetch++
			continue
		}
		if batch == nil {
			batch = &wearnb.Batch{}
		}
		if err := c.rewrite(ctx, st.id, chunkWrite{provider: provider, account: account, stream: st.stream, chunk: st.r, batch: batch}); err != nil {
			return done, refetch, err
		}
		done++
	}
	return done, refetch, nil
}

// rewrite replaces the records of ledger entry id by w's batch and marks
// the entry as written by the current normalizers, in one transaction; the
// entry's raw pages stay as they are.
func (c *Cache) rewrite(ctx context.Context, id int64, w chunkWrite) error {
	tx, err := c.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	if err := replaceRecords(ctx, tx, w); err != nil {
		return err
	}
	rows := recordCount(w.batch)
	if _, err := tx.ExecContext(ctx, `UPDATE chunks SET norm = ?, rows = ? WHERE id = ?`, normVersion, rows, id); err != nil {
		return fmt.Errorf("update ledger entry: %w", err)
	}
	return tx.Commit()
}

// replay is the transport of a re-normalization: it answers a GET with the
// body the cache stored for the same path and query (scheme and host may
// differ: a sandbox on another port, say), from the chunk being replayed
// first, else from any chunk of the account, newest first (a Fitbit
// profile page is fetched once and stored with one chunk). A page it does
// not have is a 404, which fetch does not retry.
type replay struct {
	c                 *Cache
	provider, account string
	pages             map[string][]byte   // the current chunk's pages by key
	index             map[string][2]int64 // every page of the account: key -> chunk id, seq
}

// load makes the pages of ledger entry id the first ones the transport
// answers with.
func (r *replay) load(ctx context.Context, id int64) error {
	rows, err := r.c.db.QueryContext(ctx, `SELECT url, body FROM raw_pages WHERE chunk_id = ? ORDER BY seq`, id)
	if err != nil {
		return err
	}
	defer rows.Close()
	r.pages = map[string][]byte{}
	for rows.Next() {
		var u string
		var body []byte
		if err := rows.Scan(&u, &body); err != nil {
			return err
		}
		r.pages[pageKey(u)] = body
	}
	return rows.Err()
}

// find looks key up among all the account's pages.
func (r *replay) find(ctx context.Context, key string) ([]byte, bool, error) {
	if r.index == nil {
		rows, err := r.c.db.QueryContext(ctx, `SELECT p.chunk_id, p.seq, p.url FROM raw_pages p JOIN chunks c ON c.id = p.chunk_id
			WHERE c.provider = ? AND c.account = ? ORDER BY c.fetched_at DESC, p.chunk_id DESC`, r.provider, r.account)
		if err != nil {
			return nil, false, err
		}
		r.index = map[string][2]int64{}
		for rows.Next() {
			var id, seq int64
			var u string
			if err := rows.Scan(&id, &seq, &u); err != nil {
				rows.Close()
				return nil, false, err
			}
			if k := pageKey(u); k != "" {
				if _, seen := r.index[k]; !seen { // newest first
					r.index[k] = [2]int64{id, seq}
				}
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, false, err
		}
	}
	at, ok := r.index[key]
	if !ok {
		return nil, false, nil
	}
	var body []byte
	err := r.c.db.QueryRowContext(ctx, `SELECT body FROM raw_pages WHERE chunk_id = ? AND seq = ?`, at[0], at[1]).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	return body, err == nil, err
}

// RoundTrip answers req from the cache.
func (r *replay) RoundTrip(req *http.Request) (*http.Response, error) {
	key := pageKey(fetch.RedactURL(req.URL.String()))
	body, ok := r.pages[key]
	if !ok {
		var err error
		if body, ok, err = r.find(req.Context(), key); err != nil {
			return nil, err
		}
	}
	resp := &http.Response{
		StatusCode: http.StatusOK, Status: "200 OK", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Content-Type": {"application/json"}}, Request: req,
	}
	if !ok {
		resp.StatusCode, resp.Status = http.StatusNotFound, "404 Not Found"
		body = []byte(`{"error":"not in the wearnb cache"}`)
	}
	resp.Body, resp.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
	return resp, nil
}

// pageKey is the path and query of a stored or requested URL: what
// identifies a page whatever host served it.
func pageKey(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return p.EscapedPath() + "?" + p.RawQuery
}
