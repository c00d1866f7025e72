package sandbox

import (
	"fmt"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/sandbox/synth"
)

// Fitbit Web API limits.
const (
	fitbitSleepRangeMax    = 100
	fitbitSleepListMax     = 100
	fitbitActivityRangeMax = 1095
	fitbitHeartRangeMax    = 366 // "1 year"
	fitbitBMRPerDay        = 1650.0
	fitbitStrideKm         = 0.00075
)

const fitbitLocalLayout = "2006-01-02T15:04:05.000"

func fitbitTime(t time.Time) string { return t.Format(fitbitLocalLayout) }

var fitbitActivityResources = map[string]bool{
	"steps": true, "distance": true, "calories": true, "caloriesBMR": true, "activityCalories": true,
	"floors": true, "elevation": true, "minutesSedentary": true, "minutesLightlyActive": true,
	"minutesFairlyActive": true, "minutesVeryActive": true,
}

var fitbitIntradayResources = map[string]bool{"steps": true, "distance": true, "calories": true, "floors": true, "elevation": true}

// fitbitPeriods maps a period to the start date for an end date.
func fitbitPeriodStart(end wearnb.Date, period string, heart bool) (wearnb.Date, bool) {
	t := end.In(time.UTC)
	switch period {
	case "1d":
		return end, true
	case "7d", "1w":
		return end.AddDays(-6), true
	case "30d":
		return end.AddDays(-29), true
	case "1m":
		return wearnb.DateOf(t.AddDate(0, -1, 1)), true
	}
	if heart {
		return wearnb.Date{}, false
	}
	switch period {
	case "3m":
		return wearnb.DateOf(t.AddDate(0, -3, 1)), true
	case "6m":
		return wearnb.DateOf(t.AddDate(0, -6, 1)), true
	case "1y":
		return wearnb.DateOf(t.AddDate(-1, 0, 1)), true
	}
	return wearnb.Date{}, false
}

func (s *Server) fitbitDate(v string) (wearnb.Date, bool) {
	if v == "today" {
		return s.today(), true
	}
	d, err := wearnb.ParseDate(v)
	return d, err == nil
}

func (s *Server) fitbitBad(msg string) response {
	return s.dataError(Fitbit, http.StatusBadRequest, "validation", msg)
}

// fitbitRoute matches a path under /fitbit.
func (s *Server) fitbitRoute(method, path string) (dataRoute, bool) {
	if method != http.MethodGet && method != http.MethodHead {
		return dataRoute{}, false
	}
	p, ok := strings.CutSuffix(strings.TrimPrefix(path, "/"), ".json")
	if !ok {
		return dataRoute{}, false
	}
	seg := strings.Split(p, "/")
	if len(seg) < 4 || seg[1] != "user" || (seg[2] != "-" && seg[2] != fitbitUserID) {
		return dataRoute{}, false
	}
	ver, rest := seg[0], seg[3:]
	switch {
	case ver == "1.2" && rest[0] == "sleep":
		return s.fitbitSleepRoute(rest[1:])
	case ver == "1" && rest[0] == "activities":
		return s.fitbitActivityRoute(rest[1:])
	case ver == "1" && (rest[0] == "hrv" || rest[0] == "br" || rest[0] == "temp"):
		return s.fitbitVitalsRoute(rest)
	case ver == "1" && len(rest) == 1 && rest[0] == "profile":
		return dataRoute{[]string{"profile"}, s.fitbitProfile}, true
	}
	return dataRoute{}, false
}

// fitbitProfile answers /1/user/-/profile.json with the person's current time
// zone, which is how Fitbit clients learn the zone of the offset-free
// timestamps in sleep and intraday data.
func (s *Server) fitbitProfile(q *dataQuery) response {
	now := s.now()
	loc := s.zoneAt(now)
	_, off := now.In(loc).Zone()
	return jsonResponse(http.StatusOK, map[string]any{"user": map[string]any{
		"encodedId":           fitbitUserID,
		"displayName":         "Sandbox S.",
		"fullName":            "Sandbox Sleeper",
		"memberSince":         "2019-06-01",
		"timezone":            loc.String(),
		"offsetFromUTCMillis": off * 1000,
		"distanceUnit":        "METRIC",
		"locale":              "en_US",
		"startDayOfWeek":      "MONDAY",
	}}, nil)
}

