package providers_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/fetch"
	"wearnb.dev/wearnb/internal/sandboxtest"
	"wearnb.dev/wearnb/providers"
	"wearnb.dev/wearnb/providers/base"
	"wearnb.dev/wearnb/providers/fitbit"
	"wearnb.dev/wearnb/sandbox"
)

// TestRegistry walks the registry and checks every provider the same way
// against the sandbox: its auth (real and sandboxed), the base options, its
// streams, empty and invalid ranges, transient faults and errors. The
// checks need nothing but the registry entry and the sandbox flavour of
// the same name; what a provider's row in wants adds are the literal values
// (endpoints, error codes, page counts) that pin today's behaviour.
func TestRegistry(t *testing.T) {
	if len(providers.All()) < 4 {
		t.Fatalf("registry has %d providers", len(providers.All()))
	}
	for _, e := range providers.All() {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel()
			w := wants[e.Name]
			t.Run("auth", func(t *testing.T) { testAuth(t, e, w) })
			t.Run("options", func(t *testing.T) { testOptions(t, e) })
			t.Run("streams", func(t *testing.T) { testStreams(t, e, w) })
			t.Run("empty ranges", func(t *testing.T) { testEmptyRanges(t, e, w) })
			t.Run("faults", func(t *testing.T) { testFaults(t, e, w) })
			t.Run("errors", func(t *testing.T) { testErrors(t, e, w) })
		})
	}
	for name := range wants {
		if _, err := providers.Lookup(name); err != nil {
			t.Errorf("wants has a row for %q, which the registry lacks", name)
		}
	}
}

// want is what the registry test pins for one provider.
type want struct {
	display  string
	real     wearnb.Auth // New().Auth()
	realBase string      // New().BaseURL()
	// sandbox is Sandbox("http://127.0.0.1:1234/").Auth(), sandboxBase its
	// BaseURL.
	sandbox     wearnb.Auth
	sandboxBase string
	streams     []string // "name/kind[+also...]/MaxDays", in order
	// opts are given to Sandbox in the data subtests (Fitbit: the person's
	// zones, so no profile request comes first).
	opts func(e *sandboxtest.Env) []base.Option
	// frozen keeps the sandbox clock still while the client waits, for a
	// format whose pages carry the server's time (Jawbone's meta.time), so
	// that pages fetched with and without retries are the same. Otherwise
	// the waits move it, as they move the time of a real server (Fitbit's
	// rate-limit window must pass).
	frozen bool
	// emptyPages: requests (raw pages) per stream for a range before any
	// data.
	emptyPages map[string]int
	// refusesBadRange: a zero or reversed range is an error; otherwise it
	// is an empty batch fetched with no request.
	refusesBadRange bool
	// unauthorized: a bad token on the first stream over badTokenRange.
	badTokenRange wearnb.Range
	unauthorized  fetch.APIError // Endpoint, Code and Message compared
	errPrefix     string         // the error text starts with it
	// gone is what a 410 also matches beside fetch.ErrGone, and goneText
	// what its message names.
	gone     error
	goneText string
}

func rangeOf(from, to string) wearnb.Range {
	return wearnb.Range{From: wearnb.MustDate(from), To: wearnb.MustDate(to)}
}

