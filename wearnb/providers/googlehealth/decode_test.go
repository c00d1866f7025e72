package googlehealth

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/fetch"
)

func readFile(t testing.TB, name string) []byte {
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		if t == nil {
			panic(err)
		}
		t.Fatal(err)
	}
	return b
}

func utc(s string) Timestamp {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return Timestamp{t}
}

func TestDecodeSleepPage(t *testing.T) {
	page, err := DecodeList("sleep", readFile(t, "sleep-page-1.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(page.DataPoints) != 2 || page.NextPageToken != "Cg1zbGVlcHxwYWdlLTI" {
		t.Fatalf("%d points, token %q", len(page.DataPoints), page.NextPageToken)
	}
	p := page.DataPoints[0]
	if p.Name != "users/4N7Q2XH/dataTypes/sleep/dataPoints/6f2c1e0a-9b7d-4c1e-8a53-2d0f1b7e9c41" || p.Steps != nil {
		t.Errorf("name %q", p.Name)
	}
	wantSrc := &DataSource{Device: &Device{DisplayName: "Charge 6", FormFactor: "FITNESS_BAND", Manufacturer: "Fitbit"}, Platform: "FITBIT", RecordingMethod: "PASSIVELY_MEASURED"}
	if !reflect.DeepEqual(p.DataSource, wantSrc) {
		t.Errorf("dataSource = %+v", p.DataSource)
	}
	sl := p.Sleep
	wantIv := Interval{
		StartTime: utc("2024-11-03T03:10:00Z"), StartUTCOffset: Offset(-4 * time.Hour),
		EndTime: utc("2024-11-03T11:40:00Z"), EndUTCOffset: Offset(-5 * time.Hour),
		CivilStartTime: &CivilDateTime{CivilDate{2024, 11, 2}, TimeOfDay{Hours: 23, Minutes: 10}},
		CivilEndTime:   &CivilDateTime{CivilDate{2024, 11, 3}, TimeOfDay{Hours: 6, Minutes: 40}},
	}
	if !reflect.DeepEqual(sl.Interval, wantIv) {
		t.Errorf("interval = %+v", sl.Interval)
	}
	if sl.Type != TypeStages || len(sl.Stages) != 11 || sl.CreateTime != "2024-11-03T12:01:05Z" || sl.UpdateTime != "2024-11-03T12:01:05Z" {
		t.Errorf("type %q, %d stages", sl.Type, len(sl.Stages))
	}
	wantStage := SleepStage{StartTime: utc("2024-11-03T05:40:00Z"), StartUTCOffset: Offset(-4 * time.Hour), EndTime: utc("2024-11-03T06:30:00Z"),
		EndUTCOffset: Offset(-5 * time.Hour), Type: "LIGHT", CreateTime: "2024-11-03T12:01:05Z", UpdateTime: "2024-11-03T12:01:05Z"}
	if sl.Stages[4] != wantStage {
		t.Errorf("stage 4 (across the DST change) = %+v", sl.Stages[4])
	}
	wantSum := &SleepSummary{MinutesAfterWakeUp: ptr[Int64](40), MinutesAsleep: ptr[Int64](447), MinutesAwake: ptr[Int64](63), MinutesInSleepPeriod: ptr[Int64](510), MinutesToFallAsleep: ptr[Int64](15),
		StagesSummary: []StageSummary{{4, 63, "AWAKE"}, {3, 230, "LIGHT"}, {2, 117, "DEEP"}, {2, 100, "REM"}}}
	if !reflect.DeepEqual(sl.Summary, wantSum) {
		t.Errorf("summary = %+v", sl.Summary)
	}
	if *sl.Metadata != (SleepMetadata{ExternalID: "20173157760", Nap: false, Processed: true, StagesStatus: "SUCCEEDED"}) {
		t.Errorf("metadata = %+v", sl.Metadata)
	}
	nap := page.DataPoints[1].Sleep
	if nap.Type != TypeClassic || !nap.Metadata.Nap || nap.Metadata.StagesStatus != "REJECTED_NAP" || *nap.Summary.MinutesAsleep != 38 ||
		!reflect.DeepEqual(nap.Summary.StagesSummary, []StageSummary{{1, 5, "AWAKE"}, {2, 38, "ASLEEP"}, {1, 2, "RESTLESS"}}) {
		t.Errorf("nap = %+v %+v", nap.Metadata, nap.Summary)
	}
}

func TestNormalizeSleeps(t *testing.T) {
	var points []DataPoint
	for _, f := range []string{"sleep-page-1.json", "sleep-page-2.json"} {
		page, err := DecodeList("sleep", readFile(t, f))
		if err != nil {
			t.Fatal(err)
		}
		points = append(points, page.DataPoints...)
	}
	got, err := NormalizeSleeps(points)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("got %d sleeps", len(got))
	}
	london, nap, night := got[0], got[1], got[2]

	// The London night of a trip: +01:00, before the New York nap and night.
	if london.Start.Format(time.RFC3339) != "2024-10-19T23:30:00+01:00" || london.End.Format(time.RFC3339) != "2024-10-20T07:00:00+01:00" ||
		london.Date != wearnb.MustDate("2024-10-20") || london.UTCOffset() != time.Hour || london.Awakenings != wearnb.Some[int](0) ||
		london.SourceID != "c41d8e2b-57a0-4b9f-9e6c-1f3a2d7b8e05" || london.Asleep != wearnb.Some[time.Duration](405*time.Minute) {
		t.Errorf("london = %+v", london)
	}

	// Awake: the 2 RESTLESS minutes and the 5 AWAKE ones before rising.
	if nap.IsMain || nap.Start.Format(time.RFC3339) != "2024-11-02T15:00:00-04:00" || nap.Asleep != wearnb.Some[time.Duration](38*time.Minute) || nap.Awake != wearnb.Some[time.Duration](7*time.Minute) ||
		nap.InBed != wearnb.Some[time.Duration](45*time.Minute) || nap.Deep.OK() || nap.Awakenings != wearnb.Some[int](0) || len(nap.Stages) != 4 || nap.Stages[1].Level != wearnb.StageRestless ||
		nap.Stages[0].Level != wearnb.StageAsleep || nap.Date != wearnb.MustDate("2024-11-02") {
		t.Errorf("nap = %+v", nap)
	}
	if eff := nap.Efficiency.Or(0); eff < 84.44 || eff > 84.45 {
		t.Errorf("nap efficiency %v, want 100*38/45", eff)
	}

	// The DST night: 23:10 EDT to 06:40 EST is 8 h 30 min.
	n := night
	if n.Start.Format(time.RFC3339) != "2024-11-02T23:10:00-04:00" || n.End.Format(time.RFC3339) != "2024-11-03T06:40:00-05:00" ||
		n.End.Sub(n.Start) != 510*time.Minute || n.Date != wearnb.MustDate("2024-11-03") || !n.IsMain {
		t.Errorf("night %s..%s date %v", n.Start.Format(time.RFC3339), n.End.Format(time.RFC3339), n.Date)
	}
	// Awake: minutesAwake 63 less the 15 minutes before falling asleep.
	if n.Provider != "googlehealth" || n.SourceID != "6f2c1e0a-9b7d-4c1e-8a53-2d0f1b7e9c41" || n.Asleep != wearnb.Some[time.Duration](447*time.Minute) || n.Awake != wearnb.Some[time.Duration](48*time.Minute) ||
		n.InBed != wearnb.Some[time.Duration](510*time.Minute) || n.Latency != wearnb.Some[time.Duration](15*time.Minute) || n.Deep != wearnb.Some[time.Duration](117*time.Minute) || n.Light != wearnb.Some[time.Duration](230*time.Minute) || n.REM != wearnb.Some[time.Duration](100*time.Minute) ||
		n.Awakenings != wearnb.Some[int](2) {
		t.Errorf("night = %+v", n)
	}
	if len(n.Stages) != 11 {
		t.Fatalf("%d stages", len(n.Stages))
	}
	var sum time.Duration
	for i, st := range n.Stages {
		sum += st.Duration
		if st.Start.Format("-07:00") != "-04:00" {
			t.Errorf("stage %d carries %s, want the night's -04:00", i, st.Start.Format("-07:00"))
		}
		if i > 0 && !n.Stages[i-1].End().Equal(st.Start) {
			t.Errorf("stage %d not contiguous", i)
		}
	}
	if sum != 510*time.Minute || n.Stages[5].Level != wearnb.StageREM || n.Stages[5].Start.Format("15:04") != "02:30" ||
		n.Stages[5].Start.UTC().Format(time.RFC3339) != "2024-11-03T06:30:00Z" {
		t.Errorf("stages sum %v, stage 5 %v", sum, n.Stages[5])
	}
	if eff := n.Efficiency.Or(0); eff < 87.64 || eff > 87.65 {
		t.Errorf("efficiency %v, want 100*447/510", eff)
	}
}

func TestNormalizeWithoutSummary(t *testing.T) {
	page, err := DecodeList("sleep", readFile(t, "sleep-page-2.json"))
	if err != nil {
		t.Fatal(err)
	}
	page.DataPoints[0].Sleep.Summary = nil
	page.DataPoints[0].Name = ""
	s, err := NormalizeSleeps(page.DataPoints)
	if err != nil {
		t.Fatal(err)
	}
	// 45 minutes awake: the first 15 are the latency, the last 30 Awake.
	if s[0].Asleep != wearnb.Some[time.Duration](405*time.Minute) || s[0].Awake != wearnb.Some[time.Duration](30*time.Minute) || s[0].Latency != wearnb.Some[time.Duration](15*time.Minute) || s[0].InBed != wearnb.Some[time.Duration](450*time.Minute) ||
		s[0].Deep != wearnb.Some[time.Duration](75*time.Minute) || s[0].REM != wearnb.Some[time.Duration](60*time.Minute) || s[0].Light != wearnb.Some[time.Duration](270*time.Minute) || s[0].SourceID != "20160687000" {
		t.Errorf("from stages: %+v", s[0])
	}
}

// TestNormalizeSplitsTimeInBed checks the mapping of Google's summary onto
// InBed = Latency + Asleep + Awake on the test payloads: minutesInSleepPeriod
// is every stage, minutesAwake every AWAKE stage (the latency and the
// minutesAfterWakeUp included), and RESTLESS is in neither minutesAsleep nor
// minutesAwake, so Awake = minutesAwake − latency + the RESTLESS minutes =
// WASO + minutesAfterWakeUp + RESTLESS.
// ptr points at a copy of v: a sent value of a nullable wire field.
func ptr[T any](v T) *T { return &v }

