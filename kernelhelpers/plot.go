package kernelhelpers

import (
	"bytes"
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// Default chart size, in points.
const (
	DefaultWidth  = 16 * vg.Centimeter
	DefaultHeight = 9 * vg.Centimeter
)

// Render draws p in format ("png" or "svg") at w×h; zero sizes use the
// defaults.
func Render(p *plot.Plot, w, h vg.Length, format string) ([]byte, error) {
	if p == nil {
		return nil, fmt.Errorf("kernelhelpers: nil plot")
	}
	if w == 0 {
		w = DefaultWidth
	}
	if h == 0 {
		h = DefaultHeight
	}
	wt, err := p.WriterTo(w, h, format)
	if err != nil {
		return nil, fmt.Errorf("kernelhelpers: render %s: %w", format, err)
	}
	var buf bytes.Buffer
	if _, err := wt.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("kernelhelpers: render %s: %w", format, err)
	}
	return buf.Bytes(), nil
}

// ShowPlot renders p as a PNG and shows it inline (w, h zero for defaults).
func ShowPlot(p *plot.Plot, w, h vg.Length) error {
	png, err := Render(p, w, h, "png")
	if err != nil {
		return err
	}
	PNG(png)
	return nil
}

// ShowPlotSVG renders p as SVG and shows it inline.
func ShowPlotSVG(p *plot.Plot, w, h vg.Length) error {
	svg, err := Render(p, w, h, "svg")
	if err != nil {
		return err
	}
	SVG(string(svg))
	return nil
}
