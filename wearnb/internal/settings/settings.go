// Package settings reads what a person configures for one provider outside
// the notebook: the OAuth client (id and secret) and the overrides of the
// provider's defaults (endpoints, API base URL, redirect URL, scopes, PKCE).
//
// Two places, the environment first:
//
//  1. variables WEARNB_<PROVIDER>_<KEY> (provider upper-cased, anything but
//     letters and digits turned into "_"): CLIENT_ID, CLIENT_SECRET,
//     REDIRECT_URL, AUTH_URL, TOKEN_URL, REVOKE_URL, API_URL, SCOPES
//     (space separated), PKCE (true/false);
//  2. the secrets file under the wearnb home (internal/paths), JSON like
//     {"oura": {"client_id": "…", "client_secret": "…", "token_url": "…"}}
//     with the same keys in lower case ("scopes" may be a string or a
//     list).
//
// A value from the environment wins over the file's, key by key. Sources
// names where each value came from, so error messages can say which
// setting to change, never what a secret is.
package settings

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
)

// Keys of a provider's settings, as they appear in the secrets file; the
// environment variable of a key is [Env](provider, key).
const (
	ClientID     = "client_id"
	ClientSecret = "client_secret"
	RedirectURL  = "redirect_url"
	AuthURL      = "auth_url"
	TokenURL     = "token_url"
	RevokeURL    = "revoke_url"
	APIURL       = "api_url"
	Scopes       = "scopes"
	PKCE         = "pkce"
)

// Keys lists every key, in the order documentation shows them.
var Keys = []string{ClientID, ClientSecret, RedirectURL, AuthURL, TokenURL, RevokeURL, APIURL, Scopes, PKCE}

// MaxFile bounds the secrets file's size.
const MaxFile = 1 << 20

// Provider is one provider's settings. Empty strings (and a nil PKCE) mean
// "not set": the provider's default applies.
type Provider struct {
	ClientID, ClientSecret string
	RedirectURL            string
	AuthURL, TokenURL      string
	RevokeURL              string
	APIURL                 string
	Scopes                 []string
	PKCE                   *bool
	// Sources maps each key that is set to where it came from: the
	// environment variable's name, or "<file> (\"key\")".
	Sources map[string]string
}

// Overrides reports whether any endpoint, URL, scope or PKCE override is
// set (client credentials do not count).
func (p Provider) Overrides() bool {
	return p.RedirectURL != "" || p.AuthURL != "" || p.TokenURL != "" || p.RevokeURL != "" ||
		p.APIURL != "" || len(p.Scopes) > 0 || p.PKCE != nil
}

