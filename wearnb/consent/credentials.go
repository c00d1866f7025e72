package consent

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"wearnb.dev/wearnb/internal/paths"
	"wearnb.dev/wearnb/internal/settings"
)

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
	all, err := settings.ReadFile(path, func(msg string) { warnDisplay(d).Warn(msg) })
	if err != nil {
		return "", "", fmt.Errorf("consent: %w", err)
	}
	entry := settings.Entry(all, provider)
	var pair struct {
		ClientID     string `json:"client_id"`
		ClientSecret string `json:"client_secret"`
	}
	if raw, ok := entry[settings.ClientID]; ok {
		if json.Unmarshal(raw, &pair.ClientID) != nil {
			return "", "", fmt.Errorf("consent: secrets file %s: client_id of %q is not a string", path, provider)
		}
	}
	if raw, ok := entry[settings.ClientSecret]; ok {
		if json.Unmarshal(raw, &pair.ClientSecret) != nil {
			return "", "", fmt.Errorf("consent: secrets file %s: client_secret of %q is not a string", path, provider)
		}
	}
	if pair.ClientID == "" {
		return "", "", fmt.Errorf("%w for %q in the secrets file %s (no client_id)", ErrNoCredentials, provider, path)
	}
	return pair.ClientID, pair.ClientSecret, nil
}

func warnDisplay(d Display) Display {
	if d == nil {
		return Terminal(nil)
	}
	return d
}

// envPrefix is "WEARNB_<PROVIDER>" (see settings.Env).
func envPrefix(provider string) string {
	return strings.TrimSuffix(settings.Env(provider, "x"), "_X")
}
