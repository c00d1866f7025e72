package frames

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"

	"wearnb.dev/wearnb"
)

// Errors the helpers wrap, for errors.Is.
var (
	// ErrNoColumn means a frame lacks a column a helper needs or was asked
	// for.
	ErrNoColumn = errors.New("frames: no such column")
	// ErrColumnType means a column has the wrong type for the operation (a
	// String column asked for a mean, a date column that is not String).
	ErrColumnType = errors.New("frames: wrong column type")
)

// column returns the series called name, or an error naming it and the
// columns there are.
func column(df dataframe.DataFrame, name string) (series.Series, error) {
	if df.Err != nil {
		return series.Series{}, fmt.Errorf("frames: frame carries an error: %w", df.Err)
	}
	if !slices.Contains(df.Names(), name) {
		return series.Series{}, fmt.Errorf("%w %q (columns: %s)", ErrNoColumn, name, strings.Join(df.Names(), ", "))
	}
	s := df.Col(name)
	if s.Err != nil {
		return series.Series{}, fmt.Errorf("frames: column %q: %w", name, s.Err)
	}
	return s, nil
}

// numbers returns a numeric (Int, Float or Bool as 0/1) column as floats,
// NaN where missing.
func numbers(df dataframe.DataFrame, name string) ([]float64, error) {
	s, err := column(df, name)
	if err != nil {
		return nil, err
	}
	if s.Type() == series.String {
		return nil, fmt.Errorf("%w: column %q is %s, want int, float or bool", ErrColumnType, name, s.Type())
	}
	out := make([]float64, s.Len())
	for i := range out {
		if e := s.Elem(i); e.IsNA() {
			out[i] = math.NaN()
		} else {
			out[i] = e.Float()
		}
	}
	return out, nil
}

// Dates returns the date column of df as wearnb.Date values (the zero Date
// where the value is missing). It fails if a value is not YYYY-MM-DD.
func Dates(df dataframe.DataFrame) ([]wearnb.Date, error) {
	s, err := column(df, "date")
	if err != nil {
		return nil, err
	}
	if s.Type() != series.String {
		return nil, fmt.Errorf("%w: column \"date\" is %s, want string", ErrColumnType, s.Type())
	}
	out := make([]wearnb.Date, s.Len())
	for i := range out {
		e := s.Elem(i)
		if e.IsNA() {
			continue
		}
		d, err := wearnb.ParseDate(e.String())
		if err != nil {
			return nil, fmt.Errorf("frames: row %d: %w", i, err)
		}
		out[i] = d
	}
	return out, nil
}

// Times returns an instant column (start_unix, end_unix) as time.Time values
// in each row's local zone, taken from utc_offset_min when the frame has it
// (UTC otherwise). Missing values give the zero Time.
func Times(df dataframe.DataFrame, unixCol string) ([]time.Time, error) {
	secs, err := numbers(df, unixCol)
	if err != nil {
		return nil, err
	}
	var offs []float64
	if slices.Contains(df.Names(), "utc_offset_min") {
		if offs, err = numbers(df, "utc_offset_min"); err != nil {
			return nil, err
		}
	}
	out := make([]time.Time, len(secs))
	for i, s := range secs {
		if math.IsNaN(s) {
			continue
		}
		t := time.Unix(int64(s), 0).UTC()
		if offs != nil && !math.IsNaN(offs[i]) {
			off := int(offs[i]) * 60
			t = t.In(time.FixedZone("", off))
		}
		out[i] = t
	}
	return out, nil
}

// subset returns the rows idx of df, as a returned error rather than df.Err.
func subset(df dataframe.DataFrame, idx []int) (dataframe.DataFrame, error) {
	if idx == nil {
		idx = []int{}
	}
	out := df.Subset(idx)
	if out.Err != nil {
		return dataframe.DataFrame{}, fmt.Errorf("frames: select rows: %w", out.Err)
	}
	return out, nil
}

