package jawbone

import (
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"wearnb.dev/wearnb"
)

// span is one zone of a day, in force from start (Unix seconds) on.
type span struct {
	start int64
	loc   *time.Location
}

// spans returns the day's zones in time order: the tzs entries, or tz alone
// when tzs is empty, or UTC when the item names no zone at all.
func (d *MoveDetails) spans() []span {
	var out []span
	for _, c := range d.TZs {
		if l := c.Zone.Location(); l != nil {
			out = append(out, span{int64(c.Time), l})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].start < out[j].start })
	if len(out) == 0 {
		l := d.TZ.Location()
		if l == nil {
			l = time.UTC
		}
		out = []span{{math.MinInt64, l}}
	}
	return out
}

// DayMoves maps the move to wearnb.DayMoves: steps; distance in metres (km
// * 1000 when distance is missing); CaloriesKcal = calories (active) +
// bmr_day (basal, whole day; bmr when bmr_day is missing), so that it is
// total energy out like the other providers'; ActiveMinutes = active_time /
// 60, rounded; UTCOffset = the offset at the start of the day, in the first
// zone of tzs (or tz). A value Jawbone did not send ("" and null included)
// is missing, as is a sum one of whose parts is; Jawbone has no resting
// heart rate in moves. Without details.steps, Steps is the count of the
// item's title ("4,659 steps", "593 steps today"): Jawbone's own total.
func (m *MoveItem) DayMoves() wearnb.DayMoves {
	d := &m.Details
	dist := d.Distance.Opt
	if km, ok := d.Km.Get(); !dist.OK() && ok {
		dist = wearnb.Some(km * 1000)
	}
	out := wearnb.DayMoves{
		Provider:     Name,
		SourceID:     m.XID,
		Date:         m.Date.Date,
		Steps:        intOpt(d.Steps),
		DistanceM:    dist,
		CaloriesKcal: wearnb.Sum(d.Calories.Opt, d.bmrDay()),
	}
	if !out.Steps.OK() {
		out.Steps = titleSteps(m.Title)
	}
	if a, ok := d.ActiveTime.Get(); ok {
		out.ActiveMinutes = wearnb.Some(int(math.Round(float64(a) / 60)))
	}
	if !m.Date.IsZero() {
		_, off := m.Date.In(d.spans()[0].loc).Zone()
		out.UTCOffset = wearnb.Some(time.Duration(off) * time.Second)
	}
	return out
}

// titleCount reads a move's title, "4,659 steps" or "593 steps today".
var titleCount = regexp.MustCompile(`^(\d{1,3}(?:,\d{3})*|\d+) steps?(?: today)?$`)

// titleSteps is the step count a move's title gives, missing when it has
// none.
func titleSteps(title string) wearnb.Opt[int] {
	m := titleCount.FindStringSubmatch(strings.TrimSpace(title))
	if m == nil {
		return wearnb.Opt[int]{}
	}
	n, err := strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
	if err != nil {
		return wearnb.Opt[int]{}
	}
	return wearnb.Some(n)
}

// bmrDay is the whole day's basal energy: bmr_day, else bmr.
func (d *MoveDetails) bmrDay() wearnb.Opt[float64] {
	if d.BMRDay.OK() {
		return d.BMRDay.Opt
	}
	return d.BMR.Opt
}

// intOpt is n as an int, missing when n is.
func intOpt(n OptInt) wearnb.Opt[int] {
	if v, ok := n.Get(); ok {
		return wearnb.Some(int(v))
	}
	return wearnb.Opt[int]{}
}

// Hours maps hourly_totals to wearnb.HourMoves in time order. A key
// "YYYYMMDDHH" is a local clock hour; its zone is the latest zone of tzs in
// whose span the hour ends (so on a trip west, where local hours repeat, a
// repeated hour is placed in the new zone). CaloriesKcal is the hour's
// active calories plus bmr_day/24, matching DayMoves. A value the hour does
// not send is missing, as in DayMoves. A malformed key is a
// *fetch.DecodeError for details.hourly_totals.
func (m *MoveItem) Hours() ([]wearnb.HourMoves, error) {
	d := &m.Details
	if len(d.HourlyTotals) == 0 {
		return nil, nil
	}
	spans := d.spans()
	bmrHour := wearnb.Opt[float64]{}
	if bmr, ok := d.bmrDay().Get(); ok {
		bmrHour = wearnb.Some(bmr / 24)
	}
	keys := make([]string, 0, len(d.HourlyTotals))
	for k := range d.HourlyTotals {
		keys = append(keys, k)
	}
	sort.Strings(keys) // map order is random; keep equal instants in key order
	out := make([]wearnb.HourMoves, 0, len(keys))
	for _, key := range keys {
		h := d.HourlyTotals[key]
		y, mo, dd, hh, ok := parseHourKey(key)
		if !ok {
			return nil, decodeError(endpointMoves, "details.hourly_totals",
				errorf("move %q: hour key %q is not YYYYMMDDHH", m.XID, key))
		}
		var start time.Time
		for i := len(spans) - 1; i >= 0; i-- {
			start = time.Date(y, mo, dd, hh, 0, 0, 0, spans[i].loc)
			if i == 0 || start.Add(time.Hour).Unix() > spans[i].start {
				break
			}
		}
		out = append(out, wearnb.HourMoves{
			Provider:      Name,
			Start:         start,
			Steps:         intOpt(h.Steps),
			DistanceM:     h.Distance.Opt,
			CaloriesKcal:  wearnb.Sum(h.Calories.Opt, bmrHour),
			ActiveSeconds: intOpt(h.ActiveTime),
		})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start.Before(out[j].Start) })
	return out, nil
}

func parseHourKey(k string) (y int, m time.Month, d, h int, ok bool) {
	if len(k) != 10 {
		return
	}
	n, err := strconv.Atoi(k)
	if err != nil || n < 0 {
		return
	}
	date, ok := dateOfInt(n / 100)
	if !ok || n%100 > 23 {
		return 0, 0, 0, 0, false
	}
	return date.Year, date.Month, date.Day, n % 100, true
}
