package fitbit_test

import (
	"testing"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/internal/sandboxtest"
	"wearnb.dev/wearnb/providers/base"
	"wearnb.dev/wearnb/providers/fitbit"
	"wearnb.dev/wearnb/sandbox"
)

// env is a running sandbox with a fake clock and a Fitbit token; the
// provider's waits advance the sandbox clock instead of sleeping. Auth,
// empty ranges, faults, errors and the 410 of the retired API are checked
// for every provider by the registry test (../registry_test.go); these
// tests check what Fitbit's pages say against the synthetic person.
type env struct{ *sandboxtest.Env }

func newEnv(t *testing.T) env { return env{sandboxtest.New(t, sandbox.Fitbit, fitbit.Scopes)} }

func (e env) provider(opts ...fitbit.Option) *fitbit.Provider {
	base := []fitbit.Option{fitbit.WithZones(e.Person.Zone), base.WithFetchOptions(e.FetchOptions()...)}
	return fitbit.Sandbox(e.URL, append(base, opts...)...)
}

var fiveYears = wearnb.Range{From: wearnb.MustDate("2021-01-01"), To: wearnb.MustDate("2025-12-31")}

// classicLevel is how a classic log reports a synthetic stage.
func classicLevel(l wearnb.StageLevel) wearnb.StageLevel {
	switch l {
	case wearnb.StageWake, wearnb.StageRestless:
		return l
	}
	return wearnb.StageAsleep
}

// mergeStages maps levels and joins neighbours at the same level.
func mergeStages(in []wearnb.Stage, mapLevel func(wearnb.StageLevel) wearnb.StageLevel) []wearnb.Stage {
	var out []wearnb.Stage
	for _, s := range in {
		s.Level = mapLevel(s.Level)
		out = wearnb.AppendStage(out, s)
	}
	return out
}

func TestSandboxFiveYearsOfSleepIn19Requests(t *testing.T) {
	e := newEnv(t)
	b, err := e.provider().Client(e.HTTP).Sleeps(t.Context(), fiveYears)
	if err != nil {
		t.Fatal(err)
	}
	got := b.Sleeps
	if n := e.Server.Requests(sandbox.Fitbit); n != 19 {
		t.Errorf("requests = %d, want 19", n)
	}
	// Compare with the synthetic person the sandbox renders: same periods,
	// same instants, same stages (classic logs collapse light/deep/REM).
	want := e.Person.Sleeps(fiveYears)
	if len(got) != len(want) {
		t.Fatalf("got %d sleeps, person has %d", len(got), len(want))
	}
	dst, zones := 0, map[int]bool{}
	for i := range want {
		g, w := got[i], want[i]
		if !g.Start.Equal(w.Start) || !g.End.Equal(w.End) || g.Date != w.Date || g.IsMain != w.IsMain {
			t.Fatalf("sleep %d: got %v..%v %v main=%v, want %v..%v %v main=%v", i, g.Start, g.End, g.Date, g.IsMain, w.Start, w.End, w.Date, w.IsMain)
		}
		_, go1 := g.Start.Zone()
		_, wo1 := w.Start.Zone()
		_, go2 := g.End.Zone()
		_, wo2 := w.End.Zone()
		if go1 != wo1 || go2 != wo2 {
			t.Fatalf("sleep %d (%v): offsets %d/%d, want %d/%d", i, w.Date, go1, go2, wo1, wo2)
		}
		if go1 != go2 {
			dst++
		}
		zones[go1] = true
		mapLevel := func(l wearnb.StageLevel) wearnb.StageLevel { return l }
		if !g.Deep.OK() && !g.Light.OK() && !g.REM.OK() { // a classic log
			mapLevel = classicLevel
		}
		ws := mergeStages(w.Stages, mapLevel)
		if len(g.Stages) != len(ws) {
			t.Fatalf("sleep %d (%v): %d stages, want %d", i, w.Date, len(g.Stages), len(ws))
		}
		for j := range ws {
			if !g.Stages[j].Start.Equal(ws[j].Start) || g.Stages[j].Duration != ws[j].Duration || g.Stages[j].Level != ws[j].Level {
				t.Fatalf("sleep %d (%v) stage %d: got %v, want %v", i, w.Date, j, g.Stages[j], ws[j])
			}
		}
	}
	if dst == 0 || len(zones) < 3 {
		t.Errorf("5 years cover %d DST nights and %d offsets: want both DST nights and trips", dst, len(zones))
	}
}

