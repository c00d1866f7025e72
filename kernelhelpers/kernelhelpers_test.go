package kernelhelpers

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

// capture sends terminal fallbacks to a buffer for the test.
func capture(t *testing.T) *bytes.Buffer {
	t.Helper()
	var buf bytes.Buffer
	prev := SetOutput(&buf)
	t.Cleanup(func() { SetOutput(prev) })
	return &buf
}

func TestNotNotebookUnderGoTest(t *testing.T) {
	if IsNotebook() {
		t.Fatal("IsNotebook() = true under go test (GONB_PIPE set?)")
	}
}

func TestTerminalFallbacks(t *testing.T) {
	tests := []struct {
		name string
		call func()
		want string
	}{
		{"link", func() { Link("http://127.0.0.1:8976/", "Connect to Oura") }, "Connect to Oura: http://127.0.0.1:8976/\n"},
		{"link no text", func() { Link("http://x/", "") }, "http://x/\n"},
		{"html", func() { HTML(`<p>Hello <b>you</b> &amp; <a href="http://x/">me</a></p><p>bye</p>`) }, "Hello you & me (http://x/)\nbye\n"},
		{"markdown", func() { Markdown("# Title") }, "# Title\n"},
		{"png", func() { PNG([]byte{1, 2, 3}) }, "[PNG image, 3 bytes]\n"},
		{"svg", func() { SVG("<svg></svg>") }, "[SVG image, 11 bytes]\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			buf := capture(t)
			tt.call()
			if got := buf.String(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRenderLinkEscapes(t *testing.T) {
	got := RenderLink(`http://x/?a=1&b="2"`, "<me>")
	want := `<a href="http://x/?a=1&amp;b=&#34;2&#34;" target="_blank" rel="noopener">&lt;me&gt;</a>`
	if got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
}

func TestStatusPrintsChangesOnly(t *testing.T) {
	buf := capture(t)
	s := NewStatus()
	s.Set("⏳", "waiting 4:59")
	s.Set("⏳", "waiting 4:59")
	s.Set("✅", "connected <as> you")
	want := "⏳ waiting 4:59\n✅ connected <as> you\n"
	if got := buf.String(); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if h := RenderStatus("✅", "a &amp; b"); !strings.Contains(h, "✅ a &amp; b</div>") {
		t.Errorf("RenderStatus = %s", h)
	}
}

func TestProgressTerminalSteps(t *testing.T) {
	buf := capture(t)
	p := NewProgress("sync", 20)
	for i := 0; i < 20; i++ {
		p.Add(1, "")
	}
	p.Done("done")
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	// 0% at start, one line per 10% step (10 steps), and Done's closing line.
	if len(lines) != 12 {
		t.Fatalf("got %d lines, want 12:\n%s", len(lines), buf.String())
	}
	if lines[0] != "sync: 0/20 (0%)" || lines[10] != "sync: 20/20 (100%)" || lines[11] != "sync: 20/20 (100%) done" {
		t.Errorf("first/last = %q / %q / %q", lines[0], lines[10], lines[11])
	}
	if h := RenderProgress("sync", 5, 20, "2024"); !strings.Contains(h, `value="25"`) || !strings.Contains(h, "5/20 (25%) 2024") {
		t.Errorf("RenderProgress = %s", h)
	}
}

func TestInputReadsLine(t *testing.T) {
	capture(t)
	prev := stdin
	stdin = strings.NewReader("http://localhost:8976/callback?code=abc&state=xyz\n")
	defer func() { stdin = prev }()
	got, err := Input(context.Background(), "Paste:", false)
	if err != nil || got != "http://localhost:8976/callback?code=abc&state=xyz" {
		t.Fatalf("Input = %q, %v", got, err)
	}
}

// blockingReader never returns, like a notebook stdin under nbclient.
type blockingReader struct{ ch chan struct{} }

func (b blockingReader) Read([]byte) (int, error) { <-b.ch; return 0, errors.New("closed") }

func TestInputTimesOutWhenNoInputCanArrive(t *testing.T) {
	capture(t)
	prev := stdin
	br := blockingReader{make(chan struct{})}
	stdin = br
	defer func() { stdin = prev; close(br.ch) }()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := Input(ctx, "Paste:", false)
	if !errors.Is(err, ErrNoInput) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want ErrNoInput and DeadlineExceeded", err)
	}
}

func TestRenderPlotPNGAndSVG(t *testing.T) {
	p := plot.New()
	l, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
	if err != nil {
		t.Fatal(err)
	}
	p.Add(l)
	b, err := Render(p, 0, 0, "png")
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	// 16 cm x 9 cm at gonum/plot's default 96 dpi.
	if w, h := img.Bounds().Dx(), img.Bounds().Dy(); w != 605 || h != 340 {
		t.Errorf("png is %dx%d, want 605x340", w, h)
	}
	s, err := Render(p, 0, 0, "svg")
	if err != nil || !bytes.Contains(s, []byte("<svg")) {
		t.Errorf("svg render: %v %q", err, s[:min(len(s), 40)])
	}
	if _, err := Render(nil, 0, 0, "png"); err == nil {
		t.Error("Render(nil) succeeded")
	}
	if _, err := Render(p, 0, 0, "bmp"); err == nil {
		t.Error("Render to bmp succeeded")
	}
}

func TestRenderTable(t *testing.T) {
	df := dataframe.New(
		series.New([]string{"2024-01-01", "2024-01-02", "2024-01-03"}, series.String, "date"),
		series.New([]float64{421.5, math.NaN(), 400}, series.Float, "asleep_min"),
		series.New([]int{1, 2, 3}, series.Int, "n"),
	)
	got := RenderTable(df, 2)
	for _, want := range []string{
		"3 rows × 3 columns",
		"<th>date</th><th>asleep_min</th><th>n</th>",
		"<td><i>string</i></td><td><i>float</i></td><td><i>int</i></td>",
		"<tr><th>0</th><td>2024-01-01</td><td>421.5</td><td>1</td></tr>",
		"<tr><th>1</th><td>2024-01-02</td><td></td><td>2</td></tr>",
		"… 1 more rows",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("RenderTable lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "2024-01-03") {
		t.Error("RenderTable showed more than maxRows rows")
	}
	bad := df.Select([]string{"nope"})
	if got := RenderTable(bad, 0); !strings.Contains(got, "wearnb-error") {
		t.Errorf("RenderTable of a frame with Err = %s", got)
	}
}
