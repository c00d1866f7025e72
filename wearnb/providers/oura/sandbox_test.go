package oura_test

import (
	"reflect"
	"testing"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/internal/sandboxtest"
	"wearnb.dev/wearnb/providers/base"
	"wearnb.dev/wearnb/providers/oura"
	"wearnb.dev/wearnb/sandbox"
	"wearnb.dev/wearnb/sandbox/synth"
)

// sandboxNow pins the sandbox clock, so "today" and every answer are the
// same on every run.
var sandboxNow = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// env is a running sandbox with an Oura provider that never really sleeps:
// waits between retries are recorded (e.Clock.Waits) and advance the
// sandbox clock. Auth, empty ranges, faults and errors are checked for
// every provider by the registry test (../registry_test.go); these tests
// check what Oura's pages say against the synthetic person.
type env struct {
	*sandboxtest.Env
	p *oura.Provider
}

func newEnv(t *testing.T, opts ...oura.Option) env {
	e := sandboxtest.New(t, sandbox.Oura, []string{"daily", "heartrate", "personal"}, sandboxtest.At(sandboxNow))
	return env{e, oura.Sandbox(e.URL, append([]oura.Option{base.WithFetchOptions(e.FetchOptions()...)}, opts...)...)}
}

func (e env) client() *oura.Client { return e.p.Client(e.HTTP) }

// sleepLevels sums a synthetic sleep's stages the way Oura reports them.
func asleepOf(s wearnb.Sleep) time.Duration {
	var d time.Duration
	for _, st := range s.Stages {
		if st.Level.IsSleep() {
			d += st.Duration
		}
	}
	return d
}

func TestSandboxSleepAcrossYears(t *testing.T) {
	e := newEnv(t)
	r := wearnb.Range{From: wearnb.MustDate("2022-11-01"), To: wearnb.MustDate("2024-04-30")}
	b, err := e.client().Sleeps(t.Context(), r)
	if err != nil {
		t.Fatal(err)
	}
	want := synth.Default().Sleeps(r)
	if len(b.Sleeps) != len(want) || len(want) < 500 {
		t.Fatalf("got %d sleeps, synth has %d", len(b.Sleeps), len(want))
	}
	// 50 documents per page: the chunk must have followed every next_token.
	if pages := (len(want) + 2 + 49) / 50; len(b.Raw) < pages-1 || e.Server.Requests(sandbox.Oura) != len(b.Raw) {
		t.Errorf("%d raw pages, %d requests, want about %d pages", len(b.Raw), e.Server.Requests(sandbox.Oura), pages)
	}
	years := map[int]bool{}
	for i, s := range b.Sleeps {
		w := want[i]
		if !s.Start.Equal(w.Start) || !s.End.Equal(w.End) || offsetOf(s.Start) != offsetOf(w.Start) ||
			offsetOf(s.End) != offsetOf(w.End) || s.Date != w.Date || s.IsMain != w.IsMain {
			t.Fatalf("sleep %d = %v..%v %v main=%v, synth %v..%v %v main=%v", i, s.Start, s.End, s.Date, s.IsMain, w.Start, w.End, w.Date, w.IsMain)
		}
		if s.Asleep != wearnb.Some(asleepOf(w)) {
			t.Fatalf("sleep %d asleep %v, synth %v", i, s.Asleep, asleepOf(w))
		}
		if s.Provider != "oura" || s.SourceID == "" || len(s.Stages) == 0 {
			t.Fatalf("sleep %d = %+v", i, s)
		}
		stageTotals(t, s.Stages, s.Start, s.End)
		years[s.Date.Year] = true
	}
	if len(years) != 3 {
		t.Errorf("years covered %v", years)
	}

	// The stream, chunked by MaxDays as the cache does, gives the same
	// sleeps: the day filter keeps chunk borders free of duplicates.
	st := e.p.Streams()[0]
	var chunked []wearnb.Sleep
	for _, c := range r.Split(st.MaxDays) {
		b, err := st.Fetch(t.Context(), e.HTTP, c)
		if err != nil {
			t.Fatal(err)
		}
		chunked = append(chunked, b.Sleeps...)
	}
	if !reflect.DeepEqual(chunked, b.Sleeps) {
		t.Errorf("chunked stream gave %d sleeps, one fetch %d", len(chunked), len(b.Sleeps))
	}
}

