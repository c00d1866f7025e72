package textui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestStatusPrintsChangesOnly(t *testing.T) {
	var b strings.Builder
	s := NewStatus(NewWriter(&b))
	s.Set("⏳", "waiting 4:59")
	s.Set("⏳", "waiting 4:59")
	s.Set("", "plain")
	s.Set("✅", "connected")
	if got, want := b.String(), "⏳ waiting 4:59\nplain\n✅ connected\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestProgressTenPercentSteps(t *testing.T) {
	var b strings.Builder
	p := NewProgress(NewWriter(&b), "sync", 20)
	for range 20 {
		p.Add(1, "")
	}
	p.Done("done")
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	// 0% at start, one line per 10% step (10 steps), and Done's line.
	if len(lines) != 12 {
		t.Fatalf("got %d lines, want 12:\n%s", len(lines), b.String())
	}
	if lines[0] != "sync: 0/20 (0%)" || lines[10] != "sync: 20/20 (100%)" || lines[11] != "sync: 20/20 (100%) done" {
		t.Errorf("first/last = %q / %q / %q", lines[0], lines[10], lines[11])
	}
}

func TestProgressGrowsTotal(t *testing.T) {
	var b strings.Builder
	p := NewProgress(NewWriter(&b), "x", 1)
	p.Add(2, "more than planned")
	if got := strings.Split(strings.TrimSpace(b.String()), "\n"); got[len(got)-1] != "x: 2/2 (100%) more than planned" {
		t.Errorf("lines %q", got)
	}
	if Percent(1, 0) != 100 || Percent(1, 4) != 25 {
		t.Error("Percent")
	}
}

func TestReadLine(t *testing.T) {
	got, err := ReadLine(context.Background(), strings.NewReader("http://localhost/cb?code=x\r\nnext\n"))
	if err != nil || got != "http://localhost/cb?code=x" {
		t.Errorf("ReadLine = %q, %v", got, err)
	}
	got, err = ReadLine(context.Background(), strings.NewReader("no newline"))
	if err != nil || got != "no newline" {
		t.Errorf("last line without newline = %q, %v", got, err)
	}
	if _, err := ReadLine(context.Background(), strings.NewReader("")); !errors.Is(err, ErrNoInput) {
		t.Errorf("empty input: %v, want ErrNoInput", err)
	}
}

// blockingReader never returns, like a notebook's stdin under nbclient.
type blockingReader struct{ ch chan struct{} }

func (b blockingReader) Read([]byte) (int, error) { <-b.ch; return 0, errors.New("closed") }

func TestReadLineTimesOut(t *testing.T) {
	br := blockingReader{make(chan struct{})}
	defer close(br.ch)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := ReadLine(ctx, br)
	if !errors.Is(err, ErrNoInput) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want ErrNoInput and DeadlineExceeded", err)
	}
}
