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

// The 10% steps are tested through kernelhelpers' terminal fallback
// (TestProgressTerminalSteps); here: notes, a changed total, the end.
func TestProgressNotesAndTotal(t *testing.T) {
	var b strings.Builder
	p := NewProgress(NewWriter(&b), "sync oura/me", 4)
	p.Add(1, "sleep 2024-01-01..2024-04-09")
	p.Add(0, "same step: not printed")
	p.SetTotal(2)
	p.Done("2 chunks")
	want := "sync oura/me: 0/4 (0%)\nsync oura/me: 1/4 (25%) sleep 2024-01-01..2024-04-09\n" +
		"sync oura/me: 1/2 (50%)\nsync oura/me: 2/2 (100%) 2 chunks\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
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
