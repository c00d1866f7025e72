package fetch

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"wearnb.dev/wearnb/internal/redact"
)

// ErrGone matches (through errors.Is) an [*APIError] with status 410 Gone:
// the API or endpoint has been shut down for good.
var ErrGone = errors.New("fetch: gone (HTTP 410)")

// ErrUnauthorized matches (through errors.Is) an [*APIError] with status 401:
// the access token is missing, expired, revoked or lacks a scope. The usual
// way back is a token refresh or a new consent.
var ErrUnauthorized = errors.New("fetch: unauthorized (HTTP 401)")

// APIError is a non-2xx answer from a provider's API.
//
// Message is the provider's message with token-like words redacted; Body is
// the raw response body as received (it is never part of Error, but may hold
// whatever the provider echoed, so do not print it blindly).
type APIError struct {
	Provider   string // "fitbit", "oura", ...
	Endpoint   string // the provider's name for the endpoint family, e.g. "sleep"
	URL        string // request URL with secret query parameters removed
	StatusCode int
	Code       string // provider error code, e.g. "expired_token"; may be empty
	Message    string // provider error message, redacted; may be empty
	Body       []byte
}

// Error returns e.g. "fetch: fitbit sleep: HTTP 401 expired_token: Access
// token expired: [redacted]".
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("fetch: ")
	b.WriteString(e.Provider)
	if e.Endpoint != "" {
		b.WriteString(" ")
		b.WriteString(e.Endpoint)
	}
	b.WriteString(": HTTP ")
	b.WriteString(strconv.Itoa(e.StatusCode))
	if t := http.StatusText(e.StatusCode); t != "" && e.Code == "" && e.Message == "" {
		b.WriteString(" ")
		b.WriteString(t)
	}
	if e.Code != "" {
		b.WriteString(" ")
		b.WriteString(e.Code)
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	return b.String()
}

// GoString is Error, so %#v never dumps Body.
func (e *APIError) GoString() string { return e.Error() }

// Format prints Error for every verb (%q quoted), so that no verb dumps
// Body, which may echo a token.
func (e *APIError) Format(f fmt.State, verb rune) { redact.Format(f, verb, e.Error()) }

// MarshalJSON encodes every field but Body, which may echo a token.
func (e *APIError) MarshalJSON() ([]byte, error) { return json.Marshal(e.public()) }

// LogValue implements [slog.LogValuer] with Error.
func (e *APIError) LogValue() slog.Value { return slog.StringValue(e.Error()) }

type apiErrorJSON struct {
	Error      string
	Provider   string
	Endpoint   string
	URL        string
	StatusCode int
	Code       string
	Message    string
}

func (e *APIError) public() apiErrorJSON {
	return apiErrorJSON{e.Error(), e.Provider, e.Endpoint, e.URL, e.StatusCode, e.Code, e.Message}
}

// Is reports whether target is [ErrGone] for a 410 or [ErrUnauthorized] for
// a 401.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrGone:
		return e.StatusCode == http.StatusGone
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	}
	return false
}

// RateLimitError is a 429 answer that was still there when the retries ran
// out (or whose requested wait exceeded the client's maximum wait).
type RateLimitError struct {
	APIError
	// RetryAfter is how long the provider asked to wait; zero if it did not
	// say.
	RetryAfter time.Duration
}

// Error adds the requested wait to the [APIError] text.
func (e *RateLimitError) Error() string {
	s := e.APIError.Error()
	if e.RetryAfter > 0 {
		s += fmt.Sprintf(" (rate limited; retry after %v)", e.RetryAfter.Round(time.Second))
	} else {
		s += " (rate limited)"
	}
	return s
}

// GoString is Error.
func (e *RateLimitError) GoString() string { return e.Error() }

// Format prints Error for every verb (%q quoted).
func (e *RateLimitError) Format(f fmt.State, verb rune) { redact.Format(f, verb, e.Error()) }

// MarshalJSON encodes every field but Body, and RetryAfter.
func (e *RateLimitError) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		apiErrorJSON
		RetryAfter time.Duration
	}{e.public(), e.RetryAfter})
}

// LogValue implements [slog.LogValuer] with Error.
func (e *RateLimitError) LogValue() slog.Value { return slog.StringValue(e.Error()) }

// Unwrap returns the embedded APIError, so errors.As(err, **APIError) works
// on a RateLimitError too.
func (e *RateLimitError) Unwrap() error { return &e.APIError }

// DecodeError is a response body that could not be understood: bad JSON, a
// value of the wrong type, or a field a normalizer could not parse.
type DecodeError struct {
	Provider string
	Endpoint string
	// Field is the JSON path of the offending value, e.g.
	// "sleep[2].levels.data[7].dateTime"; empty when the body as a whole is
	// not JSON.
	Field string
	Err   error
}