var wants = map[string]want{
	"oura": {
		display: "Oura",
		real: wearnb.Auth{
			Endpoint:  oauth2.Endpoint{AuthURL: "https://cloud.ouraring.com/oauth/authorize", TokenURL: "https://api.ouraring.com/oauth/token", AuthStyle: oauth2.AuthStyleInParams},
			RevokeURL: "https://api.ouraring.com/oauth/revoke",
			Revoke:    wearnb.RevokeStyle{Param: "access_token", Access: true, GetFallback: true, NoClientAuth: true},
			Scopes:    []string{"daily", "heartrate", "personal"},
		},
		realBase: "https://api.ouraring.com",
		sandbox: wearnb.Auth{
			Endpoint:  oauth2.Endpoint{AuthURL: "http://127.0.0.1:1234/oura/oauth/authorize", TokenURL: "http://127.0.0.1:1234/oura/oauth/token", AuthStyle: oauth2.AuthStyleInParams},
			RevokeURL: "http://127.0.0.1:1234/oura/oauth/revoke",
			Revoke:    wearnb.RevokeStyle{Param: "access_token", Access: true, GetFallback: true, NoClientAuth: true},
			Scopes:    []string{"daily", "heartrate", "personal"},
		},
		sandboxBase:     "http://127.0.0.1:1234/oura",
		streams:         []string{"sleep/sleeps+vitals/90", "daily_activity/day_moves/90", "heartrate/heart_rate/30"},
		emptyPages:      map[string]int{"sleep": 1, "daily_activity": 1, "heartrate": 1},
		refusesBadRange: true,
		badTokenRange:   rangeOf("2024-01-01", "2024-01-07"),
		unauthorized:    fetch.APIError{Endpoint: "sleep", Code: "Unauthorized", Message: "Invalid or malformed access token"},
		errPrefix:       "oura: sleep 2024-01-01..2024-01-07: ",
	},
	"jawbone": {
		display: "Jawbone UP",
		real: wearnb.Auth{
			Endpoint:  oauth2.Endpoint{AuthURL: "https://jawbone.com/auth/oauth2/auth", TokenURL: "https://jawbone.com/auth/oauth2/token", AuthStyle: oauth2.AuthStyleInParams},
			RevokeURL: "https://jawbone.com/nudge/api/v.1.0/users/@me/PartnerAppMembership",
			Revoke:    wearnb.RevokeStyle{Delete: true},
			Scopes:    []string{"basic_read", "extended_read", "move_read", "sleep_read", "heartrate_read"},
		},
		realBase: "https://jawbone.com/nudge/api/v.1.1",
		sandbox: wearnb.Auth{
			Endpoint:  oauth2.Endpoint{AuthURL: "http://127.0.0.1:1234/jawbone/auth/oauth2/auth", TokenURL: "http://127.0.0.1:1234/jawbone/auth/oauth2/token", AuthStyle: oauth2.AuthStyleInParams},
			RevokeURL: "http://127.0.0.1:1234/jawbone/nudge/api/v.1.0/users/@me/PartnerAppMembership",
			Revoke:    wearnb.RevokeStyle{Delete: true},
			Scopes:    []string{"basic_read", "extended_read", "move_read", "sleep_read", "heartrate_read"},
		},
		sandboxBase:     "http://127.0.0.1:1234/jawbone/nudge/api/v.1.1",
		streams:         []string{"moves/day_moves+hourly_moves/92", "sleeps/sleeps/92"},
		frozen:          true,
		emptyPages:      map[string]int{"moves": 2, "sleeps": 1}, // moves: the moves page and the heartrates page
		refusesBadRange: true,
		badTokenRange:   rangeOf("2024-01-01", "2024-01-03"),
		unauthorized:    fetch.APIError{Endpoint: "moves", Code: "authentication_error"},
		errPrefix:       "jawbone: moves 2024-01-01..2024-01-03: ",
	},
	"googlehealth": {
		display: "Google Health",
		real: wearnb.Auth{
			Endpoint:  oauth2.Endpoint{AuthURL: "https://accounts.google.com/o/oauth2/v2/auth", TokenURL: "https://oauth2.googleapis.com/token", AuthStyle: oauth2.AuthStyleInParams},
			RevokeURL: "https://oauth2.googleapis.com/revoke",
			Revoke:    wearnb.RevokeStyle{NoClientAuth: true},
			Scopes:    []string{"https://www.googleapis.com/auth/googlehealth.sleep.readonly", "https://www.googleapis.com/auth/googlehealth.activity_and_fitness.readonly", "https://www.googleapis.com/auth/googlehealth.health_metrics_and_measurements.readonly"},
			PKCE:      true,
			// Without them Google issues no refresh token.
			AuthParams: map[string]string{"access_type": "offline", "prompt": "consent"},
		},
		realBase: "https://health.googleapis.com",
		sandbox: wearnb.Auth{
			Endpoint:   oauth2.Endpoint{AuthURL: "http://127.0.0.1:1234/googlehealth/o/oauth2/auth", TokenURL: "http://127.0.0.1:1234/googlehealth/token", AuthStyle: oauth2.AuthStyleInParams},
			RevokeURL:  "http://127.0.0.1:1234/googlehealth/revoke",
			Revoke:     wearnb.RevokeStyle{NoClientAuth: true},
			Scopes:     []string{"https://www.googleapis.com/auth/googlehealth.sleep.readonly", "https://www.googleapis.com/auth/googlehealth.activity_and_fitness.readonly", "https://www.googleapis.com/auth/googlehealth.health_metrics_and_measurements.readonly"},
			PKCE:       true,
			AuthParams: map[string]string{"access_type": "offline", "prompt": "consent"},
		},
		sandboxBase: "http://127.0.0.1:1234/googlehealth",
		streams:     []string{"sleep/sleeps/365", "steps/hourly_moves/14", "days/day_moves/84", "heart-rate/heart_rate/7", "vitals/vitals/365"},
		// days: 84 days of roll-ups (1 steps, 1 distance, 6 total-calories,
		// 6 active-minutes) and the resting heart rate's list.
		emptyPages:    map[string]int{"sleep": 1, "steps": 1, "days": 15, "heart-rate": 1, "vitals": 3},
		badTokenRange: rangeOf("2024-10-01", "2024-11-03"),
		unauthorized:  fetch.APIError{Endpoint: "sleep", Code: "UNAUTHENTICATED"},
	},
	"fitbit": {
		display: "Fitbit",
		real: wearnb.Auth{
			Endpoint:  oauth2.Endpoint{AuthURL: "https://www.fitbit.com/oauth2/authorize", TokenURL: "https://api.fitbit.com/oauth2/token", AuthStyle: oauth2.AuthStyleInHeader},
			RevokeURL: "https://api.fitbit.com/oauth2/revoke",
			Scopes:    []string{"sleep", "activity", "heartrate", "profile", "respiratory_rate", "temperature"},
			PKCE:      true,
		},
		realBase: "https://api.fitbit.com",
		sandbox: wearnb.Auth{
			Endpoint:  oauth2.Endpoint{AuthURL: "http://127.0.0.1:1234/fitbit/oauth2/authorize", TokenURL: "http://127.0.0.1:1234/fitbit/oauth2/token", AuthStyle: oauth2.AuthStyleInHeader},
			RevokeURL: "http://127.0.0.1:1234/fitbit/oauth2/revoke",
			Scopes:    []string{"sleep", "activity", "heartrate", "profile", "respiratory_rate", "temperature"},
			PKCE:      true,
		},
		sandboxBase:   "http://127.0.0.1:1234/fitbit",
		streams:       []string{"sleep/sleeps/100", "days/day_moves/1095", "hours/hourly_moves/1", "heartrate/heart_rate/1", "vitals/vitals/30"},
		opts:          func(e *sandboxtest.Env) []base.Option { return []base.Option{fitbit.WithZones(e.Person.Zone)} },
		emptyPages:    map[string]int{"sleep": 1, "days": len(fitbit.DayResources) + 1, "hours": 1, "heartrate": 1, "vitals": 3},
		badTokenRange: rangeOf("2024-01-01", "2024-01-07"),
		unauthorized:  fetch.APIError{Endpoint: "sleep", Code: "invalid_token"},
		gone:          fitbit.ErrRetired,
		goneText:      "providers/googlehealth",
	},
}

