package nb

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/connect"
	"wearnb.dev/wearnb/consent"
	"wearnb.dev/wearnb/fetch"
	"wearnb.dev/wearnb/providers/fitbit/takeout"
	"wearnb.dev/wearnb/sandbox"
	"wearnb.dev/wearnb/tokenstore"
)

// syncBuffer is a bytes.Buffer safe for the consent flow's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// exited is what a test front's exit panics with, so a stopped cell stops
// the test function too.
type exited struct{ code int }

type testFront struct {
	*front
	out, errOut *syncBuffer
}

func newTestFront() testFront {
	out, errOut := &syncBuffer{}, &syncBuffer{}
	return testFront{newFront(out, errOut, func(code int) { panic(exited{code}) }), out, errOut}
}

// run calls cell and reports the exit code it stopped with (-1: it ran to
// the end).
func (f testFront) run(cell func()) (code int) {
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(exited)
			if !ok {
				panic(r)
			}
			code = e.code
		}
	}()
	cell()
	return -1
}

func chart() *plot.Plot {
	p := plot.New()
	l, _ := plotter.NewLine(plotter.XYs{{X: 0, Y: 1}, {X: 1, Y: 2}})
	p.Add(l)
	return p
}

type card struct{}

func (card) HTML() string { return "<div><b>7h 12m</b> asleep</div>" }

type namedCard struct{ card }

func (namedCard) String() string { return "7 h 12 min asleep" }

func TestShowTerminalForms(t *testing.T) {
	f := newTestFront()
	df := dataframe.New(series.New([]int{1, 2, 3}, series.Int, "n"))
	code := f.run(func() {
		f.show(DefaultRows, df, nil)
		f.show(DefaultRows, chart(), error(nil))
		f.show(DefaultRows, card{}, namedCard{}, HTML("<p>a &amp; b</p>"), Markdown("# Title"))
		f.show(DefaultRows, "plain", time.Duration(90)*time.Minute, 42, nil)
	})
	if code != -1 {
		t.Fatalf("stopped with %d: %s", code, f.errOut)
	}
	got := f.out.String()
	for _, want := range []string{"[3x1] DataFrame", "[PNG image, ", "7h 12m asleep\n", "7 h 12 min asleep\n", "a & b\n", "# Title\n", "plain\n1h30m0s\n42\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if f.errOut.String() != "" {
		t.Errorf("stderr: %q", f.errOut)
	}
}

func TestShowStopsOnErrorBeforeShowing(t *testing.T) {
	f := newTestFront()
	code := f.run(func() { f.show(DefaultRows, chart(), fmt.Errorf("charts: %w", errors.New("no data to draw"))) })
	if code != 1 || f.out.String() != "" {
		t.Errorf("exit %d, shown %q; want 1 and nothing shown", code, f.out)
	}
	if got := f.errOut.String(); got != "error: charts: no data to draw\n" {
		t.Errorf("error block %q", got)
	}
	f = newTestFront()
	bad := dataframe.New(series.New([]int{1}, series.Int, "n")).Select([]string{"nope"})
	if code := f.run(func() { f.show(DefaultRows, bad) }); code != 1 || !strings.Contains(f.errOut.String(), "the frame carries an error") {
		t.Errorf("frame with Err: exit %d, %q", code, f.errOut)
	}
}

func TestMustAndCheckPassValues(t *testing.T) {
	if got := Must(42, nil); got != 42 {
		t.Errorf("Must = %d", got)
	}
	Check(nil)
}

func dialRefused(t *testing.T) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	_, err = http.Get("http://" + addr + "/")
	if err == nil {
		t.Fatal("a closed port answered")
	}
	return fmt.Errorf("fetch: oura sleep: %w", err)
}

