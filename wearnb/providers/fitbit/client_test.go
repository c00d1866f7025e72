package fitbit

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/fetch"
	"wearnb.dev/wearnb/internal/clock"
	"wearnb.dev/wearnb/providers/base"
)

// fakeFitbit is an httptest server with the sandbox's Fitbit layout
// (root/fitbit + real paths). Sleep by date range is synthesized: one
// 7-hour night per day (23:00 local to 06:00 local, true local wall clock
// in zone), and a classic nap every 7th day.
type fakeFitbit struct {
	srv  *httptest.Server
	zone *time.Location

	mu       sync.Mutex
	requests map[string]int // by path
	attempts map[string]int // by full URL
	total    int
	fault    func(attempt int, w http.ResponseWriter, r *http.Request) bool
	override func(w http.ResponseWriter, r *http.Request) bool
	headers  func(n int) http.Header
}

func newFake(t *testing.T, zone *time.Location) *fakeFitbit {
	f := &fakeFitbit{zone: zone, requests: map[string]int{}, attempts: map[string]int{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeFitbit) count(path string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.requests[path]
}

func (f *fakeFitbit) countPrefix(prefix string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for p, c := range f.requests {
		if strings.HasPrefix(p, prefix) {
			n += c
		}
	}
	return n
}

var (
	sleepRangePath = regexp.MustCompile(`^/fitbit/1\.2/user/-/sleep/date/(\d{4}-\d{2}-\d{2})/(\d{4}-\d{2}-\d{2})\.json$`)
	seriesPath     = regexp.MustCompile(`^/fitbit/1/user/-/activities/([A-Za-z/]+)/date/(\d{4}-\d{2}-\d{2})/(\d{4}-\d{2}-\d{2})\.json$`)
	intradayPath   = regexp.MustCompile(`^/fitbit/1/user/-/activities/steps/date/(\d{4}-\d{2}-\d{2})/1d/1min\.json$`)
)

func (f *fakeFitbit) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.requests[r.URL.Path]++
	f.attempts[r.URL.String()]++
	f.total++
	attempt, n := f.attempts[r.URL.String()], f.total
	fault, override, headers := f.fault, f.override, f.headers
	f.mu.Unlock()
	if r.Header.Get("Accept") != "application/json" {
		http.Error(w, "want Accept: application/json", 400)
		return
	}
	if headers != nil {
		for k, v := range headers(n) {
			w.Header()[k] = v
		}
	}
	if fault != nil && fault(attempt, w, r) {
		return
	}
	if override != nil && override(w, r) {
		return
	}
	p := r.URL.Path
	switch {
	case sleepRangePath.MatchString(p):
		m := sleepRangePath.FindStringSubmatch(p)
		writeJSON(w, f.sleepRange(wearnb.MustDate(m[1]), wearnb.MustDate(m[2])))
	case p == "/fitbit/1/user/-/profile.json":
		w.Write(readFile(nil, "profile.json"))
	case p == "/fitbit/1/user/-/activities/heart/date/2019-01-01/1d/1min.json":
		w.Write(readFile(nil, "heart-intraday.json"))
	case strings.HasPrefix(p, "/fitbit/1/user/-/activities/heart/date/"):
		w.Write(readFile(nil, "heart-series.json"))
	case p == "/fitbit/1/user/-/activities/date/2019-01-04.json":
		w.Write(readFile(nil, "daily-summary.json"))
	case intradayPath.MatchString(p):
		w.Write(readFile(nil, "intraday-steps.json"))
	case seriesPath.MatchString(p):
		res := seriesPath.FindStringSubmatch(p)[1]
		w.Write(readFile(nil, "series-"+res+".json"))
	case p == "/fitbit/1.2/user/-/sleep/list.json":
		if r.URL.Query().Get("offset") == "2" {
			w.Write(readFile(nil, "sleep-list-2.json"))
		} else {
			w.Write(readFile(nil, "sleep-list-1.json"))
		}
	default:
		w.WriteHeader(404)
		fmt.Fprintf(w, `{"errors":[{"errorType":"not_found","message":"no %s"}],"success":false}`, p)
	}
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

func (f *fakeFitbit) sleepRange(from, to wearnb.Date) SleepResponse {
	resp := SleepResponse{Sleep: []SleepLog{}}
	for d := to; !d.Before(from); d = d.AddDays(-1) { // Fitbit answers newest first
		start := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, f.zone).Add(-time.Hour) // 23:00 the evening before
		resp.Sleep = append(resp.Sleep, synthLog(d, start, int64(d.Year*10000+int(d.Month)*100+d.Day)*10, f.zone, true,
			[]LevelData{{Level: "light", Seconds: 3600}, {Level: "deep", Seconds: 3600}, {Level: "rem", Seconds: 1800},
				{Level: "wake", Seconds: 300}, {Level: "light", Seconds: 15900}}))
		if (d.Day+int(d.Month))%7 == 0 {
			nap := time.Date(d.Year, d.Month, d.Day, 14, 0, 0, 0, f.zone)
			resp.Sleep = append(resp.Sleep, synthLog(d, nap, int64(d.Year*10000+int(d.Month)*100+d.Day)*10+1, f.zone, false,
				[]LevelData{{Level: "asleep", Seconds: 1200}, {Level: "restless", Seconds: 120}, {Level: "asleep", Seconds: 600}, {Level: "awake", Seconds: 60}}))
		}
	}
	resp.Summary.TotalSleepRecords = len(resp.Sleep)
	return resp
}

// synthLog builds a log whose timestamps are the true local clock in zone.
func synthLog(d wearnb.Date, start time.Time, id int64, zone *time.Location, main bool, segs []LevelData) SleepLog {
	lt := func(t time.Time) LocalTime {
		y, mo, dd := t.In(zone).Date()
		h, mi, s := t.In(zone).Clock()
		return LocalTime{time.Date(y, mo, dd, h, mi, s, 0, time.UTC)}
	}
	l := SleepLog{DateOfSleep: Day{d}, StartTime: lt(start), LogID: id, IsMainSleep: main, LogType: "auto_detected", Type: TypeStages, Efficiency: ptr(95)}
	if !main {
		l.Type = TypeClassic
	}
	t := start
	awake, asleep := 0, 0
	for _, s := range segs {
		s.DateTime = lt(t)
		l.Levels.Data = append(l.Levels.Data, s)
		t = t.Add(time.Duration(s.Seconds) * time.Second)
		if s.Level == "wake" || s.Level == "awake" {
			awake += s.Seconds / 60
		} else {
			asleep += s.Seconds / 60
		}
	}
	l.MinutesAwake, l.MinutesAsleep = ptr(awake), ptr(asleep)
	l.EndTime = lt(t)
	l.Duration = ptr(t.Sub(start).Milliseconds())
	l.TimeInBed = ptr(int(t.Sub(start) / time.Minute))
	return l
}

// instant makes fetch waits instant and records them.
func instant(opts ...Option) (*clock.Fake, []Option) {
	ft := clock.NewFake(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	return ft, append([]Option{base.WithFetchOptions(fetch.WithClock(ft.Now), fetch.WithSleep(ft.Sleep))}, opts...)
}

func fiveYears() wearnb.Range {
	return wearnb.Range{From: wearnb.MustDate("2020-01-01"), To: wearnb.MustDate("2024-12-31")}
}

func TestSleepsFiveYearsIn19Requests(t *testing.T) {
	loc := newYork(t)
	f := newFake(t, loc)
	_, opts := instant(WithTimeZone(loc))
	c := Sandbox(f.srv.URL, opts...).Client(f.srv.Client())
	b, err := c.Sleeps(t.Context(), fiveYears())
	if err != nil {
		t.Fatal(err)
	}
	sleeps := b.Sleeps
	if n := f.countPrefix("/fitbit/1.2/user/-/sleep/date/"); n != 19 || f.total != 19 {
		t.Errorf("sleep requests = %d (total %d), want 19", n, f.total)
	}
	days := fiveYears().Days()
	mains, dst := 0, 0
	for i, s := range sleeps {
		if i > 0 && s.Start.Before(sleeps[i-1].Start) {
			t.Fatalf("sleep %d out of order", i)
		}
		if !s.IsMain {
			continue
		}
		mains++
		// The fake's nights are 7 h of segments from 23:00 local, so they end
		// at 06:00 local, or 07:00 / 05:00 after clocks change overnight.
		want := 7 * time.Hour
		var sum time.Duration
		for j, st := range s.Stages {
			sum += st.Duration
			if j > 0 && !s.Stages[j-1].End().Equal(st.Start) {
				t.Errorf("%v: stages %d and %d not contiguous", s.Date, j-1, j)
			}
		}
		if got := s.End.Sub(s.Start); got != want || sum != want {
			t.Errorf("%v: night lasts %v (stages %v), want %v", s.Date, got, sum, want)
		}
		_, o1 := s.Start.Zone()
		_, o2 := s.End.Zone()
		wantEnd := map[int]string{0: "06:00", 3600: "07:00", -3600: "05:00"}[o2-o1]
		if s.Start.Format("15:04") != "23:00" || s.End.Format("15:04") != wantEnd || s.Awakenings != wearnb.Some(1) {
			t.Errorf("%v: %s..%s awakenings %v", s.Date, s.Start.Format(time.RFC3339), s.End.Format(time.RFC3339), s.Awakenings)
		}
		if o1 != o2 {
			dst++
		}
	}
	if dst != 10 {
		t.Errorf("%d DST nights, want 10 in 5 years", dst)
	}
	if mains != days {
		t.Errorf("%d main sleeps, want %d", mains, days)
	}
}

// faults answers the first two attempts of every URL with a fault (429,
// 5xx, dropped connection, truncated body), chosen by the URL, and counts
// the 429s.
type faults struct {
	mu    sync.Mutex
	kinds [6]int
}

func (fl *faults) inject(attempt int, w http.ResponseWriter, r *http.Request) bool {
	if attempt > 2 {
		return false
	}
	h := attempt
	for _, c := range r.URL.String() {
		h = h*31 + int(c)
	}
	kind := (h%6 + 6) % 6
	fl.mu.Lock()
	fl.kinds[kind]++
	fl.mu.Unlock()
	switch kind {
	case 0:
		w.Header().Set("Retry-After", "3")
		w.WriteHeader(429)
		io.WriteString(w, `{"errors":[{"errorType":"system","message":"Too Many Requests"}],"success":false}`)
	case 1:
		w.WriteHeader(503)
	case 2:
		w.WriteHeader(502)
		io.WriteString(w, "<html>bad gateway</html>")
	case 3: // dropped connection
		conn, _, _ := w.(http.Hijacker).Hijack()
		conn.Close()
	case 4: // body shorter than its Content-Length
		w.Header().Set("Content-Length", "5000")
		w.WriteHeader(200)
		io.WriteString(w, `{"sleep":[{"logId":1`)
	case 5: // complete HTTP answer, truncated JSON
		w.WriteHeader(200)
		io.WriteString(w, `{"sleep":[{"dateOfSleep":"2020-01-01","logId":`)
	}
	return true
}

func TestFaultsGiveTheFaultFreeResult(t *testing.T) {
	loc := newYork(t)
	r := fiveYears()

	clean := newFake(t, loc)
	_, opts := instant(WithTimeZone(loc))
	want, err := Sandbox(clean.srv.URL, opts...).Client(clean.srv.Client()).Sleeps(t.Context(), r)
	if err != nil {
		t.Fatal(err)
	}

	bad := newFake(t, loc)
	fl := &faults{}
	bad.fault = fl.inject
	ft, opts := instant(WithTimeZone(loc))
	got, err := Sandbox(bad.srv.URL, opts...).Client(bad.srv.Client()).Sleeps(t.Context(), r)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Sleeps, want.Sleeps) {
		t.Errorf("normalized result under faults differs from the fault-free run (%d vs %d sleeps)", len(got.Sleeps), len(want.Sleeps))
	}
	if bad.total != 3*19 {
		t.Errorf("requests under faults = %d, want 57 (every URL: two faults, then the answer)", bad.total)
	}
	threes := 0
	for _, w := range ft.Waits() {
		if w == 3*time.Second {
			threes++
		}
	}
	// Every fault is retried by fetch after a wait, except a dropped idle
	// connection, which net/http itself may retry at once.
	if threes != fl.kinds[0] || len(ft.Waits()) > 2*19 || len(ft.Waits()) < 2*19-fl.kinds[3] {
		t.Errorf("waits %v: want %d of 3s (Retry-After) among %d..38", ft.Waits(), fl.kinds[0], 2*19-fl.kinds[3])
	}
	for k, n := range fl.kinds {
		if n == 0 {
			t.Errorf("fault kind %d never injected", k)
		}
	}
}

func TestRetiredAPI(t *testing.T) {
	f := newFake(t, time.UTC)
	f.override = func(w http.ResponseWriter, r *http.Request) bool {
		w.WriteHeader(http.StatusGone)
		return true
	}
	_, opts := instant(WithTimeZone(time.UTC))
	_, err := Sandbox(f.srv.URL, opts...).Client(f.srv.Client()).Sleeps(t.Context(), fiveYears())
	if !errors.Is(err, ErrRetired) || !errors.Is(err, fetch.ErrGone) {
		t.Fatalf("err = %v, want ErrRetired and fetch.ErrGone", err)
	}
	var api *fetch.APIError
	if !errors.As(err, &api) || api.StatusCode != 410 || api.Endpoint != "sleep" {
		t.Errorf("APIError = %+v", api)
	}
	for _, s := range []string{"retired", "Google Health", "providers/googlehealth", "HTTP 410"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not mention %q", err, s)
		}
	}
	if f.total != 1 {
		t.Errorf("requests = %d, want 1 (410 is not retried)", f.total)
	}
}

