package connect

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"golang.org/x/oauth2"

	"wearnb.dev/wearnb/consent"
	"wearnb.dev/wearnb/providers"
	"wearnb.dev/wearnb/tokenstore"
)

// LogoutOption changes what Logout does.
type LogoutOption func(*logoutOptions)

type logoutOptions struct{ deleteCache bool }

// DeleteCache makes Logout also delete the account's cached data: its
// records, raw pages and sync ledger (cache.Forget). Without it the data
// stays readable with Offline().
func DeleteCache() LogoutOption { return func(o *logoutOptions) { o.deleteCache = true } }

// LogoutReport says what Logout did.
type LogoutReport struct {
	Provider string // display name
	Account  string
	// Revoked is true when the provider confirmed the revocation (RFC 7009:
	// also when the token was already invalid).
	Revoked bool
	// RevokeNote says why nothing was revoked at the provider, or what went
	// wrong trying (never a token): no revocation endpoint, no token left,
	// the provider refused or could not be reached.
	RevokeNote string
	// TokenFile is the token file that was deleted ("" if there was none).
	TokenFile string
	// CacheRows counts the cached rows deleted (with DeleteCache).
	CacheRows int64
	// CacheKept is true when the cached data was left in place.
	CacheKept bool
}

// String is one line per step, for a notebook cell or a terminal.
func (r *LogoutReport) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Logged out of %s account %q:\n", r.Provider, r.Account)
	switch {
	case r.Revoked:
		b.WriteString("  revoked the consent at the provider\n")
	case r.RevokeNote != "":
		b.WriteString("  not revoked at the provider: " + r.RevokeNote + "\n")
	}
	if r.TokenFile != "" {
		b.WriteString("  deleted the token file " + r.TokenFile + "\n")
	} else {
		b.WriteString("  no token file to delete\n")
	}
	if r.CacheKept {
		b.WriteString("  kept the cached data (read it with connect.Offline(); Logout with connect.DeleteCache() removes it)")
	} else {
		fmt.Fprintf(&b, "  deleted %d cached rows", r.CacheRows)
	}
	return b.String()
}

// Logout ends the account's consent here and, where it can, at the
// provider:
//
//  1. revokes the token at the provider's revocation endpoint (RFC 7009;
//     Oura: the access token, POST then GET; Jawbone: DELETE of the app's
//     membership). Revoking the refresh token ends the whole grant at
//     Google and Fitbit. An expired access token that must be sent (Oura)
//     is refreshed first. A provider that refuses, is unreachable or is
//     shut down (Fitbit's 410) does not stop the logout: the note says so,
//     and the person can still remove the app in the provider's settings;
//  2. deletes the token file (and its lock file);
//  3. with DeleteCache, deletes the account's cached data.
//
// The error is for what could not be deleted. Logout of an Offline
// account (an import, say) skips steps 1 and 2. The account should not be
// used for fetching afterwards.
func (a *Account) Logout(ctx context.Context, opts ...LogoutOption) (*LogoutReport, error) {
	var o logoutOptions
	for _, opt := range opts {
		opt(&o)
	}
	rep := &LogoutReport{Provider: providers.DisplayName(a.provider.Name()), Account: a.name, CacheKept: !o.deleteCache}
	if a.tokens != nil {
		rep.Revoked, rep.RevokeNote = a.revoke(ctx)
		err := os.Remove(a.tokens.Path())
		switch {
		case err == nil:
			rep.TokenFile = a.tokens.Path()
		case !errors.Is(err, fs.ErrNotExist):
			return rep, fmt.Errorf("connect: logout: deleting the token file: %w", err)
		}
		_ = os.Remove(a.tokens.Path() + ".lock")
		a.client = nil
	} else {
		rep.RevokeNote = "this account has no token (offline or imported)"
	}
	if o.deleteCache {
		n, err := a.cache.Forget(ctx, a.provider.Name(), a.cacheAcc)
		if err != nil {
			return rep, fmt.Errorf("connect: logout: %w", err)
		}
		rep.CacheRows = n
		if a.importMarker != "" {
			_ = os.Remove(a.importMarker)
		}
	}
	return rep, nil
}

// revoke asks the provider to revoke the saved token.
func (a *Account) revoke(ctx context.Context) (bool, string) {
	auth := a.provider.Auth()
	rev, ok := consent.RevocationFor(auth)
	if !ok {
		return false, "the provider has no revocation endpoint; remove the app in its account settings"
	}
	tok, err := a.tokens.Load()
	if err != nil {
		return false, "no usable token to revoke (" + short(err) + ")"
	}
	value := tok.RefreshToken
	if auth.Revoke.Access || auth.Revoke.Delete || value == "" {
		// The access token must be valid to be revoked: refresh it if
		// needed (a dead grant has nothing left to revoke).
		fresh, err := a.tokens.TokenSource(a.oauthContext(ctx), a.oauth).Token()
		if err != nil {
			if errors.Is(err, tokenstore.ErrInvalidGrant) {
				return false, "the provider had already ended the consent"
			}
			return false, "could not get a valid access token to revoke (" + short(err) + ")"
		}
		value = fresh.AccessToken
	}
	cfg := consent.Config{OAuth2: *a.oauth, HTTPClient: a.httpBase, Logf: a.logf}
	if err := consent.Revoke(ctx, cfg, rev, value); err != nil {
		return false, "the revocation failed (" + short(err) + "); remove the app in the provider's account settings"
	}
	return true, ""
}

// oauthContext carries the account's plain HTTP client (sandbox transport
// or the default) for token requests.
func (a *Account) oauthContext(ctx context.Context) context.Context {
	if a.httpBase == nil {
		return ctx
	}
	return context.WithValue(ctx, oauth2.HTTPClient, a.httpBase)
}

// short is err's message without the package prefix.
func short(err error) string {
	s := err.Error()
	for _, p := range []string{"consent: ", "wearnb: ", "connect: "} {
		s = strings.TrimPrefix(s, p)
	}
	return s
}
