package sandbox

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestParseFilter(t *testing.T) {
	good := []struct {
		src   string
		terms int
	}{
		{``, 0},
		{`steps.interval.start_time >= "2023-11-24T00:00:00Z" AND steps.interval.start_time < "2023-11-25T00:00:00Z"`, 2},
		{`steps.interval.startTime>"2023-11-24T00:00:00-05:00"`, 1},
		{`steps.interval.civil_start_time >= "2023-11-24"`, 1},
		{`steps.interval.civil_end_time <= "2023-11-24T08:00:00"`, 1},
	}
	for _, c := range good {
		terms, err := parseFilter("steps", c.src)
		if err != nil || len(terms) != c.terms {
			t.Errorf("%q: %d terms, err %v; want %d", c.src, len(terms), err, c.terms)
		}
	}
	bad := []string{
		`steps.interval.start_time >= 2023`,
		`sleep.interval.end_time >= "2023-11-24T00:00:00Z"`, // wrong data type
		`steps.interval.start_time >= "yesterday"`,
		`steps.interval.start_time >= "2023-11-24T00:00:00Z" OR steps.interval.start_time < "2023-11-25T00:00:00Z"`,
		`steps.interval.start_time >= "2023-11-24T00:00:00Z" AND`,
		`steps.interval.start_time ~ "2023-11-24T00:00:00Z"`,
		`steps.count > "5"`,
		`steps.interval.start_time >= "unterminated`,
		`(steps.interval.start_time >= "2023-11-24T00:00:00Z")`,
	}
	for _, src := range bad {
		if _, err := parseFilter("steps", src); err == nil {
			t.Errorf("%q: accepted", src)
		}
	}
	terms, _ := parseFilter("sleep", `sleep.interval.end_time >= "2024-03-10T00:00:00Z" AND sleep.interval.civil_end_time < "2024-03-12"`)
	ny, _ := time.LoadLocation("America/New_York")
	in := interval{time.Date(2024, 3, 10, 23, 0, 0, 0, ny), time.Date(2024, 3, 11, 7, 0, 0, 0, ny)}
	out := interval{time.Date(2024, 3, 11, 23, 0, 0, 0, ny), time.Date(2024, 3, 12, 7, 0, 0, 0, ny)}
	if !matchFilter(terms, in) || matchFilter(terms, out) {
		t.Errorf("civil end filter: in %v out %v", matchFilter(terms, in), matchFilter(terms, out))
	}
}

// FuzzParseFilter: the parser never panics, and whatever it accepts has
// bounds consistent with matching.
func FuzzParseFilter(f *testing.F) {
	f.Add(`steps.interval.start_time >= "2023-11-24T00:00:00Z" AND steps.interval.start_time < "2023-11-25T00:00:00Z"`)
	f.Add(`steps.interval.civil_end_time = "2023-11-24"`)
	f.Add(`steps.interval.start_time >= "\"x"`)
	f.Add(`a AND b AND c`)
	f.Fuzz(func(t *testing.T, src string) {
		terms, err := parseFilter("steps", src)
		if err != nil {
			return
		}
		lo, hi := filterBounds(terms)
		for _, ft := range terms {
			if ft.op == "" || ft.field == "" {
				t.Fatalf("accepted an incomplete term %+v from %q", ft, src)
			}
		}
		// A point the filter matches must lie inside the bounds [lo, hi) the
		// server uses to pick dates. (Contradictory filters, such as
		// t = x AND t > y with y after x, match nothing: their bounds may
		// exclude the equality point.)
		for _, ft := range terms {
			if ft.op == "=" && ft.field == "start_time" && !ft.civil && matchFilter(terms, interval{ft.t, ft.t.Add(time.Minute)}) {
				if (!lo.IsZero() && ft.t.Before(lo)) || (!hi.IsZero() && !ft.t.Before(hi)) {
					t.Fatalf("bounds [%v,%v) exclude the equality point %v", lo, hi, ft.t)
				}
			}
		}
	})
}

