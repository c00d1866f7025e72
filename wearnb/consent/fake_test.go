package consent_test

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// fakeAuth is a small authorization server for tests: an authorize endpoint
// (auto-approving, auto-denying, or a consent page with #allow and #deny
// buttons), a token endpoint with single-use codes, PKCE S256 checks and
// rotating refresh tokens, a revocation endpoint and one API path. It
// records every secret it hands out so tests can search output for them.
type fakeAuth struct {
	srv      *httptest.Server
	clientID string
	secret   string
	redirect string
	decision string // "allow", "deny" or "" (show the consent page)

	mu        sync.Mutex
	codes     map[string]fakeCode
	used      map[string]bool
	access    map[string]bool
	refresh   map[string]bool
	revoked   map[string]bool
	secrets   []string // every code, token and verifier seen or issued
	exchanges int
}

type fakeCode struct {
	challenge, redirect, scope string
}

const fakeUserID = "7QFAKE"

func newFakeAuth(t testing.TB, redirect, decision string) *fakeAuth {
	t.Helper()
	f := &fakeAuth{
		clientID: "fake-client",
		secret:   "fake-client-secret-" + randHex(8),
		redirect: redirect,
		decision: decision,
		codes:    map[string]fakeCode{},
		used:     map[string]bool{},
		access:   map[string]bool{},
		refresh:  map[string]bool{},
		revoked:  map[string]bool{},
	}
	f.secrets = append(f.secrets, f.secret)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /authorize", f.authorize)
	mux.HandleFunc("POST /decide", f.decide)
	mux.HandleFunc("POST /token", f.token)
	mux.HandleFunc("POST /revoke", f.revoke)
	mux.HandleFunc("GET /api/profile", f.profile)
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	allFakesMu.Lock()
	allFakes = append(allFakes, f)
	allFakesMu.Unlock()
	return f
}

// allFakes lets TestMain check everything shown during the whole run for
// every secret any fake handed out.
var (
	allFakesMu sync.Mutex
	allFakes   []*fakeAuth
)

func randHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return fmt.Sprintf("%x", b)
}

func (f *fakeAuth) endpoint() oauth2.Endpoint {
	return oauth2.Endpoint{
		AuthURL:   f.srv.URL + "/authorize",
		TokenURL:  f.srv.URL + "/token",
		AuthStyle: oauth2.AuthStyleInHeader,
	}
}

func (f *fakeAuth) oauth2Config() oauth2.Config {
	return oauth2.Config{
		ClientID:     f.clientID,
		ClientSecret: f.secret,
		Endpoint:     f.endpoint(),
		RedirectURL:  f.redirect,
		Scopes:       []string{"sleep", "activity"},
	}
}

func (f *fakeAuth) allSecrets() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.secrets...)
}

func (f *fakeAuth) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	switch {
	case q.Get("client_id") != f.clientID:
		http.Error(w, "unknown client", http.StatusBadRequest)
		return
	case q.Get("redirect_uri") != f.redirect:
		http.Error(w, "redirect_uri does not match the registered one", http.StatusBadRequest)
		return
	case q.Get("response_type") != "code":
		http.Error(w, "response_type must be code", http.StatusBadRequest)
		return
	}
	if q.Get("code_challenge") != "" && q.Get("code_challenge_method") != "S256" {
		http.Error(w, "only S256", http.StatusBadRequest)
		return
	}
	switch f.decision {
	case "allow", "deny":
		f.finish(w, r, f.decision, q)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, `<!doctype html><html><body><h1>Fake provider</h1><form method="post" action="/decide">`)
	for _, k := range []string{"redirect_uri", "state", "code_challenge", "scope"} {
		fmt.Fprintf(w, `<input type="hidden" name="%s" value="%s">`, k, html.EscapeString(q.Get(k)))
	}
	fmt.Fprintf(w, `<button id="allow" name="decision" value="allow">Allow</button>`+
		`<button id="deny" name="decision" value="deny">Deny</button></form></body></html>`)
}