// Error returns e.g. "fetch: fitbit sleep: decoding sleep[0].startTime:
// ...".
func (e *DecodeError) Error() string {
	where := e.Field
	if where == "" {
		where = "body"
	}
	ep := e.Provider
	if e.Endpoint != "" {
		ep += " " + e.Endpoint
	}
	return fmt.Sprintf("fetch: %s: decoding %s: %v", ep, where, e.Err)
}

// Unwrap returns the underlying error.
func (e *DecodeError) Unwrap() error { return e.Err }

// DecodeJSON decodes body, a JSON response of provider's endpoint or the
// part of one found at the JSON path at ("" for the whole body), into v.
// A failure is a [*DecodeError] for provider and endpoint. When a value has
// the wrong type, its Field is at joined with the path encoding/json
// reports ("sleep[0].levels" within at "activities" gives
// "activities.sleep[0].levels"; at alone when json names no field); when
// body is not JSON, Field is empty.
//
// The result is what encoding/json's Unmarshal gives (v should be zero).
// The work is done in one pass by the encoding/json/v2 design with
// encoding/json's semantics (see [decodeFast]); only a body that fails is
// decoded again by encoding/json itself, so errors read exactly as before.
func DecodeJSON(provider, endpoint, at string, body []byte, v any) error {
	if decodeFast(body, v) {
		return nil
	}
	err := json.Unmarshal(body, v)
	if err == nil {
		return nil
	}
	de := &DecodeError{Provider: provider, Endpoint: endpoint, Err: err}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		switch {
		case at == "":
			de.Field = te.Field
		case te.Field == "":
			de.Field = at
		default:
			de.Field = at + "." + te.Field
		}
	}
	return de
}

// ErrorParser extracts a provider's error code and message from an error
// response body. It must not panic on any input; returning empty strings is
// fine.
type ErrorParser func(status int, body []byte) (code, message string)

// CheckResponse turns resp (whose body has already been read into body) into
// nil for a 2xx status, or an [*APIError] / [*RateLimitError] otherwise. It
// is the only place fetch builds API errors. now is used to turn an HTTP-date
// Retry-After into a duration; parse may be nil.
func CheckResponse(provider, endpoint string, resp *http.Response, body []byte, parse ErrorParser, now time.Time) error {
	if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
		return nil
	}
	if parse == nil {
		parse = DefaultErrorParser
	}
	code, msg := safeParse(parse, resp.StatusCode, body)
	// The request's own credentials are known secrets: providers quote
	// them, whole or their first characters ("Access token invalid: 2f3c1a…").
	known := redact.Known(requestSecrets(resp.Request)...)
	e := APIError{
		Provider:   provider,
		Endpoint:   endpoint,
		StatusCode: resp.StatusCode,
		Code:       known.Text(code),
		Message:    known.Text(msg),
		Body:       body,
	}
	if resp.Request != nil && resp.Request.URL != nil {
		e.URL = RedactURL(resp.Request.URL.String())
	}
	if resp.StatusCode == http.StatusTooManyRequests {
		d, _ := RetryAfter(resp.Header, now)
		return &RateLimitError{APIError: e, RetryAfter: d}
	}
	return &e
}

// requestSecrets returns the credentials req carried: the Authorization
// header's token.
func requestSecrets(req *http.Request) []string {
	if req == nil {
		return nil
	}
	var out []string
	for _, h := range []string{"Authorization", "Proxy-Authorization"} {
		if _, cred, ok := strings.Cut(req.Header.Get(h), " "); ok {
			out = append(out, strings.TrimSpace(cred))
		}
	}
	return out
}

func safeParse(parse ErrorParser, status int, body []byte) (code, msg string) {
	defer func() {
		if recover() != nil {
			code, msg = "", ""
		}
	}()
	return parse(status, body)
}

// RetryAfter reads the Retry-After header, given either as seconds or as an
// HTTP date (relative to now). ok is false when the header is absent or
// unparsable.
func RetryAfter(h http.Header, now time.Time) (d time.Duration, ok bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseFloat(v, 64); err == nil {
		if n < 0 || n > 1e7 {
			return 0, false
		}
		return time.Duration(n * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		d := t.Sub(now)
		if d < 0 {
			d = 0
		}
		return d, true
	}
	return 0, false
}

// RedactURL returns u with the values of secret query parameters
// (access_token, token, code, client_secret, key, ...) and any user info
// replaced by "REDACTED". Unparsable input yields "(unparsable URL)".
func RedactURL(u string) string { return redact.URL(u) }

// Redact removes from s, a provider's error text, the values of secret
// parameters (access_token=…, "refresh_token": "…", Bearer …) and words that
// look like tokens: long random-looking runs such as JWTs and hex tokens,
// letters-only runs of 24 or more, prefixed tokens such as tok_9f8e7d6c.
// Providers echo tokens in messages ("Access token expired: eyJhbGci...");
// Redact keeps them out of error strings.
func Redact(s string) string { return redact.Text(s) }

func isTokenRune(r rune) bool { return redact.IsTokenRune(r) }

func tokenLike(w string) bool { return redact.TokenLike(w) }