// FilterDates returns the rows of df whose date column lies in from..to,
// both inclusive, keeping the row order. A zero from or to leaves that side
// open. Rows with a missing date are dropped. It works on every frame of this
// package that has a date column (Sleeps, SleepStages, Moves, HourlyMoves).
func FilterDates(df dataframe.DataFrame, from, to wearnb.Date) (dataframe.DataFrame, error) {
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		return dataframe.DataFrame{}, fmt.Errorf("frames: filter dates: %v is before %v", to, from)
	}
	dates, err := Dates(df)
	if err != nil {
		return dataframe.DataFrame{}, err
	}
	var idx []int
	for i, d := range dates {
		if d.IsZero() || (!from.IsZero() && d.Before(from)) || (!to.IsZero() && d.After(to)) {
			continue
		}
		idx = append(idx, i)
	}
	return subset(df, idx)
}

// WeekStart returns the Monday that starts d's ISO 8601 week.
func WeekStart(d wearnb.Date) wearnb.Date {
	return d.AddDays(-((int(d.Weekday()) + 6) % 7))
}

// WeeklyMean groups the rows of df by the ISO week (Monday to Sunday) of
// their date column and averages the given numeric columns (Int, Float, or
// Bool as the fraction of true). The result has one row per week that has
// rows, in week order, with columns week_start (String, the Monday,
// YYYY-MM-DD), n (Int, rows in the week) and one Float column per requested
// column, named like it. Missing values are left out of each mean; a week
// with none gives NaN. Rows are averaged as they are: to average nights,
// filter out naps (is_main false) first.
func WeeklyMean(df dataframe.DataFrame, cols ...string) (dataframe.DataFrame, error) {
	if len(cols) == 0 {
		return dataframe.DataFrame{}, errors.New("frames: weekly mean: no columns given")
	}
	dates, err := Dates(df)
	if err != nil {
		return dataframe.DataFrame{}, err
	}
	values := make([][]float64, len(cols))
	for i, c := range cols {
		if c == "week_start" || c == "n" || slices.Index(cols, c) != i {
			return dataframe.DataFrame{}, fmt.Errorf("frames: weekly mean: column %q repeated or reserved", c)
		}
		if values[i], err = numbers(df, c); err != nil {
			return dataframe.DataFrame{}, err
		}
	}
	type acc struct {
		n    int
		sum  []float64
		seen []int
	}
	weeks := map[wearnb.Date]*acc{}
	var order []wearnb.Date
	for row, d := range dates {
		if d.IsZero() {
			continue
		}
		w := WeekStart(d)
		a := weeks[w]
		if a == nil {
			a = &acc{sum: make([]float64, len(cols)), seen: make([]int, len(cols))}
			weeks[w] = a
			order = append(order, w)
		}
		a.n++
		for i := range cols {
			if v := values[i][row]; !math.IsNaN(v) {
				a.sum[i] += v
				a.seen[i]++
			}
		}
	}
	slices.SortFunc(order, func(a, b wearnb.Date) int { return a.Sub(b) })

	starts := make([]string, len(order))
	ns := make([]int, len(order))
	means := make([][]float64, len(cols))
	for i := range means {
		means[i] = make([]float64, len(order))
	}
	for k, w := range order {
		a := weeks[w]
		starts[k], ns[k] = w.String(), a.n
		for i := range cols {
			means[i][k] = math.NaN()
			if a.seen[i] > 0 {
				means[i][k] = a.sum[i] / float64(a.seen[i])
			}
		}
	}
	out := []series.Series{series.New(starts, series.String, "week_start"), series.New(ns, series.Int, "n")}
	for i, c := range cols {
		out = append(out, series.New(means[i], series.Float, c))
	}
	return newFrame(out...)
}

// RollingMean returns the trailing mean of col over window rows, in the
// frame's row order (sort it first, see SortByTime): element i averages rows
// i-window+1 through i. The first window-1 elements are NaN; missing values
// inside a window are left out, and a window of only missing values gives
// NaN. The result is a Float series named "<col>_roll<window>", ready for
// df.Mutate. For a window in calendar days, which copes with missing days
// and naps, use RollingMeanDays.
func RollingMean(df dataframe.DataFrame, col string, window int) (series.Series, error) {
	if window < 1 {
		return series.Series{}, fmt.Errorf("frames: rolling mean: window %d, want at least 1", window)
	}
	v, err := numbers(df, col)
	if err != nil {
		return series.Series{}, err
	}
	out := make([]float64, len(v))
	for i := range v {
		out[i] = math.NaN()
		if i+1 < window {
			continue
		}
		sum, n := 0.0, 0
		for _, x := range v[i+1-window : i+1] {
			if !math.IsNaN(x) {
				sum += x
				n++
			}
		}
		if n > 0 {
			out[i] = sum / float64(n)
		}
	}
	return series.New(out, series.Float, fmt.Sprintf("%s_roll%d", col, window)), nil
}

