package sandbox

import (
	"encoding/base64"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/sandbox/synth"
)

// ouraPageSize is how many documents (heart-rate samples: ouraHRPageSize)
// one Oura page holds, so that years of data page.
const (
	ouraPageSize   = 50
	ouraHRPageSize = 1000
	ouraHREvery    = 5 * time.Minute
)

const (
	ouraOffsetLayout = "2006-01-02T15:04:05-07:00"
	ouraMilliLayout  = "2006-01-02T15:04:05.000-07:00"
)

func (s *Server) ouraRoute(method, path string) (dataRoute, bool) {
	if method != http.MethodGet && method != http.MethodHead {
		return dataRoute{}, false
	}
	coll, ok := strings.CutPrefix(path, "/v2/usercollection/")
	if !ok {
		return dataRoute{}, false
	}
	daily := []string{"daily"}
	switch coll {
	case "sleep":
		return dataRoute{daily, func(q *dataQuery) response { return s.ouraDocs(q, s.ouraSleepDocs) }}, true
	case "daily_sleep":
		return dataRoute{daily, func(q *dataQuery) response { return s.ouraDocs(q, s.ouraDailySleepDocs) }}, true
	case "daily_activity":
		return dataRoute{daily, func(q *dataQuery) response { return s.ouraDocs(q, s.ouraDailyActivityDocs) }}, true
	case "heartrate":
		return dataRoute{[]string{"heartrate"}, s.ouraHeartRate}, true
	case "personal_info":
		return dataRoute{[]string{"personal"}, s.ouraPersonalInfo}, true
	}
	return dataRoute{}, false
}

func (s *Server) ouraBad(msg string) response {
	return s.dataError(Oura, http.StatusBadRequest, "", msg)
}

func encodeCursor(v string) string { return base64.RawURLEncoding.EncodeToString([]byte("c1:" + v)) }

func decodeCursor(tok string) (string, bool) {
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return "", false
	}
	return strings.CutPrefix(string(b), "c1:")
}

// ouraDocs serves a date-ranged collection with next_token paging.
// lazyDoc renders one document when its page is served.
type lazyDoc func() any

func (s *Server) ouraDocs(q *dataQuery, docs func(wearnb.Range) []lazyDoc) response {
	end := s.today()
	if v := q.param("end_date"); v != "" {
		d, err := wearnb.ParseDate(v)
		if err != nil {
			return s.ouraBad("end_date: invalid date " + strconv.Quote(v) + ", use YYYY-MM-DD")
		}
		end = d
	}
	start := end.AddDays(-1)
	if v := q.param("start_date"); v != "" {
		d, err := wearnb.ParseDate(v)
		if err != nil {
			return s.ouraBad("start_date: invalid date " + strconv.Quote(v) + ", use YYYY-MM-DD")
		}
		start = d
	}
	if end.Before(start) {
		return s.ouraBad("start_date must be on or before end_date")
	}
	offset := 0
	if tok := q.param("next_token"); tok != "" {
		v, ok := decodeCursor(tok)
		n, err := strconv.Atoi(v)
		if !ok || err != nil || n < 0 {
			return s.ouraBad("next_token is invalid")
		}
		offset = n
	}
	all := docs(wearnb.Range{From: start, To: end})
	page := []any{}
	for _, render := range all[min(offset, len(all)):min(offset+ouraPageSize, len(all))] {
		page = append(page, render())
	}
	var next any
	if offset+ouraPageSize < len(all) {
		next = encodeCursor(strconv.Itoa(offset + ouraPageSize))
	}
	return jsonResponse(http.StatusOK, map[string]any{"data": page, "next_token": next}, nil)
}

// ---- sleep -------------------------------------------------------------------

func (s *Server) ouraSleepDocs(r wearnb.Range) []lazyDoc {
	var out []lazyDoc
	for _, sl := range s.sleeps(r) {
		out = append(out, func() any { return s.ouraSleep(sl) })
	}
	return out
}

// stageTotals sums a sleep's stages (falling back to its summary fields).
type stageTotals struct{ deep, light, rem, awake, asleep, latency time.Duration }

