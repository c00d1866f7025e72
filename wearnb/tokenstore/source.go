package tokenstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"wearnb.dev/wearnb/internal/clock"
	"wearnb.dev/wearnb/internal/paths"
	"wearnb.dev/wearnb/internal/redact"
	"wearnb.dev/wearnb/internal/tokenerr"
)

// ErrInvalidGrant is matched (with [errors.Is]) by a [*RefreshError] when
// the provider rejected the saved refresh token: it was already used or has
// been revoked, so the consent is gone and only the consent flow can get a
// new one. Every provider's way of saying so counts: RFC 6749's
// "invalid_grant" (Google, Jawbone), Fitbit's errors[].errorType and Oura's
// problem details ("Token already used or revoked"). It is the same value
// as consent.ErrInvalidGrant.
var ErrInvalidGrant = tokenerr.ErrInvalidGrant

// ErrTestingExpiry is matched, beside [ErrInvalidGrant], by a Google
// refresh refused the way refresh tokens of apps in Testing mode expire
// after 7 days; the message says whether the token's age makes that the
// likely cause and what to do (consent again; publish the app). It is the
// same value as consent.ErrTestingExpiry.
var ErrTestingExpiry = tokenerr.ErrTestingExpiry

// ErrEndpointMismatch is matched by a refresh refused the way Oura's
// legacy token endpoint refuses apps of its new developer portal; the
// message names the setting to change (WEARNB_OURA_TOKEN_URL). It is the
// same value as consent.ErrEndpointMismatch.
var ErrEndpointMismatch = tokenerr.ErrEndpointMismatch

// timeNow is the clock; tests may replace it.
var timeNow = time.Now

// expiryMargin is how long before its expiry a token counts as expired, so
// that it does not expire on its way to the server.
const expiryMargin = 30 * time.Second

// Refresh retry policy for lost responses: the same request, with the same
// old refresh token, after each backoff.
var (
	refreshBackoff = []time.Duration{250 * time.Millisecond, time.Second}
	refreshTimeout = 30 * time.Second // per attempt
)

func valid(t *oauth2.Token) bool {
	return t != nil && t.AccessToken != "" &&
		(t.Expiry.IsZero() || timeNow().Add(expiryMargin).Before(t.Expiry))
}

// TokenSource returns a token source that serves the saved token while it
// is valid and otherwise refreshes it through cfg, saving the new pair
// before returning it. Refreshes are serialised across goroutines and
// processes by the file's lock; under the lock the file is read again and a
// token another process refreshed meanwhile is used instead of refreshing.
// A lost refresh response (transport error, 5xx) is retried with the same
// refresh token. ctx carries the HTTP client ([oauth2.HTTPClient]) and bounds
// waiting for the lock and the refresh requests. The source is safe for
// concurrent use.
func (f *File) TokenSource(ctx context.Context, cfg *oauth2.Config) oauth2.TokenSource {
	if ctx == nil {
		ctx = context.Background()
	}
	return &tokenSource{f: f, ctx: ctx, cfg: cfg}
}

// Client returns an HTTP client that authorises requests with the token of
// [File.TokenSource].
func (f *File) Client(ctx context.Context, cfg *oauth2.Config) *http.Client {
	return oauth2.NewClient(ctx, f.TokenSource(ctx, cfg))
}

type tokenSource struct {
	f   *File
	ctx context.Context
	cfg *oauth2.Config

	mu  sync.Mutex // guards tok and serialises refreshes in this source
	tok *oauth2.Token
}

// A token source holds the current token and the oauth2.Config with the
// client secret: it prints only its file, with every verb, as JSON and
// through log/slog.
func (s *tokenSource) String() string                { return "tokenstore.TokenSource(" + s.f.path + ")" }
func (s *tokenSource) GoString() string              { return s.String() }
func (s *tokenSource) Format(f fmt.State, verb rune) { redact.Format(f, verb, s.String()) }
func (s *tokenSource) MarshalJSON() ([]byte, error)  { return json.Marshal(s.String()) }
func (s *tokenSource) LogValue() slog.Value          { return slog.StringValue(s.String()) }

func (s *tokenSource) Token() (*oauth2.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if valid(s.tok) {
		return s.tok, nil
	}
	if s.tok == nil {
		rec, err := s.f.load(s.ctx)
		if err != nil {
			return nil, err
		}
		if t := rec.token(); valid(t) {
			s.tok = t
			return t, nil
		}
	}
	t, err := s.refresh()
	if err != nil {
		return nil, err
	}
	s.tok = t
	return t, nil
}