// RollingMeanDays returns, for each row, the mean of col over the rows whose
// date lies in the days calendar days ending on that row's date (inclusive).
// Rows need not be sorted; days without rows simply contribute nothing, so
// near the start of the data or after a gap the mean covers fewer rows.
// Missing values are left out; rows with a missing date get NaN. The result
// is a Float series named "<col>_roll<days>d", ready for df.Mutate.
func RollingMeanDays(df dataframe.DataFrame, col string, days int) (series.Series, error) {
	if days < 1 {
		return series.Series{}, fmt.Errorf("frames: rolling mean: %d days, want at least 1", days)
	}
	v, err := numbers(df, col)
	if err != nil {
		return series.Series{}, err
	}
	dates, err := Dates(df)
	if err != nil {
		return series.Series{}, err
	}
	type acc struct {
		sum float64
		n   int
	}
	byDay := map[wearnb.Date]acc{}
	for i, d := range dates {
		if !d.IsZero() && !math.IsNaN(v[i]) {
			a := byDay[d]
			byDay[d] = acc{a.sum + v[i], a.n + 1}
		}
	}
	out := make([]float64, len(v))
	for i, d := range dates {
		out[i] = math.NaN()
		if d.IsZero() {
			continue
		}
		sum, n := 0.0, 0
		for k := range days {
			a := byDay[d.AddDays(-k)]
			sum += a.sum
			n += a.n
		}
		if n > 0 {
			out[i] = sum / float64(n)
		}
	}
	return series.New(out, series.Float, fmt.Sprintf("%s_roll%dd", col, days)), nil
}

// SortByTime returns df with its rows in time order: by start_unix when the
// frame has it (Sleeps, SleepStages, HourlyMoves), else by date (Moves), else
// by week_start (WeeklyMean). The sort is stable and missing values go last.
func SortByTime(df dataframe.DataFrame) (dataframe.DataFrame, error) {
	if df.Err != nil {
		return dataframe.DataFrame{}, fmt.Errorf("frames: frame carries an error: %w", df.Err)
	}
	names := df.Names()
	for _, key := range []string{"start_unix", "date", "week_start"} {
		if !slices.Contains(names, key) {
			continue
		}
		if df.Nrow() == 0 {
			return df, nil
		}
		out := df.Arrange(dataframe.Sort(key))
		if out.Err != nil {
			return dataframe.DataFrame{}, fmt.Errorf("frames: sort by %s: %w", key, out.Err)
		}
		return out, nil
	}
	return dataframe.DataFrame{}, fmt.Errorf("%w: none of start_unix, date, week_start to sort by (columns: %s)", ErrNoColumn, strings.Join(names, ", "))
}

// WithWeekday returns df with two more columns computed from its date
// column: weekday (String, "Mon" to "Sun") and is_weekend (Bool, Saturday or
// Sunday). For sleeps the date is the day the sleep ends, so the night of
// Friday to Saturday is a weekend row. Existing columns of those names are
// replaced.
func WithWeekday(df dataframe.DataFrame) (dataframe.DataFrame, error) {
	dates, err := Dates(df)
	if err != nil {
		return dataframe.DataFrame{}, err
	}
	names := make([]any, len(dates))
	weekend := make([]any, len(dates))
	for i, d := range dates {
		if d.IsZero() {
			continue // nil: missing
		}
		wd := d.Weekday()
		names[i] = wd.String()[:3]
		weekend[i] = wd == time.Saturday || wd == time.Sunday
	}
	out := df.Mutate(series.New(names, series.String, "weekday"))
	out = out.Mutate(series.New(weekend, series.Bool, "is_weekend"))
	if out.Err != nil {
		return dataframe.DataFrame{}, fmt.Errorf("frames: add weekday: %w", out.Err)
	}
	return out, nil
}
