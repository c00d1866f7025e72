package connect

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/cache"
	"wearnb.dev/wearnb/consent"
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
			acct := openSandboxAccount(t, ctx, name, t.TempDir())
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
			acct := openSandboxAccount(t, ctx, name, t.TempDir())
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
				// The settling tail is Settles+1 days (today included), one
				// chunk; a stream of one day a chunk fetches today only (the
				// tail's other days were fetched whole within
				// cache.SettlingRefresh).
				if len(sr.Fetched) > 1 || (len(sr.Fetched) == 1 && s.MaxDays == 1 && sr.Fetched[0].From != recent.To) {
					t.Errorf("stream %s re-fetched %d chunks %v, want at most one", sr.Stream, len(sr.Fetched), sr.Fetched)
				}
			}
			t.Logf("%s: up-to-date re-sync: %s", name, again)
		})
	}
}

func TestRawPagesForNativeFrames(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	acct, err := Open(ctx, "jawbone", sandboxTestOptions(t, t.TempDir())...)
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
		// The moves stream reads moves, and each day's resting heart rate.
		if p.Stream != "moves" || !strings.Contains(string(p.Body), `"hourly_totals"`) && !strings.Contains(p.URL, "/heartrates?") {
			t.Fatalf("page %s %s: %.80s", p.Stream, p.URL, p.Body)
		}
	}
}

// A home inside GoNB's temporary folder, which GoNB deletes with the kernel,
// is refused with an error that says what to do, for the cache as for the
// tokens; so are the package's other paths.
func TestHomeInsideGoNBTempIsRefused(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("GONB_TMP_DIR", tmp)
	_, err := Open(context.Background(), "oura", Home(filepath.Join(tmp, "home")), Sandbox(), Offline())
	if err == nil || !strings.Contains(err.Error(), "GONB_TMP_DIR") || !strings.Contains(err.Error(), "WEARNB_HOME") {
		t.Errorf("Open with a home in GONB_TMP_DIR: %v", err)
	}
	t.Setenv("WEARNB_HOME", filepath.Join(tmp, "home"))
	if _, err := TokenFile("oura", "default"); err == nil || !strings.Contains(err.Error(), "GONB_TMP_DIR") {
		t.Errorf("TokenFile: %v", err)
	}
	if _, err := cache.DefaultPath(); err == nil {
		t.Error("cache.DefaultPath in GONB_TMP_DIR: no error")
	}
	if _, err := consent.SecretsPath(); err == nil {
		t.Error("consent.SecretsPath in GONB_TMP_DIR: no error")
	}
	if _, err := tokenstore.DefaultDir(); err == nil {
		t.Error("tokenstore.DefaultDir in GONB_TMP_DIR: no error")
	}
}

