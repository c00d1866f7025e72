package connect

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/fetch"
	"wearnb.dev/wearnb/sandbox"
)

// sandboxTestOptions are the options of an account under home in a new
// auto-approving sandbox on a free loopback port, whose consent page
// playBrowser follows, then more.
func sandboxTestOptions(t *testing.T, home string, more ...Option) []Option {
	return append([]Option{Home(home), SandboxWith(fmt.Sprintf("127.0.0.1:%d", freePort(t)), sandbox.Options{AutoApprove: true}),
		RedirectURL(fmt.Sprintf("http://127.0.0.1:%d/callback", freePort(t))), OnConsentLink(playBrowser(t)),
		ConsentTimeout(30 * time.Second)}, more...)
}

// openSandboxAccount consents to name in the sandbox (auto-approved) under
// home, without progress lines, and returns the account.
func openSandboxAccount(t *testing.T, ctx context.Context, name, home string, opts ...Option) *Account {
	t.Helper()
	acct, err := Open(ctx, name, sandboxTestOptions(t, home, append([]Option{Progress(nil)}, opts...)...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { acct.Close() })
	return acct
}

// TestLogout logs out of every provider's sandbox account: the provider
// revokes the consent (the saved access token is refused afterwards, and
// the refresh token no longer refreshes), the token file is gone, and the
// cached rows stay unless DeleteCache asks for them. Oura's revocation
// goes through the POST-then-GET fallback (the sandbox's legacy revoke
// takes GET only), Jawbone's through DELETE of the app membership.
func TestLogout(t *testing.T) {
	r := wearnb.Range{From: wearnb.MustDate("2025-06-01"), To: wearnb.MustDate("2025-06-10")}
	for _, name := range []string{"oura", "googlehealth", "fitbit", "jawbone"} {
		for _, drop := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/delete cache %t", name, drop), func(t *testing.T) {
				ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
				defer cancel()
				home := t.TempDir()
				acct := openSandboxAccount(t, ctx, name, home)
				if _, err := acct.Sleeps(ctx, r); err != nil {
					t.Fatal(err)
				}
				tok, err := acct.tokens.Load()
				if err != nil {
					t.Fatal(err)
				}
				path := acct.tokens.Path()
				var opts []LogoutOption
				if drop {
					opts = append(opts, DeleteCache())
				}
				rep, err := acct.Logout(ctx, opts...)
				if err != nil {
					t.Fatal(err)
				}
				if !rep.Revoked || rep.TokenFile != path || rep.CacheKept == drop {
					t.Errorf("report %+v", rep)
				}
				if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("token file still there: %v", err)
				}
				if strings.Contains(rep.String(), tok.AccessToken) || strings.Contains(rep.String(), tok.RefreshToken) {
					t.Error("the report shows a token")
				}

				// The old access token is refused by the API.
				hc := &http.Client{Transport: &oauth2.Transport{Source: oauth2.StaticTokenSource(tok), Base: acct.sb.Transport()}}
				_, err = acct.provider.Streams()[0].Fetch(ctx, hc, r)
				if !errors.Is(err, fetch.ErrUnauthorized) {
					t.Errorf("a fetch with the revoked token: %v, want ErrUnauthorized", err)
				}
				// And its refresh token no longer refreshes.
				rctx := context.WithValue(ctx, oauth2.HTTPClient, acct.sb.Client())
				if _, err := acct.oauth.TokenSource(rctx, &oauth2.Token{RefreshToken: tok.RefreshToken}).Token(); err == nil {
					t.Error("the revoked refresh token still refreshes")
				}

				sleeps, err := acct.cache.Sleeps(ctx, acct.provider.Name(), acct.cacheAcc, r)
				if err != nil {
					t.Fatal(err)
				}
				if drop && (len(sleeps) != 0 || rep.CacheRows == 0) {
					t.Errorf("DeleteCache left %d sleeps (report: %d rows deleted)", len(sleeps), rep.CacheRows)
				}
				if !drop && len(sleeps) < 9 {
					t.Errorf("Logout without DeleteCache left %d sleeps of 10 nights", len(sleeps))
				}
			})
		}
	}
}

// TestLogoutOfflineKeepsTokens: an offline account has no token to revoke
// or delete; DeleteCache still forgets its rows, and the token file of the
// online account stays.
func TestLogoutOfflineAccount(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	home := t.TempDir()
	acct := openSandboxAccount(t, ctx, "oura", home)
	r := wearnb.Range{From: wearnb.MustDate("2025-06-01"), To: wearnb.MustDate("2025-06-05")}
	if _, err := acct.Sleeps(ctx, r); err != nil {
		t.Fatal(err)
	}
	path := acct.tokens.Path()
	acct.Close()
	off, err := Open(ctx, "oura", Home(home), Sandbox(), Offline())
	if err != nil {
		t.Fatal(err)
	}
	defer off.Close()
	rep, err := off.Logout(ctx, DeleteCache())
	if err != nil || rep.Revoked || rep.TokenFile != "" || rep.CacheRows == 0 {
		t.Fatalf("offline logout: %+v, %v", rep, err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("offline logout touched the token file: %v", err)
	}
}
