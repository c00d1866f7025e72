package sandbox

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"wearnb.dev/wearnb"
)

// Google Health beyond sleep and steps: the heart-rate family (list), the
// daily vitals (list, filtered on the date), and the daily roll-up of the
// activity types (POST …/dataPoints:dailyRollUp). Names, shapes and limits
// follow the discovery document health:v4 (revision 20260527).

// googleKind is how a data type is filtered and listed: "interval" types
// filter on {type}.interval.*, "sample" types on {type}.sample_time.*,
// "daily" types on {type}.date. Types absent here cannot be listed.
var googleKind = map[string]string{
	"sleep": "interval", "steps": "interval",
	"heart-rate":                          "sample",
	"daily-resting-heart-rate":            "daily",
	"daily-heart-rate-variability":        "daily",
	"daily-respiratory-rate":              "daily",
	"daily-sleep-temperature-derivations": "daily",
}

// googleRollupMaxDays is the longest range of one rollUp or dailyRollUp
// request per data type: 14 days for these, 90 for every other type.
var googleRollupMaxDays = map[string]int{
	"heart-rate": 14, "total-calories": 14, "active-minutes": 14, "calories-in-heart-rate-zone": 14,
}

// googleDailyRollupTypes are the types the sandbox rolls up by day.
var googleDailyRollupTypes = map[string]bool{"steps": true, "distance": true, "total-calories": true, "active-minutes": true}

const (
	googleActivityScope = googleScopePrefix + "activity_and_fitness"
	googleMetricsScope  = googleScopePrefix + "health_metrics_and_measurements"
)

// googleHealthRoute matches the heart-rate, vitals and roll-up endpoints.
func (s *Server) googleHealthRoute(method, path string) (dataRoute, bool) {
	rest, ok := strings.CutPrefix(path, "/v4/users/me/dataTypes/")
	if !ok {
		return dataRoute{}, false
	}
	typ, op, ok := strings.Cut(rest, "/dataPoints")
	if !ok {
		return dataRoute{}, false
	}
	metrics := []string{googleMetricsScope + ".readonly", googleMetricsScope}
	activity := []string{googleActivityScope + ".readonly", googleActivityScope}
	switch {
	case method == http.MethodPost && op == ":dailyRollUp" && googleDailyRollupTypes[typ]:
		return dataRoute{activity, func(q *dataQuery) response { return s.googleDailyRollUp(q, typ) }}, true
	case (method == http.MethodGet || method == http.MethodHead) && op == "":
		switch typ {
		case "heart-rate":
			return dataRoute{metrics, s.googleHeartRate}, true
		case "daily-resting-heart-rate", "daily-heart-rate-variability", "daily-respiratory-rate", "daily-sleep-temperature-derivations":
			return dataRoute{metrics, func(q *dataQuery) response { return s.googleDaily(q, typ) }}, true
		}
	}
	return dataRoute{}, false
}

// googleSampleTime is a SampleTime: the instant, the offset and the civil
// time where the person was.
func googleSampleTime(t time.Time) map[string]any {
	return map[string]any{"physicalTime": t.UTC().Format(time.RFC3339), "utcOffset": googleDuration(t), "civilTime": googleCivil(t)}
}

func googleDate(d wearnb.Date) map[string]any {
	return map[string]any{"year": d.Year, "month": int(d.Month), "day": d.Day}
}

// googleHeartRate lists heart-rate samples, newest first, one a minute.
func (s *Server) googleHeartRate(q *dataQuery) response {
	pg, from, to, bad := s.googlePager(q, "heart-rate", googleStepsPageDefault, googleStepsPageMax)
	if bad != nil {
		return *bad
	}
	for d := to; !d.Before(from) && !pg.more; d = d.AddDays(-1) {
		clk := s.clockOf(d)
		samples := s.heartRate(clk.start, clk.end, time.Minute)
		for i := len(samples) - 1; i >= 0; i-- {
			x := samples[i]
			at := fixed(clk.local(x.Time))
			if !pg.add(interval{at, at}, func() map[string]any {
				motion := "SEDENTARY"
				if x.Moving {
					motion = "ACTIVE"
				}
				return map[string]any{
					"dataSource": googleDataSource,
					"heartRate": map[string]any{"sampleTime": googleSampleTime(at), "beatsPerMinute": strconv.Itoa(x.BPM),
						"metadata": map[string]any{"motionContext": motion, "sensorLocation": "WRIST"}},
				}
			}) {
				break
			}
		}
	}
	return pg.response()
}