// baseURLer is what every registry provider has beside wearnb.Provider
// (from base.Core).
type baseURLer interface{ BaseURL() string }

func baseURL(t *testing.T, p wearnb.Provider) string {
	t.Helper()
	b, ok := p.(baseURLer)
	if !ok {
		t.Fatalf("%s has no BaseURL method (embed base.Core)", p.Name())
	}
	return b.BaseURL()
}

// env starts the sandbox for provider e with a token for its default
// scopes and returns it with the sandboxed provider, whose waits are
// recorded (and move the sandbox's clock unless w.frozen) instead of slept.
func env(t *testing.T, e providers.Entry, w want, opts ...base.Option) (*sandboxtest.Env, wearnb.Provider) {
	t.Helper()
	var eo []sandboxtest.Option
	if w.frozen {
		eo = append(eo, sandboxtest.FrozenClock())
	}
	env := sandboxtest.New(t, e.Name, e.New().Auth().Scopes, eo...)
	all := []base.Option{base.WithFetchOptions(env.FetchOptions()...)}
	if w.opts != nil {
		all = append(all, w.opts(env)...)
	}
	return env, e.Sandbox(env.URL, append(all, opts...)...)
}

func testAuth(t *testing.T, e providers.Entry, w want) {
	p := e.New()
	if p.Name() != e.Name || e.DisplayName == "" || e.About == "" || providers.DisplayName(e.Name) != e.DisplayName {
		t.Errorf("entry %q: provider name %q, display name %q, about %q", e.Name, p.Name(), e.DisplayName, e.About)
	}
	a := p.Auth()
	if a.Endpoint.AuthURL == "" || a.Endpoint.TokenURL == "" || a.Endpoint.AuthStyle == oauth2.AuthStyleAutoDetect || len(a.Scopes) == 0 {
		t.Errorf("real Auth %+v: want both URLs, an explicit AuthStyle and scopes", a)
	}
	if w.display != "" {
		if e.DisplayName != w.display {
			t.Errorf("display name %q, want %q", e.DisplayName, w.display)
		}
		if !reflect.DeepEqual(a, w.real) || baseURL(t, p) != w.realBase {
			t.Errorf("real Auth = %+v, base %q\nwant %+v, base %q", a, baseURL(t, p), w.real, w.realBase)
		}
		sp := e.Sandbox("http://127.0.0.1:1234/")
		if got := sp.Auth(); !reflect.DeepEqual(got, w.sandbox) || baseURL(t, sp) != w.sandboxBase || sp.Name() != e.Name {
			t.Errorf("sandbox Auth = %+v, base %q\nwant %+v, base %q", got, baseURL(t, sp), w.sandbox, w.sandboxBase)
		}
	}

	// Auth hands out copies.
	a.Scopes[0] = "changed"
	for k := range a.AuthParams {
		a.AuthParams[k] = "changed"
	}
	if again := p.Auth(); !reflect.DeepEqual(again, e.New().Auth()) {
		t.Errorf("changing a returned Auth changed the provider: %+v", again)
	}

	// Sandbox points every URL at the sandbox's own endpoints for the
	// flavour, and changes nothing else.
	srv := sandbox.New(sandbox.Options{})
	const root = "http://127.0.0.1:1234"
	sa, real := e.Sandbox(root).Auth(), e.New().Auth()
	ep := srv.Endpoint(e.Name)
	if sa.Endpoint.AuthURL != root+ep.AuthURL || sa.Endpoint.TokenURL != root+ep.TokenURL || sa.Endpoint.AuthStyle != ep.AuthStyle {
		t.Errorf("sandbox endpoint %+v, the sandbox serves %+v under %s", sa.Endpoint, ep, root)
	}
	if sa.RevokeURL != root+srv.RevokeURL(e.Name) {
		t.Errorf("sandbox revoke URL %q, the sandbox serves %q", sa.RevokeURL, root+srv.RevokeURL(e.Name))
	}
	if b := baseURL(t, e.Sandbox(root)); !strings.HasPrefix(b, root+srv.APIBase(e.Name)) {
		t.Errorf("sandbox base %q is not below the sandbox's %q", b, root+srv.APIBase(e.Name))
	}
	if sa.Endpoint.AuthStyle != real.Endpoint.AuthStyle || !slices.Equal(sa.Scopes, real.Scopes) || sa.PKCE != real.PKCE || !reflect.DeepEqual(sa.AuthParams, real.AuthParams) {
		t.Errorf("sandbox Auth %+v differs from the real %+v beyond its URLs", sa, real)
	}
	// The sandbox knows the default scopes and issues tokens for them.
	if _, err := srv.IssueToken(e.Name, sandbox.DemoClientID, real.Scopes); err != nil {
		t.Errorf("the sandbox refuses the default scopes %v: %v", real.Scopes, err)
	}
}

