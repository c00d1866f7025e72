package sandbox

import (
	"net/http/httptest"
	"net/url"
	"reflect"
	"testing"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/sandbox/synth"
)

// newSynthEnv runs a sandbox serving the default synthetic person, with the
// fake clock at 2026-06-01 noon UTC.
func newSynthEnv(t *testing.T) (*testEnv, *synth.Person) {
	t.Helper()
	person := synth.Default()
	clock := NewFakeClock(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC))
	s := New(Options{Clock: clock, Person: person})
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	s.base = ts.URL
	return &testEnv{t: t, srv: s, ts: ts, clock: clock}, person
}

// TestMissingRuns checks that the cache asks its source only for the dates
// it has not loaded, as runs of consecutive dates.
func TestMissingRuns(t *testing.T) {
	c := newDataCache(newFakeSource())
	if got := c.sleeps.missing(rangeOf("2024-03-04", "2024-03-05")); !reflect.DeepEqual(got, []wearnb.Range{rangeOf("2024-03-04", "2024-03-05")}) {
		t.Fatalf("first load: %v", got)
	}
	c.sleeps.missing(rangeOf("2024-03-08", "2024-03-08"))
	want := []wearnb.Range{rangeOf("2024-03-01", "2024-03-03"), rangeOf("2024-03-06", "2024-03-07"), rangeOf("2024-03-09", "2024-03-10")}
	if got := c.sleeps.missing(rangeOf("2024-03-01", "2024-03-10")); !reflect.DeepEqual(got, want) {
		t.Fatalf("around loaded dates: %v, want %v", got, want)
	}
	if got := c.sleeps.missing(rangeOf("2024-03-01", "2024-03-10")); got != nil {
		t.Fatalf("all loaded: %v", got)
	}
	if got := c.hours.missing(rangeOf("2024-03-05", "2024-03-05")); len(got) != 1 {
		t.Fatalf("kinds are loaded separately: %v", got)
	}
}

// TestNoDuplicateSleeps asks for a stretch of nights after requests that
// loaded single dates in its middle (as a cache's sync does): every sleep
// must come once, with one id, across all pages, and a request for n nights
// must give the person's n sleeps. The cache used to reload the loaded
// dates and return their sleeps two or more times under one id.
func TestNoDuplicateSleeps(t *testing.T) {
	e, person := newSynthEnv(t)
	// Eight nights in 2025 with exactly one sleep each (no nap, none missing).
	var r wearnb.Range
	for from := wearnb.MustDate("2025-02-01"); ; from = from.AddDays(1) {
		r = wearnb.Range{From: from, To: from.AddDays(7)}
		sl := person.Sleeps(r)
		if len(sl) == 8 && sl[0].Date == from && sl[7].Date == r.To && sl[0].IsMain && sl[7].IsMain {
			break
		}
	}
	long := wearnb.Range{From: r.From.AddDays(-90), To: r.To.AddDays(90)} // several pages
	mid := r.From.AddDays(3).String()
	oura, google := e.token(Oura), e.token(GoogleHealth)
	for _, p := range []string{
		"/oura/v2/usercollection/daily_activity?start_date=" + mid + "&end_date=" + mid,
		"/oura/v2/usercollection/sleep?start_date=" + r.From.AddDays(5).String() + "&end_date=" + r.From.AddDays(5).String(),
		"/oura/v2/usercollection/sleep?start_date=" + long.From.AddDays(40).String() + "&end_date=" + long.From.AddDays(41).String(),
	} {
		if resp, v := e.get(p, oura); resp.StatusCode != 200 {
			t.Fatalf("%s: %d %v", p, resp.StatusCode, v)
		}
	}

	ouraIDs := func(r wearnb.Range) []string {
		var ids []string
		next := ""
		for {
			q := url.Values{"start_date": {r.From.String()}, "end_date": {r.To.String()}}
			if next != "" {
				q.Set("next_token", next)
			}
			resp, v := e.get("/oura/v2/usercollection/sleep?"+q.Encode(), oura)
			if resp.StatusCode != 200 {
				t.Fatalf("oura: %d %v", resp.StatusCode, v)
			}
			m := v.(map[string]any)
			for _, d := range m["data"].([]any) {
				ids = append(ids, d.(map[string]any)["id"].(string))
			}
			if m["next_token"] == nil {
				return ids
			}
			next = m["next_token"].(string)
		}
	}
	googleIDs := func(r wearnb.Range) []string {
		f := `sleep.interval.civil_end_time >= "` + r.From.String() + `T00:00:00" AND sleep.interval.civil_end_time < "` + r.To.AddDays(1).String() + `T00:00:00"`
		var ids []string
		next := ""
		for {
			q := url.Values{"filter": {f}, "pageSize": {"3"}}
			if next != "" {
				q.Set("pageToken", next)
			}
			resp, v := e.get("/googlehealth/v4/users/me/dataTypes/sleep/dataPoints?"+q.Encode(), google)
			if resp.StatusCode != 200 {
				t.Fatalf("google: %d %v", resp.StatusCode, v)
			}
			m := v.(map[string]any)
			for _, d := range m["dataPoints"].([]any) {
				ids = append(ids, d.(map[string]any)["name"].(string))
			}
			if m["nextPageToken"] == nil {
				return ids
			}
			next = m["nextPageToken"].(string)
		}
	}
	check := func(name string, r wearnb.Range, ids []string) {
		t.Helper()
		seen := map[string]bool{}
		for _, id := range ids {
			if seen[id] {
				t.Errorf("%s %v: id %s returned twice", name, r, id)
			}
			seen[id] = true
		}
		if want := len(person.Sleeps(r)); len(ids) != want {
			t.Errorf("%s %v: %d sleeps, the person has %d", name, r, len(ids), want)
		}
	}
	ids := ouraIDs(r)
	if len(ids) != 8 {
		t.Errorf("oura: %d sleeps for 8 nights", len(ids))
	}
	check("oura", r, ids)
	check("oura", long, ouraIDs(long))
	ids = googleIDs(r)
	if len(ids) != 8 {
		t.Errorf("google: %d sleeps for 8 nights", len(ids))
	}
	check("google", r, ids)
	check("google", long, googleIDs(long))
}
