package kernelhelpers

import (
	"fmt"
	"html"
	"strings"
	"sync"

	"github.com/janpfeifer/gonb/gonbui"
)

// Status is a live, rewritable status line: in a notebook one HTML block that
// each Set replaces; in a terminal one printed line per change (repeated
// identical lines are dropped). Safe for concurrent use.
type Status struct {
	mu   sync.Mutex
	id   string
	last string
}

// NewStatus returns a status line that shows nothing until the first Set.
func NewStatus() *Status {
	return &Status{id: "wearnb-status-" + gonbui.UniqueId()}
}

// Set replaces the status line with a plain-text message. An optional icon
// (an emoji or short word) is shown before it.
func (s *Status) Set(icon, msg string) {
	s.SetHTML(icon, html.EscapeString(msg))
}

// SetHTML is Set with an HTML message (for a link in the status line).
func (s *Status) SetHTML(icon, msgHTML string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	line := RenderStatus(icon, msgHTML)
	if line == s.last {
		return
	}
	s.last = line
	if IsNotebook() {
		gonbui.UpdateHTML(s.id, line)
		return
	}
	text := TextOf(msgHTML)
	if icon != "" {
		text = icon + " " + text
	}
	printf("%s\n", text)
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
	lastTenth int
}

// NewProgress starts a progress bar for total units of work.
func NewProgress(label string, total int) *Progress {
	p := &Progress{id: "wearnb-progress-" + gonbui.UniqueId(), label: label, all: total, lastTenth: -1}
	p.show()
	return p
}

// Add records n more units done and an optional note (e.g. the chunk just
// fetched).
func (p *Progress) Add(n int, note string) {
	p.mu.Lock()
	p.done += n
	if p.done > p.all {
		p.all = p.done
	}
	p.mu.Unlock()
	p.showNote(note, false)
}

// SetTotal changes the total (when the work turns out larger or smaller).
func (p *Progress) SetTotal(total int) {
	p.mu.Lock()
	p.all = total
	p.mu.Unlock()
	p.show()
}

// Done marks the work finished with a closing message.
func (p *Progress) Done(msg string) {
	p.mu.Lock()
	p.done = p.all
	p.mu.Unlock()
	p.showNote(msg, true)
}

func (p *Progress) show() { p.showNote("", false) }

// showNote shows the bar; in a terminal only at each new 10% step, or always
// when final (Done's closing message).
func (p *Progress) showNote(note string, final bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if IsNotebook() {
		gonbui.UpdateHTML(p.id, RenderProgress(p.label, p.done, p.all, note))
		return
	}
	tenth := 10
	if p.all > 0 {
		tenth = p.done * 10 / p.all
	}
	if tenth == p.lastTenth && !final {
		return
	}
	p.lastTenth = tenth
	line := fmt.Sprintf("%s: %d/%d (%d%%)", p.label, p.done, p.all, percent(p.done, p.all))
	if note != "" {
		line += " " + note
	}
	printf("%s\n", line)
}

func percent(done, all int) int {
	if all <= 0 {
		return 100
	}
	return done * 100 / all
}

// RenderProgress returns the HTML of a progress bar.
func RenderProgress(label string, done, total int, note string) string {
	pc := percent(done, total)
	return fmt.Sprintf(`<div class="wearnb-progress" style="font-family:monospace">%s `+
		`<progress value="%d" max="100" style="width:240px"></progress> %d/%d (%d%%) %s</div>`,
		html.EscapeString(label), pc, done, total, pc, html.EscapeString(note))
}
