package sandbox

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// filterTerm is one comparison of a Google Health list filter:
// field op "value".
type filterTerm struct {
	field string // normalized: "start_time", "end_time", "civil_start_time", "civil_end_time"
	op    string // ">=", ">", "<=", "<", "="
	t     time.Time
	civil bool // t is a civil (zone-less) time stored as UTC
}

var errFilter = errors.New("sandbox: bad filter")

// parseFilter parses the AIP-160 subset the Google Health list methods
// document: comparisons of dataType.interval.{start_time,end_time,
// civil_start_time,civil_end_time} (interval types such as steps and
// sleep), dataType.sample_time.{physical_time,civil_time} (sample types
// such as heart_rate) or dataType.date (daily types such as
// daily_resting_heart_rate) with a quoted RFC 3339 timestamp (civil fields
// and dates: "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS"), joined by AND. Field
// names may also be camelCase. An empty filter matches everything.
func parseFilter(dataType, src string) ([]filterTerm, error) {
	toks, err := lexFilter(src)
	if err != nil {
		return nil, err
	}
	var terms []filterTerm
	for i := 0; i < len(toks); {
		if len(terms) > 0 {
			if toks[i] != "AND" {
				return nil, fmt.Errorf("%w: expected AND, got %q (only AND of comparisons is supported)", errFilter, toks[i])
			}
			i++
		}
		if i+3 > len(toks) {
			return nil, fmt.Errorf("%w: incomplete comparison at end of filter", errFilter)
		}
		field, op, val := toks[i], toks[i+1], toks[i+2]
		i += 3
		ft, err := filterField(dataType, field)
		if err != nil {
			return nil, err
		}
		switch op {
		case ">=", ">", "<=", "<", "=":
		default:
			return nil, fmt.Errorf("%w: unsupported operator %q", errFilter, op)
		}
		if len(val) < 2 || val[0] != '"' {
			return nil, fmt.Errorf("%w: value of %s must be a quoted string", errFilter, field)
		}
		v := val[1 : len(val)-1]
		ft.op = op
		if ft.civil {
			t, err := parseCivil(v)
			if err != nil {
				return nil, fmt.Errorf("%w: %s: %q is not a civil date-time (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)", errFilter, field, v)
			}
			ft.t = t
		} else {
			t, err := time.Parse(time.RFC3339Nano, v)
			if err != nil {
				return nil, fmt.Errorf("%w: %s: %q is not an RFC 3339 timestamp", errFilter, field, v)
			}
			ft.t = t
		}
		terms = append(terms, ft)
	}
	return terms, nil
}

func parseCivil(v string) (time.Time, error) {
	if t, err := time.Parse("2006-01-02T15:04:05", v); err == nil {
		return t, nil
	}
	return time.Parse(time.DateOnly, v)
}

func filterField(dataType, field string) (filterTerm, error) {
	prefix := strings.ReplaceAll(dataType, "-", "_") + "."
	rest, ok := strings.CutPrefix(field, prefix)
	if !ok {
		return filterTerm{}, fmt.Errorf("%w: field %q: filter on fields of %s", errFilter, field, prefix[:len(prefix)-1])
	}
	switch kind := googleKind[dataType]; kind {
	case "sample":
		switch rest {
		case "sample_time.physical_time", "sampleTime.physicalTime":
			return filterTerm{field: "start_time"}, nil
		case "sample_time.civil_time", "sampleTime.civilTime":
			return filterTerm{field: "civil_start_time", civil: true}, nil
		}
		return filterTerm{}, fmt.Errorf("%w: field %q: filter on %ssample_time.physical_time or civil_time", errFilter, field, prefix)
	case "daily":
		if rest == "date" {
			return filterTerm{field: "civil_start_time", civil: true}, nil
		}
		return filterTerm{}, fmt.Errorf("%w: field %q: filter on %sdate", errFilter, field, prefix)
	}
	rest, ok = strings.CutPrefix(rest, "interval.")
	if !ok {
		return filterTerm{}, fmt.Errorf("%w: field %q: filter on %s.interval.start_time, end_time, civil_start_time or civil_end_time", errFilter, field, dataType)
	}
	switch rest {
	case "start_time", "startTime":
		return filterTerm{field: "start_time"}, nil
	case "end_time", "endTime":
		return filterTerm{field: "end_time"}, nil
	case "civil_start_time", "civilStartTime":
		return filterTerm{field: "civil_start_time", civil: true}, nil
	case "civil_end_time", "civilEndTime":
		return filterTerm{field: "civil_end_time", civil: true}, nil
	}
	return filterTerm{}, fmt.Errorf("%w: unknown field %q", errFilter, field)
}

