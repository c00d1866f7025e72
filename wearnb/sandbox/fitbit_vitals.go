package sandbox

import (
	"math"
	"net/http"
)

// fitbitVitalsRangeMax is the longest range of the HRV, breathing-rate and
// skin-temperature summaries: "Maximum range: 30 days".
const fitbitVitalsRangeMax = 30

// fitbitVitalsRoute matches /1/user/-/{hrv|br|temp/skin}/date/{date}[/{end}].json.
func (s *Server) fitbitVitalsRoute(rest []string) (dataRoute, bool) {
	kind, scope := rest[0], ""
	switch kind {
	case "hrv":
		scope = "heartrate"
	case "br":
		scope = "respiratory_rate"
	case "temp":
		if len(rest) < 2 || rest[1] != "skin" {
			return dataRoute{}, false
		}
		kind, scope, rest = "temp/skin", "temperature", rest[1:]
	default:
		return dataRoute{}, false
	}
	if len(rest) < 3 || len(rest) > 4 || rest[1] != "date" {
		return dataRoute{}, false
	}
	a, b := rest[2], rest[2]
	if len(rest) == 4 {
		b = rest[3]
	}
	return dataRoute{[]string{scope}, func(q *dataQuery) response { return s.fitbitVitals(kind, a, b) }}, true
}

// fitbitVitals serves one of the nightly summaries of the main sleep, keyed
// by the date the sleep ends on; dates without a main sleep are left out
// (Fitbit "only returns a value for dates on which the device was able to
// record").
func (s *Server) fitbitVitals(kind, a, b string) response {
	r, bad := s.fitbitDateRange(a, b, fitbitVitalsRangeMax)
	if bad != nil {
		return *bad
	}
	var items []any
	for _, sl := range s.mainNights(r) {
		n := s.night(sl)
		v := n.vitals
		day := sl.Date.String()
		switch kind {
		case "hrv":
			if avg, ok := v.AverageHRV.Get(); ok {
				items = append(items, map[string]any{"dateTime": day,
					"value": map[string]any{"dailyRmssd": round3(avg), "deepRmssd": round3(n.deepHRV)}})
			}
		case "br":
			if br, ok := v.RespiratoryRate.Get(); ok {
				items = append(items, map[string]any{"dateTime": day, "value": map[string]any{"breathingRate": br}})
			}
		case "temp/skin":
			if dev, ok := v.SkinTempDev.Get(); ok {
				items = append(items, map[string]any{"dateTime": day, "value": map[string]any{"nightlyRelative": dev},
					"logType": "dedicated_temp_sensor"})
			}
		}
	}
	if items == nil {
		items = []any{}
	}
	key := map[string]string{"hrv": "hrv", "br": "br", "temp/skin": "tempSkin"}[kind]
	return jsonResponse(http.StatusOK, map[string]any{key: items}, nil)
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }
