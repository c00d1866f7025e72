package tokenstore

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// DefaultDir returns the directory token files live in:
// $WEARNB_HOME/tokens if WEARNB_HOME is set, otherwise
// [os.UserConfigDir]/wearnb/tokens. The result is absolute. It is an error
// for the directory to lie inside $GONB_TMP_DIR, which GoNB deletes when the
// kernel stops. DefaultDir does not create the directory; [File.Save] does.
func DefaultDir() (string, error) {
	var dir string
	if home := os.Getenv("WEARNB_HOME"); home != "" {
		dir = filepath.Join(home, "tokens")
	} else {
		cfg, err := os.UserConfigDir()
		if err != nil {
			return "", fmt.Errorf("wearnb: no place for token files (%w); set WEARNB_HOME to a directory that outlives the notebook kernel", err)
		}
		dir = filepath.Join(cfg, "wearnb", "tokens")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("wearnb: token directory %s: %w", dir, err)
	}
	if tmp := os.Getenv("GONB_TMP_DIR"); tmp != "" && within(abs, tmp) {
		return "", fmt.Errorf("wearnb: token directory %s is inside GoNB's temporary directory %s, which is deleted when the kernel stops; set WEARNB_HOME to a directory outside it", abs, tmp)
	}
	return abs, nil
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
	return isBelow(resolve(path), resolve(rootAbs))
}

func isBelow(path, root string) bool {
	rel, err := filepath.Rel(root, path)
	if err != nil {
		return false
	}
	return rel == "." || (rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)))
}

// resolve evaluates symbolic links in the longest existing prefix of the
// absolute path p and appends the rest unchanged.
func resolve(p string) string {
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

// PathFor returns the token file for one provider account in dir, for
// example dir/fitbit-default.json. An empty account means "default". Each
// name keeps ASCII letters, digits, '.' and '_'; any other character becomes
// '_' and a short hash of the original name is appended, so distinct names
// never share a file and no name can leave dir.
func PathFor(dir, provider, account string) string {
	if account == "" {
		account = "default"
	}
	return filepath.Join(dir, sanitize(provider)+"-"+sanitize(account)+".json")
}

const maxNameLen = 64

func sanitize(name string) string {
	if name == "" {
		return "unnamed"
	}
	var b strings.Builder
	changed := false
	for i := 0; i < len(name); i++ {
		c := name[i]
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' && i > 0
		if ok {
			b.WriteByte(c)
		} else {
			b.WriteByte('_')
			changed = true
		}
	}
	s := b.String()
	if len(s) > maxNameLen {
		s = s[:maxNameLen]
		changed = true
	}
	if changed {
		sum := sha256.Sum256([]byte(name))
		s += "_" + hex.EncodeToString(sum[:4])
	}
	return s
}

// ensureDir creates dir with mode 0700 if it does not exist yet. An existing
// directory is left as it is: it may be shared with other files.
func ensureDir(dir string) error {
	if _, err := os.Stat(dir); err == nil {
		return nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	// MkdirAll's mode is filtered by the umask; make the leaf exactly 0700.
	return os.Chmod(dir, 0o700)
}
