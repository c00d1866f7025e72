package consent_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"wearnb.dev/wearnb/consent"
	"wearnb.dev/wearnb/internal/tokenerr"
	"wearnb.dev/wearnb/sandbox"
)

// googlePastePage is the redirect Google's Health API set-up guide
// registers for its "Web Server" client
// (https://developers.google.com/health/setup).
const googlePastePage = "https://www.google.com"

// googleClient registers a Google client of the given type (sandbox.GoogleWeb
// or sandbox.GoogleDesktop) with the redirect URIs given, and returns a
// config for it in mode.
func googleClient(t *testing.T, sb *sandbox.Server, typ string, mode consent.Mode, redirect string, registered ...string) consent.Config {
	t.Helper()
	c := sandbox.Client{ID: "google-" + typ + "-" + randHex(4), Secret: "google-secret-" + randHex(8), Type: typ, RedirectURIs: registered}
	if err := sb.RegisterClient(sandbox.GoogleHealth, c); err != nil {
		t.Fatal(err)
	}
	return consent.Config{
		OAuth2: oauth2.Config{ClientID: c.ID, ClientSecret: c.Secret, Endpoint: sb.Endpoint(sandbox.GoogleHealth),
			RedirectURL: redirect, Scopes: flavorScopes[sandbox.GoogleHealth]},
		Provider: "Google Health", Name: "googlehealth", Mode: mode, Timeout: time.Minute, Display: shownDisplay,
		AuthCodeOptions: []oauth2.AuthCodeOption{oauth2.AccessTypeOffline, oauth2.SetAuthURLParam("prompt", "consent")},
	}
}

// pasteFromBrowser plays the person in paste mode: it waits for the
// consent link, opens it in a browser that does not follow the redirect
// to the (unreachable) paste page, and pastes the address the browser was
// sent to. It records that address in *landed.
func pasteFromBrowser(t *testing.T, cfg *consent.Config, landed *string) {
	links := make(chan string, 1)
	cfg.Ready = func(link string) { links <- link }
	cfg.Input = func(ctx context.Context, prompt string, password bool) (string, error) {
		var link string
		select {
		case link = <-links:
		case <-ctx.Done():
			return "", ctx.Err()
		}
		resp, _ := get(t, link)
		if resp.StatusCode != http.StatusFound {
			return "", fmt.Errorf("the consent page answered %d", resp.StatusCode)
		}
		*landed = resp.Header.Get("Location")
		return *landed, nil
	}
}

// TestGooglePasteFlowWebClient is the set-up of Google's own guide: a Web
// application client whose only redirect is https://www.google.com. Auto
// mode picks paste mode for it (the redirect is no loopback), the consent
// page sends the browser to https://www.google.com/?code=…&state=…, the
// person pastes that address, and the code becomes a working token.
func TestGooglePasteFlowWebClient(t *testing.T) {
	sb, err := sandbox.Start(sandbox.Options{AutoApprove: true})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	cfg := googleClient(t, sb, sandbox.GoogleWeb, consent.Auto, googlePastePage, googlePastePage)
	var landed string
	pasteFromBrowser(t, &cfg, &landed)
	ctx := testCtx(t)
	tok, err := consent.Run(ctx, cfg)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if !strings.HasPrefix(landed, googlePastePage+"?") || !strings.Contains(landed, "code=") || !strings.Contains(landed, "state=") {
		t.Errorf("the browser landed on %q, want the paste page with code and state", landed)
	}
	if tok.RefreshToken == "" || !tok.Valid() {
		t.Errorf("token without refresh token or invalid: %v", consent.Inspect(tok))
	}
	api := sb.APIBase(sandbox.GoogleHealth) + "/v4/users/me/identity"
	if resp, err := consent.Get(ctx, cfg, tok, api); err != nil || resp.StatusCode != 200 {
		t.Fatalf("Get = %v, %v", resp, err)
	}
}

// TestGoogleLoopbackFlowDesktopClient: a Desktop app client registers no
// redirect; any loopback port works, so Auto mode runs the local callback
// server and the browser delivers the code to it.
func TestGoogleLoopbackFlowDesktopClient(t *testing.T) {
	sb, err := sandbox.Start(sandbox.Options{AutoApprove: true})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	for _, host := range []string{"127.0.0.1", "localhost"} {
		cfg := googleClient(t, sb, sandbox.GoogleDesktop, consent.Auto, fmt.Sprintf("http://%s:%d/callback", host, freePort(t)))
		var browsed string
		cfg.Ready = func(link string) {
			browsed = link
			go browse(t, link)
		}
		cfg.Input = func(context.Context, string, bool) (string, error) {
			return "", errors.New("asked for a paste in loopback mode")
		}
		tok, err := consent.Run(testCtx(t), cfg)
		if err != nil {
			t.Fatalf("%s: Run: %v", host, err)
		}
		if !strings.HasPrefix(browsed, "http://"+host+":") || tok.RefreshToken == "" {
			t.Errorf("%s: link %q, token %v", host, browsed, consent.Inspect(tok))
		}
	}
}

