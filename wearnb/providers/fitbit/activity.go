package fitbit

import (
	"slices"
	"strconv"
	"time"

	"wearnb.dev/wearnb"
)

// DayResources are the activity time series the "days" stream fetches and
// [NormalizeDays] reads.
var DayResources = []string{"steps", "distance", "calories",
	"minutesLightlyActive", "minutesFairlyActive", "minutesVeryActive"}

// NormalizeDays joins activity time series (keyed by resource, see
// [DayResources]) into one wearnb.DayMoves per date, in date order.
// Distances are taken as kilometres (Fitbit's metric unit, which wearnb
// requests) and stored in metres; ActiveMinutes is lightly + fairly + very
// active minutes. A resource whose series lacks the date leaves its field
// missing (ActiveMinutes needs all three), never 0. Fitbit's series are
// dense and report days without data as zeros: dates whose steps and
// distance are both zero (or not sent) are left out. UTCOffset is the offset
// of the user's zone at local noon.
func NormalizeDays(series map[string][]SeriesPoint, zones Zones) []wearnb.DayMoves {
	type day struct {
		wearnb.DayMoves
		light, fairly, very wearnb.Opt[int]
	}
	byDate := map[wearnb.Date]*day{}
	for res, pts := range series {
		for _, p := range pts {
			if p.DateTime.IsZero() {
				continue
			}
			d := byDate[p.DateTime.Date]
			if d == nil {
				d = &day{DayMoves: wearnb.DayMoves{Provider: Name, Date: p.DateTime.Date}}
				byDate[p.DateTime.Date] = d
			}
			switch res {
			case "steps":
				d.Steps = wearnb.Some(p.Value.Int())
			case "distance":
				d.DistanceM = wearnb.Some(float64(p.Value) * 1000)
			case "calories":
				d.CaloriesKcal = wearnb.Some(float64(p.Value))
			case "minutesLightlyActive":
				d.light = wearnb.Some(p.Value.Int())
			case "minutesFairlyActive":
				d.fairly = wearnb.Some(p.Value.Int())
			case "minutesVeryActive":
				d.very = wearnb.Some(p.Value.Int())
			}
		}
	}
	out := make([]wearnb.DayMoves, 0, len(byDate))
	for date, d := range byDate {
		if d.Steps.Or(0) == 0 && d.DistanceM.Or(0) == 0 {
			continue
		}
		d.ActiveMinutes = wearnb.Sum(d.light, d.fairly, d.very)
		noon := time.Date(date.Year, date.Month, date.Day, 12, 0, 0, 0, zones.at(date))
		_, off := noon.Zone()
		d.UTCOffset = wearnb.Some(time.Duration(off) * time.Second)
		d.SourceID = date.String()
		out = append(out, d.DayMoves)
	}
	slices.SortFunc(out, func(a, b wearnb.DayMoves) int { return a.Date.Sub(b.Date) })
	return out
}

// NormalizeHours sums an intraday dataset of date into one wearnb.HourMoves
// per local clock hour, in time order, reading its times in loc (DST aware:
// a day when clocks fall back has two hours starting at 01:00, with
// different offsets). The resource decides the field: steps, distance
// (km → metres) or calories; the other fields are missing (an intraday
// dataset carries one resource). A day whose samples are all zero has no
// data and gives no hours.
func NormalizeHours(date wearnb.Date, in *Intraday, loc *time.Location) ([]wearnb.HourMoves, error) {
	return normalizeHours(date, in, loc, nil)
}

// normalizeHours is NormalizeHours for a day that may end in another zone,
// next (a travel day: the day starts in loc, and the person's clock changes
// to next on landing, so the dataset's times jump forward flying east and
// back flying west). Samples come one interval apart: the first whose time
// in loc is not one interval after the previous sample's, but is in next,
// is where the clock changed, and it and the samples after it are read in
// next. nil next, or next equal to loc, reads the whole day in loc.
func normalizeHours(date wearnb.Date, in *Intraday, loc, next *time.Location) ([]wearnb.HourMoves, error) {
	if in == nil || len(in.Dataset) == 0 {
		return nil, nil
	}
	if loc == nil {
		loc = time.UTC
	}
	travel := next != nil && next.String() != loc.String()
	step := time.Duration(max(in.DatasetInterval, 1)) * time.Minute
	ep := in.Resource + "-intraday"
	total := 0.0
	for _, p := range in.Dataset {
		total += float64(p.Value)
	}
	if total == 0 {
		return nil, nil
	}
	res := resolver{loc: loc}
	midnight := time.Date(date.Year, date.Month, date.Day, 0, 0, 0, 0, time.UTC)
	byHour := map[int64]*wearnb.HourMoves{}
	sums := map[int64]float64{}
	var prev time.Time
	for i, p := range in.Dataset {
		ct := time.Duration(p.Time)
		if ct < 0 || ct >= 24*time.Hour {
			return nil, fieldErrorf(ep, "activities-"+in.Resource+"-intraday.dataset["+strconv.Itoa(i)+"].time", "time %v out of range", ct)
		}
		wall := midnight.Add(ct)
		t := res.at(wall)
		if travel && i > 0 && !t.Equal(prev.Add(step)) {
			alt := resolver{loc: next, prev: prev}
			if u := alt.at(wall); u.Equal(prev.Add(step)) {
				res, t, travel = alt, u, false // the rest of the day is in next
			}
		}
		prev = t
		hour := t.Add(-time.Duration(t.Minute())*time.Minute - time.Duration(t.Second())*time.Second - time.Duration(t.Nanosecond()))
		if byHour[hour.Unix()] == nil {
			byHour[hour.Unix()] = &wearnb.HourMoves{Provider: Name, Start: fixed(hour)}
		}
		if in.Resource == "steps" {
			sums[hour.Unix()] += float64(p.Value.Int())
		} else {
			sums[hour.Unix()] += float64(p.Value)
		}
	}
	out := make([]wearnb.HourMoves, 0, len(byHour))
	for k, h := range byHour {
		switch in.Resource {
		case "steps":
			h.Steps = wearnb.Some(int(sums[k]))
		case "distance":
			h.DistanceM = wearnb.Some(sums[k] * 1000)
		case "calories":
			h.CaloriesKcal = wearnb.Some(sums[k])
		}
		out = append(out, *h)
	}
	slices.SortFunc(out, func(a, b wearnb.HourMoves) int { return a.Start.Compare(b.Start) })
	return out, nil
}
