package connect

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/consent"
	"wearnb.dev/wearnb/fetch"
	"wearnb.dev/wearnb/sandbox"
	"wearnb.dev/wearnb/tokenstore"
)

// printings renders v the ways a notebook cell or a program commonly
// shows a value: every fmt verb (wrong ones too, whose fallback walks
// nested pointers), JSON, and log/slog's text and JSON handlers.
func printings(v any) []string {
	var outs []string
	for _, verb := range []string{"%s", "%v", "%+v", "%#v", "%q", "%x", "%X", "%d"} {
		outs = append(outs, fmt.Sprintf(verb, v))
	}
	if data, err := json.Marshal(v); err == nil {
		outs = append(outs, string(data))
	}
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, nil)).Info("value", "v", v)
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("value", "v", v)
	return append(outs, buf.String())
}

// revealed returns a fingerprint of the first secret of which out shows 8
// characters, as text, in hex or inside base64 (JSON's []byte), or "".
func revealed(out string, secrets []string) string {
	decoded := base64Runs(out)
	for _, s := range secrets {
		if len(s) < 8 {
			continue
		}
		if strings.Contains(out, s[:8]) || strings.Contains(strings.ToLower(out), hex.EncodeToString([]byte(s[:8]))) ||
			strings.Contains(decoded, s[:8]) {
			sum := sha256.Sum256([]byte(s))
			return fmt.Sprintf("sha256:%s (%d chars)", hex.EncodeToString(sum[:4]), len(s))
		}
	}
	return ""
}

var base64RunRE = regexp.MustCompile(`[A-Za-z0-9+/_-]{12,}`)

// base64Runs decodes every base64-looking run in out, at every alignment.
func base64Runs(out string) string {
	var b strings.Builder
	for _, run := range base64RunRE.FindAllString(out, -1) {
		for shift := 0; shift < 4; shift++ {
			r := run[shift:]
			r = r[:len(r)/4*4]
			for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
				if d, err := enc.DecodeString(r); err == nil {
					b.Write(d)
					b.WriteByte(0)
				}
			}
		}
	}
	return b.String()
}

