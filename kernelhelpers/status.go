package kernelhelpers

import (
	"fmt"
	"html"
	"strings"
	"sync"

	"github.com/janpfeifer/gonb/gonbui"

	"wearnb.dev/internal/textui"
)

// Status is a live, rewritable status line: in a notebook one HTML block
// that each Set replaces; in a terminal one printed line per change
// (repeated identical lines are dropped). Safe for concurrent use.
type Status struct {
	mu   sync.Mutex
	id   string
	last string
	text *textui.Status
}

// NewStatus returns a status line that shows nothing until the first Set.
func (d *Display) NewStatus() *Status {
	return &Status{id: "wearnb-status-" + gonbui.UniqueId(), text: textui.NewStatus(d.out)}
}

// NewStatus returns a status line on standard output's Display.
func NewStatus() *Status { return std.NewStatus() }

// Set replaces the status line with a plain-text message. An optional icon
// (an emoji or short word) is shown before it.
func (s *Status) Set(icon, msg string) {
	s.SetHTML(icon, html.EscapeString(msg))
}

// SetHTML is Set with an HTML message (for a link in the status line).
func (s *Status) SetHTML(icon, msgHTML string) {
	if !IsNotebook() {
		s.text.Set(icon, TextOf(msgHTML))
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	line := RenderStatus(icon, msgHTML)
	if line == s.last {
		return
	}
	s.last = line
	gonbui.UpdateHTML(s.id, line)
}

// Clear removes the status line from the notebook (no-op in a terminal).
func (s *Status) Clear() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.last = ""
	if IsNotebook() {
		gonbui.UpdateHTML(s.id, "")
	}
}

// RenderStatus returns the HTML of a status line.
func RenderStatus(icon, msgHTML string) string {
	var b strings.Builder
	b.WriteString(`<div class="wearnb-status" style="font-family:monospace">`)
	if icon != "" {
		b.WriteString(html.EscapeString(icon))
		b.WriteString(" ")
	}
	b.WriteString(msgHTML)
	b.WriteString("</div>")
	return b.String()
}

// Progress is a progress bar for long work (a sync of years of data). In a
// notebook it is a live HTML bar; in a terminal it prints a line at each
// 10% step and at the end. Safe for concurrent use.
type Progress struct {
	mu        sync.Mutex
	id        string
	label     string
	done, all int
	text      *textui.Progress // terminal only
}

// NewProgress starts a progress bar for total units of work.
func (d *Display) NewProgress(label string, total int) *Progress {
	p := &Progress{id: "wearnb-progress-" + gonbui.UniqueId(), label: label, all: total}
	if !IsNotebook() {
		p.text = textui.NewProgress(d.out, label, total)
		return p
	}
	p.show("")
	return p
}

// NewProgress starts a progress bar on standard output's Display.
func NewProgress(label string, total int) *Progress { return std.NewProgress(label, total) }

// Add records n more units done and an optional note (e.g. the chunk just
// fetched).
func (p *Progress) Add(n int, note string) {
	if p.text != nil {
		p.text.Add(n, note)
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done += n
	p.all = max(p.all, p.done)
	p.show(note)
}

// SetTotal changes the total (when the work turns out larger or smaller).
func (p *Progress) SetTotal(total int) {
	if p.text != nil {
		p.text.SetTotal(total)
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.all = total
	p.show("")
}

// Done marks the work finished with a closing message.
func (p *Progress) Done(msg string) {
	if p.text != nil {
		p.text.Done(msg)
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done = p.all
	p.show(msg)
}

// show updates the notebook bar; p.mu is held.
func (p *Progress) show(note string) {
	gonbui.UpdateHTML(p.id, RenderProgress(p.label, p.done, p.all, note))
}

// RenderProgress returns the HTML of a progress bar.
func RenderProgress(label string, done, total int, note string) string {
	pc := textui.Percent(done, total)
	return fmt.Sprintf(`<div class="wearnb-progress" style="font-family:monospace">%s `+
		`<progress value="%d" max="100" style="width:240px"></progress> %d/%d (%d%%) %s</div>`,
		html.EscapeString(label), pc, done, total, pc, html.EscapeString(note))
}
