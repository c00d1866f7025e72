package consent_test

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/oauth2"
	"wearnb.dev/wearnb/consent"
	"wearnb.dev/wearnb/sandbox"
	"wearnb.dev/wearnb/tokenstore"
)

// Probes from issue 11 kept as regression tests. Failure messages name
// secrets by fingerprint, never by value.

// fingerprint identifies a secret in a failure message.
func fingerprint(s string) string {
	sum := sha256.Sum256([]byte(s))
	return fmt.Sprintf("sha256:%s (%d chars)", hex.EncodeToString(sum[:4]), len(s))
}

// leaked returns the fingerprint of the first secret of which text holds
// any run of 6 characters, or "".
func leaked(text string, secrets ...string) string {
	for _, s := range secrets {
		for i := 0; i+6 <= len(s); i++ {
			if strings.Contains(text, s[i:i+6]) {
				return fingerprint(s)
			}
		}
	}
	return ""
}

// googleLike returns a random token with the '+' and '/' that
// percent-encoding and JSON escaping change.
func googleLike(prefix string) string {
	b := make([]byte, 30)
	rand.Read(b)
	s := base64.StdEncoding.EncodeToString(b)
	if !strings.ContainsAny(s, "+/") {
		s = s[:10] + "+/" + s[12:]
	}
	return prefix + s
}

// Defect 6: a percent-encoded access token and a refresh_token= parameter
// survived in consent.Get's error, and errors.As reached the URL.
func TestDefect6_GetErrorHidesEncodedTokens(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens: the request fails with the URL in its error
	tok := &oauth2.Token{AccessToken: googleLike("ya29."), TokenType: "Bearer"}
	rt := googleLike("1//0g")
	api := "http://" + addr + "/v1/profile?access_token=" + url.QueryEscape(tok.AccessToken) + "&refresh_token=" + url.QueryEscape(rt)
	_, err = consent.Get(testCtx(t), consent.Config{}, tok, api)
	if err == nil {
		t.Fatal("Get succeeded against a closed port")
	}
	if l := leaked(err.Error(), tok.AccessToken, rt, url.QueryEscape(tok.AccessToken), url.QueryEscape(rt)); l != "" {
		t.Errorf("Get's error holds %s", l)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		if l := leaked(ue.URL, tok.AccessToken, rt, url.QueryEscape(tok.AccessToken), url.QueryEscape(rt)); l != "" {
			t.Errorf("errors.As reaches a *url.Error whose URL holds %s", l)
		}
	}
	if !strings.Contains(err.Error(), "consent: get") || !strings.Contains(err.Error(), addr) {
		t.Errorf("the error lost its words: %q", err)
	}
}

// echoServer is a token endpoint that refuses every refresh and echoes the
// refresh token it got JSON-escaped, URL-encoded and as a 20-character
// prefix, in an RFC 6749 body (rfc) or a body of its own.
func echoServer(t *testing.T, rfc bool) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rt := r.PostFormValue("refresh_token")
		esc := strings.ReplaceAll(rt, "/", `\/`)
		echo := "got " + esc + " (" + url.QueryEscape(rt) + "), starting " + rt[:20]
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		if rfc {
			io.WriteString(w, `{"error":"invalid_request","error_description":"`+echo+`"}`)
			return
		}
		io.WriteString(w, `{"problem":"`+echo+`"}`)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// Defect 6: a provider error body that echoes a token JSON-escaped,
