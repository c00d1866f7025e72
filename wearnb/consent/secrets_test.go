package consent_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"
	"wearnb.dev/wearnb/consent"
)

// TestNoSecretsInOutput drives every path of the flow that shows something
// (status lines, links, warnings, trace logs, browser pages, errors, printed
// values) with tracing on, and then searches all of it for every code,
// access token, refresh token, verifier and client secret involved.
func TestNoSecretsInOutput(t *testing.T) {
	var out syncBuffer
	var log logBuffer
	var (
		mu      sync.Mutex
		texts   []string // errors, printed values, browser pages
		secrets []string
		browser sync.WaitGroup
	)
	add := func(s ...string) {
		mu.Lock()
		texts = append(texts, s...)
		mu.Unlock()
	}
	record := func(v any) {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
			add(fmt.Sprintf(verb, v))
		}
	}
	ctx := testCtx(t)
	var fakes []*fakeAuth
	newCfg := func(decision string) (consent.Config, *fakeAuth) {
		f := newFakeAuth(t, redirectFor(freePort(t)), decision)
		cfg := testConfig(t, f)
		cfg.Display = consent.Terminal(&out)
		cfg.Logf = log.Logf
		fakes = append(fakes, f)
		return cfg, f
	}
	pages := func(cfg *consent.Config) {
		cfg.Ready = func(link string) {
			browser.Add(1)
			go func() {
				defer browser.Done()
				_, page := browse(t, link)
				add(page)
			}()
		}
	}

	// 1. A full run, then every teaching step on its token.
	cfg, f := newCfg("allow")
	pages(&cfg)
	var saved *oauth2.Token
	cfg.Save = consent.SaveFunc(func(tok *oauth2.Token) error { saved = tok; return nil })
	tok, err := consent.Run(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	secrets = append(secrets, saved.AccessToken, saved.RefreshToken)
	record(cfg)
	record(&cfg)
	record(consent.Inspect(tok))
	add(consent.Inspect(tok).String(), consent.Connected("Fake", tok, nil, "/x"))
	resp, err := consent.Get(ctx, cfg, tok, f.srv.URL+"/api/profile")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("Get: %v %v", resp, err)
	}
	record(resp)
	fresh, err := consent.Refresh(ctx, cfg, tok)
	if err != nil {
		t.Fatal(err)
	}
	record(consent.Inspect(fresh))
	_, err = consent.Refresh(ctx, cfg, tok) // the old refresh token is spent
	if err == nil {
		t.Error("reusing a refresh token worked")
	}
	record(err)
	err = consent.Revoke(ctx, cfg, consent.Revocation{URL: f.srv.URL + "/revoke", TokenTypeHint: "refresh_token"}, fresh.RefreshToken)
	if err != nil {
		t.Fatal(err)
	}
	bad := cfg
	bad.OAuth2.ClientSecret = "wrong-secret-value"
	secrets = append(secrets, bad.OAuth2.ClientSecret)
	record(consent.Revoke(ctx, bad, consent.Revocation{URL: f.srv.URL + "/revoke"}, fresh.AccessToken))
	resp, err = consent.Get(ctx, cfg, &oauth2.Token{AccessToken: "at-never-issued-0123456789"}, f.srv.URL+"/api/profile")
	secrets = append(secrets, "at-never-issued-0123456789")
	record(resp)
	record(err)

	// 2. The step functions by hand, with a replayed code and a stray
	// request carrying a code.
	cfg, _ = newCfg("allow")
	a, err := consent.NewAuthorization(cfg)
	if err != nil {
		t.Fatal(err)
	}
	record(a)
	s, err := consent.Listen(cfg, a)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(cfg.OAuth2.RedirectURL)
	strayCode := "stray-code-0123456789"
	secrets = append(secrets, strayCode)
	_, page := get(t, "http://"+u.Host+"/callback?code="+strayCode+"&state=wrong")
	add(page)
	_, page = browse(t, s.Link())
	add(page)
	code, err := s.Wait(ctx)
	if err != nil {
		t.Fatal(err)
	}
	record(s) // holds the code now
	_, page = get(t, "http://"+u.Host+"/callback?code="+url.QueryEscape(code)+"&state="+url.QueryEscape(a.State))
	add(page)
	s.Close()
	if _, err := consent.Exchange(ctx, cfg, a, code); err != nil {
		t.Fatal(err)
	}
	_, err = consent.Exchange(ctx, cfg, a, code) // the fake echoes the code back
	record(err)

	// 3. Deny, timeout, port in use, cancel, paste failures, bad save.
	cfg, _ = newCfg("deny")
	pages(&cfg)
	_, err = consent.Run(ctx, cfg)
	record(err)

	cfg, _ = newCfg("allow")
	cfg.Timeout = time.Millisecond
	_, err = consent.Run(ctx, cfg)
	record(err)

	cfg, _ = newCfg("allow")
	u, _ = url.Parse(cfg.OAuth2.RedirectURL)
	ln, lerr := net.Listen("tcp", "127.0.0.1:"+u.Port())
	if lerr != nil {
		t.Fatal(lerr)
	}
	_, err = consent.Run(ctx, cfg)
	ln.Close()
	record(err)

	cfg, _ = newCfg("allow")
	cctx, cancel := context.WithCancel(ctx)
	cfg.Ready = func(string) { cancel() }
	_, err = consent.Run(cctx, cfg)
	record(err)

	cfg, _ = newCfg("allow")
	cfg.Mode = consent.Paste
	pastePerson(t, &cfg, func(loc string) []string {
		wrong := strings.Replace(loc, "state=", "state=x", 1)
		return []string{wrong, "code with spaces", wrong}
	})
	_, err = consent.Run(ctx, cfg)
	record(err)

	cfg, _ = newCfg("allow")
	cfg.Mode = consent.Paste
	cfg.Timeout = time.Millisecond
	cfg.Input = func(ctx context.Context, _ string, _ bool) (string, error) {
		<-ctx.Done()
		return "", consent.ErrNoInput
	}
	_, err = consent.Run(ctx, cfg)
	record(err)

	cfg, _ = newCfg("allow")
	pages(&cfg)
	cfg.Save = consent.SaveFunc(func(tok *oauth2.Token) error {
		secrets = append(secrets, tok.AccessToken, tok.RefreshToken)
		return fmt.Errorf("cannot write %s / %s", tok.AccessToken, tok.RefreshToken)
	})
	_, err = consent.Run(ctx, cfg)
	record(err)

	// Parse errors of the pure functions.
	for _, q := range []string{"code=secret-code-1&state=x", "code=secret-code-1", "error=access_denied&state=S&error_description=code+secret-code-1"} {
		v, _ := url.ParseQuery(q)
		_, err := consent.ParseCallback(v, "S")
		record(err)
		_, err = consent.ParsePasted("http://localhost/cb?"+q, "S")
		record(err)
	}

	browser.Wait()
	all := out.String() + "\n" + log.String() + "\n" + strings.Join(texts, "\n")
	if !strings.Contains(all, "✅ Connected to Fake") || !strings.Contains(log.String(), "→ POST") || !strings.Contains(all, "[redacted]") {
		t.Fatalf("the capture missed the run:\n%s", all)
	}
	for _, f := range fakes {
		secrets = append(secrets, f.allSecrets()...)
	}
	checkNoSecrets(t, all, secrets)
	if t.Failed() || os.Getenv("CONSENT_SHOW") != "" {
		t.Logf("captured:\n%s", all)
	}
}

