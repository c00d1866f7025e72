package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"wearnb.dev/wearnb/internal/clock"
)

// newFakeTime is a clock that only moves when the client sleeps, and
// records every wait asked for.
func newFakeTime() *clock.Fake { return clock.NewFake(time.Date(2026, 3, 8, 12, 0, 0, 0, time.UTC)) }

// script serves the handlers in order, then repeats the last one, and
// counts requests.
type script struct {
	n        atomic.Int32
	handlers []http.HandlerFunc
}

func (s *script) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	i := int(s.n.Add(1)) - 1
	if i >= len(s.handlers) {
		i = len(s.handlers) - 1
	}
	s.handlers[i](w, r)
}

func setup(t *testing.T, handlers ...http.HandlerFunc) (*script, *httptest.Server, *clock.Fake) {
	t.Helper()
	s := &script{handlers: handlers}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, srv, newFakeTime()
}

func newClient(srv *httptest.Server, ft *clock.Fake, opts ...Option) *Client {
	return New("testprov", srv.Client(), append([]Option{WithClock(ft.Now), WithSleep(ft.Sleep)}, opts...)...)
}

func status(code int, body string, headers ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		w.WriteHeader(code)
		io.WriteString(w, body)
	}
}

func ok(body string) http.HandlerFunc { return status(200, body) }

// hangUp closes the connection without an answer: the client sees EOF.
func hangUp(w http.ResponseWriter, r *http.Request) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		panic(err)
	}
	conn.Close()
}

// reset closes the connection with a TCP RST.
func reset(w http.ResponseWriter, r *http.Request) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		panic(err)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
	conn.Close()
}

// shortBody declares a Content-Length and sends less: unexpected EOF
// mid-body.
func shortBody(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Length", "100")
	w.WriteHeader(200)
	io.WriteString(w, `{"a":`)
}

// truncatedJSON is a complete HTTP answer whose JSON is cut off.
func truncatedJSON(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(200)
	io.WriteString(w, `{"sleep":[{"logId":1},{"lo`)
}

func TestGetOK(t *testing.T) {
	var gotAccept, gotLang string
	s, srv, ft := setup(t, func(w http.ResponseWriter, r *http.Request) {
		gotAccept, gotLang = r.Header.Get("Accept"), r.Header.Get("Accept-Language")
		io.WriteString(w, `{"x":1}`)
	})
	c := newClient(srv, ft, WithHeader("Accept-Language", "en_GB"))
	body, err := c.Get(t.Context(), "thing", srv.URL+"/x")
	if err != nil {
		t.Fatal(err)
	}
	if string(body) != `{"x":1}` || gotAccept != "application/json" || gotLang != "en_GB" {
		t.Errorf("body %q accept %q lang %q", body, gotAccept, gotLang)
	}
	if n := s.n.Load(); n != 1 {
		t.Errorf("requests = %d, want 1", n)
	}
	if w := ft.Waits(); len(w) != 0 {
		t.Errorf("waited %v, want no waits", w)
	}
}

func TestRetry5xxWithJitteredBackoff(t *testing.T) {
	s, srv, ft := setup(t,
		status(500, "boom"), status(502, ""), status(503, ""), status(504, ""), ok(`{"ok":true}`))
	c := newClient(srv, ft, WithBackoff(time.Second, 5*time.Second))
	var v struct{ OK bool }
	if _, err := c.GetJSON(t.Context(), "thing", srv.URL, &v); err != nil {
		t.Fatal(err)
	}
	if !v.OK || s.n.Load() != 5 {
		t.Fatalf("ok=%v requests=%d, want true 5", v.OK, s.n.Load())
	}
	waits := ft.Waits()
	caps := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 5 * time.Second}
	if len(waits) != len(caps) {
		t.Fatalf("waits %v, want %d", waits, len(caps))
	}
	for i, w := range waits {
		if w < caps[i]/2 || w > caps[i] {
			t.Errorf("wait %d = %v, want in [%v, %v]", i, w, caps[i]/2, caps[i])
		}
	}
}

func TestBackoffJitterBounds(t *testing.T) {
	c := New("p", nil, WithBackoff(100*time.Millisecond, 3*time.Second))
	seen := map[time.Duration]bool{}
	for n := range 8 {
		d := min(100*time.Millisecond<<n, 3*time.Second)
		for range 200 {
			w := c.backoff(n)
			if w < d/2 || w > d {
				t.Fatalf("backoff(%d) = %v, want in [%v, %v]", n, w, d/2, d)
			}
			seen[w] = true
		}
	}
	if len(seen) < 100 {
		t.Errorf("only %d distinct waits: no jitter?", len(seen))
	}
}

