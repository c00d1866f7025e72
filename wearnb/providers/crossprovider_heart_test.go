package providers_test

import (
	"context"
	"math"
	"net/http"
	"testing"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/internal/sandboxtest"
	"wearnb.dev/wearnb/providers"
	"wearnb.dev/wearnb/providers/base"
	"wearnb.dev/wearnb/providers/fitbit"
	"wearnb.dev/wearnb/sandbox"
	"wearnb.dev/wearnb/sandbox/synth"
)

// heartFormat is what one wire format carries of the person's heart rate
// and nightly vitals.
type heartFormat struct {
	every time.Duration // sampling of the heart-rate stream
	// local: samples carry the person's UTC offset, and are dated by local
	// date; otherwise (Oura) by UTC date, in UTC.
	local bool
	// context gives the context the format reports for a sample of the
	// person.
	context func(synth.HRSample) wearnb.HRContext
	// perSleep: vitals per sleep period, naps included, with the sleep's id
	// and start (Oura); otherwise per date of a main sleep, no id.
	perSleep bool
	// heart: the vitals carry the night's lowest and mean heart rate.
	heart bool
	// hrAvg, hrv: how far the mean heart rate and RMSSD may be from the
	// person's (the format's rounding); the other measures are exact up to
	// float arithmetic (1e-9).
	hrAvg, hrv float64
}

var heartFormats = map[string]heartFormat{
	// Oura: heartrate every 5 minutes, UTC only, source sleep/rest/awake;
	// average_heart_rate to 0.01 bpm, average_hrv a whole ms.
	"oura": {every: 5 * time.Minute, context: func(s synth.HRSample) wearnb.HRContext { return s.Context },
		perSleep: true, heart: true, hrAvg: 0.005 + 1e-9, hrv: 0.5 + 1e-9},
	// Fitbit: intraday at one minute on the local clock, no context;
	// dailyRmssd to 0.001 ms.
	"fitbit": {every: time.Minute, local: true, context: func(synth.HRSample) wearnb.HRContext { return wearnb.ContextUnknown },
		hrv: 0.0005},
	// Google Health: one-minute samples with utcOffset, motionContext
	// ACTIVE (awake) when moving; doubles as sent.
	"googlehealth": {every: time.Minute, local: true, context: func(s synth.HRSample) wearnb.HRContext {
		if s.Moving {
			return wearnb.ContextAwake
		}
		return wearnb.ContextUnknown
	}, hrv: 1e-9},
}

// fetchKind runs the streams of p yielding kind k over r, chunk by chunk,
// as the cache would, and returns their batches' records of that kind.
func fetchKind(t *testing.T, ctx context.Context, p wearnb.Provider, hc *http.Client, r wearnb.Range, k wearnb.Kind) *wearnb.Batch {
	t.Helper()
	out := &wearnb.Batch{}
	for _, s := range p.Streams() {
		if !s.Yields(k) {
			continue
		}
		for _, chunk := range r.Split(s.MaxDays) {
			b, err := s.Fetch(ctx, hc, chunk)
			if err != nil {
				t.Fatalf("%s %s %v: %v", p.Name(), s.Name, chunk, err)
			}
			for _, h := range b.HeartRate {
				if !chunk.Contains(h.Date()) {
					t.Errorf("%s %s %v: sample at %v is dated %v, outside the chunk", p.Name(), s.Name, chunk, h.Time, h.Date())
				}
			}
			for _, v := range b.Vitals {
				if !chunk.Contains(v.Date) {
					t.Errorf("%s %s %v: vitals of %v outside the chunk", p.Name(), s.Name, chunk, v.Date)
				}
			}
			out.Sleeps = append(out.Sleeps, b.Sleeps...)
			out.HeartRate = append(out.HeartRate, b.HeartRate...)
			out.Vitals = append(out.Vitals, b.Vitals...)
		}
	}
	return out
}

