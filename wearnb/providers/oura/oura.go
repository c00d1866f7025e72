package oura

import (
	"net/http"
	"time"

	"golang.org/x/oauth2"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/fetch"
	"wearnb.dev/wearnb/providers/base"
)

// Name is the provider name used in records, errors and the cache.
const Name = "oura"

// BaseURL is the real Oura API; paths start with /v2/usercollection/.
const BaseURL = "https://api.ouraring.com"

// RevokeURL is Oura's token revocation endpoint (?access_token=...).
const RevokeURL = "https://api.ouraring.com/oauth/revoke"

// Revoke is how RevokeURL takes a token: the access token as
// ?access_token=… and nothing else (providers.md S37, unverified). The
// HTTP method is undocumented: Pinta365/oura_api POSTs, other clients GET,
// one POSTs and falls back to GET on 404/405; wearnb does the last.
var Revoke = wearnb.RevokeStyle{Param: "access_token", Access: true, GetFallback: true, NoClientAuth: true}

// The OAuth endpoints of apps created in Oura's new developer portal
// (developer.ouraring.com). Oura documents only the legacy ones ([Endpoint]);
// these are reported by third parties: the token URL by
// louispires/Oura-Home-Assistant-Integration (PR #69, commit 1a48c3c, which
// falls back to it when the legacy endpoint answers 400 or 401) and
// filipe-m-almeida/health-sync (src/config.js), the revoke URL by a
// transcript of the server's discovery document (unverified). wearnb uses
// the documented endpoints; an app of the new portal sets
// WEARNB_OURA_TOKEN_URL=NewPortalTokenURL (see connect), and a refusal
// that looks like a portal mismatch names that setting.
const (
	NewPortalAuthURL   = "https://moi.ouraring.com/oauth/v2/ext/oauth-authorize"
	NewPortalTokenURL  = "https://moi.ouraring.com/oauth/v2/ext/oauth-token"
	NewPortalRevokeURL = "https://moi.ouraring.com/oauth/v2/ext/oauth-revoke"
)

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

// Scopes are the default scopes: what sleep, activity and heart rate need.
var Scopes = []string{"daily", "heartrate", "personal"}

// Option configures a Provider: any base option (base.WithBaseURL, ...).
type Option = base.Option

// real is the real API. PKCE stays off: Oura's authentication docs
// (https://cloud.ouraring.com/docs/authentication) list response_type,
// client_id, redirect_uri, state and scope for the authorize request and
// no code_challenge, so the legacy flow does not document PKCE. The new
// portal's server is reported to accept S256 and plain challenges (a
// third-party transcript of its discovery document's
// code_challenge_methods_supported; unverified): an app there may turn it
// on with WEARNB_OURA_PKCE=true.
func real() base.Config {
	return base.Config{BaseURL: BaseURL, Auth: wearnb.Auth{Endpoint: Endpoint, RevokeURL: RevokeURL, Revoke: Revoke, Scopes: Scopes}}
}

// Provider is the Oura API v2 provider. It implements wearnb.Provider. Create
// it with New (the real API) or Sandbox; it is safe for concurrent use.
type Provider struct {
	base.Core
}

// New returns the provider for the real Oura API: token requests with the
// client secret in the body, no PKCE, scopes [Scopes]; its fetch.Client
// parses Oura's errors and keeps under [RateLimit]. opts apply after these.
func New(opts ...Option) *Provider {
	return &Provider{base.NewCore(Name, real(),
		[]fetch.Option{fetch.WithErrorParser(ParseError), fetch.WithRateLimit(RateLimit)}, opts)}
}

// Sandbox returns the provider for the wearnb sandbox served at root (e.g.
// "http://127.0.0.1:8765"): authorize root+"/oura/oauth/authorize", token
// root+"/oura/oauth/token", revoke root+"/oura/oauth/revoke", API
// root+"/oura". opts apply after the sandbox URLs.
func Sandbox(root string, opts ...Option) *Provider {
	return New(append(base.Sandbox(root, Name, real()), opts...)...)
}

// Stream limits. Oura documents no maximum range; 90 days keeps one chunk of
// sleep documents (with their heart-rate and HRV series) to a few pages.
const (
	maxDays = 90
	settles = 2 // a night or an activity day can still change for a day or two
)

// Streams returns the normalized streams, in this order:
//
//   - "sleep" (KindSleeps, also KindVitals): [Client.Sleeps],
//     /v2/usercollection/sleep, every sleep period but deleted ones, with
//     5-minute stages and each period's nightly vitals (lowest and average
//     heart rate, average HRV, breathing rate, temperature deviation).
//   - "daily_activity" (KindDayMoves): [Client.Days],
//     /v2/usercollection/daily_activity.
//   - "heartrate" (KindHeartRate): [Client.HeartRate],
//     /v2/usercollection/heartrate, [HeartRateMaxDays] days a chunk, dated
//     by UTC day.
//
// daily_sleep (scores) has no normalized record kind; use
// Client.DailySleepDocs. Oura has no hourly steps, so there is no
// KindHourlyMoves stream (see DailyActivity.Hours).
func (p *Provider) Streams() []wearnb.Stream {
	return base.Streams(p.Client,
		base.Stream[*Client]{Name: "sleep", Kind: wearnb.KindSleeps, Also: []wearnb.Kind{wearnb.KindVitals},
			MaxDays: maxDays, Settles: settles, Fetch: (*Client).Sleeps},
		base.Stream[*Client]{Name: "daily_activity", Kind: wearnb.KindDayMoves, MaxDays: maxDays, Settles: settles, Fetch: (*Client).Days},
		base.Stream[*Client]{Name: "heartrate", Kind: wearnb.KindHeartRate, MaxDays: HeartRateMaxDays, Settles: settles, Fetch: (*Client).HeartRate},
	)
}

// Client returns an API client that sends requests through hc, the
// authenticated client (from the consent flow or the token store). Clients
// of one Provider share its rate-limit state.
func (p *Provider) Client(hc *http.Client) *Client {
	return &Client{p: p, fc: p.FetchClient(hc)}
}
