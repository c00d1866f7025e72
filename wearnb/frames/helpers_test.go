package frames

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"

	"wearnb.dev/wearnb"
)

// twoWeeks: Moves for Mon 2024-03-04 .. Sun 2024-03-17 without Wed 03-06,
// steps 1000 * day-of-month, calories unknown (NaN) on the weekends.
func twoWeeks(t *testing.T) dataframe.DataFrame {
	t.Helper()
	var days []wearnb.DayMoves
	for d := wearnb.MustDate("2024-03-04"); !d.After(wearnb.MustDate("2024-03-17")); d = d.AddDays(1) {
		if d.Day == 6 {
			continue
		}
		cal := wearnb.Some(2000.0 + float64(d.Day))
		if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
			cal = wearnb.Opt[float64]{} // not reported on weekends
		}
		days = append(days, wearnb.DayMoves{Provider: "p", Date: d, Steps: wearnb.Some(1000 * d.Day), CaloriesKcal: cal})
	}
	df := Moves(days)
	if df.Err != nil {
		t.Fatal(df.Err)
	}
	return df
}

func TestFilterDates(t *testing.T) {
	df := twoWeeks(t)
	for _, tc := range []struct {
		name     string
		from, to string
		want     []string // dates
	}{
		{"inclusive", "2024-03-05", "2024-03-08", []string{"2024-03-05", "2024-03-07", "2024-03-08"}},
		{"one day", "2024-03-17", "2024-03-17", []string{"2024-03-17"}},
		{"open start", "", "2024-03-05", []string{"2024-03-04", "2024-03-05"}},
		{"open end", "2024-03-16", "", []string{"2024-03-16", "2024-03-17"}},
		{"none", "2025-01-01", "2025-02-01", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var from, to wearnb.Date
			if tc.from != "" {
				from = wearnb.MustDate(tc.from)
			}
			if tc.to != "" {
				to = wearnb.MustDate(tc.to)
			}
			got, err := FilterDates(df, from, to)
			if err != nil {
				t.Fatal(err)
			}
			if d := values(t, got, "date"); !slices.Equal(d, tc.want) && !(len(d) == 0 && tc.want == nil) {
				t.Errorf("dates = %v, want %v", d, tc.want)
			}
			if got.Ncol() != df.Ncol() {
				t.Errorf("%d columns, want %d", got.Ncol(), df.Ncol())
			}
		})
	}
	if _, err := FilterDates(df, wearnb.MustDate("2024-03-08"), wearnb.MustDate("2024-03-01")); err == nil {
		t.Error("backwards range accepted")
	}
	noDate := dataframe.New(series.New([]int{1}, series.Int, "x"))
	if _, err := FilterDates(noDate, wearnb.Date{}, wearnb.Date{}); !errors.Is(err, ErrNoColumn) {
		t.Errorf("frame without date: %v, want ErrNoColumn", err)
	}
	intDate := dataframe.New(series.New([]int{20240301}, series.Int, "date"))
	if _, err := FilterDates(intDate, wearnb.Date{}, wearnb.Date{}); !errors.Is(err, ErrColumnType) {
		t.Errorf("int date column: %v, want ErrColumnType", err)
	}
	badDate := dataframe.New(series.New([]string{"2024/03/01"}, series.String, "date"))
	if _, err := FilterDates(badDate, wearnb.Date{}, wearnb.Date{}); err == nil || !strings.Contains(err.Error(), "row 0") {
		t.Errorf("bad date value: %v", err)
	}
}

