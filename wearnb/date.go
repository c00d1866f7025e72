package wearnb

import (
	"fmt"
	"time"
)

// Date is a civil (calendar) date with no time zone, like "the night of
// 2024-03-09". Providers key sleeps and activity by local date, so wearnb does
// too. The zero Date is invalid; use IsZero to test for it.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the calendar date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// ParseDate parses "2006-01-02".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("wearnb: bad date %q: want YYYY-MM-DD", s)
	}
	return DateOf(t), nil
}

// MustDate is ParseDate for literals in examples and tests; it panics on a bad
// literal.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// String formats d as "2006-01-02".
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// In returns midnight at the start of d in loc.
func (d Date) In(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// AddDays returns d shifted by n days (n may be negative).
func (d Date) AddDays(n int) Date {
	return DateOf(d.In(time.UTC).AddDate(0, 0, n))
}

// Sub returns the number of days from e to d (d - e).
func (d Date) Sub(e Date) int {
	return int(d.In(time.UTC).Sub(e.In(time.UTC)).Hours() / 24)
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Sub(e) < 0 }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Sub(e) > 0 }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return d.In(time.UTC).Weekday() }

// MarshalText encodes d as "2006-01-02".
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText decodes "2006-01-02".
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Range is an inclusive range of civil dates, From through To.
type Range struct {
	From, To Date
}

// NewRange returns the inclusive range from..to, or an error if to is before
// from or either is zero.
func NewRange(from, to Date) (Range, error) {
	if from.IsZero() || to.IsZero() {
		return Range{}, fmt.Errorf("wearnb: range needs both dates, got %v..%v", from, to)
	}
	if to.Before(from) {
		return Range{}, fmt.Errorf("wearnb: range ends (%v) before it starts (%v)", to, from)
	}
	return Range{from, to}, nil
}

// Days returns the number of days in r, counting both ends.
func (r Range) Days() int { return r.To.Sub(r.From) + 1 }

// Contains reports whether d lies in r.
func (r Range) Contains(d Date) bool { return !d.Before(r.From) && !d.After(r.To) }

// String formats r as "2024-01-01..2024-01-31".
func (r Range) String() string { return r.From.String() + ".." + r.To.String() }

// Split cuts r into consecutive chunks of at most maxDays days each, in order.
// Providers use it to stay within each API's maximum range per request.
func (r Range) Split(maxDays int) []Range {
	if maxDays < 1 {
		maxDays = 1
	}
	var out []Range
	for from := r.From; !from.After(r.To); from = from.AddDays(maxDays) {
		to := from.AddDays(maxDays - 1)
		if to.After(r.To) {
			to = r.To
		}
		out = append(out, Range{from, to})
	}
	return out
}

// Today returns the current local date.
func Today() Date { return DateOf(time.Now()) }

// LastDays returns the range of the n days ending today (n >= 1).
func LastDays(n int) Range {
	if n < 1 {
		n = 1
	}
	t := Today()
	return Range{t.AddDays(1 - n), t}
}