// testOptions checks that the base options mean the same for every
// provider, before or after the sandbox's URLs.
func testOptions(t *testing.T, e providers.Entry) {
	ep := oauth2.Endpoint{AuthURL: "http://auth.test/authorize", TokenURL: "http://auth.test/token", AuthStyle: oauth2.AuthStyleInHeader}
	opts := []base.Option{
		base.WithBaseURL("http://api.test/v9/"), base.WithEndpoint(ep), base.WithRevokeURL("http://auth.test/revoke"),
		base.WithScopes("one", "two"),
	}
	real := e.New().Auth()
	for name, p := range map[string]wearnb.Provider{"New": e.New(opts...), "Sandbox": e.Sandbox("http://127.0.0.1:1234", opts...)} {
		a := p.Auth()
		if baseURL(t, p) != "http://api.test/v9" || a.Endpoint != ep || a.RevokeURL != "http://auth.test/revoke" ||
			!slices.Equal(a.Scopes, []string{"one", "two"}) || a.PKCE != real.PKCE || !reflect.DeepEqual(a.AuthParams, real.AuthParams) {
			t.Errorf("%s with options: base %q, Auth %+v", name, baseURL(t, p), a)
		}
	}
	a := e.New(base.WithAuthURL("http://auth.test/a"), base.WithTokenURL("http://auth.test/t")).Auth()
	if a.Endpoint.AuthURL != "http://auth.test/a" || a.Endpoint.TokenURL != "http://auth.test/t" || a.Endpoint.AuthStyle != real.Endpoint.AuthStyle || a.RevokeURL != real.RevokeURL {
		t.Errorf("WithAuthURL, WithTokenURL: %+v", a)
	}

	// Fetch options reach the provider's requests.
	traced := 0
	env, p := env(t, e, wants[e.Name], base.WithFetchOptions(fetch.WithTrace(func(*http.Request, *http.Response) { traced++ })))
	s := p.Streams()[0]
	if _, err := s.Fetch(t.Context(), env.HTTP, rangeOf("2024-01-01", "2024-01-02")); err != nil {
		t.Fatal(err)
	}
	if traced == 0 || traced != env.Server.Requests(e.Name) {
		t.Errorf("WithFetchOptions(WithTrace): %d traced, %d requests", traced, env.Server.Requests(e.Name))
	}
}

