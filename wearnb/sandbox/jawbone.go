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
)

const (
	jawboneUserXID      = "SBX4NjawbonePerson9q2LwZ0kT1cY3"
	jawboneLimitDefault = 10
	jawboneLimitMax     = 100
	jawbonePrefix       = "/nudge/api/v.1.1"
	jawboneDisconnect   = "/nudge/api/v.1.0/users/@me/PartnerAppMembership" // DELETE: the app's "revoke"
	jawboneXIDMove      = 'm'
	jawboneXIDSleep     = 's'
)

func (s *Server) jawboneRoute(method, path string) (dataRoute, bool) {
	if method == http.MethodDelete && path == jawboneDisconnect {
		return dataRoute{nil, s.jawboneDisconnect}, true
	}
	rest, ok := strings.CutPrefix(path, jawbonePrefix+"/")
	if !ok {
		return dataRoute{}, false
	}
	seg := strings.Split(rest, "/")
	if len(seg) >= 2 && seg[0] == "users" && (seg[1] == "@me" || seg[1] == jawboneUserXID) {
		seg = seg[2:]
		if method == http.MethodPost && len(seg) == 1 && seg[0] == "refreshToken" {
			return dataRoute{nil, s.jawboneRefreshToken}, true
		}
	}
	if method != http.MethodGet && method != http.MethodHead || len(seg) == 0 {
		return dataRoute{}, false
	}
	var scope []string
	switch seg[0] {
	case "moves":
		scope = []string{"move_read"}
	case "sleeps":
		scope = []string{"sleep_read"}
	case "heartrates":
		if len(seg) != 1 {
			return dataRoute{}, false
		}
		scope = []string{"heartrate_read"}
	default:
		return dataRoute{}, false
	}
	kind := seg[0]
	switch len(seg) {
	case 1:
		return dataRoute{scope, func(q *dataQuery) response { return s.jawboneList(q, kind) }}, true
	case 2:
		return dataRoute{scope, func(q *dataQuery) response { return s.jawboneItem(q, kind, seg[1], false) }}, true
	case 3:
		if seg[2] == "ticks" {
			return dataRoute{scope, func(q *dataQuery) response { return s.jawboneItem(q, kind, seg[1], true) }}, true
		}
	}
	return dataRoute{}, false
}

func (s *Server) jawboneMeta() map[string]any {
	return map[string]any{"code": 200, "message": "OK", "time": s.now().Unix(), "user_xid": jawboneUserXID}
}

func (s *Server) jawboneBad(msg string) response {
	return s.dataError(Jawbone, http.StatusBadRequest, "request_error", msg)
}

// jawboneItemRef is a list entry before rendering.
type jawboneItemRef struct {
	created int64
	render  func() map[string]any
}

// jawboneItems returns the items of dates in r, newest first.
func (s *Server) jawboneItems(kind string, r wearnb.Range) []jawboneItemRef {
	var refs []jawboneItemRef
	if kind == "heartrates" {
		return s.jawboneHeartRates(r)
	}
	if kind == "sleeps" {
		for _, sl := range s.sleeps(r) {
			sl := sl
			refs = append(refs, jawboneItemRef{sl.Start.Unix(), func() map[string]any { return s.jawboneSleep(sl) }})
		}
	} else {
		for _, d := range s.days(r) {
			d := d
			hours := s.hours(wearnb.Range{From: d.Date, To: d.Date})
			created := d.Date.In(s.loc(d.Date)).Unix()
			for _, h := range hours {
				if h.Steps.Or(0) > 0 {
					created = h.Start.Unix()
					break
				}
			}
			refs = append(refs, jawboneItemRef{created, func() map[string]any { return s.jawboneMove(d, hours) }})
		}
	}
	sort.SliceStable(refs, func(i, j int) bool { return refs[i].created > refs[j].created })
	return refs
}

func parseEpoch(v string) (int64, bool) {
	n, err := strconv.ParseInt(v, 10, 64)
	return n, err == nil && n >= 0
}

