package sandbox

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"wearnb.dev/wearnb"
)

// Google Health page sizes (pageSize default and maximum).
const (
	googleStepsPageDefault = 1440
	googleStepsPageMax     = 10000
	googleSleepPageMax     = 25
	googleUserID           = "sbx4n7q2health"
)

func (s *Server) googleRoute(method, path string) (dataRoute, bool) {
	if r, ok := s.googleHealthRoute(method, path); ok {
		return r, true
	}
	if method != http.MethodGet && method != http.MethodHead {
		return dataRoute{}, false
	}
	switch path {
	case "/v4/users/me/dataTypes/sleep/dataPoints":
		return dataRoute{[]string{googleScopePrefix + "sleep.readonly", googleScopePrefix + "sleep"}, s.googleSleep}, true
	case "/v4/users/me/dataTypes/steps/dataPoints":
		return dataRoute{[]string{googleActivityScope + ".readonly", googleActivityScope}, s.googleSteps}, true
	case "/v4/users/me/identity":
		return dataRoute{nil, func(q *dataQuery) response {
			return jsonResponse(http.StatusOK, map[string]any{"name": "users/me/identity", "healthUserId": googleUserID, "legacyUserId": fitbitUserID}, nil)
		}}, true
	}
	return dataRoute{}, false
}

func (s *Server) googleBad(msg string) response {
	return s.dataError(GoogleHealth, http.StatusBadRequest, "", msg)
}

func googleDuration(t time.Time) string {
	_, off := t.Zone()
	return strconv.Itoa(off) + "s"
}

func googleCivil(t time.Time) map[string]any {
	return map[string]any{
		"date": map[string]any{"year": t.Year(), "month": int(t.Month()), "day": t.Day()},
		"time": map[string]any{"hours": t.Hour(), "minutes": t.Minute(), "seconds": t.Second()},
	}
}

func googleInterval(start, end time.Time) map[string]any {
	return map[string]any{
		"startTime": start.UTC().Format(time.RFC3339), "startUtcOffset": googleDuration(start),
		"endTime": end.UTC().Format(time.RFC3339), "endUtcOffset": googleDuration(end),
		"civilStartTime": googleCivil(start), "civilEndTime": googleCivil(end),
	}
}

var googleDataSource = map[string]any{
	"recordingMethod": "PASSIVELY_MEASURED",
	"device":          map[string]any{"displayName": "Sandbox Band", "formFactor": "FITNESS_BAND", "manufacturer": "wearnb"},
	"platform":        "FITBIT",
}

// googleList holds the parsed list parameters.
type googleList struct {
	terms    []filterTerm
	pageSize int
	before   time.Time // cursor: only points starting before this
	key      string    // the filter's fingerprint, carried in page tokens
}

func (s *Server) googleParams(q *dataQuery, dataType string, def, maxSize int) (googleList, *response) {
	var gl googleList
	f := q.param("filter")
	terms, err := parseFilter(dataType, f)
	if err != nil {
		r := s.googleBad("Invalid filter: " + strings.TrimPrefix(err.Error(), "sandbox: bad filter: "))
		return gl, &r
	}
	gl.terms = terms
	sum := sha256.Sum256([]byte(dataType + "\x00" + f))
	gl.key = hex.EncodeToString(sum[:6])
	gl.pageSize = def
	if v := q.param("pageSize"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			r := s.googleBad("Invalid value for pageSize: " + v)
			return gl, &r
		}
		if n > 0 {
			gl.pageSize = min(n, maxSize)
		}
	}
	if tok := q.param("pageToken"); tok != "" {
		v, ok := decodeCursor(tok)
		key, at, found := strings.Cut(v, "|")
		ns, err := strconv.ParseInt(at, 10, 64)
		if !ok || !found || err != nil {
			r := s.googleBad("Invalid page token.")
			return gl, &r
		}
		if key != gl.key {
			r := s.googleBad("The page token does not match the request: the filter must stay the same while paging.")
			return gl, &r
		}
		gl.before = time.Unix(0, ns)
	}
	return gl, nil
}

func (gl googleList) token(last time.Time) string {
	return encodeCursor(gl.key + "|" + strconv.FormatInt(last.UnixNano(), 10))
}