func streamString(s wearnb.Stream) string {
	kinds := []string{string(s.Kind)}
	for _, k := range s.Also {
		kinds = append(kinds, string(k))
	}
	return fmt.Sprintf("%s/%s/%d", s.Name, strings.Join(kinds, "+"), s.MaxDays)
}

func testStreams(t *testing.T, e providers.Entry, w want) {
	p := e.New()
	var _ wearnb.Provider = p
	st := p.Streams()
	var got []string
	names, from := map[string]bool{}, map[wearnb.Kind]string{}
	for _, s := range st {
		got = append(got, streamString(s))
		if s.Name == "" || names[s.Name] || s.Fetch == nil || s.MaxDays < 1 || s.Settles < 0 {
			t.Errorf("stream %+v: want a unique name, a Fetch, MaxDays >= 1, Settles >= 0", s)
		}
		names[s.Name] = true
		for _, k := range append([]wearnb.Kind{s.Kind}, s.Also...) {
			if !s.Yields(k) {
				t.Errorf("stream %s does not yield its own kind %s", s.Name, k)
			}
			if other, ok := from[k]; ok {
				t.Errorf("%s records come from two streams, %s and %s", k, other, s.Name)
			}
			from[k] = s.Name
		}
	}
	if from[wearnb.KindSleeps] == "" {
		t.Error("no stream yields sleeps")
	}
	if w.streams != nil && !reflect.DeepEqual(got, w.streams) {
		t.Errorf("streams %v, want %v", got, w.streams)
	}
	if !reflect.DeepEqual(got, func() (out []string) {
		for _, s := range e.Sandbox("http://127.0.0.1:1234").Streams() {
			out = append(out, streamString(s))
		}
		return out
	}()) {
		t.Error("the sandboxed provider has other streams")
	}
}

