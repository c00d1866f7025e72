package kernelhelpers

import (
	"fmt"
	"html"
	"math"
	"strings"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
	"github.com/janpfeifer/gonb/gonbui"
)

// DefaultTableRows is how many rows Table shows when maxRows is 0.
const DefaultTableRows = 20

// Table shows a data frame as an HTML table with its shape and column types,
// the first maxRows rows (0 means DefaultTableRows, negative means all). In a
// terminal it prints Gota's text form.
func Table(df dataframe.DataFrame, maxRows int) {
	if IsNotebook() {
		gonbui.DisplayHTML(RenderTable(df, maxRows))
		return
	}
	if df.Err != nil {
		printf("table error: %v\n", df.Err)
		return
	}
	printf("%s\n", df.String())
}

// RenderTable returns the HTML table that Table shows.
func RenderTable(df dataframe.DataFrame, maxRows int) string {
	if df.Err != nil {
		return fmt.Sprintf(`<pre class="wearnb-error">%s</pre>`, html.EscapeString(df.Err.Error()))
	}
	if maxRows == 0 {
		maxRows = DefaultTableRows
	}
	rows, cols := df.Dims()
	show := rows
	if maxRows > 0 && show > maxRows {
		show = maxRows
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<div class="wearnb-table"><small>%d rows × %d columns</small>`, rows, cols)
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