func TestWeeklyMean(t *testing.T) {
	df := twoWeeks(t)
	got, err := WeeklyMean(df, "steps", "calories_kcal")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(typesOf(got), " ") != "week_start:string n:int steps:float calories_kcal:float" {
		t.Errorf("schema %v", typesOf(got))
	}
	// Week 1 (Mar 4-10, no 6th): steps (4+5+7+8+9+10)*1000/6 = 7166.67;
	// calories on weekdays 4,5,7,8 only: 2000 + 24/4 = 2006.
	// Week 2 (Mar 11-17): steps 14000; calories 2000 + (11+..+15)/5 = 2013.
	checkColumns(t, got, map[string][]string{
		"week_start":    {"2024-03-04", "2024-03-11"},
		"n":             {"6", "7"},
		"steps":         {"7166.666666666667", "14000"},
		"calories_kcal": {"2006", "2013"},
	})

	// Sleep nights: booleans average to a fraction, NaN stages skipped.
	sl := Sleeps(nights())
	w, err := WeeklyMean(sl, "is_main", "deep_min")
	if err != nil {
		t.Fatal(err)
	}
	// 2024-03-10 is a Sunday (week of Mar 4), 2024-03-12 a Tuesday.
	checkColumns(t, w, map[string][]string{
		"week_start": {"2024-03-04", "2024-03-11"},
		"n":          {"2", "1"},
		"is_main":    {"0.5", "1"},
		"deep_min":   {"70", "60"},
	})

	for _, tc := range []struct {
		name string
		cols []string
		is   error
	}{
		{"no columns", nil, nil},
		{"unknown", []string{"stepz"}, ErrNoColumn},
		{"string", []string{"provider"}, ErrColumnType},
		{"repeated", []string{"steps", "steps"}, nil},
		{"reserved", []string{"n"}, nil},
	} {
		_, err := WeeklyMean(df, tc.cols...)
		if err == nil || (tc.is != nil && !errors.Is(err, tc.is)) {
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.is)
		}
	}
}

func TestWeekStart(t *testing.T) {
	for _, tc := range []struct{ d, want string }{
		{"2024-03-04", "2024-03-04"}, // Monday
		{"2024-03-10", "2024-03-04"}, // Sunday
		{"2024-01-01", "2024-01-01"}, // Monday
		{"2021-01-03", "2020-12-28"}, // Sunday, ISO week 53 of 2020
	} {
		if got := WeekStart(wearnb.MustDate(tc.d)).String(); got != tc.want {
			t.Errorf("WeekStart(%s) = %s, want %s", tc.d, got, tc.want)
		}
	}
}

func floats(t *testing.T, s series.Series) []string {
	t.Helper()
	df := dataframe.New(s)
	return values(t, df, s.Name)
}

