package fitbit

import (
	"testing"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/internal/trustcheck"
)

func normalizeLogs(t *testing.T, body []byte) []wearnb.Sleep {
	t.Helper()
	resp, err := DecodeSleep(body)
	if err != nil {
		t.Fatal(err)
	}
	sleeps, err := NormalizeSleeps(resp.Sleep, FixedZones(newYork(t)))
	if err != nil {
		t.Fatal(err)
	}
	return sleeps
}

// A field the log leaves out or sends as null is missing in the record,
// NULL in the cache and NaN in the frame, never 0, and so is what is
// derived from it. Fixture:
// the documented stages log of sleep-range.json (providers.md §1, RAPIDS
// sample) with fields removed, and the series files with a resource left
// out.
func TestFitbitMissingStaysMissing(t *testing.T) {
	sleeps := normalizeLogs(t, rangeLog(t, func(l map[string]any) {
		delete(l, "minutesAsleep")
		l["efficiency"] = nil
		delete(l, "timeInBed")
		delete(l["levels"].(map[string]any)["summary"].(map[string]any), "rem")
	}))
	s := sleeps[0]
	if s.Asleep.OK() || s.Efficiency.OK() || s.REM.OK() || s.Awake.OK() {
		t.Errorf("values not in the log: %s", trustcheck.Describe(s))
	}
	// timeInBed absent: the time in bed is End − Start, which the log does
	// send; the stages still give latency, deep and light and awakenings.
	if s.InBed != wearnb.Some(383*time.Minute+30*time.Second) || s.Latency != wearnb.Some(time.Duration(0)) ||
		s.Deep != wearnb.Some(92*time.Minute) || s.Light != wearnb.Some(193*time.Minute) || s.Awakenings != wearnb.Some(4) ||
		s.Flag != "" || !s.IsMain {
		t.Errorf("values the log sends: %s", trustcheck.Describe(s))
	}
	// A log without levels or minutesToFallAsleep: no latency, no
	// awakenings, no stage breakdown.
	bare := normalizeLogs(t, rangeLog(t, func(l map[string]any) {
		delete(l, "levels")
		delete(l, "minutesToFallAsleep")
	}))[0]
	if bare.Latency.OK() || bare.Awake.OK() || bare.Awakenings.OK() || bare.Deep.OK() || bare.Asleep != wearnb.Some(318*time.Minute) {
		t.Errorf("log without levels: %s", trustcheck.Describe(bare))
	}
	// The classic nap has no deep, light or REM: missing, not 0.
	if nap := sleeps[1]; nap.Deep.OK() || nap.Light.OK() || nap.REM.OK() || nap.Asleep != wearnb.Some(55*time.Minute) {
		t.Errorf("classic nap: %s", trustcheck.Describe(nap))
	}
	trustcheck.Frames(t, append(sleeps, bare), nil, nil)
	trustcheck.Cache(t, sleeps, nil, nil)
	trustcheck.Cache(t, []wearnb.Sleep{bare}, nil, nil)

	// Days: calories and very-active minutes not fetched.
	series := map[string][]SeriesPoint{}
	for _, res := range DayResources {
		if res == "calories" || res == "minutesVeryActive" {
			continue
		}
		pts, err := DecodeSeries(res, readFile(t, "series-"+res+".json"))
		if err != nil {
			t.Fatal(err)
		}
		series[res] = pts
	}
	days := NormalizeDays(series, FixedZones(newYork(t)))
	if len(days) != 3 {
		t.Fatalf("%d days", len(days))
	}
	for _, d := range days {
		if d.CaloriesKcal.OK() || d.ActiveMinutes.OK() || d.RestingHR.OK() || !d.Steps.OK() || !d.DistanceM.OK() {
			t.Errorf("%v: %+v", d.Date, d)
		}
	}
	trustcheck.Frames(t, nil, days, nil)
	trustcheck.Cache(t, nil, days, nil)
}

// Fitbit's flags are wearnb.Sleep.Check's: a flagged log keeps its data,
// and is never main even when Fitbit says isMainSleep.
func TestFitbitFlags(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(map[string]any)
		want wearnb.Flag
	}{
		{"as documented", func(map[string]any) {}, ""},
		{"minutesAsleep 0", func(l map[string]any) { l["minutesAsleep"] = 0 }, wearnb.FlagNoSleep},
		{"zero length", func(l map[string]any) {
			l["endTime"] = l["startTime"]
			l["timeInBed"], l["duration"] = 0, 0
			delete(l, "levels")
		}, wearnb.FlagZeroLength},
		{"ends before it starts", func(l map[string]any) { l["endTime"] = "2020-10-09T08:10:00.000" }, wearnb.FlagEndsBeforeStart},
		{"30 hours", func(l map[string]any) {
			l["endTime"] = "2020-10-11T07:46:30.000"
			l["timeInBed"] = 30 * 60
		}, wearnb.FlagTooLong},
		{"more asleep than in bed", func(l map[string]any) { l["minutesAsleep"] = 400 }, wearnb.FlagAsleepOverInBed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := normalizeLogs(t, rangeLog(t, tc.edit))[0]
			if s.Flag != tc.want || s.IsMain != (tc.want == "") {
				t.Errorf("flag %q main %v, want %q (isMainSleep is true)", s.Flag, s.IsMain, tc.want)
			}
			if tc.want == wearnb.FlagEndsBeforeStart && len(s.Stages) > 0 {
				t.Errorf("%d stages on a log that ends before it starts", len(s.Stages))
			}
		})
	}
}