// TestGoogleRedirectRules: the sandbox enforces Google's rules per client
// type, and the consent page names the problem before anything is asked.
func TestGoogleRedirectRules(t *testing.T) {
	sb, err := sandbox.Start(sandbox.Options{AutoApprove: true})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	port := freePort(t)
	cases := []struct {
		name, typ, redirect string
		registered          []string
		page                string // "" for a redirect with a code
	}{
		{"web exact", sandbox.GoogleWeb, googlePastePage, []string{googlePastePage}, ""},
		{"web other page", sandbox.GoogleWeb, "https://www.google.com/search", []string{googlePastePage}, "redirect_uri_mismatch"},
		{"web loopback registered", sandbox.GoogleWeb, fmt.Sprintf("http://localhost:%d/callback", port), []string{fmt.Sprintf("http://localhost:%d/callback", port)}, ""},
		{"web loopback other port", sandbox.GoogleWeb, fmt.Sprintf("http://localhost:%d/callback", port+1), []string{fmt.Sprintf("http://localhost:%d/callback", port)}, "redirect_uri_mismatch"},
		{"desktop any port", sandbox.GoogleDesktop, fmt.Sprintf("http://127.0.0.1:%d/", port), nil, ""},
		{"desktop ipv6", sandbox.GoogleDesktop, fmt.Sprintf("http://[::1]:%d/cb", port), nil, ""},
		{"desktop paste page", sandbox.GoogleDesktop, googlePastePage, nil, "redirect_uri_mismatch"},
		{"oob", sandbox.GoogleDesktop, "urn:ietf:wg:oauth:2.0:oob", nil, "out-of-band (OOB) flow has been blocked"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := googleClient(t, sb, c.typ, consent.Paste, "http://localhost:1/unused", c.registered...)
			u := cfg.OAuth2.Endpoint.AuthURL + "?response_type=code&scope=" + flavorScopes[sandbox.GoogleHealth][0] +
				"&state=s&client_id=" + cfg.OAuth2.ClientID + "&redirect_uri=" + c.redirect
			resp, page := get(t, u)
			if c.page == "" {
				if resp.StatusCode != http.StatusFound || !strings.HasPrefix(resp.Header.Get("Location"), c.redirect) {
					t.Errorf("status %d, Location %q; want a redirect to %s", resp.StatusCode, resp.Header.Get("Location"), c.redirect)
				}
				return
			}
			if resp.StatusCode != http.StatusBadRequest || !strings.Contains(page, c.page) {
				t.Errorf("status %d, page lacks %q", resp.StatusCode, c.page)
			}
		})
	}
}

// TestGoogleDesktopNeedsItsSecret: Google's token endpoint wants a Desktop
// client's secret even with PKCE (googleapis/google-api-dotnet-client#1827).
func TestGoogleDesktopNeedsItsSecret(t *testing.T) {
	sb, err := sandbox.Start(sandbox.Options{AutoApprove: true})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	cfg := googleClient(t, sb, sandbox.GoogleDesktop, consent.Local, fmt.Sprintf("http://127.0.0.1:%d/callback", freePort(t)))
	cfg.OAuth2.ClientSecret = ""
	cfg.Ready = func(link string) { go browse(t, link) }
	_, err = consent.Run(testCtx(t), cfg)
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) || tokenerr.Code(re) != "invalid_request" || !strings.Contains(err.Error(), "client_secret is missing") {
		t.Fatalf("exchange without the secret: %v", err)
	}
}

// TestGoogleTestingModeExpiry: the refresh token of an app in Testing dies
// 7 days after consent. consent.Refresh says so: Google's answer, that it is
// likely the Testing-mode expiry, and both fixes.
func TestGoogleTestingModeExpiry(t *testing.T) {
	clk := sandbox.NewFakeClock(time.Now())
	sb, err := sandbox.Start(sandbox.Options{AutoApprove: true, Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	c := sandbox.Client{ID: "google-testing", Secret: "testing-secret-" + randHex(8), Type: sandbox.GoogleDesktop, Testing: true}
	if err := sb.RegisterClient(sandbox.GoogleHealth, c); err != nil {
		t.Fatal(err)
	}
	cfg := googleClient(t, sb, sandbox.GoogleDesktop, consent.Local, fmt.Sprintf("http://127.0.0.1:%d/callback", freePort(t)))
	cfg.OAuth2.ClientID, cfg.OAuth2.ClientSecret = c.ID, c.Secret
	cfg.Ready = func(link string) { go browse(t, link) }
	ctx := testCtx(t)
	tok, err := consent.Run(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	clk.Advance(6 * 24 * time.Hour)
	if _, err := consent.Refresh(ctx, cfg, tok); err != nil {
		t.Fatalf("refresh on day 6: %v", err)
	}
	clk.Advance(24 * time.Hour)
	_, err = consent.Refresh(ctx, cfg, tok)
	if !errors.Is(err, consent.ErrInvalidGrant) || !errors.Is(err, consent.ErrTestingExpiry) {
		t.Fatalf("refresh on day 7: %v; want ErrInvalidGrant and ErrTestingExpiry", err)
	}
	for _, want := range []string{"Token has been expired or revoked.", "Testing", "7 days", "likely", "connect.Reconsent()", "Publish app"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message lacks %q: %v", want, err)
		}
	}
	if strings.Contains(err.Error(), tok.RefreshToken) || strings.Contains(err.Error(), c.Secret) {
		t.Error("the message shows a secret")
	}
}
