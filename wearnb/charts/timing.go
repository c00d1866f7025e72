package charts

import (
	"fmt"
	"image/color"
	"math"
	"sort"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"wearnb.dev/wearnb"
)

// actogramStart is the clock hour the actogram's x axis starts at: 18:00, so
// a night is one unbroken bar.
const actogramStart = 18

// Actogram draws a sleep timing raster: one row per date (oldest on top), and
// a bar from falling asleep to waking for every sleep period, on local clock
// time from 18:00 to 18:00 the next day. Naps are drawn lighter; flagged
// sleeps (wearnb.Flag) are left out.
func Actogram(sleeps []wearnb.Sleep) (*plot.Plot, error) {
	r := newRaster(wearnb.Sleeps(sleeps).Plausible())
	if r == nil {
		return nil, ErrNoData
	}
	first := r.first
	p := plot.New()
	p.Title.Text = "Sleep timing"
	p.X.Min, p.X.Max = 0, 24
	ticks := make([]plot.Tick, 0, 9)
	for h := 0; h <= 24; h += 3 {
		ticks = append(ticks, plot.Tick{Value: float64(h), Label: fmt.Sprintf("%02d:00", (h+actogramStart)%24)})
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	p.Y.Min, p.Y.Max = -float64(r.rows), 0
	p.Y.Tick.Marker = rowTicks{first: first, rows: r.rows}
	p.X.Label.Text = "local clock time"
	p.Add(plotter.NewGrid(), r)
	return p, nil
}

// newRaster places every sleep on its row and clock-hour span; nil for no
// sleeps.
func newRaster(sleeps []wearnb.Sleep) *raster {
	if len(sleeps) == 0 {
		return nil
	}
	first, last := sleeps[0].Date, sleeps[0].Date
	for _, s := range sleeps {
		if s.Date.Before(first) {
			first = s.Date
		}
		if s.Date.After(last) {
			last = s.Date
		}
	}
	// Rows are evenings: the date of the start shifted back 18 hours, which
	// can be the day before the first Date.
	first = first.AddDays(-1)
	r := &raster{first: first, rows: last.Sub(first) + 1}
	for _, s := range sleeps {
		start := s.Start
		anchor := wearnb.DateOf(start.Add(-actogramStart * time.Hour))
		x0 := start.Sub(anchor.In(start.Location()).Add(actogramStart * time.Hour)).Hours()
		r.bars = append(r.bars, bar{row: anchor.Sub(first), x0: x0, x1: x0 + s.End.Sub(s.Start).Hours(), nap: !s.IsMain})
	}
	return r
}

type bar struct {
	row    int
	x0, x1 float64
	nap    bool
}

// raster is a plot.Plotter drawing one filled rectangle per bar; a custom
// plotter keeps years of nights to one plotter instead of thousands.
type raster struct {
	first wearnb.Date
	rows  int
	bars  []bar
}

func (r *raster) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, b := range r.bars {
		col := color.Color(ColorSleep)
		if b.nap {
			col = ColorLight
		}
		x0, x1 := math.Max(b.x0, 0), math.Min(b.x1, 24)
		if x1 <= x0 {
			continue
		}
		top, bottom := trY(-float64(b.row)), trY(-float64(b.row+1))
		if top-bottom < vg.Points(0.5) {
			bottom = top - vg.Points(0.5)
		}
		pts := []vg.Point{{X: trX(x0), Y: bottom}, {X: trX(x1), Y: bottom}, {X: trX(x1), Y: top}, {X: trX(x0), Y: top}}
		c.FillPolygon(col, c.ClipPolygonXY(pts))
	}
}

func (r *raster) DataRange() (xmin, xmax, ymin, ymax float64) {
	return 0, 24, -float64(r.rows), 0
}

// rowTicks labels actogram rows with dates, about eight labels in all.
type rowTicks struct {
	first wearnb.Date
	rows  int
}

func (t rowTicks) Ticks(_, _ float64) []plot.Tick {
	step := max(1, t.rows/8)
	var out []plot.Tick
	for r := 0; r < t.rows; r += step {
		out = append(out, plot.Tick{Value: -float64(r) - 0.5, Label: t.first.AddDays(r).String()})
	}
	return out
}

