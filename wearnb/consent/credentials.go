package consent

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"wearnb.dev/wearnb/internal/paths"
)

// maxSecretsFile bounds the secrets file size.
const maxSecretsFile = 1 << 20

// Credentials returns the OAuth2 client ID and secret registered for
// provider ("fitbit", "oura", ...), from outside the notebook:
//
//  1. the environment: WEARNB_<PROVIDER>_CLIENT_ID and
//     WEARNB_<PROVIDER>_CLIENT_SECRET (provider upper-cased, anything but
//     letters and digits turned into "_"); a public client may leave the
//     secret unset;
//  2. otherwise the secrets file at [SecretsPath], JSON like
//     {"fitbit": {"client_id": "…", "client_secret": "…"}}.
//
// A secrets file that others may read (mode wider than 0600) still works,
// but a warning with the chmod that fixes it goes to d (a [Terminal] on
// standard output if nil). Nothing is found: an error matching
// [ErrNoCredentials] that says where to put them. Errors never contain the
// secret.
func Credentials(provider string, d Display) (id, secret string, err error) {
	env := envPrefix(provider)
	if id := os.Getenv(env + "_CLIENT_ID"); id != "" {
		return id, os.Getenv(env + "_CLIENT_SECRET"), nil
	}
	path, err := SecretsPath()
	if err != nil {
		return "", "", fmt.Errorf("%w for %s: no %s_CLIENT_ID in the environment, and %v", ErrNoCredentials, provider, env, err)
	}
	id, secret, err = CredentialsFrom(path, provider, d)
	if errors.Is(err, fs.ErrNotExist) {
		return "", "", fmt.Errorf("%w for %s: set %s_CLIENT_ID and %s_CLIENT_SECRET, "+
			"or write them to %s as {\"%s\": {\"client_id\": \"…\", \"client_secret\": \"…\"}} with mode 0600",
			ErrNoCredentials, provider, env, env, path, strings.ToLower(provider))
	}
	return id, secret, err
}

// SecretsPath is where [Credentials] looks for the secrets file:
// $WEARNB_HOME/secrets.json if WEARNB_HOME is set, else
// os.UserConfigDir()/wearnb/secrets.json; never inside GoNB's temporary
// directory.
func SecretsPath() (string, error) { return paths.Default().Secrets() }

// CredentialsFrom reads provider's client ID and secret from the secrets
// file at path (format: see [Credentials]; a file others can read is
// reported to d). A missing file gives an error matching fs.ErrNotExist; a
// file without the provider, or without its client_id, one matching
// [ErrNoCredentials].
func CredentialsFrom(path, provider string, d Display) (id, secret string, err error) {
	f, err := os.Open(path)
	if err != nil {
		return "", "", fmt.Errorf("consent: secrets file: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return "", "", fmt.Errorf("consent: secrets file %s: %w", path, err)
	}
	if !st.Mode().IsRegular() {
		return "", "", fmt.Errorf("consent: secrets file %s is not a regular file", path)
	}
	if perm := st.Mode().Perm(); perm&0o077 != 0 {
		warnWideMode(d, path, perm)
	}
	if st.Size() > maxSecretsFile {
		return "", "", fmt.Errorf("consent: secrets file %s is larger than %d bytes", path, maxSecretsFile)
	}
	data := make([]byte, st.Size())
	if _, err := f.ReadAt(data, 0); err != nil && st.Size() > 0 {
		return "", "", fmt.Errorf("consent: reading secrets file %s: %w", path, err)
	}
	var all map[string]struct {
		ClientID     string `json:"client_id"`
		ClientSecret string `json:"client_secret"`
	}
	if err := json.Unmarshal(data, &all); err != nil {
		// The JSON errors name offsets and types, never the file's content.
		return "", "", fmt.Errorf("consent: secrets file %s is not JSON of the form {\"provider\": {\"client_id\": …, \"client_secret\": …}}: %w", path, err)
	}
	entry, ok := all[provider]
	if !ok {
		for k, v := range all {
			if strings.EqualFold(k, provider) {
				entry, ok = v, true
				break
			}
		}
	}
	if !ok || entry.ClientID == "" {
		return "", "", fmt.Errorf("%w for %q in the secrets file %s (no client_id)", ErrNoCredentials, provider, path)
	}
	return entry.ClientID, entry.ClientSecret, nil
}

func envPrefix(provider string) string {
	var b strings.Builder
	b.WriteString("WEARNB_")
	for _, r := range strings.ToUpper(provider) {
		if (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

func warnWideMode(d Display, path string, perm fs.FileMode) {
	if d == nil {
		d = Terminal(nil)
	}
	d.Warn(fmt.Sprintf("The secrets file %s can be read by other users (mode %04o). Run chmod 600 %s",
		path, uint32(perm), shellQuote(path)))
}

func shellQuote(s string) string {
	if strings.ContainsAny(s, " '\"$`\\!*?[]{}()<>|&;#~") {
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	return s
}
