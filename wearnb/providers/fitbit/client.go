package fitbit

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/fetch"
	"wearnb.dev/wearnb/providers/base"
)

// Client makes typed Fitbit API calls. Get one from [Provider.Client].
// Sleeps, Days and Hours return normalized records, as every provider's
// Client does; SleepLogs, SleepList, Series, Intraday, the heart-rate
// calls, DailySummary and Profile return Fitbit's own payloads. Methods
// that take a wearnb.Range split it into as many requests as the API's
// per-request limit needs; an empty result is not an error.
type Client struct {
	p     *Provider
	f     *fetch.Client
	batch *wearnb.Batch // when set, raw pages are appended to it
}

// recording returns a copy of c that keeps the raw pages in a new Batch.
func (c *Client) recording() (*Client, *wearnb.Batch) {
	d := *c
	d.batch = &wearnb.Batch{}
	return &d, d.batch
}

// get fetches path (relative to the API base, or an absolute URL) and
// returns the body, retrying truncated JSON like any transient failure.
func (c *Client) get(ctx context.Context, endpoint, u string) ([]byte, error) {
	if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
		u = c.p.BaseURL() + u
	}
	var raw json.RawMessage
	body, err := c.f.GetJSON(ctx, endpoint, u, &raw)
	if err != nil {
		return nil, explain(err)
	}
	if c.batch != nil {
		c.batch.Raw = append(c.batch.Raw, wearnb.RawPage{URL: fetch.RedactURL(u), Body: body})
	}
	return body, nil
}

// Zones returns the zones the provider reads timestamps in: those set with
// [WithTimeZone] or [WithZones], else the profile's time zone (fetched once
// per Provider).
func (c *Client) Zones(ctx context.Context) (Zones, error) {
	if c.p.zones != nil {
		return c.p.zones, nil
	}
	c.p.mu.Lock()
	loc := c.p.profile
	c.p.mu.Unlock()
	if loc == nil {
		var err error
		if loc, err = c.TimeZone(ctx); err != nil {
			return nil, err
		}
		c.p.mu.Lock()
		c.p.profile = loc
		c.p.mu.Unlock()
	}
	return FixedZones(loc), nil
}

// Profile gets GET /1/user/-/profile.json.
func (c *Client) Profile(ctx context.Context) (*Profile, error) {
	body, err := c.get(ctx, EndpointProfile, "/1/user/-/profile.json")
	if err != nil {
		return nil, err
	}
	return DecodeProfile(body)
}

// TimeZone returns the user's time zone from the profile: the IANA zone
// user.timezone, or, if this machine does not know it, a fixed zone of
// user.offsetFromUTCMillis.
func (c *Client) TimeZone(ctx context.Context) (*time.Location, error) {
	p, err := c.Profile(ctx)
	if err != nil {
		return nil, err
	}
	return p.User.Location()
}

// Location returns the zone of the profile (see [Client.TimeZone]).
func (u ProfileUser) Location() (*time.Location, error) {
	if u.Timezone != "" {
		if loc, err := time.LoadLocation(u.Timezone); err == nil {
			return loc, nil
		}
	}
	const day = 24 * 3600 * 1000
	if u.Timezone == "" && u.OffsetFromUTCMillis == 0 {
		return nil, decodeError(EndpointProfile, "user.timezone", fmt.Errorf("fitbit: profile has no time zone"))
	}
	if u.OffsetFromUTCMillis <= -day || u.OffsetFromUTCMillis >= day {
		return nil, fieldErrorf(EndpointProfile, "user.offsetFromUTCMillis", "offset %d ms out of range", u.OffsetFromUTCMillis)
	}
	return wearnb.FixedZone(int(u.OffsetFromUTCMillis / 1000)), nil
}

// SleepLogs gets the v1.2 sleep logs whose dateOfSleep lies in r (at most
// [MaxSleepDays] days) in one request.
func (c *Client) SleepLogs(ctx context.Context, r wearnb.Range) (*SleepResponse, error) {
	if r.Days() > MaxSleepDays {
		return nil, fmt.Errorf("fitbit: sleep range %v has %d days, the API allows %d per request", r, r.Days(), MaxSleepDays)
	}
	body, err := c.get(ctx, EndpointSleep, "/1.2/user/-/sleep/date/"+r.From.String()+"/"+r.To.String()+".json")
	if err != nil {
		return nil, err
	}
	return DecodeSleep(body)
}

