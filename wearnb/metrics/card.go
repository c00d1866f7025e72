package metrics

import (
	"fmt"
	"math"

	"github.com/go-gota/gota/dataframe"

	"wearnb.dev/wearnb"
)

// RegularityTrend returns, for every date of r from the window-th on, the
// SRI (from grid, which must cover r) and the MCTQ social jetlag of the
// window days ending on it: the "is my schedule regular" trend, usually over
// 28 days.
func RegularityTrend(rows []NightRow, grid SleepWake, r wearnb.Range, window int, opt Options) []Regularity {
	opt = opt.withDefaults()
	ms := mainByDate(rows)
	pc := dayPairs(grid)
	var out []Regularity
	lo, hi := 0, 0
	for d := r.From.AddDays(window - 1); !d.After(r.To); d = d.AddDays(1) {
		w := wearnb.Range{From: d.AddDays(1 - window), To: d}
		for lo < len(ms) && ms[lo].Date.Before(w.From) {
			lo++
		}
		for hi < len(ms) && !ms[hi].Date.After(d) {
			hi++
		}
		row := w.From.Sub(grid.First)
		s := sriOf(pc, row, row+window-1, grid.M(), opt.MinDays)
		m := chronotype(ms[lo:max(lo, hi)], w, opt.Free)
		out = append(out, Regularity{
			Date: d, SRI: s.SRI, SJL: m.SJL, SJLRel: m.SJLRel,
			Nights: m.WorkNights + m.FreeNights, SRIPairsD: s.Days,
		})
	}
	return out
}

var regularityCols = []column[Regularity]{
	str("date", func(r Regularity) string { return r.Date.String() }),
	integer("nights", func(r Regularity) int { return r.Nights }),
	flt("sri", func(r Regularity) float64 { return r.SRI }),
	flt("sri_days", func(r Regularity) float64 { return r.SRIPairsD }),
	flt("sjl_min", func(r Regularity) float64 { return r.SJL }),
	flt("sjl_rel_min", func(r Regularity) float64 { return r.SJLRel }),
}

// RegularityFrame returns a regularity trend as a frame: date, nights (main
// sleeps in the window), sri, sri_days (the SRI's data in days' worth of
// epoch pairs), sjl_min and sjl_rel_min.
func RegularityFrame(rs []Regularity) (dataframe.DataFrame, error) {
	return frameOf(regularityCols, rs)
}

// Card is the sleep health card: the summary a notebook shows first.
type Card struct {
	// Name titles the card and heads its column in [Compare]; "" shows the
	// range instead.
	Name   string
	Range  wearnb.Range
	Naps   int
	Period PeriodStats
	MCTQ   MCTQ
	Debt   Debt
	SRI    SRIResult
	Rhythm Rhythm
	Opt    Options // with defaults filled in
}

// Named returns the card with its Name set.
func (c Card) Named(name string) Card {
	c.Name = name
	return c
}

// title is the card's Name, or its range when it has none.
func (c Card) title() string {
	if c.Name != "" {
		return c.Name
	}
	return c.Range.String()
}

// Source gives the sleeps and hourly steps of a range: a synthetic person
// of the sandbox (*synth.Person has these methods) or a small adapter
// around any other store. A notebook's account (nb.Account) returns its
// own selector type; pass its records to [HealthCard] instead.
type Source interface {
	Sleeps(r wearnb.Range) []wearnb.Sleep
	Hours(r wearnb.Range) []wearnb.HourMoves
}

// CardOf is HealthCard over src's sleeps and hourly steps of r.
func CardOf(src Source, r wearnb.Range, opt Options) Card {
	return HealthCard(src.Sleeps(r), src.Hours(r), r, opt)
}

