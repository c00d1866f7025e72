package sandbox

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// TestFitbitRateLimit does 151 requests in one hour of the fake clock.
func TestFitbitRateLimit(t *testing.T) {
	e := newEnv(t, Options{})
	e.clock.Set(time.Date(2024, 3, 15, 16, 0, 0, 0, time.UTC))
	tok := e.token(Fitbit)
	path := "/fitbit/1/user/-/activities/steps/date/2024-03-14/1d.json"
	for i := 1; i <= 150; i++ {
		e.clock.Advance(time.Second)
		resp, _ := e.get(path, tok)
		if resp.StatusCode != 200 {
			t.Fatalf("request %d: status %d", i, resp.StatusCode)
		}
		if got := resp.Header.Get("Fitbit-Rate-Limit-Remaining"); got != strconv.Itoa(150-i) {
			t.Fatalf("request %d: remaining %q, want %d", i, got, 150-i)
		}
		if resp.Header.Get("Fitbit-Rate-Limit-Limit") != "150" {
			t.Fatalf("limit header %q", resp.Header.Get("Fitbit-Rate-Limit-Limit"))
		}
		if want := strconv.Itoa(3600 - i); resp.Header.Get("Fitbit-Rate-Limit-Reset") != want {
			t.Fatalf("request %d: reset %q, want %s", i, resp.Header.Get("Fitbit-Rate-Limit-Reset"), want)
		}
	}
	resp, body := e.get(path, tok)
	if resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("151st request: %d", resp.StatusCode)
	}
	if resp.Header.Get("Fitbit-Rate-Limit-Remaining") != "0" || resp.Header.Get("Retry-After") != "3450" {
		t.Errorf("429 headers: %v", resp.Header)
	}
	if !strings.Contains(jsonString(body), `"success":false`) {
		t.Errorf("429 body %v", body)
	}
	if n := e.srv.Requests(Fitbit); n != 151 {
		t.Errorf("Requests = %d, want 151", n)
	}
	e.clock.Set(time.Date(2024, 3, 15, 17, 0, 0, 0, time.UTC))
	resp, _ = e.get(path, tok)
	if resp.StatusCode != 200 || resp.Header.Get("Fitbit-Rate-Limit-Remaining") != "149" {
		t.Fatalf("after the top of the hour: %d remaining %s", resp.StatusCode, resp.Header.Get("Fitbit-Rate-Limit-Remaining"))
	}
	if old := e.srv.ResetRequests(Fitbit); old != 152 || e.srv.Requests(Fitbit) != 0 {
		t.Errorf("ResetRequests = %d then %d", old, e.srv.Requests(Fitbit))
	}
}

// TestOuraRateLimit exhausts the 5000-per-5-minutes window.
func TestOuraRateLimit(t *testing.T) {
	e := newEnv(t, Options{})
	e.clock.Set(time.Date(2024, 3, 15, 16, 2, 0, 0, time.UTC))
	e.srv.mu.Lock()
	e.srv.limits[Oura] = &rateWindow{start: time.Date(2024, 3, 15, 16, 0, 0, 0, time.UTC), count: 4999}
	e.srv.mu.Unlock()
	tok := e.token(Oura)
	if resp, _ := e.get("/oura/v2/usercollection/personal_info", tok); resp.StatusCode != 200 {
		t.Fatalf("5000th: %d", resp.StatusCode)
	}
	resp, body := e.get("/oura/v2/usercollection/personal_info", tok)
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "180" {
		t.Fatalf("5001st: %d Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if m := body.(map[string]any); m["status"] != 429.0 || m["title"] != "Too Many Requests" {
		t.Errorf("oura 429 body %v", m)
	}
	e.clock.Advance(3 * time.Minute)
	if resp, _ := e.get("/oura/v2/usercollection/personal_info", tok); resp.StatusCode != 200 {
		t.Fatalf("next window: %d", resp.StatusCode)
	}
}

// rawGet returns status, headers and body bytes, and the read error.
func rawGet(t *testing.T, u, tok string) (*http.Response, []byte, error) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, b, err
}

