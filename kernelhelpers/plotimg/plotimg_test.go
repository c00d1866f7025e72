package plotimg

import (
	"bytes"
	"image/png"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"wearnb.dev/kernelhelpers"
)

func line(t *testing.T) *plot.Plot {
	p := plot.New()
	l, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
	if err != nil {
		t.Fatal(err)
	}
	p.Add(l)
	return p
}

func pngSize(t *testing.T, b []byte) (int, int) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return img.Bounds().Dx(), img.Bounds().Dy()
}

func TestRenderPNGAndSVG(t *testing.T) {
	p := line(t)
	b, err := Render(p, 0, 0, "png")
	if err != nil {
		t.Fatal(err)
	}
	// The notebook default: 16:9 at 900 px wide (96 dpi).
	if w, h := pngSize(t, b); w != 900 || h != 506 {
		t.Errorf("default png is %dx%d, want 900x506", w, h)
	}
	// 16 cm x 9 cm at gonum/plot's default 96 dpi.
	b, err = Render(p, 16*vg.Centimeter, 9*vg.Centimeter, "png")
	if err != nil {
		t.Fatal(err)
	}
	if w, h := pngSize(t, b); w != 605 || h != 340 {
		t.Errorf("png is %dx%d, want 605x340", w, h)
	}
	s, err := Render(p, 0, 0, "svg")
	if err != nil || !bytes.Contains(s, []byte("<svg")) {
		t.Errorf("svg render: %v %q", err, s[:min(len(s), 40)])
	}
	if _, err := Render(nil, 0, 0, "png"); err == nil {
		t.Error("Render(nil) succeeded")
	}
	var none *plot.Plot
	if _, err := Render(none, 0, 0, "png"); err == nil {
		t.Error("Render of a nil *plot.Plot succeeded")
	}
	if _, err := Render(p, 0, 0, "bmp"); err == nil {
		t.Error("Render to bmp succeeded")
	}
}

func TestShowInTerminal(t *testing.T) {
	var buf strings.Builder
	d := kernelhelpers.New(&buf)
	if err := Show(d, line(t)); err != nil {
		t.Fatal(err)
	}
	if err := ShowSized(d, line(t), 0, 0, "svg"); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "[PNG image, ") || !strings.HasPrefix(lines[1], "[SVG image, ") {
		t.Errorf("terminal lines %q", lines)
	}
	if err := Show(d, nil); err == nil {
		t.Error("Show(nil) succeeded")
	}
}