// checkNoSecrets fails for every secret found in text.
func checkNoSecrets(t *testing.T, text string, secrets []string) {
	t.Helper()
	seen := map[string]bool{}
	for _, s := range secrets {
		if len(s) < 8 || seen[s] {
			continue
		}
		seen[s] = true
		if strings.Contains(text, s) {
			i := strings.Index(text, s)
			t.Errorf("secret %q… found in output near %q", s[:6], text[max(0, i-80):i])
		}
	}
	if len(seen) < 10 {
		t.Errorf("only %d distinct secrets checked; the scenario is broken", len(seen))
	}
}

func TestConfigPrintsNoSecret(t *testing.T) {
	cfg := consent.Config{OAuth2: oauth2.Config{ClientID: "id-123", ClientSecret: "very-secret-value"}}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%d", "%x", "%T%v"} {
		for _, v := range []any{cfg, &cfg, []consent.Config{cfg}, map[string]consent.Config{"a": cfg}, struct{ C consent.Config }{cfg}} {
			got := fmt.Sprintf(verb, v)
			if strings.Contains(got, "very-secret-value") || strings.Contains(got, fmt.Sprintf("%x", "very-secret-value")) {
				t.Errorf("%s of %T shows the secret: %s", verb, v, got)
			}
		}
	}
	if got := cfg.String(); !strings.Contains(got, `ClientID: "id-123"`) || !strings.Contains(got, "ClientSecret: [redacted]") {
		t.Errorf("String = %s", got)
	}
	a := &consent.Authorization{URL: "u", State: "s", Verifier: "the-verifier-value"}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
		if got := fmt.Sprintf(verb, a); strings.Contains(got, "the-verifier-value") || !strings.Contains(got, "[redacted]") {
			t.Errorf("%s of Authorization = %s", verb, got)
		}
	}
	_ = strconv.Itoa
	_ = errors.New
}