func (s *Server) jawboneList(q *dataQuery, kind string) response {
	limit := jawboneLimitDefault
	if v := q.param("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return s.jawboneBad("limit must be a positive integer")
		}
		limit = min(n, jawboneLimitMax)
	}
	var lo, hi int64 = math.MinInt64, math.MaxInt64
	var dateR wearnb.Range
	if v := q.param("date"); v != "" {
		t, err := time.Parse("20060102", v)
		if err != nil {
			return s.jawboneBad("date must be an integer YYYYMMDD")
		}
		d := wearnb.DateOf(t)
		dateR = wearnb.Range{From: d, To: d}
	}
	if v := q.param("start_time"); v != "" {
		n, ok := parseEpoch(v)
		if !ok {
			return s.jawboneBad("start_time must be epoch seconds")
		}
		lo = n
	}
	if v := q.param("end_time"); v != "" {
		n, ok := parseEpoch(v)
		if !ok {
			return s.jawboneBad("end_time must be epoch seconds")
		}
		hi = n
	}
	var updatedAfter int64 = -1
	if v := q.param("updated_after"); v != "" {
		n, ok := parseEpoch(v)
		if !ok {
			return s.jawboneBad("updated_after must be epoch seconds")
		}
		if q.param("start_time") == "" {
			return s.jawboneBad("updated_after requires start_time")
		}
		updatedAfter = n
	}
	if v := q.param("page_token"); v != "" {
		n, ok := parseEpoch(v)
		if !ok {
			return s.jawboneBad("page_token is invalid")
		}
		hi = min(hi, n-1)
	}
	if dateR.From.IsZero() {
		to := s.today()
		if hi != math.MaxInt64 {
			to = minDate(to, wearnb.DateOf(time.Unix(hi, 0).UTC()).AddDays(1))
		}
		from := s.dataStart()
		if lo != math.MinInt64 {
			from = maxDate(from, wearnb.DateOf(time.Unix(lo, 0).UTC()).AddDays(-1))
		}
		dateR = wearnb.Range{From: from, To: to}
	}
	var page []jawboneItemRef
	more := false
	const chunk = 60
	for end := dateR.To; !end.Before(dateR.From) && !more; end = end.AddDays(-chunk) {
		start := maxDate(dateR.From, end.AddDays(-chunk+1))
		for _, ref := range s.jawboneItems(kind, wearnb.Range{From: start, To: end}) {
			if ref.created < lo || ref.created > hi {
				continue
			}
			if len(page) == limit {
				more = true
				break
			}
			page = append(page, ref)
		}
	}
	items := []any{}
	for _, ref := range page {
		it := ref.render()
		if updatedAfter >= 0 && it["time_updated"].(int64) <= updatedAfter {
			continue
		}
		items = append(items, it)
	}
	data := map[string]any{"items": items, "size": len(items)}
	if more {
		v := url.Values{}
		for _, k := range []string{"start_time", "end_time", "updated_after", "date"} {
			if x := q.param(k); x != "" {
				v.Set(k, x)
			}
		}
		v.Set("page_token", strconv.FormatInt(page[len(page)-1].created, 10))
		v.Set("limit", strconv.Itoa(limit))
		data["links"] = map[string]any{"next": jawbonePrefix + "/users/" + jawboneUserXID + "/" + kind + "?" + v.Encode()}
	}
	return jsonResponse(http.StatusOK, map[string]any{"meta": s.jawboneMeta(), "data": data}, nil)
}

// minDate and maxDate are the earlier and the later of two dates.
func minDate(a, b wearnb.Date) wearnb.Date {
	if a.Before(b) {
		return a
	}
	return b
}

func maxDate(a, b wearnb.Date) wearnb.Date {
	if a.After(b) {
		return a
	}
	return b
}

func jawboneDateInt(d wearnb.Date) int { return d.Year*10000 + int(d.Month)*100 + d.Day }

