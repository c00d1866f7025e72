// Package paths is the one place that knows where wearnb keeps files: it
// maps the wearnb home ($WEARNB_HOME, or the user's folders when it is
// unset) to the token directory, the cache database, the secrets file and
// the sandbox's state file. It is the only code that reads WEARNB_HOME.
//
// Every path it returns is absolute and outside GoNB's temporary folder
// ($GONB_TMP_DIR), which GoNB deletes when the kernel stops: a token or a
// cache kept there would vanish with the kernel, so such a home is an
// error that says what to do ([ErrGoNBTemp]).
//
//	l := paths.Default()            // or paths.At(dir) for an explicit home
//	dir, err := l.Tokens()          // $WEARNB_HOME/tokens
//	db, err := l.Cache()            // $WEARNB_HOME/cache.db
package paths

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// The environment variables paths reads.
const (
	// HomeEnv names the wearnb home folder.
	HomeEnv = "WEARNB_HOME"
	// GoNBTempEnv is set by GoNB to its temporary folder, deleted when the
	// kernel stops.
	GoNBTempEnv = "GONB_TMP_DIR"
)

// ErrGoNBTemp is wrapped by the error for a path inside GoNB's temporary
// folder.
var ErrGoNBTemp = errors.New("inside GoNB's temporary folder")

// Layout resolves wearnb's files under one home folder. The zero Layout
// (and Default with WEARNB_HOME unset) uses the user's folders:
// os.UserConfigDir()/wearnb for tokens, secrets and sandbox state, and
// os.UserCacheDir()/wearnb for the cache.
type Layout struct {
	home string
}

// Default returns the Layout of $WEARNB_HOME (the user's folders when it is
// unset or empty).
func Default() Layout { return Layout{home: os.Getenv(HomeEnv)} }

// At returns the Layout of an explicit home folder; "" means Default.
func At(home string) Layout {
	if home == "" {
		return Default()
	}
	return Layout{home: home}
}

// Home returns the home folder ("" when the user's folders are used).
func (l Layout) Home() string { return l.home }

// Tokens returns the token directory: home/tokens, else
// os.UserConfigDir()/wearnb/tokens.
func (l Layout) Tokens() (string, error) {
	return l.resolve("token directory", os.UserConfigDir, "tokens")
}

// Cache returns the cache database: home/cache.db, else
// os.UserCacheDir()/wearnb/cache.db.
func (l Layout) Cache() (string, error) {
	return l.resolve("cache", os.UserCacheDir, "cache.db")
}

// Secrets returns the client secrets file: home/secrets.json, else
// os.UserConfigDir()/wearnb/secrets.json.
func (l Layout) Secrets() (string, error) {
	return l.resolve("secrets file", os.UserConfigDir, "secrets.json")
}

// SandboxState returns the sandbox's state file (its grants and tokens):
// home/sandbox/state.json, else os.UserConfigDir()/wearnb/sandbox/state.json.
func (l Layout) SandboxState() (string, error) {
	return l.resolve("sandbox state file", os.UserConfigDir, "sandbox", "state.json")
}

// Imports returns the folder that records which archives were imported
// into the cache: home/imports, else os.UserCacheDir()/wearnb/imports.
func (l Layout) Imports() (string, error) {
	return l.resolve("imports folder", os.UserCacheDir, "imports")
}

// resolve joins elems to the home (or to userDir()/wearnb), makes the path
// absolute and checks it with Check. what names the file in errors.
func (l Layout) resolve(what string, userDir func() (string, error), elems ...string) (string, error) {
	base := l.home
	if base == "" {
		d, err := userDir()
		if err != nil {
			return "", fmt.Errorf("wearnb: no place for the %s (%w); set %s to a folder that outlives the notebook kernel", what, err, HomeEnv)
		}
		base = filepath.Join(d, "wearnb")
	}
	p, err := filepath.Abs(filepath.Join(append([]string{base}, elems...)...))
	if err != nil {
		return "", fmt.Errorf("wearnb: %s: %w", what, err)
	}
	if err := check(what, p); err != nil {
		return "", err
	}
	return p, nil
}

// Check returns an error matching [ErrGoNBTemp] if path lies inside
// $GONB_TMP_DIR (symbolic links resolved), else nil.
func Check(path string) error { return check("path", path) }

func check(what, path string) error {
	tmp := os.Getenv(GoNBTempEnv)
	if tmp == "" {
		return nil
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil
	}
	if within(abs, tmp) {
		return fmt.Errorf("wearnb: %s %s is %w (%s=%s), which GoNB deletes when the kernel stops; set %s to a folder outside it",
			what, abs, ErrGoNBTemp, GoNBTempEnv, tmp, HomeEnv)
	}
	return nil
}

// within reports whether path is root or lies below it, comparing both the
// cleaned absolute paths and the paths with symbolic links resolved.
func within(path, root string) bool {
	rootAbs, err := filepath.Abs(root)
	if err != nil {
		return false
	}
	if isBelow(path, rootAbs) {
		return true
	}
	return isBelow(resolveLinks(path), resolveLinks(rootAbs))
}

func isBelow(path, root string) bool {
	rel, err := filepath.Rel(root, path)
	if err != nil {
		return false
	}
	return rel == "." || (rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)))
}

// resolveLinks evaluates symbolic links in the longest existing prefix of
// the absolute path p and appends the rest unchanged.
func resolveLinks(p string) string {
	var rest []string
	cur := p
	for {
		if r, err := filepath.EvalSymlinks(cur); err == nil {
			return filepath.Join(append([]string{r}, rest...)...)
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return p
		}
		rest = append([]string{filepath.Base(cur)}, rest...)
		cur = parent
	}
}
