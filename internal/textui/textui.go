// Package textui holds the plain-text forms of wearnb's live displays: a
// status line that prints a line per change, a progress report that prints
// a line per 10% step, and a one-line answer read with a deadline.
//
// They are the terminal fallbacks of kernelhelpers and the defaults of the
// library packages (consent, cache), which must not depend on the notebook
// layer; keeping one copy here means a program prints the same lines
// whichever package it went through. Standard library only.
package textui

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
)

// Writer serializes writes to w, so lines from several goroutines (a
// countdown and a callback server) never interleave.
type Writer struct {
	mu sync.Mutex
	w  io.Writer
}

// NewWriter returns a Writer on w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Println writes the text and a new line.
func (w *Writer) Println(text string) { w.Print(text + "\n") }

// Print writes the text as is (a prompt that the answer follows on the
// same line).
func (w *Writer) Print(text string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	io.WriteString(w.w, text)
}

// Status prints a status line whenever it changes: repeated identical
// lines are dropped. Safe for concurrent use.
type Status struct {
	mu   sync.Mutex
	out  *Writer
	last string
}

// NewStatus returns a status line printed on out.
func NewStatus(out *Writer) *Status { return &Status{out: out} }

// Set prints icon and msg ("⏳ waiting"), unless that is the line already
// shown. An empty icon prints the message alone.
func (s *Status) Set(icon, msg string) {
	line := msg
	if icon != "" {
		line = icon + " " + msg
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if line == s.last {
		return
	}
	s.last = line
	s.out.Println(line)
}

// Progress prints "label: done/total (p%) note" at the start, at each new
// 10% step and at the end. Safe for concurrent use.
type Progress struct {
	mu        sync.Mutex
	out       *Writer
	label     string
	done, all int
	lastTenth int
}

// NewProgress starts a progress report for total units and prints its
// first line.
func NewProgress(out *Writer, label string, total int) *Progress {
	p := &Progress{out: out, label: label, all: total, lastTenth: -1}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.show("", false)
	return p
}

// Add records n more units done, with an optional note (the chunk just
// fetched); it prints only when a new 10% step is reached.
func (p *Progress) Add(n int, note string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done += n
	p.all = max(p.all, p.done)
	p.show(note, false)
}

// SetTotal changes the total.
func (p *Progress) SetTotal(total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.all = total
	p.show("", false)
}

// Done marks the work finished and prints the closing line with msg.
func (p *Progress) Done(msg string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done = p.all
	p.show(msg, true)
}

func (p *Progress) show(note string, final bool) {
	tenth := 10
	if p.all > 0 {
		tenth = p.done * 10 / p.all
	}
	if tenth == p.lastTenth && !final {
		return
	}
	p.lastTenth = tenth
	line := fmt.Sprintf("%s: %d/%d (%d%%)", p.label, p.done, p.all, Percent(p.done, p.all))
	if note != "" {
		line += " " + note
	}
	p.out.Println(line)
}

// Percent is done as a whole percentage of all; 100 when all is not
// positive.
func Percent(done, all int) int {
	if all <= 0 {
		return 100
	}
	return done * 100 / all
}

// ErrNoInput is returned by ReadLine when no answer can arrive: the context
// ended first (typically a timeout under headless execution, where Jupyter
// allows no input) or the reader is closed.
var ErrNoInput = errors.New("no input arrived")

// ReadLine reads one line from r (without its line ending). It returns
// ErrNoInput, wrapped with the reason, when r ends before a line or ctx
// ends first, so a headless run never hangs: pass a context with a
// deadline. The read itself continues in the background until r returns.
func ReadLine(ctx context.Context, r io.Reader) (string, error) {
	type answer struct {
		line string
		err  error
	}
	ch := make(chan answer, 1)
	go func() {
		line, err := bufio.NewReader(r).ReadString('\n')
		if err != nil && !(errors.Is(err, io.EOF) && line != "") {
			ch <- answer{err: err}
			return
		}
		ch <- answer{line: strings.TrimRight(line, "\r\n")}
	}()
	select {
	case a := <-ch:
		if a.err != nil {
			return "", fmt.Errorf("%w: %v", ErrNoInput, a.err)
		}
		return a.line, nil
	case <-ctx.Done():
		return "", fmt.Errorf("%w: %w", ErrNoInput, context.Cause(ctx))
	}
}
