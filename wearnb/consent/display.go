package consent

import (
	"context"
	"fmt"
	"io"
	"os"

	"wearnb.dev/internal/textui"
)

// Display is how the flow talks to the person: it announces the consent
// link, keeps a status line, and warns. The flow decides what to say; the
// Display decides how it looks, so this package prints plain text and a
// notebook front renders HTML (package kernelhelpers/nb wires one in).
// Every text is plain (not HTML) and never holds a secret. Methods may be
// called from several goroutines.
//
// [Terminal] is the default. A Display that also has a method Live() bool
// returning true rewrites its status line in place, and the countdown then
// ticks every second instead of every minute.
type Display interface {
	// Link shows the consent link for provider, with a help text saying
	// what to do with it.
	Link(link, provider, help string)
	// Status replaces the status line: an icon (an emoji) and a message.
	Status(icon, msg string)
	// Warn shows a warning that does not stop the flow, such as a secrets
	// file that other users can read.
	Warn(msg string)
}

// Terminal returns the default Display: plain lines on w (standard output
// if nil), a status line printed only when it changes, warnings prefixed
// with ⚠️.
func Terminal(w io.Writer) Display {
	if w == nil {
		w = os.Stdout
	}
	out := textui.NewWriter(w)
	return &terminal{out: out, status: textui.NewStatus(out)}
}

type terminal struct {
	out    *textui.Writer
	status *textui.Status
}

func (t *terminal) Link(link, provider, help string) {
	text := fmt.Sprintf("Connect %s (opens the consent page): %s", provider, link)
	if help != "" {
		text += "\n" + help
	}
	t.out.Println(text)
}

func (t *terminal) Status(icon, msg string) { t.status.Set(icon, msg) }

func (t *terminal) Warn(msg string) { t.out.Println(iconWarning + " " + msg) }

// live reports whether d rewrites its status line in place.
func live(d Display) bool {
	l, ok := d.(interface{ Live() bool })
	return ok && l.Live()
}

// ErrNoInput is returned by the default [InputFunc] when no answer can
// arrive: the context ended first (a headless run, where no one can type)
// or standard input is closed. It is the same value as
// kernelhelpers.ErrNoInput.
var ErrNoInput = textui.ErrNoInput

// StdinInput is the default [InputFunc]: it prints the prompt to standard
// error (as shells do, so standard output stays data) and reads one line
// from standard input, until ctx ends.
func StdinInput(ctx context.Context, prompt string, _ bool) (string, error) {
	fmt.Fprint(os.Stderr, prompt+" ")
	return textui.ReadLine(ctx, os.Stdin)
}
