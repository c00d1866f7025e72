package metrics

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/sandbox/synth"
)

func TestStepsFromSparseHours(t *testing.T) {
	// Three local dates: the first has steps at 08:00 and 20:00 only, the
	// second no record at all, the third steps at 12:00 only.
	h := func(d, hh, steps int) wearnb.HourMoves {
		return wearnb.HourMoves{Start: time.Date(2024, 3, d, hh, 0, 0, 0, nyc), Steps: wearnb.Some(steps)}
	}
	hours := []wearnb.HourMoves{h(1, 8, 120), h(1, 20, 40), h(3, 12, 900)}
	s := StepsFromSparseHours(hours)
	if len(s.Values) != 72 {
		t.Fatalf("%d hours, want 3 days", len(s.Values))
	}
	near(t, "day 1, 08:00", s.Values[8], 120, 0)
	near(t, "day 1, 03:00 (no record on a day with steps)", s.Values[3], 0, 0)
	near(t, "day 1, 23:00", s.Values[23], 0, 0)
	for k := 24; k < 48; k++ {
		if !s.IsMissing(k) {
			t.Fatalf("day 2 hour %d = %v, want missing: a day without data is not a day without steps", k-24, s.Values[k])
		}
	}
	near(t, "day 3, 12:00", s.Values[60], 900, 0)
	near(t, "day 3, 00:00", s.Values[48], 0, 0)
	// The plain reading keeps every hour without a record missing.
	if p := StepsFromHours(hours); !p.IsMissing(3) || p.Values[8] != 120 {
		t.Errorf("StepsFromHours: [3] missing %v, [8] = %v", p.IsMissing(3), p.Values[8])
	}
	if e := StepsFromSparseHours(nil); len(e.Values) != 0 || e.Epoch != time.Hour {
		t.Errorf("no hours: %+v", e)
	}
}

// sparse drops the hours without steps, as Google Health sends them.
func sparse(hs []wearnb.HourMoves) []wearnb.HourMoves {
	var out []wearnb.HourMoves
	for _, h := range hs {
		if v, ok := h.Steps.Get(); ok && v > 0 {
			out = append(out, h)
		}
	}
	return out
}

func TestHealthCardSparseSteps(t *testing.T) {
	// The synthetic person's hours include the hours without steps; a
	// provider that sends only hours with steps loses the nights. Read as
	// missing, L5 is the mean of the few night hours with a bathroom walk,
	// far above the truth; zero-filled, the rhythm is the truth exactly.
	// (The range ends before the spring DST change, whose skipped clock
	// hour the truth leaves missing and StepsFromSparseHours sets to 0.)
	p := synth.New(synth.Config{Seed: 1})
	r := wearnb.Range{From: wearnb.MustDate("2024-01-01"), To: wearnb.MustDate("2024-03-09")}
	ss, hs := p.Sleeps(r), p.Hours(r)
	truth := HealthCard(ss, hs, r, Options{}).Rhythm
	asMissing := HealthCard(ss, sparse(hs), r, Options{}).Rhythm
	filled := HealthCard(ss, sparse(hs), r, Options{SparseSteps: true}).Rhythm
	if truth.Days < 66 || truth.L5 > 10 {
		t.Fatalf("truth: %d days, L5 %.1f", truth.Days, truth.L5)
	}
	if asMissing.L5 < 3*truth.L5+5 {
		t.Errorf("sparse hours read as missing: L5 %.1f, want far above the truth %.1f", asMissing.L5, truth.L5)
	}
	if !reflect.DeepEqual(filled, truth) {
		t.Errorf("zero-filled sparse hours: %+v\nwant the truth %+v", filled, truth)
	}
}

