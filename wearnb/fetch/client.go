package fetch

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"

	"wearnb.dev/wearnb/internal/clock"
)

// Defaults of a [Client].
const (
	DefaultMaxRetries  = 5
	DefaultBackoffBase = 500 * time.Millisecond
	DefaultBackoffMax  = 30 * time.Second
	DefaultMaxWait     = time.Hour
	// MaxBodyBytes bounds how much of one response body is read.
	MaxBodyBytes = 64 << 20
)

// Client does GET requests against one provider's API with retries,
// backoff, rate limiting and typed errors. Create it with [New]. It is safe
// for concurrent use.
type Client struct {
	provider string
	hc       *http.Client
	o        *options // shared, read-only after New
	lim      *limiter // shared rate-limit state; nil without WithRateLimit
}

type options struct {
	now        func() time.Time
	sleep      func(context.Context, time.Duration) error
	maxRetries int
	base, max  time.Duration
	maxWait    time.Duration
	parse      ErrorParser
	rate       *RateLimit
	trace      func(*http.Request, *http.Response)
	header     http.Header
}

// Option configures a [Client].
type Option func(*options)

// WithClock sets the clock used for Retry-After dates and rate-limit
// windows (default time.Now). Tests pair it with [WithSleep].
func WithClock(now func() time.Time) Option {
	return func(o *options) {
		if now != nil {
			o.now = now
		}
	}
}

// WithSleep sets how the client waits (default: a timer that returns
// ctx.Err() as soon as ctx is done). Tests record the durations and return
// at once, advancing their fake clock.
func WithSleep(sleep func(ctx context.Context, d time.Duration) error) Option {
	return func(o *options) {
		if sleep != nil {
			o.sleep = sleep
		}
	}
}

// WithMaxRetries sets how many times a failed request is retried (default
// [DefaultMaxRetries]; 0 disables retries; negative values mean 0).
func WithMaxRetries(n int) Option {
	return func(o *options) { o.maxRetries = max(n, 0) }
}

// WithBackoff sets the exponential backoff: the n-th retry (from 0) waits a
// uniformly random duration in [d/2, d] with d = min(base*2^n, max).
// Defaults [DefaultBackoffBase] and [DefaultBackoffMax]. Non-positive values
// keep the defaults.
func WithBackoff(base, maxDelay time.Duration) Option {
	return func(o *options) {
		if base > 0 {
			o.base = base
		}
		if maxDelay > 0 {
			o.max = maxDelay
		}
	}
}

// WithMaxWait sets the longest wait the client accepts from a 429's
// Retry-After (or reset header) before giving up with a [*RateLimitError]
// (default [DefaultMaxWait]).
func WithMaxWait(d time.Duration) Option {
	return func(o *options) {
		if d > 0 {
			o.maxWait = d
		}
	}
}

// WithErrorParser sets how error bodies are read into [APIError.Code] and
// [APIError.Message] (default [DefaultErrorParser]).
func WithErrorParser(p ErrorParser) Option {
	return func(o *options) {
		if p != nil {
			o.parse = p
		}
	}
}

// WithRateLimit enables client-side rate limiting; see [RateLimit].
func WithRateLimit(rl RateLimit) Option {
	return func(o *options) { o.rate = &rl }
}

// WithTrace calls fn after every attempt with the request and the response
// (nil when the attempt failed before a response; its body is already
// consumed). The request is the one fetch built: authorization headers
// added by an oauth2 transport are not on it.
func WithTrace(fn func(*http.Request, *http.Response)) Option {
	return func(o *options) { o.trace = fn }
}

// WithHeader adds a header to every request (e.g. Accept-Language, which
// selects Fitbit's unit system).
func WithHeader(key, value string) Option {
	return func(o *options) { o.header.Add(key, value) }
}

// New returns a client for provider (a short name used in errors) that
// sends requests through hc (http.DefaultClient if nil).
func New(provider string, hc *http.Client, opts ...Option) *Client {
	o := &options{
		now:        time.Now,
		sleep:      clock.Sleep,
		maxRetries: DefaultMaxRetries,
		base:       DefaultBackoffBase,
		max:        DefaultBackoffMax,
		maxWait:    DefaultMaxWait,
		parse:      DefaultErrorParser,
		header:     http.Header{},
	}
	for _, opt := range opts {
		opt(o)
	}
	c := &Client{provider: provider, hc: hc, o: o}
	if o.rate != nil {
		c.lim = &limiter{cfg: *o.rate}
	}
	return c
}

// Using returns a copy of c that sends through hc but shares c's options
// and rate-limit state. Providers keep one Client and call Using with the
// *http.Client each Stream.Fetch receives.
func (c *Client) Using(hc *http.Client) *Client {
	d := *c
	d.hc = hc
	return &d
}

// Provider returns the provider name given to [New].
func (c *Client) Provider() string { return c.provider }

// Get fetches rawURL and returns the body of a 2xx answer, retrying
// transient failures. endpoint names the endpoint family in errors.
func (c *Client) Get(ctx context.Context, endpoint, rawURL string) ([]byte, error) {
	return c.do(ctx, endpoint, rawURL, nil, nil)
}

// GetJSON is [Client.Get] that also decodes the body into v. A body that is
// not complete JSON (a truncated 200) is retried like a dropped connection;
// if it stays broken, or a value has the wrong type, the error is a
// [*DecodeError]. The raw body is returned too, for caching.
func (c *Client) GetJSON(ctx context.Context, endpoint, rawURL string, v any) ([]byte, error) {
	return c.do(ctx, endpoint, rawURL, nil, v)
}