// records counts the normalized records of b that s does not yield (they
// must be none) and of every kind.
func records(s wearnb.Stream, b *wearnb.Batch) (foreign, all int) {
	for k, n := range map[wearnb.Kind]int{wearnb.KindSleeps: len(b.Sleeps), wearnb.KindDayMoves: len(b.Days), wearnb.KindHourlyMoves: len(b.Hours),
		wearnb.KindHeartRate: len(b.HeartRate), wearnb.KindVitals: len(b.Vitals)} {
		all += n
		if !s.Yields(k) {
			foreign += n
		}
	}
	return foreign, all
}

// firstChunk is r cut to the stream's MaxDays, as the cache would ask.
func firstChunk(s wearnb.Stream, r wearnb.Range) wearnb.Range { return r.Split(s.MaxDays)[0] }

func testEmptyRanges(t *testing.T, e providers.Entry, w want) {
	env, p := env(t, e, w)
	for _, r := range []wearnb.Range{
		rangeOf("2015-01-01", "2015-03-31"), // before any data
		rangeOf("2030-01-01", "2030-01-02"), // after "today"
	} {
		for _, s := range p.Streams() {
			before := env.Server.Requests(e.Name)
			c := firstChunk(s, r)
			b, err := s.Fetch(t.Context(), env.HTTP, c)
			if err != nil {
				t.Fatalf("%s %v: %v", s.Name, c, err)
			}
			n := env.Server.Requests(e.Name) - before
			if _, all := records(s, b); all != 0 || len(b.Raw) == 0 || len(b.Raw) != n {
				t.Errorf("%s %v: %d records, %d raw pages in %d requests", s.Name, c, all, len(b.Raw), n)
			}
			if want, ok := w.emptyPages[s.Name]; ok && r.From.Year == 2015 && n != want {
				t.Errorf("%s %v: %d requests, want %d", s.Name, c, n, want)
			}
		}
	}
	// A zero or reversed range: an error, or an empty batch without a
	// request, whose slices of the stream's kinds are empty but not nil.
	for _, r := range []wearnb.Range{{}, rangeOf("2024-01-02", "2024-01-01")} {
		for _, s := range p.Streams() {
			before := env.Server.Requests(e.Name)
			b, err := s.Fetch(t.Context(), env.HTTP, r)
			if n := env.Server.Requests(e.Name) - before; n != 0 && err == nil {
				t.Errorf("%s %v: %d requests for no days", s.Name, r, n)
			}
			switch {
			case w.refusesBadRange && err == nil:
				t.Errorf("%s %v: no error", s.Name, r)
			case err != nil && (!w.refusesBadRange && w.display != ""):
				t.Errorf("%s %v: %v, want an empty batch", s.Name, r, err)
			case err == nil:
				if _, all := records(s, b); all != 0 ||
					s.Yields(wearnb.KindSleeps) && b.Sleeps == nil || s.Yields(wearnb.KindDayMoves) && b.Days == nil || s.Yields(wearnb.KindHourlyMoves) && b.Hours == nil ||
					s.Yields(wearnb.KindHeartRate) && b.HeartRate == nil || s.Yields(wearnb.KindVitals) && b.Vitals == nil {
					t.Errorf("%s %v: batch %+v, want empty non-nil slices", s.Name, r, b)
				}
			}
		}
	}
}

