// Package trustcheck holds the checks that the provider tests and fuzz
// targets share for wearnb's data-trust promises (issue 9):
//
//   - a value the payload does not carry is missing in the record, NULL
//     in the cache and missing when read back ([Cache]), and missing in the
//     frame (NaN, or a NaN element in Int columns), never 0; a reported
//     value reaches the frame unchanged ([Frames]);
//   - no record has more stages than wearnb.MaxStages ([Frames]);
//   - decoding one body allocates memory bounded by the body's size
//     ([Alloc]).
//
// It links Gota (through package frames) and SQLite (through package
// cache), so only tests import it.
package trustcheck

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/go-gota/gota/dataframe"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/frames"
	"wearnb.dev/wearnb/internal/heartcheck"
	"wearnb.dev/wearnb/internal/peakmem"
)

// Frames builds the frame row of every record and checks each measured
// column against the record's Opt: NaN (a NaN element for Int columns)
// where the value is missing, the value itself where it is reported. It
// also checks every sleep's stage count against wearnb.MaxStages and its
// flag column.
func Frames(t testing.TB, sleeps []wearnb.Sleep, days []wearnb.DayMoves, hours []wearnb.HourMoves) {
	t.Helper()
	for i := range sleeps {
		s := &sleeps[i]
		if len(s.Stages) > wearnb.MaxStages {
			t.Fatalf("sleep %s: %d stages, more than wearnb.MaxStages %d", s.SourceID, len(s.Stages), wearnb.MaxStages)
		}
		df := frames.Sleeps([]wearnb.Sleep{*s})
		where := "sleep " + s.SourceID
		dur(t, df, where, "in_bed_min", s.InBed)
		dur(t, df, where, "asleep_min", s.Asleep)
		dur(t, df, where, "awake_min", s.Awake)
		dur(t, df, where, "deep_min", s.Deep)
		dur(t, df, where, "light_min", s.Light)
		dur(t, df, where, "rem_min", s.REM)
		dur(t, df, where, "latency_min", s.Latency)
		flt(t, df, where, "efficiency_pct", s.Efficiency)
		integer(t, df, where, "awakenings", s.Awakenings)
		if got := df.Col("flag").Records()[0]; got != string(s.Flag) {
			t.Fatalf("%s: flag column %q, record %q", where, got, s.Flag)
		}
		if s.Flag != "" && s.IsMain {
			t.Fatalf("%s: flagged %q but main", where, s.Flag)
		}
	}
	for i := range days {
		d := &days[i]
		df := frames.Moves([]wearnb.DayMoves{*d})
		where := "day " + d.Date.String()
		integer(t, df, where, "steps", d.Steps)
		flt(t, df, where, "distance_m", d.DistanceM)
		flt(t, df, where, "calories_kcal", d.CaloriesKcal)
		integer(t, df, where, "active_min", d.ActiveMinutes)
		flt(t, df, where, "resting_hr_bpm", d.RestingHR)
	}
	for i := range hours {
		h := &hours[i]
		df := frames.HourlyMoves([]wearnb.HourMoves{*h})
		where := "hour " + h.Start.String()
		integer(t, df, where, "steps", h.Steps)
		flt(t, df, where, "distance_m", h.DistanceM)
		flt(t, df, where, "calories_kcal", h.CaloriesKcal)
		integer(t, df, where, "active_s", h.ActiveSeconds)
	}
}

func dur(t testing.TB, df dataframe.DataFrame, where, col string, v wearnb.Opt[time.Duration]) {
	t.Helper()
	m := wearnb.Opt[float64]{}
	if d, ok := v.Get(); ok {
		m = wearnb.Some(d.Minutes())
	}
	flt(t, df, where, col, m)
}

func flt(t testing.TB, df dataframe.DataFrame, where, col string, v wearnb.Opt[float64]) {
	t.Helper()
	got := df.Col(col).Float()[0]
	want, ok := v.Get()
	switch {
	case !ok && !math.IsNaN(got):
		t.Fatalf("%s: %s is missing in the record but %v in the frame", where, col, got)
	case ok && got != want:
		t.Fatalf("%s: %s is %v in the record but %v in the frame", where, col, want, got)
	}
}

func integer(t testing.TB, df dataframe.DataFrame, where, col string, v wearnb.Opt[int]) {
	t.Helper()
	e := df.Col(col).Elem(0)
	want, ok := v.Get()
	switch {
	case !ok && !e.IsNA():
		t.Fatalf("%s: %s is missing in the record but %v in the frame", where, col, e)
	case ok && e.IsNA():
		t.Fatalf("%s: %s is %d in the record but missing in the frame", where, col, want)
	case ok:
		if got, err := e.Int(); err != nil || got != want {
			t.Fatalf("%s: %s is %d in the record but %v in the frame", where, col, want, e)
		}
	}
}