func TestExplain(t *testing.T) {
	api401 := &fetch.APIError{Provider: "oura", Endpoint: "sleep", StatusCode: 401, Code: "invalid_token"}
	tests := []struct {
		name        string
		err         error
		title, fix  string
		detailMatch string
	}{
		{"unknown provider", &UnknownProviderError{Name: "ourra"}, `There is no provider called "ourra".`, `Use one of: "fitbit", "googlehealth", "jawbone", "oura"`, ""},
		{"no credentials", fmt.Errorf("connect: %w for oura: set WEARNB_OURA_CLIENT_ID", consent.ErrNoCredentials), "No client ID and secret", "connect.Sandbox()", "WEARNB_OURA_CLIENT_ID"},
		{"invalid grant", fmt.Errorf("connect: refresh: %w", tokenstore.ErrInvalidGrant), "no longer works", "connect.Reconsent()", "already used or has been revoked"},
		{"google testing mode", fmt.Errorf("cache: sync: %w", fmt.Errorf("refresh: %w %w", tokenstore.ErrInvalidGrant, tokenstore.ErrTestingExpiry)),
			"likely because the app's OAuth consent screen is in Testing", "Publish app", "refresh"},
		{"oura portal", fmt.Errorf("consent: exchange: %w", consent.ErrEndpointMismatch), "Oura's token endpoint does not accept this app",
			"WEARNB_OURA_TOKEN_URL", "exchange"},
		{"nothing to import", fmt.Errorf("connect: %w: found 3 files", wearnb.ErrNothingToImport), "nothing to import", "takeout.google.com", "3 files"},
		{"wrong file", &takeout.ShapeError{File: "Takeout/Fitbit/Global Export Data/sleep-2020-10-10.json", Want: "an array", Got: "an object"},
			"does not hold what its name says", "fitbit.Import", "sleep-2020-10-10.json"},
		{"revoked token (401)", fmt.Errorf("cache: sync: %w", api401), "no longer works", "connect.Reconsent()", "HTTP 401"},
		{"no token", fmt.Errorf("connect: %w", tokenstore.ErrNoToken), "no longer works", "connect.Reconsent()", "no token saved"},
		{"corrupt token file", &tokenstore.FileError{Path: "/x.json", Err: errors.New("truncated")}, "no longer works", "connect.Reconsent()", "/x.json"},
		{"denied", &consent.DeniedError{Code: "access_denied"}, "denied", "choose Allow", "access_denied"},
		{"timeout", fmt.Errorf("%w: %w", consent.ErrTimeout, context.DeadlineExceeded), "No consent arrived", "before the countdown ends", ""},
		{"port in use", &consent.PortInUseError{Addr: "127.0.0.1:8976", Port: 8976, Err: &net.OpError{Op: "listen", Err: syscall.EADDRINUSE}}, "Port 8976", "finish or interrupt it", ""},
		{"sandbox port in use", fmt.Errorf("connect: start the sandbox on 127.0.0.1:8975: %w", &net.OpError{Op: "listen", Net: "tcp", Err: os.NewSyscallError("bind", syscall.EADDRINUSE)}),
			"address this cell listens on is in use", "runs the built-in sandbox", "bind"},
		{"interrupted", fmt.Errorf("cache: sync interrupted: %w", context.Canceled), "Interrupted.", "Run it again", ""},
		{"gone", fmt.Errorf("x: %w", &fetch.APIError{Provider: "fitbit", StatusCode: 410}), "shut this API down", "googlehealth", ""},
		{"network down", dialRefused(t), "cannot be reached", "connect.Offline()", "connection refused"},
		{"dns", &net.DNSError{Err: "no such host", Name: "api.ouraring.com", IsNotFound: true}, "cannot be reached", "Check the network connection", ""},
		{"anything else", errors.New("frames: no such column: x"), "frames: no such column: x", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := explain(tt.err)
			if !strings.HasPrefix(b.title, tt.title) && !strings.Contains(b.title, tt.title) {
				t.Errorf("title %q, want %q", b.title, tt.title)
			}
			if !strings.Contains(b.fix, tt.fix) {
				t.Errorf("fix %q, want %q", b.fix, tt.fix)
			}
			if !strings.Contains(b.detail, tt.detailMatch) {
				t.Errorf("detail %q, want %q", b.detail, tt.detailMatch)
			}
			for _, form := range []string{b.HTML(), b.Text()} {
				if strings.Contains(form, "panic") || !strings.Contains(form, "rror") && !strings.Contains(form, "wearnb-error") {
					t.Errorf("form %q", form)
				}
			}
		})
	}
}

func TestBoxForms(t *testing.T) {
	b := box{title: "Bad <thing>", detail: "x & y", fix: "Do \"this\"."}
	h := b.HTML()
	for _, want := range []string{`class="wearnb-error"`, "⛔ Bad &lt;thing&gt;", "x &amp; y", `class="wearnb-error-fix">👉 Do &#34;this&#34;.`} {
		if !strings.Contains(h, want) {
			t.Errorf("HTML lacks %q: %s", want, h)
		}
	}
	if got, want := b.Text(), "error: Bad <thing>\n  x & y\n  fix: Do \"this\".\n"; got != want {
		t.Errorf("Text = %q, want %q", got, want)
	}
}