func (s *Server) fitbitSleepRoute(rest []string) (dataRoute, bool) {
	scopes := []string{"sleep"}
	switch {
	case len(rest) == 1 && rest[0] == "list":
		return dataRoute{scopes, s.fitbitSleepList}, true
	case len(rest) == 2 && rest[0] == "date":
		return dataRoute{scopes, func(q *dataQuery) response { return s.fitbitSleepRange(rest[1], rest[1]) }}, true
	case len(rest) == 3 && rest[0] == "date":
		return dataRoute{scopes, func(q *dataQuery) response { return s.fitbitSleepRange(rest[1], rest[2]) }}, true
	}
	return dataRoute{}, false
}

func (s *Server) fitbitActivityRoute(rest []string) (dataRoute, bool) {
	act := []string{"activity"}
	if len(rest) == 2 && rest[0] == "date" { // daily summary
		return dataRoute{act, func(q *dataQuery) response { return s.fitbitDailySummary(q, rest[1]) }}, true
	}
	// resource: "steps", "tracker/steps", "heart"
	i := 0
	for i < len(rest) && rest[i] != "date" {
		i++
	}
	if i == 0 || i >= len(rest) {
		return dataRoute{}, false
	}
	res, args := strings.Join(rest[:i], "/"), rest[i+1:]
	if res == "heart" {
		hr := []string{"heartrate"}
		switch {
		case len(args) == 3 && args[1] == "1d", len(args) == 7 && args[1] == "1d" && args[3] == "time":
			return dataRoute{hr, func(q *dataQuery) response { return s.fitbitHeartIntraday(args[0], args[0], args[2], args[3:]) }}, true
		case len(args) == 3 && isDetail(args[2]), len(args) == 7 && isDetail(args[2]) && args[3] == "time":
			return dataRoute{hr, func(q *dataQuery) response { return s.fitbitHeartIntraday(args[0], args[1], args[2], args[3:]) }}, true
		case len(args) == 2:
			return dataRoute{hr, func(q *dataQuery) response { return s.fitbitHeartSeries(args[0], args[1]) }}, true
		}
		return dataRoute{}, false
	}
	base := strings.TrimPrefix(res, "tracker/")
	if !fitbitActivityResources[base] {
		return dataRoute{}, false
	}
	switch {
	case len(args) == 3 && args[1] == "1d" && fitbitIntradayResources[base], len(args) == 7 && args[1] == "1d" && args[3] == "time" && fitbitIntradayResources[base]:
		return dataRoute{act, func(q *dataQuery) response { return s.fitbitIntraday(q, res, args[0], args[0], args[2], args[3:]) }}, true
	case len(args) == 3 && isDetail(args[2]) && fitbitIntradayResources[base], len(args) == 7 && isDetail(args[2]) && args[3] == "time" && fitbitIntradayResources[base]:
		return dataRoute{act, func(q *dataQuery) response { return s.fitbitIntraday(q, res, args[0], args[1], args[2], args[3:]) }}, true
	case len(args) == 2:
		return dataRoute{act, func(q *dataQuery) response { return s.fitbitTimeSeries(q, res, args[0], args[1]) }}, true
	}
	return dataRoute{}, false
}

func isDetail(v string) bool {
	switch v {
	case "1sec", "1min", "5min", "15min":
		return true
	}
	return false
}

// ---- sleep -------------------------------------------------------------------

// fitbitDateRange parses the dates from and to of a date-range request and
// checks that the range runs forward and spans at most maxDays days.
func (s *Server) fitbitDateRange(from, to string, maxDays int) (wearnb.Range, *response) {
	bad := func(msg string) (wearnb.Range, *response) {
		r := s.fitbitBad(msg)
		return wearnb.Range{}, &r
	}
	a, ok1 := s.fitbitDate(from)
	b, ok2 := s.fitbitDate(to)
	if !ok1 || !ok2 {
		return bad(fmt.Sprintf("Invalid date: %s. Use the format yyyy-MM-dd.", firstBad(ok1, from, to)))
	}
	if b.Before(a) {
		return bad("The end date must be on or after the start date.")
	}
	if dateRangeDays(a, b) > maxDays {
		return bad(fmt.Sprintf("The date range must be less than or equal to %d days.", maxDays))
	}
	return wearnb.Range{From: a, To: b}, nil
}

