package charts

import (
	"fmt"
	"image/color"
	"math"
	"sort"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"wearnb.dev/wearnb"
)

// Heart-rate charts: one night's heart rate under its hypnogram, and a long
// stretch of samples (a year of minutes) drawn through a min/max reduction,
// so the rasterizer never sees more than a few thousand points.

// ColorHeart is the colour of heart-rate lines.
var ColorHeart = color.RGBA{R: 0xc0, G: 0x39, B: 0x2b, A: 0xff}

// HRColumns is how many columns a long heart-rate series is reduced to for
// drawing: at most four points (first, lowest, highest, last) per column,
// more columns than a notebook chart has pixels across, so the drawn line
// covers the same pixels as the whole series would.
var HRColumns = 1200

// NightHeartRate draws one sleep's heart rate under its hypnogram, on one
// time axis of local clock time: the stages as a step line in the upper
// band (awake on top, deep at the bottom), the samples taken during the
// sleep (by instant, from its Start to its End) as a line below, broken
// where the samples have a gap of more than three times their usual
// spacing, and the night's lowest sample marked (and named in the title). hr may hold more than the
// night (a day's or a year's samples): only the night's are drawn. It
// returns ErrNoData when the sleep has no stages and no sample.
func NightHeartRate(s wearnb.Sleep, hr []wearnb.HeartRate) (*plot.Plot, error) {
	var night []wearnb.HeartRate
	if sortedHR(hr) {
		lo := sort.Search(len(hr), func(i int) bool { return !hr[i].Time.Before(s.Start) })
		hi := sort.Search(len(hr), func(i int) bool { return !hr[i].Time.Before(s.End) })
		night = hr[lo:max(lo, hi)]
	} else {
		for _, h := range hr {
			if !h.Time.Before(s.Start) && h.Time.Before(s.End) {
				night = append(night, h)
			}
		}
		sort.SliceStable(night, func(i, j int) bool { return night[i].Time.Before(night[j].Time) })
	}
	if len(s.Stages) == 0 && len(night) == 0 {
		return nil, ErrNoData
	}
	// The heart rate's range, in whole tens around the samples.
	bLo, bHi := 40.0, 80.0
	minAt := -1
	if len(night) > 0 {
		bLo, bHi = math.Inf(1), math.Inf(-1)
		for i, h := range night {
			if h.BPM < bLo {
				bLo, minAt = h.BPM, i
			}
			bHi = max(bHi, h.BPM)
		}
		bLo, bHi = math.Floor(bLo/10)*10, math.Ceil(bHi/10)*10
		if bHi-bLo < 20 {
			bHi = bLo + 20
		}
	}
	// The hypnogram's band sits above: one row per level, a row as tall as
	// a quarter of the heart rate's range.
	row := (bHi - bLo) / 4
	base := bHi + row // deep
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Night of %s: stages and heart rate", s.Date)
	loc := s.Start.Location()
	p.X.Tick.Marker = hourTicks{loc}
	p.X.Min, p.X.Max = float64(s.Start.Unix()), float64(s.End.Unix())
	p.Y.Min, p.Y.Max = bLo, base+3.5*row
	p.Y.Label.Text = "bpm"
	var ticks []plot.Tick
	for v := bLo; v <= bHi; v += 10 {
		ticks = append(ticks, plot.Tick{Value: v, Label: fmt.Sprint(v)})
	}
	for i, name := range []string{"deep", "light", "REM", "awake"} {
		ticks = append(ticks, plot.Tick{Value: base + float64(i)*row, Label: name})
	}
	p.Y.Tick.Marker = plot.ConstantTicks(ticks)
	p.Add(plotter.NewGrid())

	if len(s.Stages) > 0 {
		xys := make(plotter.XYs, 0, 2*len(s.Stages))
		for _, st := range s.Stages {
			y := base + stageY[st.Level]*row
			xys = append(xys, plotter.XY{X: float64(st.Start.Unix()), Y: y}, plotter.XY{X: float64(st.End().Unix()), Y: y})
		}
		l, err := plotter.NewLine(xys)
		if err != nil {
			return nil, fmt.Errorf("charts: %w", err)
		}
		l.Color, l.Width = ColorSleep, vg.Points(1.2)
		p.Add(l)
	}
	if len(night) > 0 {
		xys := make(plotter.XYs, 0, len(night)+8)
		gap := 3 * typicalStep(night)
		for i, h := range night {
			if i > 0 && h.Time.Sub(night[i-1].Time) > gap {
				xys = append(xys, plotter.XY{X: math.NaN(), Y: math.NaN()})
			}
			xys = append(xys, plotter.XY{X: float64(h.Time.Unix()), Y: h.BPM})
		}
		if _, err := addLine(p, xys, ColorHeart, vg.Points(1.2)); err != nil {
			return nil, err
		}
		low := night[minAt]
		sc, err := plotter.NewScatter(plotter.XYs{{X: float64(low.Time.Unix()), Y: low.BPM}})
		if err != nil {
			return nil, fmt.Errorf("charts: %w", err)
		}
		sc.GlyphStyle.Shape, sc.GlyphStyle.Radius, sc.GlyphStyle.Color = draw.CircleGlyph{}, vg.Points(3), ColorDeep
		p.Add(sc)
		p.Title.Text = fmt.Sprintf("Night of %s: lowest heart rate %g bpm at %s", s.Date, low.BPM, low.Time.In(loc).Format("15:04"))
	}
	return p, nil
}

