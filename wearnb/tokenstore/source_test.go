package tokenstore

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// setup saves the provider's expired initial token in a fresh directory.
func setup(t *testing.T, p *fakeProvider) *File {
	t.Helper()
	f := OpenFor(t.TempDir(), "fitbit", "default")
	if err := f.Save(p.initialToken()); err != nil {
		t.Fatal(err)
	}
	return f
}

func mustLoad(t *testing.T, f *File) *oauth2.Token {
	t.Helper()
	tok, err := f.Load()
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func callAPI(t *testing.T, client *http.Client, p *fakeProvider) {
	t.Helper()
	resp, err := client.Get(p.srv.URL + "/api/profile")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("API answered %s", resp.Status)
	}
}

func TestRefreshRotatesAndSavesBeforeUse(t *testing.T) {
	p := newFakeProvider(t)
	f := setup(t, p)
	// The first request with a token must find that token already on disk.
	var apiChecks int
	p.onAPI = func(access string) {
		apiChecks++
		onDisk, err := f.Load()
		if err != nil || onDisk.AccessToken != access {
			t.Errorf("the API got a token that is not the one on disk (%v)", err)
		}
	}
	start := time.Now()
	callAPI(t, f.Client(p.ctx(t), p.config()), p)

	grants, pairs, api, presented := p.stats()
	if grants != 1 || pairs != 1 || api != 1 || apiChecks != 1 {
		t.Errorf("grants, pairs, API calls = %d, %d, %d; want 1, 1, 1", grants, pairs, api)
	}
	if want := []string{"rt0-" + p.suffix}; !slices.Equal(presented, want) {
		t.Errorf("refresh tokens presented = %q, want %q", presented, want)
	}
	tok := mustLoad(t, f)
	if tok.AccessToken != "at1-"+p.suffix || tok.RefreshToken != "rt1-"+p.suffix {
		t.Errorf("file holds %s, want the rotated pair 1", Redacted(tok))
	}
	if tok.Extra("scope") != "sleep activity" || tok.Extra("user_id") != "USER1" {
		t.Errorf("extras after refresh: scope %v, user_id %v", tok.Extra("scope"), tok.Extra("user_id"))
	}
	if d := tok.Expiry.Sub(start); d < 8*time.Hour-time.Minute || d > 8*time.Hour+time.Minute {
		t.Errorf("expiry %v is not about 8 h after the refresh", tok.Expiry)
	}

	// Pair 1 has been used, so the old refresh token is dead; the next
	// refresh must present rt1.
	p.mu.Lock()
	p.expiresIn = 5 // shorter than the early-expiry margin: expired at once
	p.mu.Unlock()
	timeNow = func() time.Time { return time.Now().Add(9 * time.Hour) } // at1 has expired
	t.Cleanup(func() { timeNow = time.Now })
	ts := f.TokenSource(p.ctx(t), p.config())
	for i, want := range []string{"at2-", "at3-"} {
		got, err := ts.Token()
		if err != nil {
			t.Fatal(err)
		}
		if got.AccessToken != want+p.suffix {
			t.Errorf("refresh %d gave %s, want %s…", i+2, got.AccessToken, want)
		}
		if onDisk := mustLoad(t, f); onDisk.AccessToken != got.AccessToken || onDisk.RefreshToken != got.RefreshToken {
			t.Errorf("refresh %d: the returned pair is not the one on disk", i+2)
		}
	}
	_, _, _, presented = p.stats()
	if want := []string{"rt0-" + p.suffix, "rt1-" + p.suffix, "rt2-" + p.suffix}; !slices.Equal(presented, want) {
		t.Errorf("refresh tokens presented = %q, want %q", presented, want)
	}
}

func TestRefreshEarlyExpiry(t *testing.T) {
	for _, tc := range []struct {
		left   time.Duration
		grants int
	}{{10 * time.Second, 1}, {10 * time.Minute, 0}} {
		p := newFakeProvider(t)
		f := OpenFor(t.TempDir(), "fitbit", "")
		tok := p.initialToken()
		tok.Expiry = time.Now().Add(tc.left)
		f.Save(tok)
		if _, err := f.TokenSource(p.ctx(t), p.config()).Token(); err != nil {
			t.Fatal(err)
		}
		if grants, _, _, _ := p.stats(); grants != tc.grants {
			t.Errorf("token with %v left: %d refreshes, want %d", tc.left, grants, tc.grants)
		}
	}
}