func TestNormalizeSplitsTimeInBed(t *testing.T) {
	var points []DataPoint
	for _, f := range []string{"sleep-page-1.json", "sleep-page-2.json"} {
		page, err := DecodeList("sleep", readFile(t, f))
		if err != nil {
			t.Fatal(err)
		}
		points = append(points, page.DataPoints...)
	}
	mins := func(n Int64) time.Duration { return time.Duration(n) * time.Minute }
	pmins := func(p *Int64) time.Duration { return mins(*p) }
	check := func(name string, p DataPoint, wantLatency, wantAwake time.Duration) {
		t.Helper()
		got, err := NormalizeSleeps([]DataPoint{p})
		if err != nil {
			t.Fatal(err)
		}
		s := got[0]
		if s.Latency != wearnb.Some[time.Duration](wantLatency) || s.Awake != wearnb.Some[time.Duration](wantAwake) || wearnb.Sum(s.Latency, s.Asleep, s.Awake) != s.InBed {
			t.Errorf("%s: latency %v asleep %v awake %v in bed %v; want latency %v awake %v adding up",
				name, s.Latency, s.Asleep, s.Awake, s.InBed, wantLatency, wantAwake)
		}
	}
	for _, p := range points {
		sum := p.Sleep.Summary
		var restless time.Duration
		for _, ss := range sum.StagesSummary {
			if ss.Type == StageRestless {
				restless += mins(ss.Minutes)
			}
		}
		awake := pmins(sum.MinutesAwake) - pmins(sum.MinutesToFallAsleep) + restless
		if in := pmins(sum.MinutesToFallAsleep) + pmins(sum.MinutesAsleep) + awake; in != pmins(sum.MinutesInSleepPeriod) {
			t.Fatalf("%s: the payload does not add up (%v)", p.Name, in)
		}
		s, _ := NormalizeSleeps([]DataPoint{p})
		final := time.Duration(0)
		if st := s[0].Stages; st[len(st)-1].Level == wearnb.StageWake {
			final = st[len(st)-1].Duration
		}
		if final != pmins(sum.MinutesAfterWakeUp) || wearnb.WASO(s[0].Stages).Or(-time.Hour)+final+restless != awake {
			t.Errorf("%s: WASO %v + final wake %v + restless %v, summary after wake-up %v, awake %v",
				p.Name, wearnb.WASO(s[0].Stages), final, restless, pmins(sum.MinutesAfterWakeUp), awake)
		}
		check(p.Name, p, pmins(sum.MinutesToFallAsleep), awake)

		// minutesToFallAsleep is often 0 beside stages that begin awake:
		// the stages decide.
		q := p
		qs := *p.Sleep
		qsum := *sum
		qsum.MinutesToFallAsleep = ptr[Int64](0)
		qs.Summary = &qsum
		q.Sleep = &qs
		check(p.Name+" without minutesToFallAsleep", q, pmins(sum.MinutesToFallAsleep), awake)

		// Without stages, the summary alone.
		qs.Stages = nil
		qs.Summary = sum
		check(p.Name+" without stages", q, pmins(sum.MinutesToFallAsleep), awake)
	}
}

