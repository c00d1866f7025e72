package googlehealth

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/oauth2"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/fetch"
)

// Name is the provider name used in records and errors.
const Name = "googlehealth"

// The real Google endpoints.
const (
	AuthURL  = "https://accounts.google.com/o/oauth2/v2/auth"
	TokenURL = "https://oauth2.googleapis.com/token"
	APIBase  = "https://health.googleapis.com"
)

// Scopes are the default scopes: read sleep, and read activity (steps).
// Google only returns a refresh token when the authorization URL asks for
// offline access: see [AuthParams].
var Scopes = []string{
	"https://www.googleapis.com/auth/googlehealth.sleep.readonly",
	"https://www.googleapis.com/auth/googlehealth.activity_and_fitness.readonly",
}

// AuthParams are the authorization-URL parameters Auth asks for:
// access_type=offline, without which Google issues no refresh token, and
// prompt=consent, without which it issues one only at a person's first
// consent to the client.
var AuthParams = map[string]string{"access_type": "offline", "prompt": "consent"}

// Page sizes: sleep pages hold at most 25 points, steps pages up to 10000.
const (
	SleepPageSize = 25
	StepsPageSize = 10000
)

// Stream chunk sizes. The API has no range limit; these keep one Fetch to a
// few pages so the cache can resume.
const (
	SleepStreamDays = 365 // about 15 pages of 25 sleeps
	StepsStreamDays = 14  // about 2 pages of 10000 minutes
)

// Provider is the Google Health API v4 as a wearnb.Provider. Create it with
// [New] or [Sandbox]. It is safe for concurrent use.
type Provider struct {
	auth      wearnb.Auth
	apiBase   string
	fetch     *fetch.Client
	fetchOpts []fetch.Option
}

// Option configures a [Provider].
type Option func(*Provider)

// WithFetchOptions passes options to the provider's fetch.Client.
func WithFetchOptions(opts ...fetch.Option) Option {
	return func(p *Provider) { p.fetchOpts = append(p.fetchOpts, opts...) }
}

// New returns the provider for the real Google Health API: Google OAuth 2.0
// (client credentials in the form body, PKCE S256), scopes [Scopes].
func New(opts ...Option) *Provider {
	return build(oauth2.Endpoint{AuthURL: AuthURL, TokenURL: TokenURL, AuthStyle: oauth2.AuthStyleInParams}, APIBase, opts)
}

// Sandbox returns the provider for the wearnb sandbox rooted at root:
// authorize root/googlehealth/o/oauth2/auth, token root/googlehealth/token,
// API root/googlehealth followed by the real paths.
func Sandbox(root string, opts ...Option) *Provider {
	root = strings.TrimRight(root, "/") + "/googlehealth"
	return build(oauth2.Endpoint{AuthURL: root + "/o/oauth2/auth", TokenURL: root + "/token", AuthStyle: oauth2.AuthStyleInParams}, root, opts)
}

func build(ep oauth2.Endpoint, api string, opts []Option) *Provider {
	p := &Provider{auth: wearnb.Auth{Endpoint: ep, Scopes: append([]string(nil), Scopes...), PKCE: true, AuthParams: maps.Clone(AuthParams)}, apiBase: api}
	for _, o := range opts {
		o(p)
	}
	p.fetch = fetch.New(Name, nil, p.fetchOpts...)
	p.fetchOpts = nil
	return p
}

// Name returns "googlehealth".
func (p *Provider) Name() string { return Name }

// Auth returns the OAuth2 endpoint (AuthStyleInParams), default scopes,
// PKCE support and [AuthParams] (offline access, so the consent brings a
// refresh token).
func (p *Provider) Auth() wearnb.Auth {
	a := p.auth
	a.Scopes = append([]string(nil), a.Scopes...)
	a.AuthParams = maps.Clone(a.AuthParams)
	return a
}

// APIBase returns the base URL API paths are appended to.
func (p *Provider) APIBase() string { return p.apiBase }

// Streams returns "sleep" (sleep sessions ending on the range's dates) and
// "steps" (1-minute step points starting on the range's dates). The steps
// stream's Kind is hourly moves; its batches also carry the day totals in
// Batch.Days, from the same points.
func (p *Provider) Streams() []wearnb.Stream {
	return []wearnb.Stream{
		{Name: "sleep", Kind: wearnb.KindSleeps, MaxDays: SleepStreamDays, Settles: 3,
			Fetch: func(ctx context.Context, hc *http.Client, r wearnb.Range) (*wearnb.Batch, error) {
				b := &wearnb.Batch{}
				var err error
				b.Sleeps, err = p.Client(hc).collect(b).Sleeps(ctx, r)
				return b, err
			}},
		{Name: "steps", Kind: wearnb.KindHourlyMoves, MaxDays: StepsStreamDays, Settles: 2,
			Fetch: func(ctx context.Context, hc *http.Client, r wearnb.Range) (*wearnb.Batch, error) {
				b := &wearnb.Batch{}
				var err error
				b.Hours, b.Days, err = p.Client(hc).collect(b).Steps(ctx, r)
				return b, err
			}},
	}
}

