package jawbone

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/fetch"
)

// pageLimit is the page size asked for (Jawbone's default is 10).
const pageLimit = 100

// Client calls the Jawbone UP API for one authenticated user. Get one from
// Provider.Client. Sleeps, Days, Hours (and Moves, both) return normalized
// records, as every provider's Client does; MoveItems, SleepItems and Ticks
// return Jawbone's own items. List calls follow data.links.next to the last
// page and go through fetch (retries, typed errors); all honour ctx. Safe
// for concurrent use.
type Client struct {
	p  *Provider
	fc *fetch.Client
}

// MoveItems returns the move items whose date lies in r, newest first as
// Jawbone sends them.
func (c *Client) MoveItems(ctx context.Context, r wearnb.Range) ([]MoveItem, error) {
	items, _, err := list(ctx, c, endpointMoves, r, func(m *MoveItem) wearnb.Date { return m.Date.Date })
	return items, err
}

// SleepItems returns the sleep items whose date lies in r, newest first.
func (c *Client) SleepItems(ctx context.Context, r wearnb.Range) ([]SleepItem, error) {
	items, _, err := list(ctx, c, endpointSleeps, r, func(s *SleepItem) wearnb.Date { return s.Date.Date })
	return items, err
}

// Ticks returns the ticks of the sleep with the given xid.
func (c *Client) Ticks(ctx context.Context, xid string) ([]Tick, error) {
	ticks, _, err := c.ticks(ctx, xid)
	return ticks, err
}

func (c *Client) ticks(ctx context.Context, xid string) ([]Tick, wearnb.RawPage, error) {
	u := c.p.BaseURL() + "/sleeps/" + url.PathEscape(xid) + "/ticks"
	var env Envelope[Tick]
	body, err := c.fc.GetJSON(ctx, endpointTicks, u, &env)
	if err != nil {
		return nil, wearnb.RawPage{}, errorf("ticks of sleep %q: %w", xid, err)
	}
	if err := checkEnvelope(endpointTicks, &env); err != nil {
		return nil, wearnb.RawPage{}, errorf("ticks of sleep %q: %w", xid, err)
	}
	return env.Data.Items, wearnb.RawPage{URL: fetch.RedactURL(u), Body: body}, nil
}

// Moves fetches the moves of r and normalizes them: Days (one per item, in
// date order, with the day's resting heart rate from /users/@me/heartrates
// where there is one; none at all without the heartrate_read scope) and Hours (from hourly_totals, in time order). Raw
// holds every page as received. It is the "moves" stream's Fetch.
func (c *Client) Moves(ctx context.Context, r wearnb.Range) (*wearnb.Batch, error) {
	items, raw, err := list(ctx, c, endpointMoves, r, func(m *MoveItem) wearnb.Date { return m.Date.Date })
	if err != nil {
		return nil, err
	}
	b, err := normalizeMoves(items)
	if err != nil {
		return nil, errorf("moves %v: %w", r, err)
	}
	hr, hrRaw, err := list(ctx, c, endpointHeartrates, r, func(h *HeartRateItem) wearnb.Date { return h.Date.Date })
	var ae *fetch.APIError
	switch {
	case errors.As(err, &ae) && (ae.StatusCode == http.StatusUnauthorized || ae.StatusCode == http.StatusForbidden):
		// The token that just read the moves lacks heartrate_read (the
		// person did not grant it): the days carry no resting rate.
		hr, hrRaw = nil, nil
	case err != nil:
		return nil, err
	}
	rest := RestingHR(hr)
	for i := range b.Days {
		if v, ok := rest[b.Days[i].Date]; ok {
			b.Days[i].RestingHR = wearnb.Some(v)
		}
	}
	b.Raw = append(raw, hrRaw...)
	return b, nil
}

// Days is [Client.Moves] without the hours.
func (c *Client) Days(ctx context.Context, r wearnb.Range) (*wearnb.Batch, error) {
	b, err := c.Moves(ctx, r)
	return b.Only(wearnb.KindDayMoves), err
}

// Hours is [Client.Moves] without the days.
func (c *Client) Hours(ctx context.Context, r wearnb.Range) (*wearnb.Batch, error) {
	b, err := c.Moves(ctx, r)
	return b.Only(wearnb.KindHourlyMoves), err
}

// Sleeps fetches the sleeps of r, then each one's ticks, and normalizes
// them (see SleepItem.Sleep and MarkMain), in start order. Raw holds the
// list pages followed by the ticks responses. It is the "sleeps" stream's
// Fetch.
func (c *Client) Sleeps(ctx context.Context, r wearnb.Range) (*wearnb.Batch, error) {
	items, raw, err := list(ctx, c, endpointSleeps, r, func(s *SleepItem) wearnb.Date { return s.Date.Date })
	if err != nil {
		return nil, err
	}
	ticks := make(map[string][]Tick, len(items))
	for i := range items {
		xid := items[i].XID
		if xid == "" {
			continue
		}
		t, page, err := c.ticks(ctx, xid)
		if err != nil {
			return nil, err
		}
		ticks[xid] = t
		raw = append(raw, page)
	}
	sleeps, err := normalizeSleeps(items, ticks)
	if err != nil {
		return nil, errorf("sleeps %v: %w", r, err)
	}
	return &wearnb.Batch{Raw: raw, Sleeps: sleeps}, nil
}

