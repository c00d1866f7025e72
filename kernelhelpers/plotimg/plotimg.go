// Package plotimg renders gonum/plot charts to PNG or SVG and shows them in
// a notebook (a one-line description in a terminal).
//
// Charts are sized for a notebook by default: 16:9 at 900 × 506 pixels
// (DefaultWidth × DefaultHeight at gonum/plot's 96 dpi), about the width of
// a JupyterLab cell's output area, so labels stay legible without
// scrolling.
//
// It is a sub-package of kernelhelpers so that a cell which only shows a
// table or a link does not link gonum/plot. It takes the one method it
// calls ([Plot]) rather than *plot.Plot, so even the notebook front, which
// can show a chart, links only gonum/plot's small vg package: the plotting
// code, its fonts and its image backends come in with the package that
// builds the chart (wearnb/charts, or gonum/plot itself).
package plotimg

import (
	"bytes"
	"fmt"
	"io"
	"reflect"

	"gonum.org/v1/plot/vg"

	"wearnb.dev/kernelhelpers"
)

// Plot is a chart that writes itself at a size in a named format, as
// *plot.Plot of gonum.org/v1/plot does.
type Plot interface {
	WriterTo(w, h vg.Length, format string) (io.WriterTo, error)
}

// Default chart size: 16:9, 900 × 506 pixels at 96 dpi.
const (
	DefaultWidth  = 9.375 * vg.Inch
	DefaultHeight = DefaultWidth * 9 / 16
)

// Render draws p in format ("png" or "svg") at w×h; zero sizes use the
// defaults.
func Render(p Plot, w, h vg.Length, format string) ([]byte, error) {
	if v := reflect.ValueOf(p); p == nil || v.Kind() == reflect.Pointer && v.IsNil() {
		return nil, fmt.Errorf("plotimg: nil plot")
	}
	if w == 0 {
		w = DefaultWidth
	}
	if h == 0 {
		h = DefaultHeight
	}
	wt, err := p.WriterTo(w, h, format)
	if err != nil {
		return nil, fmt.Errorf("plotimg: render %s: %w", format, err)
	}
	var buf bytes.Buffer
	if _, err := wt.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("plotimg: render %s: %w", format, err)
	}
	return buf.Bytes(), nil
}

// Show renders p as a PNG at the default size and shows it on d (standard
// output's Display if nil).
func Show(d *kernelhelpers.Display, p Plot) error {
	return ShowSized(d, p, 0, 0, "png")
}

// ShowSized renders p at w×h (zero for the defaults) as "png" or "svg" and
// shows it on d (standard output's Display if nil).
func ShowSized(d *kernelhelpers.Display, p Plot, w, h vg.Length, format string) error {
	b, err := Render(p, w, h, format)
	if err != nil {
		return err
	}
	if d == nil {
		d = kernelhelpers.New(nil)
	}
	if format == "svg" {
		d.SVG(string(b))
	} else {
		d.PNG(b)
	}
	return nil
}
