package jawbone_test

import (
	"errors"
	"math"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/fetch"
	"wearnb.dev/wearnb/internal/sandboxtest"
	"wearnb.dev/wearnb/providers/jawbone"
	"wearnb.dev/wearnb/sandbox"
	"wearnb.dev/wearnb/sandbox/synth"
)

var sandboxNow = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// env is a running sandbox with a Jawbone provider whose waits between
// retries are recorded (e.Clock.Waits) instead of slept. The sandbox clock
// stands still, so that pages fetched with retries carry the same meta.time
// as pages fetched without.
type env struct {
	*sandboxtest.Env
	p *jawbone.Provider
}

func newEnv(t *testing.T, opts ...jawbone.Option) env {
	e := sandboxtest.New(t, sandbox.Jawbone, []string{"basic_read", "extended_read", "move_read", "sleep_read"}, sandboxtest.At(sandboxNow), sandboxtest.FrozenClock())
	return env{e, jawbone.Sandbox(e.Server.URL(), append([]jawbone.Option{jawbone.WithFetchOptions(e.FetchOptions()...)}, opts...)...)}
}

func (e env) client() *jawbone.Client { return e.p.Client(e.HTTP) }

func TestSandboxAuth(t *testing.T) {
	p := jawbone.Sandbox("http://127.0.0.1:1234")
	a := p.Auth()
	if a.Endpoint.AuthURL != "http://127.0.0.1:1234/jawbone/auth/oauth2/auth" ||
		a.Endpoint.TokenURL != "http://127.0.0.1:1234/jawbone/auth/oauth2/token" ||
		a.Endpoint.AuthStyle != oauth2.AuthStyleInParams || a.PKCE ||
		strings.Join(a.Scopes, " ") != "basic_read extended_read move_read sleep_read" {
		t.Errorf("sandbox Auth = %+v", a)
	}
	if p.BaseURL() != "http://127.0.0.1:1234/jawbone/nudge/api/v.1.1" || p.Name() != "jawbone" {
		t.Errorf("base %q", p.BaseURL())
	}
	if r := jawbone.New().Auth().Endpoint; r.AuthURL != "https://jawbone.com/auth/oauth2/auth" ||
		r.TokenURL != "https://jawbone.com/auth/oauth2/token" || r.AuthStyle != oauth2.AuthStyleInParams {
		t.Errorf("real endpoint = %+v", r)
	}
	var _ wearnb.Provider = p
	st := p.Streams()
	if len(st) != 3 || st[0].Kind != wearnb.KindDayMoves || st[1].Kind != wearnb.KindHourlyMoves || st[2].Kind != wearnb.KindSleeps {
		t.Errorf("streams = %+v", st)
	}
}

// travel reports whether d or the day before is a zone-switch day of the
// synthetic person.
func travel(p *synth.Person, d wearnb.Date) bool {
	_, a := p.Switch(d)
	_, b := p.Switch(d.AddDays(-1))
	return a || b
}

