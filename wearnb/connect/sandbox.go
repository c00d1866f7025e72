package connect

import (
	"fmt"
	"net"
	"slices"
	"strconv"
	"strings"

	"wearnb.dev/wearnb/consent"
	"wearnb.dev/wearnb/internal/paths"
	"wearnb.dev/wearnb/sandbox"
	"wearnb.dev/wearnb/tokenstore"
)

// StartSandbox starts the built-in sandbox provider listening on addr
// (DefaultSandboxAddr, or "127.0.0.1:0" for a free port) for this process,
// for teaching the flow step by step with a browser and real HTTP. Its
// grants and tokens are kept in the wearnb home ($WEARNB_HOME, else the
// user's config folder), shared safely with other processes, so that a
// token issued in one notebook cell still works in the next, which GoNB
// runs as a new program. Close it when the cell is done. (Open's Sandbox()
// needs none of this: it runs the sandbox in-process.)
func StartSandbox(addr string) (*sandbox.Server, error) {
	opts, err := sandboxOptions(options{}, paths.Default())
	if err != nil {
		return nil, err
	}
	sb, err := sandbox.StartAt(addr, opts)
	if err != nil {
		return nil, fmt.Errorf("connect: start the sandbox on %s: %w", addr, err)
	}
	return sb, nil
}

// TokenFile returns the token file of a provider account in the wearnb home
// ($WEARNB_HOME/tokens, else tokenstore.DefaultDir). provider is the key
// token files use: the provider's name, with "-sandbox" for the sandbox.
func TokenFile(provider, account string) (*tokenstore.File, error) {
	dir, err := paths.Default().Tokens()
	if err != nil {
		return nil, fmt.Errorf("connect: %w", err)
	}
	return tokenstore.OpenFor(dir, provider, account), nil
}

// sandboxOptions are o's sandbox options with the state file in home
// unless they name one.
func sandboxOptions(o options, home paths.Layout) (sandbox.Options, error) {
	opts := o.sandboxOpts
	if opts.StateFile == "" {
		p, err := home.SandboxState()
		if err != nil {
			return opts, fmt.Errorf("connect: %w", err)
		}
		opts.StateFile = p
	}
	return opts, nil
}

// newSandbox returns the in-process sandbox of an Account: not listening,
// its state in home.
func newSandbox(o options, home paths.Layout) (*sandbox.Server, error) {
	opts, err := sandboxOptions(o, home)
	if err != nil {
		return nil, err
	}
	sb, err := sandbox.NewWithState(opts)
	if err != nil {
		return nil, fmt.Errorf("connect: sandbox: %w", err)
	}
	return sb, nil
}

// listenForConsent opens sb's consent page on addr (a free loopback port
// when empty) and points cfg at it: the authorize URL moves from the
// in-process URL to the listener, and the redirect URL, unless the caller
// chose one, to a free loopback port (the demo client accepts any). A
// redirect URL the caller chose is registered for the client of flavor, as
// if the app had registered it. done frees the port.
func listenForConsent(sb *sandbox.Server, cfg *consent.Config, flavor, addr string, redirectSet bool) (done func(), err error) {
	if redirectSet {
		c, ok := sb.LookupClient(flavor, cfg.OAuth2.ClientID)
		if !ok {
			c = sandbox.Client{ID: cfg.OAuth2.ClientID, Secret: cfg.OAuth2.ClientSecret,
				RedirectURIs: slices.Clone(sandbox.DemoRedirectURIs), AnyLoopbackPort: true}
		}
		if !slices.Contains(c.RedirectURIs, cfg.OAuth2.RedirectURL) {
			// A client the sandbox already knows (its type, portal and
			// Testing mode stay) gets the redirect as if the app had
			// registered it.
			c.RedirectURIs = append([]string{cfg.OAuth2.RedirectURL}, c.RedirectURIs...)
		}
		if err := sb.RegisterClient(flavor, c); err != nil {
			return nil, fmt.Errorf("connect: %w", err)
		}
	} else {
		port, err := freeLoopbackPort()
		if err != nil {
			return nil, fmt.Errorf("connect: sandbox consent: %w", err)
		}
		cfg.OAuth2.RedirectURL = "http://127.0.0.1:" + strconv.Itoa(port) + "/callback"
	}
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	if err := sb.Listen(addr); err != nil {
		return nil, fmt.Errorf("connect: open the sandbox's consent page on %s: %w", addr, err)
	}
	cfg.OAuth2.Endpoint.AuthURL = sb.URL() + strings.TrimPrefix(cfg.OAuth2.Endpoint.AuthURL, sandbox.InProcessURL)
	return sb.Close, nil
}

// freeLoopbackPort returns a TCP port on 127.0.0.1 that was free a moment
// ago, for the consent callback server (which listens on the redirect URL's
// port, so the URL must name one before it starts).
func freeLoopbackPort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}