// hourTicks marks every whole hour of local clock time in loc on an axis
// of unix seconds, labelling every hour (every second one on long spans).
type hourTicks struct{ loc *time.Location }

func (h hourTicks) Ticks(lo, hi float64) []plot.Tick {
	step := 1
	if hi-lo > 14*3600 {
		step = 2
	}
	t := time.Unix(int64(lo), 0).In(h.loc)
	first := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), 0, 0, 0, h.loc)
	next := func(t time.Time) time.Time { return t.Add(time.Hour) }
	return calendarTicks(lo, hi, first, next, func(t time.Time, _ int) string {
		if t.Hour()%step != 0 {
			return ""
		}
		return t.Format("15:04")
	})
}

// calendarTicks marks the instants from first (at or before lo) on, each
// the next of the one before, that fall in [lo, hi] on an axis of unix
// seconds. label names a tick ("" for none); n counts the ticks before it.
func calendarTicks(lo, hi float64, first time.Time, next func(time.Time) time.Time, label func(t time.Time, n int) string) []plot.Tick {
	var out []plot.Tick
	for t := first; float64(t.Unix()) <= hi; t = next(t) {
		if float64(t.Unix()) < lo {
			continue
		}
		out = append(out, plot.Tick{Value: float64(t.Unix()), Label: label(t, len(out))})
	}
	return out
}

// sortedHR reports whether hr is in time order.
func sortedHR(hr []wearnb.HeartRate) bool {
	return sort.SliceIsSorted(hr, func(i, j int) bool { return hr[i].Time.Before(hr[j].Time) })
}

