package consent_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"golang.org/x/oauth2"
	"wearnb.dev/wearnb/consent"
	"wearnb.dev/wearnb/sandbox"
	"wearnb.dev/wearnb/tokenstore"
)

const chromiumPath = "/usr/bin/chromium"

// newBrowser starts one headless Chromium for a test, with a fresh profile.
// It skips when Chromium is missing, except under CI=true, where a missing
// browser fails.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI needs %s for the consent-page tests: %v", chromiumPath, err)
		}
		t.Skipf("no %s: %v", chromiumPath, err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelBrowser(); cancelAlloc() })
	if err := chromedp.Do(bctx); err != nil { // start it now
		t.Fatalf("starting Chromium: %v", err)
	}
	return bctx
}

// notebookPage serves the HTML Run shows for a link, as a notebook would
// render it.
func notebookPage(t *testing.T, link, provider string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<!doctype html><html><body><div class=\"output\">%s</div></body></html>", consent.LinkHTML(link, provider, ""))
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// clickThrough plays the person in the browser: on the notebook page it
// clicks the consent link (which opens a new tab at the local server, which
// redirects to the consent page), clicks the button, and returns the text
// the callback server's page shows.
func clickThrough(bctx context.Context, notebookURL, button string) (string, error) {
	tab, cancel := chromedp.NewContext(bctx)
	defer cancel()
	ctx, cancelT := context.WithTimeout(tab, 15*time.Second)
	defer cancelT()
	if err := chromedp.Do(ctx, chromedp.Navigate(notebookURL), chromedp.WaitVisible(chromedp.CSS("a.wearnb-consent-link"))); err != nil {
		return "", fmt.Errorf("notebook page: %w", err)
	}
	newTab := chromedp.WaitNewTarget(ctx, func(info *target.Info) bool { return info.Type == "page" })
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("a.wearnb-consent-link"))); err != nil {
		return "", fmt.Errorf("clicking the consent link: %w", err)
	}
	var id target.ID
	select {
	case id = <-newTab:
	case <-ctx.Done():
		return "", fmt.Errorf("the consent link opened no tab: %w", ctx.Err())
	}
	consentTab, cancelC := chromedp.NewContext(ctx, chromedp.WithTargetID(id))
	defer cancelC()
	if err := chromedp.Do(consentTab,
		chromedp.WaitVisible(chromedp.ID(button)),
		chromedp.Click(chromedp.ID(button)),
		chromedp.WaitVisible(chromedp.ID("wearnb-message")),
	); err != nil {
		return "", fmt.Errorf("consent page: %w", err)
	}
	return chromedp.Run(consentTab, chromedp.Text(chromedp.ID("wearnb-message")))
}

// flavorScopes are scopes each sandbox flavour knows.
var flavorScopes = map[string][]string{
	sandbox.Fitbit:       {"sleep", "activity"},
	sandbox.Oura:         {"daily", "heartrate"},
	sandbox.GoogleHealth: {"https://www.googleapis.com/auth/googlehealth.sleep.readonly", "https://www.googleapis.com/auth/googlehealth.activity_and_fitness.readonly"},
	sandbox.Jawbone:      {"sleep_read", "move_read"},
}

// sandboxConfig registers a client with a redirect on a free loopback port
// and returns a Local-mode config for it.
func sandboxConfig(t *testing.T, sb *sandbox.Server, flavor string, public bool) consent.Config {
	t.Helper()
	redirect := redirectFor(freePort(t))
	c := sandbox.Client{ID: "consent-e2e-" + flavor, Secret: "e2e-secret-" + randHex(8), RedirectURIs: []string{redirect}, Name: "wearnb consent test"}
	if public {
		c.Secret, c.Public = "", true
	}
	if err := sb.RegisterClient(flavor, c); err != nil {
		t.Fatal(err)
	}
	return consent.Config{
		OAuth2: oauth2.Config{
			ClientID: c.ID, ClientSecret: c.Secret, Endpoint: sb.Endpoint(flavor),
			RedirectURL: redirect, Scopes: flavorScopes[flavor],
		},
		Provider: flavor,
		Mode:     consent.Local,
		Timeout:  time.Minute,
		Display:  shownDisplay,
	}
}

// runWithBrowser runs the flow while the browser clicks button.
func runWithBrowser(t *testing.T, bctx context.Context, cfg consent.Config, button string) (tok *oauth2.Token, page string, err error) {
	t.Helper()
	var wg sync.WaitGroup
	var berr error
	ctx, cancel := context.WithCancel(testCtx(t))
	defer cancel()
	cfg.Ready = func(link string) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			page, berr = clickThrough(bctx, notebookPage(t, link, cfg.Provider), button)
			if berr != nil {
				cancel() // no callback will come
			}
		}()
	}
	tok, err = consent.Run(ctx, cfg)
	wg.Wait()
	if berr != nil {
		t.Errorf("browser: %v", berr)
	}
	return tok, page, err
}

// TestBrowser clicks through the sandbox's consent page of every flavour
// (Allow: token file 0600 that loads back; Deny: clear error, no file), and
// the test fake's page, in one Chromium.
func TestBrowser(t *testing.T) {
	bctx := newBrowser(t)
	t.Run("fake/allow", func(t *testing.T) {
		f := newFakeAuth(t, redirectFor(freePort(t)), "")
		tok, page, err := runWithBrowser(t, bctx, testConfig(t, f), "allow")
		if err != nil || tok == nil {
			t.Fatalf("Run: %v", err)
		}
		if !strings.Contains(page, "You can close this tab") {
			t.Errorf("page %q", page)
		}
	})
	sb, err := sandbox.Start(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	for _, flavor := range sandbox.Flavors {
		t.Run(flavor+"/allow", func(t *testing.T) {
			cfg := sandboxConfig(t, sb, flavor, false)
			dir := t.TempDir()
			store := tokenstore.OpenFor(dir, flavor, "default")
			cfg.Save = store
			tok, page, err := runWithBrowser(t, bctx, cfg, "allow")
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			if !strings.Contains(page, "You can close this tab") {
				t.Errorf("callback page says %q", page)
			}
			st, err := os.Stat(store.Path())
			if err != nil {
				t.Fatalf("token file: %v", err)
			}
			if st.Mode().Perm() != 0o600 {
				t.Errorf("token file mode %o, want 600", st.Mode().Perm())
			}
			loaded, err := store.Load()
			if err != nil || loaded.AccessToken != tok.AccessToken || loaded.RefreshToken != tok.RefreshToken {
				t.Errorf("loaded %s, %v; want the returned token", tokenstore.Redacted(loaded), err)
			}
			if !tok.Valid() || tok.RefreshToken == "" {
				t.Errorf("token %s is not a valid, refreshable token", tokenstore.Redacted(tok))
			}
		})
		t.Run(flavor+"/deny", func(t *testing.T) {
			cfg := sandboxConfig(t, sb, flavor, false)
			dir := t.TempDir()
			cfg.Save = tokenstore.OpenFor(dir, flavor, "default")
			tok, page, err := runWithBrowser(t, bctx, cfg, "deny")
			if tok != nil || !errors.Is(err, consent.ErrAccessDenied) {
				t.Fatalf("Run = %v, want ErrAccessDenied", err)
			}
			if !strings.Contains(page, "access was denied") {
				t.Errorf("callback page says %q", page)
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 0 {
				t.Errorf("files after Deny: %v", entries)
			}
			if _, err := os.Stat(filepath.Join(dir, flavor+"-default.json")); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("token file after Deny: %v", err)
			}
		})
	}
}
