// Package base is the shape every wearnb provider shares: the settings
// every provider is built from ([Config]: API base URL, OAuth endpoints with
// the revoke URL, scopes, fetch options), the options that change them for
// any provider ([WithBaseURL], [WithEndpoint], [WithScopes],
// [WithFetchOptions], ...), the part of a Provider that does not depend on
// the provider ([Core]) and the one helper that turns a Client's methods
// into wearnb.Streams ([Streams]).
//
// A provider package (providers/oura, ...) declares its real settings as a
// Config, embeds a Core built from it, and offers
//
//	func New(opts ...base.Option) *Provider                 // the real API
//	func Sandbox(root string, opts ...base.Option) *Provider // the wearnb sandbox at root
//
// so the same options work for every provider, in that order: the
// provider's defaults (or the sandbox's URLs), then opts. A provider's own
// settings (Fitbit's time zones) are Options too, made with [Set] and read
// with [Get].
package base

import (
	"context"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"golang.org/x/oauth2"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/fetch"
)

// Config is what a provider is built from.
type Config struct {
	// BaseURL is the API base URL; the provider appends its paths
	// ("/v2/usercollection/sleep", ...). No trailing slash.
	BaseURL string
	// Auth is the OAuth2 endpoint (authorize, token, AuthStyle), the
	// revoke URL, the default scopes, PKCE support and extra authorize
	// parameters.
	Auth wearnb.Auth
	// Fetch are options for the provider's fetch.Client, applied after the
	// provider's own defaults (error parser, rate limit).
	Fetch []fetch.Option

	settings []any // a provider's own settings, latest last; see Set
}

// clone returns a copy of c that shares no slices or maps with it.
func (c Config) clone() Config {
	c.Auth.Scopes = slices.Clone(c.Auth.Scopes)
	c.Auth.AuthParams = maps.Clone(c.Auth.AuthParams)
	c.Fetch = slices.Clone(c.Fetch)
	c.settings = slices.Clone(c.settings)
	return c
}

// Option changes a Config. Every provider's New and Sandbox take them.
type Option func(*Config)

// WithBaseURL sets the API base URL (a trailing slash is dropped).
func WithBaseURL(u string) Option {
	return func(c *Config) { c.BaseURL = strings.TrimRight(u, "/") }
}

// WithEndpoint sets the OAuth2 endpoint: authorize URL, token URL and
// AuthStyle (set it explicitly; auto-detection may spend a single-use code
// on a probe). The revoke URL is separate: [WithRevokeURL].
func WithEndpoint(e oauth2.Endpoint) Option {
	return func(c *Config) { c.Auth.Endpoint = e }
}

// WithAuthURL sets the authorize URL only.
func WithAuthURL(u string) Option {
	return func(c *Config) { c.Auth.Endpoint.AuthURL = u }
}

// WithTokenURL sets the token URL only.
func WithTokenURL(u string) Option {
	return func(c *Config) { c.Auth.Endpoint.TokenURL = u }
}

// WithRevokeURL sets the token revocation URL ("" for none).
func WithRevokeURL(u string) Option {
	return func(c *Config) { c.Auth.RevokeURL = u }
}

// WithPKCE turns PKCE S256 on or off for the provider's consent flow.
func WithPKCE(on bool) Option {
	return func(c *Config) { c.Auth.PKCE = on }
}

// WithScopes sets the scopes asked for at consent.
func WithScopes(s ...string) Option {
	return func(c *Config) { c.Auth.Scopes = slices.Clone(s) }
}

// WithFetchOptions adds options to the provider's fetch.Client, after the
// provider's defaults and any added before. Tests use it to replace the
// clock and the sleep between retries (fetch.WithClock, fetch.WithSleep).
func WithFetchOptions(opts ...fetch.Option) Option {
	return func(c *Config) { c.Fetch = append(c.Fetch, opts...) }
}

// Set returns an Option that records a provider's own setting v (a value
// of a type the provider defines, such as Fitbit's time zones). The
// provider reads it with [Get]; a later Set of the same type wins.
func Set(v any) Option {
	return func(c *Config) { c.settings = append(c.settings, v) }
}

// Get returns the latest setting of type T recorded with [Set], if any.
func Get[T any](c Config) (T, bool) {
	for i := len(c.settings) - 1; i >= 0; i-- {
		if v, ok := c.settings[i].(T); ok {
			return v, true
		}
	}
	var zero T
	return zero, false
}

