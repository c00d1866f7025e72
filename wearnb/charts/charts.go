package charts

import (
	"errors"
	"fmt"
	"image/color"
	"sort"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"wearnb.dev/wearnb"
)

// ErrNoData is returned by a chart constructor when its input has nothing to
// draw (for example no main sleeps in the range).
var ErrNoData = errors.New("charts: no data to draw")

// MaxPoints is how many points a line or scatter draws at most; longer series
// are reduced to this many bucket means.
var MaxPoints = 1500

// Stage colours, shared by every chart so a legend reads the same everywhere.
var (
	ColorDeep  = color.RGBA{R: 0x1f, G: 0x3a, B: 0x93, A: 0xff}
	ColorLight = color.RGBA{R: 0x6f, G: 0x9c, B: 0xeb, A: 0xff}
	ColorREM   = color.RGBA{R: 0x9b, G: 0x59, B: 0xb6, A: 0xff}
	ColorAwake = color.RGBA{R: 0xf3, G: 0x9c, B: 0x12, A: 0xff}
	ColorSleep = color.RGBA{R: 0x34, G: 0x49, B: 0x5e, A: 0xff}
	ColorMean  = color.RGBA{R: 0xe7, G: 0x4c, B: 0x3c, A: 0xff}
)

// dayX is the x value of a civil date: Unix seconds of its noon UTC, so date
// ticks (formatted in UTC) land on the right day.
func dayX(d wearnb.Date) float64 {
	return float64(d.In(time.UTC).Add(12 * time.Hour).Unix())
}

func dateTicks(p *plot.Plot) {
	p.X.Tick.Marker = plot.TimeTicks{Format: "2006-01-02", Time: plot.UTCUnixTime}
}

// mainSleeps returns the main sleeps, one per date (the longest if a provider
// marks several), sorted by date. Flagged sleeps (wearnb.Flag: zero length,
// no sleep at all, ...) are left out, as every chart leaves them out.
func mainSleeps(sleeps []wearnb.Sleep) []wearnb.Sleep {
	byDate := map[wearnb.Date]wearnb.Sleep{}
	for _, s := range sleeps {
		if !s.IsMain || s.Flag != "" {
			continue
		}
		if prev, ok := byDate[s.Date]; !ok || s.Asleep.Or(-1) > prev.Asleep.Or(-1) {
			byDate[s.Date] = s
		}
	}
	out := make([]wearnb.Sleep, 0, len(byDate))
	for _, s := range byDate {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Date.Before(out[j].Date) })
	return out
}

// downsample reduces xys (sorted by X) to at most max points: the mean of
// consecutive buckets of equal size.
func downsample(xys plotter.XYs, max int) plotter.XYs {
	if max <= 0 || len(xys) <= max {
		return xys
	}
	out := make(plotter.XYs, 0, max)
	size := float64(len(xys)) / float64(max)
	for b := 0; b < max; b++ {
		lo, hi := int(float64(b)*size), int(float64(b+1)*size)
		if hi > len(xys) {
			hi = len(xys)
		}
		var sx, sy float64
		for _, p := range xys[lo:hi] {
			sx += p.X
			sy += p.Y
		}
		n := float64(hi - lo)
		out = append(out, plotter.XY{X: sx / n, Y: sy / n})
	}
	return out
}

// rollingMean returns the trailing mean of the last window Y values at each
// point (fewer at the start).
func rollingMean(xys plotter.XYs, window int) plotter.XYs {
	if window < 1 {
		window = 1
	}
	out := make(plotter.XYs, len(xys))
	var sum float64
	for i, p := range xys {
		sum += p.Y
		if i >= window {
			sum -= xys[i-window].Y
		}
		n := min(i+1, window)
		out[i] = plotter.XY{X: p.X, Y: sum / float64(n)}
	}
	return out
}

func hours(d time.Duration) float64 { return d.Hours() }