// lexFilter splits a filter into identifiers, operators and quoted strings
// (kept with their quotes, escapes resolved).
func lexFilter(src string) ([]string, error) {
	var toks []string
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '"':
			var b strings.Builder
			b.WriteByte('"')
			j := i + 1
			for ; j < len(src) && src[j] != '"'; j++ {
				if src[j] == '\\' {
					j++
					if j >= len(src) {
						break
					}
				}
				b.WriteByte(src[j])
			}
			if j >= len(src) {
				return nil, fmt.Errorf("%w: unterminated string", errFilter)
			}
			b.WriteByte('"')
			toks = append(toks, b.String())
			i = j + 1
		case c == '>' || c == '<' || c == '=' || c == '!':
			if i+1 < len(src) && src[i+1] == '=' {
				toks = append(toks, src[i:i+2])
				i += 2
			} else {
				toks = append(toks, src[i:i+1])
				i++
			}
		case isIdent(c):
			j := i
			for j < len(src) && isIdent(src[j]) {
				j++
			}
			toks = append(toks, src[i:j])
			i = j
		default:
			return nil, fmt.Errorf("%w: unexpected character %q", errFilter, c)
		}
	}
	return toks, nil
}

func isIdent(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-'
}

// interval is what a filter is evaluated against.
type interval struct {
	start, end time.Time // physical
}

func (iv interval) value(field string) (time.Time, bool) {
	switch field {
	case "start_time":
		return iv.start, false
	case "end_time":
		return iv.end, false
	case "civil_start_time":
		return localNaive(iv.start), true
	default:
		return localNaive(iv.end), true
	}
}

func matchFilter(terms []filterTerm, iv interval) bool {
	for _, ft := range terms {
		v, _ := iv.value(ft.field)
		c := v.Compare(ft.t)
		ok := false
		switch ft.op {
		case ">=":
			ok = c >= 0
		case ">":
			ok = c > 0
		case "<=":
			ok = c <= 0
		case "<":
			ok = c < 0
		case "=":
			ok = c == 0
		}
		if !ok {
			return false
		}
	}
	return true
}

// filterBounds returns a loose window [lo, hi) for the start time of any
// point that can match (zero times when unbounded). Civil bounds are
// widened by a day to cover any UTC offset; bounds on end times assume a
// point lasts at most two days.
func filterBounds(terms []filterTerm) (lo, hi time.Time) {
	for _, ft := range terms {
		t := ft.t
		slack := time.Duration(0)
		if ft.civil {
			slack = 26 * time.Hour
		}
		switch ft.op {
		case ">=", ">", "=":
			// the interval ends after a lower bound on its start or end
			l := t.Add(-slack)
			if ft.field == "end_time" || ft.field == "civil_end_time" {
				l = l.Add(-48 * time.Hour) // a session may start up to two days before it ends
			}
			if lo.IsZero() || l.After(lo) {
				lo = l
			}
		}
		switch ft.op {
		case "<=", "<", "=":
			h := t.Add(slack).Add(time.Second) // start <= end <= bound
			if hi.IsZero() || h.Before(hi) {
				hi = h
			}
		}
	}
	return lo, hi
}
