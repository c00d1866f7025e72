package consent_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"wearnb.dev/wearnb/consent"
)

// shown collects everything the tests' flows display (status lines, links,
// warnings: testConfig's Display writes here), so test logs stay readable
// and TestMain can search it for secrets.
var shown = &syncBuffer{}

// shownDisplay is the Display of every test config.
var shownDisplay = consent.Terminal(shown)

func TestMain(m *testing.M) {
	code := m.Run()
	all := shown.String()
	if os.Getenv("CONSENT_SHOW") != "" {
		fmt.Print("--- everything the flows displayed ---\n", all)
	}
	// Whatever the tests did, nothing shown may contain a secret a fake
	// provider handed out or received.
	allFakesMu.Lock()
	for _, f := range allFakes {
		for _, s := range f.allSecrets() {
			if len(s) >= 8 && strings.Contains(all, s) {
				fmt.Printf("FAIL: a secret (%.6s…) was displayed\n", s)
				code = 1
			}
		}
	}
	allFakesMu.Unlock()
	os.Exit(code)
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// logBuffer is a Logf that keeps lines.
type logBuffer struct{ syncBuffer }

func (l *logBuffer) Logf(format string, args ...any) {
	fmt.Fprintf(l, format+"\n", args...)
}

// freePort returns a port that is free on 127.0.0.1 and, where this machine
// has IPv6, on ::1 too.
func freePort(t testing.TB) int {
	t.Helper()
	for range 20 {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := ln.Addr().(*net.TCPAddr).Port
		ln6, err := net.Listen("tcp", net.JoinHostPort("::1", strconv.Itoa(port)))
		ln.Close()
		if err == nil {
			ln6.Close()
			return port
		}
		if !hasIPv6() {
			return port
		}
	}
	t.Fatal("no port free on both loopback addresses")
	return 0
}

var hasIPv6 = sync.OnceValue(func() bool {
	ln, err := net.Listen("tcp", "[::1]:0")
	if err != nil {
		return false
	}
	ln.Close()
	return true
})

func redirectFor(port int) string {
	return fmt.Sprintf("http://localhost:%d/callback", port)
}

// browser plays the person's browser: it follows redirects like a browser
// and returns the final status and page.
func browse(t testing.TB, link string) (int, string) {
	t.Helper()
	c := &http.Client{Timeout: 10 * time.Second}
	resp, err := c.Get(link)
	if err != nil {
		t.Errorf("browser GET %s: %v", link, err)
		return 0, ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// get makes one request without following redirects.
func get(t testing.TB, u string) (*http.Response, string) {
	t.Helper()
	c := &http.Client{
		Timeout:       10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	resp, err := c.Get(u)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// testConfig is a Local-mode config against f on a fresh port.
func testConfig(t testing.TB, f *fakeAuth) consent.Config {
	return consent.Config{
		OAuth2:   f.oauth2Config(),
		Provider: "Fake",
		Mode:     consent.Local,
		Timeout:  time.Minute,
		Display:  shownDisplay,
	}
}

// testCtx bounds a test that might otherwise hang.
func testCtx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}