// typicalStep is the median spacing of samples in time order (a minute if
// there are too few to tell).
func typicalStep(hr []wearnb.HeartRate) time.Duration {
	if len(hr) < 3 {
		return time.Minute
	}
	d := make([]time.Duration, len(hr)-1)
	for i := range d {
		d[i] = hr[i+1].Time.Sub(hr[i].Time)
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	return max(d[len(d)/2], time.Second)
}

// HeartRateTrend draws a long stretch of heart-rate samples (weeks to
// years of minutes) on one date axis: every sample as a thin line, reduced
// for drawing to the first, lowest, highest and last sample of each of
// [HRColumns] columns (so it covers the pixels the whole series would, in
// a fraction of the time), with each day's mean and lowest sample as
// darker lines (the lowest is the night's low, where sleep was recorded).
// Gaps of more than a day break the lines. Times are drawn at their
// instants, labelled in the first sample's zone. It returns ErrNoData for
// no samples.
func HeartRateTrend(hr []wearnb.HeartRate) (*plot.Plot, error) {
	if len(hr) == 0 {
		return nil, ErrNoData
	}
	if !sortedHR(hr) {
		hr = append([]wearnb.HeartRate(nil), hr...)
		sort.SliceStable(hr, func(i, j int) bool { return hr[i].Time.Before(hr[j].Time) })
	}
	xys := make(plotter.XYs, len(hr))
	for i, h := range hr {
		xys[i] = plotter.XY{X: float64(h.Time.Unix()), Y: h.BPM}
	}
	reduced := MinMax(xys, HRColumns)

	// Daily means and lows, at local noon of each day.
	type acc struct {
		sum, low float64
		n        int
		x        float64
	}
	var days []acc
	var last wearnb.Date
	for _, h := range hr {
		d := h.Date()
		if len(days) == 0 || d != last {
			noon := time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, h.Time.Location())
			days = append(days, acc{x: float64(noon.Unix()), low: h.BPM})
			last = d
		}
		a := &days[len(days)-1]
		a.sum += h.BPM
		a.n++
		a.low = min(a.low, h.BPM)
	}
	means := make(plotter.XYs, 0, len(days))
	lows := make(plotter.XYs, 0, len(days))
	for i, a := range days {
		if i > 0 && a.x-days[i-1].x > 1.5*86400 {
			means = append(means, plotter.XY{X: math.NaN(), Y: math.NaN()})
			lows = append(lows, plotter.XY{X: math.NaN(), Y: math.NaN()})
		}
		means = append(means, plotter.XY{X: a.x, Y: a.sum / float64(a.n)})
		lows = append(lows, plotter.XY{X: a.x, Y: a.low})
	}

	p := plot.New()
	p.Title.Text = fmt.Sprintf("Heart rate, %s to %s (%d samples)", hr[0].Date(), hr[len(hr)-1].Date(), len(hr))
	p.Y.Label.Text = "bpm"
	loc := hr[0].Time.Location()
	switch span := (xys[len(xys)-1].X - xys[0].X) / 86400; {
	case span > 75:
		p.X.Tick.Marker = monthTicks{loc}
	case span > 3:
		p.X.Tick.Marker = plot.TimeTicks{Format: "2006-01-02", Time: func(t float64) time.Time { return time.Unix(int64(t), 0).In(loc) }}
	default:
		p.X.Tick.Marker = hourTicks{loc}
	}
	p.Add(plotter.NewGrid())
	light := color.NRGBA{R: 0xc0, G: 0x39, B: 0x2b, A: 0x38}
	// Short strokes, broken where a day or more has no sample.
	var first *plotter.Line
	stroke := func(part plotter.XYs) error {
		if len(part) == 1 {
			part = plotter.XYs{part[0], part[0]}
		}
		l, err := plotter.NewLine(part)
		if err != nil {
			return fmt.Errorf("charts: %w", err)
		}
		l.Color, l.Width = light, vg.Points(0.6)
		p.Add(l)
		if first == nil {
			first = l
		}
		return nil
	}
	start := 0
	for k := 1; k <= len(reduced); k++ {
		broken := k < len(reduced) && reduced[k].X-reduced[k-1].X > 86400
		if k == len(reduced) || broken || k-start == strokeRun+1 {
			if err := stroke(reduced[start:k]); err != nil {
				return nil, err
			}
			start = k
			if !broken && k < len(reduced) {
				start = k - 1 // the next stroke starts where this one ended
			}
		}
	}
	if first != nil {
		p.Legend.Add("every sample", first)
	}
	ml, err := addLine(p, means, ColorHeart, vg.Points(1.4))
	if err != nil {
		return nil, err
	}
	if ml != nil {
		p.Legend.Add("daily mean", ml)
	}
	ll, err := addLine(p, lows, ColorDeep, vg.Points(1.4))
	if err != nil {
		return nil, err
	}
	if ll != nil {
		p.Legend.Add("daily lowest", ll)
	}
	_, _, _, top := plotter.XYRange(reduced)
	p.Y.Max = math.Ceil((top+(top-p.Y.Min)*0.25)/10) * 10 // room for the legend
	p.Y.Tick.Marker = bpmTicks{}
	p.Legend.Top = true
	return p, nil
}

// monthTicks marks the first of every month in loc on an axis of unix
// seconds, labelled "Jan 2006" in January (and at the first tick), "Feb"
// and so on otherwise; every second month on spans over a year and a half.
type monthTicks struct{ loc *time.Location }

func (m monthTicks) Ticks(lo, hi float64) []plot.Tick {
	step := 1
	if hi-lo > 550*86400 {
		step = 2
	}
	t := time.Unix(int64(lo), 0).In(m.loc)
	first := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, m.loc)
	next := func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }
	return calendarTicks(lo, hi, first, next, func(t time.Time, n int) string {
		switch {
		case (int(t.Month())-1)%step != 0:
			return ""
		case t.Month() == time.January || n == 0:
			return t.Format("Jan 2006")
		}
		return t.Format("Jan")
	})
}

// bpmTicks marks whole bpm: every 10 on ranges up to 100 bpm, else every
// 20, with minor ticks halfway.
type bpmTicks struct{}

func (bpmTicks) Ticks(lo, hi float64) []plot.Tick {
	step := 10.0
	if hi-lo > 100 {
		step = 20
	}
	var out []plot.Tick
	for v := math.Ceil(lo/(step/2)) * (step / 2); v <= hi; v += step / 2 {
		tk := plot.Tick{Value: v}
		if math.Mod(v, step) == 0 {
			tk.Label = fmt.Sprint(v)
		}
		out = append(out, tk)
	}
	return out
}