// googleDailyField is the field of a daily type's data point.
var googleDailyField = map[string]string{
	"daily-resting-heart-rate": "dailyRestingHeartRate", "daily-heart-rate-variability": "dailyHeartRateVariability",
	"daily-respiratory-rate": "dailyRespiratoryRate", "daily-sleep-temperature-derivations": "dailySleepTemperatureDerivations",
}

// googleDaily lists a daily type, newest date first: one point per date
// with data (the vitals of the date's main sleep; the resting heart rate).
func (s *Server) googleDaily(q *dataQuery, typ string) response {
	pg, from, to, bad := s.googlePager(q, typ, googleStepsPageDefault, googleStepsPageMax)
	if bad != nil {
		return *bad
	}
	for d := to; !d.Before(from); d = d.AddDays(-1) {
		at := d.In(time.UTC) // the civil date, for the filter and the cursor
		if !pg.add(interval{at, at}, func() map[string]any {
			v := s.googleDailyValue(typ, d)
			if v == nil {
				return nil
			}
			v["date"] = googleDate(d)
			return map[string]any{"dataSource": googleDataSource, googleDailyField[typ]: v}
		}) {
			break
		}
	}
	return pg.response()
}

// googleBaselineC is the sandbox person's skin-temperature baseline, °C.
const googleBaselineC = 34.2

// googleDailyValue is the value object of daily type typ for date d, or
// nil when the date has none.
func (s *Server) googleDailyValue(typ string, d wearnb.Date) map[string]any {
	if typ == "daily-resting-heart-rate" {
		bpm, ok := s.restingHR(d)
		if !ok {
			return nil
		}
		return map[string]any{"beatsPerMinute": strconv.Itoa(bpm),
			"dailyRestingHeartRateMetadata": map[string]any{"calculationMethod": "WITH_SLEEP"}}
	}
	sl, ok := s.mainSleep(d)
	if !ok {
		return nil
	}
	n := s.night(sl)
	v := n.vitals
	switch typ {
	case "daily-heart-rate-variability":
		avg, ok := v.AverageHRV.Get()
		if !ok {
			return nil
		}
		return map[string]any{"averageHeartRateVariabilityMilliseconds": avg,
			"deepSleepRootMeanSquareOfSuccessiveDifferencesMilliseconds": n.deepHRV,
			"entropy": 2.4, "nonRemHeartRateBeatsPerMinute": strconv.Itoa(int(math.Round(n.nonREMHR)))}
	case "daily-respiratory-rate":
		if br, ok := v.RespiratoryRate.Get(); ok {
			return map[string]any{"breathsPerMinute": br}
		}
	case "daily-sleep-temperature-derivations":
		if dev, ok := v.SkinTempDev.Get(); ok {
			return map[string]any{"nightlyTemperatureCelsius": googleBaselineC + dev, "baselineTemperatureCelsius": googleBaselineC,
				"relativeNightlyStddev30dCelsius": 0.28}
		}
	}
	return nil
}

// googleRollupRequest is a DailyRollUpDataPointsRequest.
type googleRollupRequest struct {
	Range struct {
		Start *struct {
			Date *struct{ Year, Month, Day int } `json:"date"`
		} `json:"start"`
		End *struct {
			Date *struct{ Year, Month, Day int } `json:"date"`
		} `json:"end"`
	} `json:"range"`
	WindowSizeDays   int    `json:"windowSizeDays"`
	PageSize         int    `json:"pageSize"`
	PageToken        string `json:"pageToken"`
	DataSourceFamily string `json:"dataSourceFamily"`
}

