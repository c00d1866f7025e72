package metrics

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/go-gota/gota/series"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/sandbox/synth"
)

func TestNightFrame(t *testing.T) {
	nap := staged("2024-01-13", false, at(nyc, 2024, 1, 13, 14, 0), W, 5, L, 30, W, 5)
	rows := Nightly(NightsFromSleeps([]wearnb.Sleep{nightA(), nap}), Options{})
	df, err := NightFrame(rows)
	if err != nil {
		t.Fatal(err)
	}
	if r, c := df.Dims(); r != 2 || c != len(nightCols) {
		t.Fatalf("dims %d×%d", r, c)
	}
	for _, name := range []string{"tst_min", "midsleep_clock_h", "rem_latency_min"} {
		if typ := df.Col(name).Type(); typ != series.Float {
			t.Errorf("%s is %v", name, typ)
		}
	}
	// Row 0 is nightA: midsleep 02:50 = 2.8333 h; row 1 the nap: no REM.
	near(t, "midsleep_clock_h", df.Col("midsleep_clock_h").Elem(0).Float(), 170.0/60, 1e-12)
	near(t, "nap rem latency", df.Col("rem_latency_min").Elem(1).Float(), math.NaN(), 0)
	if got := df.Col("onset_local").Elem(0).String(); got != "2024-01-09T23:10:00" {
		t.Errorf("onset_local = %q", got)
	}
	if df.Col("free_day").Elem(1).String() != "true" || df.Col("is_main").Elem(1).String() != "false" {
		t.Error("nap row: want free_day true (Saturday), is_main false")
	}
	// Empty input: every column, no rows.
	df, err = NightFrame(nil)
	if err != nil {
		t.Fatal(err)
	}
	if r, c := df.Dims(); r != 0 || c != len(nightCols) {
		t.Errorf("empty dims %d×%d", r, c)
	}
}

func TestRollingAndFrames(t *testing.T) {
	p := synth.New(synth.Config{Seed: 1, NoTrips: true})
	r := wearnb.Range{From: wearnb.MustDate("2024-02-01"), To: wearnb.MustDate("2024-03-31")}
	ss := p.Sleeps(r)
	rows := Nightly(NightsFromSleeps(ss), Options{})
	ps := Rolling(rows, r, 7)
	if len(ps) != r.Days() {
		t.Fatalf("rolling rows %d, want %d", len(ps), r.Days())
	}
	// The first window has one night (Feb 1), later ones up to 7.
	if ps[0].Nights != 1 || ps[10].Nights < 6 || ps[10].Nights > 7 {
		t.Errorf("window nights %d, %d", ps[0].Nights, ps[10].Nights)
	}
	// A window equals Period over its own range.
	w := Period(rows, wearnb.Range{From: ps[20].From, To: ps[20].To})
	if w.TST != ps[20].TST || w.Onset != ps[20].Onset {
		t.Errorf("rolling window differs from Period: %+v vs %+v", w.TST, ps[20].TST)
	}
	df, err := PeriodFrame(ps)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := df.Dims(); n != len(ps) {
		t.Errorf("period frame rows %d", n)
	}
	g := SleepWakeFromSleeps(ss, r, time.Minute, false)
	tr := RegularityTrend(rows, g, r, 28, Options{})
	if len(tr) != r.Days()-27 {
		t.Fatalf("trend rows %d", len(tr))
	}
	// The last point equals SRI and MCTQ over its own 28 days.
	last := tr[len(tr)-1]
	w28 := wearnb.Range{From: r.To.AddDays(-27), To: r.To}
	g28 := SleepWakeFromSleeps(p.Sleeps(w28), w28, time.Minute, false)
	near(t, "trend SRI", last.SRI, SRI(g28, 7).SRI, 1e-9)
	near(t, "trend SJL", last.SJL, ChronotypeMCTQ(rows, w28, nil).SJL, 1e-9)
	if _, err := RegularityFrame(tr); err != nil {
		t.Fatal(err)
	}
}

func TestCardFrameAndHTML(t *testing.T) {
	p := synth.New(synth.Config{Seed: 1})
	r := wearnb.Range{From: wearnb.MustDate("2024-03-01"), To: wearnb.MustDate("2024-03-28")}
	c := HealthCard(p.Sleeps(r), p.Hours(r), r, Options{})
	df, err := c.Frame()
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := df.Dims(); n != len(c.Lines()) || n < 20 {
		t.Errorf("card rows %d", n)
	}
	h := c.HTML()
	for _, want := range []string{"<table", "social jetlag", "SRI", "MSF_sc", "RA", "</table>"} {
		if !strings.Contains(h, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	if txt := c.String(); !strings.HasPrefix(txt, "Sleep health 2024-03-01..2024-03-28\n") || !strings.Contains(txt, "social jetlag") {
		t.Errorf("String:\n%s", txt)
	}
	// An empty period: every number is missing, nothing panics, the card
	// shows dashes.
	e := HealthCard(nil, nil, r, Options{})
	for _, l := range e.Lines()[1:] {
		if !math.IsNaN(l.Value) {
			t.Errorf("empty card: %s = %v, want NaN", l.Metric, l.Value)
		}
	}
	if !strings.Contains(e.HTML(), "–") {
		t.Error("empty card shows no dash")
	}
}
