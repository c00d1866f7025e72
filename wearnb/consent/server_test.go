package consent_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"
	"wearnb.dev/wearnb/consent"
)

// startServer runs steps 1 and 2 against f on a fresh port.
func startServer(t *testing.T, f *fakeAuth, logf func(string, ...any)) (consent.Config, *consent.Authorization, *consent.Server, string) {
	t.Helper()
	cfg := testConfig(t, f)
	cfg.Logf = logf
	a, err := consent.NewAuthorization(cfg)
	if err != nil {
		t.Fatal(err)
	}
	s, err := consent.Listen(cfg, a)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	u, _ := url.Parse(cfg.OAuth2.RedirectURL)
	return cfg, a, s, "http://" + u.Host
}

// stillWaiting asserts that no result has been delivered yet.
func stillWaiting(t *testing.T, s *consent.Server) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if code, err := s.Wait(ctx); !errors.Is(err, consent.ErrInterrupted) {
		t.Fatalf("the wait ended early: code %q, err %v", code, err)
	}
}

func request(t *testing.T, method, u, host string) (int, http.Header) {
	t.Helper()
	req, err := http.NewRequest(method, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	if host != "" {
		req.Host = host
	}
	c := &http.Client{
		Timeout:       10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, u, err)
	}
	resp.Body.Close()
	return resp.StatusCode, resp.Header
}

