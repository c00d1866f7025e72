package consent

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"

	"golang.org/x/oauth2"
	"wearnb.dev/wearnb/internal/redact"
)

// Authorization is one consent attempt: the URL the person opens at the
// provider, the random state that the provider echoes back, and the PKCE
// verifier whose S256 hash (the challenge) is in the URL. Keep it until the
// code is exchanged; make a new one for every attempt.
//
// The verifier is a secret: printing an Authorization with any verb,
// encoding it as JSON or logging it with log/slog shows it as [redacted].
type Authorization struct {
	URL      string // the provider's authorize URL with all parameters
	State    string // 43 characters of base64url from 32 random bytes
	Verifier string // PKCE code verifier; empty when PKCE is off
}

// NewAuthorization builds the authorization URL for cfg (step 1 of the
// flow). It generates a fresh state and, unless cfg.NoPKCE is set, a fresh
// PKCE verifier, and adds cfg.AuthCodeOptions (e.g. access_type=offline).
// The redirect_uri parameter is cfg.OAuth2.RedirectURL, or
// [DefaultRedirectURL] when that is empty.
func NewAuthorization(cfg Config) (*Authorization, error) {
	c, err := cfg.normalized()
	if err != nil {
		return nil, err
	}
	return newAuthorization(&c), nil
}

func newAuthorization(c *Config) *Authorization {
	a := &Authorization{State: randomState()}
	opts := append([]oauth2.AuthCodeOption(nil), c.AuthCodeOptions...)
	if !c.NoPKCE {
		a.Verifier = oauth2.GenerateVerifier()
		opts = append(opts, oauth2.S256ChallengeOption(a.Verifier))
	}
	a.URL = c.OAuth2.AuthCodeURL(a.State, opts...)
	return a
}

// randomState returns 32 bytes from crypto/rand as unpadded base64url.
func randomState() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand, Go ≥ 1.24)
	return base64.RawURLEncoding.EncodeToString(b)
}

// String shows the URL and state; the verifier is redacted.
func (a Authorization) String() string {
	return fmt.Sprintf("consent.Authorization{URL: %s, State: %s, Verifier: %s}", a.URL, a.State, a.verifierShown())
}

func (a Authorization) verifierShown() string {
	if a.Verifier == "" {
		return "none"
	}
	return redact.Mark
}

// GoString is String, so %#v never shows the verifier.
func (a Authorization) GoString() string { return a.String() }

// Format prints String for every verb (%q quoted, %x in hex), so no verb
// shows the verifier. The methods have value receivers so that an
// Authorization printed by value hides it too.
func (a Authorization) Format(f fmt.State, verb rune) { redact.Format(f, verb, a.String()) }

// MarshalJSON encodes URL and State, and the verifier as "[redacted]" (or
// "none"): JSON ends up in logs. To keep an attempt across processes, store
// Verifier yourself, somewhere as private as a token file.
func (a Authorization) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		URL      string
		State    string
		Verifier string
	}{a.URL, a.State, a.verifierShown()})
}

// LogValue implements [slog.LogValuer]: the URL, the state and the
// redacted verifier.
func (a Authorization) LogValue() slog.Value {
	return slog.GroupValue(slog.String("url", a.URL), slog.String("state", a.State), slog.String("verifier", a.verifierShown()))
}

// Limits on what a callback or a paste may carry.
const (
	maxCodeLen  = 4096
	maxPasteLen = 16384
	maxDescLen  = 300
)

// ParseCallback checks the query of a redirect to the callback URL against
// the state this attempt sent, and returns the authorization code (step 3).
//
// The state is checked first, in constant time: a missing state gives
// [ErrMissingState], another state [ErrStateMismatch], whatever else the
// query says, so a forged or stale redirect can neither deliver a code nor
// end the wait with an error. With the right state, an "error" parameter
// gives a [*DeniedError]; otherwise the single "code" parameter is returned.
// A parameter given twice, or a code with characters RFC 6749 does not allow,
// gives [ErrMalformed]; no code at all gives [ErrMissingCode].
func ParseCallback(query url.Values, wantState string) (code string, err error) {
	states, ok := query["state"]
	if !ok {
		return "", ErrMissingState
	}
	if len(states) != 1 {
		return "", fmt.Errorf("%w: state given %d times", ErrMalformed, len(states))
	}
	if wantState == "" || subtle.ConstantTimeCompare([]byte(states[0]), []byte(wantState)) != 1 {
		return "", ErrStateMismatch
	}
	if errs, ok := query["error"]; ok {
		if len(errs) != 1 || !isErrorCode(errs[0]) {
			return "", fmt.Errorf("%w: unreadable error parameter", ErrMalformed)
		}
		return "", &DeniedError{
			Code:        errs[0],
			Description: cleanText(query.Get("error_description"), maxDescLen),
			URI:         cleanText(query.Get("error_uri"), maxDescLen),
		}
	}
	codes, ok := query["code"]
	if !ok || (len(codes) == 1 && codes[0] == "") {
		return "", ErrMissingCode
	}
	if len(codes) != 1 {
		return "", fmt.Errorf("%w: code given %d times", ErrMalformed, len(codes))
	}
	if err := checkCode(codes[0]); err != nil {
		return "", err
	}
	return codes[0], nil
}

