package charts

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/charts/internal/demo"
	"wearnb.dev/wearnb/internal/peakmem"
)

func TestHeartNoData(t *testing.T) {
	if _, err := NightHeartRate(wearnb.Sleep{}, nil); !errors.Is(err, ErrNoData) {
		t.Errorf("NightHeartRate of nothing: %v", err)
	}
	if _, err := HeartRateTrend(nil); !errors.Is(err, ErrNoData) {
		t.Errorf("HeartRateTrend of nothing: %v", err)
	}
	// Samples but no stages still draw.
	s := wearnb.Sleep{Start: time.Date(2024, 1, 1, 23, 0, 0, 0, time.UTC), End: time.Date(2024, 1, 2, 7, 0, 0, 0, time.UTC)}
	if _, err := NightHeartRate(s, []wearnb.HeartRate{{Time: s.Start.Add(time.Hour), BPM: 50}}); err != nil {
		t.Errorf("one sample: %v", err)
	}
}

// TestNightHeartRateTakesTheNight: only the night's samples are drawn,
// sorted or not, and the lowest of them is the one named.
func TestNightHeartRateTakesTheNight(t *testing.T) {
	sl, _, _ := demo.Person(3)
	hr := demo.HeartRate(sl, 3)
	night := sl[1]
	want := math.Inf(1)
	for _, h := range hr {
		if !h.Time.Before(night.Start) && h.Time.Before(night.End) {
			want = min(want, h.BPM)
		}
	}
	shuffled := append([]wearnb.HeartRate(nil), hr...)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	for name, in := range map[string][]wearnb.HeartRate{"sorted": hr, "shuffled": shuffled} {
		p, err := NightHeartRate(night, in)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(p.Title.Text, fmt.Sprintf("lowest heart rate %g bpm", want)) {
			t.Errorf("%s: title %q, want the night's lowest %v", name, p.Title.Text, want)
		}
	}
}

// TestMinMaxColumns: at most four points per column, the first and last
// point kept, every column's extremes kept, in order; short input as is.
func TestMinMaxColumns(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	xys := make(plotter.XYs, 100_000)
	for i := range xys {
		xys[i] = plotter.XY{X: float64(i) + r.Float64()*0.5, Y: r.NormFloat64()}
	}
	const cols = 200
	got := MinMax(xys, cols)
	if len(got) > 4*cols+4 || got[0] != xys[0] || got[len(got)-1] != xys[len(xys)-1] {
		t.Fatalf("%d points, first %v last %v", len(got), got[0], got[len(got)-1])
	}
	w := (xys[len(xys)-1].X - xys[0].X) / cols
	col := func(p plotter.XY) int { return int(math.Floor((p.X - xys[0].X) / w)) }
	lo, hi := map[int]float64{}, map[int]float64{}
	for _, p := range xys {
		c := col(p)
		if v, ok := lo[c]; !ok || p.Y < v {
			lo[c] = p.Y
		}
		if v, ok := hi[c]; !ok || p.Y > v {
			hi[c] = p.Y
		}
	}
	glo, ghi, per := map[int]float64{}, map[int]float64{}, map[int]int{}
	for i, p := range got {
		if i > 0 && p.X < got[i-1].X {
			t.Fatalf("out of order at %d", i)
		}
		c := col(p)
		per[c]++
		if v, ok := glo[c]; !ok || p.Y < v {
			glo[c] = p.Y
		}
		if v, ok := ghi[c]; !ok || p.Y > v {
			ghi[c] = p.Y
		}
	}
	for c := range lo {
		if glo[c] != lo[c] || ghi[c] != hi[c] || per[c] > 4 {
			t.Fatalf("column %d: kept %d points, range %v..%v, want %v..%v", c, per[c], glo[c], ghi[c], lo[c], hi[c])
		}
	}
	short := xys[:400]
	if got := MinMax(short, 100); len(got) != 400 {
		t.Errorf("short input reduced to %d", len(got))
	}
}

// TestHeartRateTrendDrawsFewPoints: a year of minutes reaches the
// rasterizer as at most four points per column.
func TestHeartRateTrendDrawsFewPoints(t *testing.T) {
	sl, _, _ := demo.Person(366)
	hr := demo.HeartRate(sl, 366)
	p, err := HeartRateTrend(hr)
	if err != nil {
		t.Fatal(err)
	}
	// Record what reaches the canvas: the points of every stroked path.
	rec := &recorder.Canvas{}
	p.Draw(draw.NewCanvas(sized{rec}, 16*vg.Centimeter, 9*vg.Centimeter))
	points := 0
	for _, a := range rec.Actions {
		if s, ok := a.(*recorder.Stroke); ok {
			points += len(s.Path)
		}
	}
	// The reduced line, its stroke joints, two daily lines, axes and grid.
	if limit := 4*HRColumns + 4*HRColumns/strokeRun + 2*370 + 400; points > limit || len(hr) < 500_000 {
		t.Errorf("%d path points stroked for %d samples, want at most %d", points, len(hr), limit)
	}
	t.Logf("%d samples stroked as %d path points", len(hr), points)
}

// sized gives a recorder the size of the examples' images.
type sized struct{ *recorder.Canvas }

func (sized) Size() (vg.Length, vg.Length) { return 16 * vg.Centimeter, 9 * vg.Centimeter }

// BenchmarkHeartRateTrendYear builds the year chart of minute heart rate
// (about 517 000 samples) and renders it as the notebook's PNG (900 × 506
// pixels); it reports the peak heap of one build and render (the samples
// themselves, 37 MB, included).
func BenchmarkHeartRateTrendYear(b *testing.B) {
	sl, _, _ := demo.Person(366)
	hr := demo.HeartRate(sl, 366)
	b.ReportAllocs()
	var buf bytes.Buffer
	for b.Loop() {
		p, err := HeartRateTrend(hr)
		if err != nil {
			b.Fatal(err)
		}
		wt, err := p.WriterTo(9.375*vg.Inch, 9.375*vg.Inch*9/16, "png")
		if err != nil {
			b.Fatal(err)
		}
		buf.Reset()
		if _, err := wt.WriteTo(&buf); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	stop := peakmem.Track()
	p, _ := HeartRateTrend(hr)
	if wt, err := p.WriterTo(9.375*vg.Inch, 9.375*vg.Inch*9/16, "png"); err == nil {
		_, _ = wt.WriteTo(io.Discard)
	}
	b.ReportMetric(float64(stop())/(1<<20), "peakMB")
	b.ReportMetric(float64(buf.Len())/1024, "pngKB")
}
