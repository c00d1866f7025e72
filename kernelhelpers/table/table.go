// Package table shows Gota data frames in a notebook: an HTML table with
// the frame's shape and column types, NaN and missing values left blank.
// In a terminal it prints Gota's text form.
//
// It is a sub-package of kernelhelpers so that a cell which only shows a
// link, a status line or a chart does not link Gota.
package table

import (
	"fmt"
	"html"
	"math"
	"strings"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"

	"wearnb.dev/kernelhelpers"
)

// DefaultRows is how many rows Show and HTML show when maxRows is 0.
const DefaultRows = 20

// Show shows df on d (standard output's Display if nil): the first maxRows
// rows (0 means DefaultRows, negative means all) as an HTML table in a
// notebook, Gota's text form in a terminal.
func Show(d *kernelhelpers.Display, df dataframe.DataFrame, maxRows int) {
	if d == nil {
		d = kernelhelpers.New(nil)
	}
	d.Rich(HTML(df, maxRows), Text(df, maxRows))
}

// Text is the terminal form of df: Gota's text form of its first maxRows
// rows (0 means DefaultRows, negative means all, though Gota itself prints
// at most 10) and how many more there are, or the frame's error.
func Text(df dataframe.DataFrame, maxRows int) string {
	if df.Err != nil {
		return "table error: " + df.Err.Error()
	}
	if maxRows == 0 {
		maxRows = DefaultRows
	}
	rows := df.Nrow()
	if maxRows < 0 || rows <= maxRows {
		return strings.TrimRight(df.String(), "\n")
	}
	first := make([]int, maxRows)
	for i := range first {
		first[i] = i
	}
	return strings.TrimRight(df.Subset(first).String(), "\n") + fmt.Sprintf("\n… %d more rows", rows-maxRows)
}

// HTML returns the HTML table that Show shows: "N rows × M columns", a
// header with names and types, the first maxRows rows, and how many more
// there are. A frame with Err shows the error (class "wearnb-error").
func HTML(df dataframe.DataFrame, maxRows int) string {
	if df.Err != nil {
		return fmt.Sprintf(`<pre class="wearnb-error">%s</pre>`, html.EscapeString(df.Err.Error()))
	}
	if maxRows == 0 {
		maxRows = DefaultRows
	}
	rows, cols := df.Dims()
	show := rows
	if maxRows > 0 && show > maxRows {
		show = maxRows
	}
	var b strings.Builder
	// Wide frames scroll inside the output area instead of widening it.
	fmt.Fprintf(&b, `<div class="wearnb-table" style="overflow-x:auto;max-width:100%%"><small>%d rows × %d columns</small>`, rows, cols)
	b.WriteString(`<table><thead><tr><th></th>`)
	names := df.Names()
	for _, n := range names {
		fmt.Fprintf(&b, "<th>%s</th>", html.EscapeString(n))
	}
	b.WriteString(`</tr><tr><td></td>`)
	for _, t := range df.Types() {
		fmt.Fprintf(&b, "<td><i>%s</i></td>", html.EscapeString(string(t)))
	}
	b.WriteString("</tr></thead><tbody>")
	columns := make([]series.Series, cols)
	for j, n := range names {
		columns[j] = df.Col(n)
	}
	for i := 0; i < show; i++ {
		fmt.Fprintf(&b, "<tr><th>%d</th>", i)
		for j := range columns {
			fmt.Fprintf(&b, "<td>%s</td>", html.EscapeString(cell(columns[j].Elem(i))))
		}
		b.WriteString("</tr>")
	}
	b.WriteString("</tbody></table>")
	if show < rows {
		fmt.Fprintf(&b, "<small>… %d more rows</small>", rows-show)
	}
	b.WriteString("</div>")
	return b.String()
}

// cell formats one value: NaN and missing values show empty, floats with up
// to 3 decimals.
func cell(e series.Element) string {
	if e.IsNA() {
		return ""
	}
	if e.Type() == series.Float {
		f := e.Float()
		if math.IsNaN(f) {
			return ""
		}
		return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.3f", f), "0"), ".")
	}
	return e.String()
}
