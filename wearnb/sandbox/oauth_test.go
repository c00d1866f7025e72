package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// TestCodeFlowAllFlavours runs authorize (auto-approved), exchange and one
// data call through x/oauth2 for every flavour.
func TestCodeFlowAllFlavours(t *testing.T) {
	e := newEnv(t, Options{AutoApprove: true})
	cases := []struct {
		flavor, scope, path string
		lifetime            time.Duration
	}{
		{Fitbit, "sleep", "/1.2/user/-/sleep/date/2024-03-14.json", 8 * time.Hour},
		{Oura, "daily", "/v2/usercollection/sleep?start_date=2024-03-10&end_date=2024-03-14", 24 * time.Hour},
		{GoogleHealth, googleScopePrefix + "sleep.readonly", "/v4/users/me/dataTypes/sleep/dataPoints", time.Hour},
		{Jawbone, "sleep_read", "/nudge/api/v.1.1/users/@me/sleeps", 365 * 24 * time.Hour},
	}
	for _, c := range cases {
		t.Run(c.flavor, func(t *testing.T) {
			cfg := e.config(c.flavor, c.scope)
			verifier := oauth2.GenerateVerifier()
			q := e.authorize(cfg.AuthCodeURL("st-123", oauth2.S256ChallengeOption(verifier)))
			if q.Get("state") != "st-123" || q.Get("code") == "" {
				t.Fatalf("redirect query %v, want code and state st-123", q)
			}
			tok, err := cfg.Exchange(context.Background(), q.Get("code"), oauth2.VerifierOption(verifier))
			if err != nil {
				t.Fatalf("exchange: %v", err)
			}
			if got := tok.Extra("expires_in"); got != c.lifetime.Seconds() {
				t.Errorf("expires_in %v, want %v", got, c.lifetime.Seconds())
			}
			if tok.RefreshToken == "" {
				t.Error("no refresh token")
			}
			if c.flavor == Fitbit {
				if tok.Extra("user_id") != fitbitUserID || tok.Extra("scope") != "sleep" {
					t.Errorf("fitbit extras user_id=%v scope=%v", tok.Extra("user_id"), tok.Extra("scope"))
				}
			}
			resp, _ := e.get("/"+c.flavor+c.path, tok.AccessToken)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("data call: status %d", resp.StatusCode)
			}
		})
	}
}

func postForm(t *testing.T, u string, form url.Values, basicID, basicSecret string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, u, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if basicID != "" {
		req.SetBasicAuth(basicID, basicSecret)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("token endpoint body not JSON (%d): %s", resp.StatusCode, b)
	}
	return resp.StatusCode, m
}

// refresh posts a refresh grant with the flavour's client auth.
func (e *testEnv) refresh(flavor, rt string) (int, map[string]any) {
	form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}}
	if flavor == Fitbit {
		return postForm(e.t, e.srv.Endpoint(flavor).TokenURL, form, DemoClientID, DemoClientSecret)
	}
	form.Set("client_id", DemoClientID)
	form.Set("client_secret", DemoClientSecret)
	return postForm(e.t, e.srv.Endpoint(flavor).TokenURL, form, "", "")
}

// wantReuseShape checks the provider's own error document for a spent
// refresh token.
func wantReuseShape(t *testing.T, flavor string, status int, m map[string]any) {
	t.Helper()
	if status != http.StatusBadRequest {
		t.Errorf("status %d, want 400", status)
	}
	switch flavor {
	case Fitbit:
		errs, _ := m["errors"].([]any)
		if len(errs) != 1 || m["success"] != false {
			t.Fatalf("fitbit error shape: %v", m)
		}
		e0 := errs[0].(map[string]any)
		if e0["errorType"] != "invalid_grant" || !strings.HasPrefix(e0["message"].(string), "Refresh token invalid: ") {
			t.Errorf("fitbit error %v", e0)
		}
	case Oura:
		if m["status"] != 400.0 || m["title"] != "invalid_grant" || m["detail"] != "Token already used or revoked" {
			t.Errorf("oura error %v", m)
		}
	default:
		if m["error"] != "invalid_grant" || m["error_description"] == "" {
			t.Errorf("%s error %v", flavor, m)
		}
	}
}