// googlePage gathers one page of a list, newest point first: it passes
// over the points at or after the page token's cursor and those the filter
// rejects, and stops at the page size, noting that more points follow.
type googlePage struct {
	gl     googleList
	points []any
	last   time.Time // the start of the last point on the page
	more   bool      // a point was left for the next page
}

// googlePager parses the list parameters of dataType and returns an empty
// page with the local dates to scan for it, newest first ([Server.scanDates]).
func (s *Server) googlePager(q *dataQuery, dataType string, def, maxSize int) (pg *googlePage, from, to wearnb.Date, bad *response) {
	gl, bad := s.googleParams(q, dataType, def, maxSize)
	if bad != nil {
		return nil, from, to, bad
	}
	lo, hi := filterBounds(gl.terms)
	from, to = s.scanDates(lo, hi)
	return &googlePage{gl: gl, points: []any{}}, from, to, nil
}

// add offers the point over iv that point builds (nil: no point there).
// It returns false once the page is full: the caller stops scanning.
func (pg *googlePage) add(iv interval, point func() map[string]any) bool {
	if !pg.gl.before.IsZero() && !iv.start.Before(pg.gl.before) {
		return true
	}
	if !matchFilter(pg.gl.terms, iv) {
		return true
	}
	v := point()
	if v == nil {
		return true
	}
	if len(pg.points) == pg.gl.pageSize {
		pg.more = true
		return false
	}
	pg.points = append(pg.points, v)
	pg.last = iv.start
	return true
}

// response is the page: its points and, when more follow, the token of
// the next page.
func (pg *googlePage) response() response {
	body := map[string]any{"dataPoints": pg.points}
	if pg.more {
		body["nextPageToken"] = pg.gl.token(pg.last)
	}
	return jsonResponse(http.StatusOK, body, nil)
}

// scanDates returns the local dates to visit, newest first, for points
// starting in [lo, hi).
func (s *Server) scanDates(lo, hi time.Time) (from, to wearnb.Date) {
	now := s.now()
	if hi.IsZero() || hi.After(now) {
		hi = now
	}
	to = wearnb.DateOf(hi.UTC()).AddDays(1)
	start := s.dataStart()
	from = start
	if !lo.IsZero() {
		if d := wearnb.DateOf(lo.UTC()).AddDays(-1); d.After(from) {
			from = d
		}
	}
	return from, to
}

func (s *Server) googleSteps(q *dataQuery) response {
	pg, from, to, bad := s.googlePager(q, "steps", googleStepsPageDefault, googleStepsPageMax)
	if bad != nil {
		return *bad
	}
	for d := to; !d.Before(from) && !pg.more; d = d.AddDays(-1) {
		mins := s.minutes(d)
		if mins == nil {
			continue
		}
		// Each point carries the offset of where the person was: after a
		// travel day's switch, the new zone's.
		clk := s.clockOf(d)
		for i := len(mins) - 1; i >= 0; i-- {
			if mins[i] == 0 {
				continue
			}
			st := clk.start.Add(time.Duration(i) * time.Minute)
			en := st.Add(time.Minute)
			iv := interval{fixed(clk.local(st)), fixed(clk.local(en))}
			if !pg.add(iv, func() map[string]any {
				return map[string]any{
					"dataSource": googleDataSource,
					"steps":      map[string]any{"interval": googleInterval(iv.start, iv.end), "count": strconv.Itoa(mins[i])},
				}
			}) {
				break
			}
		}
	}
	return pg.response()
}

// fixed returns t in a fixed zone with its current offset.
func fixed(t time.Time) time.Time {
	name, off := t.Zone()
	return t.In(time.FixedZone(name, off))
}

func (s *Server) googleSleep(q *dataQuery) response {
	pg, from, to, bad := s.googlePager(q, "sleep", googleSleepPageMax, googleSleepPageMax)
	if bad != nil {
		return *bad
	}
	const chunk = 60
	for end := to; !end.Before(from) && !pg.more; end = end.AddDays(-chunk) {
		start := end.AddDays(-chunk + 1)
		if start.Before(from) {
			start = from
		}
		sleeps := s.sleeps(wearnb.Range{From: start, To: end})
		sort.SliceStable(sleeps, func(i, j int) bool { return sleeps[i].Start.After(sleeps[j].Start) })
		for _, sl := range sleeps {
			if !pg.add(interval{sl.Start, sl.End}, func() map[string]any { return s.googleSleepPoint(sl) }) {
				break
			}
		}
	}
	return pg.response()
}