// refresh takes the file lock, re-reads the file and refreshes only if the
// token there is still expired. The new pair is on disk before it is
// returned; if saving fails it is not returned, so nobody uses it and an
// identical refresh later gets the same pair back from the provider.
func (s *tokenSource) refresh() (*oauth2.Token, error) {
	unlock, err := s.f.lock(s.ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()

	s.f.recoverLocked() // a killed refresher's new pair is the one that works
	rec, err := s.f.read()
	if err != nil {
		return nil, err
	}
	cur := rec.token()
	if valid(cur) {
		return cur, nil // someone else refreshed meanwhile
	}
	if s.cfg == nil {
		return nil, &RefreshError{Path: s.f.path, Err: errors.New("the token expired and the token source has no oauth2.Config to refresh it with")}
	}
	if cur.RefreshToken == "" {
		return nil, &RefreshError{Path: s.f.path, Err: errors.New("the token expired and the file holds no refresh token; run the consent flow again")}
	}

	secrets := redact.Known(cur.RefreshToken, cur.AccessToken, s.cfg.ClientSecret)
	var (
		nt       *oauth2.Token
		attempts int
	)
	for {
		attempts++
		nt, err = s.refreshOnce(cur.RefreshToken)
		if err == nil || attempts > len(refreshBackoff) || !retryable(err) {
			break
		}
		if werr := clock.Sleep(s.ctx, refreshBackoff[attempts-1]); werr != nil {
			err = fmt.Errorf("%w (while waiting to retry after: %v)", werr, secrets.Error(err))
			break
		}
	}
	if err != nil {
		e := newRefreshError(s.f.path, attempts, err, secrets)
		var re *oauth2.RetrieveError
		if errors.As(e.Err, &re) {
			e.advice, e.hasAdvice = tokenerr.Advise(tokenerr.Request{Provider: firstNonEmpty(s.f.provider, rec.Provider),
				TokenURL: s.cfg.Endpoint.TokenURL, Issued: rec.RefreshIssued, Now: timeNow(), SettingsFile: settingsFile()}, re)
		}
		return nil, e
	}

	// RFC 6749 §6: no refresh_token in the answer means keep the old one;
	// an omitted scope is the scope granted before.
	if nt.RefreshToken == "" {
		nt.RefreshToken = cur.RefreshToken
	}
	next, err := newRecord(nt)
	if err != nil {
		return nil, &RefreshError{Path: s.f.path, Attempts: attempts, Err: fmt.Errorf("the provider's answer is unusable: %w", err)}
	}
	// rec was read under this lock before the refresh, so its generation is
	// current and nothing but encoding lies between the answer and its
	// temporary file, the only stretch a kill can still lose it in.
	next.Provider, next.Account, next.Generation = rec.Provider, rec.Account, rec.Generation+1
	next.RefreshIssued = timeNow().UTC().Round(0)
	if nt.RefreshToken == cur.RefreshToken {
		next.RefreshIssued = rec.RefreshIssued // kept (Google): its age goes on
	}
	for k, v := range rec.Extra {
		if _, ok := next.Extra[k]; !ok {
			if next.Extra == nil {
				next.Extra = make(map[string]string)
			}
			next.Extra[k] = v
		}
	}
	if err := s.f.writeLocked(next); err != nil {
		return nil, fmt.Errorf("%w; the refreshed token was not used, so the next attempt repeats the same refresh", err)
	}
	return next.token(), nil
}

// refreshOnce sends one refresh_token grant through x/oauth2.
func (s *tokenSource) refreshOnce(refreshToken string) (*oauth2.Token, error) {
	ctx, cancel := context.WithTimeout(s.ctx, refreshTimeout)
	defer cancel()
	return s.cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: refreshToken}).Token()
}

// retryable reports whether a refresh failure may be a lost response: a
// transport error or a 5xx. A 4xx answer is final.
func retryable(err error) bool {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		return re.Response != nil && re.Response.StatusCode >= 500
	}
	return true
}

// RefreshError reports a failed refresh. It matches [ErrInvalidGrant] when
// the provider rejected the refresh token. Err is the last failure with all
// token and client-secret values removed; for an answer of the token
// endpoint it is an [*oauth2.RetrieveError] (without the request).
type RefreshError struct {
	Path         string
	Attempts     int
	Err          error
	invalidGrant bool
	advice       tokenerr.Advice // provider-specific: Google's Testing mode, Oura's portals
	hasAdvice    bool
}

