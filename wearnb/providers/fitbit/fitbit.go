package fitbit

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/fetch"
)

// Name is the provider name used in records and errors.
const Name = "fitbit"

// The real Fitbit endpoints.
const (
	AuthURL   = "https://www.fitbit.com/oauth2/authorize"
	TokenURL  = "https://api.fitbit.com/oauth2/token"
	RevokeURL = "https://api.fitbit.com/oauth2/revoke"
	APIBase   = "https://api.fitbit.com"
)

// Scopes are the default scopes: sleep, activity (incl. intraday steps),
// heart rate and the profile (for the user's time zone).
var Scopes = []string{"sleep", "activity", "heartrate", "profile"}

// Stream limits: the longest range one request may cover.
const (
	MaxSleepDays    = 100  // v1.2 sleep by date range
	MaxSeriesDays   = 1095 // activity time series (steps, distance, calories, minutes*)
	MaxHeartDays    = 365  // heart-rate time series
	MaxIntradayDays = 1    // intraday: one day per request
)

// Provider is the Fitbit Web API as a wearnb.Provider. Create it with [New]
// (real endpoints) or [Sandbox]. It is safe for concurrent use.
type Provider struct {
	auth      wearnb.Auth
	apiBase   string
	revokeURL string
	zones     Zones
	fetch     *fetch.Client
	fetchOpts []fetch.Option // collected by options, used by build

	mu      sync.Mutex
	profile *time.Location // zone from the profile, once fetched
}

// Option configures a [Provider].
type Option func(*Provider)

// WithTimeZone reads all local timestamps in loc. Without WithTimeZone or
// [WithZones], the provider asks the profile endpoint once for the user's
// current time zone (one extra request).
func WithTimeZone(loc *time.Location) Option {
	return func(p *Provider) {
		if loc != nil {
			p.zones = FixedZones(loc)
		}
	}
}

// WithZones reads each day's timestamps in the zone z gives for that day
// (for users who travel).
func WithZones(z Zones) Option {
	return func(p *Provider) {
		if z != nil {
			p.zones = z
		}
	}
}

// WithFetchOptions passes options to the provider's fetch.Client (after the
// Fitbit defaults: ParseError and the Fitbit-Rate-Limit-* headers).
func WithFetchOptions(opts ...fetch.Option) Option {
	return func(p *Provider) { p.fetchOpts = append(p.fetchOpts, opts...) }
}

// New returns the provider for the real Fitbit Web API: authorize at
// www.fitbit.com, tokens at api.fitbit.com with client credentials in a
// Basic header, PKCE S256, scopes [Scopes].
func New(opts ...Option) *Provider {
	return build(oauth2.Endpoint{AuthURL: AuthURL, TokenURL: TokenURL, AuthStyle: oauth2.AuthStyleInHeader},
		APIBase, RevokeURL, opts)
}

// Sandbox returns the provider for the wearnb sandbox rooted at root (e.g.
// "http://127.0.0.1:8765"): authorize root/fitbit/oauth2/authorize, token
// root/fitbit/oauth2/token, API root/fitbit followed by the real paths.
func Sandbox(root string, opts ...Option) *Provider {
	root = strings.TrimRight(root, "/") + "/fitbit"
	return build(oauth2.Endpoint{AuthURL: root + "/oauth2/authorize", TokenURL: root + "/oauth2/token", AuthStyle: oauth2.AuthStyleInHeader},
		root, root+"/oauth2/revoke", opts)
}

func build(ep oauth2.Endpoint, api, revoke string, opts []Option) *Provider {
	p := &Provider{
		auth:      wearnb.Auth{Endpoint: ep, Scopes: append([]string(nil), Scopes...), PKCE: true},
		apiBase:   api,
		revokeURL: revoke,
	}
	for _, o := range opts {
		o(p)
	}
	fo := append([]fetch.Option{
		fetch.WithErrorParser(ParseError),
		fetch.WithRateLimit(fetch.RateLimit{
			RemainingHeader: "Fitbit-Rate-Limit-Remaining",
			ResetHeader:     "Fitbit-Rate-Limit-Reset",
		}),
	}, p.fetchOpts...)
	p.fetch = fetch.New(Name, nil, fo...)
	p.fetchOpts = nil
	return p
}

// Name returns "fitbit".
func (p *Provider) Name() string { return Name }

// Auth returns the OAuth2 endpoint (AuthStyleInHeader), default scopes and
// PKCE support.
func (p *Provider) Auth() wearnb.Auth {
	a := p.auth
	a.Scopes = append([]string(nil), a.Scopes...)
	return a
}

// APIBase returns the base URL API paths are appended to.
func (p *Provider) APIBase() string { return p.apiBase }

// RevokeURL returns the token revocation endpoint (RFC 7009).
func (p *Provider) RevokeURL() string { return p.revokeURL }

// Streams returns, in this order:
//
//   - "sleep": v1.2 sleep logs by date range, 100 days per request;
//   - "days": daily steps, distance, calories and active minutes from six
//     activity time series, 1095 days per request each;
//   - "hours": hourly steps from intraday steps, one day per request
//     (intraday access needs a Personal app or Fitbit's approval).
func (p *Provider) Streams() []wearnb.Stream {
	return []wearnb.Stream{
		{Name: "sleep", Kind: wearnb.KindSleeps, MaxDays: MaxSleepDays, Settles: 3,
			Fetch: func(ctx context.Context, hc *http.Client, r wearnb.Range) (*wearnb.Batch, error) {
				b := &wearnb.Batch{}
				var err error
				b.Sleeps, err = p.Client(hc).collect(b).Sleeps(ctx, r)
				return b, err
			}},
		{Name: "days", Kind: wearnb.KindDayMoves, MaxDays: MaxSeriesDays, Settles: 2,
			Fetch: func(ctx context.Context, hc *http.Client, r wearnb.Range) (*wearnb.Batch, error) {
				b := &wearnb.Batch{}
				var err error
				b.Days, err = p.Client(hc).collect(b).Days(ctx, r)
				return b, err
			}},
		{Name: "hours", Kind: wearnb.KindHourlyMoves, MaxDays: MaxIntradayDays, Settles: 1,
			Fetch: func(ctx context.Context, hc *http.Client, r wearnb.Range) (*wearnb.Batch, error) {
				b := &wearnb.Batch{}
				var err error
				b.Hours, err = p.Client(hc).collect(b).Hours(ctx, r)
				return b, err
			}},
	}
}

// Client returns a typed API client that sends requests through hc (an
// authorized client, e.g. from oauth2.Config.Client). Clients of one
// Provider share its rate-limit state.
func (p *Provider) Client(hc *http.Client) *Client {
	return &Client{p: p, f: p.fetch.Using(hc)}
}