func TestRollingMean(t *testing.T) {
	df := dataframe.New(
		series.New([]float64{1, 2, 3, nan(), 5, 6}, series.Float, "x"),
		series.New([]string{"2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04", "2024-01-06", "2024-01-06"}, series.String, "date"),
	)
	for _, tc := range []struct {
		window int
		name   string
		want   []string
	}{
		{1, "x_roll1", []string{"1", "2", "3", "NaN", "5", "6"}},
		{3, "x_roll3", []string{"NaN", "NaN", "2", "2.5", "4", "5.5"}},
		{6, "x_roll6", []string{"NaN", "NaN", "NaN", "NaN", "NaN", "3.4"}},
	} {
		s, err := RollingMean(df, "x", tc.window)
		if err != nil {
			t.Fatal(err)
		}
		if s.Name != tc.name || s.Type() != series.Float {
			t.Errorf("series %s %s", s.Name, s.Type())
		}
		if got := floats(t, s); !slices.Equal(got, tc.want) {
			t.Errorf("RollingMean(%d) = %v, want %v", tc.window, got, tc.want)
		}
	}
	// Calendar days: 01-05 has no row, 01-06 has two.
	s, err := RollingMeanDays(df, "x", 3)
	if err != nil {
		t.Fatal(err)
	}
	// 01-01: 1; 01-02: (1+2)/2; 01-03: (1+2+3)/3; 01-04: (2+3)/2 (NaN
	// skipped); 01-06: days 04..06 = 5, 6 -> 5.5 for both rows.
	if got, want := floats(t, s), []string{"1", "1.5", "2", "2.5", "5.5", "5.5"}; !slices.Equal(got, want) || s.Name != "x_roll3d" {
		t.Errorf("RollingMeanDays(3) = %s %v, want %v", s.Name, got, want)
	}
	// The series goes straight into the frame.
	if m := df.Mutate(s); m.Err != nil || m.Ncol() != 3 {
		t.Errorf("Mutate: %v", m.Err)
	}

	for _, tc := range []struct {
		name string
		err  error
	}{
		{"unknown", func() error { _, err := RollingMean(df, "y", 3); return err }()},
		{"string", func() error { _, err := RollingMean(df, "date", 3); return err }()},
		{"window 0", func() error { _, err := RollingMean(df, "x", 0); return err }()},
		{"days 0", func() error { _, err := RollingMeanDays(df, "x", 0); return err }()},
		{"days unknown", func() error { _, err := RollingMeanDays(df, "y", 7); return err }()},
	} {
		if tc.err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
}

func TestSortByTime(t *testing.T) {
	df := twoWeeks(t)
	rev, err := subset(df, []int{12, 3, 0, 7})
	if err != nil {
		t.Fatal(err)
	}
	got, err := SortByTime(rev)
	if err != nil {
		t.Fatal(err)
	}
	if d := values(t, got, "date"); !slices.Equal(d, []string{"2024-03-04", "2024-03-08", "2024-03-12", "2024-03-17"}) {
		t.Errorf("sorted dates %v", d)
	}
	// start_unix wins over date: a nap dated earlier than a night that
	// started before it still sorts by instant.
	sl := Sleeps(nights())
	back, _ := subset(sl, []int{2, 1, 0})
	s, err := SortByTime(back)
	if err != nil {
		t.Fatal(err)
	}
	if ids := values(t, s, "source_id"); !slices.Equal(ids, []string{"26125187652", "nap-1", "in-1"}) {
		t.Errorf("sleeps sorted %v", ids)
	}
	w, _ := WeeklyMean(df, "steps")
	if _, err := SortByTime(w); err != nil {
		t.Errorf("weekly frame: %v", err)
	}
	if _, err := SortByTime(dataframe.New(series.New([]int{1}, series.Int, "x"))); !errors.Is(err, ErrNoColumn) {
		t.Errorf("no time column: %v", err)
	}
	if _, err := SortByTime(dataframe.DataFrame{Err: errors.New("boom")}); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Errorf("frame with Err: %v", err)
	}
}

func TestWithWeekday(t *testing.T) {
	df := Sleeps(nights())
	got, err := WithWeekday(df)
	if err != nil {
		t.Fatal(err)
	}
	checkColumns(t, got, map[string][]string{
		"date":       {"2024-03-10", "2024-03-10", "2024-03-12"},
		"weekday":    {"Sun", "Sun", "Tue"},
		"is_weekend": {"true", "true", "false"},
	})
	if got.Ncol() != df.Ncol()+2 {
		t.Errorf("%d columns, want %d", got.Ncol(), df.Ncol()+2)
	}
	// Applying it twice replaces rather than duplicates.
	again, err := WithWeekday(got)
	if err != nil || again.Ncol() != got.Ncol() {
		t.Errorf("twice: %d columns, %v", again.Ncol(), err)
	}
	empty := Moves(nil)
	if e, err := WithWeekday(empty); err != nil || e.Ncol() != empty.Ncol()+2 {
		t.Errorf("empty: %v, %v", typesOf(e), err)
	}
}

func TestDatesAndTimes(t *testing.T) {
	df := Sleeps(nights())
	ds, err := Dates(df)
	if err != nil || ds[2] != wearnb.MustDate("2024-03-12") {
		t.Errorf("Dates = %v, %v", ds, err)
	}
	ts, err := Times(df, "start_unix")
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range []string{"2024-03-09T23:30:00-05:00", "2024-03-10T14:00:00-04:00", "2024-03-11T22:30:00+05:30"} {
		if got := ts[i].Format(time.RFC3339); got != s {
			t.Errorf("Times[%d] = %s, want %s", i, got, s)
		}
	}
	if _, err := Times(df, "provider"); !errors.Is(err, ErrColumnType) {
		t.Errorf("Times of a string column: %v", err)
	}
}

func nan() float64 { return math.NaN() }
