package sandbox

import (
	"fmt"
	"net/http"
	"sync"
	"time"
)

// Fault is one kind of injected failure.
type Fault int

// Fault kinds. Unless noted they hit data-API requests; see Faults.Next.
const (
	// FaultRateLimit answers 429 with Retry-After (Fitbit also sends its
	// rate-limit headers with Remaining 0).
	FaultRateLimit Fault = iota + 1
	// FaultServerError answers 500 with the provider's error shape.
	FaultServerError
	// FaultUnavailable answers 503 with Retry-After.
	FaultUnavailable
	// FaultDropConnection sends the status line, headers (with the full
	// Content-Length) and half the body, then closes the connection. At the
	// token endpoint the request is processed first, so the new tokens exist
	// but the answer is lost.
	FaultDropConnection
	// FaultTruncatedJSON sends a well-formed HTTP response whose JSON body
	// is cut in half (Content-Length matches the cut body).
	FaultTruncatedJSON
	// FaultGone answers 410 Gone with a body explaining the API's
	// retirement. With Always it also covers the flavour's OAuth endpoints,
	// as after Fitbit's shutdown.
	FaultGone
	// FaultRevokedConsent revokes every grant of the flavour (the person
	// removed the app) and answers like a revoked token.
	FaultRevokedConsent
	// FaultRefreshReused makes the token endpoint treat the presented
	// refresh token as already used. Next queues it for token requests.
	FaultRefreshReused
)

// String names the fault kind, e.g. "server-error".
func (f Fault) String() string {
	switch f {
	case FaultRateLimit:
		return "rate-limit"
	case FaultServerError:
		return "server-error"
	case FaultUnavailable:
		return "unavailable"
	case FaultDropConnection:
		return "drop-connection"
	case FaultTruncatedJSON:
		return "truncated-json"
	case FaultGone:
		return "gone"
	case FaultRevokedConsent:
		return "revoked-consent"
	case FaultRefreshReused:
		return "refresh-reused"
	}
	return fmt.Sprintf("Fault(%d)", int(f))
}

type faultTarget int

const (
	targetData faultTarget = iota
	targetToken
	targetAuthorize
)

// Faults injects failures into one flavour. Queued faults (Next, NextToken)
// are used first, one per request, then the standing fault (Always). The
// zero value injects nothing. Safe for concurrent use.
type Faults struct {
	mu          sync.Mutex
	data, token []Fault
	always      Fault
	alwaysToken Fault
	retryAfter  time.Duration
	injected    int
}

// Next makes the next n data-API requests fail with kind, after any faults
// already queued. FaultRefreshReused is queued for token requests instead.
func (f *Faults) Next(kind Fault, n int) {
	if kind == FaultRefreshReused {
		f.NextToken(kind, n)
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for range n {
		f.data = append(f.data, kind)
	}
}

// NextToken makes the next n token-endpoint requests (code exchange,
// refresh, revoke) fail with kind. Useful kinds: FaultServerError,
// FaultUnavailable, FaultDropConnection (the lost refresh response),
// FaultTruncatedJSON, FaultRefreshReused, FaultRevokedConsent.
func (f *Faults) NextToken(kind Fault, n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for range n {
		f.token = append(f.token, kind)
	}
}

// Always makes every data-API request fail with kind until Clear.
// FaultGone also covers the OAuth endpoints; FaultRefreshReused covers only
// the token endpoint.
func (f *Faults) Always(kind Fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch kind {
	case FaultRefreshReused:
		f.alwaysToken = kind
	case FaultGone:
		f.always, f.alwaysToken = kind, kind
	default:
		f.always = kind
	}
}

// SetRetryAfter sets the Retry-After of injected 429 and 503 answers
// (default 60 s).
func (f *Faults) SetRetryAfter(d time.Duration) {
	f.mu.Lock()
	f.retryAfter = d
	f.mu.Unlock()
}

// Clear removes every queued and standing fault.
func (f *Faults) Clear() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.data, f.token, f.always, f.alwaysToken = nil, nil, 0, 0
}

// Injected returns how many faults have been injected so far.
func (f *Faults) Injected() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.injected
}

func (f *Faults) retryAfterSeconds() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.retryAfter <= 0 {
		return 60
	}
	return int((f.retryAfter + time.Second - 1) / time.Second)
}

// take returns the fault for one request to target, or 0.
func (f *Faults) take(t faultTarget) Fault {
	f.mu.Lock()
	defer f.mu.Unlock()
	var k Fault
	switch t {
	case targetData:
		if len(f.data) > 0 {
			k, f.data = f.data[0], f.data[1:]
		} else {
			k = f.always
		}
	case targetToken:
		if len(f.token) > 0 {
			k, f.token = f.token[0], f.token[1:]
		} else {
			k = f.alwaysToken
		}
	case targetAuthorize:
		if f.alwaysToken == FaultGone {
			k = FaultGone
		}
	}
	if k != 0 {
		f.injected++
	}
	return k
}

// injectFault takes the next fault for target and applies what can be
// applied before the request is served: a 429, 500, 503 or 410 is the
// answer (answered is true: the request is done); a revoked consent revokes
// the flavour's grants, so the request goes on to fail as unauthorized. The
// fault is returned for the handler to apply the rest (a dropped
// connection, truncated JSON, a reused refresh token).
func (s *Server) injectFault(w http.ResponseWriter, r *http.Request, flavor string, target faultTarget) (f Fault, answered bool) {
	switch f = s.faults[flavor].take(target); f {
	case FaultRateLimit, FaultServerError, FaultUnavailable, FaultGone:
		s.send(w, r, s.faultResponse(flavor, f), 0)
		return f, true
	case FaultRevokedConsent:
		s.RevokeConsent(flavor)
	}
	return f, false
}
