// Command sandbox-server runs the wearnb sandbox provider on its own: an
// OAuth2 server with a consent page and the data APIs of Fitbit, Oura,
// Google Health and Jawbone, serving a synthetic person. Use it for teaching,
// or to point a notebook or a client at a server that keeps running.
//
//	go run ./examples/sandbox-server -addr 127.0.0.1:8975 -seed 1
//
// It listens on loopback only unless -allow-remote is given. -state FILE
// keeps grants and tokens across restarts; -v logs every request.
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"wearnb.dev/wearnb/sandbox"
	"wearnb.dev/wearnb/sandbox/synth"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, nil); err != nil {
		fmt.Fprintln(os.Stderr, "sandbox-server:", err)
		os.Exit(1)
	}
}

// run parses args, starts the server, prints its endpoints to out and serves
// until a signal arrives or stop is closed (tests pass stop).
func run(args []string, out io.Writer, stop <-chan struct{}) error {
	fs := flag.NewFlagSet("sandbox-server", flag.ContinueOnError)
	fs.SetOutput(out)
	addr := fs.String("addr", "127.0.0.1:8975", "listen address (host:port); loopback only unless -allow-remote")
	seed := fs.Int64("seed", 1, "seed of the synthetic person")
	allowRemote := fs.Bool("allow-remote", false, "allow a non-loopback listen address")
	verbose := fs.Bool("v", false, "log every request")
	state := fs.String("state", "", "keep grants and tokens in this file across restarts (default: memory only)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := checkAddr(*addr, *allowRemote); err != nil {
		return err
	}
	opts := sandbox.Options{Person: synth.New(synth.Config{Seed: *seed}), AllowRemote: *allowRemote, StateFile: *state}
	if *verbose {
		opts.Logf = log.New(out, "", log.LstdFlags).Printf
	}
	srv, err := sandbox.StartAt(*addr, opts)
	if err != nil {
		return err
	}
	defer srv.Close()
	printEndpoints(out, srv, *seed)
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sig)
	select {
	case <-sig:
	case <-stop:
	}
	fmt.Fprintln(out, "shutting down")
	return nil
}

// checkAddr refuses non-loopback hosts unless allowed.
func checkAddr(addr string, allowRemote bool) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("bad -addr %q: %w", addr, err)
	}
	if allowRemote {
		return nil
	}
	ip := net.ParseIP(host)
	if host == "localhost" || (ip != nil && ip.IsLoopback()) {
		return nil
	}
	return fmt.Errorf("refusing to listen on %q: not a loopback address (the sandbox's demo secret is public); pass -allow-remote to override", addr)
}

func printEndpoints(out io.Writer, srv *sandbox.Server, seed int64) {
	fmt.Fprintf(out, "wearnb sandbox provider listening on %s (synthetic person seed %d)\n\n", srv.URL(), seed)
	for _, f := range sandbox.Flavors {
		ep := srv.Endpoint(f)
		fmt.Fprintf(out, "%s\n  authorize  %s\n  token      %s\n  data API   %s\n", f, ep.AuthURL, ep.TokenURL, srv.APIBase(f))
	}
	fmt.Fprintf(out, "\ndemo client (every flavour)\n  client_id      %s\n  client_secret  %s\n  redirect URIs  %s (any port)\n",
		sandbox.DemoClientID, sandbox.DemoClientSecret, strings.Join(sandbox.DemoRedirectURIs, ", "))
	fmt.Fprintln(out, "\nPress Ctrl-C to stop.")
}
