// Command connect runs the OAuth2 consent flow for one provider in the
// terminal and saves the token file that notebooks and other programs load
// later. By default it talks to the built-in sandbox provider, so it works
// offline with no account:
//
//	go run ./examples/connect                         # sandbox, Fitbit flavour
//	go run ./examples/connect -provider oura          # sandbox, Oura flavour
//	go run ./examples/connect -real -provider oura    # your real Oura account
//
// It prints a link to the local callback server (which redirects to the
// consent page) and a status line; open the link, choose Allow, and the
// token is saved with mode 0600 (see package tokenstore). For a real
// provider the client ID and secret come from WEARNB_<PROVIDER>_CLIENT_ID /
// WEARNB_<PROVIDER>_CLIENT_SECRET or the secrets file (consent.Credentials),
// and the redirect URL must be the one registered with the provider. On a
// machine whose browser is elsewhere (SSH), use -paste. Ctrl+C stops the
// wait cleanly.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"

	"wearnb.dev/wearnb/consent"
	"wearnb.dev/wearnb/providers"
	"wearnb.dev/wearnb/sandbox"
	"wearnb.dev/wearnb/tokenstore"
)

func main() {
	ctx, stop := consent.InterruptContext(context.Background())
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, nil); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "connect:", err)
		}
		os.Exit(1)
	}
}

// run parses args and runs the flow, printing to out. open, if not nil,
// replaces the -browser command (tests play the browser with it).
func run(ctx context.Context, args []string, out io.Writer, open func(link string)) error {
	fs := flag.NewFlagSet("connect", flag.ContinueOnError)
	fs.SetOutput(out)
	name := fs.String("provider", "fitbit", "provider: "+strings.Join(providers.Names(), ", "))
	real := fs.Bool("real", false, "connect to the real provider instead of the built-in sandbox")
	account := fs.String("account", "default", "account name, for several accounts at one provider")
	dir := fs.String("dir", "", "token directory (default: $WEARNB_HOME/tokens or the user config dir)")
	redirect := fs.String("redirect", consent.DefaultRedirectURL, "redirect URL registered with the provider")
	paste := fs.Bool("paste", false, "paste the redirected URL instead of running a callback server (remote machines)")
	timeout := fs.Duration("timeout", consent.DefaultTimeout, "how long to wait for consent")
	trace := fs.Bool("trace", false, "print every HTTP exchange with the provider, secrets redacted")
	browser := fs.String("browser", "", "command that opens the consent link, e.g. xdg-open (default: print it)")
	autoApprove := fs.Bool("auto-approve", false, "sandbox only: approve without showing the consent page")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	out = &lockedWriter{w: out} // status lines and the trace come from several goroutines
	display := consent.Terminal(out)

	var cfg consent.Config
	key := *name
	if *real {
		p, err := providers.New(*name)
		if err != nil {
			return err
		}
		id, secret, err := consent.Credentials(p.Name(), display)
		if err != nil {
			return err
		}
		cfg = consent.New(p.Name(), p.Auth(), id, secret)
	} else {
		sb, err := sandbox.Start(sandbox.Options{AutoApprove: *autoApprove})
		if err != nil {
			return err
		}
		defer sb.Close()
		p, err := providers.Sandbox(*name, sb.URL())
		if err != nil {
			return err
		}
		// The demo client, registered with the redirect URL in use.
		uris := append([]string{*redirect}, sandbox.DemoRedirectURIs...)
		if err := sb.RegisterClient(p.Name(), sandbox.Client{ID: sandbox.DemoClientID, Secret: sandbox.DemoClientSecret, RedirectURIs: uris}); err != nil {
			return err
		}
		cfg = consent.New(p.Name()+" (sandbox)", p.Auth(), sandbox.DemoClientID, sandbox.DemoClientSecret)
		key = "sandbox-" + p.Name() // never overwrite a real account's token
		fmt.Fprintf(out, "Sandbox provider running at %s (offline; a synthetic person's data).\n", sb.URL())
	}
	cfg.OAuth2.RedirectURL = *redirect
	cfg.Display = display
	cfg.Timeout = *timeout
	cfg.Mode = consent.Local
	if *paste {
		cfg.Mode = consent.Paste
	}
	if *trace {
		cfg.Logf = func(format string, args ...any) { fmt.Fprintf(out, format+"\n", args...) }
	}
	switch {
	case open != nil:
		cfg.Ready = open
	case *browser != "":
		cfg.Ready = func(link string) {
			if err := exec.Command(*browser, link).Start(); err != nil {
				fmt.Fprintf(out, "could not start %s (%v); open the link yourself\n", *browser, err)
			}
		}
	}

	d := *dir
	if d == "" {
		var err error
		if d, err = tokenstore.DefaultDir(); err != nil {
			return err
		}
	}
	store := tokenstore.OpenFor(d, key, *account)
	cfg.Save = store

	start := time.Now()
	tok, err := consent.Run(ctx, cfg)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\nToken saved to %s after %s:\n%s\n", store.Path(), time.Since(start).Round(time.Millisecond), consent.Inspect(tok))
	return nil
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
