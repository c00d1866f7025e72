package cache

import (
	"context"
	"testing"

	"wearnb.dev/wearnb"
)

// TestForgetDropsOneAccountOnly syncs two accounts, forgets one, and checks
// that its records, raw pages and ledger are gone (the next sync fetches
// everything again) while the other account keeps all of its rows.
func TestForgetDropsOneAccountOnly(t *testing.T) {
	ctx := context.Background()
	c := openTemp(t)
	p := newFake()
	r := rng("2024-01-01", "2024-02-29")
	opts := []SyncOption{WithToday(wearnb.MustDate("2024-06-01")), WithoutProgress()}
	for _, acct := range []string{"me", "other"} {
		if _, err := c.Sync(ctx, p, acct, nil, r, opts...); err != nil {
			t.Fatal(err)
		}
	}
	count := func(acct string) (sleeps, days, hours, chunks, pages int) {
		t.Helper()
		s, err := c.Sleeps(ctx, "fake", acct, r)
		d, err2 := c.Days(ctx, "fake", acct, r)
		h, err3 := c.Hours(ctx, "fake", acct, r)
		ch, err4 := c.Chunks(ctx, "fake", acct)
		rp, err5 := c.RawPages(ctx, "fake", acct, r)
		for _, e := range []error{err, err2, err3, err4, err5} {
			if e != nil {
				t.Fatal(e)
			}
		}
		return len(s), len(d), len(h), len(ch), len(rp)
	}
	s0, d0, h0, c0, p0 := count("other")
	if s0 == 0 || d0 == 0 || h0 == 0 || c0 == 0 || p0 == 0 {
		t.Fatalf("nothing cached: %d sleeps, %d days, %d hours, %d chunks, %d pages", s0, d0, h0, c0, p0)
	}
	n, err := c.Forget(ctx, "fake", "me")
	if err != nil {
		t.Fatal(err)
	}
	if want := int64(s0 + d0 + h0 + c0); n != want {
		t.Errorf("Forget deleted %d rows, want %d (sleeps, days, hours and chunks of one account)", n, want)
	}
	if s, d, h, ch, rp := count("me"); s+d+h+ch+rp != 0 {
		t.Errorf("after Forget: %d sleeps, %d days, %d hours, %d chunks, %d pages left", s, d, h, ch, rp)
	}
	if s, d, h, ch, rp := count("other"); s != s0 || d != d0 || h != h0 || ch != c0 || rp != p0 {
		t.Errorf("the other account lost rows: %d/%d sleeps, %d/%d days, %d/%d hours, %d/%d chunks, %d/%d pages", s, s0, d, d0, h, h0, ch, c0, rp, p0)
	}
	var stages int
	if err := c.db.QueryRowContext(ctx, `SELECT count(*) FROM sleep_stages WHERE sleep_id NOT IN (SELECT id FROM sleeps)`).Scan(&stages); err != nil || stages != 0 {
		t.Errorf("%d orphaned stages (%v)", stages, err)
	}
	rep, err := c.Sync(ctx, p, "me", nil, r, opts...)
	if err != nil || rep.ChunksSkipped != 0 || rep.ChunksFetched == 0 {
		t.Errorf("sync after Forget: %v, %v; want every chunk fetched again", rep, err)
	}
}
