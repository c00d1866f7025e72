package table

import (
	"math"
	"strings"
	"testing"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"

	"wearnb.dev/kernelhelpers"
)

func frame() dataframe.DataFrame {
	return dataframe.New(
		series.New([]string{"2024-01-01", "2024-01-02", "2024-01-03"}, series.String, "date"),
		series.New([]float64{421.5, math.NaN(), 400}, series.Float, "asleep_min"),
		series.New([]int{1, 2, 3}, series.Int, "n"),
	)
}

func TestHTML(t *testing.T) {
	df := frame()
	got := HTML(df, 2)
	for _, want := range []string{
		"3 rows × 3 columns",
		"<th>date</th><th>asleep_min</th><th>n</th>",
		"<td><i>string</i></td><td><i>float</i></td><td><i>int</i></td>",
		"<tr><th>0</th><td>2024-01-01</td><td>421.5</td><td>1</td></tr>",
		"<tr><th>1</th><td>2024-01-02</td><td></td><td>2</td></tr>",
		"… 1 more rows",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("HTML lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "2024-01-03") {
		t.Error("HTML showed more than maxRows rows")
	}
	bad := df.Select([]string{"nope"})
	if got := HTML(bad, 0); !strings.Contains(got, "wearnb-error") {
		t.Errorf("HTML of a frame with Err = %s", got)
	}
}

func TestShowInTerminal(t *testing.T) {
	var buf strings.Builder
	Show(kernelhelpers.New(&buf), frame(), 0)
	got := buf.String()
	if !strings.Contains(got, "[3x3] DataFrame") || !strings.Contains(got, "2024-01-03") || strings.Contains(got, "<table") {
		t.Errorf("terminal table:\n%s", got)
	}
	buf.Reset()
	Show(kernelhelpers.New(&buf), frame(), 2)
	if got := buf.String(); !strings.Contains(got, "[2x3] DataFrame") || strings.Contains(got, "2024-01-03") || !strings.HasSuffix(got, "… 1 more rows\n") {
		t.Errorf("terminal table of 2 rows:\n%s", got)
	}
	buf.Reset()
	Show(kernelhelpers.New(&buf), frame().Select([]string{"nope"}), 0)
	if !strings.HasPrefix(buf.String(), "table error: ") {
		t.Errorf("terminal table of a frame with Err: %q", buf.String())
	}
}
