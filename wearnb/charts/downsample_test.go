package charts

import (
	"bytes"
	"image"
	"image/png"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// noisy is n points of a slow wave with spikes, X ascending.
func noisy(n int) plotter.XYs {
	r := rand.New(rand.NewPCG(1, 2))
	xys := make(plotter.XYs, n)
	for i := range xys {
		y := 60 + 20*math.Sin(float64(i)/float64(n)*12) + r.NormFloat64()*4
		if i%997 == 0 {
			y += 50
		}
		xys[i] = plotter.XY{X: float64(i), Y: y}
	}
	return xys
}

func TestMinMaxKeepsEveryColumnsExtremes(t *testing.T) {
	xys := noisy(100000)
	got := MinMax(xys, 500)
	if len(got) > 4*500+4 || len(got) < 500 {
		t.Fatalf("%d points for 500 columns", len(got))
	}
	if got[0] != xys[0] || got[len(got)-1] != xys[len(xys)-1] {
		t.Errorf("first/last point not kept")
	}
	w := float64(len(xys)-1) / 500
	for c := range 500 {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, p := range xys {
			if int(p.X/w) == c {
				lo, hi = math.Min(lo, p.Y), math.Max(hi, p.Y)
			}
		}
		glo, ghi := math.Inf(1), math.Inf(-1)
		for _, p := range got {
			if int(p.X/w) == c {
				glo, ghi = math.Min(glo, p.Y), math.Max(ghi, p.Y)
			}
		}
		if lo != glo || hi != ghi {
			t.Fatalf("column %d: kept range [%v, %v], data has [%v, %v]", c, glo, ghi, lo, hi)
		}
	}
	for i := 1; i < len(got); i++ {
		if got[i].X <= got[i-1].X {
			t.Fatalf("points out of order at %d", i)
		}
	}
	if short := noisy(100); len(MinMax(short, 500)) != 100 {
		t.Errorf("short series was reduced")
	}
}

func TestLTTB(t *testing.T) {
	xys := noisy(10000)
	got := LTTB(xys, 300)
	if len(got) != 300 || got[0] != xys[0] || got[299] != xys[9999] {
		t.Fatalf("LTTB gave %d points, ends %v %v", len(got), got[0], got[len(got)-1])
	}
	// Every spike (i%997 == 0) stands out of its bucket, so LTTB keeps it.
	kept := map[float64]bool{}
	for _, p := range got {
		kept[p.X] = true
	}
	for i := 997; i < 9999; i += 997 {
		if !kept[float64(i)] {
			t.Errorf("spike at %d dropped", i)
		}
	}
	if len(LTTB(xys[:50], 300)) != 50 || len(LTTB(xys, 2)) != len(xys) {
		t.Errorf("LTTB changed a series it should leave alone")
	}
}

func TestBin(t *testing.T) {
	xys := plotter.XYs{{X: 0, Y: 0}, {X: 0.1, Y: 0.1}, {X: 10, Y: 10}, {X: 9.9, Y: 9.95}, {X: 5, Y: 5}}
	got := Bin(xys, 2, 2)
	want := plotter.XYs{{X: 0, Y: 0}, {X: 10, Y: 10}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("Bin = %v, want %v", got, want)
	}
}

func render(t testing.TB, p plot.Plotter, w, h vg.Length) image.Image {
	t.Helper()
	pl := plot.New()
	pl.Add(p)
	wt, err := pl.WriterTo(w, h, "png")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := wt.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// TestLineDrawsLikeTheFullLine renders a 20,000-point line in full and
// through Line's column reduction: the pictures must match but for
// anti-aliasing at the edges of strokes.
func TestLineDrawsLikeTheFullLine(t *testing.T) {
	xys := noisy(20000)
	full, err := plotter.NewLine(xys)
	if err != nil {
		t.Fatal(err)
	}
	red, err := NewLine(xys)
	if err != nil {
		t.Fatal(err)
	}
	a := render(t, full, 300, 150)
	b := render(t, red, 300, 150)
	differ, dark := 0, 0
	bounds := a.Bounds()
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			ar, _, _, _ := a.At(x, y).RGBA()
			br, _, _, _ := b.At(x, y).RGBA()
			if ar < 0x8000 {
				dark++
			}
			if (ar < 0x8000) != (br < 0x8000) {
				differ++
			}
		}
	}
	if dark == 0 || float64(differ) > 0.02*float64(dark) {
		t.Fatalf("%d of %d inked pixels differ between the full and the reduced line", differ, dark)
	}
}

func TestTimeSeriesYearOfMinutes(t *testing.T) {
	if testing.Short() {
		t.Skip("renders 525,600 points")
	}
	ts, ys := yearOfMinutes()
	p, err := TimeSeries("Heart rate", "bpm", ts, ys)
	if err != nil {
		t.Fatal(err)
	}
	wt, err := p.WriterTo(800, 300, "png")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := wt.WriteTo(&buf); err != nil || buf.Len() < 1000 {
		t.Fatalf("rendered %d bytes, %v", buf.Len(), err)
	}
	if _, err := TimeSeries("x", "y", ts[:2], ys[:1]); err != ErrNoData {
		t.Errorf("mismatched lengths: err = %v, want ErrNoData", err)
	}
}

func yearOfMinutes() ([]time.Time, []float64) {
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	xys := noisy(525600)
	ts := make([]time.Time, len(xys))
	ys := make([]float64, len(xys))
	for i, p := range xys {
		ts[i] = t0.Add(time.Duration(i) * time.Minute)
		ys[i] = p.Y
	}
	return ts, ys
}

// BenchmarkTimeSeriesYearOfMinutes renders one line of a year of minute
// readings (525,600 points) to PNG.
func BenchmarkTimeSeriesYearOfMinutes(b *testing.B) {
	ts, ys := yearOfMinutes()
	for b.Loop() {
		p, err := TimeSeries("Heart rate", "bpm", ts, ys)
		if err != nil {
			b.Fatal(err)
		}
		wt, err := p.WriterTo(vg.Points(800), vg.Points(300), "png")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := wt.WriteTo(&bytes.Buffer{}); err != nil {
			b.Fatal(err)
		}
	}
}