// jawboneTZs returns the day's tz (the zone the day ends in) and its
// [epoch, tz] list: the zone at the start of the day; on a travel day the
// new zone's name at the switch, as in the documented example (the day
// starts in New York, America/Denver from mid-afternoon); on a DST day the
// new UTC offset in seconds at the change, the numeric form real payloads
// also used.
func (s *Server) jawboneTZs(d wearnb.Date) (string, []any) {
	c := s.clockOf(d)
	tzs := []any{[]any{c.start.Unix(), c.before.String()}}
	if !c.switchAt.IsZero() {
		tzs = append(tzs, []any{c.switchAt.Unix(), c.after.String()})
		return c.after.String(), tzs
	}
	if _, change := c.start.ZoneBounds(); !change.IsZero() && change.Before(c.end) {
		_, off := change.In(c.before).Zone()
		tzs = append(tzs, []any{change.Unix(), off})
	}
	return c.before.String(), tzs
}

func (s *Server) jawboneMove(dm wearnb.DayMoves, hours []wearnb.HourMoves) map[string]any {
	d := plain(dm)
	tz, tzs := s.jawboneTZs(d.Date)
	mins := s.minutes(d.Date)
	longestActive, longestIdle, runA, runI := 0, 0, 0, 0
	for _, m := range mins {
		if m > 0 {
			runA, runI = runA+60, 0
		} else {
			runA, runI = 0, runI+60
		}
		longestActive, longestIdle = max(longestActive, runA), max(longestIdle, runI)
	}
	bmrDay := fitbitBMRPerDay
	cal := d.CaloriesKcal - bmrDay
	if cal < 0 {
		cal = float64(d.Steps) * 0.045
	}
	hourly := map[string]any{}
	type hourTotal struct {
		plainHour
		hours int // clock hours summed under the key
	}
	hourlySum := map[string]hourTotal{}
	steps3am := 0
	var created, completed int64
	for _, h := range plainHours(hours) {
		if h.Start.Hour() >= 3 {
			steps3am += h.Steps
		}
		if h.Steps == 0 {
			continue
		}
		if created == 0 {
			created = h.Start.Unix()
		}
		completed = h.Start.Add(time.Hour).Unix()
		// Keys are local clock hours. When the clock repeats an hour (clocks
		// falling back, a trip west) both hours share one key: sum them
		// there, so the hourly totals still add up to the day's.
		key := h.Start.Format("2006010215")
		sum := hourlySum[key]
		sum.Steps += h.Steps
		sum.DistanceM += h.DistanceM
		sum.CaloriesKcal += h.CaloriesKcal
		sum.ActiveSeconds += h.ActiveSeconds
		sum.hours++
		hourlySum[key] = sum
	}
	for key, h := range hourlySum {
		span := 3600 * h.hours
		la, li := 0, 0
		if h.ActiveSeconds > 0 {
			la, li = min(h.ActiveSeconds, 1800), span-h.ActiveSeconds
		}
		hourly[key] = map[string]any{
			"steps": h.Steps, "distance": round5(h.DistanceM), "calories": round5(math.Max(0, h.CaloriesKcal-float64(h.hours)*bmrDay/24)),
			"active_time": h.ActiveSeconds, "inactive_time": span - h.ActiveSeconds,
			"longest_active_time": la, "longest_idle_time": li,
		}
	}
	start := d.Date.In(s.loc(d.Date))
	if created == 0 {
		created, completed = start.Unix(), start.Unix()
	}
	title := fmt.Sprintf("%s steps", thousands(d.Steps))
	updated := completed + 1800
	if d.Date == s.today() {
		title += " today"
		updated = s.now().Unix()
	}
	bmr := bmrDay
	if d.Date == s.today() {
		bmr = bmrDay * s.now().Sub(start).Hours() / 24
	}
	xid := xidFor(jawboneXIDMove, start.Unix())
	return map[string]any{
		"xid": xid, "type": "move", "title": title, "date": jawboneDateInt(d.Date),
		"time_created": created, "time_updated": updated, "time_completed": completed,
		"snapshot_image": fmt.Sprintf("/nudge/image/e/%d/%s/sandbox.png", updated, xid),
		"details": map[string]any{
			"steps": d.Steps, "distance": round5(d.DistanceM), "km": round5(d.DistanceM / 1000),
			"active_time": d.ActiveMinutes * 60, "inactive_time": max(0, 16*3600-d.ActiveMinutes*60),
			"longest_active": longestActive, "longest_idle": longestIdle,
			"calories": round5(cal), "bmr": round5(bmr), "bmr_day": bmrDay, "bg_calories": round5(cal * 0.8),
			"wo_calories": 0, "wo_time": 0, "wo_active_time": 0, "wo_count": 0, "wo_longest": 0,
			"sunrise": 0, "sunset": 0, "steps_3am": steps3am,
			"tz": tz, "tzs": tzs, "hourly_totals": hourly,
		},
	}
}

