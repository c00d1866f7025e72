package tokenstore

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"
	"wearnb.dev/wearnb/internal/redact"
)

func TestRedacted(t *testing.T) {
	tok := (&oauth2.Token{
		AccessToken:  "secret-access",
		RefreshToken: "secret-refresh",
		Expiry:       time.Date(2026, 11, 24, 1, 2, 3, 0, time.UTC),
	}).WithExtra(map[string]any{"scope": "sleep"})
	for _, tc := range []struct {
		tok  *oauth2.Token
		want string
	}{
		{tok, `token{access:redacted refresh:redacted type:Bearer expiry:2026-11-24T01:02:03Z scope:"sleep"}`},
		{&oauth2.Token{AccessToken: "x", TokenType: "mac"}, `token{access:redacted refresh:none type:MAC expiry:never}`},
		{nil, `token{nil}`},
	} {
		if got := Redacted(tc.tok); got != tc.want {
			t.Errorf("Redacted() = %s, want %s", got, tc.want)
		}
	}
	st := SafeToken{tok}
	for _, got := range []string{fmt.Sprint(st), fmt.Sprintf("%+v", &st), fmt.Sprintf("%#v", st), st.String()} {
		if got != Redacted(tok) {
			t.Errorf("SafeToken printed %q, want %q", got, Redacted(tok))
		}
	}
	if got := fmt.Sprintf("%q", st); got != fmt.Sprintf("%q", Redacted(tok)) {
		t.Errorf("%%q of SafeToken = %s", got)
	}
	if st.AccessToken != "secret-access" {
		t.Error("SafeToken hides the token from code that needs it")
	}
}

