package connect

import (
	"fmt"
	"os"
	"path/filepath"

	"wearnb.dev/wearnb/sandbox"
	"wearnb.dev/wearnb/tokenstore"
)

// StartSandbox starts the built-in sandbox provider on addr (normally
// DefaultSandboxAddr) for this process, keeping its grants and tokens in
// the wearnb home ($WEARNB_HOME, else the user's config folder) so that a
// token issued in one notebook cell still works in the next, which GoNB runs
// as a new program. Close it when the cell is done.
func StartSandbox(addr string) (*sandbox.Server, error) {
	return startSandbox(options{sandboxAddr: addr, home: os.Getenv("WEARNB_HOME")})
}

// TokenFile returns the token file of a provider account in the wearnb home
// ($WEARNB_HOME/tokens, else tokenstore.DefaultDir). provider is the key
// token files use: the provider's name, with "-sandbox" for the sandbox.
func TokenFile(provider, account string) (*tokenstore.File, error) {
	dir, err := tokenDir(os.Getenv("WEARNB_HOME"))
	if err != nil {
		return nil, err
	}
	return tokenstore.OpenFor(dir, provider, account), nil
}

// sandboxStatePath is where the sandbox keeps grants between processes.
func sandboxStatePath(home string) (string, error) {
	if home != "" {
		return filepath.Join(home, "sandbox", "state.json"), nil
	}
	dir, err := tokenstore.DefaultDir()
	if err != nil {
		return "", fmt.Errorf("connect: %w", err)
	}
	return filepath.Join(filepath.Dir(dir), "sandbox", "state.json"), nil
}

func startSandbox(o options) (*sandbox.Server, error) {
	opts := o.sandboxOpts
	if opts.StateFile == "" {
		p, err := sandboxStatePath(o.home)
		if err != nil {
			return nil, err
		}
		opts.StateFile = p
	}
	sb, err := sandbox.StartAt(o.sandboxAddr, opts)
	if err != nil {
		return nil, fmt.Errorf("connect: start the sandbox on %s: %w", o.sandboxAddr, err)
	}
	return sb, nil
}