// dataRange has data for every stream (several pages for most); a stream
// fetches its first chunk.
var dataRange = rangeOf("2024-01-01", "2024-03-31")

// testFaults injects every transient fault into each stream's fetch, twice
// before the first page and once before the second and the third, and
// checks that the batch equals the fault-free one: the same records, the
// same raw pages (bodies and URLs), one wait per fault (the Retry-After
// where the answer has one) and one extra request per fault.
func testFaults(t *testing.T, e providers.Entry, w want) {
	for _, f := range sandboxtest.TransientFaults() {
		t.Run(f.String(), func(t *testing.T) {
			env, p := env(t, e, w)
			fl := env.Server.Faults(e.Name)
			fl.SetRetryAfter(7 * time.Second)
			for _, s := range p.Streams() {
				c := firstChunk(s, dataRange)
				before := env.Server.Requests(e.Name)
				want, err := s.Fetch(t.Context(), env.HTTP, c)
				if err != nil {
					t.Fatalf("%s %v without faults: %v", s.Name, c, err)
				}
				clean := env.Server.Requests(e.Name) - before
				if foreign, all := records(s, want); foreign != 0 || all == 0 {
					t.Fatalf("%s %v: %d records, %d of kinds it does not yield", s.Name, c, all, foreign)
				}
				injected := map[bool]int{true: 2, false: 2 + min(clean-1, 2)}[clean == 1]
				fault := map[int]bool{1: true, 2: true, 4: clean >= 2, 6: clean >= 3}
				env.Before(func(n int, _ *http.Request) {
					if fault[n] {
						fl.Next(f, 1)
					}
				})
				waits, inj := len(env.Clock.Waits()), fl.Injected()
				before = env.Server.Requests(e.Name)
				got, err := s.Fetch(t.Context(), env.HTTP, c)
				env.Before(nil)
				if err != nil {
					t.Fatalf("%s %v under faults: %v", s.Name, c, err)
				}
				if n := fl.Injected() - inj; n != injected {
					t.Errorf("%s: %d faults injected, want %d", s.Name, n, injected)
				}
				if n := env.Server.Requests(e.Name) - before; n != clean+injected {
					t.Errorf("%s: %d requests under %d faults, %d without", s.Name, n, injected, clean)
				}
				if !reflect.DeepEqual(got.Sleeps, want.Sleeps) || !reflect.DeepEqual(got.Days, want.Days) || !reflect.DeepEqual(got.Hours, want.Hours) ||
					!reflect.DeepEqual(got.HeartRate, want.HeartRate) || !reflect.DeepEqual(got.Vitals, want.Vitals) {
					t.Errorf("%s: records differ from the fault-free run (%d/%d sleeps, %d/%d days, %d/%d hours, %d/%d heart rate, %d/%d vitals)", s.Name,
						len(got.Sleeps), len(want.Sleeps), len(got.Days), len(want.Days), len(got.Hours), len(want.Hours),
						len(got.HeartRate), len(want.HeartRate), len(got.Vitals), len(want.Vitals))
				}
				if len(got.Raw) != len(want.Raw) {
					t.Fatalf("%s: %d raw pages, want %d", s.Name, len(got.Raw), len(want.Raw))
				}
				for i := range got.Raw {
					if string(got.Raw[i].Body) != string(want.Raw[i].Body) || got.Raw[i].URL != want.Raw[i].URL {
						t.Errorf("%s: raw page %d differs from the fault-free one", s.Name, i)
					}
					if strings.Contains(got.Raw[i].URL, env.Token.AccessToken) {
						t.Errorf("%s: raw URL holds the token", s.Name)
					}
				}
				ws := env.Clock.Waits()[waits:]
				if len(ws) != injected {
					t.Errorf("%s: waited %d times, want %d: %v", s.Name, len(ws), injected, ws)
				}
				if f == sandbox.FaultRateLimit || f == sandbox.FaultUnavailable {
					for _, d := range ws {
						if d != 7*time.Second {
							t.Errorf("%s: waited %v, want the Retry-After 7s", s.Name, d)
						}
					}
				}
			}
		})
	}
}

