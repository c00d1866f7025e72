package googlehealth

import (
	"fmt"
	"slices"
	"time"

	"wearnb.dev/wearnb"
)

// NormalizeSteps sums steps data points (any order) into one
// wearnb.HourMoves per local clock hour and one wearnb.DayMoves per local
// date, each point counted in the local time of its own startUtcOffset (so
// a trip or a DST change moves the hours with the person). A day's
// UTCOffset is the offset of its earliest point. Points are attributed to
// the hour and day they start in. Both results are in time order.
//
// Steps points carry steps only: DistanceM, CaloriesKcal and the active
// time are missing, never 0. A point without a count makes the steps of
// its hour and day missing.
//
// A malformed point is a *fetch.DecodeError naming the field.
func NormalizeSteps(points []DataPoint) ([]wearnb.HourMoves, []wearnb.DayMoves, error) {
	type hourKey struct {
		unix int64
		off  time.Duration
	}
	hours := map[hourKey]*wearnb.HourMoves{}
	days := map[wearnb.Date]*wearnb.DayMoves{}
	first := map[wearnb.Date]time.Time{}
	for i, p := range points {
		st := p.Steps
		if st == nil {
			continue
		}
		f := fmt.Sprintf("dataPoints[%d].steps", i)
		if st.Interval.StartTime.IsZero() {
			return nil, nil, fieldErrorf(EndpointSteps, f+".interval.startTime", "missing start time")
		}
		count := wearnb.Opt[int]{}
		if st.Count != nil {
			if *st.Count < 0 || *st.Count > 1e6 {
				return nil, nil, fieldErrorf(EndpointSteps, f+".count", "step count %d out of range", *st.Count)
			}
			count = wearnb.Some(int(*st.Count))
		}
		t := local(st.Interval.StartTime.Time, st.Interval.StartUTCOffset)
		hour := t.Add(-time.Duration(t.Minute())*time.Minute - time.Duration(t.Second())*time.Second - time.Duration(t.Nanosecond()))
		k := hourKey{hour.Unix(), time.Duration(st.Interval.StartUTCOffset)}
		h := hours[k]
		if h == nil {
			h = &wearnb.HourMoves{Provider: Name, Start: hour, Steps: wearnb.Some(0)}
			hours[k] = h
		}
		h.Steps = wearnb.Sum(h.Steps, count)
		date := wearnb.DateOf(t)
		d := days[date]
		if d == nil {
			d = &wearnb.DayMoves{Provider: Name, SourceID: date.String(), Date: date, Steps: wearnb.Some(0)}
			days[date] = d
		}
		d.Steps = wearnb.Sum(d.Steps, count)
		if f, ok := first[date]; !ok || t.Before(f) {
			first[date] = t
			_, off := t.Zone()
			d.UTCOffset = wearnb.Some(time.Duration(off) * time.Second)
		}
	}
	outH := make([]wearnb.HourMoves, 0, len(hours))
	for _, h := range hours {
		outH = append(outH, *h)
	}
	slices.SortFunc(outH, func(a, b wearnb.HourMoves) int { return a.Start.Compare(b.Start) })
	outD := make([]wearnb.DayMoves, 0, len(days))
	for _, d := range days {
		outD = append(outD, *d)
	}
	slices.SortFunc(outD, func(a, b wearnb.DayMoves) int { return a.Date.Sub(b.Date) })
	return outH, outD, nil
}
