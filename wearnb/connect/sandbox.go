package connect

import (
	"fmt"

	"wearnb.dev/wearnb/internal/paths"
	"wearnb.dev/wearnb/sandbox"
	"wearnb.dev/wearnb/tokenstore"
)

// StartSandbox starts the built-in sandbox provider on addr (normally
// DefaultSandboxAddr) for this process, keeping its grants and tokens in
// the wearnb home ($WEARNB_HOME, else the user's config folder) so that a
// token issued in one notebook cell still works in the next, which GoNB runs
// as a new program. Close it when the cell is done.
func StartSandbox(addr string) (*sandbox.Server, error) {
	return startSandbox(options{sandboxAddr: addr}, paths.Default())
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

func startSandbox(o options, home paths.Layout) (*sandbox.Server, error) {
	opts := o.sandboxOpts
	if opts.StateFile == "" {
		p, err := home.SandboxState()
		if err != nil {
			return nil, fmt.Errorf("connect: %w", err)
		}
		opts.StateFile = p
	}
	sb, err := sandbox.StartAt(o.sandboxAddr, opts)
	if err != nil {
		return nil, fmt.Errorf("connect: start the sandbox on %s: %w", o.sandboxAddr, err)
	}
	return sb, nil
}
