package sandbox

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/sandbox/synth"
)

// fakeSource is hand-built, deterministic data for rendering tests: every
// day has a main sleep 23:00-07:00 with 90-minute stage cycles and hourly
// steps; every third day has a 40-minute afternoon nap; days whose day of
// month is 13 have no data. The zone is America/New_York except
// 2024-03-20..2024-03-22, spent in Europe/Paris.
type fakeSource struct{ ny, paris *time.Location }

func newFakeSource() *fakeSource {
	ny, _ := time.LoadLocation("America/New_York")
	paris, _ := time.LoadLocation("Europe/Paris")
	return &fakeSource{ny: ny, paris: paris}
}

func (f *fakeSource) Zone(d wearnb.Date) *time.Location {
	if !d.Before(wearnb.MustDate("2024-03-20")) && !d.After(wearnb.MustDate("2024-03-22")) {
		return f.paris
	}
	return f.ny
}

// ZoneAt is the zone of the instant's New York date: the fake source
// changes zones at New York midnight and has no travel-day switch.
func (f *fakeSource) ZoneAt(t time.Time) *time.Location { return f.Zone(wearnb.DateOf(t.In(f.ny))) }

// Switch reports no travel days: the fake's days keep one zone each.
func (f *fakeSource) Switch(wearnb.Date) (time.Time, bool) { return time.Time{}, false }

// fakeFirst is the first day with data.
var fakeFirst = wearnb.MustDate("2023-06-01")

func (f *fakeSource) has(d wearnb.Date) bool { return d.Day != 13 && !d.Before(fakeFirst) }

func (f *fakeSource) Sleeps(r wearnb.Range) []wearnb.Sleep {
	var out []wearnb.Sleep
	for d := r.From; !d.After(r.To); d = d.AddDays(1) {
		if !f.has(d) {
			continue
		}
		loc := f.Zone(d)
		start := fixed(d.AddDays(-1).In(loc).Add(23 * time.Hour))
		end := fixed(d.In(loc).Add(7 * time.Hour))
		out = append(out, f.night(d, start, end))
		if d.Day%3 == 0 {
			ns := fixed(d.In(loc).Add(14 * time.Hour))
			ne := ns.Add(40 * time.Minute)
			nap := wearnb.Sleep{Start: ns, End: ne, Date: d, InBed: wearnb.Some(40 * time.Minute)}
			for t := ns; t.Before(ne); t = t.Add(30 * time.Second) {
				lv := wearnb.StageLight
				if t.Sub(ns) < 5*time.Minute {
					lv = wearnb.StageWake
				}
				nap.Stages = append(nap.Stages, wearnb.Stage{Start: t, Duration: 30 * time.Second, Level: lv})
			}
			nap.Asleep, nap.Light, nap.Latency = wearnb.Some(35*time.Minute), wearnb.Some(35*time.Minute), wearnb.Some(5*time.Minute) // the 5 minutes awake are the latency
			out = append(out, nap)
		}
	}
	return out
}

func (f *fakeSource) night(d wearnb.Date, start, end time.Time) wearnb.Sleep {
	sl := wearnb.Sleep{Start: start, End: end, Date: d, InBed: wearnb.Some(end.Sub(start)), IsMain: true}
	var deep, light, rem, awake time.Duration
	cycle := []struct {
		lv  wearnb.StageLevel
		dur time.Duration
	}{{wearnb.StageLight, 30 * time.Minute}, {wearnb.StageDeep, 25 * time.Minute}, {wearnb.StageLight, 15 * time.Minute}, {wearnb.StageREM, 18 * time.Minute}, {wearnb.StageWake, 2 * time.Minute}}
	t := start
	// 12 minutes awake before falling asleep, one long awakening at 03:00.
	add := func(lv wearnb.StageLevel, dur time.Duration) {
		for e := t.Add(dur); t.Before(e) && t.Before(end); t = t.Add(30 * time.Second) {
			sl.Stages = append(sl.Stages, wearnb.Stage{Start: t, Duration: 30 * time.Second, Level: lv})
			switch lv {
			case wearnb.StageDeep:
				deep += 30 * time.Second
			case wearnb.StageLight:
				light += 30 * time.Second
			case wearnb.StageREM:
				rem += 30 * time.Second
			case wearnb.StageWake:
				awake += 30 * time.Second
			}
		}
	}
	add(wearnb.StageWake, 12*time.Minute)
	for i := 0; t.Before(end); i++ {
		c := cycle[i%len(cycle)]
		if i == 12 {
			add(wearnb.StageWake, 10*time.Minute)
		}
		add(c.lv, c.dur)
	}
	sl.Deep, sl.Light, sl.REM = wearnb.Some(deep), wearnb.Some(light), wearnb.Some(rem)
	sl.Asleep = wearnb.Some(deep + light + rem)
	sl.Latency = wearnb.Some(12 * time.Minute)
	sl.Awake = wearnb.Some(awake - 12*time.Minute) // wake after onset only: InBed = Latency + Asleep + Awake
	sl.SetEfficiency()
	sl.Awakenings = wearnb.Some(7)
	return sl
}