func TestRefreshRotationAndReuse(t *testing.T) {
	for _, flavor := range Flavors {
		t.Run(flavor, func(t *testing.T) {
			e := newEnv(t, Options{})
			tok := e.issue(flavor)
			st, m := e.refresh(flavor, tok.RefreshToken)
			if st != 200 {
				t.Fatalf("first refresh: %d %v", st, m)
			}
			r2 := m["refresh_token"].(string)
			if r2 == tok.RefreshToken || m["access_token"] == tok.AccessToken {
				t.Fatal("refresh did not rotate the pair")
			}
			// Use the new pair, then replay the old refresh token.
			if resp, _ := e.get(dataPathFor(flavor), m["access_token"].(string)); resp.StatusCode == 401 {
				t.Fatalf("new access token rejected")
			}
			st, m2 := e.refresh(flavor, tok.RefreshToken)
			wantReuseShape(t, flavor, st, m2)
			// The rotated token still works once.
			if st, m3 := e.refresh(flavor, r2); st != 200 {
				t.Fatalf("rotated refresh: %d %v", st, m3)
			}
		})
	}
}

func dataPathFor(flavor string) string {
	switch flavor {
	case Fitbit:
		return "/fitbit/1.2/user/-/sleep/date/2024-03-14.json"
	case Oura:
		return "/oura/v2/usercollection/personal_info"
	case GoogleHealth:
		return "/googlehealth/v4/users/me/dataTypes/steps/dataPoints"
	default:
		return "/jawbone/nudge/api/v.1.1/users/@me/moves"
	}
}

// TestFitbitIdenticalRetry: retrying a refresh with the old token returns
// the same new pair until that pair is used.
func TestFitbitIdenticalRetry(t *testing.T) {
	for _, use := range []string{"access", "refresh"} {
		t.Run("until "+use+" used", func(t *testing.T) {
			e := newEnv(t, Options{})
			tok, _ := e.srv.IssueToken(Fitbit, DemoClientID, []string{"sleep"})
			_, a := e.refresh(Fitbit, tok.RefreshToken)
			st, b := e.refresh(Fitbit, tok.RefreshToken)
			if st != 200 || a["access_token"] != b["access_token"] || a["refresh_token"] != b["refresh_token"] {
				t.Fatalf("identical retry: %d, got a different pair or an error: %v vs %v", st, a, b)
			}
			if use == "access" {
				if resp, _ := e.get(dataPathFor(Fitbit), a["access_token"].(string)); resp.StatusCode != 200 {
					t.Fatalf("new access token: %d", resp.StatusCode)
				}
			} else if st, _ := e.refresh(Fitbit, a["refresh_token"].(string)); st != 200 {
				t.Fatalf("new refresh token: %d", st)
			}
			st, c := e.refresh(Fitbit, tok.RefreshToken)
			wantReuseShape(t, Fitbit, st, c)
		})
	}
	t.Run("others do not", func(t *testing.T) {
		e := newEnv(t, Options{})
		tok, _ := e.srv.IssueToken(Oura, DemoClientID, []string{"daily"})
		e.refresh(Oura, tok.RefreshToken)
		st, m := e.refresh(Oura, tok.RefreshToken)
		wantReuseShape(t, Oura, st, m)
	})
}

