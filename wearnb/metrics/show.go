package metrics

import (
	"fmt"
	"html"
	"math"
	"strings"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
)

// How results show themselves: an HTML() method makes a value a card for
// the notebook front (nb.Show), String() its terminal form. Both are built
// from CardLines, so the card, the MCTQ measures and a comparison read
// alike.

const (
	tableStyle   = `border-collapse:collapse;font-family:sans-serif;font-size:13px`
	captionStyle = `text-align:left;font-weight:bold;padding:4px`
	nameStyle    = `padding:2px 8px;font-weight:bold`
	valueStyle   = `padding:2px 8px;text-align:right`
	aboutStyle   = `padding:2px 8px;color:#666`
)

// linesHTML renders lines as a three-column table: metric, display, about.
func linesHTML(caption string, lines []CardLine) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<table style="%s">`, tableStyle)
	fmt.Fprintf(&b, `<caption style="%s">%s</caption>`, captionStyle, html.EscapeString(caption))
	for _, l := range lines {
		fmt.Fprintf(&b, `<tr><td style="%s">%s</td><td style="%s">%s</td><td style="%s">%s</td></tr>`,
			nameStyle, html.EscapeString(l.Metric), valueStyle, html.EscapeString(l.Display), aboutStyle, html.EscapeString(l.About))
	}
	b.WriteString("</table>")
	return b.String()
}

// linesText renders lines as aligned plain text under a caption.
func linesText(caption string, lines []CardLine) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", caption)
	for _, l := range lines {
		fmt.Fprintf(&b, "  %-26s %-28s %s\n", l.Metric, l.Display, l.About)
	}
	return b.String()
}

// Lines returns the MCTQ measures as card lines, inputs first: nights and
// days per week, sleep onset and duration on workdays and free days, then
// MSW, MSF, MSF_sc, social jetlag and weekly sleep loss. Clock values are
// hours after midnight, durations minutes, as in [Card.Lines].
func (m MCTQ) Lines() []CardLine {
	n := m.WorkNights + m.FreeNights
	clk := func(name string, v float64, nights int, about string) CardLine {
		return CardLine{name, v / 60, fmtClock(v), "clock h", nights, about}
	}
	dur := func(name string, v float64, nights int, about string) CardLine {
		return CardLine{name, v, fmtDur(v), "min", nights, about}
	}
	return []CardLine{
		{"workday nights", float64(m.WorkNights), fmt.Sprint(m.WorkNights), "nights", m.WorkNights, fmt.Sprintf("main sleeps before a workday; WD = %s workdays a week", fmtNum("%.2f", m.WD))},
		{"free-day nights", float64(m.FreeNights), fmt.Sprint(m.FreeNights), "nights", m.FreeNights, fmt.Sprintf("main sleeps before a free day; FD = %s free days a week", fmtNum("%.2f", m.FD))},
		clk("sleep onset, workdays", m.SOw, m.WorkNights, "SO_w: circular mean of the onsets"),
		clk("sleep onset, free days", m.SOf, m.FreeNights, "SO_f"),
		dur("sleep duration, workdays", m.SDw, m.WorkNights, "SD_w: onset to final awakening, mean"),
		dur("sleep duration, free days", m.SDf, m.FreeNights, "SD_f"),
		clk("MSW", m.MSW, m.WorkNights, "mid-sleep on workdays: SO_w + SD_w/2"),
		clk("MSF", m.MSF, m.FreeNights, "mid-sleep on free days: SO_f + SD_f/2"),
		clk("MSF_sc (chronotype)", m.MSFsc, m.FreeNights, "MSF − (SD_f − SD_week)/2 when SD_f > SD_w: MSF without the catch-up sleep"),
		{"social jetlag", m.SJL, fmtDur(m.SJL) + fmtSigned(m.SJLRel), "min", n, "|MSF − MSW|: the clock jump between workdays and free days, every week"},
		dur("weekly sleep loss", m.SleepLossWk, n, "sleep lost over the week against SD_week = (SD_w·WD + SD_f·FD)/7"),
	}
}

// HTML returns the MCTQ measures as an HTML table, for a notebook.
func (m MCTQ) HTML() string { return linesHTML("Chronotype and social jetlag (MCTQ)", m.Lines()) }

// String returns the MCTQ measures as plain text.
func (m MCTQ) String() string { return linesText("Chronotype and social jetlag (MCTQ)", m.Lines()) }

// String says the debt in a line: how much, over which nights, against
// what need, and why it is missing when it is.
func (d Debt) String() string {
	over := fmt.Sprintf("the %d nights to %s", d.Window, d.End)
	if math.IsNaN(d.Debt) {
		return fmt.Sprintf("sleep debt unknown: %d of %s have sleep recorded, and it needs at least %d",
			d.Nights, over, (d.Window+1)/2)
	}
	return fmt.Sprintf("sleep debt %s over %s (%d with sleep recorded), against a need of %s a night",
		fmtDur(d.Debt), over, d.Nights, fmtDur(d.Need))
}

// Comparison is health cards side by side; see [Compare].
type Comparison []Card

// Compare lays health cards side by side, one column per card headed by its
// Name (or its range): two people, two years, before and after a change.
// Show it in a notebook (HTML), print it (String) or take its Frame.
func Compare(cards ...Card) Comparison { return Comparison(cards) }

// heads returns the column heads: each card's title, made unique.
func (c Comparison) heads() []string {
	seen := map[string]int{}
	out := make([]string, len(c))
	for i, k := range c {
		h := k.title()
		seen[h]++
		if n := seen[h]; n > 1 {
			h = fmt.Sprintf("%s (%d)", h, n)
		}
		out[i] = h
	}
	return out
}

// lines returns each card's lines; every card has the same lines in the
// same order (Card.Lines).
func (c Comparison) lines() [][]CardLine {
	out := make([][]CardLine, len(c))
	for i, k := range c {
		out[i] = k.Lines()
	}
	return out
}

// HTML returns the comparison as an HTML table: the measure, one column
// per card, and what the measure means.
func (c Comparison) HTML() string { return sideBySideHTML(c.heads(), c.lines()) }

// String returns the comparison as aligned plain text.
func (c Comparison) String() string { return sideBySideText(c.heads(), c.lines()) }

// sideBySideHTML renders ls (one slice of lines per column, the same
// measures in the same order) as a table: measure, one column per head,
// what the measure means.
func sideBySideHTML(heads []string, ls [][]CardLine) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<table style="%s">`, tableStyle)
	fmt.Fprintf(&b, `<tr><th style="%s"></th>`, nameStyle)
	for _, h := range heads {
		fmt.Fprintf(&b, `<th style="%s">%s</th>`, valueStyle, html.EscapeString(h))
	}
	fmt.Fprintf(&b, `<th style="%s"></th></tr>`, aboutStyle)
	if len(ls) > 0 {
		for j, l := range ls[0] {
			fmt.Fprintf(&b, `<tr><td style="%s">%s</td>`, nameStyle, html.EscapeString(l.Metric))
			for i := range ls {
				fmt.Fprintf(&b, `<td style="%s">%s</td>`, valueStyle, html.EscapeString(ls[i][j].Display))
			}
			fmt.Fprintf(&b, `<td style="%s">%s</td></tr>`, aboutStyle, html.EscapeString(l.About))
		}
	}
	b.WriteString("</table>")
	return b.String()
}