func TestFaults(t *testing.T) {
	e := newEnv(t, Options{})
	tok := e.token(Fitbit)
	u := e.ts.URL + dataPathFor(Fitbit)
	f := e.srv.Faults(Fitbit)

	f.SetRetryAfter(7 * time.Second)
	f.Next(FaultRateLimit, 1)
	resp, _, _ := rawGet(t, u, tok)
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "7" {
		t.Errorf("rate-limit fault: %d %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}

	f.Next(FaultServerError, 3)
	for i := range 3 {
		if resp, b, _ := rawGet(t, u, tok); resp.StatusCode != 500 || !strings.Contains(string(b), `"success":false`) {
			t.Errorf("500 burst %d: %d %s", i, resp.StatusCode, b)
		}
	}
	if resp, _, _ := rawGet(t, u, tok); resp.StatusCode != 200 {
		t.Errorf("after the burst: %d", resp.StatusCode)
	}

	f.Next(FaultUnavailable, 1)
	if resp, _, _ := rawGet(t, u, tok); resp.StatusCode != 503 || resp.Header.Get("Retry-After") == "" {
		t.Errorf("503: %d", resp.StatusCode)
	}

	f.Next(FaultDropConnection, 1)
	_, _, err := rawGet(t, u, tok)
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("dropped connection: err %v, want unexpected EOF", err)
	}

	f.Next(FaultTruncatedJSON, 1)
	resp, b, err := rawGet(t, u, tok)
	var v any
	if err != nil || resp.StatusCode != 200 || json.Unmarshal(b, &v) == nil {
		t.Errorf("truncated: err %v status %d, body decodes: %v", err, resp.StatusCode, json.Unmarshal(b, &v) == nil)
	}

	f.Always(FaultGone)
	resp, b, _ = rawGet(t, u, tok)
	if resp.StatusCode != 410 || !strings.Contains(string(b), "Google Health API") {
		t.Errorf("gone: %d %s", resp.StatusCode, b)
	}
	if r2, err := noRedirect().Get(e.srv.Endpoint(Fitbit).AuthURL + "?client_id=x"); err != nil || r2.StatusCode != 410 {
		t.Errorf("gone at authorize: %v %v", err, r2)
	}
	f.Clear()
	if resp, _, _ := rawGet(t, u, tok); resp.StatusCode != 200 {
		t.Errorf("after Clear: %d", resp.StatusCode)
	}

	f.Next(FaultRevokedConsent, 1)
	if resp, _, _ := rawGet(t, u, tok); resp.StatusCode != 401 {
		t.Errorf("revoked consent: %d", resp.StatusCode)
	}
	if resp, _, _ := rawGet(t, u, tok); resp.StatusCode != 401 {
		t.Errorf("revoked consent is permanent: %d", resp.StatusCode)
	}
	if f.Injected() != 10 {
		t.Errorf("Injected = %d, want 10 (the 410 at authorize counts)", f.Injected())
	}
}

// TestTokenFaults: a refresh whose answer is lost, recovered by Fitbit's
// identical retry; and FaultRefreshReused.
func TestTokenFaults(t *testing.T) {
	e := newEnv(t, Options{})
	p := e.issue(Fitbit)
	e.srv.Faults(Fitbit).NextToken(FaultDropConnection, 1)
	cfg := e.config(Fitbit)
	_, err := cfg.TokenSource(context.Background(), &oauth2.Token{RefreshToken: p.RefreshToken}).Token()
	if err == nil {
		t.Fatal("refresh with a dropped answer succeeded")
	}
	tok, err := cfg.TokenSource(context.Background(), &oauth2.Token{RefreshToken: p.RefreshToken}).Token()
	if err != nil {
		t.Fatalf("identical retry after a lost answer: %v", err)
	}
	if resp, _, _ := rawGet(t, e.ts.URL+dataPathFor(Fitbit), tok.AccessToken); resp.StatusCode != 200 {
		t.Fatalf("recovered token: %d", resp.StatusCode)
	}

	o := e.issue(Oura)
	e.srv.Faults(Oura).Next(FaultRefreshReused, 1)
	st, m := e.refresh(Oura, o.RefreshToken)
	wantReuseShape(t, Oura, st, m)
	if st, _ := e.refresh(Oura, o.RefreshToken); st != 200 {
		t.Fatalf("after the injected reuse: %d", st)
	}
}

// TestDropIsMidBody checks on the wire that headers promise more than is sent.
func TestDropIsMidBody(t *testing.T) {
	e := newEnv(t, Options{})
	tok := e.token(Oura)
	e.srv.Faults(Oura).Next(FaultDropConnection, 1)
	conn, err := net.Dial("tcp", strings.TrimPrefix(e.ts.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	io.WriteString(conn, "GET /oura/v2/usercollection/personal_info HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "+tok+"\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(resp.Body)
	if err == nil || int64(len(b)) >= resp.ContentLength || len(b) == 0 {
		t.Fatalf("got %d of %d bytes, err %v", len(b), resp.ContentLength, err)
	}
}

// TestPaging walks every page of each flavour's long lists.
func TestPaging(t *testing.T) {
	e := newEnv(t, Options{})
	t.Run("oura sleep over years", func(t *testing.T) {
		tok := e.token(Oura)
		next, pages, docs := "", 0, 0
		for {
			q := url.Values{"start_date": {"2020-01-01"}, "end_date": {"2024-03-14"}}
			if next != "" {
				q.Set("next_token", next)
			}
			resp, v := e.get("/oura/v2/usercollection/sleep?"+q.Encode(), tok)
			if resp.StatusCode != 200 {
				t.Fatalf("page %d: %d %v", pages, resp.StatusCode, v)
			}
			m := v.(map[string]any)
			docs += len(m["data"].([]any))
			pages++
			if m["next_token"] == nil {
				break
			}
			next = m["next_token"].(string)
		}
		want := len(e.srv.sleeps(rangeOf("2020-01-01", "2024-03-14")))
		if docs != want || pages != (want+ouraPageSize-1)/ouraPageSize {
			t.Errorf("%d docs in %d pages, want %d docs", docs, pages, want)
		}
	})
	t.Run("fitbit sleep list", func(t *testing.T) {
		tok := e.token(Fitbit)
		u := e.ts.URL + "/fitbit/1.2/user/-/sleep/list.json?beforeDate=2024-03-01&sort=desc&limit=100&offset=0"
		n, pages := 0, 0
		var lastStart string
		for u != "" {
			resp, v := e.get(u, tok)
			if resp.StatusCode != 200 {
				t.Fatalf("%s: %d %v", u, resp.StatusCode, v)
			}
			m := v.(map[string]any)
			for _, l := range m["sleep"].([]any) {
				st := l.(map[string]any)["startTime"].(string)
				if lastStart != "" && st >= lastStart {
					t.Fatalf("not newest first: %s after %s", st, lastStart)
				}
				lastStart = st
				n++
			}
			u = m["pagination"].(map[string]any)["next"].(string)
			pages++
		}
		want := len(e.srv.sleeps(rangeOf("2023-01-01", "2024-02-29")))
		if n != want {
			t.Errorf("%d logs over %d pages, want %d", n, pages, want)
		}
		resp, _ := e.get("/fitbit/1.2/user/-/sleep/list.json?beforeDate=2024-03-01&sort=asc&limit=10&offset=0", tok)
		if resp.StatusCode != 400 {
			t.Errorf("beforeDate with sort=asc: %d", resp.StatusCode)
		}
		resp, _ = e.get("/fitbit/1.2/user/-/sleep/date/2024-01-01/2024-04-10.json", tok)
		if resp.StatusCode != 400 {
			t.Errorf("101-day range: %d", resp.StatusCode)
		}
	})
	t.Run("google steps", func(t *testing.T) {
		tok := e.token(GoogleHealth)
		f := `steps.interval.start_time >= "2024-03-01T00:00:00Z" AND steps.interval.start_time < "2024-03-04T00:00:00Z"`
		next, n := "", 0
		var last string
		for {
			q := url.Values{"filter": {f}, "pageSize": {"100"}}
			if next != "" {
				q.Set("pageToken", next)
			}
			resp, v := e.get("/googlehealth/v4/users/me/dataTypes/steps/dataPoints?"+q.Encode(), tok)
			if resp.StatusCode != 200 {
				t.Fatalf("%d %v", resp.StatusCode, v)
			}
			m := v.(map[string]any)
			for _, p := range m["dataPoints"].([]any) {
				st := p.(map[string]any)["steps"].(map[string]any)["interval"].(map[string]any)["startTime"].(string)
				if st < "2024-03-01T00:00:00Z" || st >= "2024-03-04T00:00:00Z" || (last != "" && st >= last) {
					t.Fatalf("point %s out of filter or order (after %s)", st, last)
				}
				last = st
				n++
			}
			if m["nextPageToken"] == nil {
				break
			}
			next = m["nextPageToken"].(string)
		}
		want := 0
		for _, h := range e.srv.hours(rangeOf("2024-02-29", "2024-03-04")) {
			if !h.Start.Before(time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)) && h.Start.Before(time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC)) {
				want += val(h.ActiveSeconds) / 60
			}
		}
		if n != want {
			t.Errorf("%d points, want %d", n, want)
		}
		resp, _ := e.get("/googlehealth/v4/users/me/dataTypes/steps/dataPoints?filter="+url.QueryEscape(`steps.interval.start_time >= 3`), tok)
		if resp.StatusCode != 400 {
			t.Errorf("bad filter: %d", resp.StatusCode)
		}
	})
	t.Run("jawbone moves", func(t *testing.T) {
		tok := e.token(Jawbone)
		u, n := "/nudge/api/v.1.1/users/@me/moves?limit=50", 0
		for u != "" {
			resp, v := e.get("/jawbone"+u, tok)
			if resp.StatusCode != 200 {
				t.Fatalf("%s: %d", u, resp.StatusCode)
			}
			data := v.(map[string]any)["data"].(map[string]any)
			items := data["items"].([]any)
			if int(data["size"].(float64)) != len(items) {
				t.Fatalf("size %v != %d", data["size"], len(items))
			}
			n += len(items)
			u = ""
			if l, ok := data["links"].(map[string]any); ok {
				u = l["next"].(string)
			}
		}
		if want := len(e.srv.days(rangeOf("2023-01-01", "2024-03-15"))); n != want {
			t.Errorf("%d moves, want %d", n, want)
		}
	})
}
