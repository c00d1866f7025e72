package connect

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/sandbox"
	"wearnb.dev/wearnb/tokenstore"
)

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// playBrowser follows the consent link the way a browser would; with the
// sandbox's AutoApprove the consent page approves at once.
func playBrowser(t *testing.T) func(string) {
	return func(link string) {
		go func() {
			resp, err := http.Get(link)
			if err != nil {
				t.Errorf("following consent link: %v", err)
				return
			}
			resp.Body.Close()
		}()
	}
}

func TestOpenSandboxConsentThenSyncAndReadFromCache(t *testing.T) {
	home := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	sbAddr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	redirect := fmt.Sprintf("http://127.0.0.1:%d/callback", freePort(t))
	opts := []Option{
		Home(home), SandboxWith(sbAddr, sandbox.Options{AutoApprove: true}),
		RedirectURL(redirect), OnConsentLink(playBrowser(t)), ConsentTimeout(30 * time.Second),
	}
	acct, err := Open(ctx, "oura", opts...)
	if err != nil {
		t.Fatal(err)
	}
	info, err := acct.Token()
	if err != nil || !info.Valid {
		t.Fatalf("token after consent: %+v, %v", info, err)
	}
	if _, err := tokenstore.Open(tokenstore.PathFor(filepath.Join(home, "tokens"), "oura-sandbox", "default")).Load(); err != nil {
		t.Fatalf("token file: %v", err)
	}
	r, _ := wearnb.NewRange(wearnb.MustDate("2025-01-01"), wearnb.MustDate("2025-03-31"))
	sleeps, err := acct.Sleeps(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	if len(sleeps) < 80 {
		t.Fatalf("got %d sleeps for 90 days, want at least 80", len(sleeps))
	}
	for _, s := range sleeps {
		if !r.Contains(s.Date) || s.Provider != "oura" || len(s.Stages) == 0 {
			t.Fatalf("bad sleep: %+v", s)
		}
	}
	days, err := acct.Days(ctx, r)
	if err != nil || len(days) < 80 {
		t.Fatalf("days: %d, %v", len(days), err)
	}
	acct.Close()

	// Offline: the same rows come from the cache, with no sandbox running.
	off, err := Open(ctx, "oura", Home(home), Sandbox(), Offline())
	if err != nil {
		t.Fatal(err)
	}
	defer off.Close()
	again, err := off.Sleeps(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	if len(again) != len(sleeps) || !again[0].Start.Equal(sleeps[0].Start) || again[0].Asleep != sleeps[0].Asleep {
		t.Errorf("offline read differs: %d vs %d sleeps", len(again), len(sleeps))
	}
	if _, err := off.Sync(ctx, r); err == nil {
		t.Error("offline account synced")
	}
}

func TestOpenNoConsentWithoutToken(t *testing.T) {
	ctx := context.Background()
	_, err := Open(ctx, "fitbit", Home(t.TempDir()), SandboxWith(fmt.Sprintf("127.0.0.1:%d", freePort(t)), sandbox.Options{}), NoConsent())
	if !errors.Is(err, tokenstore.ErrNoToken) {
		t.Fatalf("err = %v, want ErrNoToken", err)
	}
}

func TestOpenUnknownProvider(t *testing.T) {
	_, err := Open(context.Background(), "whoop", Home(t.TempDir()), Offline())
	if err == nil || !contains(err.Error(), "unknown provider") {
		t.Fatalf("err = %v", err)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// Every provider works through Open against the sandbox: consent, sync,
// sleeps and days from the cache.
func TestEveryProviderThroughTheSandbox(t *testing.T) {
	for _, name := range []string{"oura", "googlehealth", "fitbit", "jawbone"} {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			redirect := fmt.Sprintf("http://127.0.0.1:%d/callback", freePort(t))
			acct, err := Open(ctx, name, Home(t.TempDir()),
				SandboxWith(fmt.Sprintf("127.0.0.1:%d", freePort(t)), sandbox.Options{AutoApprove: true}),
				RedirectURL(redirect), OnConsentLink(playBrowser(t)), ConsentTimeout(30*time.Second))
			if err != nil {
				t.Fatal(err)
			}
			defer acct.Close()
			r := wearnb.Range{From: wearnb.MustDate("2025-06-01"), To: wearnb.MustDate("2025-06-30")}
			sleeps, err := acct.Sleeps(ctx, r)
			if err != nil {
				t.Fatal(err)
			}
			days, err := acct.Days(ctx, r)
			if err != nil {
				t.Fatal(err)
			}
			main := 0
			for _, s := range sleeps {
				if s.IsMain {
					main++
				}
				if s.Provider != name {
					t.Errorf("sleep from provider %q", s.Provider)
				}
			}
			if main < 27 || len(days) < 28 {
				t.Errorf("%d main sleeps and %d days in June, want about 30 each", main, len(days))
			}
		})
	}
}

// An up-to-date cache re-syncs with at most one chunk per stream (the days
// that may still change), and a settled range with none.
func TestResyncIsIncremental(t *testing.T) {
	for _, name := range []string{"oura", "googlehealth", "fitbit", "jawbone"} {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			acct, err := Open(ctx, name, Home(t.TempDir()),
				SandboxWith(fmt.Sprintf("127.0.0.1:%d", freePort(t)), sandbox.Options{AutoApprove: true}),
				RedirectURL(fmt.Sprintf("http://127.0.0.1:%d/callback", freePort(t))),
				OnConsentLink(playBrowser(t)), ConsentTimeout(30*time.Second))
			if err != nil {
				t.Fatal(err)
			}
			defer acct.Close()
			recent := wearnb.LastDays(20)
			old := wearnb.Range{From: wearnb.MustDate("2025-02-01"), To: wearnb.MustDate("2025-02-20")}
			for _, r := range []wearnb.Range{recent, old} {
				if _, err := acct.Sync(ctx, r); err != nil {
					t.Fatal(err)
				}
			}
			again, err := acct.Sync(ctx, old)
			if err != nil {
				t.Fatal(err)
			}
			if again.ChunksFetched != 0 || again.Requests != 0 {
				t.Errorf("settled range re-synced: %s", again)
			}
			again, err = acct.Sync(ctx, recent)
			if err != nil {
				t.Fatal(err)
			}
			settles := map[string]wearnb.Stream{}
			for _, s := range acct.Provider().Streams() {
				settles[s.Name] = s
			}
			for _, sr := range again.Streams {
				s := settles[sr.Stream]
				// The settling tail is Settles+1 days (today included): one
				// chunk unless the API's chunks are shorter than that.
				maxChunks := (s.Settles + 1 + s.MaxDays - 1) / s.MaxDays
				if len(sr.Fetched) > maxChunks {
					t.Errorf("stream %s re-fetched %d chunks %v, want at most %d", sr.Stream, len(sr.Fetched), sr.Fetched, maxChunks)
				}
			}
			t.Logf("%s: up-to-date re-sync: %s", name, again)
		})
	}
}

func TestRawPagesForNativeFrames(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	acct, err := Open(ctx, "jawbone", Home(t.TempDir()),
		SandboxWith(fmt.Sprintf("127.0.0.1:%d", freePort(t)), sandbox.Options{AutoApprove: true}),
		RedirectURL(fmt.Sprintf("http://127.0.0.1:%d/callback", freePort(t))),
		OnConsentLink(playBrowser(t)), ConsentTimeout(30*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	defer acct.Close()
	r := wearnb.Range{From: wearnb.MustDate("2025-05-01"), To: wearnb.MustDate("2025-05-10")}
	if _, err := acct.Sync(ctx, r); err != nil {
		t.Fatal(err)
	}
	all, err := acct.RawPages(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	moves, err := acct.RawPages(ctx, r, "moves")
	if err != nil {
		t.Fatal(err)
	}
	if len(moves) == 0 || len(moves) >= len(all) {
		t.Fatalf("%d moves pages of %d", len(moves), len(all))
	}
	for _, p := range moves {
		if p.Stream != "moves" || !strings.Contains(string(p.Body), `"hourly_totals"`) {
			t.Fatalf("page %s %s: %.80s", p.Stream, p.URL, p.Body)
		}
	}
}
