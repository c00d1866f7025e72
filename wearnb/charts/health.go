package charts

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"wearnb.dev/wearnb/metrics"
)

// timingBase is the clock hour the sleep timing chart's y axis starts at:
// clock times before it are drawn a day later (01:00 as 25), so a night's
// onset, midsleep and offset stay in order across midnight.
const timingBase = 15.0

func unwrapHour(min float64) float64 {
	h := min / 60
	if h < timingBase {
		h += 24
	}
	return h
}

// clockTicks labels an axis of unwrapped clock hours as hh:00, every step
// hours.
type clockTicks struct{ step int }

func (c clockTicks) Ticks(lo, hi float64) []plot.Tick {
	var out []plot.Tick
	for h := int(math.Ceil(lo)); float64(h) <= hi; h++ {
		if h%c.step == 0 {
			out = append(out, plot.Tick{Value: float64(h), Label: fmt.Sprintf("%02d:00", h%24)})
		} else {
			out = append(out, plot.Tick{Value: float64(h)})
		}
	}
	return out
}

// segments splits xys at NaN y values into drawable lines.
func segments(xys plotter.XYs) []plotter.XYs {
	var out []plotter.XYs
	var cur plotter.XYs
	for _, p := range xys {
		if math.IsNaN(p.Y) {
			if len(cur) > 0 {
				out = append(out, cur)
			}
			cur = nil
			continue
		}
		cur = append(cur, p)
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// addLine adds xys as one line per run without NaN, in style c, and returns
// the first for the legend (nil when there is nothing to draw).
func addLine(p *plot.Plot, xys plotter.XYs, c color.Color, w vg.Length) (*plotter.Line, error) {
	var first *plotter.Line
	for _, seg := range segments(xys) {
		if len(seg) == 1 { // a lone point: draw it as a dot-length line
			seg = append(seg, seg[0])
		}
		l, err := plotter.NewLine(seg)
		if err != nil {
			return nil, fmt.Errorf("charts: %w", err)
		}
		l.Color = c
		l.Width = w
		p.Add(l)
		if first == nil {
			first = l
		}
	}
	return first, nil
}

var (
	colorOnset  = ColorDeep
	colorMid    = ColorREM
	colorOffset = ColorAwake
)

// SleepTiming plots the clock time of sleep onset, midsleep and sleep
// offset (final awakening) of every main sleep on the local clock (see
// package metrics, "Which clock"), one column of points per date: filled
// circles before workdays, open triangles before free days (NightRow.Free).
// A line through each is the circular mean of the trailing window main
// sleeps (7 if window is 0). Clock times before 15:00 are drawn after
// midnight of the next day, so a night reads bottom (onset) to top
// (offset). A trip shows as a jump of the points; a weekend shift as the
// triangles above the circles.
func SleepTiming(rows []metrics.NightRow, window int) (*plot.Plot, error) {
	if window <= 0 {
		window = 7
	}
	var ms []metrics.NightRow
	for _, r := range rows {
		if r.Main && !(math.IsNaN(r.OnsetClock) && math.IsNaN(r.OffsetClock)) {
			ms = append(ms, r)
		}
	}
	if len(ms) == 0 {
		return nil, ErrNoData
	}
	sortRows(ms)
	p := plot.New()
	p.Title.Text = "Sleep timing: onset, midsleep, offset (local clock)"
	p.Y.Label.Text = "local clock"
	dateTicks(p)
	p.Add(plotter.NewGrid())
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range []struct {
		name string
		get  func(metrics.NightRow) float64
		col  color.Color
	}{
		{"onset", func(r metrics.NightRow) float64 { return r.OnsetClock }, colorOnset},
		{"midsleep", func(r metrics.NightRow) float64 { return r.MidClock }, colorMid},
		{"offset", func(r metrics.NightRow) float64 { return r.OffsetClock }, colorOffset},
	} {
		var work, free plotter.XYs
		mean := make(plotter.XYs, len(ms))
		for i, r := range ms {
			x := dayX(r.Date)
			if v := s.get(r); !math.IsNaN(v) {
				pt := plotter.XY{X: x, Y: unwrapHour(v)}
				if r.Free {
					free = append(free, pt)
				} else {
					work = append(work, pt)
				}
				lo, hi = math.Min(lo, pt.Y), math.Max(hi, pt.Y)
			}
			var win []float64
			for j := i; j >= 0 && ms[j].Date.After(r.Date.AddDays(-window)); j-- {
				win = append(win, s.get(ms[j]))
			}
			m, _ := metrics.CircularMean(win)
			mean[i] = plotter.XY{X: x, Y: math.NaN()}
			if !math.IsNaN(m) {
				mean[i].Y = unwrapHour(m)
			}
		}
		for _, pts := range []struct {
			xys   plotter.XYs
			shape draw.GlyphDrawer
		}{{work, draw.CircleGlyph{}}, {free, draw.TriangleGlyph{}}} {
			if len(pts.xys) == 0 {
				continue
			}
			sc, err := plotter.NewScatter(downsample(pts.xys, MaxPoints))
			if err != nil {
				return nil, fmt.Errorf("charts: %w", err)
			}
			sc.GlyphStyle = draw.GlyphStyle{Color: s.col, Radius: vg.Points(1.6), Shape: pts.shape}
			if _, ok := pts.shape.(draw.TriangleGlyph); ok {
				sc.GlyphStyle.Shape = draw.RingGlyph{}
				sc.GlyphStyle.Radius = vg.Points(2)
			}
			p.Add(sc)
		}
		l, err := addLine(p, downsample(mean, MaxPoints), s.col, vg.Points(1.3))
		if err != nil {
			return nil, err
		}
		if l != nil {
			p.Legend.Add(fmt.Sprintf("%s (%d-night circular mean)", s.name, window), l)
		}
	}
	if math.IsInf(lo, 0) {
		return nil, ErrNoData
	}
	p.Y.Min, p.Y.Max = math.Floor(lo)-0.5, math.Ceil(hi)+2.5 // room for the legend
	p.Y.Tick.Marker = clockTicks{step: 2}
	p.Legend.Top = true
	p.Legend.Add("● before a workday  ○ before a free day")
	return p, nil
}

func sortRows(rs []metrics.NightRow) {
	for i := 1; i < len(rs); i++ {
		for j := i; j > 0 && rs[j].Date.Before(rs[j-1].Date); j-- {
			rs[j], rs[j-1] = rs[j-1], rs[j]
		}
	}
}

// RegularityTrend plots the Sleep Regularity Index (0–100) and the social
// jetlag (minutes) of each rolling window (usually 28 days,
// metrics.RegularityTrend) against the window's last date. Windows below
// the minimum data leave a gap.
func RegularityTrend(trend []metrics.Regularity) (*plot.Plot, error) {
	sri := make(plotter.XYs, 0, len(trend))
	sjl := make(plotter.XYs, 0, len(trend))
	any := false
	for _, r := range trend {
		x := dayX(r.Date)
		sri = append(sri, plotter.XY{X: x, Y: r.SRI})
		sjl = append(sjl, plotter.XY{X: x, Y: r.SJL})
		any = any || !math.IsNaN(r.SRI) || !math.IsNaN(r.SJL)
	}
	if !any {
		return nil, ErrNoData
	}
	p := plot.New()
	p.Title.Text = "Regularity: SRI and social jetlag over rolling windows"
	p.Y.Label.Text = "SRI (index)  ·  social jetlag (min)"
	dateTicks(p)
	p.Add(plotter.NewGrid())
	l, err := addLine(p, downsample(sri, MaxPoints), ColorSleep, vg.Points(1.5))
	if err != nil {
		return nil, err
	}
	if l != nil {
		p.Legend.Add("SRI", l)
	}
	l, err = addLine(p, downsample(sjl, MaxPoints), ColorMean, vg.Points(1.5))
	if err != nil {
		return nil, err
	}
	if l != nil {
		p.Legend.Add("social jetlag (min)", l)
	}
	p.Y.Min = 0
	p.Y.Max = math.Max(p.Y.Max, 100) * 1.15
	p.Legend.Top = true
	return p, nil
}

// ActivityProfile plots the average day of a rest-activity rhythm
// (metrics.Rhythm.Profile, per epoch from 00:00) with the L5 and M10
// windows shaded, both wrapping at midnight where they do, and IS, IV and
// RA in the title.
func ActivityProfile(rh metrics.Rhythm) (*plot.Plot, error) {
	n := len(rh.Profile)
	if n == 0 {
		return nil, ErrNoData
	}
	xys := make(plotter.XYs, n)
	top := 0.0
	have := false
	for i, v := range rh.Profile {
		xys[i] = plotter.XY{X: 24 * (float64(i) + 0.5) / float64(n), Y: v}
		if !math.IsNaN(v) {
			top = math.Max(top, v)
			have = true
		}
	}
	if !have {
		return nil, ErrNoData
	}
	if top == 0 {
		top = 1
	}
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Average day: IS %s, IV %s, RA %s", f2(rh.IS), f2(rh.IV), f2(rh.RA))
	p.X.Label.Text = "local clock"
	p.Y.Label.Text = "mean per epoch"
	p.X.Min, p.X.Max = 0, 24
	p.X.Tick.Marker = clockTicks{step: 3}
	p.Add(plotter.NewGrid())
	for _, w := range []struct {
		start, hours float64
		name         string
		col          color.NRGBA
	}{
		{rh.L5Start, 5, "L5", color.NRGBA{R: 0x1f, G: 0x3a, B: 0x93, A: 0x40}},
		{rh.M10Start, 10, "M10", color.NRGBA{R: 0xf3, G: 0x9c, B: 0x12, A: 0x50}},
	} {
		if math.IsNaN(w.start) {
			continue
		}
		a := w.start / 60
		b := a + w.hours
		var first *plotter.Polygon
		for _, span := range [][2]float64{{a, math.Min(b, 24)}, {0, b - 24}} {
			if span[1] <= span[0] {
				continue
			}
			pg, err := plotter.NewPolygon(plotter.XYs{{X: span[0], Y: 0}, {X: span[1], Y: 0}, {X: span[1], Y: top * 1.05}, {X: span[0], Y: top * 1.05}})
			if err != nil {
				return nil, fmt.Errorf("charts: %w", err)
			}
			pg.Color = w.col
			pg.LineStyle.Width = 0
			p.Add(pg)
			if first == nil {
				first = pg
			}
		}
		p.Legend.Add(fmt.Sprintf("%s from %02d:%02d", w.name, int(w.start)/60, int(w.start)%60), first)
	}
	l, err := addLine(p, xys, ColorSleep, vg.Points(1.5))
	if err != nil {
		return nil, err
	}
	p.Legend.Add("average day", l)
	p.Y.Min, p.Y.Max = 0, top*1.3
	p.Legend.Top = true
	p.Legend.Left = true
	return p, nil
}

func f2(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return fmt.Sprintf("%.2f", v)
}

// SleepHealthCard draws the sleep health card (metrics.Card.Lines) as an
// image: one line per measure, its value and what it means. For the
// notebook, Card.HTML is the sharper table; this is for reports and files.
func SleepHealthCard(c metrics.Card) (*plot.Plot, error) {
	lines := c.Lines()
	if len(lines) == 0 {
		return nil, ErrNoData
	}
	p := plot.New()
	p.Title.Text = "Sleep health " + c.Range.String()
	p.HideAxes()
	p.X.Min, p.X.Max = 0, 1
	p.Y.Min, p.Y.Max = 0, float64(len(lines))
	p.Add(cardText{lines: lines})
	return p, nil
}

// cardText draws the card's lines in three columns.
type cardText struct{ lines []metrics.CardLine }

func (t cardText) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	sty := p.Title.TextStyle
	sty.Font.Size = vg.Points(8)
	sty.Font.Weight = 0
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YCenter
	sty.Color = color.Black
	grey := sty
	grey.Color = color.Gray{Y: 0x66}
	for i, l := range t.lines {
		y := trY(float64(len(t.lines)-i) - 0.5)
		c.FillText(sty, vg.Point{X: trX(0), Y: y}, l.Metric)
		c.FillText(sty, vg.Point{X: trX(0.25), Y: y}, l.Display)
		c.FillText(grey, vg.Point{X: trX(0.5), Y: y}, truncate(l.About, 60))
	}
}

func (t cardText) DataRange() (xmin, xmax, ymin, ymax float64) {
	return 0, 1, 0, float64(len(t.lines))
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