// PostJSON is [Client.GetJSON] for an API that reads with a POST of a JSON
// body (Google Health's rollUp and dailyRollUp): body is sent with
// Content-Type application/json, and the answer decoded into v. Only use it
// for requests that change nothing at the server: it retries them like a
// GET.
func (c *Client) PostJSON(ctx context.Context, endpoint, rawURL string, body []byte, v any) ([]byte, error) {
	if body == nil {
		body = []byte{}
	}
	return c.do(ctx, endpoint, rawURL, body, v)
}

// do sends a GET (post nil) or a POST of post, retrying as documented.
func (c *Client) do(ctx context.Context, endpoint, rawURL string, post []byte, v any) ([]byte, error) {
	hc := c.hc
	if hc == nil {
		hc = http.DefaultClient
	}
	for attempt := 0; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return nil, c.ctxErr(endpoint, err)
		}
		if d := c.lim.reserve(c.o.now()); d > 0 {
			if err := c.o.sleep(ctx, d); err != nil {
				return nil, c.ctxErr(endpoint, err)
			}
		}
		out, err := c.attempt(ctx, hc, endpoint, rawURL, post, v)
		if !out.retry || attempt >= c.o.maxRetries || out.wait > c.o.maxWait {
			return out.body, err
		}
		wait := out.wait
		if wait <= 0 {
			wait = c.backoff(attempt)
		}
		if serr := c.o.sleep(ctx, wait); serr != nil {
			return nil, c.ctxErr(endpoint, serr)
		}
	}
}

// outcome is what one attempt tells the retry loop.
type outcome struct {
	body  []byte
	wait  time.Duration // the wait the server asked for; 0 if none
	retry bool
}

// attempt sends one request and returns the body and error to report.
func (c *Client) attempt(ctx context.Context, hc *http.Client, endpoint, rawURL string, post []byte, v any) (outcome, error) {
	var body []byte
	method, payload := http.MethodGet, io.Reader(nil)
	if post != nil {
		method, payload = http.MethodPost, bytes.NewReader(post)
	}
	req, err := http.NewRequestWithContext(ctx, method, rawURL, payload)
	if err != nil {
		return outcome{}, fmt.Errorf("fetch: %s %s: bad request URL %s", c.provider, endpoint, RedactURL(rawURL))
	}
	req.Header.Set("Accept", "application/json")
	if post != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, vs := range c.o.header {
		req.Header[k] = append([]string(nil), vs...)
	}
	resp, err := hc.Do(req)
	if err == nil {
		body, err = io.ReadAll(io.LimitReader(resp.Body, MaxBodyBytes))
		resp.Body.Close()
	}
	if c.o.trace != nil {
		c.o.trace(req, resp)
	}
	if err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return outcome{}, c.ctxErr(endpoint, cerr)
		}
		var ue *url.Error
		if errors.As(err, &ue) {
			ue.URL = RedactURL(ue.URL)
		}
		return outcome{retry: transient(err)}, fmt.Errorf("fetch: %s %s: %w", c.provider, endpoint, err)
	}
	now := c.o.now()
	reset, hasReset := c.lim.observe(resp.Header, now)
	if err := CheckResponse(c.provider, endpoint, resp, body, c.o.parse, now); err != nil {
		switch resp.StatusCode {
		case http.StatusTooManyRequests:
			rl := err.(*RateLimitError)
			if rl.RetryAfter == 0 && hasReset {
				rl.RetryAfter = reset
			}
			return outcome{wait: rl.RetryAfter, retry: true}, err
		case http.StatusInternalServerError, http.StatusBadGateway,
			http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			d, _ := RetryAfter(resp.Header, now)
			return outcome{wait: d, retry: true}, err
		}
		return outcome{}, err
	}
	if v == nil {
		return outcome{body: body}, nil
	}
	err = DecodeJSON(c.provider, endpoint, "", body, v)
	var se *json.SyntaxError
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.As(err, &se) && se.Offset >= int64(len(bytes.TrimRight(body, " \t\r\n"))) {
		// The body is a valid beginning of JSON that stops early: a
		// truncated answer, worth another try. Anything else (an HTML
		// page, garbage, a value of the wrong type) is not.
		return outcome{body: body, retry: true}, err
	}
	return outcome{body: body}, err
}

func (c *Client) ctxErr(endpoint string, err error) error {
	return fmt.Errorf("fetch: %s %s: %w", c.provider, endpoint, err)
}

// backoff returns the jittered wait before retry n (from 0).
func (c *Client) backoff(n int) time.Duration {
	d := c.o.base
	for i := 0; i < n && d < c.o.max; i++ {
		d *= 2
	}
	d = min(d, c.o.max)
	half := d / 2
	return half + time.Duration(rand.Int64N(int64(d-half)+1))
}

// transient reports whether a transport error is worth retrying: dropped
// or reset connections and timeouts.
func transient(err error) bool {
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ECONNABORTED),
		errors.Is(err, syscall.EPIPE):
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true
	}
	s := err.Error()
	return strings.Contains(s, "connection reset") || strings.Contains(s, "server closed idle connection") ||
		strings.Contains(s, "broken pipe") || strings.Contains(s, "transport connection broken")
}