// Client returns a typed API client that sends requests through hc (an
// authorized client, e.g. from oauth2.Config.Client).
func (p *Provider) Client(hc *http.Client) *Client {
	return &Client{p: p, f: p.fetch.Using(hc)}
}

// Client makes typed Google Health API calls. Get one from
// [Provider.Client].
type Client struct {
	p     *Provider
	f     *fetch.Client
	batch *wearnb.Batch
}

func (c *Client) collect(b *wearnb.Batch) *Client {
	d := *c
	d.batch = b
	return &d
}

// List gets every page of GET /v4/users/me/dataTypes/{dataType}/dataPoints
// with the given AIP-160 filter, following nextPageToken, and returns the
// points in the order received (newest first).
func (c *Client) List(ctx context.Context, dataType, filter string, pageSize int) ([]DataPoint, error) {
	points := []DataPoint{}
	seen := map[string]bool{}
	token := ""
	for {
		q := url.Values{}
		if filter != "" {
			q.Set("filter", filter)
		}
		if pageSize > 0 {
			q.Set("pageSize", strconv.Itoa(pageSize))
		}
		if token != "" {
			q.Set("pageToken", token)
		}
		u := c.p.apiBase + "/v4/users/me/dataTypes/" + url.PathEscape(dataType) + "/dataPoints?" + q.Encode()
		var raw json.RawMessage
		body, err := c.f.GetJSON(ctx, dataType, u, &raw)
		if err != nil {
			return nil, err
		}
		if c.batch != nil {
			c.batch.Raw = append(c.batch.Raw, wearnb.RawPage{URL: fetch.RedactURL(u), Body: body})
		}
		page, err := DecodeList(dataType, body)
		if err != nil {
			return nil, err
		}
		points = append(points, page.DataPoints...)
		token = page.NextPageToken
		if token == "" {
			return points, nil
		}
		if seen[token] {
			return nil, fmt.Errorf("googlehealth: %s: nextPageToken repeats; giving up after %d points", dataType, len(points))
		}
		seen[token] = true
	}
}

// civil formats the start of d as a civil date-time filter value.
func civil(d wearnb.Date) string { return `"` + d.String() + `T00:00:00"` }

// SleepFilter is the filter for sleep sessions ending (local time) on a
// date in r.
func SleepFilter(r wearnb.Range) string {
	return "sleep.interval.civil_end_time >= " + civil(r.From) + " AND sleep.interval.civil_end_time < " + civil(r.To.AddDays(1))
}

// StepsFilter is the filter for step points starting (local time) on a
// date in r.
func StepsFilter(r wearnb.Range) string {
	return "steps.interval.civil_start_time >= " + civil(r.From) + " AND steps.interval.civil_start_time < " + civil(r.To.AddDays(1))
}

// empty reports whether r holds no days.
func empty(r wearnb.Range) bool {
	return r.From.IsZero() || r.To.IsZero() || r.To.Before(r.From)
}

// Sleeps gets and normalizes the sleep sessions that end on a date in r, in
// start order (see [NormalizeSleeps]); pages of 25.
func (c *Client) Sleeps(ctx context.Context, r wearnb.Range) ([]wearnb.Sleep, error) {
	if empty(r) {
		return []wearnb.Sleep{}, nil
	}
	points, err := c.List(ctx, "sleep", SleepFilter(r), SleepPageSize)
	if err != nil {
		return nil, err
	}
	return NormalizeSleeps(points)
}

// Steps gets the 1-minute step points that start on a date in r (pages of
// 10000) and sums them per local hour and per local date (see
// [NormalizeSteps]).
func (c *Client) Steps(ctx context.Context, r wearnb.Range) ([]wearnb.HourMoves, []wearnb.DayMoves, error) {
	if empty(r) {
		return []wearnb.HourMoves{}, []wearnb.DayMoves{}, nil
	}
	points, err := c.List(ctx, "steps", StepsFilter(r), StepsPageSize)
	if err != nil {
		return nil, nil, err
	}
	return NormalizeSteps(points)
}
