package tokenstore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// fakeProvider is a token endpoint and a one-call API with Fitbit's refresh
// rules: refresh tokens are single-use and rotate; an identical retry with
// an already used refresh token returns the same pair until that pair is
// used (its access token at the API, or its refresh token in a grant); any
// other reuse is 400 invalid_grant with Fitbit's error body, which quotes the
// refresh token like Fitbit's does.
type fakeProvider struct {
	srv          *httptest.Server
	clientID     string
	clientSecret string
	suffix       string // random, so token strings are unique per test

	mu        sync.Mutex
	current   string           // the one refresh token that is valid now
	issued    map[string]*pair // refresh token presented -> pair it produced
	byAccess  map[string]*pair
	byRefresh map[string]*pair
	pairs     int      // pairs issued
	grants    int      // refresh grant requests that reached the handler
	presented []string // refresh tokens presented, in order
	apiCalls  int      // successful API calls

	// Knobs, set before use.
	expiresIn   int          // seconds; default 28800
	dropNext    int          // process the next N grants, then drop the connection
	fail503Next int          // answer the next N grants 503 without processing them
	rfcErrors   bool         // invalid_grant as {"error":"invalid_grant"} instead of Fitbit's shape
	singleUse   bool         // Oura's rules: no identical retry, and invalid_grant as Oura's problem details
	omitRefresh bool         // answer without refresh_token and scope, and don't rotate
	onGrant     func(string) // called with the presented refresh token before answering
	onAPI       func(access string)
}

type pair struct {
	access, refresh string
	used            bool
}

func randHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func newFakeProvider(t testing.TB) *fakeProvider {
	p := &fakeProvider{
		clientID:     "client-23ABCD",
		clientSecret: "cs-" + randHex(12),
		suffix:       randHex(8),
		issued:       map[string]*pair{},
		byAccess:     map[string]*pair{},
		byRefresh:    map[string]*pair{},
		expiresIn:    28800,
	}
	p.current = "rt0-" + p.suffix
	mux := http.NewServeMux()
	mux.HandleFunc("POST /oauth2/token", p.token)
	mux.HandleFunc("GET /api/profile", p.api)
	p.srv = httptest.NewServer(mux)
	t.Cleanup(p.srv.Close)
	return p
}

// initialToken is the expired token the tests start from: its refresh token
// is the one the server accepts.
func (p *fakeProvider) initialToken() *oauth2.Token {
	return (&oauth2.Token{
		AccessToken:  "at0-" + p.suffix,
		RefreshToken: "rt0-" + p.suffix,
		TokenType:    "Bearer",
		Expiry:       time.Now().Add(-time.Hour).UTC(),
	}).WithExtra(map[string]any{"scope": "sleep activity", "user_id": "USER1"})
}

func (p *fakeProvider) config() *oauth2.Config {
	return &oauth2.Config{
		ClientID:     p.clientID,
		ClientSecret: p.clientSecret,
		Endpoint: oauth2.Endpoint{
			TokenURL:  p.srv.URL + "/oauth2/token",
			AuthStyle: oauth2.AuthStyleInHeader,
		},
	}
}

func (p *fakeProvider) ctx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return context.WithValue(ctx, oauth2.HTTPClient, p.srv.Client())
}

func (p *fakeProvider) secrets() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := []string{p.clientSecret, "rt0-" + p.suffix, "at0-" + p.suffix}
	for _, pr := range p.byAccess {
		s = append(s, pr.access, pr.refresh)
	}
	return s
}

func (p *fakeProvider) stats() (grants, pairs, api int, presented []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.grants, p.pairs, p.apiCalls, append([]string(nil), p.presented...)
}

func (p *fakeProvider) token(w http.ResponseWriter, r *http.Request) {
	rt := r.PostFormValue("refresh_token")
	p.mu.Lock()
	p.grants++
	p.presented = append(p.presented, rt)
	p.mu.Unlock()

	id, secret, ok := r.BasicAuth()
	if !ok || id != p.clientID || secret != p.clientSecret {
		writeJSON(w, 401, map[string]any{"errors": []any{map[string]string{"errorType": "invalid_client", "message": "Invalid authorization header."}}, "success": false})
		return
	}
	if r.PostFormValue("grant_type") != "refresh_token" {
		writeJSON(w, 400, map[string]any{"error": "unsupported_grant_type"})
		return
	}

	p.mu.Lock()
	if p.onGrant != nil {
		p.onGrant(rt)
	}
	if p.fail503Next > 0 {
		p.fail503Next--
		p.mu.Unlock()
		http.Error(w, "upstream unavailable", http.StatusServiceUnavailable)
		return
	}
	if pr := p.byRefresh[rt]; pr != nil {
		pr.used = true // presenting the new refresh token uses the pair
	}
	var out *pair
	switch {
	case p.omitRefresh && rt == p.current:
		p.pairs++
		out = &pair{access: fmt.Sprintf("at%d-%s", p.pairs, p.suffix), refresh: rt}
		p.byAccess[out.access] = out
	case rt == p.current:
		p.pairs++
		out = &pair{access: fmt.Sprintf("at%d-%s", p.pairs, p.suffix), refresh: fmt.Sprintf("rt%d-%s", p.pairs, p.suffix)}
		p.issued[rt] = out
		p.byAccess[out.access] = out
		p.byRefresh[out.refresh] = out
		p.current = out.refresh
	case p.issued[rt] != nil && !p.issued[rt].used && !p.singleUse:
		out = p.issued[rt] // identical retry: same pair
	}
	drop := false
	if out != nil && p.dropNext > 0 {
		p.dropNext--
		drop = true
	}
	omit := p.omitRefresh
	expiresIn := p.expiresIn
	rfc := p.rfcErrors
	single := p.singleUse
	p.mu.Unlock()

	if out == nil && single {
		writeJSON(w, 400, map[string]any{"status": 400, "title": "invalid_grant", "detail": "Token already used or revoked"})
		return
	}
	if out == nil {
		if rfc {
			writeJSON(w, 400, map[string]any{"error": "invalid_grant", "error_description": "Refresh token invalid: " + rt})
			return
		}
		writeJSON(w, 400, map[string]any{
			"errors":  []any{map[string]string{"errorType": "invalid_grant", "message": "Refresh token invalid: " + rt + ". Visit https://dev.fitbit.com/docs/oauth2 for more information on the Fitbit Web API authorization process."}},
			"success": false,
		})
		return
	}
	if drop {
		// The grant is processed, but the answer never arrives.
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
		return
	}
	body := map[string]any{
		"access_token": out.access,
		"expires_in":   expiresIn,
		"token_type":   "Bearer",
		"user_id":      "USER1",
	}
	if !omit {
		body["refresh_token"] = out.refresh
		body["scope"] = "sleep activity"
	}
	writeJSON(w, 200, body)
}

func (p *fakeProvider) api(w http.ResponseWriter, r *http.Request) {
	access, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if p.onAPI != nil {
		p.onAPI(access)
	}
	p.mu.Lock()
	pr := p.byAccess[access]
	if ok && pr != nil {
		pr.used = true
		p.apiCalls++
	}
	p.mu.Unlock()
	if !ok || pr == nil {
		writeJSON(w, 401, map[string]any{"errors": []any{map[string]string{"errorType": "invalid_token", "message": "Access token invalid"}}, "success": false})
		return
	}
	writeJSON(w, 200, map[string]any{"user": map[string]string{"encodedId": "USER1"}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