func TestSandboxDailyActivity(t *testing.T) {
	e := newEnv(t)
	r := wearnb.Range{From: wearnb.MustDate("2023-12-01"), To: wearnb.MustDate("2024-03-31")}
	b, err := e.client().Days(t.Context(), r)
	if err != nil {
		t.Fatal(err)
	}
	want := synth.Default().Days(r)
	if len(b.Days) != len(want) || len(want) < 100 {
		t.Fatalf("got %d days, synth has %d", len(b.Days), len(want))
	}
	for i, d := range b.Days {
		w := want[i]
		// UTCOffset is taken at Oura's 04:00 day start, so on a DST day it
		// is the offset after the change; synth gives the midnight one.
		from, to := synth.Default().DaySpan(d.Date)
		dst := to.Sub(from) != 24*time.Hour
		if d.Date != w.Date || !d.Steps.OK() || d.Steps != w.Steps || d.Provider != "oura" || d.SourceID == "" || (d.UTCOffset != w.UTCOffset && !dst) {
			t.Fatalf("day %d = %+v, synth %+v", i, d, w)
		}
		if i > 0 && !b.Days[i-1].Date.Before(d.Date) {
			t.Fatalf("days out of order at %d", i)
		}
	}
	docs, err := e.client().DailyActivityDocs(t.Context(), wearnb.Range{From: r.From, To: r.From})
	if err != nil || len(docs) != 1 {
		t.Fatalf("one day: %d docs, %v", len(docs), err)
	}
	hours, err := docs[0].Hours()
	if err != nil {
		t.Fatal(err)
	}
	// class_5_min covers the 24 hours from the 04:00 timestamp; met carries
	// its own timestamp and may cover other hours.
	classHours := 0
	for _, h := range hours {
		if c := h.NonWear + h.Rest + h.Inactive + h.Active(); c > 0 {
			classHours++
			if c != time.Hour {
				t.Errorf("hour %v has %v of classes", h.Start, c)
			}
		}
	}
	if classHours != 24 {
		t.Errorf("hours of %v with classes: %d, want 24", r.From, classHours)
	}
}

func TestSandboxDailySleepAndHeartRate(t *testing.T) {
	e := newEnv(t)
	r := wearnb.Range{From: wearnb.MustDate("2022-01-01"), To: wearnb.MustDate("2024-12-31")}
	ds, err := e.client().DailySleepDocs(t.Context(), r)
	if err != nil {
		t.Fatal(err)
	}
	// Three years at 50 documents per page: every next_token followed.
	if n := e.Server.Requests(sandbox.Oura); n < len(ds)/50 || len(ds) < 1000 {
		t.Errorf("%d daily_sleep documents in %d requests", len(ds), n)
	}
	for i := 1; i < len(ds); i++ {
		if !ds[i-1].Day.Before(ds[i].Day.Date) {
			t.Fatalf("daily_sleep %d: %v after %v (duplicate or out of order)", i, ds[i].Day, ds[i-1].Day)
		}
	}
	mains := 0
	for _, s := range synth.Default().Sleeps(r) {
		if s.IsMain {
			mains++
		}
	}
	if len(ds) != mains || mains == 0 {
		t.Errorf("%d daily_sleep documents, %d main sleeps", len(ds), mains)
	}
	for _, d := range ds {
		if d.Score == nil || *d.Score < 1 || *d.Score > 100 || !r.Contains(d.Day.Date) {
			t.Errorf("daily_sleep %+v", d)
		}
	}

	from := time.Date(2024, 1, 10, 0, 0, 0, 0, time.UTC)
	to := from.Add(10 * 24 * time.Hour)
	e.Server.ResetRequests(sandbox.Oura)
	hr, err := e.client().HeartRateDocs(t.Context(), from, to)
	if err != nil {
		t.Fatal(err)
	}
	// The sandbox samples every 5 minutes, 1000 per page (2880 slots: 3
	// pages), skipping the minutes the synthetic ring was off.
	wantHR := synth.Default().HeartRate(from, to, 5*time.Minute)
	if len(hr) != len(wantHR) || len(hr) < 2500 || e.Server.Requests(sandbox.Oura) != 3 {
		t.Errorf("%d readings in %d requests, want %d in 3", len(hr), e.Server.Requests(sandbox.Oura), len(wantHR))
	}
	for i, h := range hr {
		if h.Timestamp.Before(from) || !h.Timestamp.Before(to) || h.BPM == nil || *h.BPM < 30 || *h.BPM > 220 {
			t.Fatalf("reading %d = %+v", i, h)
		}
		if i > 0 && !hr[i-1].Timestamp.Before(h.Timestamp.Time) {
			t.Fatalf("readings out of order at %d", i)
		}
	}
}