// sideBySideText renders ls as aligned plain text, one column per head.
func sideBySideText(heads []string, ls [][]CardLine) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-22s", "")
	for _, h := range heads {
		fmt.Fprintf(&b, " %-24s", h)
	}
	b.WriteString("\n")
	if len(ls) > 0 {
		for j, l := range ls[0] {
			fmt.Fprintf(&b, "%-22s", l.Metric)
			for i := range ls {
				fmt.Fprintf(&b, " %-24s", ls[i][j].Display)
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

// Frame returns the comparison as a frame, one row per measure: metric,
// unit, then one Float column per card (named by its column head) with the
// measure's value (see CardLine.Value).
func (c Comparison) Frame() (dataframe.DataFrame, error) {
	ls := c.lines()
	var metric, unit []string
	if len(ls) > 0 {
		for _, l := range ls[0] {
			metric, unit = append(metric, l.Metric), append(unit, l.Unit)
		}
	}
	cols := []series.Series{series.New(metric, series.String, "metric"), series.New(unit, series.String, "unit")}
	for i, h := range c.heads() {
		v := make([]float64, len(metric))
		for j := range v {
			v[j] = ls[i][j].Value
		}
		cols = append(cols, series.New(v, series.Float, h))
	}
	df := dataframe.New(cols...)
	if df.Err != nil {
		return dataframe.DataFrame{}, fmt.Errorf("metrics: build comparison frame: %w", df.Err)
	}
	return df, nil
}

// NamedRhythm is a rest-activity rhythm with a name for its column and the
// unit of the series it was computed on (L5 and M10 are in that unit):
// steps/h, bpm.
type NamedRhythm struct {
	Name, Unit string
	Rhythm
}

// Named returns the rhythm with a name and the unit of its series, for
// [CompareRhythms].
func (r Rhythm) Named(name, unit string) NamedRhythm { return NamedRhythm{name, unit, r} }

// Lines returns IS, IV, L5, M10 and RA as card lines, L5 and M10 with the
// unit and the start of their window ("54 bpm from 02:00").
func (r NamedRhythm) Lines() []CardLine {
	lx := func(v, start float64) string {
		if math.IsNaN(v) {
			return "–"
		}
		return fmt.Sprintf("%.0f %s from %s", v, r.Unit, fmtClock(start))
	}
	num := func(name string, v float64, unit, about string) CardLine {
		return CardLine{name, v, fmtNum("%.2f", v), unit, r.Days, about}
	}
	return []CardLine{
		num("IS", r.IS, "0–1", "interdaily stability: how alike the days are"),
		num("IV", r.IV, "0–2", "intradaily variability: how fragmented a day is, hour to hour"),
		{"L5", r.L5, lx(r.L5, r.L5Start), r.Unit, r.Days, "least active 5 hours of the average day"},
		{"M10", r.M10, lx(r.M10, r.M10Start), r.Unit, r.Days, "most active 10 hours of the average day"},
		num("RA", r.RA, "0–1", "relative amplitude (M10 − L5)/(M10 + L5)"),
		{"days", float64(r.Days), fmt.Sprint(r.Days), "days", r.Days, "valid days (2/3 of the day with data by default)"},
	}
}

// RhythmComparison is rest-activity rhythms side by side (CompareRhythms).
type RhythmComparison []NamedRhythm

// CompareRhythms lays rhythms side by side, one column per rhythm headed by
// its Name: the same days' steps and heart rate, or two people. Show it in
// a notebook (HTML) or print it (String).
func CompareRhythms(rs ...NamedRhythm) RhythmComparison { return RhythmComparison(rs) }

func (c RhythmComparison) parts() (heads []string, ls [][]CardLine) {
	for _, r := range c {
		heads, ls = append(heads, r.Name), append(ls, r.Lines())
	}
	return heads, ls
}

// HTML returns the rhythms as an HTML table: the measure, one column per
// rhythm, and what the measure means.
func (c RhythmComparison) HTML() string { return sideBySideHTML(c.parts()) }

// String returns the rhythms as aligned plain text.
func (c RhythmComparison) String() string { return sideBySideText(c.parts()) }