func TestSandboxMovesAcrossYears(t *testing.T) {
	e := newEnv(t)
	r := wearnb.Range{From: wearnb.MustDate("2022-11-15"), To: wearnb.MustDate("2023-05-31")}
	b, err := e.client().FetchMoves(t.Context(), r)
	if err != nil {
		t.Fatal(err)
	}
	person := synth.Default()
	want := person.Days(r)
	if len(b.Days) != len(want) || len(want) < 180 {
		t.Fatalf("%d days, synth has %d", len(b.Days), len(want))
	}
	// 100 items per page, newest first, linked by data.links.next.
	if len(b.Raw) < 2 || e.Server.Requests(sandbox.Jawbone) != len(b.Raw) {
		t.Errorf("%d pages in %d requests", len(b.Raw), e.Server.Requests(sandbox.Jawbone))
	}
	years := map[int]bool{}
	for i, d := range b.Days {
		w := want[i]
		if d.Date != w.Date || d.Steps != w.Steps || d.ActiveMinutes != w.ActiveMinutes ||
			math.Abs(d.DistanceM-w.DistanceM) > 1e-3 || math.Abs(d.CaloriesKcal-w.CaloriesKcal) > 1e-3 ||
			d.Provider != "jawbone" || d.SourceID == "" || (d.UTCOffset != w.UTCOffset && !travel(person, d.Date)) {
			t.Fatalf("day %d = %+v, synth %+v", i, d, w)
		}
		years[d.Date.Year] = true
	}
	if len(years) != 2 {
		t.Errorf("years %v", years)
	}

	// Hours: Jawbone lists only hours with steps, keyed by local clock
	// hour. On days whose local hours repeat (the fall-back night, a trip
	// west) two hours share a key and the sandbox adds them up, so those
	// days are left out. On every other day, trip days included, each hour
	// matches the synthetic person's, instant and offset.
	keys := map[string]int{}
	for _, h := range person.Hours(r) {
		if h.Steps > 0 {
			keys[h.Start.Format("2006010215")]++
		}
	}
	collide := map[wearnb.Date]bool{}
	for k, n := range keys {
		if n > 1 {
			d, _ := time.Parse("2006010215", k)
			collide[wearnb.DateOf(d)] = true
		}
	}
	plain := func(d wearnb.Date) bool { return !collide[d] }
	var gotH, wantH []wearnb.HourMoves
	for _, h := range person.Hours(r) {
		if h.Steps > 0 && plain(wearnb.DateOf(h.Start)) {
			wantH = append(wantH, h)
		}
	}
	for _, h := range b.Hours {
		if plain(wearnb.DateOf(h.Start)) {
			gotH = append(gotH, h)
		}
	}
	if len(gotH) != len(wantH) || len(wantH) < len(b.Hours)*9/10 {
		t.Fatalf("%d hours on plain days, synth has %d with steps (of %d)", len(gotH), len(wantH), len(b.Hours))
	}
	for i, h := range gotH {
		w := wantH[i]
		if !h.Start.Equal(w.Start) || offsetOf(h.Start) != offsetOf(w.Start) || h.Steps != w.Steps ||
			h.ActiveSeconds != w.ActiveSeconds || math.Abs(h.DistanceM-w.DistanceM) > 1e-3 {
			t.Fatalf("hour %d = %v %d steps, synth %v %d", i, h.Start, h.Steps, w.Start, w.Steps)
		}
	}

	// The streams split as the cache does give the same records.
	st := e.p.Streams()
	var days []wearnb.DayMoves
	var hours []wearnb.HourMoves
	for _, c := range r.Split(st[0].MaxDays) {
		bd, err := st[0].Fetch(t.Context(), e.HTTP, c)
		if err != nil {
			t.Fatal(err)
		}
		bh, err := st[1].Fetch(t.Context(), e.HTTP, c)
		if err != nil {
			t.Fatal(err)
		}
		if bd.Hours != nil || bh.Days != nil {
			t.Fatal("a stream returned records of the other kind")
		}
		days, hours = append(days, bd.Days...), append(hours, bh.Hours...)
	}
	if !reflect.DeepEqual(days, b.Days) || !reflect.DeepEqual(hours, b.Hours) {
		t.Errorf("chunked streams: %d days %d hours; one fetch %d, %d", len(days), len(hours), len(b.Days), len(b.Hours))
	}
}

