package googlehealth

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/oauth2"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/fetch"
	"wearnb.dev/wearnb/providers/base"
)

// Name is the provider name used in records and errors.
const Name = "googlehealth"

// The real Google endpoints.
const (
	AuthURL   = "https://accounts.google.com/o/oauth2/v2/auth"
	TokenURL  = "https://oauth2.googleapis.com/token"
	RevokeURL = "https://oauth2.googleapis.com/revoke"
	APIBase   = "https://health.googleapis.com"
)

// Revoke is how Google's RevokeURL takes a token: a form POST of
// token=<refresh token>, which also revokes its access tokens, with no
// client credentials (Google's "Revoking a token" in "Using OAuth 2.0 for
// Web Server Applications").
var Revoke = wearnb.RevokeStyle{NoClientAuth: true}

// Scopes are the default scopes: read sleep, read activity (steps,
// distance, calories, active minutes), and read health metrics (heart
// rate, resting heart rate, HRV, respiratory rate, sleep temperature).
// Google only returns a refresh token when the authorization URL asks for
// offline access: see [AuthParams].
var Scopes = []string{
	"https://www.googleapis.com/auth/googlehealth.sleep.readonly",
	"https://www.googleapis.com/auth/googlehealth.activity_and_fitness.readonly",
	"https://www.googleapis.com/auth/googlehealth.health_metrics_and_measurements.readonly",
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

// Option configures a Provider: any base option (base.WithBaseURL, ...).
type Option = base.Option

// real is the real API: Google OAuth 2.0 with the client credentials in the
// form body, PKCE S256, offline access.
func real() base.Config {
	return base.Config{BaseURL: APIBase, Auth: wearnb.Auth{
		Endpoint:  oauth2.Endpoint{AuthURL: AuthURL, TokenURL: TokenURL, AuthStyle: oauth2.AuthStyleInParams},
		RevokeURL: RevokeURL, Revoke: Revoke, Scopes: Scopes, PKCE: true, AuthParams: AuthParams,
	}}
}

// Provider is the Google Health API v4 as a wearnb.Provider. Create it with
// [New] or [Sandbox]. It is safe for concurrent use.
type Provider struct {
	base.Core
}

// New returns the provider for the real Google Health API: Google OAuth 2.0
// (client credentials in the form body, PKCE S256), scopes [Scopes],
// authorize parameters [AuthParams]. opts apply after these.
func New(opts ...Option) *Provider {
	return &Provider{base.NewCore(Name, real(), nil, opts)}
}

// Sandbox returns the provider for the wearnb sandbox rooted at root:
// authorize root/googlehealth/o/oauth2/auth, token root/googlehealth/token,
// revoke root/googlehealth/revoke, API root/googlehealth followed by the
// real paths. opts apply after the sandbox URLs.
func Sandbox(root string, opts ...Option) *Provider {
	sb := append(base.Sandbox(root, Name, real()), base.WithAuthURL(strings.TrimRight(root, "/")+"/"+Name+"/o/oauth2/auth"))
	return New(append(sb, opts...)...)
}

// Streams returns, in this order:
//
//   - "sleep" (KindSleeps): [Client.Sleeps], sleep sessions ending on the
//     range's dates;
//   - "steps" (KindHourlyMoves): [Client.Hours], the 1-minute step points
//     starting on the range's dates, summed per local hour;
//   - "days" (KindDayMoves): [Client.Days], each day's steps, distance,
//     total calories and active minutes from the daily roll-up and its
//     resting heart rate, [DaysStreamDays] days a chunk (a year: 64
//     roll-up requests, the fewest the API's limits allow, and 5 for the
//     resting heart rate);
//   - "heart-rate" (KindHeartRate): [Client.HeartRate], the heart-rate
//     samples taken on the range's dates, [HeartRateStreamDays] days a
//     chunk;
//   - "vitals" (KindVitals): [Client.Vitals], the daily heart-rate
//     variability, respiratory rate and sleep temperature of the main
//     sleeps, a year a chunk.
func (p *Provider) Streams() []wearnb.Stream {
	return base.Streams(p.Client,
		base.Stream[*Client]{Name: "sleep", Kind: wearnb.KindSleeps, MaxDays: SleepStreamDays, Settles: 3, Fetch: (*Client).Sleeps},
		base.Stream[*Client]{Name: "steps", Kind: wearnb.KindHourlyMoves, MaxDays: StepsStreamDays, Settles: 2, Fetch: (*Client).Hours},
		base.Stream[*Client]{Name: "days", Kind: wearnb.KindDayMoves, MaxDays: DaysStreamDays, Settles: 2, Fetch: (*Client).Days},
		base.Stream[*Client]{Name: "heart-rate", Kind: wearnb.KindHeartRate, MaxDays: HeartRateStreamDays, Settles: 2, Fetch: (*Client).HeartRate},
		base.Stream[*Client]{Name: "vitals", Kind: wearnb.KindVitals, MaxDays: VitalsStreamDays, Settles: 3, Fetch: (*Client).Vitals},
	)
}

// Client returns a typed API client that sends requests through hc (an
// authorized client, e.g. from oauth2.Config.Client).
func (p *Provider) Client(hc *http.Client) *Client {
	return &Client{p: p, f: p.FetchClient(hc)}
}

// Client makes typed Google Health API calls. Get one from
// [Provider.Client]. Sleeps, Days, Hours (and Steps, both) return
// normalized records, as every provider's Client does; List returns
// Google's own data points.
type Client struct {
	p     *Provider
	f     *fetch.Client
	batch *wearnb.Batch // when set, List appends the raw pages to it
}

// recording returns a copy of c that keeps the raw pages in a new Batch.
func (c *Client) recording() (*Client, *wearnb.Batch) {
	d := *c
	d.batch = &wearnb.Batch{}
	return &d, d.batch
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
		u := c.p.BaseURL() + "/v4/users/me/dataTypes/" + url.PathEscape(dataType) + "/dataPoints?" + q.Encode()
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

// Sleeps gets and normalizes the sleep sessions that end on a date in r, in
// start order (see [NormalizeSleeps]); pages of 25. Raw holds every page.
// An empty range gives an empty batch without a request.
func (c *Client) Sleeps(ctx context.Context, r wearnb.Range) (*wearnb.Batch, error) {
	c, b := c.recording()
	b.Sleeps = []wearnb.Sleep{}
	if base.Empty(r) {
		return b, nil
	}
	points, err := c.List(ctx, "sleep", SleepFilter(r), SleepPageSize)
	if err != nil {
		return nil, err
	}
	if b.Sleeps, err = NormalizeSleeps(points); err != nil {
		return nil, err
	}
	return b, nil
}

// Steps gets the 1-minute step points that start on a date in r (pages of
// 10000) and sums them per local hour and per local date (see
// [NormalizeSteps]) into the batch's Hours and Days. Raw holds every page.
// An empty range gives an empty batch without a request.
func (c *Client) Steps(ctx context.Context, r wearnb.Range) (*wearnb.Batch, error) {
	c, b := c.recording()
	b.Hours, b.Days = []wearnb.HourMoves{}, []wearnb.DayMoves{}
	if base.Empty(r) {
		return b, nil
	}
	points, err := c.List(ctx, "steps", StepsFilter(r), StepsPageSize)
	if err != nil {
		return nil, err
	}
	if b.Hours, b.Days, err = NormalizeSteps(points); err != nil {
		return nil, err
	}
	return b, nil
}

// Days gets the days of r from the daily roll-up of steps, distance,
// total calories and active minutes ([Client.DayTotals]) and the daily
// resting heart rate ([Client.RestingHeartRate]), one wearnb.DayMoves per
// day with a roll-up window, in date order (see [NormalizeDays]): a measure
// without data that day is missing, never 0. The roll-up says nothing of the day's UTC offset, so
// UTCOffset is missing (the steps stream's hours carry the offsets). Raw holds
// every page (the roll-ups' under their URL and range). An empty range
// gives an empty batch without a request. It is the "days" stream's Fetch;
// [Client.Steps] gives day totals of steps from the one-minute points
// instead.
func (c *Client) Days(ctx context.Context, r wearnb.Range) (*wearnb.Batch, error) {
	c, b := c.recording()
	b.Days = []wearnb.DayMoves{}
	if base.Empty(r) {
		return b, nil
	}
	totals, err := c.DayTotals(ctx, r)
	if err != nil {
		return nil, err
	}
	rest, err := c.RestingHeartRate(ctx, r)
	if err != nil {
		return nil, err
	}
	b.Days = NormalizeDays(totals, rest)
	return b, nil
}

// Hours is [Client.Steps] without the day totals.
func (c *Client) Hours(ctx context.Context, r wearnb.Range) (*wearnb.Batch, error) {
	b, err := c.Steps(ctx, r)
	return b.Only(wearnb.KindHourlyMoves), err
}
