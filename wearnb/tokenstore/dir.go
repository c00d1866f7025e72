package tokenstore

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"wearnb.dev/wearnb/internal/paths"
)

// DefaultDir returns the directory token files live in:
// $WEARNB_HOME/tokens if WEARNB_HOME is set, otherwise
// [os.UserConfigDir]/wearnb/tokens. The result is absolute. It is an error
// for the directory to lie inside $GONB_TMP_DIR, which GoNB deletes when the
// kernel stops. DefaultDir does not create the directory; [File.Save] does.
func DefaultDir() (string, error) { return paths.Default().Tokens() }

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