func TestExpiredToken(t *testing.T) {
	f := newFake(t, time.UTC)
	f.override = func(w http.ResponseWriter, r *http.Request) bool {
		w.WriteHeader(401)
		io.WriteString(w, `{"errors":[{"errorType":"expired_token","message":"Access token expired: eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiIyMkI1WTQiLCJzdWIi"}],"success":false}`)
		return true
	}
	_, opts := instant(WithTimeZone(time.UTC))
	_, err := Sandbox(f.srv.URL, opts...).Client(f.srv.Client()).Sleeps(t.Context(), fiveYears())
	if !errors.Is(err, ErrTokenExpired) || !errors.Is(err, fetch.ErrUnauthorized) {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(err.Error(), "eyJ") || !strings.Contains(err.Error(), "expired_token") {
		t.Errorf("err = %q", err)
	}
	if f.total != 1 {
		t.Errorf("requests = %d, want 1", f.total)
	}
}

func TestRateLimitHeadersScheduleTheNextRequest(t *testing.T) {
	loc := newYork(t)
	f := newFake(t, loc)
	f.headers = func(n int) http.Header {
		rem := "149"
		if n == 2 {
			rem = "0"
		}
		return http.Header{"Fitbit-Rate-Limit-Limit": {"150"}, "Fitbit-Rate-Limit-Remaining": {rem}, "Fitbit-Rate-Limit-Reset": {"1200"}}
	}
	ft, opts := instant(WithTimeZone(loc))
	if _, err := Sandbox(f.srv.URL, opts...).Client(f.srv.Client()).Sleeps(t.Context(), wearnb.Range{From: wearnb.MustDate("2024-01-01"), To: wearnb.MustDate("2024-12-31")}); err != nil {
		t.Fatal(err)
	}
	if w := ft.Waits(); len(w) != 1 || w[0] != 20*time.Minute || f.total != 4 {
		t.Errorf("waits %v requests %d: want one 20m wait before the third of 4 requests", w, f.total)
	}
}

func TestZoneFromProfileFetchedOnce(t *testing.T) {
	loc := newYork(t)
	f := newFake(t, loc)
	_, opts := instant()
	p := Sandbox(f.srv.URL, opts...)
	for range 2 {
		b, err := p.Client(f.srv.Client()).Sleeps(t.Context(), wearnb.Range{From: wearnb.MustDate("2024-07-01"), To: wearnb.MustDate("2024-07-02")})
		if err != nil {
			t.Fatal(err)
		}
		s := b.Sleeps
		if len(s) == 0 || s[0].Start.Format(time.RFC3339) != "2024-06-30T23:00:00-04:00" {
			t.Fatalf("sleeps %v", s)
		}
	}
	if n := f.count("/fitbit/1/user/-/profile.json"); n != 1 {
		t.Errorf("profile requests = %d, want 1", n)
	}
}

func TestSleepListFollowsPagination(t *testing.T) {
	f := newFake(t, time.UTC)
	var queries []string
	f.headers = nil
	f.override = nil
	_, opts := instant(WithTimeZone(time.UTC), base.WithFetchOptions(fetch.WithTrace(func(r *http.Request, _ *http.Response) {
		queries = append(queries, r.URL.Host+" "+r.URL.RawQuery)
	})))
	c := Sandbox(f.srv.URL, opts...).Client(f.srv.Client())
	logs, err := c.SleepList(t.Context(), ListQuery{AfterDate: wearnb.MustDate("2020-10-09"), Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(logs) != 3 || logs[0].LogID != 26311786557 || logs[2].LogID != 48000000001 {
		t.Errorf("logs %d: %v", len(logs), logs)
	}
	host := strings.TrimPrefix(f.srv.URL, "http://")
	want := []string{host + " afterDate=2020-10-09&limit=2&offset=0&sort=asc", host + " offset=2&limit=2&sort=asc&afterDate=2020-10-09"}
	if !reflect.DeepEqual(queries, want) {
		t.Errorf("requests %q\nwant %q (the api.fitbit.com next link is re-rooted on the API base)", queries, want)
	}
	if _, err := c.SleepList(t.Context(), ListQuery{}); err == nil {
		t.Error("SleepList without a date did not fail")
	}
}

func TestStreams(t *testing.T) {
	loc := newYork(t)
	f := newFake(t, loc)
	_, opts := instant(WithTimeZone(loc))
	p := Sandbox(f.srv.URL, opts...)
	var _ wearnb.Provider = p
	st := p.Streams()
	var names []string
	for _, s := range st {
		names = append(names, fmt.Sprintf("%s/%s/%d", s.Name, s.Kind, s.MaxDays))
	}
	if want := []string{"sleep/sleeps/100", "days/day_moves/1095", "hours/hourly_moves/1", "heartrate/heart_rate/1", "vitals/vitals/30"}; !reflect.DeepEqual(names, want) {
		t.Errorf("streams %v, want %v", names, want)
	}
	ctx := t.Context()
	b, err := st[0].Fetch(ctx, f.srv.Client(), wearnb.Range{From: wearnb.MustDate("2024-03-01"), To: wearnb.MustDate("2024-03-31")})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Raw) != 1 || !strings.HasSuffix(b.Raw[0].URL, "/fitbit/1.2/user/-/sleep/date/2024-03-01/2024-03-31.json") || len(b.Sleeps) < 31 {
		t.Errorf("sleep batch: %d raw, %d sleeps", len(b.Raw), len(b.Sleeps))
	}
	b, err = st[1].Fetch(ctx, f.srv.Client(), wearnb.Range{From: wearnb.MustDate("2018-12-24"), To: wearnb.MustDate("2018-12-27")})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Raw) != 7 || len(b.Days) != 3 || b.Days[0].Steps != wearnb.Some(8123) || b.Days[0].ActiveMinutes != wearnb.Some(244) {
		t.Errorf("days batch: %d raw, %+v", len(b.Raw), b.Days)
	}
	b, err = st[2].Fetch(ctx, f.srv.Client(), wearnb.Range{From: wearnb.MustDate("2020-10-07"), To: wearnb.MustDate("2020-10-07")})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Raw) != 1 || len(b.Hours) != 24 || b.Hours[8].Steps != wearnb.Some(1500) {
		t.Errorf("hours batch: %d raw, %d hours", len(b.Raw), len(b.Hours))
	}
}