func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func jawboneDepth(l wearnb.StageLevel) int {
	switch l {
	case wearnb.StageWake:
		return 1
	case wearnb.StageDeep:
		return 3
	}
	return 2
}

func (s *Server) jawboneSleep(sl wearnb.Sleep) map[string]any {
	t := totals(sl)
	dur := sl.End.Sub(sl.Start)
	light := t.light + t.rem // UP bands had no REM stage
	awake := dur - light - t.deep
	awakenings := wearnb.Awakenings(sl.Stages)
	if len(sl.Stages) == 0 {
		awakenings = sl.Awakenings.Or(0)
	}
	asleepMin := int(t.asleep / time.Minute)
	quality := clamp100(t.asleep.Hours()/8*85 + t.deep.Hours()*10)
	sub := 0
	if !sl.IsMain {
		sub = 1
	}
	xid := xidFor(jawboneXIDSleep, sl.Start.Unix())
	updated := sl.End.Unix() + 1800
	name := s.loc(sl.Date).String()
	return map[string]any{
		"xid": xid, "title": fmt.Sprintf("for %dh %dm", asleepMin/60, asleepMin%60), "sub_type": sub,
		"date": jawboneDateInt(sl.Date), "shared": true,
		"time_created": sl.Start.Unix(), "time_updated": updated, "time_completed": sl.End.Unix(),
		"snapshot_image": fmt.Sprintf("/nudge/image/e/%d/%s/sandbox.png", updated, xid),
		"details": map[string]any{
			"duration": int(dur.Seconds()), "light": int(light.Seconds()), "sound": int(t.deep.Seconds()),
			"awake": int(awake.Seconds()), "rem": 0, "awakenings": awakenings,
			"asleep_time": sl.Start.Add(t.latency).Unix(), "awake_time": sl.End.Unix(),
			"quality": quality, "body": 0, "mind": 0, "smart_alarm_fire": 0,
			"sunrise": nil, "sunset": nil, "tz": name,
		},
	}
}

// jawboneItem serves /moves/{xid}, /sleeps/{xid} and their ticks.
func (s *Server) jawboneItem(q *dataQuery, kind, xid string, ticks bool) response {
	k, unix, ok := decodeXID(xid)
	want := byte(jawboneXIDMove)
	if kind == "sleeps" {
		want = jawboneXIDSleep
	}
	notFound := s.dataError(Jawbone, http.StatusNotFound, "not_found", "No "+strings.TrimSuffix(kind, "s")+" with xid "+xid)
	if !ok || k != want {
		return notFound
	}
	// A move's xid holds the start of its day, a sleep's its start: the
	// local date where the person was then.
	d := s.localDate(time.Unix(unix, 0))
	var data any
	if kind == "sleeps" {
		var found *wearnb.Sleep
		for _, sl := range s.sleeps(wearnb.Range{From: d, To: d.AddDays(1)}) {
			if sl.Start.Unix() == unix {
				found = &sl
				break
			}
		}
		if found == nil {
			return notFound
		}
		if !ticks {
			data = s.jawboneSleep(*found)
		} else {
			items := []any{}
			for _, sg := range segments(found.Stages, func(l wearnb.StageLevel) wearnb.StageLevel {
				return wearnb.StageLevel(strconv.Itoa(jawboneDepth(l)))
			}) {
				depth, _ := strconv.Atoi(string(sg.Level))
				items = append(items, map[string]any{"depth": depth, "time": sg.Start.Unix()})
			}
			data = map[string]any{"items": items, "size": len(items)}
		}
	} else {
		days := s.days(wearnb.Range{From: d, To: d})
		if len(days) == 0 || d.In(s.loc(d)).Unix() != unix {
			return notFound
		}
		if !ticks {
			data = s.jawboneMove(days[0], s.hours(wearnb.Range{From: d, To: d}))
		} else {
			items := []any{}
			start := d.In(s.loc(d))
			for i, m := range s.minutes(d) {
				if m == 0 {
					continue
				}
				t0 := start.Add(time.Duration(i) * time.Minute).Unix()
				dist := float64(m) * 0.75
				items = append(items, map[string]any{
					"time": t0, "time_completed": t0 + 60, "steps": m, "distance": round5(dist),
					"active_time": 60, "calories": round5(float64(m) * 0.045), "speed": round5(dist / 60), "aerobic": m >= 100,
				})
			}
			data = map[string]any{"items": items, "size": len(items)}
		}
	}
	return jsonResponse(http.StatusOK, map[string]any{"meta": s.jawboneMeta(), "data": data}, nil)
}

