package consent

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/internal/redact"
)

// DefaultRedirectURL is the redirect URL used when Config.OAuth2.RedirectURL
// is empty. Register exactly this URL at the provider (Fitbit compares it
// character by character).
const DefaultRedirectURL = "http://localhost:8976/callback"

// DefaultTimeout is how long [Run] waits for consent when Config.Timeout is
// zero.
const DefaultTimeout = 5 * time.Minute

// Mode chooses how the authorization code gets back to the program.
type Mode int

const (
	// Auto uses Local, unless the environment says the browser is not on
	// the kernel's machine (see [DetectRemote]); then it uses Paste.
	Auto Mode = iota
	// Local runs a callback server on the loopback address of the redirect
	// URL; the browser delivers the code to it.
	Local
	// Paste shows the provider's consent link and asks the person to paste
	// the URL the browser was redirected to (or just the code). For remote
	// kernels: JupyterHub, Docker, SSH, Colab.
	Paste
)

// String returns "auto", "local" or "paste".
func (m Mode) String() string {
	switch m {
	case Auto:
		return "auto"
	case Local:
		return "local"
	case Paste:
		return "paste"
	}
	return "Mode(" + strconv.Itoa(int(m)) + ")"
}

// Saver stores a token once the flow has one. *tokenstore.File implements
// it. If it also has a Path() string method, the status line says where the
// token went.
type Saver interface {
	Save(tok *oauth2.Token) error
}

// SaveFunc adapts a function to [Saver].
type SaveFunc func(tok *oauth2.Token) error

// Save calls f(tok).
func (f SaveFunc) Save(tok *oauth2.Token) error { return f(tok) }

// InputFunc asks the person for one line of text ([StdinInput] by default;
// kernelhelpers' Display.Input asks in the notebook). It must return when
// ctx ends.
type InputFunc func(ctx context.Context, prompt string, password bool) (string, error)

// Config is one consent flow. The zero value of every field but OAuth2 is a
// working default. Printing a Config with any verb redacts the client
// secret.
type Config struct {
	// OAuth2 is the client: ClientID (required), ClientSecret (empty for
	// public clients), Endpoint (AuthURL and TokenURL required; set
	// AuthStyle explicitly, since auto-detection may spend the single-use
	// code on a probe), Scopes, and RedirectURL (default
	// [DefaultRedirectURL]). The redirect URL must be exactly the one
	// registered with the provider, with a fixed port; in Local mode it is
	// http:// on a loopback host (localhost, 127.0.0.1, [::1]). A redirect
	// to a page elsewhere, such as the https://www.google.com that Google's
	// Health API set-up guide registers, works in Paste mode (which Auto
	// picks for it): the person copies the address the browser lands on.
	OAuth2 oauth2.Config

	// Provider names the provider in status lines ("Fitbit"). Default: the
	// authorize URL's host.
	Provider string

	// Name is the provider's registry name ("googlehealth", "oura"), for
	// the advice a refused exchange or refresh gets: Google's Testing-mode
	// expiry, Oura's developer portals (see [ErrTestingExpiry],
	// [ErrEndpointMismatch]). Empty: no provider-specific advice.
	Name string

	// Save receives the token right after the exchange; nil means the token
	// is only returned. Use a *tokenstore.File so later cells can load it.
	Save Saver

	// Mode is Auto (default), Local or Paste.
	Mode Mode

	// Timeout bounds the wait for consent (default [DefaultTimeout]). The
	// status line counts it down.
	Timeout time.Duration

	// NoPKCE turns PKCE S256 off, for the rare provider that rejects it.
	NoPKCE bool

	// AuthCodeOptions are extra authorize parameters, such as
	// oauth2.AccessTypeOffline or oauth2.SetAuthURLParam("prompt", "consent").
	AuthCodeOptions []oauth2.AuthCodeOption

	// AllowNonLoopback lets the callback server listen on a redirect host
	// that is not loopback (a container's address, for instance). Anyone who
	// can reach that address can reach the server; the state check still
	// rejects their requests.
	AllowNonLoopback bool

	// HTTPClient makes the token, API and revocation requests (default
	// http.DefaultClient).
	HTTPClient *http.Client

	// Logf, if set, receives a trace: what the callback server saw and
	// every HTTP exchange with the provider, with secrets redacted (see
	// [TraceTransport]); kernelhelpers' Display.Logf shows it in the
	// notebook. Calls are serialized, one at a time.
	Logf func(format string, args ...any)

	// Ready, if set, is called with the consent link once it is shown (in
	// Local mode: once the callback server listens). A command-line program
	// can open a browser with it; tests use it to play the browser.
	Ready func(link string)

	// Display shows the link, the status lines and warnings (default
	// Terminal(os.Stdout): plain lines). A notebook front passes one that
	// renders HTML.
	Display Display

	// Input asks for the pasted URL in Paste mode (default [StdinInput]).
	Input InputFunc
}