// HealthCard computes the sleep health card of the dates of r from sleeps
// (main sleeps and naps) and hourly steps (nil for none): the period stats,
// MCTQ chronotype and social jetlag, sleep debt at r.To, SRI and the
// rest-activity rhythm (with opt.SparseSteps, hours without a record on a
// date with steps count as 0 steps). It reads the records through the package's adapters
// ([NightsFromSleeps], [SleepWakeFromSleeps], [StepsFromHours]); see Card.Frame
// and Card.HTML to show it.
func HealthCard(sleeps []wearnb.Sleep, hours []wearnb.HourMoves, r wearnb.Range, opt Options) Card {
	opt = opt.withDefaults()
	rows := Nightly(NightsFromSleeps(sleeps), opt)
	grid := SleepWakeFromSleeps(sleeps, r, opt.SRIEpoch, opt.IncludeFlagged)
	var in []wearnb.HourMoves
	for _, h := range hours {
		if r.Contains(wearnb.DateOf(h.Start)) {
			in = append(in, h)
		}
	}
	steps := StepsFromHours(in)
	if opt.SparseSteps {
		steps = StepsFromSparseHours(in)
	}
	c := Card{
		Range: r, Opt: opt,
		Period: Period(rows, r),
		MCTQ:   ChronotypeMCTQ(rows, r, opt.Free),
		Debt:   SleepDebt(rows, r.To, opt),
		SRI:    SRI(grid, opt.MinDays),
		Rhythm: RestActivity(steps, RhythmOptions{MinDays: opt.MinDays}),
	}
	for _, x := range rows {
		if !x.Main && r.Contains(x.Date) {
			c.Naps++
		}
	}
	return c
}

// CardLine is one line of the card.
type CardLine struct {
	Metric  string  // name
	Value   float64 // number: minutes, hours after midnight for clock times, percent, index
	Display string  // the value as a person reads it ("23:41", "7 h 12 min")
	Unit    string
	N       int    // nights or days behind it
	About   string // what it means, in a line
}

// Lines returns the card's lines in display order.
func (c Card) Lines() []CardLine {
	p, m := c.Period, c.MCTQ
	dur := func(name string, s Stat, about string) CardLine {
		return CardLine{name, s.Mean, fmtDur(s.Mean) + pm(s.SD, fmtDur), "min", s.N, about}
	}
	clk := func(name string, s ClockStat, about string) CardLine {
		return CardLine{name, s.Mean / 60, fmtClock(s.Mean) + pm(s.SD, fmtDur), "clock h", s.N, about}
	}
	num := func(name string, v float64, f string, unit string, n int, about string) CardLine {
		return CardLine{name, v, fmtNum(f, v), unit, n, about}
	}
	rh := c.Rhythm
	return []CardLine{
		{"nights", float64(p.Nights), fmt.Sprint(p.Nights), "nights", p.Nights, fmt.Sprintf("main sleeps recorded in %d days, plus %d naps", c.Range.Days(), c.Naps)},
		dur("total sleep time", p.TST, "time asleep per night, mean ± SD"),
		dur("time in bed", p.TIB, "into bed to out of bed"),
		num("sleep efficiency", p.SE.Mean, "%.1f %%", "%", p.SE.N, "share of the time in bed asleep"),
		dur("sleep onset latency", p.SOL, "into bed to first sleep"),
		dur("wake after sleep onset", p.WASO, "awake between first sleep and final awakening"),
		num("awakenings", p.Awakenings.Mean, "%.1f", "per night", p.Awakenings.N, "wake bouts of "+fmtDur(c.Opt.MinAwakening.Minutes())+" or more"),
		clk("sleep onset", p.Onset, "local clock, circular mean ± circular SD"),
		clk("midsleep", p.Mid, "halfway between onset and final awakening"),
		clk("sleep offset", p.Offset, "final awakening"),
		{"MSW", m.MSW / 60, fmtClock(m.MSW), "clock h", m.WorkNights, "MCTQ mid-sleep before workdays"},
		{"MSF", m.MSF / 60, fmtClock(m.MSF), "clock h", m.FreeNights, "MCTQ mid-sleep before free days"},
		{"MSF_sc (chronotype)", m.MSFsc / 60, fmtClock(m.MSFsc), "clock h", m.FreeNights, "MSF corrected for catch-up sleep; later = later chronotype"},
		{"social jetlag", m.SJL, fmtDur(m.SJL) + fmtSigned(m.SJLRel), "min", m.WorkNights + m.FreeNights, "|MSF − MSW|: the weekly jump between work and free-day timing"},
		{"weekly sleep loss", m.SleepLossWk, fmtDur(m.SleepLossWk), "min/week", m.WorkNights + m.FreeNights, "MCTQ sleep lost over the week against the weekly mean"},
		{"sleep debt", c.Debt.Debt, fmtDur(c.Debt.Debt), "min", c.Debt.Nights, fmt.Sprintf("need %s a night: shortfall over the last %d nights", fmtDur(c.Opt.SleepNeed.Minutes()), c.Opt.DebtNights)},
		num("SRI", c.SRI.SRI, "%.0f", "index", int(c.SRI.Days), "Sleep Regularity Index: 100 = same sleep/wake times every day, 0 = random"),
		num("IS", rh.IS, "%.2f", "0–1", rh.Days, "interdaily stability: how alike the days' activity is"),
		num("IV", rh.IV, "%.2f", "0–2", rh.Days, "intradaily variability: how fragmented activity is within a day"),
		{"L5", rh.L5, fmtNum("%.0f", rh.L5) + " from " + fmtClock(rh.L5Start), "steps/h", rh.Days, "least active 5 hours of the average day"},
		{"M10", rh.M10, fmtNum("%.0f", rh.M10) + " from " + fmtClock(rh.M10Start), "steps/h", rh.Days, "most active 10 hours of the average day"},
		num("RA", rh.RA, "%.2f", "0–1", rh.Days, "relative amplitude (M10 − L5)/(M10 + L5)"),
	}
}

