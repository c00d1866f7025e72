package oura

import (
	"context"
	"net/http"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/fetch"
)

// Name is the provider name used in records, errors and the cache.
const Name = "oura"

// BaseURL is the real Oura API; paths start with /v2/usercollection/.
const BaseURL = "https://api.ouraring.com"

// Endpoint is Oura's OAuth2 endpoint. The client secret goes in the token
// request body (AuthStyleInParams), set explicitly so x/oauth2 never probes.
var Endpoint = oauth2.Endpoint{
	AuthURL:   "https://cloud.ouraring.com/oauth/authorize",
	TokenURL:  "https://api.ouraring.com/oauth/token",
	AuthStyle: oauth2.AuthStyleInParams,
}

// RateLimit is Oura's documented limit, 5000 requests per 5 minutes; the
// client schedules its requests to stay under it and honours Retry-After on
// a 429 anyway.
var RateLimit = fetch.RateLimit{Requests: 5000, Window: 5 * time.Minute}

// scopes are what sleep, activity and heart rate need.
var scopes = []string{"daily", "heartrate", "personal"}

// Provider is the Oura API v2 provider. It implements wearnb.Provider. Create
// it with New (the real API) or Sandbox; it is safe for concurrent use.
type Provider struct {
	base     string
	endpoint oauth2.Endpoint
	scopes   []string
	fopts    []fetch.Option
	fc       *fetch.Client // shared options and rate-limit state; see Client
}

// Option configures a Provider.
type Option func(*Provider)

// WithBaseURL sets the API base URL (default BaseURL); paths
// /v2/usercollection/... are appended to it.
func WithBaseURL(u string) Option {
	return func(p *Provider) { p.base = strings.TrimRight(u, "/") }
}

// WithEndpoint sets the OAuth2 endpoint (default Endpoint).
func WithEndpoint(e oauth2.Endpoint) Option {
	return func(p *Provider) { p.endpoint = e }
}

// WithScopes sets the scopes asked for at consent (default "daily
// heartrate personal").
func WithScopes(s ...string) Option {
	return func(p *Provider) { p.scopes = append([]string(nil), s...) }
}

// WithFetchOptions adds options to the shared HTTP client, after Oura's
// defaults (ParseError and RateLimit). Tests use it to replace the clock and
// the sleep between retries.
func WithFetchOptions(opts ...fetch.Option) Option {
	return func(p *Provider) { p.fopts = append(p.fopts, opts...) }
}

// New returns the provider for the real Oura API.
func New(opts ...Option) *Provider {
	p := &Provider{base: BaseURL, endpoint: Endpoint, scopes: scopes}
	for _, o := range opts {
		o(p)
	}
	fo := append([]fetch.Option{
		fetch.WithErrorParser(ParseError),
		fetch.WithRateLimit(RateLimit),
	}, p.fopts...)
	p.fc = fetch.New(Name, nil, fo...)
	return p
}

// Sandbox returns the provider for the wearnb sandbox served at root (e.g.
// "http://127.0.0.1:8765"): authorize root+"/oura/oauth/authorize", token
// root+"/oura/oauth/token", API root+"/oura". opts apply after the sandbox
// URLs.
func Sandbox(root string, opts ...Option) *Provider {
	root = strings.TrimRight(root, "/")
	base := []Option{
		WithBaseURL(root + "/oura"),
		WithEndpoint(oauth2.Endpoint{
			AuthURL:   root + "/oura/oauth/authorize",
			TokenURL:  root + "/oura/oauth/token",
			AuthStyle: oauth2.AuthStyleInParams,
		}),
	}
	return New(append(base, opts...)...)
}

// Name returns "oura".
func (p *Provider) Name() string { return Name }

// BaseURL returns the API base URL the provider talks to.
func (p *Provider) BaseURL() string { return p.base }

// Auth returns the OAuth2 endpoint, the default scopes and PKCE false (Oura
// does not document PKCE).
func (p *Provider) Auth() wearnb.Auth {
	return wearnb.Auth{
		Endpoint: p.endpoint,
		Scopes:   append([]string(nil), p.scopes...),
		PKCE:     false,
	}
}

// Stream limits. Oura documents no maximum range; 90 days keeps one chunk of
// sleep documents (with their heart-rate and HRV series) to a few pages.
const (
	maxDays = 90
	settles = 2 // a night or an activity day can still change for a day or two
)

// Streams returns the normalized streams, in this order:
//
//   - "sleep" (KindSleeps): /v2/usercollection/sleep, every sleep period
//     but deleted ones, with 5-minute stages.
//   - "daily_activity" (KindDayMoves): /v2/usercollection/daily_activity.
//
// daily_sleep (scores) and heartrate have no normalized record kind; use
// Client.DailySleep and Client.HeartRate. Oura has no hourly steps, so there
// is no KindHourlyMoves stream (see DailyActivity.Hours).
func (p *Provider) Streams() []wearnb.Stream {
	return []wearnb.Stream{
		{
			Name: "sleep", Kind: wearnb.KindSleeps, MaxDays: maxDays, Settles: settles,
			Fetch: func(ctx context.Context, hc *http.Client, r wearnb.Range) (*wearnb.Batch, error) {
				return p.Client(hc).FetchSleeps(ctx, r)
			},
		},
		{
			Name: "daily_activity", Kind: wearnb.KindDayMoves, MaxDays: maxDays, Settles: settles,
			Fetch: func(ctx context.Context, hc *http.Client, r wearnb.Range) (*wearnb.Batch, error) {
				return p.Client(hc).FetchDayMoves(ctx, r)
			},
		},
	}
}

// Client returns an API client that sends requests through hc, the
// authenticated client (from the consent flow or the token store). Clients
// of one Provider share its rate-limit state.
func (p *Provider) Client(hc *http.Client) *Client {
	return &Client{p: p, fc: p.fc.Using(hc)}
}