func TestRetryAfter(t *testing.T) {
	ft0 := newFakeTime()
	date := ft0.Now().Add(90 * time.Second).Format(http.TimeFormat)
	cases := []struct {
		name    string
		headers []string
		want    time.Duration
	}{
		{"seconds", []string{"Retry-After", "7"}, 7 * time.Second},
		{"http-date", []string{"Retry-After", date}, 90 * time.Second},
		{"fitbit reset", []string{"Fitbit-Rate-Limit-Remaining", "0", "Fitbit-Rate-Limit-Reset", "120"}, 120 * time.Second},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, srv, ft := setup(t, status(429, `{"errors":[{"errorType":"system","message":"Too Many Requests"}]}`, tc.headers...), ok("{}"))
			c := newClient(srv, ft, WithRateLimit(RateLimit{RemainingHeader: "Fitbit-Rate-Limit-Remaining", ResetHeader: "Fitbit-Rate-Limit-Reset"}))
			if _, err := c.Get(t.Context(), "sleep", srv.URL); err != nil {
				t.Fatal(err)
			}
			waits := ft.Waits()
			if s.n.Load() != 2 || len(waits) == 0 || waits[0] != tc.want {
				t.Errorf("requests %d waits %v, want 2 requests and a first wait of %v", s.n.Load(), waits, tc.want)
			}
		})
	}
}

func TestRateLimitExhausted(t *testing.T) {
	s, srv, ft := setup(t, status(429, `{"errors":[{"errorType":"system","message":"Too Many Requests"}]}`, "Retry-After", "30"))
	c := newClient(srv, ft, WithMaxRetries(3))
	_, err := c.Get(t.Context(), "sleep", srv.URL)
	var rl *RateLimitError
	if !errors.As(err, &rl) {
		t.Fatalf("err = %v, want *RateLimitError", err)
	}
	if rl.RetryAfter != 30*time.Second || rl.StatusCode != 429 || rl.Code != "system" || rl.Provider != "testprov" || rl.Endpoint != "sleep" {
		t.Errorf("got %+v", rl)
	}
	var api *APIError
	if !errors.As(err, &api) || api.StatusCode != 429 {
		t.Errorf("errors.As APIError failed: %v", err)
	}
	if s.n.Load() != 4 {
		t.Errorf("requests = %d, want 4 (1 + 3 retries)", s.n.Load())
	}
	if got := ft.Waits(); len(got) != 3 || got[0] != 30*time.Second || got[2] != 30*time.Second {
		t.Errorf("waits %v, want 3 x 30s", got)
	}
	want := "fetch: testprov sleep: HTTP 429 system: Too Many Requests (rate limited; retry after 30s)"
	if err.Error() != want {
		t.Errorf("Error() = %q, want %q", err, want)
	}
}

func TestRetryAfterBeyondMaxWaitGivesUp(t *testing.T) {
	s, srv, ft := setup(t, status(429, "", "Retry-After", "7200"))
	c := newClient(srv, ft, WithMaxWait(time.Hour))
	_, err := c.Get(t.Context(), "sleep", srv.URL)
	var rl *RateLimitError
	if !errors.As(err, &rl) || rl.RetryAfter != 2*time.Hour {
		t.Fatalf("err = %v, want RateLimitError with RetryAfter 2h", err)
	}
	if s.n.Load() != 1 || len(ft.Waits()) != 0 {
		t.Errorf("requests %d waits %v, want 1 request and no wait", s.n.Load(), ft.Waits())
	}
}

func TestNoRetryOn4xx(t *testing.T) {
	cases := []struct {
		status   int
		body     string
		sentinel error
		code     string
	}{
		{400, `{"errors":[{"errorType":"validation","message":"Invalid date"}],"success":false}`, nil, "validation"},
		{401, `{"errors":[{"errorType":"expired_token","message":"Access token expired: eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiIyMkI1WTQi.A2ZJa5WXvYg8fBw9"}],"success":false}`, ErrUnauthorized, "expired_token"},
		{403, `{"errors":[{"errorType":"insufficient_scope","message":"no sleep scope"}]}`, nil, "insufficient_scope"},
		{404, `not found`, nil, ""},
		{410, ``, ErrGone, ""},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprint(tc.status), func(t *testing.T) {
			s, srv, ft := setup(t, status(tc.status, tc.body))
			c := newClient(srv, ft)
			_, err := c.Get(t.Context(), "sleep", srv.URL+"/p?access_token=SECRETSECRET&date=2024-01-01")
			var api *APIError
			if !errors.As(err, &api) {
				t.Fatalf("err = %v, want *APIError", err)
			}
			if api.StatusCode != tc.status || api.Code != tc.code || string(api.Body) != tc.body {
				t.Errorf("got status %d code %q body %q", api.StatusCode, api.Code, api.Body)
			}
			if tc.sentinel != nil && !errors.Is(err, tc.sentinel) {
				t.Errorf("errors.Is(%v, %v) = false", err, tc.sentinel)
			}
			if errors.Is(err, ErrGone) != (tc.status == 410) || errors.Is(err, ErrUnauthorized) != (tc.status == 401) {
				t.Errorf("sentinel mismatch for %d", tc.status)
			}
			if s.n.Load() != 1 || len(ft.Waits()) != 0 {
				t.Errorf("requests %d waits %v, want exactly 1 and no wait", s.n.Load(), ft.Waits())
			}
			if strings.Contains(api.URL, "SECRETSECRET") || !strings.Contains(api.URL, "date=2024-01-01") {
				t.Errorf("URL %q: secret not stripped or date lost", api.URL)
			}
			for _, s := range []string{err.Error(), fmt.Sprintf("%#v", err), fmt.Sprintf("%+v", err)} {
				if strings.Contains(s, "eyJ") || strings.Contains(s, "SECRETSECRET") {
					t.Errorf("error text leaks a token: %s", s)
				}
			}
		})
	}
}