func testErrors(t *testing.T, e providers.Entry, w want) {
	env, p := env(t, e, w, base.WithFetchOptions(fetch.WithMaxRetries(2)))
	r := w.badTokenRange
	if r.From.IsZero() {
		r = rangeOf("2024-01-01", "2024-01-07")
	}
	const secret = "0123456789abcdef"
	bad := env.WithToken("not-a-real-token-" + secret)
	for _, s := range p.Streams() {
		c := firstChunk(s, r)

		// A token the provider does not know.
		_, err := s.Fetch(t.Context(), bad, c)
		var ae *fetch.APIError
		if !errors.Is(err, fetch.ErrUnauthorized) || !errors.As(err, &ae) || ae.Provider != e.Name || ae.StatusCode != http.StatusUnauthorized {
			t.Errorf("%s, bad token: %v", s.Name, err)
		} else if strings.Contains(err.Error(), secret) || !strings.Contains(err.Error(), e.Name) {
			t.Errorf("%s, bad token: error text %q should name %s and hold no token", s.Name, err, e.Name)
		}
		if s.Name == p.Streams()[0].Name && w.display != "" && ae != nil {
			u := w.unauthorized
			if ae.Endpoint != u.Endpoint || ae.Code != u.Code || (u.Message != "" && ae.Message != u.Message) {
				t.Errorf("%s, bad token: %s %q %q, want %s %q %q", s.Name, ae.Endpoint, ae.Code, ae.Message, u.Endpoint, u.Code, u.Message)
			}
			if w.errPrefix != "" && !strings.HasPrefix(err.Error(), w.errPrefix) {
				t.Errorf("%s, bad token: error text %q, want it to start with %q", s.Name, err, w.errPrefix)
			}
		}

		// A 500 that outlasts the retries (2: three attempts).
		fl := env.Server.Faults(e.Name)
		inj := fl.Injected()
		fl.Next(sandbox.FaultServerError, 3)
		_, err = s.Fetch(t.Context(), env.HTTP, c)
		if !errors.As(err, &ae) || ae.StatusCode != http.StatusInternalServerError || fl.Injected()-inj != 3 {
			t.Errorf("%s, persistent 500: %v (%d faults)", s.Name, err, fl.Injected()-inj)
		}
		fl.Clear()

		// 410 Gone is not retried.
		fl.Always(sandbox.FaultGone)
		before := env.Server.Requests(e.Name)
		_, err = s.Fetch(t.Context(), env.HTTP, c)
		if !errors.Is(err, fetch.ErrGone) || (w.gone != nil && !errors.Is(err, w.gone)) || !strings.Contains(err.Error(), w.goneText) {
			t.Errorf("%s, gone: %v", s.Name, err)
		}
		if n := env.Server.Requests(e.Name) - before; n != 1 {
			t.Errorf("%s, gone: %d requests, want 1", s.Name, n)
		}
		fl.Clear()

		// A cancelled context.
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		if _, err := s.Fetch(ctx, env.HTTP, c); !errors.Is(err, context.Canceled) {
			t.Errorf("%s, cancelled context: %v", s.Name, err)
		}
	}
}