// Env returns the environment variable of a provider's key:
// Env("googlehealth", "token_url") is "WEARNB_GOOGLEHEALTH_TOKEN_URL".
func Env(provider, key string) string {
	var b strings.Builder
	b.WriteString("WEARNB_")
	for _, r := range strings.ToUpper(provider) {
		if (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	b.WriteByte('_')
	b.WriteString(strings.ToUpper(key))
	return b.String()
}

// Load reads provider's settings from the environment (getenv, os.Getenv
// when nil) and the secrets file at path ("" or a missing file: the
// environment only). warn, if set, receives a warning when the file may be
// read by other users. Errors name the file and never quote its content.
func Load(provider, path string, getenv func(string) string, warn func(string)) (Provider, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	p := Provider{Sources: map[string]string{}}
	file, err := readFile(path, provider, warn)
	if err != nil {
		return p, err
	}
	idFromEnv := getenv(Env(provider, ClientID)) != ""
	for _, k := range Keys {
		v, src := getenv(Env(provider, k)), Env(provider, k)
		fromEnv := v != ""
		if k == ClientSecret && idFromEnv {
			// The client is one pair: an id from the environment takes its
			// secret from there too (none for a public client).
			fromEnv = true
		}
		if !fromEnv {
			raw, ok := file[k]
			if !ok {
				continue
			}
			src = fmt.Sprintf("%s (%q of %q)", path, k, provider)
			s, err := fileValue(k, raw)
			if err != nil {
				return p, fmt.Errorf("secrets file %s: %q of %q: %w", path, k, provider, err)
			}
			v = s
		}
		if strings.TrimSpace(v) == "" {
			continue
		}
		if err := p.set(k, v); err != nil {
			return p, fmt.Errorf("wearnb: %s: %w", src, err)
		}
		p.Sources[k] = src
	}
	return p, nil
}

// set stores one value (already a string; scopes space separated).
func (p *Provider) set(key, v string) error {
	switch key {
	case ClientID:
		p.ClientID = v
	case ClientSecret:
		p.ClientSecret = v
	case RedirectURL:
		p.RedirectURL = strings.TrimSpace(v)
	case AuthURL, TokenURL, RevokeURL, APIURL:
		u := strings.TrimSpace(v)
		if !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
			return fmt.Errorf("%s must be an http(s) URL", key)
		}
		switch key {
		case AuthURL:
			p.AuthURL = u
		case TokenURL:
			p.TokenURL = u
		case RevokeURL:
			p.RevokeURL = u
		default:
			p.APIURL = strings.TrimRight(u, "/")
		}
	case Scopes:
		p.Scopes = strings.Fields(v)
	case PKCE:
		b, err := strconv.ParseBool(strings.TrimSpace(v))
		if err != nil {
			return fmt.Errorf("pkce must be true or false")
		}
		p.PKCE = &b
	}
	return nil
}

// fileValue turns a file's JSON value into the string set takes.
func fileValue(key string, raw json.RawMessage) (string, error) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, nil
	}
	switch key {
	case Scopes:
		var list []string
		if json.Unmarshal(raw, &list) == nil {
			return strings.Join(list, " "), nil
		}
		return "", errors.New("want a string or a list of strings")
	case PKCE:
		var b bool
		if json.Unmarshal(raw, &b) == nil {
			return strconv.FormatBool(b), nil
		}
		return "", errors.New("want true or false")
	}
	return "", errors.New("want a string")
}

// readFile returns provider's entry of the secrets file at path (nil for
// no path, no file, or no entry).
func readFile(path, provider string, warn func(string)) (map[string]json.RawMessage, error) {
	if path == "" {
		return nil, nil
	}
	all, err := ReadFile(path, warn)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("wearnb: %w", err)
	}
	return Entry(all, provider), nil
}

// ReadFile reads the secrets file at path: one JSON object per provider. A
// missing file gives an error matching fs.ErrNotExist; a file others may
// read still works, with a warning to warn. Errors start with "secrets
// file" (callers add their package's prefix).
func ReadFile(path string, warn func(string)) (map[string]map[string]json.RawMessage, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("secrets file: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("secrets file %s: %w", path, err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("secrets file %s is not a regular file", path)
	}
	if perm := st.Mode().Perm(); perm&0o077 != 0 && warn != nil {
		warn(fmt.Sprintf("The secrets file %s can be read by other users (mode %04o). Run chmod 600 %s",
			path, uint32(perm), ShellQuote(path)))
	}
	if st.Size() > MaxFile {
		return nil, fmt.Errorf("secrets file %s is larger than %d bytes", path, MaxFile)
	}
	data := make([]byte, st.Size())
	if _, err := f.ReadAt(data, 0); err != nil && st.Size() > 0 {
		return nil, fmt.Errorf("reading secrets file %s: %w", path, err)
	}
	var all map[string]map[string]json.RawMessage
	if err := json.Unmarshal(data, &all); err != nil {
		// The JSON errors name offsets and types, never the file's content.
		return nil, fmt.Errorf("secrets file %s is not JSON of the form {\"provider\": {\"client_id\": …, \"client_secret\": …}}: %w", path, err)
	}
	return all, nil
}

// Entry returns provider's object of a secrets file (the key compared
// without regard to case), or nil.
func Entry(all map[string]map[string]json.RawMessage, provider string) map[string]json.RawMessage {
	if e, ok := all[provider]; ok {
		return e
	}
	for k, v := range all {
		if strings.EqualFold(k, provider) {
			return v
		}
	}
	return nil
}

// ShellQuote quotes s for a shell command line when it needs quoting.
func ShellQuote(s string) string {
	if strings.ContainsAny(s, " '\"$`\\!*?[]{}()<>|&;#~") {
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	return s
}
