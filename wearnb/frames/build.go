package frames

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"

	"wearnb.dev/wearnb"
)

// Layouts of the time columns. Both sort lexicographically in time order
// (LocalLayout within one UTC offset; use the *_unix columns across offsets).
const (
	// DateLayout is the layout of date, week_start and every *_date column.
	DateLayout = "2006-01-02"
	// LocalLayout is the layout of the *_local columns: local wall-clock time
	// without an offset (the offset is in utc_offset_min).
	LocalLayout = "2006-01-02T15:04:05"
)

// col describes one typed column of a frame built from rows of type T.
// Exactly one of the value functions is set, matching typ.
type col[T any] struct {
	name string
	typ  series.Type
	str  func(T) string
	num  func(T) int
	onum func(T) wearnb.Opt[int] // an Int column whose missing values are Gota NaN elements
	flt  func(T) float64
	bl   func(T) bool
}

func strCol[T any](name string, f func(T) string) col[T] {
	return col[T]{name: name, typ: series.String, str: f}
}
func intCol[T any](name string, f func(T) int) col[T] {
	return col[T]{name: name, typ: series.Int, num: f}
}

// optIntCol is an Int column of an optional value: a missing value is a
// NaN element (IsNA), never 0.
func optIntCol[T any](name string, f func(T) wearnb.Opt[int]) col[T] {
	return col[T]{name: name, typ: series.Int, onum: f}
}

// optFltCol is a Float column of an optional value: NaN when missing.
func optFltCol[T any](name string, f func(T) wearnb.Opt[float64]) col[T] {
	return col[T]{name: name, typ: series.Float, flt: func(r T) float64 { return f(r).Or(math.NaN()) }}
}

// optMinCol is a Float column of an optional duration in minutes: NaN when
// missing.
func optMinCol[T any](name string, f func(T) wearnb.Opt[time.Duration]) col[T] {
	return col[T]{name: name, typ: series.Float, flt: func(r T) float64 { return optMinutes(f(r)) }}
}

func fltCol[T any](name string, f func(T) float64) col[T] {
	return col[T]{name: name, typ: series.Float, flt: f}
}
func boolCol[T any](name string, f func(T) bool) col[T] {
	return col[T]{name: name, typ: series.Bool, bl: f}
}

// build makes a frame with one typed series per column, in schema order. An
// empty rows gives a frame with every column and no rows. It cannot fail:
// every column has one value per row and the schema's names are distinct,
// which is all dataframe.New checks, so an error would be a bug in a
// schema here and panics.
func build[T any](schema []col[T], rows []T) dataframe.DataFrame {
	cols := make([]series.Series, len(schema))
	for i, c := range schema {
		switch c.typ {
		case series.String:
			cols[i] = seriesOf(rows, c.str, c.typ, c.name)
		case series.Int:
			if c.onum != nil {
				cols[i] = optIntSeries(rows, c.onum, c.name)
			} else {
				cols[i] = seriesOf(rows, c.num, c.typ, c.name)
			}
		case series.Float:
			cols[i] = seriesOf(rows, c.flt, c.typ, c.name)
		case series.Bool:
			cols[i] = seriesOf(rows, c.bl, c.typ, c.name)
		}
	}
	return mustFrame(cols...)
}

// seriesOf is the series of get's value for each row.
func seriesOf[T, V any](rows []T, get func(T) V, typ series.Type, name string) series.Series {
	v := make([]V, len(rows))
	for j, r := range rows {
		v[j] = get(r)
	}
	return series.New(v, typ, name)
}

// optIntSeries is the Int series of get's value for each row, with a NaN
// element (IsNA) where the value is missing.
func optIntSeries[T any](rows []T, get func(T) wearnb.Opt[int], name string) series.Series {
	v := make([]int, len(rows))
	var missing []int
	for j, r := range rows {
		x, ok := get(r).Get()
		v[j] = x
		if !ok {
			missing = append(missing, j)
		}
	}
	s := series.New(v, series.Int, name)
	for _, j := range missing {
		s.Elem(j).Set(nil) // Gota's int element: any unsupported value is NaN
	}
	return s
}

// mustFrame is the frame of cols, which this package built with one value
// per row and distinct names: an error is a bug, so it panics.
func mustFrame(cols ...series.Series) dataframe.DataFrame {
	df, err := newFrame(cols...)
	if err != nil {
		panic(err)
	}
	return df
}

// newFrame wraps dataframe.New, turning df.Err into a returned error.
func newFrame(cols ...series.Series) (dataframe.DataFrame, error) {
	df := dataframe.New(cols...)
	if df.Err != nil {
		return dataframe.DataFrame{}, fmt.Errorf("frames: build frame: %w", df.Err)
	}
	return df, nil
}

func minutes(d time.Duration) float64 { return d.Minutes() }

// optMinutes is a reported duration in minutes, NaN when missing.
func optMinutes(d wearnb.Opt[time.Duration]) float64 {
	if v, ok := d.Get(); ok {
		return v.Minutes()
	}
	return math.NaN()
}

func offsetMin(t time.Time) int {
	_, off := t.Zone()
	return off / 60
}

func local(t time.Time) string { return t.Format(LocalLayout) }

// offsetMinutes is an optional UTC offset in whole minutes.
func offsetMinutes(o wearnb.Opt[time.Duration]) wearnb.Opt[int] {
	if d, ok := o.Get(); ok {
		return wearnb.Some(int(d / time.Minute))
	}
	return wearnb.Opt[int]{}
}

// sortedRefs returns pointers to the records of xs in cmp's order (stable:
// ties keep their input order), leaving xs as it is; sorted input is not
// sorted again.
func sortedRefs[T any](xs []T, cmp func(a, b *T) int) []*T {
	rows := make([]*T, len(xs))
	for i := range xs {
		rows[i] = &xs[i]
	}
	if !slices.IsSortedFunc(rows, cmp) {
		slices.SortStableFunc(rows, cmp)
	}
	return rows
}