func TestRefreshLostResponse(t *testing.T) {
	p := newFakeProvider(t)
	p.dropNext = 1
	f := setup(t, p)
	got, err := f.TokenSource(p.ctx(t), p.config()).Token()
	if err != nil {
		t.Fatal(err)
	}
	grants, pairs, _, presented := p.stats()
	if grants != 2 || pairs != 1 {
		t.Errorf("grants, pairs = %d, %d; want 2 requests for 1 pair", grants, pairs)
	}
	rt0 := "rt0-" + p.suffix
	if !slices.Equal(presented, []string{rt0, rt0}) {
		t.Errorf("presented %q, want the identical retry with rt0", presented)
	}
	if got.AccessToken != "at1-"+p.suffix || got.RefreshToken != "rt1-"+p.suffix {
		t.Errorf("got %s, want pair 1", Redacted(got))
	}
	if onDisk := mustLoad(t, f); onDisk.AccessToken != got.AccessToken || onDisk.RefreshToken != got.RefreshToken {
		t.Errorf("file holds %s, want pair 1", Redacted(onDisk))
	}
	callAPI(t, f.Client(p.ctx(t), p.config()), p)
}

func shortBackoff(t *testing.T) {
	old := refreshBackoff
	refreshBackoff = []time.Duration{time.Millisecond, time.Millisecond}
	t.Cleanup(func() { refreshBackoff = old })
}

func TestRefresh5xx(t *testing.T) {
	shortBackoff(t)
	t.Run("retried", func(t *testing.T) {
		p := newFakeProvider(t)
		p.fail503Next = 2
		f := setup(t, p)
		if _, err := f.TokenSource(p.ctx(t), p.config()).Token(); err != nil {
			t.Fatal(err)
		}
		if grants, pairs, _, _ := p.stats(); grants != 3 || pairs != 1 {
			t.Errorf("grants, pairs = %d, %d; want 3, 1", grants, pairs)
		}
	})
	t.Run("gives up", func(t *testing.T) {
		p := newFakeProvider(t)
		p.fail503Next = 100
		f := setup(t, p)
		before, _ := os.ReadFile(f.Path())
		_, err := f.TokenSource(p.ctx(t), p.config()).Token()
		var re *RefreshError
		if !errors.As(err, &re) || re.Attempts != 3 || errors.Is(err, ErrInvalidGrant) {
			t.Fatalf("error = %v, want a RefreshError after 3 attempts", err)
		}
		if !strings.Contains(err.Error(), "HTTP 503") {
			t.Errorf("error %q does not give the status", err)
		}
		if grants, _, _, _ := p.stats(); grants != 3 {
			t.Errorf("grants = %d, want 3", grants)
		}
		if after, _ := os.ReadFile(f.Path()); string(after) != string(before) {
			t.Error("a failed refresh changed the file")
		}
	})
}

func TestRefreshClientErrorNotRetried(t *testing.T) {
	p := newFakeProvider(t)
	f := setup(t, p)
	cfg := p.config()
	cfg.ClientSecret = "wrong-secret-" + randHex(8)
	_, err := f.TokenSource(p.ctx(t), cfg).Token()
	var re *RefreshError
	if !errors.As(err, &re) || re.Attempts != 1 || errors.Is(err, ErrInvalidGrant) {
		t.Fatalf("error = %v, want one attempt, not invalid_grant", err)
	}
	if !strings.Contains(err.Error(), `HTTP 401 "invalid_client"`) {
		t.Errorf("error %q does not explain the 401", err)
	}
	if strings.Contains(err.Error(), cfg.ClientSecret) {
		t.Error("error contains the client secret")
	}
	if grants, _, _, _ := p.stats(); grants != 1 {
		t.Errorf("grants = %d, want 1", grants)
	}
}