// checkCode accepts 1 to maxCodeLen visible ASCII characters (RFC 6749
// appendix A.11 allows VSCHAR; a space would be a paste accident).
func checkCode(code string) error {
	if code == "" {
		return ErrMissingCode
	}
	if len(code) > maxCodeLen {
		return fmt.Errorf("%w: code longer than %d characters", ErrMalformed, maxCodeLen)
	}
	for i := 0; i < len(code); i++ {
		if code[i] <= 0x20 || code[i] > 0x7e {
			return fmt.Errorf("%w: character %d cannot be part of a code", ErrMalformed, i+1)
		}
	}
	return nil
}

// isErrorCode accepts RFC 6749's error syntax: 1*(%x20-21 / %x23-5B / %x5D-7E),
// at most 64 characters.
func isErrorCode(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

// ParsePasted understands what a person pastes back in paste mode (step 3
// on a remote kernel) and returns the authorization code:
//
//   - the whole redirected URL from the browser's address bar
//     (http://localhost:8976/callback?code=…&state=…), checked like
//     [ParseCallback], so a URL from another attempt is rejected;
//   - just its query (code=…&state=…), checked the same way;
//   - just the code. A bare code carries no state to check; PKCE still
//     protects the exchange, because only this attempt knows the verifier.
//
// Surrounding spaces, quotes and angle brackets are ignored.
func ParsePasted(input, wantState string) (code string, err error) {
	s := strings.TrimSpace(input)
	for len(s) >= 2 && (s[0] == '"' && s[len(s)-1] == '"' || s[0] == '\'' && s[len(s)-1] == '\'' || s[0] == '<' && s[len(s)-1] == '>') {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	if s == "" {
		return "", fmt.Errorf("%w: nothing was pasted", ErrMissingCode)
	}
	if len(s) > maxPasteLen {
		return "", fmt.Errorf("%w: pasted text is longer than %d characters", ErrMalformed, maxPasteLen)
	}
	raw, isQuery := pastedQuery(s)
	if !isQuery {
		if err := checkCode(s); err != nil {
			return "", fmt.Errorf("%w (the pasted text is neither the redirected URL nor a code)", err)
		}
		return s, nil
	}
	q, err := url.ParseQuery(raw)
	if err != nil {
		return "", fmt.Errorf("%w: the pasted URL has an unreadable query", ErrMalformed)
	}
	if !q.Has("code") && !q.Has("error") && !q.Has("state") {
		return "", fmt.Errorf("%w: the pasted URL has none; copy the address the browser shows after you choose Allow", ErrMissingCode)
	}
	code, err = ParseCallback(q, wantState)
	var denied *DeniedError
	switch {
	case errors.As(err, &denied):
		return "", err
	case errors.Is(err, ErrStateMismatch):
		return "", fmt.Errorf("%w: the pasted URL is from another attempt; paste the address from this cell's consent link", err)
	case err != nil:
		return "", fmt.Errorf("%w (in the pasted URL)", err)
	}
	return code, nil
}

// pastedQuery returns the query part of a pasted URL or query string, and
// whether s looks like one at all. Anything with "?", "#", "&" or "://", or
// starting like a callback parameter, is never taken for a bare code.
func pastedQuery(s string) (string, bool) {
	if !strings.ContainsAny(s, "?#&") && !strings.Contains(s, "://") &&
		!strings.HasPrefix(s, "code=") && !strings.HasPrefix(s, "state=") && !strings.HasPrefix(s, "error=") {
		return "", false
	}
	if i := strings.IndexByte(s, '#'); i >= 0 {
		s = s[:i]
	}
	if i := strings.IndexByte(s, '?'); i >= 0 {
		return s[i+1:], true
	}
	if strings.Contains(s, "://") {
		return "", true
	}
	return s, true
}