// totals sums sl's stages with wearnb.Sleep.SumStages, counting classic
// asleep and restless time as light sleep (the formats rendered from it
// have neither).
func totals(sl wearnb.Sleep) stageTotals {
	if len(sl.Stages) == 0 {
		return stageTotals{sl.Deep.Or(0), sl.Light.Or(0), sl.REM.Or(0), sl.Awake.Or(0), sl.Asleep.Or(0), sl.Latency.Or(0)}
	}
	s := wearnb.Sleep{Stages: segments(sl.Stages, func(l wearnb.StageLevel) wearnb.StageLevel {
		if l == wearnb.StageAsleep || l == wearnb.StageRestless {
			return wearnb.StageLight
		}
		return l
	})}
	s.SumStages()
	return stageTotals{s.Deep.Or(0), s.Light.Or(0), s.REM.Or(0), s.Awake.Or(0), s.Asleep.Or(0), s.Latency.Or(0)}
}

func ouraPhase(l wearnb.StageLevel) byte {
	switch l {
	case wearnb.StageDeep:
		return '1'
	case wearnb.StageREM:
		return '3'
	case wearnb.StageWake:
		return '4'
	}
	return '2'
}

func ouraMovement(l wearnb.StageLevel) byte {
	switch l {
	case wearnb.StageWake:
		return '3'
	case wearnb.StageLight, wearnb.StageRestless:
		return '2'
	}
	return '1'
}

// phases renders one character per step from the sleep's start: the level
// at the middle of each step (stages are in time order, so one pass).
func phases(sl wearnb.Sleep, step time.Duration, f func(wearnb.StageLevel) byte) string {
	var b strings.Builder
	i := 0
	for t := sl.Start; t.Before(sl.End); t = t.Add(step) {
		mid := t.Add(step / 2)
		for i < len(sl.Stages) && !mid.Before(sl.Stages[i].End()) {
			i++
		}
		lv := wearnb.StageLight
		if i < len(sl.Stages) && !mid.Before(sl.Stages[i].Start) {
			lv = sl.Stages[i].Level
		}
		b.WriteByte(f(lv))
	}
	return b.String()
}

