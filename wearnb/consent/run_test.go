package consent_test

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/oauth2"
	"wearnb.dev/wearnb/consent"
	"wearnb.dev/wearnb/tokenstore"
)

// browseInBackground makes cfg.Ready open the link like a browser and
// returns a function that waits for that visit and reports its page.
func browseInBackground(t *testing.T, cfg *consent.Config) (visit func() (link string, status int, page string)) {
	t.Helper()
	type seen struct {
		link   string
		status int
		page   string
	}
	ch := make(chan seen, 1)
	cfg.Ready = func(link string) {
		go func() {
			st, page := browse(t, link)
			ch <- seen{link, st, page}
		}()
	}
	return func() (string, int, string) {
		select {
		case s := <-ch:
			return s.link, s.status, s.page
		case <-time.After(15 * time.Second):
			t.Fatal("the browser never got the link")
			return "", 0, ""
		}
	}
}

// portFree reports whether the callback port can be bound again.
func assertPortFree(t *testing.T, port int) {
	t.Helper()
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		t.Fatalf("port %d still taken after Run returned: %v", port, err)
	}
	ln.Close()
}

func TestRunLocalAllowSavesToken(t *testing.T) {
	port := freePort(t)
	f := newFakeAuth(t, redirectFor(port), "allow")
	cfg := testConfig(t, f)
	path := filepath.Join(t.TempDir(), "tokens", "fake.json")
	cfg.Save = tokenstore.Open(path)
	visit := browseInBackground(t, &cfg)

	tok, err := consent.Run(testCtx(t), cfg)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	link, status, page := visit()
	if want := "http://localhost:" + strconv.Itoa(port) + "/"; link != want {
		t.Errorf("link = %q, want the local server %q", link, want)
	}
	if status != 200 || !strings.Contains(page, "Consent received") {
		t.Errorf("browser ended on %d %q, want 200 and the success page", status, page)
	}
	if !strings.HasPrefix(tok.AccessToken, "at-") || !strings.HasPrefix(tok.RefreshToken, "rt-") {
		t.Errorf("token does not come from the fake: %s", tokenstore.Redacted(tok))
	}
	if got := consent.Inspect(tok).UserID; got != fakeUserID {
		t.Errorf("user id = %q, want %q", got, fakeUserID)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatalf("token file: %v", err)
	}
	if mode := st.Mode().Perm(); mode != 0o600 {
		t.Errorf("token file mode = %o, want 600", mode)
	}
	loaded, err := tokenstore.Open(path).Load()
	if err != nil {
		t.Fatal(err)
	}
	if loaded.AccessToken != tok.AccessToken || loaded.RefreshToken != tok.RefreshToken {
		t.Error("saved token differs from the returned one")
	}
	assertPortFree(t, port)
}

func TestRunLocalDenyIsClearAndSavesNothing(t *testing.T) {
	port := freePort(t)
	f := newFakeAuth(t, redirectFor(port), "deny")
	cfg := testConfig(t, f)
	path := filepath.Join(t.TempDir(), "fake.json")
	cfg.Save = tokenstore.Open(path)
	visit := browseInBackground(t, &cfg)

	tok, err := consent.Run(testCtx(t), cfg)
	if tok != nil {
		t.Errorf("got a token after Deny")
	}
	if !errors.Is(err, consent.ErrAccessDenied) {
		t.Fatalf("err = %v, want ErrAccessDenied", err)
	}
	var denied *consent.DeniedError
	if !errors.As(err, &denied) || denied.Code != "access_denied" || denied.Description != "The user denied the request" {
		t.Errorf("DeniedError = %#v", denied)
	}
	if !strings.Contains(err.Error(), "choose Allow") {
		t.Errorf("error does not say what to do: %v", err)
	}
	_, status, page := visit()
	if status != 200 || !strings.Contains(page, "Consent not given") {
		t.Errorf("browser ended on %d %q", status, page)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("token file exists after Deny: %v", err)
	}
	assertPortFree(t, port)
}

func TestRunPortInUseFailsAtOnce(t *testing.T) {
	for _, family := range []string{"127.0.0.1", "::1"} {
		t.Run(family, func(t *testing.T) {
			if family == "::1" && !hasIPv6() {
				t.Skip("no IPv6 loopback on this machine")
			}
			port := freePort(t)
			ln, err := net.Listen("tcp", net.JoinHostPort(family, strconv.Itoa(port)))
			if err != nil {
				t.Fatal(err)
			}
			defer ln.Close()
			f := newFakeAuth(t, redirectFor(port), "allow")
			cfg := testConfig(t, f)
			cfg.Ready = func(string) { t.Error("link shown although the port is taken") }

			_, err = consent.Run(testCtx(t), cfg)
			var inUse *consent.PortInUseError
			if !errors.As(err, &inUse) || inUse.Port != port {
				t.Fatalf("err = %v, want a PortInUseError for port %d", err, port)
			}
			if !errors.Is(err, syscall.EADDRINUSE) {
				t.Errorf("error does not match EADDRINUSE: %v", err)
			}
			for _, want := range []string{strconv.Itoa(port), "another cell or notebook", "register a redirect URL"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not mention %q", err, want)
				}
			}
		})
	}
}

