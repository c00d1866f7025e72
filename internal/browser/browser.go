// Package browser drives Debian's headless Chromium for wearnb's end-to-end
// tests: open a page, click a button, report where the browser ended up.
// It is internal because it exists for tests and test tools only.
package browser

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"time"

	"github.com/chromedp/chromedp"
)

// DefaultPath is where Debian installs Chromium.
const DefaultPath = "/usr/bin/chromium"

// ErrNoBrowser is returned when no Chromium binary can be found.
var ErrNoBrowser = errors.New("browser: chromium not found (install Debian's chromium package, or set WEARNB_CHROMIUM)")

// Path returns the Chromium binary to use: $WEARNB_CHROMIUM, else
// /usr/bin/chromium, else chromium or chromium-browser on PATH.
func Path() (string, error) {
	if p := os.Getenv("WEARNB_CHROMIUM"); p != "" {
		return p, nil
	}
	if _, err := os.Stat(DefaultPath); err == nil {
		return DefaultPath, nil
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", ErrNoBrowser
}

// New starts a headless Chromium with a fresh profile and returns a browser
// context and its cancel func, which stops the browser. The flags keep
// Chromium from reaching for the (closed) network on its own.
func New(ctx context.Context) (context.Context, context.CancelFunc, error) {
	path, err := Path()
	if err != nil {
		return nil, nil, err
	}
	dir, err := os.MkdirTemp("", "wearnb-chromium-")
	if err != nil {
		return nil, nil, fmt.Errorf("browser: profile dir: %w", err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.UserDataDir(dir),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
	}
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	if err := chromedp.Do(bctx); err != nil {
		bcancel()
		acancel()
		os.RemoveAll(dir)
		return nil, nil, fmt.Errorf("browser: start %s: %w", path, err)
	}
	return bctx, func() {
		bcancel()
		acancel()
		os.RemoveAll(dir)
	}, nil
}

// Click opens url, waits for selector to be visible, clicks it, and returns
// the URL the browser shows once the page that follows has loaded.
func Click(ctx context.Context, url, selector string) (string, error) {
	bctx, cancel, err := New(ctx)
	if err != nil {
		return "", err
	}
	defer cancel()
	err = chromedp.Do(bctx,
		chromedp.Navigate(url),
		chromedp.WaitVisible(chromedp.CSS(selector)),
	)
	var before, final string
	if err == nil {
		before, err = chromedp.Run(bctx, chromedp.Location())
	}
	if err == nil {
		err = chromedp.Do(bctx, chromedp.Click(chromedp.CSS(selector)))
	}
	// The click submits a form; wait until the browser has left the page.
	for err == nil {
		final, err = chromedp.Run(bctx, chromedp.Location())
		if err != nil || final != before {
			break
		}
		select {
		case <-ctx.Done():
			err = ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
	if err == nil {
		err = chromedp.Do(bctx, chromedp.WaitReady(chromedp.CSS("body")))
	}
	if err != nil {
		return final, fmt.Errorf("browser: click %s on %s: %w", selector, url, err)
	}
	return final, nil
}