// Sandbox returns the options that point def's URLs at the wearnb sandbox
// served at root (e.g. "http://127.0.0.1:8975"): every URL keeps its path
// and moves to root/name, as the sandbox serves each provider under its
// name (the real https://api.ouraring.com/oauth/token becomes
// root/oura/oauth/token). AuthStyle, scopes and the rest stay as in def.
// A provider whose sandbox paths differ adds its own options after these.
func Sandbox(root, name string, def Config) []Option {
	prefix := strings.TrimRight(root, "/") + "/" + name
	move := func(u string) string {
		if u == "" {
			return ""
		}
		p, err := url.Parse(u)
		if err != nil {
			return prefix
		}
		p.Scheme, p.Host = "", ""
		return prefix + strings.TrimRight(p.String(), "/")
	}
	ep := def.Auth.Endpoint
	ep.AuthURL, ep.TokenURL = move(ep.AuthURL), move(ep.TokenURL)
	if ep.DeviceAuthURL != "" {
		ep.DeviceAuthURL = move(ep.DeviceAuthURL)
	}
	return []Option{
		WithBaseURL(move(def.BaseURL)),
		WithEndpoint(ep),
		WithRevokeURL(move(def.Auth.RevokeURL)),
	}
}

// Core is the part of a Provider every provider shares: its name, its
// Config and one fetch.Client whose rate-limit state all the provider's
// Clients share (FetchClient). Provider types embed it, so Name, Auth and
// BaseURL are the same methods everywhere. A Core is safe for concurrent
// use.
type Core struct {
	name string
	cfg  Config
	fc   *fetch.Client
}

// NewCore applies opts to def and builds the shared fetch.Client with the
// provider's fetch defaults (error parser, rate limit) followed by the
// Config's Fetch options.
func NewCore(name string, def Config, fetchDefaults []fetch.Option, opts []Option) Core {
	cfg := def.clone()
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	fo := append(slices.Clone(fetchDefaults), cfg.Fetch...)
	return Core{name: name, cfg: cfg, fc: fetch.New(name, nil, fo...)}
}

// Name returns the provider's name ("oura", ...), used in records, errors
// and the cache.
func (c *Core) Name() string { return c.name }

// Auth returns the OAuth2 endpoint, revoke URL, scopes, PKCE support and
// authorize parameters. It returns copies: changing them changes nothing.
func (c *Core) Auth() wearnb.Auth { return c.cfg.clone().Auth }

// BaseURL returns the API base URL the provider talks to.
func (c *Core) BaseURL() string { return c.cfg.BaseURL }

// Config returns a copy of the settings the provider was built with.
func (c *Core) Config() Config { return c.cfg.clone() }

// FetchClient returns the provider's fetch.Client sending through hc (an
// authorized client). Every fetch.Client it returns shares the provider's
// options and rate-limit state.
func (c *Core) FetchClient(hc *http.Client) *fetch.Client { return c.fc.Using(hc) }

// Stream describes one stream of a provider by the method of its Client
// type C that fetches it, e.g. Fetch: (*oura.Client).Sleeps.
type Stream[C any] struct {
	Name    string        // unique within the provider
	Kind    wearnb.Kind   // what it is fetched for
	Also    []wearnb.Kind // other kinds its batches carry (see wearnb.Stream)
	MaxDays int           // longest range one Fetch may cover
	Settles int           // recent days that may still change
	Fetch   func(c C, ctx context.Context, r wearnb.Range) (*wearnb.Batch, error)
}

// Streams returns the wearnb.Streams of specs, in order: each one's Fetch
// gets a Client from client(hc) and calls the spec's method on it.
func Streams[C any](client func(hc *http.Client) C, specs ...Stream[C]) []wearnb.Stream {
	out := make([]wearnb.Stream, 0, len(specs))
	for _, s := range specs {
		fetch := s.Fetch
		out = append(out, wearnb.Stream{
			Name: s.Name, Kind: s.Kind, Also: slices.Clone(s.Also), MaxDays: s.MaxDays, Settles: s.Settles,
			Fetch: func(ctx context.Context, hc *http.Client, r wearnb.Range) (*wearnb.Batch, error) {
				return fetch(client(hc), ctx, r)
			},
		})
	}
	return out
}

// Empty reports whether r holds no days: a zero date or To before From.
func Empty(r wearnb.Range) bool {
	return r.From.IsZero() || r.To.IsZero() || r.To.Before(r.From)
}