var cardCols = []column[CardLine]{
	str("metric", func(l CardLine) string { return l.Metric }),
	flt("value", func(l CardLine) float64 { return l.Value }),
	str("display", func(l CardLine) string { return l.Display }),
	str("unit", func(l CardLine) string { return l.Unit }),
	integer("n", func(l CardLine) int { return l.N }),
	str("about", func(l CardLine) string { return l.About }),
}

// Frame returns the card as a frame, one row per line: metric, value (the
// number: minutes, clock hours after midnight, percent or index), display
// (as a person reads it), unit, n (nights or days behind it), about.
func (c Card) Frame() (dataframe.DataFrame, error) { return frameOf(cardCols, c.Lines()) }

// HTML returns the card as a self-contained HTML table (inline styles only),
// for a notebook to display.
func (c Card) HTML() string { return linesHTML("Sleep health "+c.caption(), c.Lines()) }

// String returns the card as plain text, one line per measure, for a
// terminal (the notebook front shows HTML in a notebook and this outside).
func (c Card) String() string { return linesText("Sleep health "+c.caption(), c.Lines()) }

func (c Card) caption() string {
	if c.Name != "" {
		return c.Name + ", " + c.Range.String()
	}
	return c.Range.String()
}

func fmtDur(m float64) string {
	if math.IsNaN(m) {
		return "–"
	}
	neg := ""
	if m < 0 {
		neg, m = "−", -m
	}
	r := int(math.Round(m))
	if r < 60 {
		return fmt.Sprintf("%s%d min", neg, r)
	}
	return fmt.Sprintf("%s%d h %02d min", neg, r/60, r%60)
}

func fmtSigned(m float64) string {
	if math.IsNaN(m) {
		return ""
	}
	if m >= 0 {
		return " (free days later)"
	}
	return " (free days earlier)"
}

// fmtClock formats clock minutes as hh:mm.
func fmtClock(m float64) string {
	if math.IsNaN(m) {
		return "–"
	}
	r := int(math.Round(wrap(m))) % 1440
	return fmt.Sprintf("%02d:%02d", r/60, r%60)
}

func pm(sd float64, f func(float64) string) string {
	if math.IsNaN(sd) {
		return ""
	}
	return " ± " + f(sd)
}

func fmtNum(f string, v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return fmt.Sprintf(f, v)
}
