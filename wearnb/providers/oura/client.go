package oura

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/fetch"
)

// Client calls the Oura API v2 for one authenticated user. Get one from
// Provider.Client. Sleeps and Days return normalized records, as every
// provider's Client does; the ...Docs methods return Oura's own documents.
// Every method follows next_token to the last page, retries transient
// failures (through fetch) and honours ctx. A Client is safe for concurrent
// use.
type Client struct {
	p  *Provider
	fc *fetch.Client
}

// SleepDocs returns the sleep documents whose day lies in r (deleted ones
// included, as Oura sends them), in the order received.
func (c *Client) SleepDocs(ctx context.Context, r wearnb.Range) ([]SleepDoc, error) {
	docs, _, err := byDay(ctx, c, "sleep", r, func(d *SleepDoc) wearnb.Date { return d.Day.Date })
	return docs, err
}

// DailySleepDocs returns the daily sleep scores whose day lies in r.
func (c *Client) DailySleepDocs(ctx context.Context, r wearnb.Range) ([]DailySleep, error) {
	docs, _, err := byDay(ctx, c, "daily_sleep", r, func(d *DailySleep) wearnb.Date { return d.Day.Date })
	return docs, err
}

// DailyActivityDocs returns the daily activity documents whose day lies in
// r.
func (c *Client) DailyActivityDocs(ctx context.Context, r wearnb.Range) ([]DailyActivity, error) {
	docs, _, err := byDay(ctx, c, "daily_activity", r, func(d *DailyActivity) wearnb.Date { return d.Day.Date })
	return docs, err
}

// HeartRateDocs returns the heart-rate readings with from <= timestamp <
// to, in the order received (start_datetime/end_datetime are sent in RFC
// 3339 with the offsets of from and to).
func (c *Client) HeartRateDocs(ctx context.Context, from, to time.Time) ([]HeartRate, error) {
	if to.Before(from) {
		return nil, fmt.Errorf("oura: heartrate: range ends (%v) before it starts (%v)", to, from)
	}
	q := url.Values{}
	q.Set("start_datetime", from.Format(time.RFC3339))
	q.Set("end_datetime", to.Format(time.RFC3339))
	label := "heartrate " + q.Get("start_datetime") + ".." + q.Get("end_datetime")
	docs, _, err := collect(ctx, c, "heartrate", label, q, func(h *HeartRate) bool {
		return !h.Timestamp.Before(from) && h.Timestamp.Before(to)
	})
	return docs, err
}

// Sleeps fetches the sleep documents of r and normalizes them (see
// SleepDoc.Normalize), skipping deleted periods, sorted by start, with the
// nightly vitals of each (see SleepDoc.Vitals) in Vitals. Raw holds every
// page as received. It is the "sleep" stream's Fetch.
func (c *Client) Sleeps(ctx context.Context, r wearnb.Range) (*wearnb.Batch, error) {
	docs, raw, err := byDay(ctx, c, "sleep", r, func(d *SleepDoc) wearnb.Date { return d.Day.Date })
	if err != nil {
		return nil, err
	}
	sleeps, err := NormalizeSleeps(docs)
	if err != nil {
		return nil, fmt.Errorf("oura: sleep %v: %w", r, err)
	}
	sort.SliceStable(sleeps, func(i, j int) bool { return sleeps[i].Start.Before(sleeps[j].Start) })
	return &wearnb.Batch{Raw: raw, Sleeps: sleeps, Vitals: NormalizeVitals(docs)}, nil
}

// Days fetches the daily activity of r as wearnb.DayMoves, in date order.
// It is the "daily_activity" stream's Fetch.
func (c *Client) Days(ctx context.Context, r wearnb.Range) (*wearnb.Batch, error) {
	docs, raw, err := byDay(ctx, c, "daily_activity", r, func(d *DailyActivity) wearnb.Date { return d.Day.Date })
	if err != nil {
		return nil, err
	}
	days := make([]wearnb.DayMoves, 0, len(docs))
	for i := range docs {
		days = append(days, docs[i].DayMoves())
	}
	sort.SliceStable(days, func(i, j int) bool { return days[i].Date.Before(days[j].Date) })
	return &wearnb.Batch{Raw: raw, Days: days}, nil
}

// byDay fetches a date-keyed collection. Oura's docs leave open whether
// end_date is inclusive and which time a sleep's day filter uses, so it asks
// for one day more on each side and keeps the documents whose day lies in r.
func byDay[T any](ctx context.Context, c *Client, endpoint string, r wearnb.Range, day func(*T) wearnb.Date) ([]T, []wearnb.RawPage, error) {
	if r.From.IsZero() || r.To.IsZero() || r.To.Before(r.From) {
		return nil, nil, fmt.Errorf("oura: %s: bad range %v", endpoint, r)
	}
	q := url.Values{}
	q.Set("start_date", r.From.AddDays(-1).String())
	q.Set("end_date", r.To.AddDays(1).String())
	return collect(ctx, c, endpoint, endpoint+" "+r.String(), q, func(d *T) bool { return r.Contains(day(d)) })
}

// collect gets every page of /v2/usercollection/{endpoint}?q and keeps the
// documents keep accepts. label says what was asked for, in errors.
func collect[T any](ctx context.Context, c *Client, endpoint, label string, q url.Values, keep func(*T) bool) ([]T, []wearnb.RawPage, error) {
	base := c.p.BaseURL() + "/v2/usercollection/" + endpoint
	var (
		out  []T
		raw  []wearnb.RawPage
		seen = map[string]bool{}
	)
	for {
		u := base + "?" + q.Encode()
		var page Page[T]
		body, err := c.fc.GetJSON(ctx, endpoint, u, &page)
		if err != nil {
			return nil, nil, fmt.Errorf("oura: %s: %w", label, err)
		}
		if err := checkPage(endpoint, body, &page); err != nil {
			return nil, nil, err
		}
		raw = append(raw, wearnb.RawPage{URL: fetch.RedactURL(u), Body: body})
		for i := range page.Data {
			if keep(&page.Data[i]) {
				out = append(out, page.Data[i])
			}
		}
		if page.NextToken == nil || *page.NextToken == "" {
			return out, raw, nil
		}
		if seen[*page.NextToken] {
			return nil, nil, decodeError(endpoint, "next_token", errors.New("oura: next_token repeats an earlier page"))
		}
		seen[*page.NextToken] = true
		q.Set("next_token", *page.NextToken)
	}
}