func (f *fakeSource) Minutes(d wearnb.Date) []int {
	if !f.has(d) {
		return nil
	}
	loc := f.Zone(d)
	start, end := d.In(loc), d.AddDays(1).In(loc)
	n := int(end.Sub(start) / time.Minute)
	m := make([]int, n)
	for i := range m {
		h := start.Add(time.Duration(i) * time.Minute).In(loc).Hour()
		if h >= 8 && h < 21 && i%3 == 0 {
			m[i] = 20 + (i*7+d.Day)%90
		}
	}
	return m
}

func (f *fakeSource) Hours(r wearnb.Range) []wearnb.HourMoves {
	var out []wearnb.HourMoves
	for d := r.From; !d.After(r.To); d = d.AddDays(1) {
		mins := f.Minutes(d)
		if mins == nil {
			continue
		}
		loc := f.Zone(d)
		start := d.In(loc)
		for i := 0; i < len(mins); i += 60 {
			steps, active := 0, 0
			for j := i; j < i+60 && j < len(mins); j++ {
				steps += mins[j]
				if mins[j] > 0 {
					active += 60
				}
			}
			out = append(out, wearnb.HourMoves{Start: fixed(start.Add(time.Duration(i) * time.Minute)),
				Steps: wearnb.Some(steps), ActiveSeconds: wearnb.Some(active),
				DistanceM: wearnb.Some(float64(steps) * 0.75), CaloriesKcal: wearnb.Some(68 + float64(steps)*0.045)})
		}
	}
	return out
}

func (f *fakeSource) Days(r wearnb.Range) []wearnb.DayMoves {
	var out []wearnb.DayMoves
	for d := r.From; !d.After(r.To); d = d.AddDays(1) {
		hs := f.Hours(wearnb.Range{From: d, To: d})
		if hs == nil {
			continue
		}
		dm := wearnb.DayMoves{Date: d, UTCOffset: wearnb.Some(hs[0].Start.Sub(hs[0].Start.UTC()))}
		_, off := hs[0].Start.Zone()
		dm.UTCOffset = wearnb.Some(time.Duration(off) * time.Second)
		var steps, active int
		var dist, kcal float64
		for _, h := range hs {
			steps += h.Steps.Or(0)
			dist += h.DistanceM.Or(0)
			kcal += h.CaloriesKcal.Or(0)
			active += h.ActiveSeconds.Or(0) / 60
		}
		dm.Steps, dm.DistanceM, dm.CaloriesKcal, dm.ActiveMinutes = wearnb.Some(steps), wearnb.Some(dist), wearnb.Some(kcal), wearnb.Some(active)
		out = append(out, dm)
	}
	return out
}

func (f *fakeSource) HeartRate(from, to time.Time, every time.Duration) []synth.HRSample {
	var out []synth.HRSample
	for t := from.Truncate(every); t.Before(to); t = t.Add(every) {
		if t.Before(from) {
			continue
		}
		h := t.In(f.ny).Hour()
		bpm := 62 + (t.Unix()/60)%9
		if h < 7 || h >= 23 {
			bpm = 52 + (t.Unix()/60)%5
		} else if h == 18 {
			bpm = 140 + (t.Unix()/60)%25
		}
		out = append(out, synth.HRSample{Time: t, BPM: int(bpm)})
	}
	return out
}