// googleDailyRollUp answers POST …/{typ}/dataPoints:dailyRollUp: one
// window of windowSizeDays civil days from range.start, up to range.end
// (exclusive, as google.type.Interval), for windows with data only (a
// window without any data is not returned: unknown, not zero).
func (s *Server) googleDailyRollUp(q *dataQuery, typ string) response {
	body, err := io.ReadAll(io.LimitReader(q.r.Body, 1<<16))
	if err != nil {
		return s.googleBad("Could not read the request body.")
	}
	var req googleRollupRequest
	if err := json.Unmarshal(body, &req); err != nil {
		return s.googleBad("Invalid JSON payload received. " + err.Error())
	}
	if req.Range.Start == nil || req.Range.Start.Date == nil || req.Range.End == nil || req.Range.End.Date == nil {
		return s.googleBad("range.start.date and range.end.date are required.")
	}
	start, err1 := civilDate(*req.Range.Start.Date)
	end, err2 := civilDate(*req.Range.End.Date)
	if err1 != nil || err2 != nil {
		return s.googleBad("range: invalid date.")
	}
	if !end.After(start) {
		return s.googleBad("range.end must be after range.start.")
	}
	maxDays := 90
	if m, ok := googleRollupMaxDays[typ]; ok {
		maxDays = m
	}
	if n := end.Sub(start); n > maxDays {
		return s.googleBad(fmt.Sprintf("The range of %d days exceeds the maximum of %d days for data type %s.", n, maxDays, typ))
	}
	win := req.WindowSizeDays
	if win == 0 {
		win = 1
	}
	if win < 0 || win > maxDays {
		return s.googleBad("windowSizeDays must be between 1 and " + strconv.Itoa(maxDays) + ".")
	}
	days := map[wearnb.Date]wearnb.DayMoves{}
	for _, d := range s.days(wearnb.Range{From: start, To: end.AddDays(-1)}) {
		days[d.Date] = d
	}
	points := []any{}
	for w := start; w.Before(end); w = w.AddDays(win) {
		wEnd := w.AddDays(win)
		if wEnd.After(end) {
			wEnd = end
		}
		var sum plainMoves
		var light, moderate, vigorous int
		found := false // the window has a day with a value of typ
		for d := w; d.Before(wEnd); d = d.AddDays(1) {
			x, ok := days[d]
			if !ok {
				continue
			}
			switch typ {
			case "steps":
				found = found || x.Steps.OK()
			case "distance":
				found = found || x.DistanceM.OK()
			case "total-calories":
				found = found || x.CaloriesKcal.OK()
			case "active-minutes":
				found = found || x.ActiveMinutes.OK()
			}
			p := plain(x)
			sum.Steps += p.Steps
			sum.DistanceM += p.DistanceM
			sum.CaloriesKcal += p.CaloriesKcal
			l, m, v := googleActiveLevels(p.ActiveMinutes)
			light, moderate, vigorous = light+l, moderate+m, vigorous+v
		}
		if !found {
			continue // no data at all: Google returns no window
		}
		p := map[string]any{"civilStartTime": map[string]any{"date": googleDate(w)}, "civilEndTime": map[string]any{"date": googleDate(wEnd)}}
		switch typ {
		case "steps":
			p["steps"] = map[string]any{"countSum": strconv.Itoa(sum.Steps)}
		case "distance":
			p["distance"] = map[string]any{"millimetersSum": strconv.FormatInt(int64(math.Round(sum.DistanceM*1000)), 10)}
		case "total-calories":
			p["totalCalories"] = map[string]any{"kcalSum": math.Round(sum.CaloriesKcal*10) / 10}
		case "active-minutes":
			var levels []any
			for _, l := range []struct {
				name string
				n    int
			}{{"LIGHT", light}, {"MODERATE", moderate}, {"VIGOROUS", vigorous}} {
				if l.n > 0 { // proto3 JSON leaves out what is zero
					levels = append(levels, map[string]any{"activityLevel": l.name, "activeMinutesSum": strconv.Itoa(l.n)})
				}
			}
			am := map[string]any{}
			if levels != nil {
				am["activeMinutesRollupByActivityLevel"] = levels
			}
			p["activeMinutes"] = am
		}
		points = append(points, p)
	}
	return jsonResponse(http.StatusOK, map[string]any{"rollupDataPoints": points}, nil)
}

// googleActiveLevels splits a day's active minutes into light, moderate and
// vigorous as the Fitbit flavour does (60 / 25 / 15 %).
func googleActiveLevels(active int) (light, moderate, vigorous int) {
	light = int(math.Round(float64(active) * 0.6))
	moderate = int(math.Round(float64(active) * 0.25))
	return light, moderate, active - light - moderate
}

func civilDate(d struct{ Year, Month, Day int }) (wearnb.Date, error) {
	if d.Month < 1 || d.Month > 12 || d.Day < 1 || d.Day > 31 || d.Year < 1 {
		return wearnb.Date{}, fmt.Errorf("bad date %+v", d)
	}
	out := wearnb.Date{Year: d.Year, Month: time.Month(d.Month), Day: d.Day}
	if wearnb.DateOf(out.In(time.UTC)) != out {
		return wearnb.Date{}, fmt.Errorf("bad date %+v", d)
	}
	return out, nil
}
