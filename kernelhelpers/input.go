package kernelhelpers

import (
	"context"

	"github.com/janpfeifer/gonb/gonbui"

	"wearnb.dev/internal/textui"
)

// ErrNoInput is returned by Input when no answer can arrive: the context
// ended first (typically a timeout under headless execution, where Jupyter
// allows no input) or standard input is closed. It is the same value as
// consent.ErrNoInput.
var ErrNoInput = textui.ErrNoInput

// Input asks the person for one line of text: in a notebook through
// Jupyter's input box (password hides what is typed), in a terminal on the
// Display's input after printing the prompt. It returns an error matching
// ErrNoInput (and the context's error) if ctx ends first, so a headless run
// never hangs: always pass a context with a deadline. Input fits consent's
// Config.Input.
func (d *Display) Input(ctx context.Context, prompt string, password bool) (string, error) {
	if IsNotebook() {
		gonbui.RequestInput(prompt, password)
	} else {
		d.out.Print(prompt + " ")
	}
	return textui.ReadLine(ctx, d.in)
}

// Input asks for one line on standard output's Display.
func Input(ctx context.Context, prompt string, password bool) (string, error) {
	return std.Input(ctx, prompt, password)
}