// The in-process sandbox listens only while the person consents: after
// Open the consent page's port is free again, later Opens (a token saved)
// open no port at all, and data comes with no socket.
func TestSandboxListensOnlyForConsent(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	home := t.TempDir()
	addr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	var link string
	acct, err := Open(ctx, "oura", Home(home), SandboxWith(addr, sandbox.Options{AutoApprove: true}),
		OnConsentLink(func(l string) { link = l; playBrowser(t)(l) }), ConsentTimeout(30*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(link, "http://127.0.0.1:") {
		t.Errorf("consent link %q: want the callback server on a loopback port", link)
	}
	if c, err := net.Dial("tcp", addr); err == nil {
		c.Close()
		t.Errorf("the consent page's port %s is still open after Open", addr)
	}
	r := wearnb.Range{From: wearnb.MustDate("2025-03-01"), To: wearnb.MustDate("2025-03-10")}
	sleeps, err := acct.Sleeps(ctx, r)
	if err != nil || len(sleeps) < 9 {
		t.Fatalf("sleeps: %d, %v", len(sleeps), err)
	}
	if !strings.HasPrefix(acct.Provider().Auth().Endpoint.TokenURL, sandbox.InProcessURL) {
		t.Errorf("token URL %q is not in-process", acct.Provider().Auth().Endpoint.TokenURL)
	}
	acct.Close()

	// The token is saved: a second Open needs no port, even one that is
	// taken, and refreshes in-process.
	busy, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	again, err := Open(ctx, "oura", Home(home), SandboxAt(addr), NoConsent())
	if err != nil {
		t.Fatalf("second Open with the consent port taken: %v", err)
	}
	defer again.Close()
	if got, err := again.Sleeps(ctx, r); err != nil || len(got) != len(sleeps) {
		t.Errorf("second Open: %d sleeps, %v", len(got), err)
	}
}

// Two notebooks on the sandbox at once: two Accounts in their own
// goroutines, with their own caches, share the wearnb home (its sandbox
// state file and token folder) and run the consent flow and their syncs at
// the same time, on ports of their own. Each gets its data; neither
// spoils the other's token.
func TestTwoAccountsUseTheSandboxAtOnce(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	home := t.TempDir()
	r := wearnb.Range{From: wearnb.MustDate("2025-04-01"), To: wearnb.MustDate("2025-04-30")}
	type run struct {
		provider, account string
		sleeps            int
		err               error
	}
	runs := []*run{{provider: "oura", account: "left"}, {provider: "oura", account: "right"}, {provider: "fitbit", account: "left"}}
	var wg sync.WaitGroup
	for i, rn := range runs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			acct, err := Open(ctx, rn.provider, Home(home), Named(rn.account),
				CachePath(filepath.Join(t.TempDir(), fmt.Sprintf("cache-%d.db", i))),
				SandboxWith("", sandbox.Options{AutoApprove: true}), OnConsentLink(playBrowser(t)), ConsentTimeout(60*time.Second))
			if err != nil {
				rn.err = err
				return
			}
			defer acct.Close()
			for range 2 { // a second sync, as a later cell would
				s, err := acct.Sleeps(ctx, r)
				if err != nil {
					rn.err = err
					return
				}
				rn.sleeps = len(s)
			}
		}()
	}
	wg.Wait()
	for _, rn := range runs {
		if rn.err != nil || rn.sleeps < 29 {
			t.Errorf("%s/%s: %d sleeps, %v", rn.provider, rn.account, rn.sleeps, rn.err)
		}
	}
	// Every token still works afterwards, in a new "cell".
	for _, rn := range runs {
		acct, err := Open(ctx, rn.provider, Home(home), Named(rn.account), Sandbox(), NoConsent(),
			CachePath(filepath.Join(t.TempDir(), "later.db")))
		if err != nil {
			t.Fatalf("%s/%s later: %v", rn.provider, rn.account, err)
		}
		if _, err := acct.Sync(ctx, r); err != nil {
			t.Errorf("%s/%s later sync: %v", rn.provider, rn.account, err)
		}
		acct.Close()
	}
}

// A wrapped transport sees the account's requests, in-process sandbox
// included; one that fails like an unplugged network makes reads fail with
// the dial error, while the cache still answers offline.
func TestWrapTransportSeesEveryRequest(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	home := t.TempDir()
	var seen atomic.Int32
	count := func(rt http.RoundTripper) http.RoundTripper {
		return roundTripFunc(func(r *http.Request) (*http.Response, error) { seen.Add(1); return rt.RoundTrip(r) })
	}
	acct, err := Open(ctx, "oura", Home(home), SandboxWith("", sandbox.Options{AutoApprove: true}),
		OnConsentLink(playBrowser(t)), ConsentTimeout(30*time.Second), WrapTransport(count))
	if err != nil {
		t.Fatal(err)
	}
	r := wearnb.Range{From: wearnb.MustDate("2025-03-01"), To: wearnb.MustDate("2025-03-10")}
	if _, err := acct.Sleeps(ctx, r); err != nil {
		t.Fatal(err)
	}
	acct.Close()
	if n := seen.Load(); n < 2 { // the code exchange and at least one data page
		t.Errorf("wrapped transport saw %d requests, want ≥ 2", n)
	}
	unplugged := func(http.RoundTripper) http.RoundTripper {
		return roundTripFunc(func(r *http.Request) (*http.Response, error) {
			return nil, &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
		})
	}
	acct, err = Open(ctx, "oura", Home(home), Sandbox(), WrapTransport(unplugged))
	if err != nil {
		t.Fatal(err)
	}
	defer acct.Close()
	later := wearnb.Range{From: wearnb.MustDate("2025-05-01"), To: wearnb.MustDate("2025-05-10")}
	if _, err := acct.Sleeps(ctx, later); !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("sleeps over an unplugged network: %v, want ECONNREFUSED", err)
	}
	if _, err := Open(ctx, "oura", Home(home), Sandbox(), WrapTransport(nil)); err == nil {
		t.Error("WrapTransport(nil) accepted")
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