func TestRefreshInvalidGrant(t *testing.T) {
	for _, rfc := range []bool{false, true} {
		name := map[bool]string{false: "fitbit body", true: "rfc6749 body"}[rfc]
		t.Run(name, func(t *testing.T) {
			p := newFakeProvider(t)
			p.rfcErrors = rfc
			f := OpenFor(t.TempDir(), "fitbit", "")
			stale := p.initialToken()
			stale.RefreshToken = "rt-already-used-" + p.suffix
			f.Save(stale)
			before, _ := os.ReadFile(f.Path())

			_, err := f.TokenSource(p.ctx(t), p.config()).Token()
			if !errors.Is(err, ErrInvalidGrant) {
				t.Fatalf("error = %v, want ErrInvalidGrant", err)
			}
			var re *RefreshError
			if !errors.As(err, &re) || re.Attempts != 1 || re.Path != f.Path() {
				t.Errorf("error = %#v, want a RefreshError for %s after 1 attempt", err, f.Path())
			}
			var rerr *oauth2.RetrieveError
			if !errors.As(err, &rerr) || rerr.Response == nil || rerr.Response.StatusCode != 400 {
				t.Fatalf("the cause is not the 400 RetrieveError: %v", err)
			}
			if strings.Contains(string(rerr.Body), stale.RefreshToken) || strings.Contains(rerr.ErrorDescription, stale.RefreshToken) {
				t.Error("the wrapped RetrieveError still quotes the refresh token")
			}
			if rerr.Response.Request != nil {
				t.Error("the wrapped RetrieveError keeps the request (and its Basic header)")
			}
			msg := err.Error()
			for _, want := range []string{f.Path(), "already used or has been revoked", "consent flow", "invalid_grant"} {
				if !strings.Contains(msg, want) {
					t.Errorf("message %q lacks %q", msg, want)
				}
			}
			if strings.Contains(msg, stale.RefreshToken) || strings.Contains(msg, "\n") {
				t.Errorf("message %q quotes the token or spans lines", msg)
			}
			if after, _ := os.ReadFile(f.Path()); string(after) != string(before) {
				t.Error("a rejected refresh changed the file")
			}
		})
	}
}

func TestRefreshKeepsOmittedFields(t *testing.T) {
	p := newFakeProvider(t)
	p.omitRefresh = true
	f := setup(t, p)
	got, err := f.TokenSource(p.ctx(t), p.config()).Token()
	if err != nil {
		t.Fatal(err)
	}
	onDisk := mustLoad(t, f)
	for _, tok := range []*oauth2.Token{got, onDisk} {
		if tok.AccessToken != "at1-"+p.suffix || tok.RefreshToken != "rt0-"+p.suffix {
			t.Errorf("token %s: want the new access token with the old refresh token", Redacted(tok))
		}
		if tok.Extra("scope") != "sleep activity" {
			t.Errorf("scope = %v, want the scope granted before", tok.Extra("scope"))
		}
	}
}

func TestRefreshUsesTokenRefreshedElsewhere(t *testing.T) {
	p := newFakeProvider(t)
	f := setup(t, p)
	valid := p.initialToken()
	valid.Expiry = time.Now().Add(time.Hour)
	f.Save(valid)

	a := Open(f.Path()).TokenSource(p.ctx(t), p.config())
	b := Open(f.Path()).TokenSource(p.ctx(t), p.config())
	if tok, err := a.Token(); err != nil || tok.AccessToken != valid.AccessToken {
		t.Fatalf("a.Token() = %v, %v", tok, err)
	}
	timeNow = func() time.Time { return time.Now().Add(2 * time.Hour) } // at0 has expired
	t.Cleanup(func() { timeNow = time.Now })
	tb, err := b.Token()
	if err != nil {
		t.Fatal(err)
	}
	ta, err := a.Token() // a's at0 is expired, but the file has b's pair
	if err != nil {
		t.Fatal(err)
	}
	if ta.AccessToken != tb.AccessToken || ta.AccessToken != "at1-"+p.suffix {
		t.Errorf("a got %s, b got %s; want both pair 1", Redacted(ta), Redacted(tb))
	}
	if grants, _, _, _ := p.stats(); grants != 1 {
		t.Errorf("grants = %d, want 1", grants)
	}
}

func TestRefreshConcurrentSources(t *testing.T) {
	p := newFakeProvider(t)
	f := setup(t, p)
	const n = 4
	var (
		wg     sync.WaitGroup
		tokens [n]string
		errs   [n]error
		start  = make(chan struct{})
	)
	for i := range n {
		ts := Open(f.Path()).TokenSource(p.ctx(t), p.config())
		wg.Go(func() {
			<-start
			tok, err := ts.Token()
			errs[i] = err
			if err == nil {
				tokens[i] = tok.AccessToken
			}
		})
	}
	close(start)
	wg.Wait()
	for i := range n {
		if errs[i] != nil || tokens[i] != "at1-"+p.suffix {
			t.Errorf("source %d: %v, token %q", i, errs[i], tokens[i])
		}
	}
	if grants, _, _, _ := p.stats(); grants != 1 {
		t.Errorf("grants = %d, want 1", grants)
	}
}

