// Package sandboxtest runs the wearnb sandbox for a provider client's tests:
// a fake clock, the default synthetic person, a token for one flavour, an
// HTTP client that sends it, and fetch options under which the client's
// waits advance the fake clock instead of sleeping. The sandbox runs in the
// test's process, reached through its in-process transport with no socket
// (OverLoopback puts it on a loopback port instead).
//
//	e := sandboxtest.New(t, sandbox.Oura, []string{"daily"})
//	p := oura.Sandbox(e.URL, base.WithFetchOptions(e.FetchOptions()...))
//	b, err := p.Client(e.HTTP).Sleeps(t.Context(), r)
//	// e.Clock.Waits(), e.Paths(), e.Server.Requests(sandbox.Oura), ...
package sandboxtest

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"wearnb.dev/wearnb/fetch"
	"wearnb.dev/wearnb/internal/clock"
	"wearnb.dev/wearnb/sandbox"
	"wearnb.dev/wearnb/sandbox/synth"
)

// DefaultNow is where an Env's clock starts unless [At] says otherwise.
var DefaultNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// Env is a running sandbox with a token for one flavour. Its methods are
// safe for concurrent use.
type Env struct {
	// URL is the sandbox's root, for a provider's Sandbox(root):
	// sandbox.InProcessURL, or the listener's URL with OverLoopback.
	URL    string
	Server *sandbox.Server
	Clock  *clock.Fake   // the sandbox's clock, from DefaultNow; the client's waits move it
	Person *synth.Person // whom the sandbox serves: synth.Default()
	Token  *oauth2.Token // issued to sandbox.DemoClientID for the flavour
	// HTTP sends Token with each request, through a transport that counts
	// the requests, records their paths and calls the hook set by Before.
	HTTP *http.Client

	base http.RoundTripper // the sandbox's Transport, or the network's

	mu     sync.Mutex
	paths  []string
	n      int
	before func(n int, r *http.Request)
}

// Option configures [New].
type Option func(*options)

type options struct {
	now      time.Time
	frozen   bool
	loopback bool
}

// At starts the sandbox clock at now instead of [DefaultNow].
func At(now time.Time) Option { return func(o *options) { o.now = now } }

// FrozenClock keeps the sandbox clock still while the client waits: the
// waits are recorded but do not move it (a [clock.Frozen] clock). For
// tests that compare the payloads of a run with waits to one without, when
// the payloads carry the server's time (Jawbone's meta.time).
func FrozenClock() Option { return func(o *options) { o.frozen = true } }

// OverLoopback runs the sandbox on a free loopback port and sends the
// requests over the socket (net/http's transport), for a test that wants
// the whole HTTP stack.
func OverLoopback() Option { return func(o *options) { o.loopback = true } }

// New starts the sandbox (closed when the test ends) and issues a token for
// flavor (sandbox.Fitbit, ...) with scopes. It stops the test if either
// fails.
func New(t testing.TB, flavor string, scopes []string, opts ...Option) *Env {
	t.Helper()
	o := options{now: DefaultNow}
	for _, opt := range opts {
		opt(&o)
	}
	e := &Env{Clock: clock.NewFake(o.now), Person: synth.Default()}
	if o.frozen {
		e.Clock = clock.Frozen(o.now)
	}
	s := sandbox.New(sandbox.Options{Clock: e.Clock, Person: e.Person})
	e.Server, e.URL, e.base = s, sandbox.InProcessURL, s.Transport()
	if o.loopback {
		if err := s.Listen("127.0.0.1:0"); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(s.Close)
		e.URL, e.base = s.URL(), http.DefaultTransport
	}
	e.Token = e.issue(t, flavor, scopes)
	e.HTTP = e.client(e.Token)
	return e
}

// Client issues a token for another flavour on the same sandbox and
// returns an HTTP client that sends it through the same counting transport
// as e.HTTP.
func (e *Env) Client(t testing.TB, flavor string, scopes []string) *http.Client {
	t.Helper()
	return e.client(e.issue(t, flavor, scopes))
}

func (e *Env) issue(t testing.TB, flavor string, scopes []string) *oauth2.Token {
	t.Helper()
	tok, err := e.Server.IssueToken(flavor, sandbox.DemoClientID, scopes)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// WithToken returns an HTTP client that sends the access token access (a
// bogus one, to test errors) through the same counting transport as e.HTTP.
func (e *Env) WithToken(access string) *http.Client {
	return e.client(&oauth2.Token{AccessToken: access, TokenType: "Bearer"})
}

func (e *Env) client(tok *oauth2.Token) *http.Client {
	return &http.Client{Transport: &oauth2.Transport{Source: oauth2.StaticTokenSource(tok), Base: roundTripFunc(e.roundTrip)}}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func (e *Env) roundTrip(r *http.Request) (*http.Response, error) {
	e.mu.Lock()
	e.n++
	n, before := e.n, e.before
	e.paths = append(e.paths, r.URL.Path)
	e.mu.Unlock()
	if before != nil {
		before(n, r)
	}
	return e.base.RoundTrip(r)
}

// Before sets fn to be called before each request the HTTP clients send,
// with the request's number counted from 1 from this call on (nil: none).
func (e *Env) Before(fn func(n int, r *http.Request)) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.n, e.before = 0, fn
}

// Paths returns the URL paths of every request sent so far, in order.
func (e *Env) Paths() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.paths...)
}

// FetchOptions are the fetch options that put a provider's client on the
// sandbox's time: fetch.WithClock(Clock.Now) and fetch.WithSleep(Clock.Sleep),
// so waits are recorded (Clock.Waits) and advance the clock.
func (e *Env) FetchOptions() []fetch.Option {
	return []fetch.Option{fetch.WithClock(e.Clock.Now), fetch.WithSleep(e.Clock.Sleep)}
}

// TransientFaults returns the sandbox faults a client must ride out by
// retrying, in a new slice: a 429, a 500, a 503, a dropped connection and a
// truncated JSON body.
func TransientFaults() []sandbox.Fault {
	return []sandbox.Fault{
		sandbox.FaultRateLimit, sandbox.FaultServerError, sandbox.FaultUnavailable,
		sandbox.FaultDropConnection, sandbox.FaultTruncatedJSON,
	}
}