func TestSandboxSleeps(t *testing.T) {
	e := newEnv(t)
	r := wearnb.Range{From: wearnb.MustDate("2023-12-20"), To: wearnb.MustDate("2024-01-20")}
	b, err := e.client().FetchSleeps(t.Context(), r)
	if err != nil {
		t.Fatal(err)
	}
	want := synth.Default().Sleeps(r)
	if len(b.Sleeps) != len(want) || len(want) < 28 {
		t.Fatalf("%d sleeps, synth has %d", len(b.Sleeps), len(want))
	}
	// One list page plus one ticks request per sleep.
	ticks := 0
	for _, p := range e.Paths() {
		if strings.HasSuffix(p, "/ticks") {
			ticks++
		}
	}
	if ticks != len(want) || len(b.Raw) != e.Server.Requests(sandbox.Jawbone) {
		t.Errorf("%d ticks requests for %d sleeps; %d raw pages, %d requests", ticks, len(want), len(b.Raw), e.Server.Requests(sandbox.Jawbone))
	}
	for i, s := range b.Sleeps {
		w := want[i]
		if !s.Start.Equal(w.Start) || !s.End.Equal(w.End) || offsetOf(s.Start) != offsetOf(w.Start) || s.Date != w.Date ||
			s.IsMain != w.IsMain || s.Deep != w.Deep || s.Asleep != w.Asleep || s.Latency != w.Latency || s.InBed != w.InBed {
			t.Fatalf("sleep %d = %+v\nsynth %+v", i, s, w)
		}
		// Jawbone has no REM: synth REM is reported as light.
		if s.Light != w.Light+w.REM || s.REM != 0 {
			t.Errorf("sleep %d light %v, synth light+REM %v", i, s.Light, w.Light+w.REM)
		}
		sum := checkTiling(t, s.Stages, s.Start, s.End)
		// The wake ticks are the latency and the wake after onset (Awake).
		if sum[wearnb.StageDeep] != w.Deep || sum[wearnb.StageLight] != w.Light+w.REM || sum[wearnb.StageWake] != w.Latency+w.Awake {
			t.Errorf("sleep %d stage totals %v", i, sum)
		}
	}
}

func TestSandboxEmptyRanges(t *testing.T) {
	e := newEnv(t)
	for _, r := range []wearnb.Range{
		{From: wearnb.MustDate("2015-01-01"), To: wearnb.MustDate("2015-01-31")},
		{From: wearnb.MustDate("2030-01-01"), To: wearnb.MustDate("2030-01-02")},
	} {
		m, err := e.client().FetchMoves(t.Context(), r)
		if err != nil {
			t.Fatalf("moves %v: %v", r, err)
		}
		s, err := e.client().FetchSleeps(t.Context(), r)
		if err != nil {
			t.Fatalf("sleeps %v: %v", r, err)
		}
		if len(m.Days)+len(m.Hours)+len(s.Sleeps) != 0 || len(m.Raw) != 1 || len(s.Raw) != 1 {
			t.Errorf("%v: %d days %d hours %d sleeps, %d+%d pages", r, len(m.Days), len(m.Hours), len(s.Sleeps), len(m.Raw), len(s.Raw))
		}
	}
	if _, err := e.client().Moves(t.Context(), wearnb.Range{From: wearnb.MustDate("2024-01-02"), To: wearnb.MustDate("2024-01-01")}); err == nil {
		t.Error("reversed range gave no error")
	}
}