// jawboneDisconnect is DELETE /nudge/api/v.1.0/users/@me/PartnerAppMembership:
// the person disconnects the app; its tokens stop working.
func (s *Server) jawboneDisconnect(q *dataQuery) response {
	unlock := s.lockState()
	// Look the token up again: the state may have been reloaded from the
	// state file since bearer found it.
	if a := s.access[q.tok.access]; a != nil {
		a.pair.grant.revoked = true
	}
	q.tok.grant.revoked = true
	s.persistLocked()
	unlock()
	return jsonResponse(http.StatusOK, map[string]any{"meta": s.jawboneMeta(), "data": map[string]any{}}, nil)
}

// jawboneRefreshToken is POST /users/@me/refreshToken (form "secret"): it
// returns the refresh token of the calling access token.
func (s *Server) jawboneRefreshToken(q *dataQuery) response {
	_ = q.r.ParseForm()
	s.mu.Lock()
	c := s.clients[Jawbone][q.tok.grant.clientID]
	s.mu.Unlock()
	if c == nil || c.Public || q.r.PostForm.Get("secret") != c.Secret {
		return s.dataError(Jawbone, http.StatusUnauthorized, "authorization_error", "secret does not match the application")
	}
	return jsonResponse(http.StatusOK, map[string]any{"meta": s.jawboneMeta(), "data": map[string]any{"refresh_token": q.tok.refresh}}, nil)
}

// jawboneXIDHeart marks the xid of a resting-heart-rate item.
const jawboneXIDHeart = 'h'

// jawboneHeartRates returns the resting-heart-rate items of the dates of r
// that have one (the night that ends on the date was recorded), newest
// first, created when the person wakes up; the shape of
// openmhealth/shimmer's jawbone-heartrates.json.
func (s *Server) jawboneHeartRates(r wearnb.Range) []jawboneItemRef {
	var refs []jawboneItemRef
	for _, sl := range s.mainNights(r) {
		bpm, ok := s.restingHR(sl.Date)
		if !ok {
			continue
		}
		d, created := sl.Date, sl.End.Unix()
		loc := s.loc(d)
		refs = append(refs, jawboneItemRef{created, func() map[string]any {
			return map[string]any{
				"xid": xidFor(jawboneXIDHeart, created), "title": "My resting heart rate on " + d.In(loc).Format("January 2"),
				"time_created": created, "time_updated": created + 94, "date": jawboneDateInt(d),
				"place_lat": nil, "place_lon": nil, "place_acc": 0, "place_name": "",
				"resting_heartrate": bpm, "details": map[string]any{"tz": loc.String()},
			}
		}})
	}
	sort.SliceStable(refs, func(i, j int) bool { return refs[i].created > refs[j].created })
	return refs
}