// TestSameHeartThroughEveryFormat serves the synthetic person's heart rate
// and nightly vitals through the sandbox in each provider's wire format and
// checks that every client gives the person's back: the same samples (same
// instants, bpm, and where the format has them UTC offsets and contexts,
// across a DST change and both ends of a trip abroad, with the off-wrist
// gaps where the person has them), and the same vitals of every night,
// within each format's resolution, missing exactly where the format has no
// field.
func TestSameHeartThroughEveryFormat(t *testing.T) {
	skipUnderRace(t)
	env := sandboxtest.New(t, sandbox.Fitbit, fitbit.Scopes)
	person := env.Person
	ctx := context.Background()

	// Windows of days for the heart-rate streams (Fitbit's costs a request
	// a day): a plain week, the 2025 spring-forward change, and the days
	// out and back of the year's first trip.
	windows := []wearnb.Range{rangeOf("2025-02-03", "2025-02-09"), rangeOf("2025-03-08", "2025-03-10")}
	for d := wearnb.MustDate("2025-01-01"); len(windows) < 4 && d.Year == 2025; d = d.AddDays(1) {
		if _, ok := person.Switch(d); ok {
			windows = append(windows, wearnb.Range{From: d.AddDays(-1), To: d.AddDays(1)})
		}
	}
	if len(windows) != 4 {
		t.Fatalf("no trip in 2025: windows %v", windows)
	}
	year := rangeOf("2025-01-01", "2025-12-31")

	for _, name := range providers.Names() {
		f, ok := heartFormats[name]
		if !ok {
			continue // Jawbone: resting heart rate only (see DayMoves)
		}
		t.Run(name, func(t *testing.T) {
			p, hc := sandboxProvider(t, env, name)

			// Heart rate, window by window.
			samples, gaps := 0, 0
			for _, w := range windows {
				got := fetchKind(t, ctx, p, hc, w, wearnb.KindHeartRate).HeartRate
				from, to := w.From.In(time.UTC), w.To.AddDays(1).In(time.UTC)
				if f.local {
					from, _ = person.DaySpan(w.From)
					_, to = person.DaySpan(w.To)
				}
				want := person.HeartRate(from, to, f.every)
				if len(got) != len(want) {
					t.Fatalf("%v: %d samples, the person has %d", w, len(got), len(want))
				}
				for i, g := range got {
					x := want[i]
					_, off := x.Time.Zone()
					gotOff, known := g.UTCOffset()
					if !g.Time.Equal(x.Time) || g.BPM != float64(x.BPM) || g.Provider != name || known != f.local ||
						(f.local && gotOff != time.Duration(off)*time.Second) || (!f.local && g.Time.Location() != time.UTC) {
						t.Fatalf("%v sample %d: %v %v bpm (offset %v, %v), want %v %d bpm", w, i, g.Time, g.BPM, gotOff, known, x.Time, x.BPM)
					}
					if c := f.context(x); g.Context != c {
						t.Fatalf("%v sample %d at %v: context %q, want %q", w, i, g.Time, g.Context, c)
					}
					if i > 0 && g.Time.Sub(got[i-1].Time) > f.every {
						gaps++
					}
				}
				samples += len(got)
			}
			if gaps < 4 {
				t.Errorf("only %d gaps in %d samples: the off-wrist stretches are missing", gaps, samples)
			}

			// Vitals of every night of the year.
			b := fetchKind(t, ctx, p, hc, year, wearnb.KindVitals)
			truth := map[int64]wearnb.Vitals{}
			byDate := map[wearnb.Date]wearnb.Vitals{}
			for _, s := range person.Sleeps(year) {
				v := person.VitalsOf(s)
				truth[s.Start.Unix()] = v
				if s.IsMain {
					byDate[s.Date] = v
				}
			}
			wantN := len(byDate)
			if f.perSleep {
				wantN = len(truth)
			}
			if len(b.Vitals) != wantN {
				t.Errorf("%d vitals, want %d", len(b.Vitals), wantN)
			}
			checked := 0
			for _, v := range b.Vitals {
				var want wearnb.Vitals
				if f.perSleep {
					var ok bool
					if want, ok = truth[v.Start.Unix()]; !ok || v.SleepID == "" || v.Date != want.Date {
						t.Errorf("vitals %+v: no sleep of the person starts then", v)
						continue
					}
				} else {
					var ok bool
					if want, ok = byDate[v.Date]; !ok || v.SleepID != "" || !v.Start.IsZero() {
						t.Errorf("vitals %+v: not one date's main sleep, or names a sleep", v)
						continue
					}
				}
				checked++
				same := func(what string, got, want wearnb.Opt[float64], tol float64, has bool) {
					g, gok := got.Get()
					w, wok := want.Get()
					if !has {
						if gok {
							t.Errorf("%v: %s %v, the format has no such field", v.Date, what, g)
						}
						return
					}
					if gok != wok || math.Abs(g-w) > tol {
						t.Errorf("%v: %s %v, want %v (±%v)", v.Date, what, got, want, tol)
					}
				}
				same("lowest HR", v.LowestHR, want.LowestHR, 0, f.heart)
				same("average HR", v.AverageHR, want.AverageHR, f.hrAvg, f.heart)
				same("HRV", v.AverageHRV, want.AverageHRV, f.hrv, true)
				same("respiratory rate", v.RespiratoryRate, want.RespiratoryRate, 1e-9, true)
				same("skin temperature", v.SkinTempDev, want.SkinTempDev, 1e-9, true)
			}
			t.Logf("%s: %d heart-rate samples in %d windows (%d gaps), vitals of %d sleeps match the person", name, samples, len(windows), gaps, checked)
		})
	}
}