func TestServerIgnoresStrayRequests(t *testing.T) {
	port := freePort(t)
	f := newFakeAuth(t, redirectFor(port), "allow")
	var log logBuffer
	_, a, s, base := startServer(t, f, log.Logf)
	good := url.QueryEscape(a.State)

	strays := []struct {
		name, method, path, host string
		want                     int
	}{
		{"favicon", "GET", "/favicon.ico", "", 404},
		{"favicon with state and code", "GET", "/favicon.ico?code=x&state=" + good, "", 404},
		{"other path with the right state", "GET", "/callback/extra?code=x&state=" + good, "", 404},
		{"robots", "GET", "/robots.txt", "", 404},
		{"callback without parameters", "GET", "/callback", "", 400},
		{"missing state", "GET", "/callback?code=stolen", "", 400},
		{"empty state", "GET", "/callback?code=stolen&state=", "", 400},
		{"wrong state", "GET", "/callback?code=stolen&state=not-the-state", "", 400},
		{"state of the right length but wrong", "GET", "/callback?code=stolen&state=" + strings.Repeat("A", len(a.State)), "", 400},
		{"forged error with wrong state", "GET", "/callback?error=access_denied&state=forged", "", 400},
		{"forged error without state", "GET", "/callback?error=access_denied", "", 400},
		{"state twice", "GET", "/callback?code=x&state=" + good + "&state=" + good, "", 400},
		{"code twice", "GET", "/callback?code=x&code=y&state=" + good, "", 400},
		{"right state, no code", "GET", "/callback?state=" + good, "", 400},
		{"code with a space", "GET", "/callback?code=a+b&state=" + good, "", 400},
		{"POST", "POST", "/callback?code=x&state=" + good, "", 405},
		{"DNS rebinding host", "GET", "/callback?code=x&state=" + good, "evil.example:" + strconv.Itoa(port), 421},
	}
	for _, tc := range strays {
		got, _ := request(t, tc.method, base+tc.path, tc.host)
		if got != tc.want {
			t.Errorf("%s: status %d, want %d", tc.name, got, tc.want)
		}
	}
	stillWaiting(t, s)

	// The root redirects to the provider, proving the link works.
	got, h := request(t, "GET", base+"/", "")
	if got != http.StatusFound || h.Get("Location") != a.URL {
		t.Errorf("GET / = %d to %q, want 302 to the authorize URL", got, h.Get("Location"))
	}
	stillWaiting(t, s)

	// The legitimate callback is accepted once.
	if got, h := request(t, "GET", base+"/callback?code=the-code&state="+good, ""); got != 200 || h.Get("Referrer-Policy") != "no-referrer" || h.Get("Cache-Control") != "no-store" {
		t.Fatalf("callback = %d %v, want 200 with no-referrer and no-store", got, h)
	}
	// Replays and later callbacks are refused and change nothing.
	for _, path := range []string{
		"/callback?code=the-code&state=" + good,
		"/callback?code=another-code&state=" + good,
		"/callback?error=access_denied&state=" + good,
	} {
		if got, _ := request(t, "GET", base+path, ""); got != http.StatusConflict {
			t.Errorf("after success %s = %d, want 409", path, got)
		}
	}
	for range 2 { // Wait returns the same result every time
		code, err := s.Wait(testCtx(t))
		if err != nil || code != "the-code" {
			t.Fatalf("Wait = %q, %v; want the legitimate code", code, err)
		}
	}
	if n := strings.Count(log.String(), "ignored"); n != len(strays)+3 {
		t.Errorf("trace mentions %d ignored requests, want %d:\n%s", n, len(strays)+3, log.String())
	}
	if err := s.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	assertPortFree(t, port)
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func TestServerErrorCallbacksEndTheWait(t *testing.T) {
	cases := []struct {
		query    string
		code     string
		isDenied bool
		text     string
	}{
		{"error=access_denied&error_description=User+said+no", "access_denied", true, "choose Allow"},
		{"error=invalid_scope&error_description=bad+scope", "invalid_scope", false, "rejected the requested scopes"},
		{"error=server_error", "server_error", false, "try again"},
		{"error=temporarily_unavailable", "temporarily_unavailable", false, "try again"},
		{"error=unauthorized_client", "unauthorized_client", false, "does not allow this client"},
		{"error=something_new&error_description=%07bell%0Aand+newline", "something_new", false, "bell and newline"},
	}
	for _, tc := range cases {
		t.Run(tc.code, func(t *testing.T) {
			port := freePort(t)
			f := newFakeAuth(t, redirectFor(port), "allow")
			_, a, s, base := startServer(t, f, nil)
			if got, _ := request(t, "GET", base+"/callback?"+tc.query+"&state="+url.QueryEscape(a.State), ""); got != 200 {
				t.Errorf("error callback = %d, want 200 (an explanation page)", got)
			}
			// A code arriving afterwards is too late.
			if got, _ := request(t, "GET", base+"/callback?code=late&state="+url.QueryEscape(a.State), ""); got != http.StatusConflict {
				t.Errorf("code after error = %d, want 409", got)
			}
			_, err := s.Wait(testCtx(t))
			var denied *consent.DeniedError
			if !errors.As(err, &denied) || denied.Code != tc.code {
				t.Fatalf("Wait err = %v, want DeniedError %s", err, tc.code)
			}
			if errors.Is(err, consent.ErrAccessDenied) != tc.isDenied {
				t.Errorf("errors.Is(ErrAccessDenied) = %v", !tc.isDenied)
			}
			if !strings.Contains(err.Error(), tc.text) || !strings.HasPrefix(err.Error(), "consent: ") {
				t.Errorf("error %q lacks %q", err, tc.text)
			}
		})
	}
}

func TestServerBothLoopbackFamilies(t *testing.T) {
	if !hasIPv6() {
		t.Skip("no IPv6 loopback on this machine")
	}
	port := freePort(t)
	f := newFakeAuth(t, redirectFor(port), "allow")
	_, _, s, _ := startServer(t, f, nil)
	if n := len(s.Addrs()); n != 2 {
		t.Fatalf("listening on %v, want 127.0.0.1 and ::1", s.Addrs())
	}
	for _, host := range []string{"127.0.0.1", "[::1]", "localhost"} {
		if got, _ := request(t, "GET", "http://"+host+":"+strconv.Itoa(port)+"/favicon.ico", ""); got != 404 {
			t.Errorf("%s: %d, want the server's 404", host, got)
		}
	}
}

func TestServerLiteralRedirectHost(t *testing.T) {
	port := freePort(t)
	f := newFakeAuth(t, "http://127.0.0.1:"+strconv.Itoa(port)+"/cb", "allow")
	_, a, s, base := startServer(t, f, nil)
	if addrs := s.Addrs(); len(addrs) != 1 || addrs[0].(*net.TCPAddr).IP.String() != "127.0.0.1" {
		t.Errorf("addrs = %v, want only 127.0.0.1", addrs)
	}
	if s.Link() != base+"/" {
		t.Errorf("link = %q", s.Link())
	}
	request(t, "GET", base+"/cb?code=c1&state="+url.QueryEscape(a.State), "")
	if code, err := s.Wait(testCtx(t)); code != "c1" || err != nil {
		t.Errorf("Wait = %q, %v", code, err)
	}
}

func TestServerCallbackAtRoot(t *testing.T) {
	port := freePort(t)
	f := newFakeAuth(t, "http://localhost:"+strconv.Itoa(port)+"/", "allow")
	_, a, s, base := startServer(t, f, nil)
	if got, h := request(t, "GET", base+"/", ""); got != 302 || h.Get("Location") != a.URL {
		t.Errorf("plain / = %d, want the redirect to the provider", got)
	}
	request(t, "GET", base+"/?code=c2&state="+url.QueryEscape(a.State), "")
	if code, err := s.Wait(testCtx(t)); code != "c2" || err != nil {
		t.Errorf("Wait = %q, %v", code, err)
	}
}

func TestStepsReplayedCodeIsRefused(t *testing.T) {
	port := freePort(t)
	f := newFakeAuth(t, redirectFor(port), "allow")
	cfg, a, s, _ := startServer(t, f, nil)
	if status, _ := browse(t, s.Link()); status != 200 {
		t.Fatalf("browser: %d", status)
	}
	code, err := s.Wait(testCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := consent.Exchange(testCtx(t), cfg, a, code); err != nil {
		t.Fatalf("first exchange: %v", err)
	}
	_, err = consent.Exchange(testCtx(t), cfg, a, code)
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) || re.ErrorCode != "invalid_grant" {
		t.Fatalf("replayed exchange err = %v, want invalid_grant", err)
	}
	if strings.Contains(err.Error(), code) {
		t.Errorf("error shows the code the provider echoed: %v", err)
	}
}

func TestStepsWrongVerifierIsRefused(t *testing.T) {
	port := freePort(t)
	f := newFakeAuth(t, redirectFor(port), "allow")
	cfg, _, s, _ := startServer(t, f, nil)
	browse(t, s.Link())
	code, err := s.Wait(testCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	other, _ := consent.NewAuthorization(cfg) // an attacker's own verifier
	_, err = consent.Exchange(testCtx(t), cfg, other, code)
	if err == nil || !strings.Contains(err.Error(), "PKCE") {
		t.Fatalf("exchange with another verifier: %v, want a PKCE failure", err)
	}
	if strings.Contains(err.Error(), other.Verifier) {
		t.Error("error shows the verifier")
	}
}