// SleepDuration plots each night's total sleep time (hours) as points and its
// trailing mean over window nights (7 if window is 0) as a line. Nights
// whose time asleep is not reported are skipped, not drawn at 0; flagged
// sleeps are left out.
func SleepDuration(sleeps []wearnb.Sleep, window int) (*plot.Plot, error) {
	if window == 0 {
		window = 7
	}
	xys := make(plotter.XYs, 0, len(sleeps))
	for _, s := range mainSleeps(sleeps) {
		if a, ok := s.Asleep.Get(); ok {
			xys = append(xys, plotter.XY{X: dayX(s.Date), Y: hours(a)})
		}
	}
	if len(xys) == 0 {
		return nil, ErrNoData
	}
	p := plot.New()
	p.Title.Text = "Total sleep time per night"
	p.Y.Label.Text = "hours asleep"
	dateTicks(p)
	sc, err := NewScatter(downsample(xys, MaxPoints))
	if err != nil {
		return nil, fmt.Errorf("charts: %w", err)
	}
	sc.GlyphStyle.Radius = vg.Points(1.2)
	sc.GlyphStyle.Color = color.RGBA{R: 0x34, G: 0x49, B: 0x5e, A: 0x90}
	sc.GlyphStyle.Shape = draw.CircleGlyph{}
	mean, err := NewLine(downsample(rollingMean(xys, window), MaxPoints))
	if err != nil {
		return nil, fmt.Errorf("charts: %w", err)
	}
	mean.Color = ColorMean
	mean.Width = vg.Points(1.5)
	p.Add(plotter.NewGrid(), sc, mean)
	p.Legend.Add("night", sc)
	p.Legend.Add(fmt.Sprintf("%d-night mean", window), mean)
	p.Legend.Top = true
	return p, nil
}

// StageComposition plots stacked bars of the mean minutes per night spent in
// deep, light and REM sleep and awake in bed, for each calendar month. Awake
// is Sleep.Awake + Sleep.Latency, the wake before falling asleep included, so
// a bar stands as high as the mean time in bed of the month's nights with
// stages (InBed = Latency + Asleep + Awake). Only nights that report all
// five are averaged: a classic log (no deep, light or REM) or a night with
// a value missing is skipped, never counted as zeros.
func StageComposition(sleeps []wearnb.Sleep) (*plot.Plot, error) {
	type acc struct {
		deep, light, rem, awake float64
		n                       int
	}
	months := map[[2]int]*acc{}
	for _, s := range mainSleeps(sleeps) {
		deep, ok1 := s.Deep.Get()
		light, ok2 := s.Light.Get()
		rem, ok3 := s.REM.Get()
		awake, ok4 := wearnb.Sum(s.Awake, s.Latency).Get()
		if !ok1 || !ok2 || !ok3 || !ok4 {
			continue // no stage breakdown (classic logs), or a value missing
		}
		k := [2]int{s.Date.Year, int(s.Date.Month)}
		a := months[k]
		if a == nil {
			a = &acc{}
			months[k] = a
		}
		a.deep += deep.Minutes()
		a.light += light.Minutes()
		a.rem += rem.Minutes()
		a.awake += awake.Minutes()
		a.n++
	}
	if len(months) == 0 {
		return nil, ErrNoData
	}
	keys := make([][2]int, 0, len(months))
	for k := range months {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		return keys[i][0] < keys[j][0] || keys[i][0] == keys[j][0] && keys[i][1] < keys[j][1]
	})
	vals := [4]plotter.Values{}
	labels := make([]string, len(keys))
	for i, k := range keys {
		a := months[k]
		n := float64(a.n)
		vals[0] = append(vals[0], a.deep/n)
		vals[1] = append(vals[1], a.light/n)
		vals[2] = append(vals[2], a.rem/n)
		vals[3] = append(vals[3], a.awake/n)
		if len(keys) <= 12 || k[1] == 1 || i == 0 {
			labels[i] = fmt.Sprintf("%d-%02d", k[0], k[1])
		}
	}
	p := plot.New()
	p.Title.Text = "Sleep stages: mean minutes per night, by month"
	p.Y.Label.Text = "minutes"
	w := vg.Points(max(1, 360/float64(len(keys))))
	names := []string{"deep", "light", "REM", "awake"}
	colors := []color.Color{ColorDeep, ColorLight, ColorREM, ColorAwake}
	var below *plotter.BarChart
	for i := range vals {
		b, err := plotter.NewBarChart(vals[i], w)
		if err != nil {
			return nil, fmt.Errorf("charts: %w", err)
		}
		b.Color = colors[i]
		b.LineStyle.Width = 0
		if below != nil {
			b.StackOn(below)
		}
		below = b
		p.Add(b)
		p.Legend.Add(names[i], b)
	}
	p.NominalX(labels...)
	top := 0.0
	for i := range vals[0] {
		top = max(top, vals[0][i]+vals[1][i]+vals[2][i]+vals[3][i])
	}
	p.Y.Max = top * 1.3 // room for the legend above the bars
	p.Legend.Top = true
	p.Legend.Left = true
	return p, nil
}

