package jawbone

import (
	"net/http"

	"golang.org/x/oauth2"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/fetch"
	"wearnb.dev/wearnb/providers/base"
)

// Name is the provider name used in records, errors and the cache.
const Name = "jawbone"

// BaseURL is the (defunct since 2018) Jawbone UP API.
const BaseURL = "https://jawbone.com/nudge/api/v.1.1"

// RevokeURL is where an app ended its consent: DELETE with the bearer
// token (Jawbone's "disconnect", on the v.1.0 path).
const RevokeURL = "https://jawbone.com/nudge/api/v.1.0/users/@me/PartnerAppMembership"

// apiPath is the path every API URL and data.links.next starts with.
const apiPath = "/nudge/api/v.1.1"

// Endpoint is Jawbone's OAuth2 endpoint. The client secret goes in the
// token request body (AuthStyleInParams); Jawbone had no PKCE.
var Endpoint = oauth2.Endpoint{
	AuthURL:   "https://jawbone.com/auth/oauth2/auth",
	TokenURL:  "https://jawbone.com/auth/oauth2/token",
	AuthStyle: oauth2.AuthStyleInParams,
}

// Scopes are the default scopes: the profile, moves, sleeps and the
// resting heart rate.
var Scopes = []string{"basic_read", "extended_read", "move_read", "sleep_read", "heartrate_read"}

// Option configures a Provider: any base option (base.WithBaseURL, ...).
type Option = base.Option

func real() base.Config {
	return base.Config{BaseURL: BaseURL, Auth: wearnb.Auth{Endpoint: Endpoint, RevokeURL: RevokeURL, Revoke: wearnb.RevokeStyle{Delete: true}, Scopes: Scopes}}
}

// Provider is the Jawbone UP provider. It implements wearnb.Provider. Jawbone
// shut down in 2018, so in practice it runs against the sandbox (Sandbox) or
// reads old dumps (Import). Safe for concurrent use.
type Provider struct {
	base.Core
}

// New returns the provider for the real (defunct) Jawbone API; its
// fetch.Client parses Jawbone's error envelope. opts apply after these.
func New(opts ...Option) *Provider {
	return &Provider{base.NewCore(Name, real(), []fetch.Option{fetch.WithErrorParser(ParseError)}, opts)}
}

// Sandbox returns the provider for the wearnb sandbox served at root:
// authorize root+"/jawbone/auth/oauth2/auth", token
// root+"/jawbone/auth/oauth2/token", API root+"/jawbone/nudge/api/v.1.1".
// opts apply after the sandbox URLs.
func Sandbox(root string, opts ...Option) *Provider {
	return New(append(base.Sandbox(root, Name, real()), opts...)...)
}

// Stream limits. Jawbone documents no maximum range; a quarter keeps a chunk
// to one or two pages of 100 items (plus one ticks request per sleep).
const (
	maxDays = 92
	settles = 2
)

// Streams returns, in this order:
//
//   - "moves" (KindDayMoves, also KindHourlyMoves): [Client.Moves],
//     /users/@me/moves, one DayMoves per day and one HourMoves per hour of
//     hourly_totals, from the same pages, and each day's resting heart
//     rate from /users/@me/heartrates.
//   - "sleeps" (KindSleeps): [Client.Sleeps], /users/@me/sleeps with
//     stages from each sleep's ticks.
func (p *Provider) Streams() []wearnb.Stream {
	return base.Streams(p.Client,
		base.Stream[*Client]{Name: "moves", Kind: wearnb.KindDayMoves, Also: []wearnb.Kind{wearnb.KindHourlyMoves},
			MaxDays: maxDays, Settles: settles, Fetch: (*Client).Moves},
		base.Stream[*Client]{Name: "sleeps", Kind: wearnb.KindSleeps, MaxDays: maxDays, Settles: settles, Fetch: (*Client).Sleeps},
	)
}

// Client returns an API client that sends requests through hc, the
// authenticated client. Clients of one Provider share its options.
func (p *Provider) Client(hc *http.Client) *Client {
	return &Client{p: p, fc: p.FetchClient(hc)}
}