func (s *Server) fitbitSleepRange(from, to string) response {
	r, bad := s.fitbitDateRange(from, to, fitbitSleepRangeMax)
	if bad != nil {
		return *bad
	}
	sleeps := s.sleeps(r)
	// Fitbit lists the newest log first.
	sort.SliceStable(sleeps, func(i, j int) bool { return sleeps[i].Start.After(sleeps[j].Start) })
	logs := make([]any, 0, len(sleeps))
	stages := map[string]int{"deep": 0, "light": 0, "rem": 0, "wake": 0}
	var asleep, inBed int
	for _, sl := range sleeps {
		l := fitbitSleepLog(sl)
		logs = append(logs, l.doc)
		asleep += l.minutesAsleep
		inBed += l.timeInBed
		for k, v := range l.stageMinutes {
			stages[k] += v
		}
	}
	summary := map[string]any{"totalMinutesAsleep": asleep, "totalSleepRecords": len(logs), "totalTimeInBed": inBed, "stages": stages}
	return jsonResponse(http.StatusOK, map[string]any{"sleep": logs, "summary": summary}, nil)
}

func firstBad(firstOK bool, a, b string) string {
	if !firstOK {
		return a
	}
	return b
}

func (s *Server) fitbitSleepList(q *dataQuery) response {
	before, after := q.param("beforeDate"), q.param("afterDate")
	sortDir, limitS, offsetS := q.param("sort"), q.param("limit"), q.param("offset")
	if (before == "") == (after == "") {
		return s.fitbitBad("Exactly one of beforeDate or afterDate is required.")
	}
	if before != "" && sortDir != "desc" {
		return s.fitbitBad("sort must be desc when beforeDate is given.")
	}
	if after != "" && sortDir != "asc" {
		return s.fitbitBad("sort must be asc when afterDate is given.")
	}
	limit, err := strconv.Atoi(limitS)
	if err != nil || limit < 1 || limit > fitbitSleepListMax {
		return s.fitbitBad(fmt.Sprintf("limit must be between 1 and %d.", fitbitSleepListMax))
	}
	offset, err := strconv.Atoi(offsetS)
	if err != nil || offset < 0 {
		return s.fitbitBad("offset must be 0 (follow pagination.next for further pages).")
	}
	anchorS := before + after
	anchor, cut, ok := parseFitbitListDate(anchorS)
	if !ok {
		return s.fitbitBad("Invalid date: " + anchorS + ". Use yyyy-MM-dd or yyyy-MM-ddTHH:mm:ss.")
	}
	want := offset + limit + 1
	var found []wearnb.Sleep
	if before != "" {
		start := s.dataStart()
		for to := anchor; !to.Before(start) && len(found) < want; to = to.AddDays(-fitbitSleepRangeMax) {
			from := to.AddDays(-fitbitSleepRangeMax + 1)
			chunk := s.sleeps(wearnb.Range{From: from, To: to})
			for i := len(chunk) - 1; i >= 0; i-- {
				sl := chunk[i]
				if beforeAnchor(sl, anchor, cut) {
					found = append(found, sl)
				}
			}
		}
	} else {
		t := s.today()
		for from := anchor; !from.After(t) && len(found) < want; from = from.AddDays(fitbitSleepRangeMax) {
			chunk := s.sleeps(wearnb.Range{From: from, To: from.AddDays(fitbitSleepRangeMax - 1)})
			for _, sl := range chunk {
				if afterAnchor(sl, anchor, cut) {
					found = append(found, sl)
				}
			}
		}
	}
	more := len(found) > offset+limit
	page := found[min(offset, len(found)):min(offset+limit, len(found))]
	logs := make([]any, 0, len(page))
	for _, sl := range page {
		logs = append(logs, fitbitSleepLog(sl).doc)
	}
	link := func(off int) string {
		v := url.Values{"sort": {sortDir}, "limit": {strconv.Itoa(limit)}, "offset": {strconv.Itoa(off)}}
		if before != "" {
			v.Set("beforeDate", before)
		} else {
			v.Set("afterDate", after)
		}
		return q.base + "/1.2/user/-/sleep/list.json?" + v.Encode()
	}
	pg := map[string]any{"limit": limit, "offset": offset, "sort": sortDir, "next": "", "previous": ""}
	if before != "" {
		pg["beforeDate"] = before
	} else {
		pg["afterDate"] = after
	}
	if more {
		pg["next"] = link(offset + limit)
	}
	if offset > 0 {
		pg["previous"] = link(max(0, offset-limit))
	}
	return jsonResponse(http.StatusOK, map[string]any{"pagination": pg, "sleep": logs}, nil)
}

