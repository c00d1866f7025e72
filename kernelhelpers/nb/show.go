package nb

import (
	"fmt"

	"github.com/go-gota/gota/dataframe"

	"wearnb.dev/kernelhelpers"
	"wearnb.dev/kernelhelpers/plotimg"
	"wearnb.dev/kernelhelpers/table"
)

// Card is anything that renders itself as an HTML card, such as a metric
// summary. Packages provide cards by having an HTML() string method, with
// no need to import nb; a card that also has a String() string method uses
// it as its terminal form.
type Card interface {
	HTML() string
}

// HTML is an HTML fragment for [Show].
type HTML string

// Markdown is Markdown text (with $LaTeX$) for [Show].
type Markdown string

// Rows is how many rows of a table to show (negative for all): its Show
// method is [Show] with that many rows, as in nb.Rows(5).Show(df). (A
// method, because Go passes a call's (value, error) results on only as the
// whole argument list: nb.Rows(5).Show(frames.WeeklyMean(df, "steps"))
// compiles where a row count beside them would not.)
type Rows int

// DefaultRows is how many rows of a frame Show shows.
const DefaultRows = 10

// Show is [Show] with r rows of each table.
func (r Rows) Show(values ...any) { std.show(int(r), values...) }

// Show shows each value in the notebook, or as text in a terminal:
//
//   - a Gota frame (dataframe.DataFrame) as a table of its first
//     DefaultRows rows (see [Rows] for more);
//   - a chart (*plot.Plot, or anything with its WriterTo method) as a PNG
//     of 900 × 506 pixels;
//   - a [Card] as its HTML; [HTML] and [Markdown] as such;
//   - a string, or anything with a String method, as text; other values as
//     fmt.Sprint prints them.
//
// A non-nil error among the values stops the cell with an error box before
// anything is shown, and so does a frame that carries an error, so a call
// that returns (value, error) can go straight in:
//
//	nb.Show(charts.SleepDuration(sleeps, 14))
//	nb.Rows(8).Show(frames.WeeklyMean(df, "asleep_min"))
//
// Nil values are skipped.
func Show(values ...any) { std.show(DefaultRows, values...) }

func (f *front) show(rows int, values ...any) {
	for _, v := range values {
		switch v := v.(type) {
		case error:
			if v != nil {
				f.fail(v)
				return
			}
		case dataframe.DataFrame:
			if v.Err != nil {
				f.fail(fmt.Errorf("nb: the frame carries an error: %w", v.Err))
				return
			}
		}
	}
	for _, v := range values {
		f.showOne(v, rows)
	}
	f.d.Sync() // the cell's program may exit right after
}

func (f *front) showOne(v any, rows int) {
	switch v := v.(type) {
	case nil, error:
	case dataframe.DataFrame:
		table.Show(f.d, v, rows)
	case *dataframe.DataFrame:
		if v != nil {
			f.showOne(*v, rows)
		}
	case plotimg.Plot:
		if err := plotimg.Show(f.d, v); err != nil {
			f.fail(err)
		}
	case HTML:
		f.d.HTML(string(v))
	case Markdown:
		f.d.Markdown(string(v))
	case Card:
		text := ""
		if s, ok := v.(fmt.Stringer); ok {
			text = s.String()
		} else {
			text = kernelhelpers.TextOf(v.HTML())
		}
		f.d.Rich(v.HTML(), text)
	case string:
		f.d.Text(v)
	case fmt.Stringer:
		f.d.Text(v.String())
	default:
		f.d.Text(fmt.Sprint(v))
	}
}
