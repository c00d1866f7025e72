package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"wearnb.dev/wearnb"
)

// post sends body to path with a bearer token and decodes the JSON answer.
func (e *testEnv) post(path, token, body string) (*http.Response, any) {
	e.t.Helper()
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, e.ts.URL+path, bytes.NewBufferString(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		e.t.Fatalf("%s: status %d, body is not JSON: %.300s", path, resp.StatusCode, b)
	}
	return resp, v
}

// TestFitbitVitalsLimits: the HRV, breathing-rate and skin-temperature
// summaries take at most 30 days and their own scopes, and list the dates
// of main sleeps only.
func TestFitbitVitalsLimits(t *testing.T) {
	e, person := newSynthEnv(t)
	tok := e.token(Fitbit)
	for _, p := range []string{"hrv", "br", "temp/skin"} {
		if resp, v := e.get("/fitbit/1/user/-/"+p+"/date/2025-01-01/2025-01-31.json", tok); resp.StatusCode != 400 {
			t.Errorf("%s over 31 days: %d %v", p, resp.StatusCode, v)
		}
		resp, v := e.get("/fitbit/1/user/-/"+p+"/date/2025-01-01/2025-01-30.json", tok)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d %v", p, resp.StatusCode, v)
		}
		key := map[string]string{"hrv": "hrv", "br": "br", "temp/skin": "tempSkin"}[p]
		items := v.(map[string]any)[key].([]any)
		mains := 0
		for _, s := range person.Sleeps(rangeOf("2025-01-01", "2025-01-30")) {
			if s.IsMain {
				mains++
			}
		}
		if len(items) != mains {
			t.Errorf("%s: %d dates, the person has %d main sleeps", p, len(items), mains)
		}
	}
	// Without the scope: 403.
	tk, err := e.srv.IssueToken(Fitbit, DemoClientID, []string{"sleep", "heartrate"})
	if err != nil {
		t.Fatal(err)
	}
	if resp, _ := e.get("/fitbit/1/user/-/br/date/2025-01-01.json", tk.AccessToken); resp.StatusCode != 403 {
		t.Errorf("breathing rate without respiratory_rate: %d", resp.StatusCode)
	}
}

// TestGoogleDailyRollUpLimits: 14 days for total calories and active
// minutes, 90 for steps and distance; the end is exclusive; days without
// data have no window.
func TestGoogleDailyRollUpLimits(t *testing.T) {
	e, person := newSynthEnv(t)
	tok := e.token(GoogleHealth)
	req := func(from, to string) string {
		a, b := wearnb.MustDate(from), wearnb.MustDate(to)
		return `{"range":{"start":{"date":{"year":` + itoa(a.Year) + `,"month":` + itoa(int(a.Month)) + `,"day":` + itoa(a.Day) +
			`}},"end":{"date":{"year":` + itoa(b.Year) + `,"month":` + itoa(int(b.Month)) + `,"day":` + itoa(b.Day) + `}}},"windowSizeDays":1}`
	}
	path := func(typ string) string {
		return "/googlehealth/v4/users/me/dataTypes/" + typ + "/dataPoints:dailyRollUp"
	}
	for typ, max := range map[string]int{"total-calories": 14, "active-minutes": 14, "steps": 90, "distance": 90} {
		from := wearnb.MustDate("2025-01-01")
		if resp, v := e.post(path(typ), tok, req(from.String(), from.AddDays(max+1).String())); resp.StatusCode != 400 {
			t.Errorf("%s over %d days: %d %v", typ, max+1, resp.StatusCode, v)
		}
		resp, v := e.post(path(typ), tok, req(from.String(), from.AddDays(max).String()))
		if resp.StatusCode != 200 {
			t.Fatalf("%s over %d days: %d %v", typ, max, resp.StatusCode, v)
		}
		pts := v.(map[string]any)["rollupDataPoints"].([]any)
		if want := len(person.Days(wearnb.Range{From: from, To: from.AddDays(max - 1)})); len(pts) != want {
			t.Errorf("%s: %d windows over %d days (end exclusive), the person has %d days of data", typ, len(pts), max, want)
		}
	}
	if resp, _ := e.post(path("steps"), tok, `{"range":{"start":{"year":2025,"month":1,"day":1}}}`); resp.StatusCode != 400 {
		t.Errorf("a flat range: %d, want 400", resp.StatusCode)
	}
	if resp, _ := e.get(path("steps"), tok); resp.StatusCode != 404 {
		t.Errorf("GET of a roll-up: %d, want 404", resp.StatusCode)
	}
}

// TestGoogleHeartFilters: heart rate filters on sample_time, daily types
// on their date; an interval filter on them is refused.
func TestGoogleHeartFilters(t *testing.T) {
	e, person := newSynthEnv(t)
	tok := e.token(GoogleHealth)
	list := func(typ, filter string) (*http.Response, any) {
		return e.get("/googlehealth/v4/users/me/dataTypes/"+typ+"/dataPoints?pageSize=10000&filter="+url.QueryEscape(filter), tok)
	}
	resp, v := list("heart-rate", `heart_rate.sample_time.civil_time >= "2025-03-09T00:00:00" AND heart_rate.sample_time.civil_time < "2025-03-10T00:00:00"`)
	if resp.StatusCode != 200 {
		t.Fatalf("%d %v", resp.StatusCode, v)
	}
	from, to := person.DaySpan(wearnb.MustDate("2025-03-09"))
	if got, want := len(v.(map[string]any)["dataPoints"].([]any)), len(person.HeartRate(from, to, 0)); got != want {
		t.Errorf("heart rate on the spring-forward day: %d points, the person has %d", got, want)
	}
	resp, v = list("daily-resting-heart-rate", `daily_resting_heart_rate.date >= "2025-03-01" AND daily_resting_heart_rate.date <= "2025-03-31"`)
	if resp.StatusCode != 200 {
		t.Fatalf("%d %v", resp.StatusCode, v)
	}
	want := 0
	for d := wearnb.MustDate("2025-03-01"); !d.After(wearnb.MustDate("2025-03-31")); d = d.AddDays(1) {
		if _, ok := person.RestingHR(d); ok {
			want++
		}
	}
	if got := len(v.(map[string]any)["dataPoints"].([]any)); got != want || want < 25 {
		t.Errorf("resting heart rate in March: %d points, the person has %d", got, want)
	}
	if resp, v := list("heart-rate", `heart_rate.interval.start_time >= "2025-03-09T00:00:00Z"`); resp.StatusCode != 400 || !strings.Contains(toJSON(v), "sample_time") {
		t.Errorf("interval filter on heart rate: %d %v", resp.StatusCode, v)
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func toJSON(v any) string { b, _ := json.Marshal(v); return string(b) }
