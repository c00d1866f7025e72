// Package kernelhelpers is the only part of wearnb that talks to the GoNB
// Jupyter kernel (package gonbui). It shows links, HTML, Markdown, PNG and
// SVG images, live status lines, progress bars and input requests inline in
// a notebook cell.
//
// Outside a notebook (go run, go test, a cron job) every call falls back to
// plain terminal output on the [Display]'s writer, so the same program runs
// everywhere. Detection follows GoNB: a cell process has GONB_PIPE set. The
// package-level functions write to standard output; create a Display with
// [New] to send the terminal text elsewhere (a test's buffer).
//
// This package imports only gonbui and the standard library, so a cell
// that shows a link or a status line does not link Gota or gonum/plot:
// tables live in the sub-package table, charts in plotimg, and the
// notebook front that cells use (open an account, Show anything, errors as
// a box) in nb.
//
// The Render* functions are pure: they return the HTML that the display
// functions send, so they can be tested and reused.
package kernelhelpers
