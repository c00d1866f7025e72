package charts

import (
	"math"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Downsampling for drawing only. A line of half a million points (a year of
// minute heart rate) takes gonum/plot's rasterizer half a minute, yet at most
// a few thousand of its points can show on a chart a few hundred pixels
// wide. [Line] and [Scatter] draw what their points look like at the
// canvas's resolution and keep every point for the data range and legend;
// [MinMax], [LTTB] and [Bin] do the same reductions on data.

// colWidth is the width of one drawing column: half a point, finer than a
// pixel at up to 144 dpi, so the reduced line covers the same pixels.
const colWidth = vg.Length(0.5)

// Line is a plotter.Line that, at draw time, keeps only the first, lowest,
// highest and last point of each run of points falling into one column of
// the canvas (M4 reduction): the drawn line covers the same pixels as the
// full one, at a cost bounded by the canvas width. Lines with few points,
// or with a StepStyle, are drawn unchanged.
type Line struct {
	*plotter.Line
}

// NewLine returns a Line of xys, styled like plotter.NewLine's.
func NewLine(xys plotter.XYer) (*Line, error) {
	l, err := plotter.NewLine(xys)
	if err != nil {
		return nil, err
	}
	return &Line{l}, nil
}

// Plot draws the reduced line; it implements plot.Plotter.
func (l *Line) Plot(c draw.Canvas, p *plot.Plot) {
	cols := int((c.Max.X - c.Min.X) / colWidth)
	if l.StepStyle != plotter.NoStep || len(l.XYs) <= 4*cols {
		l.Line.Plot(c, p)
		return
	}
	trX, trY := p.Transforms(&c)
	keep := m4(len(l.XYs), func(i int) (float64, float64) {
		return float64(trX(l.XYs[i].X) / colWidth), float64(trY(l.XYs[i].Y))
	})
	red := pick(l.XYs, keep)
	// freetype's rasterizer searches a row's cells linearly, so one path
	// with thousands of full-height strokes costs the square of their
	// number; strokes of strokeRun points each keep every search short.
	d := *l.Line
	for i := 0; i < len(red)-1; i += strokeRun {
		d.XYs = red[i:min(i+strokeRun+1, len(red))]
		d.Plot(c, p)
	}
}

// strokeRun is how many segments of a reduced line one stroke draws.
const strokeRun = 32

// GlyphBoxes returns the glyph boxes of the line's extreme points only:
// every point's box has the same size, so these decide the plot's padding
// as the boxes of all points would.
func (l *Line) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	if len(l.XYs) <= 4 {
		return l.Line.GlyphBoxes(p)
	}
	ext := [4]int{}
	for i, pt := range l.XYs {
		if pt.X < l.XYs[ext[0]].X {
			ext[0] = i
		}
		if pt.X > l.XYs[ext[1]].X {
			ext[1] = i
		}
		if pt.Y < l.XYs[ext[2]].Y {
			ext[2] = i
		}
		if pt.Y > l.XYs[ext[3]].Y {
			ext[3] = i
		}
	}
	d := *l.Line
	d.XYs = pick(l.XYs, ext[:])
	return d.GlyphBoxes(p)
}

// Scatter is a plotter.Scatter that, at draw time, draws one glyph per
// occupied cell of half a point square on the canvas (the first point in
// it): the same marks, without drawing hundreds of glyphs on one spot. A
// scatter with few points, or with a GlyphStyleFunc, is drawn unchanged.
type Scatter struct {
	*plotter.Scatter
}

// NewScatter returns a Scatter of xys, styled like plotter.NewScatter's.
func NewScatter(xys plotter.XYer) (*Scatter, error) {
	s, err := plotter.NewScatter(xys)
	if err != nil {
		return nil, err
	}
	return &Scatter{s}, nil
}

// Plot draws the binned points; it implements plot.Plotter.
func (s *Scatter) Plot(c draw.Canvas, p *plot.Plot) {
	cols := int((c.Max.X - c.Min.X) / colWidth)
	if s.GlyphStyleFunc != nil || len(s.XYs) <= cols {
		s.Scatter.Plot(c, p)
		return
	}
	trX, trY := p.Transforms(&c)
	keep := bin(len(s.XYs), func(i int) (int64, int64) {
		return int64(math.Floor(float64(trX(s.XYs[i].X) / colWidth))), int64(math.Floor(float64(trY(s.XYs[i].Y) / colWidth)))
	})
	d := *s.Scatter
	d.XYs = pick(s.XYs, keep)
	d.Plot(c, p)
}

// MinMax reduces xys, in drawing order with X ascending, to at most four
// points per column when [xmin, xmax] is cut into columns of equal width:
// the first, lowest, highest and last of each column, in their order. Drawn
// as a line at that many columns it covers the same pixels as xys. It
// returns xys itself when that is no longer than 4*columns.
func MinMax(xys plotter.XYs, columns int) plotter.XYs {
	if columns < 1 || len(xys) <= 4*columns {
		return xys
	}
	xmin, xmax, _, _ := plotter.XYRange(xys)
	w := (xmax - xmin) / float64(columns)
	if w <= 0 || math.IsNaN(w) || math.IsInf(w, 0) {
		return xys
	}
	return pick(xys, m4(len(xys), func(i int) (float64, float64) {
		return (xys[i].X - xmin) / w, xys[i].Y
	}))
}

// m4 returns the indices to keep of n points whose column (the integer part
// of the first value) and height come from at: for each run of consecutive
// points in one column, its first, lowest, highest and last point, in order.
func m4(n int, at func(i int) (col, y float64)) []int {
	keep := make([]int, 0, 1024)
	start := 0
	col, _ := at(0)
	curCol := math.Floor(col)
	lo, hi := 0, 0
	var loY, hiY float64
	_, loY = at(0)
	hiY = loY
	flush := func(end int) { // points [start, end) form one column
		idx := [4]int{start, lo, hi, end - 1}
		// sort the (at most four) indices and drop repeats
		for i := 1; i < 4; i++ {
			for j := i; j > 0 && idx[j] < idx[j-1]; j-- {
				idx[j], idx[j-1] = idx[j-1], idx[j]
			}
		}
		for i, v := range idx {
			if i == 0 || v != idx[i-1] {
				keep = append(keep, v)
			}
		}
	}
	for i := 1; i < n; i++ {
		c, y := at(i)
		if c = math.Floor(c); c != curCol {
			flush(i)
			start, lo, hi, loY, hiY, curCol = i, i, i, y, y, c
			continue
		}
		if y < loY {
			lo, loY = i, y
		}
		if y > hiY {
			hi, hiY = i, y
		}
	}
	flush(n)
	return keep
}

// Bin reduces xys to one point per occupied cell when the box [xmin, xmax]
// × [ymin, ymax] of xys is cut into cols × rows cells: the first point in
// each cell, in the order of xys. It is a scatter plot's reduction. It
// returns xys itself when that has no more than cols*rows points.
func Bin(xys plotter.XYs, cols, rows int) plotter.XYs {
	if cols < 1 || rows < 1 || len(xys) <= cols*rows {
		return xys
	}
	xmin, xmax, ymin, ymax := plotter.XYRange(xys)
	w, h := (xmax-xmin)/float64(cols), (ymax-ymin)/float64(rows)
	if w <= 0 {
		w = 1
	}
	if h <= 0 {
		h = 1
	}
	return pick(xys, bin(len(xys), func(i int) (int64, int64) {
		return int64(math.Min((xys[i].X-xmin)/w, float64(cols-1))), int64(math.Min((xys[i].Y-ymin)/h, float64(rows-1)))
	}))
}

func bin(n int, cell func(i int) (int64, int64)) []int {
	seen := make(map[[2]int64]struct{}, 4096)
	keep := make([]int, 0, 4096)
	for i := range n {
		cx, cy := cell(i)
		k := [2]int64{cx, cy}
		if _, ok := seen[k]; ok {
			continue
		}
		seen[k] = struct{}{}
		keep = append(keep, i)
	}
	return keep
}

// LTTB reduces xys (X ascending) to n points with Largest-Triangle-Three-
// Buckets (Steinarsson, 2013): the first and last points, and from each of
// n-2 buckets the point making the largest triangle with the point kept
// before it and the mean of the next bucket. It keeps the shape of a series
// (peaks, turns) better than means when a chart must have few points. It
// returns xys itself when n < 3 or xys is no longer than n.
func LTTB(xys plotter.XYs, n int) plotter.XYs {
	if n < 3 || len(xys) <= n {
		return xys
	}
	out := make(plotter.XYs, 0, n)
	out = append(out, xys[0])
	size := float64(len(xys)-2) / float64(n-2)
	a := 0
	for b := range n - 2 {
		lo := int(float64(b)*size) + 1
		hi := int(float64(b+1)*size) + 1
		nlo, nhi := hi, min(int(float64(b+2)*size)+1, len(xys))
		if b == n-3 {
			nlo, nhi = len(xys)-1, len(xys)
		}
		var mx, my float64
		for _, p := range xys[nlo:nhi] {
			mx += p.X
			my += p.Y
		}
		cnt := float64(nhi - nlo)
		mx, my = mx/cnt, my/cnt
		best, bestArea := lo, -1.0
		pa := xys[a]
		for i := lo; i < hi; i++ {
			area := math.Abs((pa.X-mx)*(xys[i].Y-pa.Y) - (pa.X-xys[i].X)*(my-pa.Y))
			if area > bestArea {
				best, bestArea = i, area
			}
		}
		out = append(out, xys[best])
		a = best
	}
	return append(out, xys[len(xys)-1])
}

func pick(xys plotter.XYs, idx []int) plotter.XYs {
	out := make(plotter.XYs, len(idx))
	for i, j := range idx {
		out[i] = xys[j]
	}
	return out
}

// TimeSeries plots y against the times t as one line (drawn through
// [Line], so a year of minute readings renders in well under a second). t
// and y must have the same length; t ascending.
func TimeSeries(title, ylabel string, t []time.Time, y []float64) (*plot.Plot, error) {
	if len(t) == 0 || len(t) != len(y) {
		return nil, ErrNoData
	}
	xys := make(plotter.XYs, len(t))
	for i := range t {
		xys[i] = plotter.XY{X: float64(t[i].UnixNano()) / 1e9, Y: y[i]}
	}
	l, err := NewLine(xys)
	if err != nil {
		return nil, err
	}
	l.Color = ColorSleep
	l.Width = vg.Points(0.5)
	p := plot.New()
	p.Title.Text = title
	p.Y.Label.Text = ylabel
	dateTicks(p)
	p.Add(plotter.NewGrid(), l)
	return p, nil
}
