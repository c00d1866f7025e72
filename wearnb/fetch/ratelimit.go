package fetch

import (
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// RateLimit schedules requests so that the client waits instead of running
// into 429 answers. Both halves are optional and can be combined.
//
// Count limiting: at most Requests requests in any Window (a sliding
// window), e.g. Oura's 5000 per 5 minutes.
//
// Header scheduling: RemainingHeader and ResetHeader name response headers
// that report the server's remaining budget and the seconds until it
// resets, e.g. Fitbit's "Fitbit-Rate-Limit-Remaining" and
// "Fitbit-Rate-Limit-Reset". When a response reports nothing remaining, the
// next request waits until the reset. On a 429 without Retry-After, the
// reset header gives the wait.
type RateLimit struct {
	Requests        int
	Window          time.Duration
	RemainingHeader string
	ResetHeader     string
}

// limiter is the rate-limit state a Client and its Using copies share.
type limiter struct {
	cfg RateLimit

	mu           sync.Mutex
	sent         []time.Time // reserved send times, oldest first, at most cfg.Requests
	blockedUntil time.Time   // from headers: no request before this
}

// reserve reserves a send slot and returns how long to wait for it.
func (l *limiter) reserve(now time.Time) time.Duration {
	if l == nil {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	at := now
	if l.blockedUntil.After(at) {
		at = l.blockedUntil
	}
	if n := l.cfg.Requests; n > 0 && l.cfg.Window > 0 {
		if len(l.sent) >= n {
			if free := l.sent[len(l.sent)-n].Add(l.cfg.Window); free.After(at) {
				at = free
			}
		}
		l.sent = append(l.sent, at)
		if len(l.sent) > n {
			l.sent = append(l.sent[:0], l.sent[len(l.sent)-n:]...)
		}
	}
	return at.Sub(now)
}

// observe updates the header state from a response received at now, and
// returns the reset wait the headers announce (ok false if none).
func (l *limiter) observe(h http.Header, now time.Time) (reset time.Duration, ok bool) {
	if l == nil || l.cfg.ResetHeader == "" {
		return 0, false
	}
	secs, err := strconv.ParseFloat(strings.TrimSpace(h.Get(l.cfg.ResetHeader)), 64)
	if err != nil || secs < 0 || secs > 1e7 {
		return 0, false
	}
	reset = time.Duration(secs * float64(time.Second))
	if l.cfg.RemainingHeader != "" {
		rem, err := strconv.Atoi(strings.TrimSpace(h.Get(l.cfg.RemainingHeader)))
		if err == nil && rem <= 0 {
			l.mu.Lock()
			if until := now.Add(reset); until.After(l.blockedUntil) {
				l.blockedUntil = until
			}
			l.mu.Unlock()
		}
	}
	return reset, true
}