func newRefreshError(path string, attempts int, err error, secrets *redact.Secrets) *RefreshError {
	e := &RefreshError{Path: path, Attempts: attempts, Err: sanitizeError(err, secrets)}
	var re *oauth2.RetrieveError
	if errors.As(e.Err, &re) {
		e.invalidGrant = tokenerr.InvalidGrant(re)
	}
	return e
}

// Error names the file and the failure on one line, without secrets. For a
// dead refresh token it says the consent is gone and how to consent again.
func (e *RefreshError) Error() string {
	cause := describe(e.Err)
	switch {
	case e.invalidGrant && e.hasAdvice:
		return fmt.Sprintf("wearnb: refreshing the token in %s: %s: the refresh token has expired or been revoked, so the consent is gone. "+
			"%s (Or run the consent flow again: delete %s and run the cell again.)", e.Path, cause, e.advice.Text, e.Path)
	case e.invalidGrant:
		return fmt.Sprintf("wearnb: refreshing the token in %s: %s: the refresh token was already used or has been revoked, "+
			"so the consent is gone; run the consent flow again: delete %s and run the cell again "+
			"(connect.Open asks for consent when no token is saved)", e.Path, cause, e.Path)
	case e.hasAdvice:
		return fmt.Sprintf("wearnb: refreshing the token in %s failed: %s. %s", e.Path, cause, e.advice.Text)
	}
	if e.Attempts > 1 {
		return fmt.Sprintf("wearnb: refreshing the token in %s failed after %d attempts: %s", e.Path, e.Attempts, cause)
	}
	return fmt.Sprintf("wearnb: refreshing the token in %s failed: %s", e.Path, cause)
}

// Unwrap returns Err, preceded by [ErrInvalidGrant] for invalid_grant and
// by [ErrTestingExpiry] or [ErrEndpointMismatch] when the provider's answer
// fits one.
func (e *RefreshError) Unwrap() []error {
	var out []error
	if e.invalidGrant {
		out = append(out, ErrInvalidGrant)
	}
	if e.hasAdvice {
		out = append(out, e.advice.Err)
	}
	return append(out, e.Err)
}

// firstNonEmpty returns the first of its arguments that is not "".
func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// settingsFile names the secrets file for advice that names a setting.
func settingsFile() string {
	p, err := paths.Default().Secrets()
	if err != nil {
		return ""
	}
	return p
}

// GoString keeps %#v as secret-free as Error.
func (e *RefreshError) GoString() string {
	return fmt.Sprintf("&tokenstore.RefreshError{Path: %q, Attempts: %d, Err: %q}", e.Path, e.Attempts, describe(e.Err))
}

// MarshalJSON encodes the error as {"error": message}.
func (e *RefreshError) MarshalJSON() ([]byte, error) { return marshalError(e) }

// Format prints Error for every verb (%q quoted), so no verb walks Err.
func (e *RefreshError) Format(f fmt.State, verb rune) { redact.Format(f, verb, e.Error()) }

// describe summarises a refresh failure on one line.
func describe(err error) string {
	if err == nil {
		return "unknown error"
	}
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		return err.Error()
	}
	return tokenerr.Describe(re)
}

// sanitizeError removes secrets from a refresh failure: from its text and
// from everything errors.As reaches through it. A RetrieveError becomes a
// copy with its body and fields scrubbed and without the request (whose
// header carries the client secret); see redact.Secrets.Error.
func sanitizeError(err error, secrets *redact.Secrets) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		return secrets.Error(re)
	}
	if secrets.Has(err.Error()) {
		return &scrubbedError{msg: secrets.Scrub(err.Error()), ctxErr: contextError(err)}
	}
	return secrets.Error(err)
}

func contextError(err error) error {
	switch {
	case errors.Is(err, context.Canceled):
		return context.Canceled
	case errors.Is(err, context.DeadlineExceeded):
		return context.DeadlineExceeded
	}
	return nil
}

// scrubbedError is an error whose text had secrets in it. It keeps only the
// scrubbed text and whether it was a context error.
type scrubbedError struct {
	msg    string
	ctxErr error
}

func (e *scrubbedError) Error() string { return e.msg }
func (e *scrubbedError) Unwrap() error { return e.ctxErr }