// New returns a Config for a provider described by a [wearnb.Auth], with the
// given client credentials (see [Credentials]) and the default redirect URL.
// The provider's AuthParams become AuthCodeOptions (in key order).
func New(provider string, auth wearnb.Auth, clientID, clientSecret string) Config {
	var opts []oauth2.AuthCodeOption
	for _, k := range slices.Sorted(maps.Keys(auth.AuthParams)) {
		opts = append(opts, oauth2.SetAuthURLParam(k, auth.AuthParams[k]))
	}
	return Config{
		OAuth2: oauth2.Config{
			ClientID:     clientID,
			ClientSecret: clientSecret,
			Endpoint:     auth.Endpoint,
			Scopes:       append([]string(nil), auth.Scopes...),
			RedirectURL:  DefaultRedirectURL,
		},
		Provider:        provider,
		NoPKCE:          !auth.PKCE,
		AuthCodeOptions: opts,
	}
}

// String describes the config with the client secret redacted.
func (c Config) String() string {
	secret := "none"
	if c.OAuth2.ClientSecret != "" {
		secret = "[redacted]"
	}
	redirect := c.OAuth2.RedirectURL
	if redirect == "" {
		redirect = DefaultRedirectURL + " (default)"
	}
	timeout := c.Timeout
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	return fmt.Sprintf("consent.Config{Provider: %q, ClientID: %q, ClientSecret: %s, AuthURL: %q, TokenURL: %q, "+
		"AuthStyle: %s, RedirectURL: %q, Scopes: %q, Mode: %s, Timeout: %s, PKCE: %t}",
		c.Provider, c.OAuth2.ClientID, secret, c.OAuth2.Endpoint.AuthURL, c.OAuth2.Endpoint.TokenURL,
		authStyleName(c.OAuth2.Endpoint.AuthStyle), redirect, c.OAuth2.Scopes, c.Mode, timeout, !c.NoPKCE)
}

// GoString is String, so %#v redacts too.
func (c Config) GoString() string { return c.String() }

// Format prints String for every verb (%v, %+v, %#v, %s, %d, ...), so no
// verb prints the secret.
func (c Config) Format(f fmt.State, verb rune) { redact.Format(f, verb, c.String()) }

// MarshalJSON encodes String: the oauth2.Config inside holds the client
// secret.
func (c Config) MarshalJSON() ([]byte, error) { return json.Marshal(c.String()) }

// LogValue implements [slog.LogValuer] with String.
func (c Config) LogValue() slog.Value { return slog.StringValue(c.String()) }

func authStyleName(s oauth2.AuthStyle) string {
	switch s {
	case oauth2.AuthStyleInHeader:
		return "InHeader"
	case oauth2.AuthStyleInParams:
		return "InParams"
	}
	return "AutoDetect"
}

