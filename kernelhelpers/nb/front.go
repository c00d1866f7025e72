package nb

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"time"

	"wearnb.dev/kernelhelpers"
)

// interruptGrace is how long after SIGINT a cell may take to stop by
// itself before nb stops it (GoNB kills it 5 s after the signal).
const interruptGrace = 3 * time.Second

// front is the state of one cell's program: where output goes, how it
// exits, and what to close first. The package functions use std; tests make
// their own.
type front struct {
	d      *kernelhelpers.Display
	out    io.Writer // terminal text of the display (consent's plain lines)
	errOut io.Writer // terminal form of the error box
	exit   func(code int)
	grace  time.Duration // see interruptGrace

	ctxOnce sync.Once
	ctx     context.Context

	mu      sync.Mutex
	closers []func() error
	failed  bool
}

func newFront(out, errOut io.Writer, exit func(int)) *front {
	return &front{d: kernelhelpers.New(out), out: out, errOut: errOut, exit: exit, grace: interruptGrace}
}

var std = newFront(fileWriter{&os.Stdout}, fileWriter{&os.Stderr}, os.Exit)

// fileWriter writes to whatever file *f is at the time of the write, so a
// program (or an Example) that redirects os.Stdout redirects nb too.
type fileWriter struct{ f **os.File }

func (w fileWriter) Write(p []byte) (int, error) { return (*w.f).Write(p) }

// Context returns the cell's context: it ends when the cell is interrupted
// (SIGINT, Jupyter's stop button). Every nb call that does I/O uses it; pass
// it to library calls of your own.
func Context() context.Context { return std.context() }

func (f *front) context() context.Context {
	f.ctxOnce.Do(func() {
		ctx, _ := signal.NotifyContext(context.Background(), os.Interrupt)
		f.ctx = ctx
		context.AfterFunc(ctx, func() {
			time.AfterFunc(f.grace, func() { f.fail(errInterrupted) })
		})
	})
	return f.ctx
}

// closeAtExit registers c to run before nb ends the program on an error.
func (f *front) closeAtExit(c func() error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closers = append(f.closers, c)
}

// fail shows err as an error box and ends the program with status 1, after
// closing what was opened. Only the first failure is shown: a second one
// (the interrupt watchdog racing an interrupted sync) waits for the exit.
func (f *front) fail(err error) {
	f.mu.Lock()
	if f.failed {
		f.mu.Unlock()
		select {} // the first failure is exiting
	}
	f.failed = true
	closers := f.closers
	f.closers = nil
	f.mu.Unlock()

	b := explain(err)
	if kernelhelpers.IsNotebook() {
		f.d.HTML(b.HTML())
		f.d.Sync()
	} else {
		fmt.Fprint(f.errOut, b.Text())
	}
	for i := len(closers) - 1; i >= 0; i-- {
		closers[i]()
	}
	f.exit(1)
}

// check stops the cell with an error box if err is not nil.
func (f *front) check(err error) {
	if err != nil {
		f.fail(err)
	}
}

// Must returns v, or stops the cell with an error box if err is not nil.
// Use it for library calls that return an error, such as
// frames.WeeklyMean.
func Must[T any](v T, err error) T {
	std.check(err)
	return v
}

// Check stops the cell with an error box if err is not nil.
func Check(err error) { std.check(err) }

// Logf shows one log entry as preformatted text: a trace of HTTP exchanges
// (consent's Config.Logf, connect.Trace).
func Logf(format string, args ...any) { std.d.Logf(format, args...) }