// TestNothingLeaks prints every kind of value and error this package makes
// in every way Go code commonly prints them, and looks for token and client
// secret strings in the output.
func TestNothingLeaks(t *testing.T) {
	shortBackoff(t)
	p := newFakeProvider(t)
	f := setup(t, p)
	dir := filepath.Dir(f.Path())
	tok := p.initialToken()
	extra := []string{"rt-already-used-" + p.suffix, "wrong-secret-" + p.suffix, "bad-access-" + p.suffix}
	values := map[string]any{
		"SafeToken":      SafeToken{tok},
		"*SafeToken":     &SafeToken{tok},
		"SafeToken(nil)": SafeToken{},
		"File":           f,
	}

	// A token source holding a refreshed token, and a client.
	ts := f.TokenSource(p.ctx(t), p.config())
	if _, err := ts.Token(); err != nil {
		t.Fatal(err)
	}
	values["TokenSource"] = ts
	values["Client"] = f.Client(p.ctx(t), p.config())

	errs := map[string]error{}
	_, errs["no file"] = Open(filepath.Join(dir, "none.json")).Load()

	// Unusable files whose content holds secrets.
	saved, _ := os.ReadFile(f.Path())
	i := bytes.Index(saved, []byte("at1-")) + 20
	trunc := filepath.Join(dir, "trunc.json")
	os.WriteFile(trunc, saved[:i], 0o600)
	_, errs["truncated"] = Open(trunc).Load()
	ctrl := filepath.Join(dir, "ctrl.json")
	os.WriteFile(ctrl, []byte(`{"format":"wearnb-token","version":1,"access_token":"`+extra[2]+`\u0001"}`), 0o600)
	_, errs["control char"] = Open(ctrl).Load()
	wrong := filepath.Join(dir, "wrongtype.json")
	os.WriteFile(wrong, []byte(`{"format":"wearnb-token","version":1,"access_token":["`+extra[2]+`"]}`), 0o600)
	_, errs["wrong type"] = Open(wrong).Load()
	errs["save invalid"] = Open(trunc).Save(&oauth2.Token{AccessToken: extra[2] + "\n"})

	// Refresh failures.
	for _, rfc := range []bool{false, true} {
		p2 := newFakeProvider(t)
		p2.clientSecret = p.clientSecret
		p2.rfcErrors = rfc
		g := Open(filepath.Join(dir, fmt.Sprintf("stale%v.json", rfc)))
		stale := p.initialToken()
		stale.RefreshToken = extra[0]
		g.Save(stale)
		_, errs[fmt.Sprintf("invalid_grant rfc=%v", rfc)] = g.TokenSource(p2.ctx(t), p2.config()).Token()
	}
	cfg := p.config()
	cfg.ClientSecret = extra[1]
	g := Open(filepath.Join(dir, "client.json"))
	g.Save(p.initialToken())
	_, errs["invalid_client"] = g.TokenSource(p.ctx(t), cfg).Token()
	p.fail503Next = 100
	_, errs["503"] = g.TokenSource(p.ctx(t), p.config()).Token()
	p.fail503Next = 0
	closed := newFakeProvider(t)
	closed.clientSecret = p.clientSecret
	closed.srv.Close()
	_, errs["connection refused"] = g.TokenSource(closed.ctx(t), closed.config()).Token()
	unlock, _ := g.lock(context.Background())
	ctx, cancel := context.WithTimeout(p.ctx(t), 50*time.Millisecond)
	_, errs["lock timeout"] = g.TokenSource(ctx, p.config()).Token()
	cancel()
	unlock()
	h := Open(filepath.Join(dir, "norefresh.json"))
	h.Save(&oauth2.Token{AccessToken: extra[2], Expiry: time.Now().Add(-time.Hour)})
	_, errs["no refresh token"] = h.TokenSource(p.ctx(t), p.config()).Token()
	errs["scrubbed"] = sanitizeError(fmt.Errorf("boom %s: %w", extra[2], context.DeadlineExceeded), redact.Known(extra[2]))
	if !errors.Is(errs["scrubbed"], context.DeadlineExceeded) {
		t.Error("a scrubbed error no longer matches its context error")
	}
	t.Setenv("GONB_TMP_DIR", dir)
	t.Setenv("WEARNB_HOME", dir)
	_, errs["DefaultDir"] = DefaultDir()

	for name, err := range errs {
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		values["error "+name] = err
		for j, e := range chain(err) {
			values[fmt.Sprintf("error %s, cause %d", name, j)] = e
		}
	}

	secrets := append(p.secrets(), extra...)
	for name, v := range values {
		var outs []string
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%d", "%x"} {
			outs = append(outs, fmt.Sprintf(verb, v))
		}
		if s, ok := v.(fmt.Stringer); ok {
			outs = append(outs, s.String())
		}
		if s, ok := v.(fmt.GoStringer); ok {
			outs = append(outs, s.GoString())
		}
		if e, ok := v.(error); ok {
			outs = append(outs, e.Error())
		}
		if data, err := json.Marshal(v); err == nil {
			outs = append(outs, string(data))
		}
		var buf bytes.Buffer
		slog.New(slog.NewTextHandler(&buf, nil)).Info("x", "v", v)
		slog.New(slog.NewJSONHandler(&buf, nil)).Info("x", "v", v)
		outs = append(outs, buf.String())
		for _, out := range outs {
			for _, s := range secrets {
				if strings.Contains(out, s) {
					t.Errorf("%s printed a secret: %s", name, out)
				}
			}
		}
	}
	t.Logf("checked %d values, %d errors", len(values), len(errs))
}

// chain returns every error wrapped by err, depth first.
func chain(err error) []error {
	var out []error
	var walk func(error)
	walk = func(e error) {
		switch u := e.(type) {
		case interface{ Unwrap() error }:
			if c := u.Unwrap(); c != nil {
				out = append(out, c)
				walk(c)
			}
		case interface{ Unwrap() []error }:
			for _, c := range u.Unwrap() {
				out = append(out, c)
				walk(c)
			}
		}
	}
	walk(err)
	return out
}