// stageY places stages on a hypnogram's y axis: wake on top, deep at the
// bottom; classic levels share the rows of their nearest stage.
var stageY = map[wearnb.StageLevel]float64{
	wearnb.StageWake: 3, wearnb.StageREM: 2, wearnb.StageRestless: 2,
	wearnb.StageLight: 1, wearnb.StageAsleep: 1, wearnb.StageDeep: 0,
}

// Hypnogram plots one sleep's stages as a step line over local clock time.
// It draws the sleep it is given, flagged or not.
func Hypnogram(s wearnb.Sleep) (*plot.Plot, error) {
	if len(s.Stages) == 0 {
		return nil, ErrNoData
	}
	xys := make(plotter.XYs, 0, 2*len(s.Stages))
	for _, st := range s.Stages {
		y := stageY[st.Level]
		xys = append(xys,
			plotter.XY{X: float64(st.Start.Unix()), Y: y},
			plotter.XY{X: float64(st.End().Unix()), Y: y})
	}
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Night of %s", s.Date)
	loc := s.Start.Location()
	p.X.Tick.Marker = plot.TimeTicks{Format: "15:04", Time: func(t float64) time.Time {
		return time.Unix(int64(t), 0).In(loc)
	}}
	p.Y.Min, p.Y.Max = -0.5, 3.5
	p.Y.Tick.Marker = plot.ConstantTicks([]plot.Tick{
		{Value: 0, Label: "deep"}, {Value: 1, Label: "light"}, {Value: 2, Label: "REM"}, {Value: 3, Label: "awake"},
	})
	l, err := NewLine(xys)
	if err != nil {
		return nil, fmt.Errorf("charts: %w", err)
	}
	l.Color = ColorSleep
	l.Width = vg.Points(1.2)
	p.Add(plotter.NewGrid(), l)
	return p, nil
}

// WeekdayComparison draws a box plot of total sleep time (hours) for each
// weekday, Monday to Sunday, by the date the sleep ends on. Nights whose
// time asleep is not reported, and flagged sleeps, are left out.
func WeekdayComparison(sleeps []wearnb.Sleep) (*plot.Plot, error) {
	var by [7]plotter.Values
	n := 0
	for _, s := range mainSleeps(sleeps) {
		a, ok := s.Asleep.Get()
		if !ok {
			continue
		}
		wd := (int(s.Date.Weekday()) + 6) % 7 // Monday = 0
		by[wd] = append(by[wd], hours(a))
		n++
	}
	if n == 0 {
		return nil, ErrNoData
	}
	p := plot.New()
	p.Title.Text = "Total sleep time by weekday (night ending on)"
	p.Y.Label.Text = "hours asleep"
	names := []string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}
	var shown []string
	for i, v := range by {
		if len(v) == 0 {
			continue
		}
		b, err := plotter.NewBoxPlot(vg.Points(20), float64(len(shown)), v)
		if err != nil {
			return nil, fmt.Errorf("charts: %w", err)
		}
		b.FillColor = ColorLight
		p.Add(b)
		shown = append(shown, names[i])
	}
	p.NominalX(shown...)
	return p, nil
}