func TestTypedMethods(t *testing.T) {
	f := newFake(t, time.UTC)
	_, opts := instant(WithTimeZone(time.UTC))
	c := Sandbox(f.srv.URL, opts...).Client(f.srv.Client())
	ctx := t.Context()
	hs, err := c.HeartSeries(ctx, wearnb.Range{From: wearnb.MustDate("2019-01-01"), To: wearnb.MustDate("2020-02-04")})
	if err != nil || len(hs) != 4 || f.countPrefix("/fitbit/1/user/-/activities/heart/") != 2 {
		t.Errorf("heart series: %d days, %v, %d requests (want 2 for 400 days)", len(hs), err, f.countPrefix("/fitbit/1/user/-/activities/heart/"))
	}
	hi, err := c.HeartIntraday(ctx, wearnb.MustDate("2019-01-01"), "1min")
	if err != nil || len(hi.Dataset) != 3 {
		t.Errorf("heart intraday: %+v %v", hi, err)
	}
	ds, err := c.DailySummary(ctx, wearnb.MustDate("2019-01-04"))
	if err != nil || ds.Summary.Steps != 8123 {
		t.Errorf("daily summary: %v", err)
	}
	loc, err := c.TimeZone(ctx)
	if err != nil || loc.String() != "America/New_York" {
		t.Errorf("TimeZone = %v, %v", loc, err)
	}
	_, err = c.DailySummary(ctx, wearnb.MustDate("2000-01-01"))
	var api *fetch.APIError
	if !errors.As(err, &api) || api.StatusCode != 404 || api.Code != "not_found" {
		t.Errorf("404: %v", err)
	}
	if _, err := c.SleepLogs(ctx, fiveYears()); err == nil {
		t.Error("SleepLogs over 5 years did not refuse")
	}
}

func TestParseError(t *testing.T) {
	code, msg := ParseError(400, []byte(`{"errors":[{"errorType":"validation","fieldName":"beforeDate","message":"Invalid date"},{"errorType":"validation","message":"limit too large"}],"success":false}`))
	if code != "validation" || msg != "beforeDate: Invalid date; limit too large" {
		t.Errorf("got %q %q", code, msg)
	}
	code, msg = ParseError(400, []byte(`{"error":"invalid_grant","error_description":"Refresh token invalid"}`))
	if code != "invalid_grant" || msg != "Refresh token invalid" {
		t.Errorf("fallback got %q %q", code, msg)
	}
}