func (f *fakeAuth) decide(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	if r.PostForm.Get("redirect_uri") != f.redirect {
		http.Error(w, "bad redirect", http.StatusBadRequest)
		return
	}
	f.finish(w, r, r.PostForm.Get("decision"), r.PostForm)
}

func (f *fakeAuth) finish(w http.ResponseWriter, r *http.Request, decision string, q url.Values) {
	back := url.Values{"state": {q.Get("state")}}
	if decision != "allow" {
		back.Set("error", "access_denied")
		back.Set("error_description", "The user denied the request")
	} else {
		code := "code-" + randHex(16)
		f.mu.Lock()
		f.codes[code] = fakeCode{challenge: q.Get("code_challenge"), redirect: q.Get("redirect_uri"), scope: q.Get("scope")}
		f.secrets = append(f.secrets, code)
		f.mu.Unlock()
		back.Set("code", code)
	}
	http.Redirect(w, r, f.redirect+"?"+back.Encode(), http.StatusFound)
}

func tokenError(w http.ResponseWriter, status int, code, desc string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"error": code, "error_description": desc})
}

func (f *fakeAuth) token(w http.ResponseWriter, r *http.Request) {
	id, secret, ok := r.BasicAuth()
	if !ok || id != f.clientID || secret != f.secret {
		tokenError(w, http.StatusUnauthorized, "invalid_client", "bad client credentials")
		return
	}
	r.ParseForm()
	form := r.PostForm
	f.mu.Lock()
	defer f.mu.Unlock()
	f.exchanges++
	f.secrets = append(f.secrets, form.Get("code_verifier"))
	var scope string
	switch form.Get("grant_type") {
	case "authorization_code":
		code := form.Get("code")
		c, known := f.codes[code]
		if !known || f.used[code] {
			// Echo the code back, as a careless server might, to prove that
			// the flow scrubs it from errors.
			tokenError(w, http.StatusBadRequest, "invalid_grant", "code "+code+" is unknown or already used")
			return
		}
		f.used[code] = true
		if form.Get("redirect_uri") != c.redirect {
			tokenError(w, http.StatusBadRequest, "invalid_grant", "redirect_uri mismatch")
			return
		}
		if c.challenge != "" {
			sum := sha256.Sum256([]byte(form.Get("code_verifier")))
			if base64.RawURLEncoding.EncodeToString(sum[:]) != c.challenge {
				tokenError(w, http.StatusBadRequest, "invalid_grant", "PKCE verification failed")
				return
			}
		}
		scope = c.scope
	case "refresh_token":
		rt := form.Get("refresh_token")
		if !f.refresh[rt] || f.revoked[rt] {
			tokenError(w, http.StatusBadRequest, "invalid_grant", "refresh token invalid")
			return
		}
		delete(f.refresh, rt) // single use
		scope = "sleep activity"
	default:
		tokenError(w, http.StatusBadRequest, "unsupported_grant_type", "")
		return
	}
	at, rt := "at-"+randHex(20), "rt-"+randHex(20)
	f.access[at], f.refresh[rt] = true, true
	f.secrets = append(f.secrets, at, rt)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	json.NewEncoder(w).Encode(map[string]any{
		"access_token": at, "refresh_token": rt, "token_type": "Bearer",
		"expires_in": int((8 * time.Hour).Seconds()), "scope": scope, "user_id": fakeUserID,
	})
}

func (f *fakeAuth) revoke(w http.ResponseWriter, r *http.Request) {
	id, secret, ok := r.BasicAuth()
	if !ok || id != f.clientID || secret != f.secret {
		tokenError(w, http.StatusUnauthorized, "invalid_client", "bad client credentials")
		return
	}
	r.ParseForm()
	f.mu.Lock()
	f.revoked[r.PostForm.Get("token")] = true
	f.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}

func (f *fakeAuth) profile(w http.ResponseWriter, r *http.Request) {
	at, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	f.mu.Lock()
	good := ok && f.access[at] && !f.revoked[at]
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if !good {
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"errors":[{"errorType":"invalid_token","message":"Access token invalid"}],"success":false}`)
		return
	}
	fmt.Fprintf(w, `{"user":{"encodedId":%q,"displayName":"Fake Sleeper"}}`, fakeUserID)
}
