package tokenstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"
	"wearnb.dev/wearnb/sandbox"
)

// sandboxScopes are scopes each sandbox flavour knows.
var sandboxScopes = map[string][]string{
	sandbox.Fitbit:       {"sleep"},
	sandbox.Oura:         {"daily"},
	sandbox.GoogleHealth: {"https://www.googleapis.com/auth/googlehealth.sleep.readonly"},
	sandbox.Jawbone:      {"sleep_read"},
}

// leakedPart returns the fingerprint of the first secret of which text
// holds any run of 6 characters, or "".
func leakedPart(text string, secrets ...string) string {
	for _, s := range secrets {
		for i := 0; i+6 <= len(s); i++ {
			if strings.Contains(text, s[i:i+6]) {
				return fingerprint(s)
			}
		}
	}
	return ""
}

// Defect 4: Oura's answer to a spent refresh token (RFC 7807 title and
// detail) was not recognised as invalid_grant. Every flavour of the
// sandbox answers a reused refresh token in its provider's shape; each must
// give one error that matches ErrInvalidGrant and says how to consent again.
// Defect 10 on the same path: Fitbit's answer quotes the token's first
// characters, which must not reach the error or what errors.As finds.
func TestDefect4_SpentRefreshTokenIsInvalidGrantForEveryProvider(t *testing.T) {
	sb, err := sandbox.Start(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	for _, flavor := range sandbox.Flavors {
		t.Run(flavor, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			cfg := &oauth2.Config{ClientID: sandbox.DemoClientID, ClientSecret: sandbox.DemoClientSecret, Endpoint: sb.Endpoint(flavor)}
			tok, err := sb.IssueToken(flavor, sandbox.DemoClientID, sandboxScopes[flavor])
			if err != nil {
				t.Fatal(err)
			}
			// Spend the refresh token, then spend the new one, which ends
			// Fitbit's identical-retry window too.
			f1, err := cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: tok.RefreshToken}).Token()
			if err != nil {
				t.Fatal(err)
			}
			if _, err := cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: f1.RefreshToken}).Token(); err != nil {
				t.Fatal(err)
			}
			f := OpenFor(t.TempDir(), flavor, "default")
			tok.Expiry = time.Now().Add(-time.Hour)
			if err := f.Save(tok); err != nil {
				t.Fatal(err)
			}
			_, err = f.TokenSource(ctx, cfg).Token()
			if !errors.Is(err, ErrInvalidGrant) {
				t.Fatalf("errors.Is(err, ErrInvalidGrant) = false for %v", err)
			}
			msg := err.Error()
			for _, want := range []string{f.Path(), "consent is gone", "consent flow", "run the cell again"} {
				if !strings.Contains(msg, want) {
					t.Errorf("message lacks %q: %s", want, msg)
				}
			}
			secrets := []string{tok.RefreshToken, tok.AccessToken, sandbox.DemoClientSecret}
			var re *oauth2.RetrieveError
			if !errors.As(err, &re) {
				t.Fatal("errors.As finds no *oauth2.RetrieveError")
			}
			reached := msg + string(re.Body) + re.ErrorDescription + fmt.Sprintf("%+v %#v", err, err)
			if l := leakedPart(reached, secrets...); l != "" {
				t.Errorf("the error or its chain holds %s", l)
			}
		})
	}
}
