package connect

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/cache"
)

// recorder is a consent.Display and a cache.ProgressFunc that keeps what it
// was told.
type recorder struct {
	mu                   sync.Mutex
	links, status, warns []string
	bars                 []string // "label total"
	added, done          int
}

func (r *recorder) Link(link, provider, help string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.links = append(r.links, provider+" "+link)
}

func (r *recorder) Status(icon, msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.status = append(r.status, icon+" "+msg)
}

func (r *recorder) Warn(msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.warns = append(r.warns, msg)
}

func (r *recorder) progress(label string, total int) cache.Progress {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.bars = append(r.bars, fmt.Sprintf("%s %d", label, total))
	return r
}

func (r *recorder) Add(n int, _ string) { r.mu.Lock(); r.added += n; r.mu.Unlock() }
func (r *recorder) Done(string)         { r.mu.Lock(); r.done++; r.mu.Unlock() }

// Open shows the sandbox note, the consent link and the status lines on
// the Display it is given, and the account's syncs report to its Progress;
// Reconsent runs the flow again although a token is saved.
func TestOpenShowsThroughItsDisplay(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	home := t.TempDir()
	rec := &recorder{}
	opts := sandboxTestOptions(t, home, Display(rec), Progress(rec.progress))
	acct, err := Open(ctx, "oura", opts...)
	if err != nil {
		t.Fatal(err)
	}
	r := wearnb.Range{From: wearnb.MustDate("2025-05-01"), To: wearnb.MustDate("2025-05-10")}
	if _, err := acct.Sleeps(ctx, r); err != nil {
		t.Fatal(err)
	}
	acct.Close()

	rec.mu.Lock()
	if len(rec.links) != 1 || !strings.HasPrefix(rec.links[0], "Oura http://127.0.0.1:") {
		t.Errorf("links shown: %q, want one for Oura", rec.links)
	}
	if len(rec.status) < 3 || !strings.Contains(rec.status[0], "built-in sandbox") ||
		!strings.HasPrefix(rec.status[len(rec.status)-1], "✅ Connected to Oura") {
		t.Errorf("status lines: %q", rec.status)
	}
	if !slices.Equal(rec.bars, []string{"sync oura/default@sandbox 1"}) || rec.done != 1 {
		t.Errorf("progress bars %q, done %d; want one bar of one chunk, done once", rec.bars, rec.done)
	}
	rec.mu.Unlock()

	// A token is saved now: Open shows nothing, unless asked to consent again.
	again, err := Open(ctx, "oura", opts...)
	if err != nil {
		t.Fatal(err)
	}
	again.Close()
	if rec.mu.Lock(); len(rec.links) != 1 {
		t.Errorf("a saved token still showed a consent link: %q", rec.links)
	}
	rec.mu.Unlock()
	again, err = Open(ctx, "oura", append(opts, Reconsent())...)
	if err != nil {
		t.Fatal(err)
	}
	again.Close()
	if rec.mu.Lock(); len(rec.links) != 2 {
		t.Errorf("Reconsent showed %d links in all, want 2", len(rec.links))
	}
	rec.mu.Unlock()
}