func TestCodeRules(t *testing.T) {
	e := newEnv(t, Options{AutoApprove: true})
	ctx := context.Background()
	cfg := e.config(Fitbit, "sleep", "activity")
	newCode := func(opts ...oauth2.AuthCodeOption) string {
		return e.authorize(cfg.AuthCodeURL("s", opts...)).Get("code")
	}
	var re *oauth2.RetrieveError
	t.Run("expires after 10 minutes", func(t *testing.T) {
		code := newCode()
		e.clock.Advance(10*time.Minute + time.Second)
		defer e.clock.Set(testNow)
		_, err := cfg.Exchange(ctx, code)
		if !errors.As(err, &re) || re.Response.StatusCode != 400 || !strings.Contains(string(re.Body), "expired") {
			t.Fatalf("expired code: %v", err)
		}
	})
	t.Run("valid just before 10 minutes", func(t *testing.T) {
		code := newCode()
		e.clock.Advance(9*time.Minute + 59*time.Second)
		defer e.clock.Set(testNow)
		if _, err := cfg.Exchange(ctx, code); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("single use, and reuse revokes", func(t *testing.T) {
		code := newCode()
		tok, err := cfg.Exchange(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := cfg.Exchange(ctx, code); !errors.As(err, &re) || !strings.Contains(string(re.Body), "invalid_grant") {
			t.Fatalf("second exchange: %v", err)
		}
		if resp, _ := e.get(dataPathFor(Fitbit), tok.AccessToken); resp.StatusCode != 401 {
			t.Fatalf("token from a replayed code still works: %d", resp.StatusCode)
		}
	})
	t.Run("redirect mismatch at token endpoint", func(t *testing.T) {
		code := newCode()
		c2 := *cfg
		c2.RedirectURL = DemoRedirectURIs[1]
		if _, err := c2.Exchange(ctx, code); !errors.As(err, &re) || re.Response.StatusCode != 400 {
			t.Fatalf("mismatched redirect_uri: %v", err)
		}
	})
	t.Run("PKCE mismatch", func(t *testing.T) {
		v := oauth2.GenerateVerifier()
		code := newCode(oauth2.S256ChallengeOption(v))
		_, err := cfg.Exchange(ctx, code, oauth2.VerifierOption(oauth2.GenerateVerifier()))
		if !errors.As(err, &re) || !strings.Contains(string(re.Body), "code_verifier") {
			t.Fatalf("wrong verifier: %v", err)
		}
		code = newCode(oauth2.S256ChallengeOption(v))
		if _, err := cfg.Exchange(ctx, code); !errors.As(err, &re) {
			t.Fatalf("missing verifier accepted: %v", err)
		}
		code = newCode(oauth2.S256ChallengeOption(v))
		if _, err := cfg.Exchange(ctx, code, oauth2.VerifierOption(v)); err != nil {
			t.Fatalf("right verifier: %v", err)
		}
	})
	t.Run("Fitbit wants the Basic header", func(t *testing.T) {
		c2 := *cfg
		c2.Endpoint.AuthStyle = oauth2.AuthStyleInParams
		_, err := c2.Exchange(ctx, newCode())
		if !errors.As(err, &re) || re.Response.StatusCode != 401 || !strings.Contains(string(re.Body), "invalid_client") {
			t.Fatalf("secret in body: %v", err)
		}
	})
	t.Run("Oura wants the body", func(t *testing.T) {
		oc := e.config(Oura, "daily")
		code := e.authorize(oc.AuthCodeURL("s")).Get("code")
		oc.Endpoint.AuthStyle = oauth2.AuthStyleInHeader
		if _, err := oc.Exchange(ctx, code); !errors.As(err, &re) || re.Response.StatusCode != 401 {
			t.Fatalf("basic header at oura: %v", err)
		}
	})
}

func TestAuthorizeErrors(t *testing.T) {
	e := newEnv(t, Options{AutoApprove: true})
	base := e.srv.Endpoint(Fitbit).AuthURL
	get := func(q url.Values) *http.Response {
		resp, err := noRedirect().Get(base + "?" + q.Encode())
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	good := url.Values{"client_id": {DemoClientID}, "response_type": {"code"}, "scope": {"sleep"}, "redirect_uri": {DemoRedirectURIs[0]}, "state": {"x"}}
	with := func(k, v string) url.Values {
		q := url.Values{}
		for kk, vv := range good {
			q[kk] = vv
		}
		q.Set(k, v)
		return q
	}
	// A client registered like a Fitbit app: its redirect URIs compare
	// exactly, port included.
	if err := e.srv.RegisterClient(Fitbit, Client{ID: "exact", Secret: "s3cret", RedirectURIs: DemoRedirectURIs}); err != nil {
		t.Fatal(err)
	}
	exact := func(k, v string) url.Values {
		q := with(k, v)
		q.Set("client_id", "exact")
		return q
	}
	for name, q := range map[string]url.Values{
		"unknown client":          with("client_id", "nope"),
		"redirect mismatch":       with("redirect_uri", DemoRedirectURIs[0]+"/"),
		"redirect other port":     exact("redirect_uri", "http://localhost:8977/callback"),
		"demo: other path":        with("redirect_uri", "http://localhost:8977/other"),
		"demo: other host":        with("redirect_uri", "http://127.0.0.2:8977/callback"),
		"demo: not loopback":      with("redirect_uri", "http://example.com:8976/callback"),
		"demo: https":             with("redirect_uri", "https://localhost:8977/callback"),
		"demo: with a user":       with("redirect_uri", "http://u@localhost:8977/callback"),
		"demo: with a query":      with("redirect_uri", "http://localhost:8977/callback?x=1"),
		"demo: port is not a num": with("redirect_uri", "http://localhost:x/callback"),
	} {
		if resp := get(q); resp.StatusCode != 400 || resp.Header.Get("Location") != "" {
			t.Errorf("%s: status %d location %q, want an error page", name, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	// The demo client takes its loopback redirect URIs with any port (RFC
	// 8252 §7.3), so every notebook's callback server can take a free one.
	for _, ru := range []string{"http://localhost:8977/callback", "http://127.0.0.1:41234/callback", "http://127.0.0.1/callback"} {
		resp := get(with("redirect_uri", ru))
		loc, _ := url.Parse(resp.Header.Get("Location"))
		if resp.StatusCode != 302 || loc == nil || loc.Query().Get("code") == "" || "http://"+loc.Host+loc.Path != ru {
			t.Errorf("demo client, %s: status %d location %v, want a code sent there", ru, resp.StatusCode, loc)
		}
	}
	if resp := get(exact("redirect_uri", DemoRedirectURIs[1])); resp.StatusCode != 302 {
		t.Errorf("exact client, registered URI: status %d", resp.StatusCode)
	}
	resp := get(with("scope", "sleep bogus"))
	loc, _ := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != 302 || loc.Query().Get("error") != "invalid_scope" || loc.Query().Get("state") != "x" {
		t.Errorf("bad scope: %d %v", resp.StatusCode, loc)
	}
	if !strings.HasSuffix(resp.Header.Get("Location"), "#_=_") {
		t.Errorf("fitbit redirect lacks #_=_: %s", resp.Header.Get("Location"))
	}
}

func TestExpiredAndRevoked(t *testing.T) {
	e := newEnv(t, Options{TokenLifetimes: map[string]time.Duration{Fitbit: time.Hour}})
	tok := e.token(Fitbit)
	e.clock.Advance(time.Hour)
	resp, v := e.get(dataPathFor(Fitbit), tok)
	if resp.StatusCode != 401 || !strings.Contains(jsonString(v), `"errorType":"expired_token"`) {
		t.Fatalf("expired: %d %v", resp.StatusCode, v)
	}
	e.clock.Set(testNow)
	tok = e.token(Oura)
	resp, _ = e.get("/oura/oauth/revoke?access_token="+tok, "")
	if resp.StatusCode != 200 {
		t.Fatalf("oura revoke: %d", resp.StatusCode)
	}
	if resp, _ := e.get(dataPathFor(Oura), tok); resp.StatusCode != 401 {
		t.Fatalf("revoked oura token: %d", resp.StatusCode)
	}
	// Scope: a sleep-only Fitbit token cannot read activity.
	st, _ := e.srv.IssueToken(Fitbit, DemoClientID, []string{"sleep"})
	if resp, _ := e.get("/fitbit/1/user/-/activities/steps/date/2024-03-01/2024-03-10.json", st.AccessToken); resp.StatusCode != 403 {
		t.Fatalf("missing scope: %d", resp.StatusCode)
	}
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestPublicClient: a Fitbit "Client" app sends client_id in the body, no
// secret, and proves possession with PKCE.
func TestPublicClient(t *testing.T) {
	e := newEnv(t, Options{AutoApprove: true})
	if err := e.srv.RegisterClient(Fitbit, Client{ID: "pub", Public: true, RedirectURIs: []string{"http://127.0.0.1:9000/cb"}}); err != nil {
		t.Fatal(err)
	}
	if err := e.srv.RegisterClient(Fitbit, Client{ID: "conf", RedirectURIs: []string{"http://127.0.0.1:9000/cb"}}); err == nil {
		t.Error("a confidential client without a secret was accepted")
	}
	cfg := &oauth2.Config{ClientID: "pub", Endpoint: e.srv.Endpoint(Fitbit), RedirectURL: "http://127.0.0.1:9000/cb", Scopes: []string{"sleep"}}
	cfg.Endpoint.AuthStyle = oauth2.AuthStyleInParams
	v := oauth2.GenerateVerifier()
	q := e.authorize(cfg.AuthCodeURL("s", oauth2.S256ChallengeOption(v)))
	tok, err := cfg.Exchange(context.Background(), q.Get("code"), oauth2.VerifierOption(v))
	if err != nil {
		t.Fatalf("public exchange: %v", err)
	}
	if resp, _ := e.get(dataPathFor(Fitbit), tok.AccessToken); resp.StatusCode != 200 {
		t.Fatalf("public client's token: %d", resp.StatusCode)
	}
}