// Sleeps gets and normalizes the sleeps (nights and naps) whose
// dateOfSleep lies in r, in start order: one request per 100 days (5 years
// take 19 requests). See [NormalizeSleeps]. Raw holds the pages, the
// profile's first among them when this call fetched it for the time zone
// (once per Provider). An empty range gives an empty batch without a
// request.
func (c *Client) Sleeps(ctx context.Context, r wearnb.Range) (*wearnb.Batch, error) {
	out := []wearnb.Sleep{}
	if base.Empty(r) {
		return &wearnb.Batch{Sleeps: out}, nil
	}
	c, b := c.recording()
	zones, err := c.Zones(ctx)
	if err != nil {
		return nil, err
	}
	for _, ch := range r.Split(MaxSleepDays) {
		resp, err := c.SleepLogs(ctx, ch)
		if err != nil {
			return nil, err
		}
		s, err := NormalizeSleeps(resp.Sleep, zones)
		if err != nil {
			return nil, err
		}
		out = append(out, s...)
	}
	sortSleeps(out)
	b.Sleeps = out
	return b, nil
}

// ListQuery selects pages of the sleep log list. Set exactly one of
// AfterDate (ascending) or BeforeDate (descending).
type ListQuery struct {
	AfterDate  wearnb.Date
	BeforeDate wearnb.Date
	Limit      int // logs per page, 1-100; default 100
	MaxPages   int // stop after this many pages; 0 = follow pagination.next to the end
}

// SleepList gets GET /1.2/user/-/sleep/list.json and follows
// pagination.next until it is empty (or q.MaxPages pages), returning the
// logs in the order received. A next link is only followed on the API's own
// host; elsewhere its query is re-applied to the list path, so the access
// token never leaves the API.
func (c *Client) SleepList(ctx context.Context, q ListQuery) ([]SleepLog, error) {
	v := url.Values{}
	switch {
	case !q.AfterDate.IsZero() && q.BeforeDate.IsZero():
		v.Set("afterDate", q.AfterDate.String())
		v.Set("sort", "asc")
	case q.AfterDate.IsZero() && !q.BeforeDate.IsZero():
		v.Set("beforeDate", q.BeforeDate.String())
		v.Set("sort", "desc")
	default:
		return nil, fmt.Errorf("fitbit: sleep list needs exactly one of AfterDate and BeforeDate")
	}
	limit := q.Limit
	if limit <= 0 || limit > 100 {
		limit = 100
	}
	v.Set("limit", fmt.Sprint(limit))
	v.Set("offset", "0")
	listPath := c.p.BaseURL() + "/1.2/user/-/sleep/list.json"
	next := listPath + "?" + v.Encode()
	logs := []SleepLog{}
	seen := map[string]bool{}
	for page := 0; next != "" && (q.MaxPages <= 0 || page < q.MaxPages); page++ {
		if seen[next] {
			return nil, fmt.Errorf("fitbit: sleep list: pagination.next repeats %s", fetch.RedactURL(next))
		}
		seen[next] = true
		body, err := c.get(ctx, EndpointSleepList, next)
		if err != nil {
			return nil, err
		}
		l, err := DecodeSleepList(body)
		if err != nil {
			return nil, err
		}
		logs = append(logs, l.Sleep...)
		if len(l.Sleep) == 0 {
			break
		}
		next = c.sameAPI(listPath, l.Pagination.Next)
	}
	return logs, nil
}

// sameAPI returns next if it points into the API base, else listPath with
// next's query (or "" if next is empty or unparsable).
func (c *Client) sameAPI(listPath, next string) string {
	if next == "" {
		return ""
	}
	if strings.HasPrefix(next, c.p.BaseURL()+"/") {
		return next
	}
	u, err := url.Parse(next)
	if err != nil || u.RawQuery == "" {
		return ""
	}
	return listPath + "?" + u.RawQuery
}

// Series gets the activity time series of resource ("steps", "distance",
// "calories", "minutesVeryActive", "tracker/steps", ...) over r, one
// request per [MaxSeriesDays] days.
func (c *Client) Series(ctx context.Context, resource string, r wearnb.Range) ([]SeriesPoint, error) {
	out := []SeriesPoint{}
	if base.Empty(r) {
		return out, nil
	}
	for _, ch := range r.Split(MaxSeriesDays) {
		body, err := c.get(ctx, resource, "/1/user/-/activities/"+resource+"/date/"+ch.From.String()+"/"+ch.To.String()+".json")
		if err != nil {
			return nil, err
		}
		pts, err := DecodeSeries(resource, body)
		if err != nil {
			return nil, err
		}
		out = append(out, pts...)
	}
	return out, nil
}

