// Package nb is the notebook front: what a GoNB cell needs to open an
// account, pick records, and show frames, charts and cards, each in a line,
// with errors shown as a readable box instead of a panic trace.
//
// A notebook declares its account once, in a declarations cell:
//
//	var acct = nb.Open("oura", connect.Sandbox()) // drop Sandbox() for your own ring
//	var period = wearnb.Range{From: wearnb.MustDate("2024-01-01"), To: wearnb.MustDate("2025-12-31")}
//
// and every analysis cell is a line or three:
//
//	%%
//	sleeps := acct.Sleeps(period)
//	nb.Show(frames.Sleeps(sleeps.Main()))
//	nb.Show(charts.Hypnogram(sleeps.LastNight()))
//
// # One program per cell
//
// GoNB runs every cell as a new program and re-runs the top-level variable
// initializers of all earlier declarations each time, so acct is opened
// again in every cell: the first time it runs the consent flow in the cell
// (a link, a live status line), later it loads the token file, and the
// records come from the local cache, fetching only what it lacks. Nothing
// needs closing: when the cell's program exits, the operating system frees
// the sandbox's port, and the cache has committed every chunk in its own
// transaction (SQLite, write-ahead log), so an exit at any moment loses
// nothing. [Account.Close] exists for programs that open many accounts.
// GoNB stops reading a cell's output when its program exits, so Show,
// Open and the error box wait until the kernel has taken in what they sent
// (kernelhelpers' Display.Sync): the last chart of a cell is never lost.
//
// The cell owns an interrupt-aware context ([Context]): Jupyter's stop
// button makes GoNB send SIGINT, then SIGKILL 5 s later. The context ends at
// SIGINT, so a sync or a consent wait stops at once with an error box; if
// the cell is busy elsewhere, nb stops it itself 3 s after the signal,
// still before the kill.
//
// # Errors
//
// Every nb call that can fail stops the cell on error: it shows one error
// box (HTML in a notebook, a plain "error: …" block on standard error in a
// terminal) that says what happened and names the fix (a wrong provider
// name lists the known ones; a revoked or dead token says how to consent
// again; a network failure points at the connection, the sandbox and
// offline mode), and exits with status 1. GoNB reports every cell as
// finished and prints "exit status 1" under the box; the notebook test
// harness treats that as a failure unless the cell declares the error it
// expects. [Must] and [Check] do the same for library calls that return an
// error.
//
// # Showing
//
// [Show] takes what the libraries return, errors included, so a call can go
// straight in: a Gota frame becomes an HTML table (10 rows;
// nb.Rows(n).Show for another number), a gonum/plot chart a PNG of
// 900 × 506 pixels (16:9, the width of a JupyterLab output area), a [Card]
// (anything with an HTML() string method, such as a metric summary) its
// HTML, [HTML] and [Markdown] themselves. Outside a notebook (go run, go
// test) the same calls print a terminal form: Gota's text table, a line per
// image, a card's text.
//
// nb links Gota (tables) and gonum/plot's vg package, but not gonum/plot
// itself: a cell that only shows a table does not build or link the plotting
// code, which comes in with the chart functions a cell calls.
package nb
