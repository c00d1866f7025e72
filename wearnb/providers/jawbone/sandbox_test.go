package jawbone_test

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/fetch"
	"wearnb.dev/wearnb/internal/sandboxtest"
	"wearnb.dev/wearnb/providers/base"
	"wearnb.dev/wearnb/providers/jawbone"
	"wearnb.dev/wearnb/sandbox"
	"wearnb.dev/wearnb/sandbox/synth"
)

var sandboxNow = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// env is a running sandbox with a Jawbone provider whose waits between
// retries are recorded (e.Clock.Waits) instead of slept. Auth, empty
// ranges, faults and errors are checked for every provider by the registry
// test (../registry_test.go); these tests check what Jawbone's pages say
// against the synthetic person. The sandbox clock
// stands still, so that pages fetched with retries carry the same meta.time
// as pages fetched without.
type env struct {
	*sandboxtest.Env
	p *jawbone.Provider
}

func newEnv(t *testing.T, opts ...jawbone.Option) env {
	e := sandboxtest.New(t, sandbox.Jawbone, jawbone.Scopes, sandboxtest.At(sandboxNow), sandboxtest.FrozenClock())
	return env{e, jawbone.Sandbox(e.URL, append([]jawbone.Option{base.WithFetchOptions(e.FetchOptions()...)}, opts...)...)}
}

func (e env) client() *jawbone.Client { return e.p.Client(e.HTTP) }

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
	b, err := e.client().Moves(t.Context(), r)
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
			math.Abs(d.DistanceM.Or(math.NaN())-w.DistanceM.Or(0)) > 1e-3 || math.Abs(d.CaloriesKcal.Or(math.NaN())-w.CaloriesKcal.Or(0)) > 1e-3 ||
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
		if h.Steps.Or(0) > 0 {
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
		if h.Steps.Or(0) > 0 && plain(wearnb.DateOf(h.Start)) {
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
			h.ActiveSeconds != w.ActiveSeconds || math.Abs(h.DistanceM.Or(math.NaN())-w.DistanceM.Or(0)) > 1e-3 {
			t.Fatalf("hour %v = %v %v steps, synth %v %v", i, h.Start, h.Steps, w.Start, w.Steps)
		}
	}

	// The "moves" stream, split as the cache does, gives the same days and
	// hours from one fetch of each chunk; Days and Hours give each kind
	// alone from the same pages.
	st := e.p.Streams()[0]
	if st.Name != "moves" || !st.Yields(wearnb.KindDayMoves) || !st.Yields(wearnb.KindHourlyMoves) {
		t.Fatalf("first stream %+v", st)
	}
	var days []wearnb.DayMoves
	var hours []wearnb.HourMoves
	requests, pages := e.Server.Requests(sandbox.Jawbone), 0
	for _, c := range r.Split(st.MaxDays) {
		b, err := st.Fetch(t.Context(), e.HTTP, c)
		if err != nil {
			t.Fatal(err)
		}
		if b.Sleeps != nil {
			t.Fatal("the moves stream returned sleeps")
		}
		days, hours = append(days, b.Days...), append(hours, b.Hours...)
		pages += len(b.Raw)
	}
	if !reflect.DeepEqual(days, b.Days) || !reflect.DeepEqual(hours, b.Hours) {
		t.Errorf("chunked stream: %d days %d hours; one fetch %d, %d", len(days), len(hours), len(b.Days), len(b.Hours))
	}
	if n := e.Server.Requests(sandbox.Jawbone) - requests; n != pages {
		t.Errorf("%d requests for %d pages: the moves pages are fetched once for days and hours", n, pages)
	}
	d, err := e.client().Days(t.Context(), r)
	if err != nil || !reflect.DeepEqual(d.Days, b.Days) || d.Hours != nil || len(d.Raw) != len(b.Raw) {
		t.Errorf("Days: %v, %d days, hours %v", err, len(d.Days), d.Hours != nil)
	}
	h, err := e.client().Hours(t.Context(), r)
	if err != nil || !reflect.DeepEqual(h.Hours, b.Hours) || h.Days != nil {
		t.Errorf("Hours: %v, %d hours, days %v", err, len(h.Hours), h.Days != nil)
	}
}

func TestSandboxSleeps(t *testing.T) {
	e := newEnv(t)
	r := wearnb.Range{From: wearnb.MustDate("2023-12-20"), To: wearnb.MustDate("2024-01-20")}
	b, err := e.client().Sleeps(t.Context(), r)
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
		if s.Light != wearnb.Sum(w.Light, w.REM) || s.REM != wearnb.Some(time.Duration(0)) {
			t.Errorf("sleep %d light %v, synth light+REM %v", i, s.Light, wearnb.Sum(w.Light, w.REM))
		}
		sum := checkTiling(t, s.Stages, s.Start, s.End)
		// The wake ticks are the latency and the wake after onset (Awake).
		if wearnb.Some(sum[wearnb.StageDeep]) != w.Deep || wearnb.Some(sum[wearnb.StageLight]) != wearnb.Sum(w.Light, w.REM) ||
			wearnb.Some(sum[wearnb.StageWake]) != wearnb.Sum(w.Latency, w.Awake) {
			t.Errorf("sleep %d stage totals %v", i, sum)
		}
	}
}

// Ticks of a sleep the sandbox does not know: Jawbone's 404.
func TestSandboxUnknownTicks(t *testing.T) {
	e := newEnv(t)
	var ae *fetch.APIError
	if _, err := e.client().Ticks(t.Context(), "no-such-sleep"); !errors.As(err, &ae) || ae.StatusCode != 404 {
		t.Errorf("unknown xid: %v", err)
	}
}