// Memory bound of [Alloc]: decoding and normalizing one body may allocate
// at most PerByte bytes per body byte plus Base. The worst legitimate
// payloads stay well under it: a page of JSON numbers decoded into Go
// values and stage lists one 48-byte stage per 5-minute phase character
// (the densest stage encoding any provider has). Before the bounds of issue
// 11 defect 2, a 1 MB sleep_phase_5_min string over a long night made a
// million stages, well over the bound.
const (
	PerByte = 128
	Base    = 4 << 20
)

// Alloc runs f, which decodes and normalizes body, and fails when it
// allocates more than PerByte·len(body) + Base bytes. The count is the
// process's TotalAlloc, so f must not run concurrently with other work of
// the test binary (fuzz targets and non-parallel tests do not).
func Alloc(t testing.TB, body []byte, f func()) {
	t.Helper()
	used := peakmem.Allocated(f)
	if limit := uint64(PerByte*len(body) + Base); used > limit {
		t.Fatalf("decoding a %d-byte body allocated %d bytes, more than %d (%d per byte + %d)", len(body), used, limit, PerByte, Base)
	}
}

// Describe formats a record's measured sleep fields for failure messages.
func Describe(s wearnb.Sleep) string {
	return fmt.Sprintf("in bed %v, asleep %v, awake %v, latency %v, deep %v, light %v, rem %v, efficiency %v, awakenings %v, flag %q",
		s.InBed, s.Asleep, s.Awake, s.Latency, s.Deep, s.Light, s.REM, s.Efficiency, s.Awakenings, s.Flag)
}

// Cache stores the records in a new cache (one Sync through a provider
// whose streams return them), reads them back and checks that every
// measured value, flag and stage came back as it went in: a missing value
// is NULL in the cache and missing again when read. It then checks the
// frames of what it read ([Frames]). The records must be of one provider
// and have distinct keys (SourceID, Date, Start).
func Cache(t testing.TB, sleeps []wearnb.Sleep, days []wearnb.DayMoves, hours []wearnb.HourMoves) {
	t.Helper()
	name := "trustcheck"
	var span wearnb.Range
	for _, s := range sleeps {
		heartcheck.Cover(&span, s.Date)
	}
	for _, d := range days {
		heartcheck.Cover(&span, d.Date)
	}
	for _, h := range hours {
		heartcheck.Cover(&span, wearnb.DateOf(h.Start))
	}
	if span.From.IsZero() {
		return
	}
	c := heartcheck.Synced(t, name, span,
		heartcheck.Fixed("sleep", wearnb.KindSleeps, span, &wearnb.Batch{Sleeps: sleeps}),
		heartcheck.Fixed("days", wearnb.KindDayMoves, span, &wearnb.Batch{Days: days}),
		heartcheck.Fixed("hours", wearnb.KindHourlyMoves, span, &wearnb.Batch{Hours: hours}))
	defer c.Close()
	ctx := context.Background()
	gotS, err := c.Sleeps(ctx, name, "me", span)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]wearnb.Sleep{}
	for _, s := range sleeps {
		want[s.SourceID] = s
	}
	if len(gotS) != len(want) {
		t.Fatalf("cache: %d sleeps back of %d", len(gotS), len(want))
	}
	for _, g := range gotS {
		w := want[g.SourceID]
		if g.InBed != w.InBed || g.Asleep != w.Asleep || g.Awake != w.Awake || g.Deep != w.Deep || g.Light != w.Light ||
			g.REM != w.REM || g.Latency != w.Latency || g.Efficiency != w.Efficiency || g.Awakenings != w.Awakenings ||
			g.Flag != w.Flag || g.IsMain != w.IsMain || len(g.Stages) != len(w.Stages) {
			t.Fatalf("cache: sleep %s came back as\n %s\nwent in as\n %s", g.SourceID, Describe(g), Describe(w))
		}
	}
	gotD, err := c.Days(ctx, name, "me", span)
	if err != nil {
		t.Fatal(err)
	}
	wantD := map[wearnb.Date]wearnb.DayMoves{}
	for _, d := range days {
		d.Provider = name
		wantD[d.Date] = d
	}
	if len(gotD) != len(wantD) {
		t.Fatalf("cache: %d days back of %d", len(gotD), len(wantD))
	}
	for _, g := range gotD {
		if g != wantD[g.Date] {
			t.Fatalf("cache: day %v came back as %+v, went in as %+v", g.Date, g, wantD[g.Date])
		}
	}
	gotH, err := c.Hours(ctx, name, "me", span)
	if err != nil {
		t.Fatal(err)
	}
	wantH := map[int64]wearnb.HourMoves{}
	for _, h := range hours {
		wantH[h.Start.Unix()] = h
	}
	if len(gotH) != len(wantH) {
		t.Fatalf("cache: %d hours back of %d", len(gotH), len(wantH))
	}
	for _, g := range gotH {
		w := wantH[g.Start.Unix()]
		if g.Steps != w.Steps || g.DistanceM != w.DistanceM || g.CaloriesKcal != w.CaloriesKcal || g.ActiveSeconds != w.ActiveSeconds {
			t.Fatalf("cache: hour %v came back as %+v, went in as %+v", g.Start, g, w)
		}
	}
	Frames(t, gotS, gotD, gotH)
}