// normalizeMoves maps move items to days and hours.
func normalizeMoves(items []MoveItem) (*wearnb.Batch, error) {
	b := &wearnb.Batch{Days: []wearnb.DayMoves{}, Hours: []wearnb.HourMoves{}}
	for i := range items {
		b.Days = append(b.Days, items[i].DayMoves())
		h, err := items[i].Hours()
		if err != nil {
			return nil, err
		}
		b.Hours = append(b.Hours, h...)
	}
	sort.SliceStable(b.Days, func(i, j int) bool { return b.Days[i].Date.Before(b.Days[j].Date) })
	sort.SliceStable(b.Hours, func(i, j int) bool { return b.Hours[i].Start.Before(b.Hours[j].Start) })
	return b, nil
}

// normalizeSleeps maps sleep items (with ticks by xid) to sleeps in start
// order and marks the main sleep of each date.
func normalizeSleeps(items []SleepItem, ticks map[string][]Tick) ([]wearnb.Sleep, error) {
	out := []wearnb.Sleep{}
	for i := range items {
		s, err := items[i].Sleep(ticks[items[i].XID])
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start.Before(out[j].Start) })
	MarkMain(out)
	return out, nil
}

// list gets every page of /users/@me/{endpoint} for r. Items are asked for
// by time_created from two days before r to two days after it (an item's
// date is a local date; a sleep starts the evening before its date) and
// kept when their date lies in r.
func list[T any](ctx context.Context, c *Client, endpoint string, r wearnb.Range, date func(*T) wearnb.Date) ([]T, []wearnb.RawPage, error) {
	if r.From.IsZero() || r.To.IsZero() || r.To.Before(r.From) {
		return nil, nil, errorf("%s: bad range %v", endpoint, r)
	}
	q := url.Values{}
	q.Set("start_time", strconv.FormatInt(r.From.AddDays(-2).In(time.UTC).Unix(), 10))
	q.Set("end_time", strconv.FormatInt(r.To.AddDays(3).In(time.UTC).Unix()-1, 10))
	q.Set("limit", strconv.Itoa(pageLimit))
	u := c.p.BaseURL() + "/users/@me/" + endpoint + "?" + q.Encode()
	oldest := r.From.AddDays(-2)
	var (
		out  []T
		raw  []wearnb.RawPage
		seen = map[string]bool{u: true}
	)
	for {
		var env Envelope[T]
		body, err := c.fc.GetJSON(ctx, endpoint, u, &env)
		if err != nil {
			return nil, nil, errorf("%s %v: %w", endpoint, r, err)
		}
		if err := checkEnvelope(endpoint, &env); err != nil {
			return nil, nil, errorf("%s %v: %w", endpoint, r, err)
		}
		raw = append(raw, wearnb.RawPage{URL: fetch.RedactURL(u), Body: body})
		older := len(env.Data.Items) > 0
		for i := range env.Data.Items {
			d := date(&env.Data.Items[i])
			if r.Contains(d) {
				out = append(out, env.Data.Items[i])
			}
			if !d.Before(oldest) {
				older = false
			}
		}
		// Pages run newest first: a page entirely older than the range
		// ends the walk even if the server's next link forgot start_time.
		if env.Data.Links == nil || env.Data.Links.Next == "" || older {
			return out, raw, nil
		}
		next, err := c.resolve(env.Data.Links.Next)
		if err != nil {
			return nil, nil, decodeError(endpoint, "data.links.next", err)
		}
		if seen[next] {
			return nil, nil, decodeError(endpoint, "data.links.next", errorf("next link repeats an earlier page"))
		}
		seen[next] = true
		u = next
	}
}

// resolve turns data.links.next into an absolute URL. The link is
// host-relative and starts with /nudge/api/v.1.1 (the sandbox serves that
// path under its /jawbone prefix, so the link is rebased on the provider's
// base URL). Absolute links are accepted only for the base URL's host, so
// the bearer token never goes elsewhere.
func (c *Client) resolve(link string) (string, error) {
	base, err := url.Parse(c.p.BaseURL())
	if err != nil {
		return "", errorf("bad base URL: %w", err)
	}
	l, err := url.Parse(link)
	if err != nil {
		return "", errorf("bad next link: %w", err)
	}
	if l.Scheme != "" || l.Host != "" {
		if l.Scheme != base.Scheme || l.Host != base.Host {
			return "", errorf("next link points at another host (%s)", l.Host)
		}
		return l.String(), nil
	}
	prefix := strings.TrimSuffix(base.Path, apiPath) // "" for jawbone.com, "/jawbone" in the sandbox
	p := l.Path
	if !strings.HasPrefix(p, apiPath+"/") && !strings.HasPrefix(p, base.Path+"/") {
		return "", errorf("next link %q is outside the API", l.Path)
	}
	if !strings.HasPrefix(p, base.Path+"/") {
		p = prefix + p
	}
	out := *base
	out.Path, out.RawPath, out.RawQuery = p, "", l.RawQuery
	return out.String(), nil
}