func TestExpiredTokenMessage(t *testing.T) {
	_, srv, ft := setup(t, status(401, `{"errors":[{"errorType":"expired_token","message":"Access token expired: eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiIyMkI1WTQi.A2ZJa5WXvYg8fBw9"}],"success":false}`))
	_, err := newClient(srv, ft).Get(t.Context(), "sleep", srv.URL)
	want := "fetch: testprov sleep: HTTP 401 expired_token: Access token expired: [redacted]"
	if err == nil || err.Error() != want {
		t.Errorf("err = %v, want %q", err, want)
	}
}

func TestRetryDroppedConnections(t *testing.T) {
	for name, h := range map[string]http.HandlerFunc{
		"hang up (EOF)":               hangUp,
		"reset":                       reset,
		"short body (unexpected EOF)": shortBody,
		"truncated JSON":              truncatedJSON,
	} {
		t.Run(name, func(t *testing.T) {
			s, srv, ft := setup(t, h, h, ok(`{"sleep":[{"logId":1},{"logId":2}]}`))
			c := newClient(srv, ft)
			var v struct{ Sleep []struct{ LogID int64 } }
			body, err := c.GetJSON(t.Context(), "sleep", srv.URL, &v)
			if err != nil {
				t.Fatal(err)
			}
			if len(v.Sleep) != 2 || v.Sleep[1].LogID != 2 || !strings.HasPrefix(string(body), `{"sleep"`) {
				t.Errorf("decoded %+v from %q", v, body)
			}
			if s.n.Load() != 3 || len(ft.Waits()) != 2 {
				t.Errorf("requests %d waits %v, want 3 and 2 waits", s.n.Load(), ft.Waits())
			}
		})
	}
}

func TestTruncatedJSONExhausted(t *testing.T) {
	s, srv, ft := setup(t, truncatedJSON)
	c := newClient(srv, ft, WithMaxRetries(2))
	var v struct{ Sleep []struct{ LogID int64 } }
	_, err := c.GetJSON(t.Context(), "sleep", srv.URL, &v)
	var de *DecodeError
	if !errors.As(err, &de) || de.Provider != "testprov" || de.Endpoint != "sleep" || de.Field != "" {
		t.Fatalf("err = %#v, want DecodeError for testprov sleep body", err)
	}
	if s.n.Load() != 3 {
		t.Errorf("requests %d, want 3", s.n.Load())
	}
	if want := "fetch: testprov sleep: decoding body: unexpected end of JSON input"; err.Error() != want {
		t.Errorf("Error() = %q, want %q", err, want)
	}
}

func TestDroppedConnectionsExhausted(t *testing.T) {
	s, srv, ft := setup(t, hangUp)
	c := newClient(srv, ft, WithMaxRetries(1))
	_, err := c.Get(t.Context(), "sleep", srv.URL+"/x?token=SECRETSECRET")
	if err == nil || !errors.Is(err, io.EOF) || strings.Contains(err.Error(), "SECRETSECRET") {
		t.Fatalf("err = %v, want a redacted EOF error", err)
	}
	if s.n.Load() != 2 {
		t.Errorf("requests %d, want 2", s.n.Load())
	}
}

func TestNonJSONIsNotRetried(t *testing.T) {
	s, srv, ft := setup(t, ok("<html><body>Sign in to the Wi-Fi</body></html>"))
	var v struct{}
	_, err := newClient(srv, ft).GetJSON(t.Context(), "sleep", srv.URL, &v)
	var de *DecodeError
	if !errors.As(err, &de) || de.Field != "" || s.n.Load() != 1 {
		t.Fatalf("err = %v after %d requests, want a DecodeError at once", err, s.n.Load())
	}
}