// parseFitbitListDate accepts "yyyy-MM-dd" or "yyyy-MM-ddTHH:mm:ss" (local).
func parseFitbitListDate(v string) (d wearnb.Date, cut time.Time, ok bool) {
	if t, err := time.Parse("2006-01-02T15:04:05", v); err == nil {
		return wearnb.DateOf(t), t, true
	}
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return wearnb.DateOf(t), time.Time{}, true
	}
	return wearnb.Date{}, time.Time{}, false
}

// localNaive is t's local wall clock as a UTC time, for comparing with the
// offset-less datetimes Fitbit uses.
func localNaive(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
}

func beforeAnchor(sl wearnb.Sleep, anchor wearnb.Date, cut time.Time) bool {
	if !cut.IsZero() {
		return localNaive(sl.End).Before(cut)
	}
	return sl.Date.Before(anchor)
}

func afterAnchor(sl wearnb.Sleep, anchor wearnb.Date, cut time.Time) bool {
	if !cut.IsZero() {
		return localNaive(sl.Start).After(cut)
	}
	return sl.Date.After(anchor)
}

type fitbitLog struct {
	doc                      map[string]any
	minutesAsleep, timeInBed int
	stageMinutes             map[string]int
}

func fitbitLogID(sl wearnb.Sleep) int64 { return 20_000_000_000 + sl.Start.Unix()/10 }

func hasStageLevels(st []wearnb.Stage) bool {
	sleep := false
	for _, x := range st {
		switch x.Level {
		case wearnb.StageLight, wearnb.StageDeep, wearnb.StageREM:
			sleep = true
		case wearnb.StageWake:
		default:
			return false
		}
	}
	return sleep
}

// fitbitSleepLog renders one sleep as a v1.2 sleep log: "stages" for main
// sleeps of 3 h or more with stage data, else "classic".
func fitbitSleepLog(sl wearnb.Sleep) fitbitLog {
	inBed := minutesOf(sl.End.Sub(sl.Start))
	isStages := sl.IsMain && sl.End.Sub(sl.Start) >= 3*time.Hour && hasStageLevels(sl.Stages)
	levels := map[string]any{}
	var asleep, awake, toFall, afterWake int
	stageMinutes := map[string]int{}
	doc := map[string]any{
		"dateOfSleep": sl.Date.String(), "duration": sl.End.Sub(sl.Start).Milliseconds(),
		"startTime": fitbitTime(sl.Start), "endTime": fitbitTime(sl.End),
		"isMainSleep": sl.IsMain, "logId": fitbitLogID(sl), "logType": "auto_detected",
	}
	if isStages {
		segs := segments(sl.Stages, nil)
		summ := map[string]map[string]int{}
		for _, lv := range []string{"deep", "light", "rem", "wake"} {
			summ[lv] = map[string]int{"count": 0, "minutes": 0, "thirtyDayAvgMinutes": 0}
		}
		var data, short []any
		var merged []wearnb.Stage
		for i, sg := range segs {
			lv := string(sg.Level)
			summ[lv]["count"]++
			if sg.Level == wearnb.StageWake && sg.Duration <= 3*time.Minute && i > 0 && i < len(segs)-1 {
				short = append(short, map[string]any{"dateTime": fitbitTime(sg.Start), "level": "wake", "seconds": int(sg.Duration / time.Second)})
				merged[len(merged)-1].Duration += sg.Duration // the long series carries on through a short wake
				continue
			}
			if n := len(merged); n > 0 && merged[n-1].Level == sg.Level {
				merged[n-1].Duration += sg.Duration
				continue
			}
			merged = append(merged, sg)
		}
		var secs = map[string]time.Duration{}
		for _, sg := range segs {
			secs[string(sg.Level)] += sg.Duration
		}
		for _, sg := range merged {
			data = append(data, map[string]any{"dateTime": fitbitTime(sg.Start), "level": string(sg.Level), "seconds": int(sg.Duration / time.Second)})
		}
		for lv, m := range stageSummaryMinutes(secs) {
			summ[lv]["minutes"] = m
			stageMinutes[lv] = m
		}
		// As in Fitbit's logs, minutesAsleep is the sum of the sleep stages'
		// summary minutes and minutesAwake the rest of timeInBed.
		asleep = stageMinutes["deep"] + stageMinutes["light"] + stageMinutes["rem"]
		awake = max(0, inBed-asleep)
		if data == nil {
			data = []any{}
		}
		if short == nil {
			short = []any{}
		}
		levels["data"], levels["shortData"], levels["summary"] = data, short, summ
		doc["type"], doc["infoCode"] = "stages", 0
	} else {
		classic := func(l wearnb.StageLevel) wearnb.StageLevel {
			switch l {
			case wearnb.StageWake:
				return "awake"
			case wearnb.StageRestless:
				return "restless"
			}
			return "asleep"
		}
		segs := segments(sl.Stages, classic)
		summ := map[string]map[string]int{"asleep": {"count": 0, "minutes": 0}, "awake": {"count": 0, "minutes": 0}, "restless": {"count": 0, "minutes": 0}}
		dur := map[string]time.Duration{}
		data := []any{}
		for _, sg := range segs {
			lv := string(sg.Level)
			if lv != "asleep" {
				summ[lv]["count"]++
			}
			dur[lv] += sg.Duration
			data = append(data, map[string]any{"dateTime": fitbitTime(sg.Start), "level": lv, "seconds": int(sg.Duration / time.Second)})
		}
		for lv, d := range dur {
			summ[lv]["minutes"] = minutesOf(d)
		}
		if len(segs) == 0 {
			asleep = minutesOf(sl.Asleep.Or(0))
			toFall = minutesOf(sl.Latency.Or(0))
		} else {
			// Restless is sleep for where it begins and ends (a real nap
			// starts restless with minutesToFallAsleep 0); its minutes are
			// in minutesAwake.
			asleep = summ["asleep"]["minutes"]
			if segs[0].Level == "awake" {
				toFall = minutesOf(segs[0].Duration)
			}
			if n := len(segs); n > 1 && segs[n-1].Level == "awake" {
				afterWake = minutesOf(segs[n-1].Duration)
			}
		}
		awake = max(0, inBed-asleep-toFall-afterWake)
		levels["data"], levels["summary"] = data, summ
		info := 1
		if sl.End.Sub(sl.Start) < 3*time.Hour {
			info = 2
		}
		doc["type"], doc["infoCode"] = "classic", info
	}
	eff := 0
	if inBed > 0 {
		eff = int(math.Round(100 * float64(asleep) / float64(inBed)))
	}
	doc["efficiency"] = eff
	doc["levels"] = levels
	doc["minutesAsleep"], doc["minutesAwake"] = asleep, awake
	doc["minutesToFallAsleep"], doc["minutesAfterWakeup"] = toFall, afterWake
	doc["timeInBed"] = toFall + asleep + awake + afterWake
	return fitbitLog{doc: doc, minutesAsleep: asleep, timeInBed: toFall + asleep + awake + afterWake, stageMinutes: stageMinutes}
}