func (s *Server) googleSleepPoint(sl wearnb.Sleep) map[string]any {
	stagesType := sl.IsMain && sl.End.Sub(sl.Start) >= 3*time.Hour && hasStageLevels(sl.Stages)
	mapLevel := func(l wearnb.StageLevel) wearnb.StageLevel {
		if stagesType {
			return l
		}
		switch l {
		case wearnb.StageWake, wearnb.StageRestless:
			return l
		}
		return wearnb.StageAsleep
	}
	names := map[wearnb.StageLevel]string{
		wearnb.StageWake: "AWAKE", wearnb.StageLight: "LIGHT", wearnb.StageDeep: "DEEP", wearnb.StageREM: "REM",
		wearnb.StageAsleep: "ASLEEP", wearnb.StageRestless: "RESTLESS",
	}
	created := sl.End.Add(20 * time.Minute).UTC().Format(time.RFC3339)
	stages := []any{}
	mins := map[string]time.Duration{}
	counts := map[string]int{}
	segs := segments(sl.Stages, mapLevel)
	for _, sg := range segs {
		n := names[sg.Level]
		mins[n] += sg.Duration
		counts[n]++
		stages = append(stages, map[string]any{
			"startTime": sg.Start.UTC().Format(time.RFC3339), "startUtcOffset": googleDuration(sg.Start),
			"endTime": sg.Start.Add(sg.Duration).UTC().Format(time.RFC3339), "endUtcOffset": googleDuration(sg.Start.Add(sg.Duration)),
			"type": n, "createTime": created, "updateTime": created,
		})
	}
	order := []string{"AWAKE", "LIGHT", "DEEP", "REM"}
	typ, status := "STAGES", "SUCCEEDED"
	if !stagesType {
		order = []string{"AWAKE", "ASLEEP", "RESTLESS"}
		typ, status = "CLASSIC", "REJECTED_NAP"
		if sl.IsMain {
			status = "REJECTED_COVERAGE"
		}
	}
	summ := []any{}
	asleep := time.Duration(0)
	for _, n := range order {
		summ = append(summ, map[string]any{"type": n, "minutes": strconv.Itoa(minutesOf(mins[n])), "count": strconv.Itoa(counts[n])})
		if n != "AWAKE" && n != "RESTLESS" {
			asleep += mins[n]
		}
	}
	if len(segs) == 0 {
		asleep = sl.Asleep.Or(0)
	}
	toFall, after := 0, 0
	if n := len(segs); n > 0 && segs[0].Level == wearnb.StageWake {
		toFall = minutesOf(segs[0].Duration)
	}
	if n := len(segs); n > 1 && segs[n-1].Level == wearnb.StageWake {
		after = minutesOf(segs[n-1].Duration)
	}
	inPeriod := minutesOf(sl.End.Sub(sl.Start))
	// minutesInSleepPeriod is every stage, minutesAsleep the sleep stages
	// and minutesAwake the AWAKE ones: RESTLESS is in neither.
	awake := inPeriod - minutesOf(asleep) - minutesOf(mins["RESTLESS"])
	return map[string]any{
		"name":       "users/" + googleUserID + "/dataTypes/sleep/dataPoints/" + uuidFor("google", "sleep", strconv.FormatInt(sl.Start.Unix(), 10)),
		"dataSource": googleDataSource,
		"sleep": map[string]any{
			"interval": googleInterval(sl.Start, sl.End),
			"type":     typ,
			"stages":   stages,
			"summary": map[string]any{
				"minutesInSleepPeriod": strconv.Itoa(inPeriod), "minutesAsleep": strconv.Itoa(minutesOf(asleep)),
				"minutesAwake": strconv.Itoa(awake), "minutesAfterWakeUp": strconv.Itoa(after),
				"minutesToFallAsleep": strconv.Itoa(toFall), "stagesSummary": summ,
			},
			"metadata": map[string]any{
				"nap": !sl.IsMain, "manuallyEdited": false, "processed": true, "stagesStatus": status,
				"externalId": strconv.FormatInt(fitbitLogID(sl), 10),
			},
			"createTime": created, "updateTime": created,
		},
	}
}