// StepsHeatmap draws steps per hour: one row per date, one column per local
// clock hour. Dates without data, and hours whose steps are not reported,
// stay blank.
func StepsHeatmap(hoursIn []wearnb.HourMoves) (*plot.Plot, error) {
	if len(hoursIn) == 0 {
		return nil, ErrNoData
	}
	g := &dayHourGrid{}
	g.first = wearnb.DateOf(hoursIn[0].Start)
	last := g.first
	for _, h := range hoursIn {
		d := wearnb.DateOf(h.Start)
		if d.Before(g.first) {
			g.first = d
		}
		if d.After(last) {
			last = d
		}
	}
	g.rows = last.Sub(g.first) + 1
	g.z = make([]float64, g.rows*24)
	for i := range g.z {
		g.z[i] = math.NaN()
	}
	for _, h := range hoursIn {
		steps, ok := h.Steps.Get()
		if !ok {
			continue
		}
		r := wearnb.DateOf(h.Start).Sub(g.first)
		c := h.Start.Hour()
		if math.IsNaN(g.z[r*24+c]) {
			g.z[r*24+c] = 0
		}
		g.z[r*24+c] += float64(steps)
	}
	// A perceptually uniform map (dark = still, bright = busy) whose top is
	// the 95th percentile, so a few very busy hours don't wash out the rest.
	cm := moreland.ExtendedBlackBody()
	top := percentile(g.z, 0.95)
	if top <= 0 {
		top = 1
	}
	cm.SetMin(0)
	cm.SetMax(1)
	// Stop short of the map's white end, which would read as "no data".
	cols := cm.Palette(64).Colors()[:56]
	hm := plotter.NewHeatMap(g, fixedPalette(cols))
	hm.Min, hm.Max = 0, top
	hm.Overflow = cols[len(cols)-1]
	hm.NaN = color.Gray{Y: 0xf0} // hours without data
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Steps per hour (brightest: %.0f or more)", top)
	p.X.Label.Text = "hour of day"
	p.Add(hm)
	p.Y.Tick.Marker = heatRowTicks{g}
	return p, nil
}

// fixedPalette is a palette.Palette of given colors.
type fixedPalette []color.Color

func (p fixedPalette) Colors() []color.Color { return p }

// percentile returns the q-quantile (0..1) of the non-NaN values of v.
func percentile(v []float64, q float64) float64 {
	var xs []float64
	for _, x := range v {
		if !math.IsNaN(x) {
			xs = append(xs, x)
		}
	}
	if len(xs) == 0 {
		return 0
	}
	sort.Float64s(xs)
	return xs[int(q*float64(len(xs)-1))]
}

type dayHourGrid struct {
	first wearnb.Date
	rows  int
	z     []float64
}

func (g *dayHourGrid) Dims() (c, r int)   { return 24, g.rows }
func (g *dayHourGrid) Z(c, r int) float64 { return g.z[(g.rows-1-r)*24+c] }
func (g *dayHourGrid) X(c int) float64    { return float64(c) + 0.5 }
func (g *dayHourGrid) Y(r int) float64    { return float64(r) }

type heatRowTicks struct{ g *dayHourGrid }

func (t heatRowTicks) Ticks(_, _ float64) []plot.Tick {
	step := max(1, t.g.rows/8)
	var out []plot.Tick
	for r := 0; r < t.g.rows; r += step {
		out = append(out, plot.Tick{Value: float64(t.g.rows - 1 - r), Label: t.g.first.AddDays(r).String()})
	}
	return out
}

// StepsVsSleep plots each day's steps against the total sleep time of the
// night that follows it (the main sleep ending the next day), with a
// least-squares line; the title reports the slope per 1000 steps and r.
// Days without reported steps and nights without a reported time asleep
// are skipped; flagged sleeps are left out.
func StepsVsSleep(days []wearnb.DayMoves, sleeps []wearnb.Sleep) (*plot.Plot, error) {
	night := map[wearnb.Date]float64{}
	for _, s := range mainSleeps(sleeps) {
		if a, ok := s.Asleep.Get(); ok {
			night[s.Date] = hours(a)
		}
	}
	var xys plotter.XYs
	for _, d := range days {
		steps, ok := d.Steps.Get()
		if h, found := night[d.Date.AddDays(1)]; ok && found {
			xys = append(xys, plotter.XY{X: float64(steps), Y: h})
		}
	}
	if len(xys) < 2 {
		return nil, ErrNoData
	}
	sort.Slice(xys, func(i, j int) bool { return xys[i].X < xys[j].X })
	slope, icept, r := fit(xys)
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Steps and the night after: %+.2f h per 1000 steps, r = %.2f", slope*1000, r)
	p.X.Label.Text = "steps that day"
	p.Y.Label.Text = "hours asleep that night"
	sc, err := NewScatter(xys)
	if err != nil {
		return nil, fmt.Errorf("charts: %w", err)
	}
	sc.GlyphStyle.Radius = vg.Points(1.2)
	sc.GlyphStyle.Color = color.RGBA{R: 0x34, G: 0x49, B: 0x5e, A: 0x80}
	line := plotter.NewFunction(func(x float64) float64 { return icept + slope*x })
	line.Color = ColorMean
	line.Width = vg.Points(1.5)
	p.Add(plotter.NewGrid(), sc, line)
	return p, nil
}

// fit returns the least-squares line y = icept + slope·x and Pearson's r.
func fit(xys plotter.XYs) (slope, icept, r float64) {
	n := float64(len(xys))
	var sx, sy float64
	for _, p := range xys {
		sx += p.X
		sy += p.Y
	}
	mx, my := sx/n, sy/n
	var sxx, syy, sxy float64
	for _, p := range xys {
		dx, dy := p.X-mx, p.Y-my
		sxx += dx * dx
		syy += dy * dy
		sxy += dx * dy
	}
	if sxx == 0 {
		return 0, my, 0
	}
	slope = sxy / sxx
	icept = my - slope*mx
	if syy > 0 {
		r = sxy / math.Sqrt(sxx*syy)
	}
	return slope, icept, r
}