// fitbitStageOrder is the order stageSummaryMinutes apportions minutes in:
// the sleep stages first, so that their sum is the rounded time asleep.
var fitbitStageOrder = [...]string{"deep", "light", "rem", "wake"}

// stageSummaryMinutes turns a stages log's seconds per level into the whole
// minutes of levels.summary. Rounding each level on its own would let
// minutesAsleep (their sum over deep, light and REM) drift up to 1.5 min
// from the time asleep when all three end on a half minute, and the four
// levels miss timeInBed. Rounding the running total instead (a level gets
// round(total so far) - round(total before it)) keeps every level within a
// minute of its seconds, deep+light+rem at the rounded time asleep, and all
// four at the rounded duration when the stages tile the log.
func stageSummaryMinutes(secs map[string]time.Duration) map[string]int {
	out := make(map[string]int, len(fitbitStageOrder))
	var total time.Duration
	done := 0
	for _, lv := range fitbitStageOrder {
		total += secs[lv]
		m := minutesOf(total)
		out[lv] = m - done
		done = m
	}
	return out
}

// ---- activity -----------------------------------------------------------------

// fitbitDay derives Fitbit's daily resources from one day of moves.
func fitbitDay(dm wearnb.DayMoves, asleepMin int, us bool) map[string]float64 {
	d := plain(dm)
	cal := d.CaloriesKcal
	if cal < fitbitBMRPerDay {
		cal = fitbitBMRPerDay + float64(d.Steps)*0.045
	}
	light := int(math.Round(float64(d.ActiveMinutes) * 0.6))
	fairly := int(math.Round(float64(d.ActiveMinutes) * 0.25))
	very := d.ActiveMinutes - light - fairly
	floors := d.Steps / 1500
	km := d.DistanceM / 1000
	elev := float64(floors) * 3.048
	if us {
		km /= 1.609344
		elev /= 0.3048
	}
	return map[string]float64{
		"steps": float64(d.Steps), "distance": round5(km), "calories": math.Round(cal),
		"caloriesBMR": fitbitBMRPerDay, "activityCalories": math.Round(max(0, cal-fitbitBMRPerDay)),
		"floors": float64(floors), "elevation": round5(elev),
		"minutesSedentary":     float64(max(0, 1440-d.ActiveMinutes-asleepMin)),
		"minutesLightlyActive": float64(light), "minutesFairlyActive": float64(fairly), "minutesVeryActive": float64(very),
	}
}

