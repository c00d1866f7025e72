package connect

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/consent"
	"wearnb.dev/wearnb/providers/oura"
	"wearnb.dev/wearnb/sandbox"
	"wearnb.dev/wearnb/tokenstore"
)

// ageToken rewrites the saved token as if it had been issued age ago and
// its access token had expired, so the next request refreshes it.
func ageToken(t *testing.T, path string, age time.Duration) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var rec map[string]any
	if err := json.Unmarshal(b, &rec); err != nil {
		t.Fatal(err)
	}
	if _, ok := rec["refresh_issued"]; !ok {
		t.Fatalf("the token file records no refresh_issued: %s", path)
	}
	rec["expiry"] = time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)
	rec["refresh_issued"] = time.Now().Add(-age).UTC().Format(time.RFC3339)
	b, _ = json.Marshal(rec)
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestGoogleTestingModeExpiryThroughConnect: a Google Desktop client whose
// consent screen is in Testing. Eight days after consent the sandbox
// refuses the refresh token with Google's answer to an expired or revoked
// token; the account's next read fails with an error that matches
// ErrInvalidGrant and ErrTestingExpiry and, since the token file says the
// token is 8 days old, calls Testing-mode expiry the likely cause and names
// both fixes. Reconsent() gets a working token again.
func TestGoogleTestingModeExpiryThroughConnect(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	home := t.TempDir()
	clk := sandbox.NewFakeClock(time.Now())
	client := sandbox.Client{ID: "google-desktop-testing", Secret: "desktop-secret-a1b2c3d4", Type: sandbox.GoogleDesktop, Testing: true}
	sbOpts := sandbox.Options{AutoApprove: true, Clock: clk, Clients: map[string][]sandbox.Client{sandbox.GoogleHealth: {client}}}
	opts := []Option{Home(home), SandboxWith("", sbOpts), Credentials(client.ID, client.Secret),
		OnConsentLink(playBrowser(t)), ConsentTimeout(30 * time.Second), Progress(nil)}
	acct, err := Open(ctx, "googlehealth", opts...)
	if err != nil {
		t.Fatal(err)
	}
	june := wearnb.Range{From: wearnb.MustDate("2025-06-01"), To: wearnb.MustDate("2025-06-07")}
	if _, err := acct.Sleeps(ctx, june); err != nil {
		t.Fatal(err)
	}
	path := acct.tokens.Path()
	acct.Close()

	clk.Advance(8 * 24 * time.Hour)
	ageToken(t, path, 8*24*time.Hour)
	acct, err = Open(ctx, "googlehealth", opts...)
	if err != nil {
		t.Fatal(err)
	}
	_, err = acct.Sleeps(ctx, wearnb.Range{From: wearnb.MustDate("2025-07-01"), To: wearnb.MustDate("2025-07-07")})
	acct.Close()
	if !errors.Is(err, tokenstore.ErrInvalidGrant) || !errors.Is(err, consent.ErrTestingExpiry) {
		t.Fatalf("read after 8 days: %v; want ErrInvalidGrant and ErrTestingExpiry", err)
	}
	for _, want := range []string{"Token has been expired or revoked.", "8 days old", "Testing", "likely cause", "connect.Reconsent()", "Publish app"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message lacks %q:\n%v", want, err)
		}
	}
	if strings.Contains(err.Error(), client.Secret) {
		t.Error("the message shows the client secret")
	}

	acct, err = Open(ctx, "googlehealth", append(opts, Reconsent())...)
	if err != nil {
		t.Fatal(err)
	}
	defer acct.Close()
	if _, err := acct.Sleeps(ctx, wearnb.Range{From: wearnb.MustDate("2025-07-01"), To: wearnb.MustDate("2025-07-07")}); err != nil {
		t.Errorf("after Reconsent: %v", err)
	}
}

// ouraEnv points a real Oura account at a listening sandbox through the
// documented overrides (as a person would point it at another host), with
// the token URL given, and sets the app's credentials.
func ouraEnv(t *testing.T, sb *sandbox.Server, tokenPath string, c sandbox.Client) {
	root := sb.URL() + "/oura"
	t.Setenv("WEARNB_OURA_AUTH_URL", root+"/oauth/authorize")
	t.Setenv("WEARNB_OURA_REVOKE_URL", root+"/oauth/revoke")
	t.Setenv("WEARNB_OURA_API_URL", root)
	t.Setenv("WEARNB_OURA_TOKEN_URL", root+tokenPath)
	t.Setenv("WEARNB_OURA_CLIENT_ID", c.ID)
	t.Setenv("WEARNB_OURA_CLIENT_SECRET", c.Secret)
	t.Setenv("WEARNB_CONSENT_MODE", "local")
}

