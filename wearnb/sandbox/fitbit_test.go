package sandbox

import (
	"testing"
	"time"

	"wearnb.dev/wearnb"
)

// TestStageSummaryMinutes checks the apportioning of a stages log's
// seconds into whole minutes on a night whose three sleep stages all end on
// a half minute: rounding each on its own gave 1.5 min too much sleep.
func TestStageSummaryMinutes(t *testing.T) {
	secs := map[string]time.Duration{
		"deep":  80*time.Minute + 30*time.Second,
		"light": 200*time.Minute + 30*time.Second,
		"rem":   90*time.Minute + 30*time.Second,
		"wake":  40 * time.Minute,
	}
	got := stageSummaryMinutes(secs)
	want := map[string]int{"deep": 81, "light": 200, "rem": 91, "wake": 40}
	for lv, m := range want {
		if got[lv] != m {
			t.Errorf("%s: %d min, want %d (all: %v)", lv, got[lv], m, got)
		}
	}
	// 371.5 min asleep round to 372; 411.5 min in bed to 412.
	if asleep := got["deep"] + got["light"] + got["rem"]; asleep != 372 || asleep+got["wake"] != 412 {
		t.Errorf("asleep %d min, in bed %d min; want 372 and 412", asleep, asleep+got["wake"])
	}
}

// TestFitbitSleepMinutes reads a year of the synthetic person's sleep logs
// and checks Fitbit's summary identities on every stages log: minutesAsleep
// is the sum of the deep, light and REM summary minutes and within 30 s of
// the person's time asleep; minutesAwake is the wake summary minutes;
// timeInBed = minutesToFallAsleep + minutesAsleep + minutesAwake +
// minutesAfterWakeup = the duration in minutes; each stage is within a
// minute of the person's. The year must include nights whose three sleep
// stages all end on a half minute (where per-stage rounding was 90 s off).
func TestFitbitSleepMinutes(t *testing.T) {
	e, person := newSynthEnv(t)
	tok := e.token(Fitbit)
	year := rangeOf("2025-01-01", "2025-12-31")
	truth := map[string]wearnb.Sleep{}
	for _, sl := range person.Sleeps(year) {
		truth[fitbitTime(sl.Start)] = sl
	}
	num := func(m map[string]any, k string) int { return int(m[k].(float64)) }
	stages, halves := 0, 0
	for _, chunk := range year.Split(fitbitSleepRangeMax) {
		resp, v := e.get("/fitbit/1.2/user/-/sleep/date/"+chunk.From.String()+"/"+chunk.To.String()+".json", tok)
		if resp.StatusCode != 200 {
			t.Fatalf("%v: %d %v", chunk, resp.StatusCode, v)
		}
		for _, x := range v.(map[string]any)["sleep"].([]any) {
			l := x.(map[string]any)
			if l["type"] != "stages" {
				continue
			}
			stages++
			want, ok := truth[l["startTime"].(string)]
			if !ok {
				t.Fatalf("log at %v is not the person's", l["startTime"])
			}
			summ := l["levels"].(map[string]any)["summary"].(map[string]any)
			minutes := func(lv string) int { return num(summ[lv].(map[string]any), "minutes") }
			asleep, awake := num(l, "minutesAsleep"), num(l, "minutesAwake")
			if sum := minutes("deep") + minutes("light") + minutes("rem"); asleep != sum {
				t.Errorf("%v: minutesAsleep %d, summary stages add up to %d", want.Date, asleep, sum)
			}
			if awake != minutes("wake") {
				t.Errorf("%v: minutesAwake %d, summary wake %d", want.Date, awake, minutes("wake"))
			}
			inBed := num(l, "minutesToFallAsleep") + asleep + awake + num(l, "minutesAfterWakeup")
			if num(l, "timeInBed") != inBed || inBed != minutesOf(want.End.Sub(want.Start)) {
				t.Errorf("%v: timeInBed %d, parts %d, duration %v", want.Date, num(l, "timeInBed"), inBed, want.End.Sub(want.Start))
			}
			if d := time.Duration(asleep)*time.Minute - want.Asleep.Or(0); d < -30*time.Second || d > 30*time.Second {
				t.Errorf("%v: minutesAsleep %d, the person slept %v", want.Date, asleep, want.Asleep)
			}
			for lv, exact := range map[string]time.Duration{"deep": want.Deep.Or(0), "light": want.Light.Or(0), "rem": want.REM.Or(0)} {
				if d := time.Duration(minutes(lv))*time.Minute - exact; d <= -time.Minute || d >= time.Minute {
					t.Errorf("%v: %s %d min, the person had %v", want.Date, lv, minutes(lv), exact)
				}
			}
			if want.Deep.Or(0)%time.Minute != 0 && want.Light.Or(0)%time.Minute != 0 && want.REM.Or(0)%time.Minute != 0 {
				halves++
			}
		}
	}
	if stages < 300 || halves < 10 {
		t.Errorf("%d stages logs, %d with every sleep stage on a half minute: want a year's", stages, halves)
	}
}