func TestSandboxDaysHoursAndList(t *testing.T) {
	e := newEnv(t)
	c := e.provider().Client(e.HTTP)
	r := wearnb.Range{From: wearnb.MustDate("2024-03-01"), To: wearnb.MustDate("2024-03-14")}
	db, err := c.Days(t.Context(), r)
	if err != nil {
		t.Fatal(err)
	}
	days := db.Days
	want := e.Person.Days(r)
	if len(days) != len(want) {
		t.Fatalf("got %d days, person has %d", len(days), len(want))
	}
	for i := range want {
		if days[i].Date != want[i].Date || !days[i].Steps.OK() || days[i].Steps != want[i].Steps {
			t.Errorf("day %v: %v steps, want %v %v", days[i].Date, days[i].Steps, want[i].Date, want[i].Steps)
		}
	}
	hb, err := c.Hours(t.Context(), wearnb.Range{From: wearnb.MustDate("2024-03-10"), To: wearnb.MustDate("2024-03-10")})
	if err != nil {
		t.Fatal(err)
	}
	hours := hb.Hours
	wantH := e.Person.Hours(wearnb.Range{From: wearnb.MustDate("2024-03-10"), To: wearnb.MustDate("2024-03-10")})
	sum, wsum := 0, 0
	for _, h := range hours {
		sum += h.Steps.Or(-1 << 20)
	}
	for _, h := range wantH {
		wsum += h.Steps.Or(0)
	}
	if len(hours) != len(wantH) || sum != wsum {
		t.Errorf("hours %d (sum %d), person %d (sum %d)", len(hours), sum, len(wantH), wsum)
	}
	for i := range min(len(hours), len(wantH)) {
		if !hours[i].Start.Equal(wantH[i].Start) || hours[i].Steps != wantH[i].Steps {
			t.Errorf("hour %v: %v %v, want %v %v", i, hours[i].Start, hours[i].Steps, wantH[i].Start, wantH[i].Steps)
		}
	}
	logs, err := c.SleepList(t.Context(), fitbit.ListQuery{AfterDate: wearnb.MustDate("2025-01-01"), Limit: 10, MaxPages: 3})
	if err != nil || len(logs) != 30 {
		t.Errorf("sleep list: %d logs, %v", len(logs), err)
	}
}

// TestSandboxHoursOnTravelDays reads intraday steps on the year's travel
// days, when the person's clock changes zones at midday (jumping forward
// flying east, back flying west), and on both DST days: every hour must be
// the person's, at the same instant and offset, with the same steps.
func TestSandboxHoursOnTravelDays(t *testing.T) {
	e := newEnv(t)
	c := e.provider().Client(e.HTTP)
	days := []wearnb.Date{wearnb.MustDate("2025-03-09"), wearnb.MustDate("2025-11-02")}
	for d := wearnb.MustDate("2025-01-01"); d.Year == 2025; d = d.AddDays(1) {
		if _, ok := e.Person.Switch(d); ok {
			days = append(days, d)
		}
	}
	if len(days) != 6 {
		t.Fatalf("2025 has %d travel days, want 4 (two trips)", len(days)-2)
	}
	for _, d := range days {
		r := wearnb.Range{From: d, To: d}
		b, err := c.Hours(t.Context(), r)
		if err != nil {
			t.Fatal(err)
		}
		got := b.Hours
		want := e.Person.Hours(r)
		if len(got) != len(want) {
			t.Errorf("%v: %d hours, the person's day has %d", d, len(got), len(want))
			continue
		}
		for i, w := range want {
			g := got[i]
			_, gOff := g.Start.Zone()
			_, wOff := w.Start.Zone()
			if !g.Start.Equal(w.Start) || gOff != wOff || g.Steps != w.Steps {
				t.Errorf("%v hour %v: %v %v steps, want %v %v", d, i, g.Start, g.Steps, w.Start, w.Steps)
			}
		}
	}
}
