package metrics

import (
	"math"
	"testing"
	"time"

	"wearnb.dev/wearnb"
)

// Unknown is never zero (issue 9): a value a record does not report is
// missing in every metric built on it, not 0, and is left out of the means.

// threeNights are staged main sleeps ending on Wed 10, Thu 11 and Fri 12
// January 2024 in New York, with 420, 450 and 400 min asleep.
func threeNights() []wearnb.Sleep {
	return []wearnb.Sleep{
		staged("2024-01-10", true, at(nyc, 2024, 1, 9, 23, 0), W, 10, L, 200, D, 100, R, 120, W, 10),
		staged("2024-01-11", true, at(nyc, 2024, 1, 10, 23, 0), W, 10, L, 230, D, 100, R, 120, W, 10),
		staged("2024-01-12", true, at(nyc, 2024, 1, 11, 23, 0), W, 10, L, 180, D, 100, R, 120, W, 10),
	}
}

func TestUnreportedTotalSleepIsMissingNotZero(t *testing.T) {
	ss := threeNights()
	ss[1].Asleep = wearnb.Opt[time.Duration]{} // the provider sent no total sleep for Thursday
	rows := Nightly(NightsFromSleeps(ss), Options{})
	if len(rows) != 3 {
		t.Fatalf("%d rows, want 3: a night with a missing total is still a night", len(rows))
	}
	df, err := NightFrame(rows)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "tst_min of Thursday", df.Col("tst_min").Elem(1).Float(), math.NaN(), 0)
	near(t, "se_pct of Thursday", df.Col("se_pct").Elem(1).Float(), math.NaN(), 0)
	near(t, "tib_min of Thursday", df.Col("tib_min").Elem(1).Float(), 470, 0) // still reported
	// Timing comes from the stages: onset 23:10, final awakening 06:40,
	// midsleep 02:55.
	near(t, "midsleep of Thursday", df.Col("midsleep_clock_h").Elem(1).Float(), 2+55.0/60, 1e-9)

	// The period mean is over the two nights that have it: (420 + 400)/2,
	// not (420 + 0 + 400)/3.
	r := wearnb.Range{From: wearnb.MustDate("2024-01-10"), To: wearnb.MustDate("2024-01-12")}
	p := Period(rows, r)
	if p.Nights != 3 || p.TST.N != 2 {
		t.Errorf("period: %d nights, TST over %d, want 3 and 2", p.Nights, p.TST.N)
	}
	near(t, "mean TST", p.TST.Mean, 410, 1e-9)
	near(t, "mean SE", p.SE.Mean, (100*420.0/440+100*400.0/420)/2, 1e-9)
	near(t, "mean TIB (all three)", p.TIB.Mean, (440+470+420)/3.0, 1e-9)

	// Sleep debt counts Thursday as a date without a known sleep, so the
	// mean shortfall of the other two is scaled to the 3 nights:
	// 3 · ((480 − 420) + (480 − 400))/2 = 210 (counting Thursday as 0 h
	// asleep would give 60 + 480 + 80 = 620).
	d := SleepDebt(rows, r.To, Options{DebtNights: 3})
	if d.Nights != 2 {
		t.Errorf("debt over %d nights with a known sleep, want 2", d.Nights)
	}
	near(t, "debt", d.Debt, 210, 1e-9)

	// The card says it too: TST over 2 nights.
	for _, l := range HealthCard(ss, nil, r, Options{}).Lines() {
		if l.Metric == "total sleep time" && (l.N != 2 || l.Value != 410) {
			t.Errorf("card line %+v, want 410 min over 2 nights", l)
		}
	}
}

