package googlehealth

import (
	"encoding/json"
	"testing"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/internal/trustcheck"
)

func normalizeBody(t *testing.T, body []byte) []wearnb.Sleep {
	t.Helper()
	page, err := DecodeList("sleep", body)
	if err != nil {
		t.Fatal(err)
	}
	s, err := NormalizeSleeps(page.DataPoints)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// A value the point does not send is missing in the record, NULL in the
// cache and NaN in the frame, never 0. Fixtures: the London night of sleep-page-2.json (shaped
// after health:v4) with summary fields or stages removed, and
// steps-page.json, whose points carry steps only: a Google Health day has
// no distance, calories or active minutes (issue 9's first bullet: the
// moves notebook showed them as 0).
func TestGoogleMissingStaysMissing(t *testing.T) {
	// No stages, a summary without minutesToFallAsleep or stagesSummary.
	s := normalizeBody(t, londonNight(t, func(sl map[string]any) {
		delete(sl, "stages")
		sum := sl["summary"].(map[string]any)
		delete(sum, "minutesToFallAsleep")
		delete(sum, "stagesSummary")
	}))[0]
	if s.Latency.OK() || s.Awake.OK() || s.Deep.OK() || s.Light.OK() || s.REM.OK() || s.Awakenings.OK() ||
		s.Asleep != wearnb.Some(405*time.Minute) || s.InBed != wearnb.Some(450*time.Minute) || s.Flag != "" || !s.IsMain {
		t.Errorf("summary without latency or stages: %s", trustcheck.Describe(s))
	}
	// No summary and no stages: nothing but the interval.
	bare := normalizeBody(t, londonNight(t, func(sl map[string]any) {
		delete(sl, "stages")
		delete(sl, "summary")
	}))[0]
	if bare.Asleep.OK() || bare.Latency.OK() || bare.Awake.OK() || bare.Efficiency.OK() || bare.InBed != wearnb.Some(450*time.Minute) || bare.Flag != "" {
		t.Errorf("interval only: %s", trustcheck.Describe(bare))
	}
	// A summary without minutesAsleep, with stages: the stages say it.
	fromStages := normalizeBody(t, londonNight(t, func(sl map[string]any) {
		delete(sl["summary"].(map[string]any), "minutesAsleep")
	}))[0]
	if fromStages.Asleep != wearnb.Some(405*time.Minute) {
		t.Errorf("asleep from the stages: %v", fromStages.Asleep)
	}
	trustcheck.Frames(t, []wearnb.Sleep{s, bare, fromStages}, nil, nil)
	for _, x := range []wearnb.Sleep{s, bare, fromStages} {
		trustcheck.Cache(t, []wearnb.Sleep{x}, nil, nil) // one night three ways: one id
	}

	var page map[string]any
	if err := json.Unmarshal(readFile(t, "steps-page.json"), &page); err != nil {
		t.Fatal(err)
	}
	delete(page["dataPoints"].([]any)[0].(map[string]any)["steps"].(map[string]any), "count")
	body, _ := json.Marshal(page)
	list, err := DecodeList("steps", body)
	if err != nil {
		t.Fatal(err)
	}
	hours, days, err := NormalizeSteps(list.DataPoints)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range days {
		if d.DistanceM.OK() || d.CaloriesKcal.OK() || d.ActiveMinutes.OK() || d.RestingHR.OK() {
			t.Errorf("%v: Google's steps carry only steps: %+v", d.Date, d)
		}
	}
	// The first point (2024-11-03 09:01 EST) lost its count: that hour's
	// and that day's steps are unknown, the others' are not.
	for _, h := range hours {
		if h.Start.Format(time.RFC3339) == "2024-11-03T09:00:00-05:00" && h.Steps.OK() {
			t.Errorf("hour with a point without a count: %v steps", h.Steps)
		}
	}
	if days[2].Date != wearnb.MustDate("2024-11-03") || days[2].Steps.OK() || days[0].Steps != wearnb.Some(500) {
		t.Errorf("days = %+v", days)
	}
	trustcheck.Frames(t, nil, days, hours)
	trustcheck.Cache(t, nil, days, hours)
}

// Google's flags are wearnb.Sleep.Check's; a flagged night is not main.
func TestGoogleFlags(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(map[string]any)
		want wearnb.Flag
	}{
		{"as sent", func(map[string]any) {}, ""},
		{"minutesAsleep 0 and no stages", func(sl map[string]any) {
			delete(sl, "stages")
			sl["summary"].(map[string]any)["minutesAsleep"] = "0"
		}, wearnb.FlagNoSleep},
		{"only awake stages", func(sl map[string]any) {
			delete(sl, "summary")
			for _, st := range sl["stages"].([]any) {
				st.(map[string]any)["type"] = "AWAKE"
			}
		}, wearnb.FlagNoSleep},
		{"zero length", func(sl map[string]any) {
			iv := sl["interval"].(map[string]any)
			iv["endTime"] = iv["startTime"]
			delete(sl, "stages")
			delete(sl, "summary")
		}, wearnb.FlagZeroLength},
		{"ends before it starts", func(sl map[string]any) {
			sl["interval"].(map[string]any)["endTime"] = "2024-10-19T06:00:00Z"
			delete(sl, "summary")
		}, wearnb.FlagEndsBeforeStart},
		{"30 hours", func(sl map[string]any) {
			sl["interval"].(map[string]any)["endTime"] = "2024-10-21T04:30:00Z"
			delete(sl, "summary")
		}, wearnb.FlagTooLong},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := normalizeBody(t, londonNight(t, tc.edit))[0]
			if s.Flag != tc.want || s.IsMain != (tc.want == "") {
				t.Errorf("flag %q main %v, want %q", s.Flag, s.IsMain, tc.want)
			}
			if tc.want == wearnb.FlagEndsBeforeStart && len(s.Stages) > 0 {
				t.Errorf("%d stages on a session that ends before it starts", len(s.Stages))
			}
		})
	}
}