func TestRunCancelReturnsAndFreesPort(t *testing.T) {
	port := freePort(t)
	f := newFakeAuth(t, redirectFor(port), "allow")
	cfg := testConfig(t, f)
	ctx, cancel := context.WithCancel(testCtx(t))
	cfg.Ready = func(string) { cancel() }

	_, err := consent.Run(ctx, cfg)
	if !errors.Is(err, consent.ErrInterrupted) || !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want ErrInterrupted and context.Canceled", err)
	}
	assertPortFree(t, port)
}

func TestRunInterruptSignal(t *testing.T) {
	port := freePort(t)
	f := newFakeAuth(t, redirectFor(port), "allow")
	cfg := testConfig(t, f)
	// What GoNB does on the stop button: SIGINT to the cell process. Run
	// has its handler in place before it shows the link.
	cfg.Ready = func(string) { syscall.Kill(os.Getpid(), syscall.SIGINT) }

	_, err := consent.Run(testCtx(t), cfg)
	if !errors.Is(err, consent.ErrInterrupted) || !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want ErrInterrupted", err)
	}
	if !strings.Contains(err.Error(), "interrupt signal received") {
		t.Errorf("error does not name the signal: %v", err)
	}
	assertPortFree(t, port)
}

func TestRunTimeoutReturnsAndFreesPort(t *testing.T) {
	port := freePort(t)
	f := newFakeAuth(t, redirectFor(port), "allow")
	cfg := testConfig(t, f)
	cfg.Timeout = 20 * time.Millisecond

	_, err := consent.Run(testCtx(t), cfg)
	if !errors.Is(err, consent.ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want ErrTimeout and DeadlineExceeded", err)
	}
	if !strings.Contains(err.Error(), "Paste mode") {
		t.Errorf("timeout error does not mention the remote-kernel way out: %v", err)
	}
	assertPortFree(t, port)
}

func TestRunIPv4AndIPv6Loopback(t *testing.T) {
	if !hasIPv6() {
		t.Skip("no IPv6 loopback on this machine")
	}
	for _, host := range []string{"127.0.0.1", "[::1]"} {
		t.Run(host, func(t *testing.T) {
			port := freePort(t)
			f := newFakeAuth(t, redirectFor(port), "allow")
			cfg := testConfig(t, f)
			cfg.Ready = func(string) {
				// A browser that resolves localhost to this address only.
				go browse(t, "http://"+host+":"+strconv.Itoa(port)+"/")
			}
			// The Host header is the literal, which the server accepts.
			tok, err := consent.Run(testCtx(t), cfg)
			if err != nil || tok == nil {
				t.Fatalf("Run via %s: %v", host, err)
			}
		})
	}
}

func TestRunRejectsBadConfigs(t *testing.T) {
	f := newFakeAuth(t, "http://localhost:1/callback", "allow")
	base := testConfig(t, f)
	cases := []struct {
		name   string
		change func(*consent.Config)
		want   error
		text   string
	}{
		{"no client", func(c *consent.Config) { c.OAuth2.ClientID = "" }, consent.ErrNoCredentials, "client ID"},
		{"not loopback", func(c *consent.Config) { c.OAuth2.RedirectURL = "http://example.com:8976/callback" }, consent.ErrNotLoopback, "example.com"},
		{"https", func(c *consent.Config) { c.OAuth2.RedirectURL = "https://localhost:8976/callback" }, nil, "http://"},
		{"port 0", func(c *consent.Config) { c.OAuth2.RedirectURL = "http://localhost:0/callback" }, nil, "fixed port"},
		{"no token URL", func(c *consent.Config) { c.OAuth2.Endpoint.TokenURL = "" }, nil, "TokenURL"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := base
			tc.change(&cfg)
			cfg.Ready = func(string) { t.Error("link shown for a bad config") }
			_, err := consent.Run(testCtx(t), cfg)
			if err == nil {
				t.Fatal("no error")
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
			if !strings.Contains(err.Error(), tc.text) || !strings.HasPrefix(err.Error(), "consent: ") {
				t.Errorf("err = %q, want the prefix consent: and %q", err, tc.text)
			}
		})
	}
}

func TestRunSaveErrorIsScrubbed(t *testing.T) {
	port := freePort(t)
	f := newFakeAuth(t, redirectFor(port), "allow")
	cfg := testConfig(t, f)
	var leaked string
	cfg.Save = consent.SaveFunc(func(tok *oauth2.Token) error {
		leaked = tok.AccessToken
		return errors.New("disk full while writing " + tok.AccessToken)
	})
	browseInBackground(t, &cfg)
	_, err := consent.Run(testCtx(t), cfg)
	if err == nil || !strings.Contains(err.Error(), "saving the token") {
		t.Fatalf("err = %v, want a save error", err)
	}
	if leaked == "" || strings.Contains(err.Error(), leaked) {
		t.Errorf("save error shows the access token: %v", err)
	}
}