// Days gets the [DayResources] series over r and joins them with
// [NormalizeDays], with each day's resting heart rate from the heart-rate
// series ([WithRestingHR]): six requests per 1095 days, and one per 365
// for the heart rate. Raw holds the pages (with
// the profile's, as for Sleeps).
// An empty range gives an empty batch without a request.
func (c *Client) Days(ctx context.Context, r wearnb.Range) (*wearnb.Batch, error) {
	if base.Empty(r) {
		return &wearnb.Batch{Days: []wearnb.DayMoves{}}, nil
	}
	c, b := c.recording()
	zones, err := c.Zones(ctx)
	if err != nil {
		return nil, err
	}
	series := map[string][]SeriesPoint{}
	for _, res := range DayResources {
		if series[res], err = c.Series(ctx, res, r); err != nil {
			return nil, err
		}
	}
	heart, err := c.HeartSeries(ctx, r)
	if err != nil {
		return nil, err
	}
	b.Days = WithRestingHR(NormalizeDays(series, zones), heart)
	return b, nil
}

// Intraday gets one day of an activity resource ("steps", "calories",
// "distance", "elevation", "floors") at detail "1min" or "15min".
func (c *Client) Intraday(ctx context.Context, resource string, d wearnb.Date, detail string) (*Intraday, error) {
	body, err := c.get(ctx, resource+"-intraday", "/1/user/-/activities/"+resource+"/date/"+d.String()+"/1d/"+detail+".json")
	if err != nil {
		return nil, err
	}
	return DecodeIntraday(resource, body)
}

// Hours gets intraday steps (1min) for every day of r, one request per
// day, and sums them per local hour with [NormalizeHours]. A day whose
// zone differs from the next day's is a travel day: its times are read in
// the day's zone until the clock jumps, and in the next day's zone from the
// jump on. Raw holds the pages (with the profile's, as for Sleeps). An
// empty range gives an empty
// batch without a request.
func (c *Client) Hours(ctx context.Context, r wearnb.Range) (*wearnb.Batch, error) {
	out := []wearnb.HourMoves{}
	if base.Empty(r) {
		return &wearnb.Batch{Hours: out}, nil
	}
	c, b := c.recording()
	zones, err := c.Zones(ctx)
	if err != nil {
		return nil, err
	}
	for d := r.From; !d.After(r.To); d = d.AddDays(1) {
		in, err := c.Intraday(ctx, "steps", d, "1min")
		if err != nil {
			return nil, err
		}
		h, err := normalizeHours(d, in, zones.at(d), zones.at(d.AddDays(1)))
		if err != nil {
			return nil, err
		}
		out = append(out, h...)
	}
	b.Hours = out
	return b, nil
}

// HeartSeries gets the daily heart-rate zones and resting heart rate over
// r, one request per [MaxHeartDays] days.
func (c *Client) HeartSeries(ctx context.Context, r wearnb.Range) ([]HeartDay, error) {
	out := []HeartDay{}
	if base.Empty(r) {
		return out, nil
	}
	for _, ch := range r.Split(MaxHeartDays) {
		body, err := c.get(ctx, EndpointHeart, "/1/user/-/activities/heart/date/"+ch.From.String()+"/"+ch.To.String()+".json")
		if err != nil {
			return nil, err
		}
		days, err := DecodeHeartSeries(body)
		if err != nil {
			return nil, err
		}
		out = append(out, days...)
	}
	return out, nil
}

// HeartIntraday gets one day of heart rate at detail "1sec", "1min", "5min"
// or "15min".
func (c *Client) HeartIntraday(ctx context.Context, d wearnb.Date, detail string) (*HeartIntraday, error) {
	body, err := c.get(ctx, EndpointHeartIntra, "/1/user/-/activities/heart/date/"+d.String()+"/1d/"+detail+".json")
	if err != nil {
		return nil, err
	}
	return DecodeHeartIntraday(body)
}

// DailySummary gets the activity summary of day d.
func (c *Client) DailySummary(ctx context.Context, d wearnb.Date) (*DailySummary, error) {
	body, err := c.get(ctx, EndpointDailySummary, "/1/user/-/activities/date/"+d.String()+".json")
	if err != nil {
		return nil, err
	}
	return DecodeDailySummary(body)
}