func (f *fakeSource) HRV(from, to time.Time, every time.Duration) []synth.HRVSample {
	var out []synth.HRVSample
	for _, s := range f.HeartRate(from, to, every) {
		if h := s.Time.In(f.ny).Hour(); h < 7 || h >= 23 {
			out = append(out, synth.HRVSample{Time: s.Time, MS: float64(100 - s.BPM)})
		}
	}
	return out
}

func (f *fakeSource) RestingHR(d wearnb.Date) (int, bool) { return 50 + d.Day%7, d.Day%10 != 3 }

func (f *fakeSource) VitalsOf(s wearnb.Sleep) wearnb.Vitals {
	v := wearnb.Vitals{Date: s.Date, Start: s.Start, RespiratoryRate: wearnb.Some(14.5)}
	if s.IsMain {
		v.SkinTempDev = wearnb.Some(-0.12)
	}
	hr := f.HeartRate(s.Start, s.End, 5*time.Minute)
	if len(hr) > 1 {
		lo, sum := hr[1].BPM, 0
		for _, x := range hr[1:] {
			lo, sum = min(lo, x.BPM), sum+x.BPM
		}
		v.LowestHR, v.AverageHR = wearnb.Some(float64(lo)), wearnb.Some(float64(sum)/float64(len(hr)-1))
		v.AverageHRV = wearnb.Some(100 - float64(sum)/float64(len(hr)-1))
	}
	return v
}

// testNow is the fake clock's start: a Friday afternoon in New York.
var testNow = time.Date(2024, 3, 15, 16, 30, 0, 0, time.UTC)

type testEnv struct {
	t     *testing.T
	srv   *Server
	ts    *httptest.Server
	clock *FakeClock
}

// newEnv runs a sandbox with the fake source and a fake clock.
func newEnv(t *testing.T, opts Options) *testEnv {
	t.Helper()
	s, clock := inProcess(t, opts)
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	s.base = ts.URL
	return &testEnv{t: t, srv: s, ts: ts, clock: clock}
}

// noRedirect is a client that stops at the first redirect.
func noRedirect() *http.Client {
	return &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// config returns an oauth2.Config for the demo client of flavor.
func (e *testEnv) config(flavor string, scopes ...string) *oauth2.Config {
	return &oauth2.Config{
		ClientID: DemoClientID, ClientSecret: DemoClientSecret,
		Endpoint: e.srv.Endpoint(flavor), RedirectURL: DemoRedirectURIs[0], Scopes: scopes,
	}
}

// authorize follows an AutoApprove authorize URL and returns the redirect's
// query.
func (e *testEnv) authorize(u string) url.Values {
	e.t.Helper()
	resp, err := noRedirect().Get(u)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		b, _ := io.ReadAll(resp.Body)
		e.t.Fatalf("authorize: status %d, want 302: %s", resp.StatusCode, b)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		e.t.Fatal(err)
	}
	return loc.Query()
}

// get fetches path (relative to the server) with a bearer token and
// decodes the JSON body into a generic value.
func (e *testEnv) get(path, token string) (*http.Response, any) {
	e.t.Helper()
	u := path
	if len(u) > 0 && u[0] == '/' {
		u = e.ts.URL + path
	}
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, u, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatalf("%s: read body: %v", path, err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		e.t.Fatalf("%s: status %d, body is not JSON: %v: %.300s", path, resp.StatusCode, err, b)
	}
	return resp, v
}

// token mints an access token with every scope of flavor.
func (e *testEnv) token(flavor string) string {
	e.t.Helper()
	return e.issue(flavor).AccessToken
}

// issue mints a token pair with every scope of flavor.
func (e *testEnv) issue(flavor string) *oauth2.Token {
	e.t.Helper()
	var scopes []string
	for _, s := range specs[flavor].scopes {
		scopes = append(scopes, s.name)
	}
	tok, err := e.srv.IssueToken(flavor, DemoClientID, scopes)
	if err != nil {
		e.t.Fatal(err)
	}
	return tok
}

func rangeOf(from, to string) wearnb.Range {
	return wearnb.Range{From: wearnb.MustDate(from), To: wearnb.MustDate(to)}
}

// val is a value the synthetic person always reports; a missing one fails
// the test.
func val[T any](o wearnb.Opt[T]) T {
	v, ok := o.Get()
	if !ok {
		panic("sandbox test: a value the synthetic person reports is missing")
	}
	return v
}