// Defect 5: fmt.Printf("%s", acct) on a connected Account printed the
// client secret and, for sandbox accounts, every access and refresh token:
// Go's fallback for a wrong verb walks the nested *oauth2.Config and the
// sandbox server. Every exported type that reaches a secret, directly or
// nested, is printed here with every verb, as JSON and through slog.
//
// The types were found by grepping for oauth2.Config, oauth2.Token,
// ClientSecret, Verifier, Secret and token maps: connect.Account
// (*oauth2.Config, the token-refreshing *http.Client, *sandbox.Server),
// consent.Config (oauth2.Config), consent.Authorization (Verifier, also in
// package consent's tests), sandbox.Server (token maps), sandbox.Client
// (Secret), fetch.Client (the authorised *http.Client), fetch.APIError
// (a body that may echo a token), and tokenstore's File, token source,
// SafeToken, RefreshError and FileError.
func TestDefect5_NoPrintedValueRevealsASecret(t *testing.T) {
	home := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	sbAddr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	redirect := fmt.Sprintf("http://127.0.0.1:%d/callback", freePort(t))
	acct, err := Open(ctx, "oura", Home(home), SandboxWith(sbAddr, sandbox.Options{AutoApprove: true}),
		RedirectURL(redirect), OnConsentLink(playBrowser(t)), ConsentTimeout(30*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	defer acct.Close()
	tok, err := acct.tokens.Load()
	if err != nil {
		t.Fatal(err)
	}
	secrets := []string{sandbox.DemoClientSecret, tok.AccessToken, tok.RefreshToken}

	// A sandbox of its own whose token maps hold issued tokens, and a
	// client with a secret of its own.
	sb, err := sandbox.Start(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	issued, err := sb.IssueToken(sandbox.Oura, sandbox.DemoClientID, []string{"daily"})
	if err != nil {
		t.Fatal(err)
	}
	sbClient := sandbox.Client{ID: "c-1", Secret: "client-secret-of-c1", RedirectURIs: []string{"http://127.0.0.1:1/cb"}}
	secrets = append(secrets, issued.AccessToken, issued.RefreshToken, sbClient.Secret)

	cfg := consent.New("Oura", acct.Provider().Auth(), sandbox.DemoClientID, sandbox.DemoClientSecret)
	ts := acct.tokens.TokenSource(ctx, acct.oauth)
	fc := fetch.New("oura", acct.HTTPClient())
	req, _ := http.NewRequest("GET", "https://api.example/v2/x", nil)
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	apiErr := fetch.CheckResponse("oura", "sleep", &http.Response{StatusCode: 401, Request: req, Header: http.Header{}},
		[]byte(`{"detail":"token `+tok.AccessToken+` expired"}`), nil, time.Now())
	var fileErr *tokenstore.FileError
	_, loadErr := tokenstore.Open(home).Load() // a directory: a FileError
	errors.As(loadErr, &fileErr)

	values := map[string]any{
		"*connect.Account":      acct,
		"connect.Account":       *acct,
		"consent.Config":        cfg,
		"*consent.Config":       &cfg,
		"*sandbox.Server":       sb,
		"sandbox.Client":        sbClient,
		"*sandbox.Client":       &sbClient,
		"*fetch.Client":         fc,
		"fetch API error":       apiErr,
		"*tokenstore.File":      acct.tokens,
		"token source":          ts,
		"tokenstore.SafeToken":  tokenstore.SafeToken{Token: tok},
		"*tokenstore.FileError": fileErr,
		"*http.Client":          acct.HTTPClient(),
	}
	for name, v := range values {
		for _, out := range printings(v) {
			if l := revealed(out, secrets); l != "" {
				t.Errorf("%s shows the secret %s", name, l)
				break
			}
		}
	}
	// The account still says what it is.
	if got := fmt.Sprint(acct); !strings.Contains(got, "oura") || !strings.Contains(got, "sandbox") {
		t.Errorf("Account prints as %q", got)
	}
}

// Defect 4 end to end: when the saved refresh token has died (here spent
// by someone else, as a second device with the same token file would),
// the account's next sync fails with an error that matches
// tokenstore.ErrInvalidGrant, says the consent is gone and names the token
// file to delete; nothing in it quotes a token.
func TestDefect4_DeadConsentThroughConnect(t *testing.T) {
	home := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	sbAddr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	redirect := fmt.Sprintf("http://127.0.0.1:%d/callback", freePort(t))
	opts := []Option{Home(home), SandboxWith(sbAddr, sandbox.Options{AutoApprove: true}),
		RedirectURL(redirect), OnConsentLink(playBrowser(t)), ConsentTimeout(30 * time.Second)}
	acct, err := Open(ctx, "oura", opts...)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := acct.tokens.Load()
	if err != nil {
		t.Fatal(err)
	}
	// Someone else refreshes with the saved refresh token: it is spent.
	// (The sandbox runs in process: its token endpoint answers only
	// through the sandbox's own transport.)
	sbCtx := context.WithValue(ctx, oauth2.HTTPClient, &http.Client{Transport: acct.sb.Transport()})
	if _, err := acct.oauth.TokenSource(sbCtx, &oauth2.Token{RefreshToken: tok.RefreshToken}).Token(); err != nil {
		t.Fatal(err)
	}
	// The saved access token expires.
	tok.Expiry = time.Now().Add(-time.Hour)
	if err := acct.tokens.Save(tok); err != nil {
		t.Fatal(err)
	}
	acct.Close()
	acct, err = Open(ctx, "oura", opts...)
	if err != nil {
		t.Fatal(err)
	}
	defer acct.Close()
	r, _ := wearnb.NewRange(wearnb.MustDate("2025-01-01"), wearnb.MustDate("2025-01-07"))
	_, err = acct.Sleeps(ctx, r)
	if !errors.Is(err, tokenstore.ErrInvalidGrant) {
		t.Fatalf("Sleeps with a dead refresh token: errors.Is(err, ErrInvalidGrant) = false: %v", err)
	}
	for _, want := range []string{"consent is gone", acct.tokens.Path(), "run the cell again"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message lacks %q: %v", want, err)
		}
	}
	if l := revealed(err.Error(), []string{tok.AccessToken, tok.RefreshToken, sandbox.DemoClientSecret}); l != "" {
		t.Errorf("message shows %s", l)
	}
}
