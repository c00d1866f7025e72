package googlehealth_test

import (
	"math"
	"testing"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/frames"
	"wearnb.dev/wearnb/internal/heartcheck"
	"wearnb.dev/wearnb/providers/googlehealth"
	"wearnb.dev/wearnb/sandbox"
)

// TestDailyRollUpYearIs64Requests rolls a year of days up: steps and
// distance (90 days a request) and total calories and active minutes (14
// days a request) take 5 + 5 + 27 + 27 = 64 requests, the fewest the
// limits allow, in 84-day chunks as the cache asks for them; the totals
// are the person's.
func TestDailyRollUpYearIs64Requests(t *testing.T) {
	e, p := startSandbox(t)
	year := wearnb.Range{From: wearnb.MustDate("2025-01-01"), To: wearnb.MustDate("2025-12-31")}
	c := p.Client(e.HTTP)
	before := e.Server.Requests(sandbox.GoogleHealth)
	var got []googlehealth.DayTotals
	for _, ch := range year.Split(googlehealth.DaysStreamDays) {
		d, err := c.DayTotals(t.Context(), ch)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, d...)
	}
	if n := e.Server.Requests(sandbox.GoogleHealth) - before; n != 64 {
		t.Errorf("a year of daily totals took %d requests, want 64", n)
	}
	// Each type split by its own limit over the whole year: the minimum.
	min := 0
	for _, typ := range googlehealth.DayTypes {
		min += (year.Days() + googlehealth.RollupMaxDays(typ) - 1) / googlehealth.RollupMaxDays(typ)
	}
	if min != 64 {
		t.Errorf("the limits allow %d requests, not 64", min)
	}
	truth := map[wearnb.Date]wearnb.DayMoves{}
	for _, d := range e.Person.Days(year) {
		truth[d.Date] = d
	}
	if len(got) != len(truth) {
		t.Errorf("%d days, the person has %d", len(got), len(truth))
	}
	for _, d := range got {
		w, ok := truth[d.Date]
		steps, _ := d.Steps.Get()
		dist, _ := d.DistanceM.Get()
		kcal, _ := d.CaloriesKcal.Get()
		active, _ := d.ActiveMinutes.Get()
		if !ok || !d.Steps.OK() || !d.DistanceM.OK() || !d.CaloriesKcal.OK() || !d.ActiveMinutes.OK() ||
			steps != w.Steps.Or(-1) || math.Abs(dist-w.DistanceM.Or(-1)) > 0.001 || math.Abs(kcal-w.CaloriesKcal.Or(-1)) > 0.05 || active != w.ActiveMinutes.Or(-1) {
			t.Errorf("%v: %+v, the person %+v", d.Date, d, w)
		}
	}
}

// TestDayTotalsUnknownIsMissing: a day with no window is absent; a window
// there with its sum left out (proto3 omits zeros) is a true 0; a type
// without a window for a day leaves that measure missing.
func TestDayTotalsUnknownIsMissing(t *testing.T) {
	decode := func(typ, body string) []googlehealth.DailyRollupDataPoint {
		r, err := googlehealth.DecodeDailyRollUp(typ, []byte(body))
		if err != nil {
			t.Fatal(err)
		}
		return r.RollupDataPoints
	}
	day := func(d int) string {
		return `{"civilStartTime":{"date":{"year":2025,"month":1,"day":` + string(rune('0'+d)) + `}},"civilEndTime":{"date":{"year":2025,"month":1,"day":` + string(rune('0'+d+1)) + `}}`
	}
	got, err := googlehealth.NormalizeDayTotals(map[string][]googlehealth.DailyRollupDataPoint{
		"steps":          decode("steps", `{"rollupDataPoints":[`+day(1)+`,"steps":{"countSum":"8123"}},`+day(2)+`,"steps":{}}]}`),
		"distance":       decode("distance", `{"rollupDataPoints":[`+day(1)+`,"distance":{"millimetersSum":"6213400"}}]}`),
		"total-calories": decode("total-calories", `{}`),
		"active-minutes": decode("active-minutes", `{"rollupDataPoints":[`+day(1)+`,"activeMinutes":{"activeMinutesRollupByActivityLevel":[{"activityLevel":"LIGHT","activeMinutesSum":"20"},{"activityLevel":"VIGOROUS","activeMinutesSum":"5"}]}},`+day(2)+`,"activeMinutes":{}}]}`),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("%d days: %+v", len(got), got)
	}
	d1, d2 := got[0], got[1]
	if d1.Steps != wearnb.Some(8123) || d1.DistanceM != wearnb.Some(6213.4) || d1.CaloriesKcal.OK() || d1.ActiveMinutes != wearnb.Some(25) {
		t.Errorf("day 1: %+v", d1)
	}
	if d2.Steps != wearnb.Some(0) || d2.DistanceM.OK() || d2.CaloriesKcal.OK() || d2.ActiveMinutes != wearnb.Some(0) {
		t.Errorf("day 2: %+v", d2)
	}
	// Through the cache and into the frame: still missing, never 0.
	days := googlehealth.NormalizeDays(got, map[wearnb.Date]float64{d1.Date: 58})
	if days[0].UTCOffset.OK() || days[1].UTCOffset.OK() {
		t.Errorf("offsets %v, %v: the roll-up names no offset, so they are missing", days[0].UTCOffset, days[1].UTCOffset)
	}
	cached := heartcheck.DaysThroughCache(t, "googlehealth", days)
	if len(cached) != 2 || cached[0].UTCOffset.OK() || cached[0].RestingHR != wearnb.Some(58.0) || cached[1].RestingHR.OK() || cached[1].DistanceM.OK() ||
		cached[0].CaloriesKcal.OK() || cached[1].Steps != wearnb.Some(0) {
		t.Errorf("cached days %+v", cached)
	}
	df := frames.Moves(cached)
	if dist := df.Col("distance_m").Float(); dist[0] != 6213.4 || !math.IsNaN(dist[1]) || !math.IsNaN(df.Col("resting_hr_bpm").Float()[1]) ||
		!math.IsNaN(df.Col("calories_kcal").Float()[0]) || !df.Col("utc_offset_min").Elem(0).IsNA() {
		t.Errorf("frame:\n%v", df)
	}
	// A window of a week is refused: the stream asks for days.
	_, err = googlehealth.NormalizeDayTotals(map[string][]googlehealth.DailyRollupDataPoint{
		"steps": decode("steps", `{"rollupDataPoints":[{"civilStartTime":{"date":{"year":2025,"month":1,"day":1}},"civilEndTime":{"date":{"year":2025,"month":1,"day":8}},"steps":{"countSum":"1"}}]}`),
	})
	if err == nil {
		t.Error("a week-long window was taken for a day")
	}
}