func round5(x float64) float64 { return math.Round(x*1e5) / 1e5 }

func fmtNum(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

func usUnits(r *http.Request) bool { return r.Header.Get("Accept-Language") == "en_US" }

// fitbitDays returns Fitbit's daily resources for every date of r (dense:
// days without data are zeros, calories the BMR).
func (s *Server) fitbitDays(r wearnb.Range, us bool) map[wearnb.Date]map[string]float64 {
	asleep := map[wearnb.Date]int{}
	for _, sl := range s.sleeps(r) {
		asleep[sl.Date] += minutesOf(sl.Asleep.Or(0))
	}
	out := map[wearnb.Date]map[string]float64{}
	for _, d := range s.days(r) {
		out[d.Date] = fitbitDay(d, asleep[d.Date], us)
	}
	return out
}

func (s *Server) fitbitTimeSeries(q *dataQuery, res, a, b string) response {
	end, ok := s.fitbitDate(a)
	var start wearnb.Date
	if ok {
		if st, isPeriod := fitbitPeriodStart(end, b, false); isPeriod {
			start = st
		} else {
			start, end = end, wearnb.Date{}
			end, ok = s.fitbitDate(b)
		}
	}
	if !ok {
		return s.fitbitBad("Invalid date or period: " + a + "/" + b)
	}
	if end.Before(start) {
		return s.fitbitBad("The end date must be on or after the start date.")
	}
	if dateRangeDays(start, end) > fitbitActivityRangeMax {
		return s.fitbitBad(fmt.Sprintf("The date range must be less than or equal to %d days.", fitbitActivityRangeMax))
	}
	base := strings.TrimPrefix(res, "tracker/")
	vals := s.fitbitDays(wearnb.Range{From: start, To: end}, usUnits(q.r))
	series := []any{}
	t := s.today()
	for d := start; !d.After(end) && !d.After(t); d = d.AddDays(1) {
		v := 0.0
		if m, ok := vals[d]; ok {
			v = m[base]
		} else if base == "calories" || base == "caloriesBMR" {
			v = fitbitBMRPerDay
		} else if base == "minutesSedentary" {
			v = 1440
		}
		series = append(series, map[string]any{"dateTime": d.String(), "value": fmtNum(v)})
	}
	return jsonResponse(http.StatusOK, map[string]any{"activities-" + strings.ReplaceAll(res, "/", "-"): series}, nil)
}

// parseTimeWindow reads an optional "/time/HH:mm/HH:mm" suffix.
func parseTimeWindow(args []string) (from, to int, ok bool) {
	if len(args) == 0 {
		return 0, 24*60 - 1, true
	}
	if len(args) != 3 || args[0] != "time" {
		return 0, 0, false
	}
	p := func(v string) (int, bool) {
		t, err := time.Parse("15:04", v)
		return t.Hour()*60 + t.Minute(), err == nil
	}
	f, ok1 := p(args[1])
	e, ok2 := p(args[2])
	return f, e, ok1 && ok2 && f <= e
}

func (s *Server) fitbitIntraday(q *dataQuery, res, a, b, detail string, tw []string) response {
	d, ok1 := s.fitbitDate(a)
	e, ok2 := s.fitbitDate(b)
	if !ok1 || !ok2 {
		return s.fitbitBad("Invalid date: " + firstBad(ok1, a, b))
	}
	if d != e {
		return s.fitbitBad("Intraday data can be requested for one day at a time (the date range must be 1 day).")
	}
	step := map[string]int{"1min": 1, "15min": 15}[detail]
	if step == 0 {
		return s.fitbitBad("Invalid detail-level " + detail + ": use 1min or 15min.")
	}
	from, to, ok := parseTimeWindow(tw)
	if !ok {
		return s.fitbitBad("Invalid time window: use /time/HH:mm/HH:mm.")
	}
	base := strings.TrimPrefix(res, "tracker/")
	us := usUnits(q.r)
	mins := s.minutes(d)
	// Times are the person's clock: after a travel day's switch, the new
	// zone's (so a day flying west repeats clock times, one flying east
	// skips some, like the DST days).
	clk := s.clockOf(d)
	perMin := func(steps int) float64 {
		switch base {
		case "steps":
			return float64(steps)
		case "distance":
			km := float64(steps) * fitbitStrideKm
			if us {
				km /= 1.609344
			}
			return km
		case "calories":
			return fitbitBMRPerDay/1440 + float64(steps)*0.045
		}
		return 0
	}
	dataset := []any{}
	total := 0.0
	n := len(mins)
	if n == 0 && !d.After(s.today()) {
		n = int(clk.end.Sub(clk.start) / time.Minute) // zeros for every minute of the day
		mins = make([]int, n)
	}
	for i := 0; i < n; i += step {
		v := 0.0
		for j := i; j < i+step && j < n; j++ {
			v += perMin(mins[j])
		}
		total += v
		at := clk.local(clk.start.Add(time.Duration(i) * time.Minute))
		mod := at.Hour()*60 + at.Minute()
		if mod < from || mod > to {
			continue
		}
		entry := map[string]any{"time": at.Format("15:04:05")}
		if base == "steps" || base == "floors" {
			entry["value"] = int(v)
		} else {
			entry["value"] = round5(v)
		}
		if base == "calories" {
			entry["level"], entry["mets"] = 0, 10
		}
		dataset = append(dataset, entry)
	}
	key := "activities-" + strings.ReplaceAll(res, "/", "-")
	return jsonResponse(http.StatusOK, map[string]any{
		key:               []any{map[string]any{"dateTime": d.String(), "value": fmtNum(round5(total))}},
		key + "-intraday": map[string]any{"dataset": dataset, "datasetInterval": step, "datasetType": "minute"},
	}, nil)
}

// fitbitZones summarises a day's heart rate into Fitbit's four zones.
func fitbitZones(samples []synth.HRSample, every time.Duration) []any {
	type zone struct {
		name     string
		min, max int
		kcal     float64
	}
	zs := []zone{{"Out of Range", 30, 94, 1.1}, {"Fat Burn", 94, 132, 5.6}, {"Cardio", 132, 160, 9.2}, {"Peak", 160, 220, 12.3}}
	minutes := make([]float64, len(zs))
	for _, x := range samples {
		for i, z := range zs {
			if x.BPM >= z.min && (x.BPM < z.max || i == len(zs)-1) {
				minutes[i] += every.Minutes()
				break
			}
		}
	}
	out := make([]any, len(zs))
	for i, z := range zs {
		m := int(math.Round(minutes[i]))
		out[i] = map[string]any{"name": z.name, "min": z.min, "max": z.max, "minutes": m, "caloriesOut": round5(float64(m) * z.kcal)}
	}
	return out
}

// fitbitHeartDay is one day of the heart-rate series: the zones of the
// day's samples and, when the device reports one, the resting heart rate
// (absent on days without enough data, as at Fitbit).
func (s *Server) fitbitHeartDay(d wearnb.Date, samples []synth.HRSample, every time.Duration) map[string]any {
	zones := fitbitZones(samples, every)
	v := map[string]any{"customHeartRateZones": []any{}, "heartRateZones": zones}
	if resting, ok := s.restingHR(d); ok {
		v["restingHeartRate"] = resting
	}
	return map[string]any{"dateTime": d.String(), "value": v}
}

// dayBounds returns the instants of local date d: from midnight in Zone(d)
// to midnight of d+1 in Zone(d+1), so that days tile time across trips.
func (s *Server) dayBounds(d wearnb.Date) (time.Time, time.Time) {
	c := s.clockOf(d)
	return c.start, c.end
}

func (s *Server) fitbitHeartSeries(a, b string) response {
	end, ok := s.fitbitDate(a)
	var start wearnb.Date
	if ok {
		if st, isPeriod := fitbitPeriodStart(end, b, true); isPeriod {
			start = st
		} else {
			start = end
			end, ok = s.fitbitDate(b)
		}
	}
	if !ok {
		return s.fitbitBad("Invalid date or period: " + a + "/" + b)
	}
	if end.Before(start) {
		return s.fitbitBad("The end date must be on or after the start date.")
	}
	if dateRangeDays(start, end) > fitbitHeartRangeMax {
		return s.fitbitBad("The date range must be less than or equal to 1 year.")
	}
	series := []any{}
	t := s.today()
	for d := start; !d.After(end) && !d.After(t); d = d.AddDays(1) {
		from, to := s.dayBounds(d)
		series = append(series, s.fitbitHeartDay(d, s.heartRate(from, to, time.Minute), time.Minute))
	}
	return jsonResponse(http.StatusOK, map[string]any{"activities-heart": series}, nil)
}

func (s *Server) fitbitHeartIntraday(a, b, detail string, tw []string) response {
	d, ok1 := s.fitbitDate(a)
	e, ok2 := s.fitbitDate(b)
	if !ok1 || !ok2 {
		return s.fitbitBad("Invalid date: " + firstBad(ok1, a, b))
	}
	if d != e {
		return s.fitbitBad("Intraday heart rate can be requested for at most 24 hours.")
	}
	every := map[string]time.Duration{"1sec": 5 * time.Second, "1min": time.Minute, "5min": 5 * time.Minute, "15min": 15 * time.Minute}[detail]
	from, to, ok := parseTimeWindow(tw)
	if !ok {
		return s.fitbitBad("Invalid time window: use /time/HH:mm/HH:mm.")
	}
	clk := s.clockOf(d)
	start, end := clk.start, clk.end
	samples := s.heartRate(start, end, every)
	dataset := []any{}
	for _, x := range samples {
		lt := clk.local(x.Time)
		mod := lt.Hour()*60 + lt.Minute()
		if mod < from || mod > to {
			continue
		}
		dataset = append(dataset, map[string]any{"time": lt.Format("15:04:05"), "value": x.BPM})
	}
	typ, interval := "minute", int(every/time.Minute)
	if detail == "1sec" {
		typ, interval = "second", 1
	}
	day := s.fitbitHeartDay(d, s.heartRate(start, end, time.Minute), time.Minute)
	return jsonResponse(http.StatusOK, map[string]any{
		"activities-heart":          []any{day},
		"activities-heart-intraday": map[string]any{"dataset": dataset, "datasetInterval": interval, "datasetType": typ},
	}, nil)
}

func (s *Server) fitbitDailySummary(q *dataQuery, a string) response {
	d, ok := s.fitbitDate(a)
	if !ok {
		return s.fitbitBad("Invalid date: " + a)
	}
	us := usUnits(q.r)
	vals := s.fitbitDays(wearnb.Range{From: d, To: d}, us)[d]
	if vals == nil {
		vals = fitbitDay(wearnb.DayMoves{Date: d}, 0, us)
		vals["minutesSedentary"] = 1440
	}
	dist := vals["distance"]
	very, fairly, light := vals["minutesVeryActive"], vals["minutesFairlyActive"], vals["minutesLightlyActive"]
	total := very + fairly + light
	share := func(x float64) float64 {
		if total == 0 {
			return 0
		}
		return round5(dist * x / total)
	}
	summary := map[string]any{
		"activityCalories": vals["activityCalories"], "caloriesBMR": vals["caloriesBMR"], "caloriesOut": vals["calories"],
		"marginalCalories": math.Round(vals["activityCalories"] * 0.6),
		"distances": []any{
			map[string]any{"activity": "total", "distance": dist},
			map[string]any{"activity": "tracker", "distance": dist},
			map[string]any{"activity": "loggedActivities", "distance": 0},
			map[string]any{"activity": "veryActive", "distance": share(very)},
			map[string]any{"activity": "moderatelyActive", "distance": share(fairly)},
			map[string]any{"activity": "lightlyActive", "distance": share(light)},
			map[string]any{"activity": "sedentaryActive", "distance": 0},
		},
		"elevation": vals["elevation"], "floors": vals["floors"], "steps": vals["steps"],
		"fairlyActiveMinutes": fairly, "lightlyActiveMinutes": light, "veryActiveMinutes": very,
		"sedentaryMinutes": vals["minutesSedentary"],
	}
	if q.tok.grant.has("heartrate") {
		from, to := s.dayBounds(d)
		zones := fitbitZones(s.heartRate(from, to, time.Minute), time.Minute)
		summary["heartRateZones"] = zones
		if resting, ok := s.restingHR(d); ok {
			summary["restingHeartRate"] = resting
		}
	}
	goalDist := 8.05
	if us {
		goalDist = 5
	}
	return jsonResponse(http.StatusOK, map[string]any{
		"activities": []any{},
		"goals":      map[string]any{"activeMinutes": 30, "caloriesOut": 2500, "distance": goalDist, "floors": 10, "steps": 10000},
		"summary":    summary,
	}, nil)
}