func (s *Server) ouraSleep(sl wearnb.Sleep) map[string]any {
	t := totals(sl)
	inBed := sl.End.Sub(sl.Start)
	// One item per 5 minutes from bedtime_start; the first is null while
	// the ring settles (the vitals leave it out too).
	byTime := func(t time.Time) int64 { return t.Unix() }
	bpm := map[int64]int{}
	for _, x := range s.src.HeartRate(sl.Start, sl.End, ouraHREvery) {
		bpm[byTime(x.Time)] = x.BPM
	}
	rmssd := map[int64]float64{}
	for _, x := range s.src.HRV(sl.Start, sl.End, ouraHREvery) {
		rmssd[byTime(x.Time)] = x.MS
	}
	hr, hrv := []any{}, []any{}
	for i, at := 0, sl.Start; at.Before(sl.End); i, at = i+1, at.Add(ouraHREvery) {
		b, okB := bpm[byTime(at)]
		v, okV := rmssd[byTime(at)]
		if i == 0 || !okB {
			hr = append(hr, nil)
		} else {
			hr = append(hr, b)
		}
		if i == 0 || !okV {
			hrv = append(hrv, nil)
		} else {
			hrv = append(hrv, math.Round(v))
		}
	}
	vit := s.src.VitalsOf(sl)
	opt := func(o wearnb.Opt[float64], round func(float64) any) any {
		if v, ok := o.Get(); ok {
			return round(v)
		}
		return nil
	}
	avgHR := opt(vit.AverageHR, func(v float64) any { return math.Round(v*100) / 100 })
	lowest := opt(vit.LowestHR, func(v float64) any { return int(v) })
	avgHRV := opt(vit.AverageHRV, func(v float64) any { return int(math.Round(v)) })
	breath := opt(vit.RespiratoryRate, func(v float64) any { return v })
	var readiness any
	if dev, ok := vit.SkinTempDev.Get(); ok && sl.IsMain {
		readiness = map[string]any{
			"score": 80, "temperature_deviation": dev, "temperature_trend_deviation": nil,
			"contributors": map[string]any{"activity_balance": 80, "body_temperature": 90, "hrv_balance": 75,
				"previous_day_activity": 80, "previous_night": 78, "recovery_index": 85, "resting_heart_rate": 82, "sleep_balance": 80},
		}
	}
	restless := 0
	for _, sg := range segments(sl.Stages, nil) {
		if sg.Level == wearnb.StageWake {
			restless++
		}
	}
	typ := "long_sleep"
	if !sl.IsMain {
		typ = "sleep"
		if inBed < 15*time.Minute {
			typ = "rest"
		}
	}
	eff := 0
	if inBed > 0 {
		eff = int(math.Round(100 * t.asleep.Seconds() / inBed.Seconds()))
	}
	phase5 := phases(sl, 5*time.Minute, ouraPhase)
	return map[string]any{
		"id": uuidFor("oura", "sleep", strconv.FormatInt(sl.Start.Unix(), 10)), "day": sl.Date.String(), "type": typ,
		"bedtime_start": sl.Start.Format(ouraOffsetLayout), "bedtime_end": sl.End.Format(ouraOffsetLayout),
		"time_in_bed": int(inBed.Seconds()), "total_sleep_duration": int(t.asleep.Seconds()),
		"awake_time": int((inBed - t.asleep).Seconds()), "latency": int(t.latency.Seconds()),
		"deep_sleep_duration": int(t.deep.Seconds()), "light_sleep_duration": int(t.light.Seconds()),
		"rem_sleep_duration": int(t.rem.Seconds()), "efficiency": eff,
		"average_heart_rate": avgHR, "lowest_heart_rate": lowest, "average_hrv": avgHRV, "average_breath": breath,
		"heart_rate":              map[string]any{"interval": ouraHREvery.Seconds(), "items": hr, "timestamp": sl.Start.Format(ouraMilliLayout)},
		"hrv":                     map[string]any{"interval": ouraHREvery.Seconds(), "items": hrv, "timestamp": sl.Start.Format(ouraMilliLayout)},
		"sleep_phase_5_min":       phase5,
		"app_sleep_phase_5_min":   phase5,
		"sleep_phase_30_sec":      phases(sl, 30*time.Second, ouraPhase),
		"movement_30_sec":         phases(sl, 30*time.Second, ouraMovement),
		"restless_periods":        restless,
		"period":                  0,
		"readiness":               readiness,
		"readiness_score_delta":   nil,
		"sleep_score_delta":       nil,
		"sleep_algorithm_version": "v2",
		"low_battery_alert":       false,
	}
}

func clamp100(x float64) int { return int(math.Round(math.Max(1, math.Min(100, x)))) }

// ouraDailySleepDocs scores each date's main sleep.
func (s *Server) ouraDailySleepDocs(r wearnb.Range) []lazyDoc {
	var out []lazyDoc
	for _, sl := range s.sleeps(r) {
		if sl.IsMain {
			out = append(out, func() any { return ouraDailySleep(sl) })
		}
	}
	return out
}

// ouraDailySleep scores one main sleep the way daily_sleep documents do.
func ouraDailySleep(sl wearnb.Sleep) any {
	t := totals(sl)
	inBed := sl.End.Sub(sl.Start)
	mid := sl.Start.Add(inBed / 2)
	midH := float64(mid.Hour()) + float64(mid.Minute())/60
	if midH > 12 {
		midH -= 24
	}
	c := map[string]any{
		"total_sleep": clamp100(t.asleep.Hours() / 8 * 100),
		"efficiency":  clamp100((t.asleep.Seconds()/inBed.Seconds() - 0.65) / 0.3 * 100),
		"latency":     clamp100(100 - math.Abs(t.latency.Minutes()-15)*3),
		"deep_sleep":  clamp100(t.deep.Minutes() / 90 * 100),
		"rem_sleep":   clamp100(t.rem.Minutes() / 110 * 100),
		"restfulness": clamp100(100 - float64(sl.Awakenings.Or(0))*4),
		"timing":      clamp100(100 - math.Abs(midH-3.5)*20),
	}
	score := 0.0
	w := map[string]float64{"total_sleep": .35, "efficiency": .1, "latency": .1, "deep_sleep": .1, "rem_sleep": .1, "restfulness": .15, "timing": .1}
	for _, k := range []string{"total_sleep", "efficiency", "latency", "deep_sleep", "rem_sleep", "restfulness", "timing"} {
		score += w[k] * float64(c[k].(int))
	}
	return map[string]any{
		"id": uuidFor("oura", "daily_sleep", sl.Date.String()), "day": sl.Date.String(), "score": clamp100(score),
		"timestamp": sl.Date.String() + "T00:00:00+00:00", "contributors": c,
	}
}