func TestNormalizeSteps(t *testing.T) {
	page, err := DecodeList("steps", readFile(t, "steps-page.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(page.DataPoints) != 7 || page.NextPageToken != "" {
		t.Fatalf("%d points", len(page.DataPoints))
	}
	p := page.DataPoints[0].Steps
	if p.Count == nil || *p.Count != 120 || p.Interval.StartTime != utc("2024-11-03T14:01:00Z") || p.Interval.StartUTCOffset != Offset(-5*time.Hour) ||
		p.Interval.EndTime != utc("2024-11-03T14:02:00Z") || *p.Interval.CivilStartTime != (CivilDateTime{CivilDate{2024, 11, 3}, TimeOfDay{Hours: 9, Minutes: 1}}) {
		t.Errorf("point 0 = %+v", p)
	}
	hours, days, err := NormalizeSteps(page.DataPoints)
	if err != nil {
		t.Fatal(err)
	}
	wantH := []struct {
		start string
		steps int
	}{
		{"2024-10-20T09:00:00+01:00", 500},
		{"2024-11-02T23:00:00-04:00", 7},
		{"2024-11-03T01:00:00-04:00", 30},
		{"2024-11-03T01:00:00-05:00", 70},
		{"2024-11-03T09:00:00-05:00", 220},
	}
	if len(hours) != len(wantH) {
		t.Fatalf("hours = %v", hours)
	}
	for i, w := range wantH {
		if hours[i].Start.Format(time.RFC3339) != w.start || hours[i].Steps != wearnb.Some[int](w.steps) || hours[i].Provider != "googlehealth" {
			t.Errorf("hour %v = %s %v, want %s %v", i, hours[i].Start.Format(time.RFC3339), hours[i].Steps, w.start, w.steps)
		}
	}
	wantD := []wearnb.DayMoves{
		{Provider: "googlehealth", SourceID: "2024-10-20", Date: wearnb.MustDate("2024-10-20"), Steps: wearnb.Some(500), UTCOffset: wearnb.Some(time.Hour)},
		{Provider: "googlehealth", SourceID: "2024-11-02", Date: wearnb.MustDate("2024-11-02"), Steps: wearnb.Some(7), UTCOffset: wearnb.Some(-4 * time.Hour)},
		{Provider: "googlehealth", SourceID: "2024-11-03", Date: wearnb.MustDate("2024-11-03"), Steps: wearnb.Some(320), UTCOffset: wearnb.Some(-4 * time.Hour)},
	}
	if !reflect.DeepEqual(days, wantD) {
		t.Errorf("days = %+v", days)
	}
}

func TestEmptyPage(t *testing.T) {
	page, err := DecodeList("sleep", readFile(t, "empty-page.json"))
	if err != nil || page.DataPoints == nil || len(page.DataPoints) != 0 {
		t.Fatalf("%+v %v", page, err)
	}
	s, err := NormalizeSleeps(page.DataPoints)
	h, d, err2 := NormalizeSteps(nil)
	if err != nil || err2 != nil || s == nil || len(s)+len(h)+len(d) != 0 || h == nil || d == nil {
		t.Errorf("empty: %v %v %v", s, h, d)
	}
}

func TestMalformed(t *testing.T) {
	good := string(readFile(t, "sleep-page-1.json"))
	steps := string(readFile(t, "steps-page.json"))
	cases := []struct {
		name, endpoint, field string
		run                   func() error
	}{
		{"not JSON", "sleep", "", func() error { _, err := DecodeList("sleep", []byte("<html>")); return err }},
		{"int64 not a number", "sleep", "dataPoints.sleep.summary.minutesAsleep", func() error {
			_, err := DecodeList("sleep", []byte(strings.Replace(good, `"minutesAsleep": "447"`, `"minutesAsleep": "lots"`, 1)))
			return err
		}},
		{"bad offset", "sleep", "dataPoints.sleep.interval.startUtcOffset", func() error {
			_, err := DecodeList("sleep", []byte(strings.Replace(good, `"startUtcOffset": "-14400s"`, `"startUtcOffset": "-4h"`, 1)))
			return err
		}},
		{"bad timestamp", "sleep", "dataPoints.sleep.interval.startTime", func() error {
			_, err := DecodeList("sleep", []byte(strings.Replace(good, `"startTime": "2024-11-03T03:10:00Z"`, `"startTime": "yesterday"`, 1)))
			return err
		}},
		{"point without sleep", "sleep", "dataPoints[0].sleep", func() error {
			_, err := DecodeList("sleep", []byte(`{"dataPoints":[{"name":"x"}]}`))
			return err
		}},
		{"steps point in sleep list", "steps", "dataPoints[0].steps", func() error {
			_, err := DecodeList("steps", []byte(good))
			return err
		}},
		{"unknown stage", "sleep", "dataPoints[0].sleep.stages[1].type", func() error {
			p, err := DecodeList("sleep", []byte(strings.Replace(good, `"type": "LIGHT"`, `"type": "DREAMING"`, 1)))
			if err != nil {
				return err
			}
			_, err = NormalizeSleeps(p.DataPoints)
			return err
		}},
		{"ends before start", "sleep", "dataPoints[1].sleep.interval.endTime", func() error {
			p, _ := DecodeList("sleep", []byte(good))
			p.DataPoints[1].Sleep.Interval.EndTime = utc("2000-01-01T00:00:00Z")
			_, err := NormalizeSleeps(p.DataPoints)
			return err
		}},
		{"overlapping stages", "sleep", "dataPoints[0].sleep.stages", func() error {
			p, _ := DecodeList("sleep", []byte(good))
			p.DataPoints[0].Sleep.Stages[2].StartTime = utc("2024-11-03T03:20:00Z")
			_, err := NormalizeSleeps(p.DataPoints)
			return err
		}},
		{"negative minutes", "sleep", "dataPoints[0].sleep.summary.minutesAwake", func() error {
			p, _ := DecodeList("sleep", []byte(good))
			p.DataPoints[0].Sleep.Summary.MinutesAwake = ptr[Int64](-1)
			_, err := NormalizeSleeps(p.DataPoints)
			return err
		}},
		{"steps count", "steps", "dataPoints.steps.count", func() error {
			_, err := DecodeList("steps", []byte(strings.Replace(steps, `"count": "120"`, `"count": 1.5`, 1)))
			return err
		}},
		{"steps missing start", "steps", "dataPoints[2].steps.interval.startTime", func() error {
			p, _ := DecodeList("steps", []byte(steps))
			p.DataPoints[2].Steps.Interval.StartTime = Timestamp{}
			_, _, err := NormalizeSteps(p.DataPoints)
			return err
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.run()
			var de *fetch.DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("err = %v, want *fetch.DecodeError", err)
			}
			if de.Provider != "googlehealth" || de.Endpoint != tc.endpoint || de.Field != tc.field {
				t.Errorf("got %q %q %q, want googlehealth %q %q (%v)", de.Provider, de.Endpoint, de.Field, tc.endpoint, tc.field, err)
			}
		})
	}
}

