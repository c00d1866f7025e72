package sandbox

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"
)

// benchServer serves the default synthetic person with a fixed clock.
func benchServer(b *testing.B) (http.Handler, *Server) {
	s := New(Options{Clock: NewFakeClock(time.Date(2026, 6, 1, 15, 0, 0, 0, time.UTC))})
	if len(s.src.Sleeps(rangeOf("2026-05-01", "2026-05-31"))) == 0 {
		b.Skip("synth returns no data yet")
	}
	return s.Handler(), s
}

func benchGet(b *testing.B, flavor, path string) {
	h, s := benchServer(b)
	var scopes []string
	for _, sc := range specs[flavor].scopes {
		scopes = append(scopes, sc.name)
	}
	tok, _ := s.IssueToken(flavor, DemoClientID, scopes)
	b.ReportAllocs()
	for b.Loop() {
		s.mu.Lock()
		delete(s.limits, flavor) // measure the work, not the 429s
		s.mu.Unlock()
		req := httptest.NewRequest(http.MethodGet, "http://sandbox/"+flavor+path, nil)
		req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatalf("%d %s", w.Code, w.Body)
		}
		b.SetBytes(int64(w.Body.Len()))
	}
}

func BenchmarkFitbitSleep100Days(b *testing.B) {
	benchGet(b, Fitbit, "/1.2/user/-/sleep/date/2026-02-20/2026-05-30.json")
}

func BenchmarkFitbitStepsThreeYears(b *testing.B) {
	benchGet(b, Fitbit, "/1/user/-/activities/steps/date/2023-06-02/2026-05-31.json")
}

func BenchmarkOuraSleepPage(b *testing.B) {
	benchGet(b, Oura, "/v2/usercollection/sleep?start_date=2020-01-01&end_date=2026-05-31")
}

func BenchmarkGoogleStepsPage(b *testing.B) {
	benchGet(b, GoogleHealth, "/v4/users/me/dataTypes/steps/dataPoints?pageSize=10000&filter="+
		url.QueryEscape(`steps.interval.start_time >= "2026-05-01T00:00:00Z"`))
}

func BenchmarkJawboneMovesPage(b *testing.B) {
	benchGet(b, Jawbone, "/nudge/api/v.1.1/users/@me/moves?limit=100")
}
