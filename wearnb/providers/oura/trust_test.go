package oura_test

import (
	"encoding/json"
	"strings"
	"testing"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/internal/trustcheck"
	"wearnb.dev/wearnb/providers/oura"
)

// A value the payload sends as null, or does not send, is missing in the
// record, NULL in the cache and NaN in the frame: never 0, and never the
// source of a derived 0. Fixtures: the documented document (providers.md §2: "total_sleep_duration
// can be null") with its nulls, and sleep_multi.json's rest period, whose
// durations are all null; daily_activity.json with fields left out.
func TestOuraMissingStaysMissing(t *testing.T) {
	// total_sleep_duration null: Oura's total is deep + light + REM, all sent.
	s, err := normalizeOne(t, documented(t, func(d map[string]any) { d["total_sleep_duration"] = nil }))
	if err != nil || s.Asleep != sec(4170+18750+2280) || s.Flag != "" || !s.IsMain {
		t.Errorf("null total_sleep_duration with stage totals: asleep %v flag %q main %v (%v)", s.Asleep, s.Flag, s.IsMain, err)
	}
	// ... and rem_sleep_duration null too: asleep cannot be known, nor what
	// depends on it. Before issue 9 this was 0 min asleep and all of the
	// night awake.
	s, err = normalizeOne(t, documented(t, func(d map[string]any) {
		d["total_sleep_duration"] = nil
		d["rem_sleep_duration"] = nil
		delete(d, "latency")
		delete(d, "time_in_bed")
	}))
	if err != nil {
		t.Fatal(err)
	}
	if s.Asleep.OK() || s.REM.OK() || s.Awake.OK() || s.Efficiency.OK() || s.Latency.OK() || s.Flag != "" || !s.IsMain {
		t.Errorf("nulls became values: %s", trustcheck.Describe(s))
	}
	if s.InBed != sec(30000) || s.Deep != sec(4170) || s.Light != sec(18750) || s.Awakenings != wearnb.Some(2) {
		t.Errorf("reported values lost: %s", trustcheck.Describe(s))
	}
	p, err := oura.DecodeSleepPage(readTestdata(t, "sleep_multi.json"))
	if err != nil {
		t.Fatal(err)
	}
	sleeps, err := oura.NormalizeSleeps(p.Data)
	if err != nil {
		t.Fatal(err)
	}
	rest := sleeps[2]
	if rest.Asleep.OK() || rest.Awake.OK() || rest.Latency.OK() || rest.Efficiency.OK() || rest.Awakenings.OK() || rest.Flag != "" {
		t.Errorf("rest period: %s", trustcheck.Describe(rest))
	}
	trustcheck.Frames(t, append(sleeps, s), nil, nil)
	trustcheck.Cache(t, append(sleeps, s), nil, nil)

	// daily_activity without steps, distance or one of the activity times.
	var act map[string]any
	if err := json.Unmarshal(readTestdata(t, "daily_activity.json"), &act); err != nil {
		t.Fatal(err)
	}
	doc := act["data"].([]any)[0].(map[string]any)
	delete(doc, "steps")
	doc["equivalent_walking_distance"] = nil
	delete(doc, "high_activity_time")
	body, _ := json.Marshal(act)
	ap, err := oura.DecodeDailyActivityPage(body)
	if err != nil {
		t.Fatal(err)
	}
	d := ap.Data[0].DayMoves()
	if d.Steps.OK() || d.DistanceM.OK() || d.ActiveMinutes.OK() || d.RestingHR.OK() || d.CaloriesKcal != wearnb.Some(2591.0) {
		t.Errorf("day moves = %+v", d)
	}
	hs, err := ap.Data[0].Hours()
	if err != nil {
		t.Fatal(err)
	}
	var hours []wearnb.HourMoves
	for _, h := range hs {
		hours = append(hours, h.HourMoves())
	}
	trustcheck.Frames(t, nil, []wearnb.DayMoves{d}, hours)
	trustcheck.Cache(t, nil, []wearnb.DayMoves{d}, hours)
}

// Implausible periods are kept and flagged, never main: Oura's rules are
// wearnb.Sleep.Check's (see the package documentation).
func TestOuraFlags(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(map[string]any)
		want wearnb.Flag
	}{
		{"as documented", func(map[string]any) {}, ""},
		{"total_sleep_duration 0 with hours in bed", func(d map[string]any) { d["total_sleep_duration"] = 0 }, wearnb.FlagNoSleep},
		{"total null, every stage total 0", func(d map[string]any) {
			d["total_sleep_duration"] = nil
			d["deep_sleep_duration"], d["light_sleep_duration"], d["rem_sleep_duration"] = 0, 0, 0
		}, wearnb.FlagNoSleep},
		{"only awake phases, totals null", func(d map[string]any) {
			d["total_sleep_duration"], d["deep_sleep_duration"] = nil, nil
			d["sleep_phase_5_min"] = strings.Repeat("4", 100)
		}, wearnb.FlagNoSleep},
		{"bedtime_end equals bedtime_start", func(d map[string]any) {
			d["bedtime_end"] = d["bedtime_start"]
			d["time_in_bed"] = 0
		}, wearnb.FlagZeroLength},
		{"time_in_bed 0", func(d map[string]any) { d["time_in_bed"] = 0 }, wearnb.FlagZeroLength},
		{"ends before it starts", func(d map[string]any) { d["bedtime_end"] = "2022-07-11T09:25:14-07:00" }, wearnb.FlagEndsBeforeStart},
		{"30 hours in bed", func(d map[string]any) {
			d["bedtime_end"] = "2022-07-13T07:05:14-07:00"
			d["time_in_bed"] = 30 * 3600
		}, wearnb.FlagTooLong},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := normalizeOne(t, documented(t, tc.edit))
			if err != nil {
				t.Fatal(err)
			}
			if s.Flag != tc.want || s.IsMain != (tc.want == "") {
				t.Errorf("flag %q main %v, want %q (a long_sleep is main unless flagged)", s.Flag, s.IsMain, tc.want)
			}
			if s.Flag == wearnb.FlagEndsBeforeStart && len(s.Stages) != 0 {
				t.Errorf("%d stages for a period that ends before it starts", len(s.Stages))
			}
			if main := wearnb.Sleeps([]wearnb.Sleep{s}).Main(); len(main) != 0 && tc.want != "" {
				t.Errorf("Main() keeps a flagged sleep")
			}
		})
	}
}