func TestRoundTrip(t *testing.T) {
	for _, name := range []string{"sleep-page-1.json", "sleep-page-2.json", "steps-page.json"} {
		var a, b ListResponse
		if err := json.Unmarshal(readFile(t, name), &a); err != nil {
			t.Fatal(err)
		}
		enc, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(enc, &b); err != nil || !reflect.DeepEqual(a, b) {
			t.Errorf("%s: round trip changed the value (%v)", name, err)
		}
	}
}

func TestScalars(t *testing.T) {
	for in, want := range map[string]time.Duration{"-18000s": -5 * time.Hour, "3600s": time.Hour, "0s": 0, "19800s": 5*time.Hour + 30*time.Minute, "1.5s": 1500 * time.Millisecond} {
		o, err := ParseOffset(in)
		if err != nil || time.Duration(o) != want {
			t.Errorf("ParseOffset(%q) = %v, %v", in, o, err)
		}
	}
	for _, in := range []string{"", "s", "-5h", "100000s", "1e3s", "NaNs", "-18000"} {
		if _, err := ParseOffset(in); err == nil {
			t.Errorf("ParseOffset(%q) succeeded", in)
		}
	}
	var n Int64
	if err := json.Unmarshal([]byte(`"9007199254740993"`), &n); err != nil || n != 9007199254740993 {
		t.Errorf("Int64 = %v, %v (must not lose precision)", n, err)
	}
	if b, _ := json.Marshal(Int64(42)); string(b) != `"42"` {
		t.Errorf("Marshal = %s", b)
	}
}

func ExampleNormalizeSleeps() {
	body, _ := os.ReadFile("testdata/sleep-page-1.json")
	page, err := DecodeList("sleep", body)
	if err != nil {
		fmt.Println(err)
		return
	}
	sleeps, err := NormalizeSleeps(page.DataPoints)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range sleeps {
		fmt.Printf("%s nap=%-5v %s → %s asleep %v, awakenings %v\n",
			s.Date, !s.IsMain, s.Start.Format("15:04 -07:00"), s.End.Format("15:04 -07:00"), s.Asleep, s.Awakenings)
	}
	// Output:
	// 2024-11-02 nap=true  15:00 -04:00 → 15:45 -04:00 asleep 38m0s, awakenings 0
	// 2024-11-03 nap=false 23:10 -04:00 → 06:40 -05:00 asleep 7h27m0s, awakenings 2
}