// TestSandboxFaults injects each fault into the list pages and the ticks
// requests and checks that the normalized result, and the raw pages kept,
// equal the fault-free run.
func TestSandboxFaults(t *testing.T) {
	r := wearnb.Range{From: wearnb.MustDate("2024-01-01"), To: wearnb.MustDate("2024-01-10")}
	clean := newEnv(t, jawbone.WithFetchOptions())
	want, err := clean.client().FetchSleeps(t.Context(), r)
	if err != nil {
		t.Fatal(err)
	}
	wantMoves, err := clean.client().FetchMoves(t.Context(), wearnb.Range{From: wearnb.MustDate("2023-06-01"), To: wearnb.MustDate("2024-01-10")})
	if err != nil {
		t.Fatal(err)
	}
	if len(wantMoves.Raw) < 3 {
		t.Fatalf("want several moves pages, got %d", len(wantMoves.Raw))
	}
	for _, f := range sandboxtest.TransientFaults() {
		t.Run(f.String(), func(t *testing.T) {
			e := newEnv(t)
			fl := e.Server.Faults(sandbox.Jawbone)
			fl.SetRetryAfter(3 * time.Second)
			// The list page once, the first ticks twice, the fifth once.
			e.Before(func(n int, _ *http.Request) {
				switch n {
				case 1, 3, 4, 8:
					fl.Next(f, 1)
				}
			})
			got, err := e.client().FetchSleeps(t.Context(), r)
			if err != nil {
				t.Fatal(err)
			}
			if fl.Injected() != 4 || len(e.Clock.Waits()) != 4 {
				t.Errorf("%d faults injected, %d waits; want 4", fl.Injected(), len(e.Clock.Waits()))
			}
			if !reflect.DeepEqual(got.Sleeps, want.Sleeps) {
				t.Errorf("sleeps differ from the fault-free run")
			}
			if len(got.Raw) != len(want.Raw) {
				t.Fatalf("%d raw pages, want %d", len(got.Raw), len(want.Raw))
			}
			for i := range got.Raw {
				if string(got.Raw[i].Body) != string(want.Raw[i].Body) || got.Raw[i].URL != strings.Replace(want.Raw[i].URL, clean.Server.URL(), e.Server.URL(), 1) {
					t.Errorf("raw page %d differs", i)
				}
			}
			if f == sandbox.FaultRateLimit {
				for _, w := range e.Clock.Waits() {
					if w != 3*time.Second {
						t.Errorf("waited %v, want the Retry-After 3s", w)
					}
				}
			}

			// Moves: fail the second and third list pages.
			e.Before(func(n int, _ *http.Request) {
				if n == 2 || n == 4 {
					fl.Next(f, 1)
				}
			})
			gotMoves, err := e.client().FetchMoves(t.Context(), wearnb.Range{From: wearnb.MustDate("2023-06-01"), To: wearnb.MustDate("2024-01-10")})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(gotMoves.Days, wantMoves.Days) || !reflect.DeepEqual(gotMoves.Hours, wantMoves.Hours) || fl.Injected() != 6 {
				t.Errorf("moves differ from the fault-free run (%d faults): %d/%d days, %d/%d hours", fl.Injected(), len(gotMoves.Days), len(wantMoves.Days), len(gotMoves.Hours), len(wantMoves.Hours))
				for i := range gotMoves.Days {
					if gotMoves.Days[i] != wantMoves.Days[i] {
						t.Errorf("day %d: %+v vs %+v", i, gotMoves.Days[i], wantMoves.Days[i])
						break
					}
				}
				for i := range gotMoves.Hours {
					if gotMoves.Hours[i] != wantMoves.Hours[i] {
						t.Errorf("hour %d: %+v vs %+v", i, gotMoves.Hours[i], wantMoves.Hours[i])
						break
					}
				}
			}
		})
	}
}

func TestSandboxErrors(t *testing.T) {
	e := newEnv(t, jawbone.WithFetchOptions(fetch.WithMaxRetries(1)))
	r := wearnb.Range{From: wearnb.MustDate("2024-01-01"), To: wearnb.MustDate("2024-01-03")}
	bad := &http.Client{Transport: &oauth2.Transport{Source: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "bogus-token-0123456789abcdefghij"})}}
	_, err := e.p.Client(bad).FetchMoves(t.Context(), r)
	var ae *fetch.APIError
	if !errors.Is(err, fetch.ErrUnauthorized) || !errors.As(err, &ae) || ae.Code != "authentication_error" || ae.Endpoint != "moves" ||
		!strings.HasPrefix(err.Error(), "jawbone: moves 2024-01-01..2024-01-03: ") || strings.Contains(err.Error(), "0123456789abcdefghij") {
		t.Errorf("bad token: %v", err)
	}
	e.Server.Faults(sandbox.Jawbone).Next(sandbox.FaultServerError, 2)
	if _, err := e.client().FetchSleeps(t.Context(), r); !errors.As(err, &ae) || ae.StatusCode != 500 {
		t.Errorf("persistent 500: %v", err)
	}
	e.Server.Faults(sandbox.Jawbone).Always(sandbox.FaultGone)
	if _, err := e.client().Sleeps(t.Context(), r); !errors.Is(err, fetch.ErrGone) {
		t.Errorf("gone: %v", err)
	}
	e.Server.Faults(sandbox.Jawbone).Clear()
	if _, err := e.client().Ticks(t.Context(), "no-such-sleep"); !errors.As(err, &ae) || ae.StatusCode != 404 {
		t.Errorf("unknown xid: %v", err)
	}
}
