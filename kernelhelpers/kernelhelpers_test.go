package kernelhelpers

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestNotNotebookUnderGoTest(t *testing.T) {
	if IsNotebook() {
		t.Fatal("IsNotebook() = true under go test (GONB_PIPE set?)")
	}
}

func TestTerminalFallbacks(t *testing.T) {
	tests := []struct {
		name string
		call func(d *Display)
		want string
	}{
		{"link", func(d *Display) { d.Link("http://127.0.0.1:8976/", "Connect to Oura") }, "Connect to Oura: http://127.0.0.1:8976/\n"},
		{"link no text", func(d *Display) { d.Link("http://x/", "") }, "http://x/\n"},
		{"html", func(d *Display) { d.HTML(`<p>Hello <b>you</b> &amp; <a href="http://x/">me</a></p><p>bye</p>`) }, "Hello you & me (http://x/)\nbye\n"},
		{"rich", func(d *Display) { d.Rich("<table>…</table>", "a b\n1 2") }, "a b\n1 2\n"},
		{"markdown", func(d *Display) { d.Markdown("# Title") }, "# Title\n"},
		{"text", func(d *Display) { d.Text("7 nights") }, "7 nights\n"},
		{"png", func(d *Display) { d.PNG([]byte{1, 2, 3}) }, "[PNG image, 3 bytes]\n"},
		{"svg", func(d *Display) { d.SVG("<svg></svg>") }, "[SVG image, 11 bytes]\n"},
		{"logf", func(d *Display) { d.Logf("→ %s <b>", "GET") }, "→ GET <b>\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf strings.Builder
			tt.call(New(&buf))
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
	var buf strings.Builder
	s := New(&buf).NewStatus()
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
	var buf strings.Builder
	p := New(&buf).NewProgress("sync", 20)
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
	var buf strings.Builder
	d := New(&buf).WithInput(strings.NewReader("http://localhost:8976/callback?code=abc&state=xyz\n"))
	got, err := d.Input(context.Background(), "Paste:", false)
	if err != nil || got != "http://localhost:8976/callback?code=abc&state=xyz" {
		t.Fatalf("Input = %q, %v", got, err)
	}
	if buf.String() != "Paste: " {
		t.Errorf("prompt printed as %q", buf.String())
	}
}

// blockingReader never returns, like a notebook stdin under nbclient.
type blockingReader struct{ ch chan struct{} }

func (b blockingReader) Read([]byte) (int, error) { <-b.ch; return 0, errors.New("closed") }

func TestInputTimesOutWhenNoInputCanArrive(t *testing.T) {
	br := blockingReader{make(chan struct{})}
	defer close(br.ch)
	d := New(&strings.Builder{}).WithInput(br)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := d.Input(ctx, "Paste:", false)
	if !errors.Is(err, ErrNoInput) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want ErrNoInput and DeadlineExceeded", err)
	}
}