func TestOpenUnknownProviderListsNames(t *testing.T) {
	f := newTestFront()
	code := f.run(func() { f.open("ourra", connect.Sandbox()) })
	got := f.errOut.String()
	if code != 1 || !strings.Contains(got, `no provider called "ourra"`) || !strings.Contains(got, `"googlehealth"`) {
		t.Errorf("exit %d, error block:\n%s", code, got)
	}
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// sandboxOpts opens a sandbox account that approves consent by itself,
// on free ports, with its home in a test folder.
func sandboxOpts(t *testing.T, home string) []connect.Option {
	return []connect.Option{
		connect.Home(home), connect.SandboxWith(freeAddr(t), sandbox.Options{AutoApprove: true}),
		connect.RedirectURL("http://" + freeAddr(t) + "/callback"), connect.ConsentTimeout(30 * time.Second),
		connect.OnConsentLink(func(link string) {
			go func() {
				if resp, err := http.Get(link); err == nil {
					resp.Body.Close()
				}
			}()
		}),
	}
}

// A whole notebook's worth through nb against the sandbox, in a terminal:
// consent lines, sync progress, records and selectors; then the ways an
// account stops a cell.
func TestOpenSandboxInTerminal(t *testing.T) {
	home := t.TempDir()
	f := newTestFront()
	var sleeps wearnb.Sleeps
	var items []json.RawMessage
	code := f.run(func() {
		acct := f.open("oura", sandboxOpts(t, home)...)
		sleeps = acct.Sleeps(wearnb.Range{From: wearnb.MustDate("2025-05-01"), To: wearnb.MustDate("2025-05-31")})
		f.show(DefaultRows, acct.Token())
		// The provider's own records, synced first: Oura's envelope
		// {"data": [...]}, one item per id.
		items = acct.Items(wearnb.Range{From: wearnb.MustDate("2025-04-01"), To: wearnb.MustDate("2025-04-10")}, "daily_activity", "data", "id")
	})
	if code != -1 {
		t.Fatalf("stopped with %d:\n%s", code, f.errOut)
	}
	if n := len(sleeps.Main()); n < 28 {
		t.Errorf("%d main sleeps in May, want about 31", n)
	}
	if len(items) < 10 || !strings.Contains(string(items[1]), `"day":"2025-04-`) {
		t.Errorf("%d daily_activity items for 10 days, the second: %.300s", len(items), items[min(1, len(items)-1)])
	}
	out := f.out.String()
	for _, want := range []string{"built-in sandbox", "Connect Oura (opens the consent page): http://", "✅ Connected to Oura", "sync oura/default@sandbox: 0/", "refresh: sha256:"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	// A corrupt token file: the box says how to consent again.
	path := filepath.Join(home, "tokens")
	files, _ := filepath.Glob(filepath.Join(path, "*.json"))
	if len(files) != 1 {
		t.Fatalf("token files %v", files)
	}
	if err := os.WriteFile(files[0], []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	f = newTestFront()
	code = f.run(func() { f.open("oura", sandboxOpts(t, home)...) })
	if got := f.errOut.String(); code != 1 || !strings.Contains(got, "connect.Reconsent()") || strings.Contains(got, "panic") {
		t.Errorf("corrupt token: exit %d:\n%s", code, got)
	}
	// Reconsent replaces it.
	f = newTestFront()
	code = f.run(func() { f.open("oura", append(sandboxOpts(t, home), connect.Reconsent())...) })
	if code != -1 {
		t.Errorf("Reconsent stopped with %d:\n%s", code, f.errOut)
	}
}

// SIGINT ends the cell's context at once; a cell that does not stop by
// itself is stopped with the interrupted box after the grace period.
func TestInterruptEndsContextThenStopsTheCell(t *testing.T) {
	f := newTestFront()
	f.grace = 50 * time.Millisecond
	codes := make(chan int, 1)
	f.exit = func(code int) { codes <- code }
	ctx := f.context()
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ctx.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("SIGINT did not end the cell's context")
	}
	select {
	case code := <-codes:
		if code != 1 || !strings.Contains(f.errOut.String(), "error: Interrupted.") {
			t.Errorf("exit %d, %q", code, f.errOut)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the cell was not stopped after the grace period")
	}
}
