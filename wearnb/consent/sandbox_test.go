package consent_test

import (
	"strings"
	"testing"

	"golang.org/x/oauth2"
	"wearnb.dev/wearnb/consent"
	"wearnb.dev/wearnb/sandbox"
)

// TestSandboxPublicClientPKCE runs the flow for a public client (a Fitbit
// "Client" app: no secret, client_id in the body, PKCE required in
// practice) against the auto-approving sandbox, then uses, refreshes and
// revokes the token with the teaching steps.
func TestSandboxPublicClientPKCE(t *testing.T) {
	sb, err := sandbox.Start(sandbox.Options{AutoApprove: true})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	cfg := sandboxConfig(t, sb, sandbox.Fitbit, true)
	cfg.OAuth2.Endpoint.AuthStyle = oauth2.AuthStyleInParams
	cfg.Ready = func(link string) { go browse(t, link) }
	ctx := testCtx(t)
	tok, err := consent.Run(ctx, cfg)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	info := consent.Inspect(tok)
	if !info.Valid || info.Refresh == "none" || strings.Join(info.Scopes, " ") != "sleep activity" && strings.Join(info.Scopes, " ") != "activity sleep" {
		t.Errorf("Inspect = %+v", info)
	}
	sleepURL := sb.APIBase(sandbox.Fitbit) + "/1.2/user/-/sleep/date/2026-01-10.json"
	resp, err := consent.Get(ctx, cfg, tok, sleepURL)
	if err != nil || resp.StatusCode != 200 || !strings.Contains(string(resp.Body), `"sleep"`) {
		t.Fatalf("Get = %v, %v", resp, err)
	}
	fresh, err := consent.Refresh(ctx, cfg, tok)
	if err != nil {
		t.Fatalf("Refresh: %v", err)
	}
	if fresh.RefreshToken == tok.RefreshToken || fresh.AccessToken == tok.AccessToken {
		t.Error("Fitbit refresh did not rotate the tokens")
	}
	// Using the new access token retires the old refresh token.
	if resp, err := consent.Get(ctx, cfg, fresh, sleepURL); err != nil || resp.StatusCode != 200 {
		t.Fatalf("Get with the refreshed token = %v, %v", resp, err)
	}
	if _, err := consent.Refresh(ctx, cfg, tok); err == nil {
		t.Error("the spent refresh token worked again")
	}
	rev := consent.Revocation{URL: sb.APIBase(sandbox.Fitbit) + "/oauth2/revoke", TokenTypeHint: "refresh_token"}
	if err := consent.Revoke(ctx, cfg, rev, fresh.RefreshToken); err != nil {
		t.Fatalf("Revoke: %v", err)
	}
	if resp, err := consent.Get(ctx, cfg, fresh, sleepURL); err != nil || resp.StatusCode != 401 {
		t.Errorf("Get after revoking = %v, %v; want 401", resp, err)
	}
}

// TestSandboxRevokeOura revokes with Oura's parameter name.
func TestSandboxRevokeOura(t *testing.T) {
	sb, err := sandbox.Start(sandbox.Options{AutoApprove: true})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	cfg := sandboxConfig(t, sb, sandbox.Oura, false)
	cfg.Ready = func(link string) { go browse(t, link) }
	ctx := testCtx(t)
	tok, err := consent.Run(ctx, cfg)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	api := sb.APIBase(sandbox.Oura) + "/v2/usercollection/daily_sleep?start_date=2026-01-01&end_date=2026-01-03"
	if resp, err := consent.Get(ctx, cfg, tok, api); err != nil || resp.StatusCode != 200 {
		t.Fatalf("Get = %v, %v", resp, err)
	}
	rev := consent.Revocation{URL: sb.APIBase(sandbox.Oura) + "/oauth/revoke", TokenParam: "access_token", GetFallback: true, NoClientAuth: true}
	if err := consent.Revoke(ctx, cfg, rev, tok.AccessToken); err != nil {
		t.Fatalf("Revoke: %v", err)
	}
	if resp, err := consent.Get(ctx, cfg, tok, api); err != nil || resp.StatusCode != 401 {
		t.Errorf("Get after revoking = %v, %v; want 401", resp, err)
	}
}
