// Package kernelhelpers is the only part of wearnb that talks to the GoNB
// Jupyter kernel (package gonbui). It shows links, HTML, Markdown, PNG and SVG
// images, live status lines and progress bars inline in a notebook cell.
//
// Outside a notebook (go run, go test, a cron job) every call falls back to
// plain terminal output on the writer set by SetOutput (standard output by
// default), so the same program runs everywhere. Detection follows GoNB: a
// cell process has GONB_PIPE set.
//
// The Render* functions are pure: they return the HTML or text that the
// display functions send, so they can be tested and reused.
package kernelhelpers