func TestStagelessNightWithoutLatencyInTheGrid(t *testing.T) {
	// A classic night: in bed 23:00-07:00, 7 h asleep, no latency, no
	// stages. However long the latency, the person was asleep from 00:00
	// (End − Asleep) to 07:00; 23:00-00:00 is unknown, not wake.
	s := wearnb.Sleep{Date: wearnb.MustDate("2024-01-10"), IsMain: true,
		Start: at(nyc, 2024, 1, 9, 23, 0), End: at(nyc, 2024, 1, 10, 7, 0),
		InBed: wearnb.Some(8 * time.Hour), Asleep: wearnb.Some(7 * time.Hour)}
	other := staged("2024-01-09", true, at(nyc, 2024, 1, 8, 23, 0), L, 480)
	r := wearnb.Range{From: wearnb.MustDate("2024-01-09"), To: wearnb.MustDate("2024-01-10")}
	g := SleepWakeFromSleeps([]wearnb.Sleep{other, s}, r, time.Hour, false)
	state := func(day, hour int) State { return g.State[day*24+hour] }
	for h, want := range map[int]State{22: Wake, 23: Missing} {
		if got := state(0, h); got != want {
			t.Errorf("9 Jan %02d:00 is %v, want %v", h, got, want)
		}
	}
	for h := range 7 {
		if got := state(1, h); got != Sleep {
			t.Errorf("10 Jan %02d:00 is %v, want sleep", h, got)
		}
	}
	if got := state(1, 7); got != Wake {
		t.Errorf("10 Jan 07:00 is %v, want wake", got)
	}
	// The night's row: onset and midsleep unknown, the final awakening
	// known.
	row := Nightly(NightsFromSleeps([]wearnb.Sleep{s}), Options{})[0]
	near(t, "SOL", row.SOL, math.NaN(), 0)
	near(t, "midsleep", row.MidClock, math.NaN(), 0)
	near(t, "offset", row.OffsetClock, 7*60, 0)
	near(t, "SE", row.SE, 87.5, 1e-9)
}

func TestUnreportedStepsStayMissing(t *testing.T) {
	h := func(hh int, steps wearnb.Opt[int]) wearnb.HourMoves {
		return wearnb.HourMoves{Start: time.Date(2024, 3, 1, hh, 0, 0, 0, nyc), Steps: steps}
	}
	// 08:00 has 120 steps; 09:00 has a record whose steps were not
	// reported; 10:00 has no record.
	hours := []wearnb.HourMoves{h(8, wearnb.Some(120)), h(9, wearnb.Opt[int]{}), h(11, wearnb.Some(0))}
	for name, s := range map[string]Series{"StepsFromHours": StepsFromHours(hours), "StepsFromSparseHours": StepsFromSparseHours(hours)} {
		near(t, name+" 08:00", s.Values[8], 120, 0)
		if !s.IsMissing(9) {
			t.Errorf("%s: 09:00 (steps not reported) = %v, want missing", name, s.Values[9])
		}
		near(t, name+" 11:00 (a reported 0)", s.Values[11], 0, 0)
	}
	if !StepsFromHours(hours).IsMissing(10) {
		t.Error("StepsFromHours: 10:00 (no record) should be missing")
	}
	near(t, "StepsFromSparseHours 10:00 (no record on a day with steps)", StepsFromSparseHours(hours).Values[10], 0, 0)
}

func TestFlaggedSleepLeftOutByDefault(t *testing.T) {
	ss := threeNights()
	// Thursday's record is flagged (a tracker left in sleep mode): never
	// the main sleep of its date.
	ss[1].Flag, ss[1].IsMain = wearnb.FlagTooLong, false
	if n := len(Nightly(NightsFromSleeps(ss), Options{})); n != 2 {
		t.Errorf("%d rows, want 2: the flagged sleep left out", n)
	}
	if n := len(Nightly(NightsFromSleeps(ss), Options{IncludeFlagged: true})); n != 3 {
		t.Errorf("%d rows with IncludeFlagged, want 3", n)
	}
	// In the grid its night is missing (no main sleep that date), not awake.
	r := wearnb.Range{From: wearnb.MustDate("2024-01-10"), To: wearnb.MustDate("2024-01-12")}
	g := SleepWakeFromSleeps(ss, r, time.Hour, false)
	for h := range 12 {
		if st := g.State[24+h]; st != Missing {
			t.Fatalf("11 Jan %02d:00 is %v, want missing", h, st)
		}
	}
	c := HealthCard(ss, nil, r, Options{})
	if c.Period.Nights != 2 || c.Naps != 0 {
		t.Errorf("card: %d nights, %d naps; want 2 and 0 (a flagged record is no nap either)", c.Period.Nights, c.Naps)
	}
}
