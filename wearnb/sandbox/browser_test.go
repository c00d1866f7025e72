package sandbox

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"golang.org/x/oauth2"
)

const chromiumPath = "/usr/bin/chromium"

// browser starts headless Chromium, or skips when it is missing outside CI.
func browser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "" {
			t.Skipf("no %s (apt-get install chromium); under CI=true this fails", chromiumPath)
		}
		t.Fatalf("CI needs %s: %v", chromiumPath, err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelB := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelB(); cancelA() })
	// The first call starts the browser; it must not carry a timeout.
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// step runs one action with a time limit.
func step[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(c, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// callbackListener is a tiny loopback server standing in for the app's
// redirect URI; it reports each callback's query.
func callbackListener(t *testing.T) (string, <-chan url.Values) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan url.Values, 4)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/callback" {
			http.NotFound(w, r)
			return
		}
		got <- r.URL.Query()
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<!doctype html><title>done</title><p id=done>You can close this tab.</p>"))
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String() + "/callback", got
}

func TestConsentPageInBrowser(t *testing.T) {
	ctx := browser(t)
	e := newEnv(t, Options{})
	redirect, got := callbackListener(t)
	if err := e.srv.RegisterClient(Fitbit, Client{ID: "notebook-app", Secret: "s3cret", RedirectURIs: []string{redirect}, Name: "Sleep Notebook"}); err != nil {
		t.Fatal(err)
	}
	cfg := &oauth2.Config{ClientID: "notebook-app", ClientSecret: "s3cret", Endpoint: e.srv.Endpoint(Fitbit), RedirectURL: redirect, Scopes: []string{"sleep", "activity"}}

	for _, c := range []struct{ button, state string }{{"#allow", "state-allow-1"}, {"#deny", "state-deny-2"}} {
		t.Run(c.button, func(t *testing.T) {
			verifier := oauth2.GenerateVerifier()
			step(t, ctx, "load consent page", chromedp.Steps(
				chromedp.Navigate(cfg.AuthCodeURL(c.state, oauth2.S256ChallengeOption(verifier))),
				chromedp.WaitVisible(chromedp.CSS(c.button)),
			))
			title := step(t, ctx, "title", chromedp.Title())
			scopes := step(t, ctx, "scopes", chromedp.Text(chromedp.CSS("#scopes")))
			if !strings.Contains(title, "Sleep Notebook") || !strings.Contains(title, "Fitbit") {
				t.Errorf("title %q lacks the app and provider names", title)
			}
			if !strings.Contains(scopes, "Sleep: sleep logs and stages") || !strings.Contains(scopes, "Activity and exercise") {
				t.Errorf("scopes not listed readably: %q", scopes)
			}
			if shot := os.Getenv("WEARNB_SCREENSHOT"); shot != "" && c.button == "#allow" {
				os.WriteFile(shot, step(t, ctx, "screenshot", chromedp.FullScreenshot(100)), 0o644)
			}
			step(t, ctx, "click "+c.button, chromedp.Steps(chromedp.Click(chromedp.CSS(c.button)), chromedp.WaitVisible(chromedp.CSS("#done"))))
			var q url.Values
			select {
			case q = <-got:
			case <-time.After(30 * time.Second):
				t.Fatal("no callback")
			}
			if q.Get("state") != c.state {
				t.Errorf("state %q, want %q", q.Get("state"), c.state)
			}
			if c.button == "#deny" {
				if q.Get("error") != "access_denied" || q.Get("code") != "" {
					t.Errorf("deny callback %v", q)
				}
				return
			}
			if q.Get("code") == "" || q.Get("error") != "" {
				t.Fatalf("allow callback %v", q)
			}
			tok, err := cfg.Exchange(context.Background(), q.Get("code"), oauth2.VerifierOption(verifier))
			if err != nil {
				t.Fatalf("exchange the browser's code: %v", err)
			}
			if tok.Extra("scope") != "sleep activity" {
				t.Errorf("granted scope %v", tok.Extra("scope"))
			}
		})
	}

	t.Run("bad redirect shows an error page", func(t *testing.T) {
		c2 := *cfg
		c2.RedirectURL = redirect + "x"
		step(t, ctx, "load", chromedp.Navigate(c2.AuthCodeURL("s")))
		msg := step(t, ctx, "error text", chromedp.Text(chromedp.CSS("#error")))
		if !strings.Contains(msg, "redirect_uri") {
			t.Errorf("error page says %q", msg)
		}
		select {
		case q := <-got:
			t.Fatalf("redirected anyway: %v", q)
		default:
		}
	})
}