func TestRefreshSaveFailureDoesNotUseToken(t *testing.T) {
	p := newFakeProvider(t)
	f := setup(t, p)
	orig, _ := os.ReadFile(f.Path())
	sabotage := true
	p.onGrant = func(string) {
		if sabotage { // a directory where the file goes: the rename fails
			os.Remove(f.Path())
			os.MkdirAll(filepath.Join(f.Path(), "blocker"), 0o700)
		}
	}
	ts := f.TokenSource(p.ctx(t), p.config())
	tok, err := ts.Token()
	if err == nil || tok != nil {
		t.Fatalf("Token() = %v, %v; want an error when the new pair cannot be saved", tok, err)
	}
	if !strings.Contains(err.Error(), "not used") {
		t.Errorf("error %q should say the token was not used", err)
	}

	p.mu.Lock()
	sabotage = false
	p.mu.Unlock()
	os.RemoveAll(f.Path())
	os.WriteFile(f.Path(), orig, 0o600)
	tok, err = ts.Token() // the identical retry gets the same, unused pair
	if err != nil {
		t.Fatal(err)
	}
	grants, pairs, _, presented := p.stats()
	if tok.AccessToken != "at1-"+p.suffix || grants != 2 || pairs != 1 || presented[1] != "rt0-"+p.suffix {
		t.Errorf("got %s after %d grants, %d pairs; want pair 1 from an identical retry", Redacted(tok), grants, pairs)
	}
	if matches, _ := filepath.Glob(filepath.Join(filepath.Dir(f.Path()), ".*.tmp-*")); len(matches) != 0 {
		t.Errorf("temporary files left: %q", matches)
	}
}

func TestLockHonoursContext(t *testing.T) {
	p := newFakeProvider(t)
	f := setup(t, p)
	unlock, err := f.lock(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()

	ctx, cancel := context.WithTimeout(p.ctx(t), 150*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = f.TokenSource(ctx, p.config()).Token()
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), f.Path()+".lock") {
		t.Errorf("Token() with the lock held elsewhere: %v; want DeadlineExceeded naming the lock", err)
	}
	if err := f.SaveContext(ctx, p.initialToken()); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("SaveContext with the lock held elsewhere: %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("gave up after %v", d)
	}
	if grants, _, _, _ := p.stats(); grants != 0 {
		t.Errorf("grants = %d without the lock", grants)
	}
}

func TestTokenSourceErrors(t *testing.T) {
	p := newFakeProvider(t)
	dir := t.TempDir()

	_, err := Open(filepath.Join(dir, "none.json")).TokenSource(p.ctx(t), p.config()).Token()
	if !errors.Is(err, ErrNoToken) {
		t.Errorf("no file: %v, want ErrNoToken", err)
	}

	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"format":"wearnb-token","vers`), 0o600)
	var fe *FileError
	if _, err := Open(bad).TokenSource(p.ctx(t), p.config()).Token(); !errors.As(err, &fe) {
		t.Errorf("corrupt file: %v, want a FileError", err)
	}

	f := Open(filepath.Join(dir, "norefresh.json"))
	f.Save(&oauth2.Token{AccessToken: "a-" + p.suffix, Expiry: time.Now().Add(-time.Minute)})
	_, err = f.TokenSource(p.ctx(t), p.config()).Token()
	var re *RefreshError
	if !errors.As(err, &re) || !strings.Contains(err.Error(), "no refresh token") || !strings.Contains(err.Error(), "consent flow") {
		t.Errorf("expired without refresh token: %v", err)
	}
	if grants, _, _, _ := p.stats(); grants != 0 {
		t.Errorf("grants = %d, want 0", grants)
	}
}

func TestTokenSourceNilArguments(t *testing.T) {
	p := newFakeProvider(t)
	f := setup(t, p)
	//lint:ignore SA1012 nil context is what this test is about
	_, err := f.TokenSource(nil, nil).Token()
	var re *RefreshError
	if !errors.As(err, &re) || !strings.Contains(err.Error(), "oauth2.Config") {
		t.Errorf("Token() without a config = %v, want a RefreshError", err)
	}
}