// sandboxProvider is provider name on env's sandbox (Fitbit told the
// person's zones, as its timestamps carry no offset) and a client holding
// the provider's scopes.
func sandboxProvider(t *testing.T, env *sandboxtest.Env, name string) (wearnb.Provider, *http.Client) {
	t.Helper()
	opts := []base.Option{base.WithFetchOptions(env.FetchOptions()...)}
	if name == "fitbit" {
		opts = append(opts, fitbit.WithZones(env.Person.Zone))
	}
	p, err := providers.Sandbox(name, env.URL, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return p, env.Client(t, name, p.Auth().Scopes)
}

// TestSameRestingHRThroughEveryFormat: every format that carries a day's
// resting heart rate (Fitbit's heart-rate series, Google's
// daily-resting-heart-rate, Jawbone's heartrates) gives the person's on
// the days stream, and none on the days the person's device reports none;
// Oura's days carry none at all.
func TestSameRestingHRThroughEveryFormat(t *testing.T) {
	env := sandboxtest.New(t, sandbox.Fitbit, fitbit.Scopes)
	person := env.Person
	r := rangeOf("2025-01-01", "2025-12-31")
	for _, name := range providers.Names() {
		t.Run(name, func(t *testing.T) {
			p, hc := sandboxProvider(t, env, name)
			var days []wearnb.DayMoves
			for _, s := range p.Streams() {
				if !s.Yields(wearnb.KindDayMoves) {
					continue
				}
				for _, ch := range r.Split(s.MaxDays) {
					b, err := s.Fetch(context.Background(), hc, ch)
					if err != nil {
						t.Fatalf("%s %v: %v", s.Name, ch, err)
					}
					days = append(days, b.Days...)
				}
			}
			with, missing := 0, 0
			for _, d := range days {
				bpm, ok := person.RestingHR(d.Date)
				got, has := d.RestingHR.Get()
				switch {
				case name == "oura" && has:
					t.Errorf("%v: Oura's day carries a resting rate %v", d.Date, got)
				case name == "oura":
				case has != ok || (ok && got != float64(bpm)):
					t.Errorf("%v: resting rate %v, the person's %d (%v)", d.Date, d.RestingHR, bpm, ok)
				}
				if has {
					with++
				} else {
					missing++
				}
			}
			if len(days) < 350 || (name != "oura" && (with < 320 || missing == 0)) {
				t.Errorf("%d days: %d with a resting rate, %d without", len(days), with, missing)
			}
			t.Logf("%s: %d days, %d with the person's resting rate, %d without", name, len(days), with, missing)
		})
	}
}