// FuzzAuthorizeQuery feeds arbitrary query strings to the authorize
// endpoint: it must never panic, and it may redirect only to a registered
// redirect URI (for the demo client: with any port).
func FuzzAuthorizeQuery(f *testing.F) {
	f.Add("client_id=wearnb-sandbox&response_type=code&scope=sleep&redirect_uri=http%3A%2F%2Flocalhost%3A8976%2Fcallback&state=x")
	f.Add("client_id=wearnb-sandbox&redirect_uri=http%3A%2F%2Fevil.example%2F")
	f.Add("client_id=wearnb-sandbox&response_type=token&code_challenge=abc&code_challenge_method=S256")
	f.Add("%zz&&==;client_id")
	s := New(Options{AutoApprove: true, Clock: NewFakeClock(testNow)})
	src := newFakeSource()
	s.src, s.data = src, newDataCache(src)
	h := s.Handler()
	f.Fuzz(func(t *testing.T, rawQuery string) {
		for _, flavor := range Flavors {
			req := httptest.NewRequest(http.MethodGet, "http://sandbox/"+flavor+specs[flavor].authPath, nil)
			req.URL.RawQuery = rawQuery
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if loc := w.Header().Get("Location"); loc != "" {
				// The demo client's URIs, with any port (AnyLoopbackPort).
				u, err := url.Parse(loc)
				ok := false
				for _, ru := range DemoRedirectURIs {
					r, _ := url.Parse(ru)
					if err == nil && u.Scheme == "http" && u.User == nil && u.Hostname() == r.Hostname() && u.Path == r.Path {
						ok = true
					}
				}
				if !ok {
					t.Fatalf("%s: redirected to unregistered %q", flavor, loc)
				}
			}
		}
	})
}

// FuzzTokenForm posts arbitrary forms to every token endpoint: no panic,
// no 5xx, and no token without a valid code.
func FuzzTokenForm(f *testing.F) {
	f.Add("grant_type=authorization_code&code=abc&client_id=wearnb-sandbox&client_secret=sandbox-secret-not-for-production", true)
	f.Add("grant_type=refresh_token&refresh_token=", false)
	f.Add("grant_type=password&username=a", true)
	f.Add("%%%", false)
	s := New(Options{Clock: NewFakeClock(testNow)})
	h := s.Handler()
	f.Fuzz(func(t *testing.T, body string, basic bool) {
		for _, flavor := range Flavors {
			req := httptest.NewRequest(http.MethodPost, "http://sandbox/"+flavor+specs[flavor].tokenPath, strings.NewReader(body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if basic {
				req.SetBasicAuth(url.QueryEscape(DemoClientID), url.QueryEscape(DemoClientSecret))
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code >= 500 {
				t.Fatalf("%s: %d for %q", flavor, w.Code, body)
			}
			if w.Code == 200 {
				t.Fatalf("%s: issued a token for %q: %s", flavor, body, w.Body)
			}
		}
	})
}

// FuzzFitbitPath requests arbitrary Fitbit paths: no panic, no 5xx.
func FuzzFitbitPath(f *testing.F) {
	f.Add("/1.2/user/-/sleep/date/2024-03-12.json")
	f.Add("/1/user/-/activities/tracker/steps/date/today/1m.json")
	f.Add("/1/user/-/activities/heart/date/2024-03-11/1d/1sec/time/00:00/01:00.json")
	f.Add("/1.2/user/-/sleep/list.json?beforeDate=2024-03-01T10:00:00&sort=desc&limit=3&offset=0")
	e := &testEnv{}
	s := New(Options{Clock: NewFakeClock(testNow)})
	src := newFakeSource()
	s.src, s.data = src, newDataCache(src)
	tok, _ := s.IssueToken(Fitbit, DemoClientID, []string{"sleep", "activity", "heartrate"})
	_ = e
	h := s.Handler()
	f.Fuzz(func(t *testing.T, p string) {
		req, err := http.NewRequest(http.MethodGet, "http://sandbox/fitbit"+p, nil)
		if err != nil {
			return
		}
		req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code >= 500 {
			t.Fatalf("%q: %d %s", p, w.Code, w.Body)
		}
	})
}
