package googlehealth_test

import (
	"testing"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/internal/sandboxtest"
	"wearnb.dev/wearnb/providers/base"
	"wearnb.dev/wearnb/providers/googlehealth"
	"wearnb.dev/wearnb/sandbox"
)

// startSandbox runs the sandbox with a Google token and a provider whose
// waits advance the sandbox clock. Auth, empty ranges, faults and errors
// are checked for every provider by the registry test
// (../registry_test.go); these tests check what Google's pages say against
// the synthetic person.
func startSandbox(t *testing.T) (*sandboxtest.Env, *googlehealth.Provider) {
	e := sandboxtest.New(t, sandbox.GoogleHealth, googlehealth.Scopes)
	return e, googlehealth.Sandbox(e.URL, base.WithFetchOptions(e.FetchOptions()...))
}

func mergeStages(in []wearnb.Stage, classic bool) []wearnb.Stage {
	var out []wearnb.Stage
	for _, s := range in {
		if classic && s.Level != wearnb.StageWake && s.Level != wearnb.StageRestless {
			s.Level = wearnb.StageAsleep
		}
		out = wearnb.AppendStage(out, s)
	}
	return out
}

func TestSandboxYearOfSleep(t *testing.T) {
	e, p := startSandbox(t)
	r := wearnb.Range{From: wearnb.MustDate("2024-01-01"), To: wearnb.MustDate("2024-12-31")}
	b, err := p.Client(e.HTTP).Sleeps(t.Context(), r)
	if err != nil {
		t.Fatal(err)
	}
	got := b.Sleeps
	want := e.Person.Sleeps(r)
	if len(got) != len(want) {
		t.Fatalf("got %d sleeps, person has %d", len(got), len(want))
	}
	if n, pages := e.Server.Requests(sandbox.GoogleHealth), (len(want)+24)/25; n != pages {
		t.Errorf("requests = %d, want %d pages of 25", n, pages)
	}
	offsets := map[int]bool{}
	for i := range want {
		g, w := got[i], want[i]
		_, go1 := g.Start.Zone()
		_, wo1 := w.Start.Zone()
		_, go2 := g.End.Zone()
		_, wo2 := w.End.Zone()
		if !g.Start.Equal(w.Start) || !g.End.Equal(w.End) || g.Date != w.Date || g.IsMain != w.IsMain || go1 != wo1 || go2 != wo2 {
			t.Fatalf("sleep %d: got %v..%v %v main=%v, want %v..%v %v main=%v", i, g.Start, g.End, g.Date, g.IsMain, w.Start, w.End, w.Date, w.IsMain)
		}
		offsets[go1] = true
		ws := mergeStages(w.Stages, !g.Deep.OK() && !g.Light.OK() && !g.REM.OK()) // a classic log has no breakdown
		if len(ws) != len(g.Stages) {
			t.Fatalf("sleep %d (%v): %d stages, want %d", i, w.Date, len(g.Stages), len(ws))
		}
		for j := range ws {
			if !g.Stages[j].Start.Equal(ws[j].Start) || g.Stages[j].Duration != ws[j].Duration || g.Stages[j].Level != ws[j].Level {
				t.Fatalf("sleep %d stage %d: got %v, want %v", i, j, g.Stages[j], ws[j])
			}
		}
	}
	if len(offsets) < 3 {
		t.Errorf("a year covers only offsets %v: want DST and trips", offsets)
	}
}

func TestSandboxSteps(t *testing.T) {
	e, p := startSandbox(t)
	r := wearnb.Range{From: wearnb.MustDate("2024-03-05"), To: wearnb.MustDate("2024-03-14")} // spans the spring DST change
	b, err := p.Client(e.HTTP).Steps(t.Context(), r)
	if err != nil {
		t.Fatal(err)
	}
	hours, days := b.Hours, b.Days
	var wantH []wearnb.HourMoves
	for _, h := range e.Person.Hours(r) {
		if h.Steps.Or(0) > 0 { // Google has no points for minutes without steps
			wantH = append(wantH, wearnb.HourMoves{Provider: "googlehealth", Start: h.Start, Steps: h.Steps})
		}
	}
	if len(hours) != len(wantH) {
		t.Fatalf("got %d hours, person has %d with steps", len(hours), len(wantH))
	}
	for i := range wantH {
		_, o1 := hours[i].Start.Zone()
		_, o2 := wantH[i].Start.Zone()
		if !hours[i].Start.Equal(wantH[i].Start) || o1 != o2 || hours[i].Steps != wantH[i].Steps {
			t.Fatalf("hour %v: got %v %v, want %v %v", i, hours[i].Start, hours[i].Steps, wantH[i].Start, wantH[i].Steps)
		}
	}
	wantD := e.Person.Days(r)
	if len(days) != len(wantD) {
		t.Fatalf("got %d days, want %d", len(days), len(wantD))
	}
	for i := range wantD {
		if days[i].Date != wantD[i].Date || !days[i].Steps.OK() || days[i].Steps != wantD[i].Steps || days[i].DistanceM.OK() {
			t.Errorf("day %v: %v steps, want %v %v", days[i].Date, days[i].Steps, wantD[i].Date, wantD[i].Steps)
		}
	}
}
