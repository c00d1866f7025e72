package kernelhelpers

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/janpfeifer/gonb/gonbui"
)

// ErrNoInput is returned by Input when no answer can arrive: the context ended
// first (typically a timeout under headless execution, where Jupyter allows no
// input) or standard input is closed.
var ErrNoInput = errors.New("kernelhelpers: no input arrived")

// stdin is where answers are read from; tests replace it.
var stdin io.Reader = os.Stdin

// Input asks the person for one line of text: in a notebook through Jupyter's
// input box (password hides what is typed), in a terminal on standard input.
// It returns ErrNoInput (wrapped with the context's error) if ctx ends first,
// so a headless run never hangs: always pass a context with a deadline.
func Input(ctx context.Context, prompt string, password bool) (string, error) {
	if IsNotebook() {
		gonbui.RequestInput(prompt, password)
	} else {
		printf("%s ", prompt)
	}
	type answer struct {
		line string
		err  error
	}
	ch := make(chan answer, 1)
	r := stdin
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