func TestMCTQLines(t *testing.T) {
	m := MCTQ{WorkNights: 5, FreeNights: 2, WD: 5, FD: 2, SOw: 23*60 + 30, SOf: 30, SDw: 420, SDf: 480,
		MSW: 3*60 + 0, MSF: 4*60 + 30, MSFsc: 4*60 + 15, SJL: 90, SJLRel: 90, SleepLossWk: 85.7, SDweek: 437.1}
	got := map[string]CardLine{}
	for _, l := range m.Lines() {
		got[l.Metric] = l
	}
	for name, want := range map[string]struct {
		v    float64
		disp string
	}{
		"workday nights":           {5, "5"},
		"sleep onset, workdays":    {23.5, "23:30"},
		"sleep onset, free days":   {0.5, "00:30"},
		"sleep duration, workdays": {420, "7 h 00 min"},
		"MSF_sc (chronotype)":      {4.25, "04:15"},
		"social jetlag":            {90, "1 h 30 min (free days later)"},
		"weekly sleep loss":        {85.7, "1 h 26 min"},
	} {
		l, ok := got[name]
		if !ok {
			t.Errorf("no line %q", name)
			continue
		}
		near(t, name, l.Value, want.v, 1e-12)
		if l.Display != want.disp {
			t.Errorf("%s displays %q, want %q", name, l.Display, want.disp)
		}
	}
	// Without free-day nights the free-day measures are missing: shown as –.
	empty := ChronotypeMCTQ(nil, wearnb.Range{From: wearnb.MustDate("2024-01-01"), To: wearnb.MustDate("2024-01-07")}, nil)
	if h := empty.HTML(); !strings.Contains(h, ">–<") || !strings.Contains(h, "MSF_sc") {
		t.Errorf("empty MCTQ HTML: %s", h)
	}
	if s := m.String(); !strings.Contains(s, "social jetlag") || !strings.Contains(s, "1 h 30 min") {
		t.Errorf("String: %s", s)
	}
}

func TestDebtString(t *testing.T) {
	end := wearnb.MustDate("2024-01-14")
	var rows []NightRow
	for i := range 14 {
		rows = append(rows, NightRow{Date: end.AddDays(-i), Main: true, TST: 7 * 60})
	}
	d := SleepDebt(rows, end, Options{SleepNeed: 7*time.Hour + 30*time.Minute})
	// 14 nights × 30 min short = 7 h.
	if d.Window != 14 || d.Need != 450 || d.Nights != 14 {
		t.Fatalf("debt %+v", d)
	}
	if got, want := d.String(), "sleep debt 7 h 00 min over the 14 nights to 2024-01-14 (14 with sleep recorded), against a need of 7 h 30 min a night"; got != want {
		t.Errorf("String:\n got %s\nwant %s", got, want)
	}
	d = SleepDebt(rows[:6], end, Options{})
	if got, want := d.String(), "sleep debt unknown: 6 of the 14 nights to 2024-01-14 have sleep recorded, and it needs at least 7"; got != want {
		t.Errorf("String:\n got %s\nwant %s", got, want)
	}
}

// person is a Source built from a synthetic person, to check CardOf.
type person struct{ *synth.Person }

func TestCompareAndCardOf(t *testing.T) {
	r := wearnb.Range{From: wearnb.MustDate("2024-03-01"), To: wearnb.MustDate("2024-03-28")}
	typ := synth.New(synth.Config{Seed: 1, NoTrips: true})
	reg := synth.New(synth.Config{Seed: 1, NoTrips: true, Preset: synth.Regular})
	a := CardOf(person{typ}, r, Options{})
	if b := HealthCard(typ.Sleeps(r), typ.Hours(r), r, Options{}); !reflect.DeepEqual(a.Lines(), b.Lines()) {
		t.Fatal("CardOf differs from HealthCard over the same records")
	}
	c := Compare(a.Named("typical"), CardOf(reg, r, Options{}).Named("regular"), a.Named("typical"), CardOf(reg, r, Options{}))
	if got, want := c.heads(), []string{"typical", "regular", "typical (2)", r.String()}; !reflect.DeepEqual(got, want) {
		t.Errorf("heads %q, want %q", got, want)
	}
	h := c.HTML()
	for _, s := range []string{">typical (2)<", ">SRI<", ">" + a.Lines()[0].Display + "<", "Sleep Regularity Index"} {
		if !strings.Contains(h, s) {
			t.Errorf("HTML lacks %q", s)
		}
	}
	df, err := c.Frame()
	if err != nil {
		t.Fatal(err)
	}
	if rows, cols := df.Dims(); rows != len(a.Lines()) || cols != 2+4 {
		t.Fatalf("frame %d×%d", rows, cols)
	}
	// The SRI row: the regular sleeper's column holds its SRI.
	for i, l := range a.Lines() {
		if l.Metric == "SRI" {
			near(t, "regular SRI", df.Col("regular").Elem(i).Float(), c[1].SRI.SRI, 0)
			if c[1].SRI.SRI < c[0].SRI.SRI+5 {
				t.Errorf("regular SRI %.1f not above typical %.1f", c[1].SRI.SRI, c[0].SRI.SRI)
			}
		}
	}
	if s := c.String(); !strings.Contains(s, "typical (2)") || strings.Count(s, "\n") != len(a.Lines())+1 {
		t.Errorf("String:\n%s", s)
	}
	if !strings.Contains(a.Named("me").HTML(), "Sleep health me, 2024-03-01..2024-03-28") {
		t.Error("a named card's caption lacks its name")
	}
}