// TestOuraPortalEndpoints runs real (not Sandbox()) Oura accounts whose
// endpoints all point at a listening sandbox through the environment, the
// way the README tells an app of Oura's new developer portal to set its
// token URL. The sandbox serves both token paths and refuses each portal's
// apps at the other's, as reported for Oura:
//
//   - a legacy app at the documented /oauth/token: consent, sync, refresh;
//   - a new-portal app at the documented endpoint: the code exchange is
//     refused (401) and the error names WEARNB_OURA_TOKEN_URL and the
//     new portal's URL;
//   - the same app with WEARNB_OURA_TOKEN_URL set to the new path:
//     consent, sync, refresh; then with the override removed a refresh is
//     refused (400 invalid_request) with the same advice, and spends
//     nothing: with the override back, the same refresh token works.
func TestOuraPortalEndpoints(t *testing.T) {
	if oura.NewPortalTokenURL != "https://moi.ouraring.com/oauth/v2/ext/oauth-token" {
		t.Fatalf("oura.NewPortalTokenURL = %q", oura.NewPortalTokenURL)
	}
	const legacyPath, newPath = "/oauth/token", "/oauth/v2/ext/oauth-token"
	redirect := fmt.Sprintf("http://127.0.0.1:%d/callback", freePort(t))
	legacy := sandbox.Client{ID: "oura-legacy-app", Secret: "legacy-secret-5e6f7a8b", Portal: sandbox.OuraLegacy, RedirectURIs: []string{redirect}}
	newApp := sandbox.Client{ID: "oura-new-app", Secret: "new-secret-9c0d1e2f", Portal: sandbox.OuraNewPortal, RedirectURIs: []string{redirect}}
	sb, err := sandbox.Start(sandbox.Options{AutoApprove: true, Clients: map[string][]sandbox.Client{sandbox.Oura: {legacy, newApp}}})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	june := wearnb.Range{From: wearnb.MustDate("2025-06-01"), To: wearnb.MustDate("2025-06-07")}
	july := wearnb.Range{From: wearnb.MustDate("2025-07-01"), To: wearnb.MustDate("2025-07-07")}
	open := func(home string, extra ...Option) (*Account, error) {
		return Open(ctx, "oura", append([]Option{Home(home), OnConsentLink(playBrowser(t)), ConsentTimeout(30 * time.Second),
			RedirectURL(redirect), Progress(nil)}, extra...)...)
	}
	// refreshWorks reads a new range after the access token expired.
	refreshWorks := func(t *testing.T, home string, r wearnb.Range) error {
		t.Helper()
		a, err := open(home, NoConsent())
		if err != nil {
			return err
		}
		defer a.Close()
		before, _ := a.tokens.Load()
		ageToken(t, a.tokens.Path(), time.Hour)
		if _, err := a.Sleeps(ctx, r); err != nil {
			return err
		}
		after, _ := a.tokens.Load()
		if after.RefreshToken == before.RefreshToken {
			t.Error("the refresh did not rotate the refresh token")
		}
		return nil
	}

	// consentAndRefresh consents under a new home, reads June, and reads
	// July after the access token expired; it returns the home.
	consentAndRefresh := func(t *testing.T) string {
		t.Helper()
		home := t.TempDir()
		a, err := open(home)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Sleeps(ctx, june); err != nil {
			t.Fatal(err)
		}
		a.Close()
		if err := refreshWorks(t, home, july); err != nil {
			t.Fatal(err)
		}
		return home
	}

	t.Run("legacy app at the documented endpoint", func(t *testing.T) {
		ouraEnv(t, sb, legacyPath, legacy)
		consentAndRefresh(t)
	})

	t.Run("new-portal app at the documented endpoint", func(t *testing.T) {
		ouraEnv(t, sb, legacyPath, newApp)
		_, err := open(t.TempDir())
		if !errors.Is(err, consent.ErrEndpointMismatch) {
			t.Fatalf("consent: %v; want ErrEndpointMismatch", err)
		}
		for _, want := range []string{"HTTP 401", "WEARNB_OURA_TOKEN_URL", oura.NewPortalTokenURL, "developer.ouraring.com"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("message lacks %q:\n%v", want, err)
			}
		}
	})

	t.Run("new-portal app with the override", func(t *testing.T) {
		ouraEnv(t, sb, newPath, newApp)
		home := consentAndRefresh(t)

		// The override forgotten: the legacy endpoint refuses the refresh.
		t.Setenv("WEARNB_OURA_TOKEN_URL", sb.URL()+"/oura"+legacyPath)
		aug := wearnb.Range{From: wearnb.MustDate("2025-08-01"), To: wearnb.MustDate("2025-08-07")}
		err := refreshWorks(t, home, aug)
		if !errors.Is(err, tokenstore.ErrEndpointMismatch) || errors.Is(err, tokenstore.ErrInvalidGrant) {
			t.Fatalf("refresh at the legacy endpoint: %v; want ErrEndpointMismatch, not ErrInvalidGrant", err)
		}
		for _, want := range []string{"HTTP 400", "invalid_request", "WEARNB_OURA_TOKEN_URL", oura.NewPortalTokenURL} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("message lacks %q:\n%v", want, err)
			}
		}
		// Set again, the same refresh token works: the refusal spent nothing.
		t.Setenv("WEARNB_OURA_TOKEN_URL", sb.URL()+"/oura"+newPath)
		if err := refreshWorks(t, home, aug); err != nil {
			t.Fatalf("refresh after setting the override again: %v", err)
		}
		// Logout at the new portal's revocation endpoint.
		t.Setenv("WEARNB_OURA_REVOKE_URL", sb.URL()+"/oura/oauth/v2/ext/oauth-revoke")
		a, err := open(home, NoConsent())
		if err != nil {
			t.Fatal(err)
		}
		defer a.Close()
		rep, err := a.Logout(ctx)
		if err != nil || !rep.Revoked {
			t.Errorf("logout at the new portal: %+v, %v", rep, err)
		}
	})
}