// ---- activity ------------------------------------------------------------------

func (s *Server) ouraDailyActivityDocs(r wearnb.Range) []lazyDoc {
	var out []lazyDoc
	for _, d := range s.days(r) {
		out = append(out, func() any {
			return s.ouraActivity(d, s.sleeps(wearnb.Range{From: d.Date, To: d.Date.AddDays(1)}))
		})
	}
	return out
}

func (s *Server) ouraActivity(dm wearnb.DayMoves, sleeps []wearnb.Sleep) map[string]any {
	d := plain(dm)
	loc := s.loc(d.Date)
	midnight := d.Date.In(loc)
	mins := s.minutes(d.Date)
	asleepAt := func(t time.Time) bool {
		for _, sl := range sleeps {
			if !t.Before(sl.Start) && t.Before(sl.End) {
				return true
			}
		}
		return false
	}
	met := make([]float64, len(mins))
	var hiT, medT, lowT, sedT, restT int
	var hiM, medM, lowM, sedM float64
	for i, st := range mins {
		t := midnight.Add(time.Duration(i) * time.Minute)
		switch {
		case asleepAt(t):
			met[i] = 0.9
			restT += 60
		case st < 20:
			met[i] = 1.2
			sedT += 60
			sedM += 1.2
		case st < 80:
			met[i] = 2.5
			lowT += 60
			lowM += 2.5
		case st < 120:
			met[i] = 4.5
			medT += 60
			medM += 4.5
		default:
			met[i] = 7.5
			hiT += 60
			hiM += 7.5
		}
	}
	class := make([]byte, 0, len(mins)/5+1)
	for i := 0; i < len(mins); i += 5 {
		steps := 0
		for j := i; j < i+5 && j < len(mins); j++ {
			steps += mins[j]
		}
		t := midnight.Add(time.Duration(i) * time.Minute)
		switch {
		case asleepAt(t):
			class = append(class, '1')
		case steps < 100:
			class = append(class, '2')
		case steps < 400:
			class = append(class, '3')
		case steps < 600:
			class = append(class, '4')
		default:
			class = append(class, '5')
		}
	}
	total := d.CaloriesKcal
	if total < fitbitBMRPerDay {
		total = fitbitBMRPerDay + float64(d.Steps)*0.045
	}
	active := int(math.Round(total - fitbitBMRPerDay))
	avgMET := 0.0
	for _, m := range met {
		avgMET += m
	}
	if len(met) > 0 {
		avgMET /= float64(len(met))
	}
	nonWear := 0
	if len(mins) == 0 {
		nonWear = 86400
	}
	score := clamp100(float64(d.Steps) / 100)
	return map[string]any{
		"id": uuidFor("oura", "daily_activity", d.Date.String()), "day": d.Date.String(),
		"timestamp": midnight.Add(4 * time.Hour).Format(ouraOffsetLayout), "score": score,
		"steps": d.Steps, "active_calories": max(0, active), "total_calories": int(math.Round(total)),
		"equivalent_walking_distance": int(math.Round(d.DistanceM)),
		"target_calories":             500, "target_meters": 10000, "meters_to_target": max(0, 10000-int(d.DistanceM)),
		"average_met_minutes":       math.Round(avgMET*1000) / 1000,
		"high_activity_met_minutes": int(hiM), "medium_activity_met_minutes": int(medM), "low_activity_met_minutes": int(lowM),
		"sedentary_met_minutes": int(sedM),
		"high_activity_time":    hiT, "medium_activity_time": medT, "low_activity_time": lowT,
		"sedentary_time": sedT, "resting_time": restT, "non_wear_time": nonWear,
		"inactivity_alerts": min(5, sedT/3600/4),
		"class_5_min":       string(class),
		"met":               map[string]any{"interval": 60, "items": met, "timestamp": midnight.Format(ouraMilliLayout)},
		"contributors": map[string]any{
			"meet_daily_targets": clamp100(float64(d.Steps) / 80), "move_every_hour": clamp100(100 - float64(sedT)/3600*3),
			"recovery_time": 90, "stay_active": clamp100(float64(d.ActiveMinutes) / 60 * 100),
			"training_frequency": 80, "training_volume": clamp100(float64(active) / 6),
		},
	}
}