// URL-encoded or as a 20-character prefix survived in consent.Refresh's
// error, and errors.As reached the whole token through the body and the
// request the RetrieveError carries.
func TestDefect6_RefreshErrorHidesEchoedTokens(t *testing.T) {
	for _, rfc := range []bool{false, true} {
		t.Run(fmt.Sprintf("rfc=%v", rfc), func(t *testing.T) {
			srv := echoServer(t, rfc)
			secret := googleLike("cs-")
			cfg := consent.Config{OAuth2: oauth2.Config{
				ClientID: "client-1", ClientSecret: secret,
				Endpoint: oauth2.Endpoint{AuthURL: srv.URL + "/auth", TokenURL: srv.URL + "/token", AuthStyle: oauth2.AuthStyleInHeader},
			}}
			tok := &oauth2.Token{AccessToken: googleLike("ya29."), RefreshToken: googleLike("1//0g")}
			_, err := consent.Refresh(testCtx(t), cfg, tok)
			if err == nil {
				t.Fatal("Refresh succeeded")
			}
			secrets := []string{tok.RefreshToken, tok.AccessToken, secret}
			if l := leaked(err.Error(), secrets...); l != "" {
				t.Errorf("Refresh's error holds %s", l)
			}
			var re *oauth2.RetrieveError
			if !errors.As(err, &re) {
				t.Fatalf("errors.As finds no *oauth2.RetrieveError in %q", err)
			}
			if l := leaked(string(re.Body)+re.ErrorDescription, secrets...); l != "" {
				t.Errorf("the carried body holds %s", l)
			}
			if re.Response != nil && re.Response.Request != nil {
				t.Error("the carried response keeps the request, whose Basic header holds the client secret")
			}
		})
	}
}

// Defect 10: Fitbit's invalid_grant message quotes the first characters of
// the dead refresh token ("Refresh token invalid: 2f3c1a…"); the OAuth
// notebook's step 7 printed it.
func TestDefect10_FitbitQuotedPrefixIsScrubbed(t *testing.T) {
	sb, err := sandbox.Start(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	old, cfg := spentToken(t, sb, sandbox.Fitbit)
	_, err = consent.Refresh(testCtx(t), consent.Config{OAuth2: cfg.OAuth2}, old)
	if err == nil {
		t.Fatal("the spent refresh token worked")
	}
	if l := leaked(err.Error(), old.RefreshToken); l != "" {
		t.Errorf("Refresh's error quotes the dead refresh token (%s)", l)
	}
	var re *oauth2.RetrieveError
	if errors.As(err, &re) && leaked(string(re.Body), old.RefreshToken) != "" {
		t.Error("the carried body quotes the dead refresh token")
	}
	if !strings.Contains(err.Error(), "Refresh token invalid") {
		t.Errorf("the provider's words are gone: %q", err)
	}
}

// spentToken issues a token for the sandbox demo client, refreshes it and
// then refreshes the new one, so the first refresh token is dead at every
// flavour (at Fitbit too: presenting the new refresh token ends the
// identical-retry window). It returns the dead token and a config.
func spentToken(t *testing.T, sb *sandbox.Server, flavor string) (*oauth2.Token, consent.Config) {
	t.Helper()
	tok, err := sb.IssueToken(flavor, sandbox.DemoClientID, flavorScopes[flavor])
	if err != nil {
		t.Fatal(err)
	}
	cfg := consent.Config{OAuth2: oauth2.Config{
		ClientID: sandbox.DemoClientID, ClientSecret: sandbox.DemoClientSecret, Endpoint: sb.Endpoint(flavor),
	}}
	f1, err := consent.Refresh(testCtx(t), cfg, tok)
	if err != nil {
		t.Fatalf("first refresh: %v", err)
	}
	if _, err := consent.Refresh(testCtx(t), cfg, f1); err != nil {
		t.Fatalf("second refresh: %v", err)
	}
	return tok, cfg
}

// Defect 4: every provider's "this refresh token is dead" answer (Oura's
// RFC 7807 title/detail, Fitbit's errors[].errorType, RFC 6749's error at
// Google and Jawbone) is one error, matched by errors.Is, whose message
// says the consent is gone and how to consent again.
func TestDefect4_SpentRefreshTokenIsOneError(t *testing.T) {
	sb, err := sandbox.Start(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	for _, flavor := range sandbox.Flavors {
		t.Run(flavor, func(t *testing.T) {
			old, cfg := spentToken(t, sb, flavor)
			_, err := consent.Refresh(testCtx(t), cfg, old)
			if err == nil {
				t.Fatal("the spent refresh token worked")
			}
			if !errors.Is(err, tokenstore.ErrInvalidGrant) {
				t.Errorf("errors.Is(err, ErrInvalidGrant) = false for %q", err)
			}
			for _, want := range []string{"consent is gone", "consent again"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("message lacks %q: %q", want, err)
				}
			}
			if l := leaked(err.Error(), old.RefreshToken, old.AccessToken, sandbox.DemoClientSecret); l != "" {
				t.Errorf("message holds %s", l)
			}
		})
	}
}