// normalized returns a copy with defaults filled in, or an error saying what
// is missing. It does not check loopback (only Local mode needs that).
func (c Config) normalized() (Config, error) {
	if c.OAuth2.ClientID == "" {
		return c, fmt.Errorf("%w: the config has no client ID (see consent.Credentials)", ErrNoCredentials)
	}
	if c.OAuth2.Endpoint.AuthURL == "" || c.OAuth2.Endpoint.TokenURL == "" {
		return c, fmt.Errorf("consent: config needs Endpoint.AuthURL and Endpoint.TokenURL")
	}
	if c.OAuth2.RedirectURL == "" {
		c.OAuth2.RedirectURL = DefaultRedirectURL
	}
	if _, err := parseRedirect(c.OAuth2.RedirectURL); err != nil {
		return c, err
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.Provider == "" {
		if u, err := url.Parse(c.OAuth2.Endpoint.AuthURL); err == nil && u.Host != "" {
			c.Provider = u.Hostname()
		} else {
			c.Provider = "the provider"
		}
	}
	if c.Input == nil {
		c.Input = StdinInput
	}
	c.Logf = serialized(c.Logf)
	c.OAuth2.Scopes = append([]string(nil), c.OAuth2.Scopes...)
	c.AuthCodeOptions = append([]oauth2.AuthCodeOption(nil), c.AuthCodeOptions...)
	return c, nil
}

// redirect is a parsed redirect URL.
type redirect struct {
	url  *url.URL
	host string // without brackets
	port int
	path string
}

// parseRedirect accepts http and https URLs with a host, an explicit or
// default port, and no user info or fragment. (Only Local mode needs http:
// see [redirect.local].)
func parseRedirect(raw string) (*redirect, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("consent: redirect URL %q does not parse: %w", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("consent: redirect URL %q must start with http:// (a loopback callback) or https:// (a page to copy the code from, in Paste mode)", raw)
	}
	if u.User != nil || u.Fragment != "" || u.Hostname() == "" {
		return nil, fmt.Errorf("consent: redirect URL %q must be http://host:port/path with no user or fragment", raw)
	}
	port := 80
	if u.Scheme == "https" {
		port = 443
	}
	if p := u.Port(); p != "" {
		port, err = strconv.Atoi(p)
		if err != nil || port < 1 || port > 65535 {
			return nil, fmt.Errorf("consent: redirect URL %q needs a fixed port between 1 and 65535 (it must match the registered one exactly)", raw)
		}
	}
	path := u.Path
	if path == "" {
		path = "/"
	}
	return &redirect{url: u, host: u.Hostname(), port: port, path: path}, nil
}

// pasteOnly says why the redirect URL rules out Local mode ("" when it does
// not): it is https (the callback server has no TLS certificate), or a
// host that is not loopback, unless AllowNonLoopback is set.
func pasteOnly(c *Config) string {
	r, err := parseRedirect(c.OAuth2.RedirectURL)
	switch {
	case err != nil:
		return ""
	case r.url.Scheme != "http":
		return "the redirect URL " + c.OAuth2.RedirectURL + " is a page elsewhere (https), not this kernel's loopback"
	case !isLoopback(r.host) && !c.AllowNonLoopback:
		return "the redirect URL " + c.OAuth2.RedirectURL + " is not a loopback address of this kernel"
	}
	return ""
}

// isLoopback reports whether host is "localhost" or a loopback IP literal.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// DetectRemote reports whether the browser is probably not on the kernel's
// machine, so that a loopback callback cannot arrive, and why. [Run] in Auto
// mode then uses Paste. WEARNB_CONSENT_MODE=paste or =local overrides the
// guess; otherwise JupyterHub, Binder, Colab, Codespaces and SSH sessions
// count as remote (their environment variables say so).
func DetectRemote() (remote bool, reason string) {
	return detectRemote(os.Getenv)
}

func detectRemote(getenv func(string) string) (bool, string) {
	switch strings.ToLower(strings.TrimSpace(getenv("WEARNB_CONSENT_MODE"))) {
	case "paste":
		return true, "WEARNB_CONSENT_MODE=paste"
	case "local":
		return false, "WEARNB_CONSENT_MODE=local"
	}
	for _, v := range []struct{ env, what string }{
		{"JUPYTERHUB_API_URL", "JupyterHub"},
		{"BINDER_LAUNCH_HOST", "Binder"},
		{"COLAB_RELEASE_TAG", "Colab"},
		{"CODESPACES", "Codespaces"},
		{"SSH_CONNECTION", "an SSH session"},
	} {
		if getenv(v.env) != "" {
			return true, "the kernel runs in " + v.what + " (" + v.env + " is set; set WEARNB_CONSENT_MODE=local to override)"
		}
	}
	return false, ""
}

// httpClient returns the client for provider requests, traced when Logf is
// set.
func (c *Config) httpClient() *http.Client {
	base := c.HTTPClient
	if base == nil {
		base = http.DefaultClient
	}
	if c.Logf == nil {
		return base
	}
	traced := *base
	tt := TraceTransport(base.Transport, c.Logf).(*traceTransport)
	tt.known = []string{c.OAuth2.ClientSecret}
	traced.Transport = tt
	return &traced
}

// oauthContext puts the HTTP client where x/oauth2 looks for it.
func (c *Config) oauthContext(ctx context.Context) context.Context {
	return context.WithValue(ctx, oauth2.HTTPClient, c.httpClient())
}

func (c *Config) logf(format string, args ...any) {
	if c.Logf != nil {
		c.Logf(format, args...)
	}
}

// serialized makes logf safe to call from several goroutines (the callback
// server logs from its own).
func serialized(logf func(string, ...any)) func(string, ...any) {
	if logf == nil {
		return nil
	}
	var mu sync.Mutex
	return func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		logf(format, args...)
	}
}