func TestTypeErrorIsNotRetried(t *testing.T) {
	s, srv, ft := setup(t, ok(`{"sleep":[{"logId":"not a number"}]}`))
	c := newClient(srv, ft)
	var v struct {
		Sleep []struct {
			LogID int64 `json:"logId"`
		} `json:"sleep"`
	}
	_, err := c.GetJSON(t.Context(), "sleep", srv.URL, &v)
	var de *DecodeError
	if !errors.As(err, &de) || de.Field != "sleep.logId" {
		t.Fatalf("err = %v, want DecodeError on sleep.logId", err)
	}
	if s.n.Load() != 1 {
		t.Errorf("requests %d, want 1", s.n.Load())
	}
}

func TestContextCancelStopsAtOnce(t *testing.T) {
	// The default sleep (a real timer) with a one-hour backoff: the test only
	// finishes quickly if cancellation interrupts the wait.
	ctx, cancel := context.WithCancel(t.Context())
	s, srv, _ := setup(t, status(503, ""))
	c := New("testprov", srv.Client(), WithBackoff(time.Hour, time.Hour),
		WithTrace(func(*http.Request, *http.Response) { cancel() }))
	_, err := c.Get(ctx, "sleep", srv.URL)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if s.n.Load() != 1 {
		t.Errorf("requests %d, want 1", s.n.Load())
	}
}

func TestContextCancelDuringRequest(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	release := make(chan struct{})
	_, srv, ft := setup(t, func(w http.ResponseWriter, r *http.Request) {
		cancel()
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	defer close(release)
	_, err := newClient(srv, ft).Get(ctx, "sleep", srv.URL)
	if !errors.Is(err, context.Canceled) || len(ft.Waits()) != 0 {
		t.Fatalf("err = %v waits %v, want context.Canceled and no retry", err, ft.Waits())
	}
}

func TestHeaderScheduling(t *testing.T) {
	s, srv, ft := setup(t,
		status(200, "{}", "Fitbit-Rate-Limit-Remaining", "1", "Fitbit-Rate-Limit-Reset", "900"),
		status(200, "{}", "Fitbit-Rate-Limit-Remaining", "0", "Fitbit-Rate-Limit-Reset", "300"),
		status(200, "{}", "Fitbit-Rate-Limit-Remaining", "149", "Fitbit-Rate-Limit-Reset", "3600"))
	c := newClient(srv, ft, WithRateLimit(RateLimit{RemainingHeader: "Fitbit-Rate-Limit-Remaining", ResetHeader: "Fitbit-Rate-Limit-Reset"}))
	for range 3 {
		if _, err := c.Get(t.Context(), "sleep", srv.URL); err != nil {
			t.Fatal(err)
		}
	}
	// Only the third request waits: the second answer said 0 remaining for
	// 300 s. No 429 was ever sent.
	if got := ft.Waits(); len(got) != 1 || got[0] != 300*time.Second || s.n.Load() != 3 {
		t.Errorf("waits %v requests %d, want [5m0s] and 3", got, s.n.Load())
	}
}

func TestWindowLimiter(t *testing.T) {
	s, srv, ft := setup(t, ok("{}"))
	c := newClient(srv, ft, WithRateLimit(RateLimit{Requests: 3, Window: time.Minute}))
	d := c.Using(srv.Client()) // shares the window
	for i := range 7 {
		cl := c
		if i%2 == 1 {
			cl = d
		}
		if _, err := cl.Get(t.Context(), "sleep", srv.URL); err != nil {
			t.Fatal(err)
		}
	}
	// Requests 1-3 at t0, 4-6 at t0+1m, 7 at t0+2m.
	got := ft.Waits()
	if len(got) != 2 || got[0] != time.Minute || got[1] != time.Minute || s.n.Load() != 7 {
		t.Errorf("waits %v requests %d, want [1m 1m] and 7", got, s.n.Load())
	}
}

func TestTraceSeesEveryAttempt(t *testing.T) {
	var mu sync.Mutex
	var codes []int
	_, srv, ft := setup(t, hangUp, status(503, ""), ok("{}"))
	c := newClient(srv, ft, WithTrace(func(req *http.Request, resp *http.Response) {
		mu.Lock()
		defer mu.Unlock()
		if resp == nil {
			codes = append(codes, 0)
		} else {
			codes = append(codes, resp.StatusCode)
		}
	}))
	if _, err := c.Get(t.Context(), "x", srv.URL); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(codes) != "[0 503 200]" {
		t.Errorf("trace saw %v, want [0 503 200]", codes)
	}
}