// ---- heart rate ---------------------------------------------------------------

func parseOuraDateTime(v string) (time.Time, bool) {
	v = strings.ReplaceAll(v, " ", "+") // an unescaped "+" in a query string arrives as a space
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", time.DateOnly} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func (s *Server) ouraHeartRate(q *dataQuery) response {
	end := s.now()
	if v := q.param("end_datetime"); v != "" {
		t, ok := parseOuraDateTime(v)
		if !ok {
			return s.ouraBad("end_datetime: invalid datetime " + strconv.Quote(v) + ", use ISO 8601")
		}
		end = t
	}
	start := end.Add(-24 * time.Hour)
	if v := q.param("start_datetime"); v != "" {
		t, ok := parseOuraDateTime(v)
		if !ok {
			return s.ouraBad("start_datetime: invalid datetime " + strconv.Quote(v) + ", use ISO 8601")
		}
		start = t
	}
	if end.Before(start) {
		return s.ouraBad("start_datetime must be before end_datetime")
	}
	if tok := q.param("next_token"); tok != "" {
		v, ok := decodeCursor(tok)
		n, err := strconv.ParseInt(v, 10, 64)
		if !ok || err != nil {
			return s.ouraBad("next_token is invalid")
		}
		start = time.Unix(n, 0)
	}
	// A page holds up to ouraHRPageSize samples: stretches without data
	// (before the first day, a ring not worn) take no room.
	start = start.Truncate(ouraHREvery)
	pageEnd := start
	var samples []synth.HRSample
	for len(samples) < ouraHRPageSize && pageEnd.Before(end) && pageEnd.Before(s.now()) {
		next := pageEnd.Add((ouraHRPageSize - time.Duration(len(samples))) * ouraHREvery)
		if next.After(end) {
			next = end
		}
		samples = append(samples, s.heartRate(pageEnd, next, ouraHREvery)...)
		pageEnd = next
	}
	data := make([]any, 0, len(samples))
	for _, x := range samples {
		data = append(data, map[string]any{"bpm": x.BPM, "source": ouraSource(x), "timestamp": x.Time.UTC().Format("2006-01-02T15:04:05+00:00"),
			"timestamp_unix": x.Time.UnixMilli()})
	}
	var next any
	if pageEnd.Before(end) && pageEnd.Before(s.now()) {
		next = encodeCursor(strconv.FormatInt(pageEnd.Unix(), 10))
	}
	return jsonResponse(http.StatusOK, map[string]any{"data": data, "next_token": next}, nil)
}

// ouraSource is the sample's source: sleep in a main sleep, rest in a nap,
// awake otherwise.
func ouraSource(x synth.HRSample) string {
	switch x.Context {
	case wearnb.ContextSleep:
		return "sleep"
	case wearnb.ContextRest:
		return "rest"
	}
	return "awake"
}

func (s *Server) ouraPersonalInfo(q *dataQuery) response {
	doc := map[string]any{"id": uuidFor("oura", "personal_info"), "age": 34, "weight": 68.5, "height": 1.72, "biological_sex": "female"}
	if q.tok.grant.has("email") {
		doc["email"] = "sandbox.person@example.com"
	} else {
		doc["email"] = nil
	}
	return jsonResponse(http.StatusOK, doc, nil)
}
