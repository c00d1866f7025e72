package fitbit

import (
	"net/http"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/fetch"
	"wearnb.dev/wearnb/providers/base"
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
// heart rate (with HRV), the profile (for the user's time zone), and the
// breathing rate and skin temperature of the nightly vitals.
var Scopes = []string{"sleep", "activity", "heartrate", "profile", "respiratory_rate", "temperature"}

// Stream limits: the longest range one request may cover.
const (
	MaxSleepDays    = 100  // v1.2 sleep by date range
	MaxSeriesDays   = 1095 // activity time series (steps, distance, calories, minutes*)
	MaxHeartDays    = 365  // heart-rate time series
	MaxIntradayDays = 1    // intraday: one day per request
)

// Option configures a Provider: any base option (base.WithBaseURL, ...)
// and [WithTimeZone] or [WithZones].
type Option = base.Option

// real is the real API: authorize at www.fitbit.com, tokens at
// api.fitbit.com with the client credentials in a Basic header, PKCE S256.
func real() base.Config {
	return base.Config{BaseURL: APIBase, Auth: wearnb.Auth{
		Endpoint:  oauth2.Endpoint{AuthURL: AuthURL, TokenURL: TokenURL, AuthStyle: oauth2.AuthStyleInHeader},
		RevokeURL: RevokeURL, Scopes: Scopes, PKCE: true,
	}}
}

// Provider is the Fitbit Web API as a wearnb.Provider. Create it with [New]
// (real endpoints) or [Sandbox]. It is safe for concurrent use.
type Provider struct {
	base.Core
	zones Zones // from WithTimeZone or WithZones; nil: the profile's

	mu      sync.Mutex
	profile *time.Location // zone from the profile, once fetched
}

// zonesSetting carries WithTimeZone and WithZones through base.Set.
type zonesSetting struct{ z Zones }

// WithTimeZone reads all local timestamps in loc. Without WithTimeZone or
// [WithZones], the provider asks the profile endpoint once for the user's
// current time zone (one extra request). A nil loc changes nothing.
func WithTimeZone(loc *time.Location) Option {
	if loc == nil {
		return nil
	}
	return base.Set(zonesSetting{FixedZones(loc)})
}

// WithZones reads each day's timestamps in the zone z gives for that day
// (for users who travel). A nil z changes nothing.
func WithZones(z Zones) Option {
	if z == nil {
		return nil
	}
	return base.Set(zonesSetting{z})
}

// New returns the provider for the real Fitbit Web API: authorize at
// www.fitbit.com, tokens at api.fitbit.com with client credentials in a
// Basic header, PKCE S256, scopes [Scopes]; its fetch.Client parses
// Fitbit's errors and follows the Fitbit-Rate-Limit-* headers. opts apply
// after these.
func New(opts ...Option) *Provider {
	p := &Provider{Core: base.NewCore(Name, real(), []fetch.Option{
		fetch.WithErrorParser(ParseError),
		fetch.WithRateLimit(fetch.RateLimit{
			RemainingHeader: "Fitbit-Rate-Limit-Remaining",
			ResetHeader:     "Fitbit-Rate-Limit-Reset",
		}),
	}, opts)}
	if z, ok := base.Get[zonesSetting](p.Config()); ok {
		p.zones = z.z
	}
	return p
}

// Sandbox returns the provider for the wearnb sandbox rooted at root (e.g.
// "http://127.0.0.1:8765"): authorize root/fitbit/oauth2/authorize, token
// root/fitbit/oauth2/token, revoke root/fitbit/oauth2/revoke, API
// root/fitbit followed by the real paths. opts apply after the sandbox
// URLs.
func Sandbox(root string, opts ...Option) *Provider {
	return New(append(base.Sandbox(root, Name, real()), opts...)...)
}

// Streams returns, in this order:
//
//   - "sleep": [Client.Sleeps], v1.2 sleep logs by date range, 100 days per
//     request;
//   - "days": [Client.Days], daily steps, distance, calories and active
//     minutes from six activity time series, 1095 days per request each;
//   - "hours": [Client.Hours], hourly steps from intraday steps, one day
//     per request (intraday access needs a Personal app or Fitbit's
//     approval);
//   - "heartrate": [Client.HeartRate], intraday heart rate at one minute,
//     one day per request (the API's limit; intraday access as for hours);
//   - "vitals": [Client.Vitals], the HRV, breathing-rate and
//     skin-temperature summaries of the main sleeps, 30 days per request
//     each.
func (p *Provider) Streams() []wearnb.Stream {
	return base.Streams(p.Client,
		base.Stream[*Client]{Name: "sleep", Kind: wearnb.KindSleeps, MaxDays: MaxSleepDays, Settles: 3, Fetch: (*Client).Sleeps},
		base.Stream[*Client]{Name: "days", Kind: wearnb.KindDayMoves, MaxDays: MaxSeriesDays, Settles: 2, Fetch: (*Client).Days},
		base.Stream[*Client]{Name: "hours", Kind: wearnb.KindHourlyMoves, MaxDays: MaxIntradayDays, Settles: 1, Fetch: (*Client).Hours},
		base.Stream[*Client]{Name: "heartrate", Kind: wearnb.KindHeartRate, MaxDays: MaxIntradayDays, Settles: 1, Fetch: (*Client).HeartRate},
		base.Stream[*Client]{Name: "vitals", Kind: wearnb.KindVitals, MaxDays: MaxVitalsDays, Settles: 3, Fetch: (*Client).Vitals},
	)
}

// Client returns a typed API client that sends requests through hc (an
// authorized client, e.g. from oauth2.Config.Client). Clients of one
// Provider share its rate-limit state.
func (p *Provider) Client(hc *http.Client) *Client {
	return &Client{p: p, f: p.FetchClient(hc)}
}
