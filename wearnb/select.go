package wearnb

import "time"

// Sleeps is a list of sleep periods with selectors, so that analysis code
// (a notebook cell, a report, the metrics) asks for "last night" or "the
// weekends of the last eight weeks" instead of looping by hand:
//
//	nights := Sleeps(all).Main().LastWeeks(8)
//	weekends := nights.Weekends()
//
// A []Sleep converts to Sleeps and back without copying. Selectors keep the
// order of the list, return a new slice and never change the list; the
// records themselves (and their Stages) are shared, not copied.
//
// "Last" selectors count back from the newest date in the list, not from
// the clock, so they mean the same for this morning's sync, an old export
// and the sandbox's fixed years.
type Sleeps []Sleep

// Where returns the sleeps for which keep returns true.
func (s Sleeps) Where(keep func(Sleep) bool) Sleeps {
	var out Sleeps
	for _, x := range s {
		if keep(x) {
			out = append(out, x)
		}
	}
	return out
}

// Main returns the main sleeps: nights, without naps and without flagged
// records (a provider client never marks a flagged record main; Main also
// leaves out one built by hand).
func (s Sleeps) Main() Sleeps { return s.Where(func(x Sleep) bool { return x.IsMain && x.Flag == "" }) }

// Naps returns the plausible sleeps that are not a main sleep.
func (s Sleeps) Naps() Sleeps {
	return s.Where(func(x Sleep) bool { return !x.IsMain && x.Flag == "" })
}

// Plausible returns the sleeps without a [Flag]: what charts and metrics
// use by default.
func (s Sleeps) Plausible() Sleeps { return s.Where(func(x Sleep) bool { return x.Flag == "" }) }

// Flagged returns the implausible sleeps, each with its [Flag], to look at
// what the provider sent that cannot be a real sleep.
func (s Sleeps) Flagged() Sleeps { return s.Where(func(x Sleep) bool { return x.Flag != "" }) }

// In returns the sleeps dated in r (by Sleep.Date, the day they end on).
func (s Sleeps) In(r Range) Sleeps { return s.Where(func(x Sleep) bool { return r.Contains(x.Date) }) }

// Span returns the range from the oldest to the newest date in the list;
// the zero Range for an empty list.
func (s Sleeps) Span() Range {
	var r Range
	for _, x := range s {
		if r.From.IsZero() || x.Date.Before(r.From) {
			r.From = x.Date
		}
		if r.To.IsZero() || x.Date.After(r.To) {
			r.To = x.Date
		}
	}
	return r
}

// LastDays returns the sleeps dated in the n days that end on the newest
// date in the list (n >= 1; the newest date counts as one).
func (s Sleeps) LastDays(n int) Sleeps {
	if len(s) == 0 {
		return nil
	}
	return s.In(s.Span().Last(n))
}

// LastWeeks returns the sleeps of the last n weeks: LastDays(7*n).
func (s Sleeps) LastWeeks(n int) Sleeps { return s.LastDays(7 * n) }

// LastNight returns the (unflagged) main sleep that started last, or the
// zero Sleep if the list has none (which charts reject with their no-data
// error).
func (s Sleeps) LastNight() Sleep {
	var last Sleep
	for _, x := range s {
		if x.IsMain && x.Flag == "" && (last.Start.IsZero() || x.Start.After(last.Start)) {
			last = x
		}
	}
	return last
}

// Weekends returns the sleeps that end on a Saturday or a Sunday: Friday
// and Saturday nights, the nights before days off in most weeks (and the
// naps of those days).
func (s Sleeps) Weekends() Sleeps { return s.Where(func(x Sleep) bool { return isWeekend(x.Date) }) }

// Weekdays returns the sleeps that end on Monday to Friday: Sunday to
// Thursday nights.
func (s Sleeps) Weekdays() Sleeps { return s.Where(func(x Sleep) bool { return !isWeekend(x.Date) }) }

func isWeekend(d Date) bool {
	wd := d.Weekday()
	return wd == time.Saturday || wd == time.Sunday
}

// Last returns the last n days of r (all of r if it is shorter; n >= 1).
func (r Range) Last(n int) Range {
	n = max(n, 1)
	if r.Days() <= n {
		return r
	}
	return Range{r.To.AddDays(1 - n), r.To}
}
