package googlehealth

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/fetch"
	"wearnb.dev/wearnb/providers/base"
)

// fakeGoogle serves the testdata pages under root/googlehealth: sleep page
// 1, then page 2 for its nextPageToken; steps in one page.
type fakeGoogle struct {
	srv *httptest.Server

	mu       sync.Mutex
	queries  []string
	attempts map[string]int
	fault    func(attempt int, w http.ResponseWriter) bool
	override func(w http.ResponseWriter, r *http.Request) bool
}

func newFake(t *testing.T) *fakeGoogle {
	f := &fakeGoogle{attempts: map[string]int{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeGoogle) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.queries = append(f.queries, r.URL.Path+"?"+r.URL.RawQuery)
	f.attempts[r.URL.String()]++
	attempt := f.attempts[r.URL.String()]
	fault, override := f.fault, f.override
	f.mu.Unlock()
	if fault != nil && fault(attempt, w) {
		return
	}
	if override != nil && override(w, r) {
		return
	}
	q := r.URL.Query()
	switch r.URL.Path {
	case "/googlehealth/v4/users/me/dataTypes/sleep/dataPoints":
		if q.Get("pageToken") == "Cg1zbGVlcHxwYWdlLTI" {
			w.Write(readFile(nil, "sleep-page-2.json"))
		} else {
			w.Write(readFile(nil, "sleep-page-1.json"))
		}
	case "/googlehealth/v4/users/me/dataTypes/steps/dataPoints":
		w.Write(readFile(nil, "steps-page.json"))
	default:
		w.WriteHeader(404)
		io.WriteString(w, `{"error":{"code":404,"message":"Method not found.","status":"NOT_FOUND"}}`)
	}
}

func (f *fakeGoogle) requests() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.queries...)
}

func instant() Option {
	return base.WithFetchOptions(fetch.WithSleep(func(ctx context.Context, d time.Duration) error { return ctx.Err() }))
}

var october = wearnb.Range{From: wearnb.MustDate("2024-10-01"), To: wearnb.MustDate("2024-11-03")}

func TestSleepsFollowPages(t *testing.T) {
	f := newFake(t)
	c := Sandbox(f.srv.URL, instant()).Client(f.srv.Client())
	b, err := c.Sleeps(t.Context(), october)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.Sleeps; len(got) != 3 || got[0].Date != wearnb.MustDate("2024-10-20") || got[2].Date != wearnb.MustDate("2024-11-03") {
		t.Errorf("sleeps %v", got)
	}
	filter := `sleep.interval.civil_end_time >= "2024-10-01T00:00:00" AND sleep.interval.civil_end_time < "2024-11-04T00:00:00"`
	want := []string{
		"/googlehealth/v4/users/me/dataTypes/sleep/dataPoints?filter=" + queryEscape(filter) + "&pageSize=25",
		"/googlehealth/v4/users/me/dataTypes/sleep/dataPoints?filter=" + queryEscape(filter) + "&pageSize=25&pageToken=Cg1zbGVlcHxwYWdlLTI",
	}
	if got := f.requests(); !reflect.DeepEqual(got, want) {
		t.Errorf("requests\n%q\nwant\n%q", got, want)
	}
}

func queryEscape(s string) string {
	r := strings.NewReplacer(" ", "+", `"`, "%22", ">", "%3E", "<", "%3C", "=", "%3D", ":", "%3A")
	return r.Replace(s)
}

func TestStepsStream(t *testing.T) {
	f := newFake(t)
	p := Sandbox(f.srv.URL, instant())
	var _ wearnb.Provider = p
	st := p.Streams()
	if len(st) != 5 || st[0].Name != "sleep" || st[0].Kind != wearnb.KindSleeps || st[1].Name != "steps" || st[1].Kind != wearnb.KindHourlyMoves ||
		len(st[1].Also) != 0 || st[0].MaxDays != 365 || st[1].MaxDays != 14 || st[2].Name != "days" || st[2].Kind != wearnb.KindDayMoves ||
		st[2].MaxDays != 84 || st[3].Name != "heart-rate" || st[3].MaxDays != 7 || st[4].Name != "vitals" {
		t.Fatalf("streams %+v", st)
	}
	b, err := st[1].Fetch(t.Context(), f.srv.Client(), wearnb.Range{From: wearnb.MustDate("2024-11-03"), To: wearnb.MustDate("2024-11-03")})
	if err != nil {
		t.Fatal(err)
	}
	// The steps stream brings hours only: the days come from the roll-up.
	if len(b.Raw) != 1 || len(b.Hours) != 5 || len(b.Days) != 0 {
		t.Errorf("batch: %d raw, %d hours, days %+v", len(b.Raw), len(b.Hours), b.Days)
	}
	_, days, err := NormalizeSteps(mustList(t, "steps", "steps-page.json"))
	if err != nil || len(days) != 3 || days[2].Steps != wearnb.Some[int](320) {
		t.Errorf("NormalizeSteps days %+v, %v", days, err)
	}
	if q := f.requests()[0]; !strings.Contains(q, "pageSize=10000") || !strings.Contains(q, "steps.interval.civil_start_time") {
		t.Errorf("request %s", q)
	}
	b, err = st[0].Fetch(t.Context(), f.srv.Client(), october)
	if err != nil || len(b.Raw) != 2 || len(b.Sleeps) != 3 {
		t.Errorf("sleep batch: %v", err)
	}
}

// A 401 whose message echoes the token: the error names Google's status
// and holds no token. (Empty ranges and the sandbox's 401 are in the
// registry test.)
func TestUnauthorizedHidesEchoedToken(t *testing.T) {
	f := newFake(t)
	c := Sandbox(f.srv.URL, instant()).Client(f.srv.Client())
	f.override = func(w http.ResponseWriter, r *http.Request) bool {
		w.WriteHeader(401)
		io.WriteString(w, `{"error":{"code":401,"message":"Request had invalid authentication credentials. Expected OAuth 2 access token: ya29.a0AfH6SMBx3kL9qQ7hJp2vWmXn","status":"UNAUTHENTICATED"}}`)
		return true
	}
	_, err := c.Sleeps(t.Context(), october)
	var api *fetch.APIError
	if !errors.As(err, &api) || api.StatusCode != 401 || api.Code != "UNAUTHENTICATED" || !errors.Is(err, fetch.ErrUnauthorized) || strings.Contains(err.Error(), "ya29") {
		t.Errorf("401: %v", err)
	}
}

func mustList(t *testing.T, typ, file string) []DataPoint {
	t.Helper()
	page, err := DecodeList(typ, readFile(t, file))
	if err != nil {
		t.Fatal(err)
	}
	return page.DataPoints
}
