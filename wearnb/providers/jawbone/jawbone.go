package jawbone

import (
	"context"
	"net/http"
	"strings"

	"golang.org/x/oauth2"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/fetch"
)

// Name is the provider name used in records, errors and the cache.
const Name = "jawbone"

// BaseURL is the (defunct since 2018) Jawbone UP API.
const BaseURL = "https://jawbone.com/nudge/api/v.1.1"

// apiPath is the path every API URL and data.links.next starts with.
const apiPath = "/nudge/api/v.1.1"

// Endpoint is Jawbone's OAuth2 endpoint. The client secret goes in the
// token request body (AuthStyleInParams); Jawbone had no PKCE.
var Endpoint = oauth2.Endpoint{
	AuthURL:   "https://jawbone.com/auth/oauth2/auth",
	TokenURL:  "https://jawbone.com/auth/oauth2/token",
	AuthStyle: oauth2.AuthStyleInParams,
}

var scopes = []string{"basic_read", "extended_read", "move_read", "sleep_read"}

// Provider is the Jawbone UP provider. It implements wearnb.Provider. Jawbone
// shut down in 2018, so in practice it runs against the sandbox (Sandbox) or
// reads old dumps (Import). Safe for concurrent use.
type Provider struct {
	base     string
	endpoint oauth2.Endpoint
	scopes   []string
	fopts    []fetch.Option
	fc       *fetch.Client
}

// Option configures a Provider.
type Option func(*Provider)

// WithBaseURL sets the API base URL, ending in /nudge/api/v.1.1 (default
// BaseURL).
func WithBaseURL(u string) Option {
	return func(p *Provider) { p.base = strings.TrimRight(u, "/") }
}

// WithEndpoint sets the OAuth2 endpoint (default Endpoint).
func WithEndpoint(e oauth2.Endpoint) Option {
	return func(p *Provider) { p.endpoint = e }
}

// WithScopes sets the scopes asked for at consent (default "basic_read
// extended_read move_read sleep_read").
func WithScopes(s ...string) Option {
	return func(p *Provider) { p.scopes = append([]string(nil), s...) }
}

// WithFetchOptions adds options to the shared HTTP client, after Jawbone's
// default (ParseError). Tests use it to replace the sleep between retries.
func WithFetchOptions(opts ...fetch.Option) Option {
	return func(p *Provider) { p.fopts = append(p.fopts, opts...) }
}

// New returns the provider for the real (defunct) Jawbone API.
func New(opts ...Option) *Provider {
	p := &Provider{base: BaseURL, endpoint: Endpoint, scopes: scopes}
	for _, o := range opts {
		o(p)
	}
	p.fc = fetch.New(Name, nil, append([]fetch.Option{fetch.WithErrorParser(ParseError)}, p.fopts...)...)
	return p
}

// Sandbox returns the provider for the wearnb sandbox served at root:
// authorize root+"/jawbone/auth/oauth2/auth", token
// root+"/jawbone/auth/oauth2/token", API root+"/jawbone/nudge/api/v.1.1".
// opts apply after the sandbox URLs.
func Sandbox(root string, opts ...Option) *Provider {
	root = strings.TrimRight(root, "/")
	base := []Option{
		WithBaseURL(root + "/jawbone" + apiPath),
		WithEndpoint(oauth2.Endpoint{
			AuthURL:   root + "/jawbone/auth/oauth2/auth",
			TokenURL:  root + "/jawbone/auth/oauth2/token",
			AuthStyle: oauth2.AuthStyleInParams,
		}),
	}
	return New(append(base, opts...)...)
}

// Name returns "jawbone".
func (p *Provider) Name() string { return Name }

// BaseURL returns the API base URL the provider talks to.
func (p *Provider) BaseURL() string { return p.base }

// Auth returns the OAuth2 endpoint, the default scopes and PKCE false.
func (p *Provider) Auth() wearnb.Auth {
	return wearnb.Auth{Endpoint: p.endpoint, Scopes: append([]string(nil), p.scopes...), PKCE: false}
}

// Stream limits. Jawbone documents no maximum range; a quarter keeps a chunk
// to one or two pages of 100 items (plus one ticks request per sleep).
const (
	maxDays = 92
	settles = 2
)

// Streams returns, in this order:
//
//   - "moves" (KindDayMoves): /users/@me/moves, one DayMoves per day.
//   - "moves_hourly" (KindHourlyMoves): the same pages, one HourMoves per
//     hour of hourly_totals.
//   - "sleeps" (KindSleeps): /users/@me/sleeps with stages from each
//     sleep's ticks.
func (p *Provider) Streams() []wearnb.Stream {
	return []wearnb.Stream{
		{
			Name: "moves", Kind: wearnb.KindDayMoves, MaxDays: maxDays, Settles: settles,
			Fetch: func(ctx context.Context, hc *http.Client, r wearnb.Range) (*wearnb.Batch, error) {
				b, err := p.Client(hc).FetchMoves(ctx, r)
				if err != nil {
					return nil, err
				}
				b.Hours = nil
				return b, nil
			},
		},
		{
			Name: "moves_hourly", Kind: wearnb.KindHourlyMoves, MaxDays: maxDays, Settles: settles,
			Fetch: func(ctx context.Context, hc *http.Client, r wearnb.Range) (*wearnb.Batch, error) {
				b, err := p.Client(hc).FetchMoves(ctx, r)
				if err != nil {
					return nil, err
				}
				b.Days = nil
				return b, nil
			},
		},
		{
			Name: "sleeps", Kind: wearnb.KindSleeps, MaxDays: maxDays, Settles: settles,
			Fetch: func(ctx context.Context, hc *http.Client, r wearnb.Range) (*wearnb.Batch, error) {
				return p.Client(hc).FetchSleeps(ctx, r)
			},
		},
	}
}

// Client returns an API client that sends requests through hc, the
// authenticated client. Clients of one Provider share its options.
func (p *Provider) Client(hc *http.Client) *Client {
	return &Client{p: p, fc: p.fc.Using(hc)}
}
