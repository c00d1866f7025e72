package oura_test

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/fetch"
	"wearnb.dev/wearnb/providers/oura"
)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func offsetOf(t time.Time) time.Duration {
	_, off := t.Zone()
	return time.Duration(off) * time.Second
}

func mustTime(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func eqInt(t *testing.T, name string, got *int, want int) {
	t.Helper()
	if got == nil || *got != want {
		t.Errorf("%s = %v, want %d", name, deref(got), want)
	}
}

func eqFloat(t *testing.T, name string, got *float64, want float64) {
	t.Helper()
	if got == nil || *got != want {
		t.Errorf("%s = %v, want %v", name, deref(got), want)
	}
}

// sec is n seconds, reported.
func sec(n int) wearnb.Opt[time.Duration] { return wearnb.Some(time.Duration(n) * time.Second) }

func approx(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func deref[T any](p *T) any {
	if p == nil {
		return "nil"
	}
	return *p
}

// stageTotals sums stage durations by level and checks that the stages tile
// [start, end) without gaps or overlaps.
func stageTotals(t *testing.T, st []wearnb.Stage, start, end time.Time) map[wearnb.StageLevel]time.Duration {
	t.Helper()
	sum := map[wearnb.StageLevel]time.Duration{}
	at := start
	for i, s := range st {
		if !s.Start.Equal(at) {
			t.Fatalf("stage %d starts at %v, want %v (contiguous)", i, s.Start, at)
		}
		if s.Duration <= 0 {
			t.Fatalf("stage %d has duration %v", i, s.Duration)
		}
		if i > 0 && st[i-1].Level == s.Level {
			t.Fatalf("stages %d and %d share level %s (not merged)", i-1, i, s.Level)
		}
		sum[s.Level] += s.Duration
		at = s.End()
	}
	if len(st) > 0 && !at.Equal(end) {
		t.Fatalf("stages end at %v, want %v", at, end)
	}
	return sum
}

func TestDecodeSleepDocumented(t *testing.T) {
	page, err := oura.DecodeSleepPage(readTestdata(t, "sleep_documented.json"))
	if err != nil {
		t.Fatal(err)
	}
	if page.NextToken != nil {
		t.Errorf("NextToken = %q, want nil", *page.NextToken)
	}
	if len(page.Data) != 1 {
		t.Fatalf("got %d docs, want 1", len(page.Data))
	}
	d := page.Data[0]
	if d.ID != "8f9a5221-639e-4a85-81cb-4065ef23f979" || d.Type != oura.SleepTypeLong || d.Period != 0 {
		t.Errorf("id/type/period = %q %q %d", d.ID, d.Type, d.Period)
	}
	if d.Day.Date != wearnb.MustDate("2022-07-12") {
		t.Errorf("Day = %v", d.Day)
	}
	if got := d.BedtimeStart.Format(time.RFC3339); got != "2022-07-12T01:05:14-07:00" {
		t.Errorf("BedtimeStart = %s", got)
	}
	if got := d.BedtimeEnd.Format(time.RFC3339); got != "2022-07-12T09:25:14-07:00" {
		t.Errorf("BedtimeEnd = %s", got)
	}
	if d.TimeInBed == nil || *d.TimeInBed != 30000 {
		t.Errorf("TimeInBed = %v", deref(d.TimeInBed))
	}
	eqInt(t, "TotalSleepDuration", d.TotalSleepDuration, 25200)
	eqInt(t, "AwakeTime", d.AwakeTime, 4800)
	eqInt(t, "Latency", d.Latency, 540)
	eqInt(t, "DeepSleepDuration", d.DeepSleepDuration, 4170)
	eqInt(t, "LightSleepDuration", d.LightSleepDuration, 18750)
	eqInt(t, "REMSleepDuration", d.REMSleepDuration, 2280)
	eqInt(t, "RestlessPeriods", d.RestlessPeriods, 231)
	eqInt(t, "Efficiency", d.Efficiency, 84)
	eqFloat(t, "AverageHeartRate", d.AverageHeartRate, 52.3)
	eqInt(t, "LowestHeartRate", d.LowestHeartRate, 48)
	eqInt(t, "AverageHRV", d.AverageHRV, 117)
	eqFloat(t, "AverageBreath", d.AverageBreath, 12.6)
	if d.HeartRate == nil || d.HeartRate.Interval != 300 || len(d.HeartRate.Items) != 3 ||
		d.HeartRate.Items[0] != nil || *d.HeartRate.Items[1] != 50 || *d.HeartRate.Items[2] != 46 {
		t.Errorf("HeartRate = %+v", d.HeartRate)
	}
	if d.HRV == nil || len(d.HRV.Items) != 3 || d.HRV.Items[0] != nil || *d.HRV.Items[1] != 102 || *d.HRV.Items[2] != 122 {
		t.Errorf("HRV = %+v", d.HRV)
	}
	pts := d.HeartRate.Points()
	if len(pts) != 2 || pts[0].Value != 50 || pts[1].Value != 46 ||
		!pts[0].Time.Equal(mustTime(t, "2022-07-12T01:10:14-07:00")) ||
		!pts[1].Time.Equal(mustTime(t, "2022-07-12T01:15:14-07:00")) {
		t.Errorf("HeartRate.Points = %v", pts)
	}
	if d.SleepPhase5Min == nil || len(*d.SleepPhase5Min) != 100 || !strings.HasPrefix(*d.SleepPhase5Min, "4422211133") {
		t.Errorf("SleepPhase5Min = %v", deref(d.SleepPhase5Min))
	}
	if d.Movement30Sec == nil || *d.Movement30Sec != "1121" {
		t.Errorf("Movement30Sec = %v", deref(d.Movement30Sec))
	}
	if d.SleepPhase30Sec != nil || d.AppSleepPhase5Min != nil {
		t.Errorf("absent phase strings decoded as %v %v", deref(d.SleepPhase30Sec), deref(d.AppSleepPhase5Min))
	}
	if d.LowBatteryAlert {
		t.Error("LowBatteryAlert = true")
	}
	if d.Readiness == nil {
		t.Fatal("Readiness = nil")
	}
	eqInt(t, "Readiness.Score", d.Readiness.Score, 66)
	eqFloat(t, "Readiness.TemperatureDeviation", d.Readiness.TemperatureDeviation, -0.2)
	eqFloat(t, "Readiness.TemperatureTrendDeviation", d.Readiness.TemperatureTrendDeviation, 0.1)
	eqInt(t, "Readiness.Contributors.HRVBalance", d.Readiness.Contributors.HRVBalance, 75)
	if d.Readiness.Contributors.PreviousDayActivity != nil {
		t.Error("null contributor decoded as a value")
	}
	eqFloat(t, "ReadinessScoreDelta", d.ReadinessScoreDelta, 0)
	if d.SleepScoreDelta != nil {
		t.Error("SleepScoreDelta should be nil")
	}
	if d.SleepAlgorithmVersion == nil || *d.SleepAlgorithmVersion != "v2" {
		t.Errorf("SleepAlgorithmVersion = %v", deref(d.SleepAlgorithmVersion))
	}

	s, err := d.Normalize()
	if err != nil {
		t.Fatal(err)
	}
	want := wearnb.Sleep{
		Provider: "oura", SourceID: d.ID,
		Date:       wearnb.MustDate("2022-07-12"),
		InBed:      wearnb.Some(30000 * time.Second),
		Asleep:     wearnb.Some(25200 * time.Second),
		Awake:      wearnb.Some((4800 - 540) * time.Second),
		Deep:       wearnb.Some(4170 * time.Second),
		Light:      wearnb.Some(18750 * time.Second),
		REM:        wearnb.Some(2280 * time.Second),
		Latency:    wearnb.Some(540 * time.Second),
		Efficiency: wearnb.Some(84.0),
		Awakenings: wearnb.Some(2),
		IsMain:     true,
	}
	got := s
	got.Start, got.End, got.Stages = time.Time{}, time.Time{}, nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Normalize =\n%+v\nwant\n%+v", got, want)
	}
	if !s.Start.Equal(mustTime(t, "2022-07-12T08:05:14Z")) || offsetOf(s.Start) != -7*time.Hour {
		t.Errorf("Start = %v", s.Start)
	}
	if !s.End.Equal(mustTime(t, "2022-07-12T16:25:14Z")) || offsetOf(s.End) != -7*time.Hour {
		t.Errorf("End = %v", s.End)
	}
	if len(s.Stages) != 24 {
		t.Fatalf("got %d stages, want 24", len(s.Stages))
	}
	if f := s.Stages[0]; f.Level != wearnb.StageWake || f.Duration != 10*time.Minute || f.Start.Format("15:04:05Z07:00") != "01:05:14-07:00" {
		t.Errorf("first stage = %+v", f)
	}
	if l := s.Stages[23]; l.Level != wearnb.StageWake || l.Duration != 20*time.Minute {
		t.Errorf("last stage = %+v", l)
	}
	sum := stageTotals(t, s.Stages, s.Start, s.End)
	wantSum := map[wearnb.StageLevel]time.Duration{
		wearnb.StageDeep: 75 * time.Minute, wearnb.StageLight: 190 * time.Minute,
		wearnb.StageREM: 195 * time.Minute, wearnb.StageWake: 40 * time.Minute,
	}
	for l, d := range wantSum {
		if sum[l] != d {
			t.Errorf("stages in %s = %v, want %v", l, sum[l], d)
		}
	}
}

func TestDecodeSleepSeveralPerDay(t *testing.T) {
	page, err := oura.DecodeSleepPage(readTestdata(t, "sleep_multi.json"))
	if err != nil {
		t.Fatal(err)
	}
	if page.NextToken == nil || *page.NextToken != "eyJwYWdlIjogMn0=" {
		t.Errorf("NextToken = %v", deref(page.NextToken))
	}
	if len(page.Data) != 4 {
		t.Fatalf("got %d docs, want 4", len(page.Data))
	}
	types := []oura.SleepType{oura.SleepTypeLong, oura.SleepTypeLateNap, oura.SleepTypeRest, oura.SleepTypeDeleted}
	for i, d := range page.Data {
		if d.Type != types[i] || d.Day.Date != wearnb.MustDate("2023-05-20") || d.Period != i {
			t.Errorf("doc %d: type %q day %v period %d", i, d.Type, d.Day, d.Period)
		}
	}
	long := page.Data[0]
	if got := long.HeartRate.Items; len(got) != 7 || got[0] != nil || got[1] != nil || *got[2] != 58 || got[4] != nil || *got[6] != 50 {
		t.Errorf("long_sleep heart_rate items with nulls decoded wrong: %v", got)
	}
	if pts := long.HeartRate.Points(); len(pts) != 4 || !pts[0].Time.Equal(mustTime(t, "2023-05-19T23:52:00+02:00")) {
		t.Errorf("long_sleep heart-rate points = %v", pts)
	}
	eqFloat(t, "AverageHeartRate", long.AverageHeartRate, 54.125)
	rest := page.Data[2]
	if rest.TotalSleepDuration != nil || rest.AwakeTime != nil || rest.Latency != nil || rest.Efficiency != nil ||
		rest.HeartRate != nil || rest.SleepPhase5Min != nil || rest.AverageHRV != nil || !rest.LowBatteryAlert {
		t.Errorf("rest period nulls decoded as values: %+v", rest)
	}

	sleeps, err := oura.NormalizeSleeps(page.Data)
	if err != nil {
		t.Fatal(err)
	}
	if len(sleeps) != 3 {
		t.Fatalf("got %d sleeps, want 3 (deleted skipped)", len(sleeps))
	}
	for i, s := range sleeps {
		if s.SourceID == page.Data[3].ID {
			t.Error("deleted period was not skipped")
		}
		if s.IsMain != (i == 0) {
			t.Errorf("sleep %d (%s) IsMain = %v", i, page.Data[i].Type, s.IsMain)
		}
		if offsetOf(s.Start) != 2*time.Hour {
			t.Errorf("sleep %d offset = %v, want +2h", i, offsetOf(s.Start))
		}
	}
	if s := sleeps[0]; s.InBed != sec(27000) || s.Asleep != sec(24300) ||
		s.Awake != sec(2100) || s.Efficiency != wearnb.Some(90.0) || len(s.Stages) == 0 || s.Flag != "" {
		t.Errorf("long_sleep = %+v", s)
	}
	stageTotals(t, sleeps[0].Stages, sleeps[0].Start, sleeps[0].End)

	nap := sleeps[1]
	if nap.InBed != sec(2550) || nap.Asleep != sec(1800) || nap.Awake != sec(300) ||
		nap.Latency != sec(450) || nap.Light != sec(1800) || nap.Deep != sec(0) || nap.Flag != "" {
		t.Errorf("late_nap = %+v", nap)
	}
	// "442222224" from 15:10:00: wake 10m, light 30m, then wake cut at
	// 15:52:30 (2 m 30 s of a 5-minute slot).
	wantNap := []struct {
		start string
		d     time.Duration
		l     wearnb.StageLevel
	}{
		{"15:10:00", 10 * time.Minute, wearnb.StageWake},
		{"15:20:00", 30 * time.Minute, wearnb.StageLight},
		{"15:50:00", 150 * time.Second, wearnb.StageWake},
	}
	if len(nap.Stages) != len(wantNap) {
		t.Fatalf("nap stages = %+v", nap.Stages)
	}
	for i, w := range wantNap {
		g := nap.Stages[i]
		if g.Start.Format("15:04:05") != w.start || g.Duration != w.d || g.Level != w.l {
			t.Errorf("nap stage %d = %s %v %s, want %s %v %s", i, g.Start.Format("15:04:05"), g.Duration, g.Level, w.start, w.d, w.l)
		}
	}
	stageTotals(t, nap.Stages, nap.Start, nap.End)

	// The rest period sends null for every duration but time_in_bed: all
	// of them are missing, not 0 (and not "30 minutes awake"), and nothing
	// says it had no sleep, so it is not flagged.
	r := sleeps[2]
	if r.InBed != sec(1800) || r.Asleep.OK() || r.Awake.OK() || r.Latency.OK() || r.Deep.OK() || r.Light.OK() || r.REM.OK() ||
		r.Efficiency.OK() || r.Awakenings.OK() || r.Stages != nil || r.IsMain || r.Flag != "" {
		t.Errorf("rest with null durations = %+v", r)
	}
}

// TestNormalizeSplitsTimeInBed checks the mapping onto InBed = Latency +
// Asleep + Awake on every test document: Oura's time_in_bed is
// total_sleep_duration + awake_time, and awake_time includes the latency,
// so Awake = awake_time − latency (the documented night: 4800 − 540 s).
func TestNormalizeSplitsTimeInBed(t *testing.T) {
	sec := func(p *int) wearnb.Opt[time.Duration] {
		if p == nil {
			return wearnb.Opt[time.Duration]{}
		}
		return wearnb.Some(time.Duration(*p) * time.Second)
	}
	var docs []oura.SleepDoc
	for _, f := range []string{"sleep_documented.json", "sleep_multi.json", "sleep_dst.json"} {
		page, err := oura.DecodeSleepPage(readTestdata(t, f))
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, page.Data...)
	}
	checked := 0
	for i := range docs {
		d := &docs[i]
		s, err := d.Normalize()
		if err != nil {
			t.Fatal(err)
		}
		if s.Awake.OK() && wearnb.Sum(s.Latency, s.Asleep, s.Awake) != s.InBed {
			t.Errorf("%s (%s): in bed %v, latency %v + asleep %v + awake %v", d.ID, d.Type, s.InBed, s.Latency, s.Asleep, s.Awake)
		}
		if d.TotalSleepDuration == nil || d.AwakeTime == nil {
			if s.Awake.OK() {
				t.Errorf("%s (%s): awake %v from null totals", d.ID, d.Type, s.Awake)
			}
			continue
		}
		if inBed := wearnb.Sum(sec(d.TotalSleepDuration), sec(d.AwakeTime)); inBed != sec(d.TimeInBed) {
			t.Fatalf("%s: total_sleep_duration + awake_time = %v, time_in_bed %v s", d.ID, inBed, deref(d.TimeInBed))
		}
		if s.Latency != sec(d.Latency) || s.Awake != wearnb.Diff(sec(d.AwakeTime), sec(d.Latency)) {
			t.Errorf("%s: latency %v awake %v, want latency %v awake awake_time − latency = %v",
				d.ID, s.Latency, s.Awake, sec(d.Latency), wearnb.Diff(sec(d.AwakeTime), sec(d.Latency)))
		}
		checked++
	}
	if checked < 3 {
		t.Errorf("only %d documents with the totals", checked)
	}

	// A latency longer than awake_time (inconsistent) is cut to fit.
	d := docs[0]
	long := 5000
	d.Latency = &long
	if s, err := d.Normalize(); err != nil || s.Latency != wearnb.Some(4800*time.Second) || s.Awake != wearnb.Some(time.Duration(0)) || wearnb.Sum(s.Latency, s.Asleep, s.Awake) != s.InBed {
		t.Errorf("latency past awake_time: latency %v awake %v (%v)", s.Latency, s.Awake, err)
	}
}

func TestDecodeSleepDST(t *testing.T) {
	page, err := oura.DecodeSleepPage(readTestdata(t, "sleep_dst.json"))
	if err != nil {
		t.Fatal(err)
	}
	sleeps, err := oura.NormalizeSleeps(page.Data)
	if err != nil {
		t.Fatal(err)
	}
	if len(sleeps) != 2 {
		t.Fatalf("got %d sleeps", len(sleeps))
	}
	tests := []struct {
		name             string
		startOff, endOff time.Duration
		inBed            time.Duration
		wall             string // End - Start on the local clocks
		lastStage        time.Duration
		date             string
	}{
		{"spring forward", -8 * time.Hour, -7 * time.Hour, 6*time.Hour + 47*time.Minute + 30*time.Second, "23:30->07:17", 150 * time.Second, "2024-03-10"},
		{"fall back", -7 * time.Hour, -8 * time.Hour, 8*time.Hour + 30*time.Minute, "23:10->06:40", 0, "2024-11-03"},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := sleeps[i]
			if offsetOf(s.Start) != tc.startOff || offsetOf(s.End) != tc.endOff {
				t.Errorf("offsets %v -> %v, want %v -> %v", offsetOf(s.Start), offsetOf(s.End), tc.startOff, tc.endOff)
			}
			if s.InBed != wearnb.Some(tc.inBed) || s.End.Sub(s.Start) != tc.inBed {
				t.Errorf("InBed = %v, End-Start = %v, want %v", s.InBed, s.End.Sub(s.Start), tc.inBed)
			}
			if got := s.Start.Format("15:04") + "->" + s.End.Format("15:04"); got != tc.wall {
				t.Errorf("local clock %s, want %s", got, tc.wall)
			}
			if s.Date.String() != tc.date {
				t.Errorf("Date = %v", s.Date)
			}
			for _, st := range s.Stages {
				if offsetOf(st.Start) != tc.startOff {
					t.Fatalf("stage at %v does not carry the bedtime offset", st.Start)
				}
			}
			stageTotals(t, s.Stages, s.Start, s.End)
			if tc.lastStage != 0 {
				last := s.Stages[len(s.Stages)-1]
				if last.Duration != tc.lastStage+5*time.Minute && last.Duration != tc.lastStage {
					// the partial slot may merge with a full one before it
					t.Errorf("last stage %v, want a partial %v slot at the end", last.Duration, tc.lastStage)
				}
				if last.Duration%(5*time.Minute) != tc.lastStage {
					t.Errorf("last stage %v is not clipped to %v past a slot boundary", last.Duration, tc.lastStage)
				}
			}
		})
	}
}

func TestDecodeDailySleep(t *testing.T) {
	page, err := oura.DecodeDailySleepPage(readTestdata(t, "daily_sleep.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Data) != 2 {
		t.Fatalf("got %d", len(page.Data))
	}
	d := page.Data[0]
	if d.ID != "ds-2022-07-12" || d.Day.String() != "2022-07-12" || !d.Timestamp.Equal(mustTime(t, "2022-07-12T00:00:00Z")) {
		t.Errorf("doc = %+v", d)
	}
	eqInt(t, "Score", d.Score, 82)
	c := d.Contributors
	eqInt(t, "DeepSleep", c.DeepSleep, 99)
	eqInt(t, "Efficiency", c.Efficiency, 84)
	eqInt(t, "Latency", c.Latency, 92)
	eqInt(t, "REMSleep", c.REMSleep, 47)
	eqInt(t, "Restfulness", c.Restfulness, 72)
	eqInt(t, "Timing", c.Timing, 85)
	eqInt(t, "TotalSleep", c.TotalSleep, 80)
	if e := page.Data[1]; e.Score != nil || e.Contributors.TotalSleep != nil {
		t.Errorf("null score decoded as %v", deref(e.Score))
	}
}

func TestDecodeDailyActivity(t *testing.T) {
	page, err := oura.DecodeDailyActivityPage(readTestdata(t, "daily_activity.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Data) != 2 {
		t.Fatalf("got %d", len(page.Data))
	}
	a := page.Data[0]
	if a.ID != "da-2022-07-12" || a.Day.String() != "2022-07-12" || a.Timestamp.Format(time.RFC3339) != "2022-07-12T04:00:00-07:00" {
		t.Errorf("doc = %s %v %v", a.ID, a.Day, a.Timestamp)
	}
	eqInt(t, "Score", a.Score, 82)
	ints := []struct {
		name      string
		got, want int
	}{
		{"Steps", *a.Steps, 9860}, {"HighActivityTime", *a.HighActivityTime, 1200},
		{"MediumActivityTime", *a.MediumActivityTime, 1200}, {"LowActivityTime", *a.LowActivityTime, 4800},
		{"SedentaryTime", a.SedentaryTime, 50400}, {"RestingTime", a.RestingTime, 27000},
		{"NonWearTime", a.NonWearTime, 1800}, {"InactivityAlerts", a.InactivityAlerts, 0},
	}
	for _, c := range ints {
		if c.got != c.want {
			t.Errorf("%s = %d, want %d", c.name, c.got, c.want)
		}
	}
	floats := []struct {
		name      string
		got, want float64
	}{
		{"ActiveCalories", a.ActiveCalories, 445}, {"TotalCalories", *a.TotalCalories, 2591},
		{"EquivalentWalkingDistance", *a.EquivalentWalkingDistance, 8456}, {"MetersToTarget", a.MetersToTarget, -1544},
		{"TargetCalories", a.TargetCalories, 350}, {"TargetMeters", a.TargetMeters, 7000},
		{"AverageMETMinutes", a.AverageMETMinutes, 1.40625}, {"HighActivityMETMinutes", a.HighActivityMETMinutes, 150},
		{"MediumActivityMETMinutes", a.MediumActivityMETMinutes, 80}, {"LowActivityMETMinutes", a.LowActivityMETMinutes, 200},
		{"SedentaryMETMinutes", a.SedentaryMETMinutes, 12},
	}
	for _, c := range floats {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	eqInt(t, "MeetDailyTargets", a.Contributors.MeetDailyTargets, 43)
	eqInt(t, "MoveEveryHour", a.Contributors.MoveEveryHour, 100)
	eqInt(t, "TrainingFrequency", a.Contributors.TrainingFrequency, 71)
	if a.MET == nil || a.MET.Interval != 60 || len(a.MET.Items) != 1440 || a.Class5Min == nil || len(*a.Class5Min) != 288 {
		t.Fatalf("met/class_5_min not decoded")
	}

	dm := a.DayMoves()
	if dm != (wearnb.DayMoves{Provider: "oura", SourceID: "da-2022-07-12", Date: wearnb.MustDate("2022-07-12"),
		Steps: wearnb.Some(9860), DistanceM: wearnb.Some(8456.0), CaloriesKcal: wearnb.Some(2591.0), ActiveMinutes: wearnb.Some(120),
		UTCOffset: wearnb.Some(-7 * time.Hour)}) {
		t.Errorf("DayMoves = %+v", dm)
	}

	hours, err := a.Hours()
	if err != nil {
		t.Fatal(err)
	}
	if len(hours) != 24 {
		t.Fatalf("got %d hours, want 24", len(hours))
	}
	for i, h := range hours {
		want := mustTime(t, "2022-07-12T04:00:00-07:00").Add(time.Duration(i) * time.Hour)
		if !h.Start.Equal(want) || offsetOf(h.Start) != -7*time.Hour {
			t.Fatalf("hour %d starts %v, want %v", i, h.Start, want)
		}
		if total := h.NonWear + h.Rest + h.Inactive + h.Low + h.Medium + h.High; total != time.Hour {
			t.Errorf("hour %d classes sum to %v", i, total)
		}
	}
	if h := hours[0]; h.Rest != time.Hour || !approx(h.MeanMET, 0.9) || !approx(h.METMinutes, 54) || h.Active() != 0 {
		t.Errorf("04:00 hour = %+v", h)
	}
	h7 := hours[3] // 07:00: 4 slots each of low, medium, high
	if h7.Low != 20*time.Minute || h7.Medium != 20*time.Minute || h7.High != 20*time.Minute ||
		h7.Active() != time.Hour || !approx(h7.MeanMET, (2.5+4+7.5)/3) || !approx(h7.METMinutes, 20*(2.5+4+7.5)) {
		t.Errorf("07:00 hour = %+v", h7)
	}
	// Oura has no hourly steps, distance or energy: missing, not 0.
	if hm := h7.HourMoves(); hm != (wearnb.HourMoves{Provider: "oura", Start: h7.Start, ActiveSeconds: wearnb.Some(3600)}) {
		t.Errorf("07:00 HourMoves = %+v", hm)
	}
	h22 := hours[18] // 22:00: 30 min off the finger (MET null), 30 min rest
	if h22.Start.Hour() != 22 || h22.NonWear != 30*time.Minute || h22.Rest != 30*time.Minute ||
		!approx(h22.MeanMET, 0.9) || !approx(h22.METMinutes, 27) {
		t.Errorf("22:00 hour = %+v", h22)
	}
	if last := hours[23]; last.Start.Format("2006-01-02 15:04") != "2022-07-13 03:00" {
		t.Errorf("last hour starts %v", last.Start)
	}

	empty := page.Data[1]
	if h, err := empty.Hours(); err != nil || len(h) != 0 {
		t.Errorf("empty day Hours = %v, %v", h, err)
	}
	// The empty day sends 0 steps and 0 activity time: real zeros.
	if dm := empty.DayMoves(); dm.Steps != wearnb.Some(0) || dm.CaloriesKcal != wearnb.Some(1720.0) || dm.ActiveMinutes != wearnb.Some(0) || empty.Score != nil {
		t.Errorf("empty day DayMoves = %+v", dm)
	}
}

func TestDecodeHeartRate(t *testing.T) {
	p1, err := oura.DecodeHeartRatePage(readTestdata(t, "heartrate_page1.json"))
	if err != nil {
		t.Fatal(err)
	}
	p2, err := oura.DecodeHeartRatePage(readTestdata(t, "heartrate_page2.json"))
	if err != nil {
		t.Fatal(err)
	}
	if p1.NextToken == nil || *p1.NextToken != "aHItcGFnZS0y" || p2.NextToken != nil {
		t.Errorf("next tokens %v %v", deref(p1.NextToken), deref(p2.NextToken))
	}
	all := append(p1.Data, p2.Data...)
	want := []struct {
		bpm    int
		source string
		ts     string
	}{
		{58, "awake", "2021-11-01T00:00:00Z"}, {57, "awake", "2021-11-01T00:05:00Z"},
		{51, "sleep", "2021-11-01T03:00:00Z"}, {49, "rest", "2021-11-01T12:00:00Z"},
		{112, "workout", "2021-11-01T17:30:00Z"}, {74, "session", "2021-11-01T19:00:00Z"},
		{66, "live", "2021-11-01T21:12:27.123Z"},
	}
	if len(all) != len(want) {
		t.Fatalf("got %d readings", len(all))
	}
	for i, w := range want {
		g := all[i]
		if g.BPM == nil || *g.BPM != w.bpm || g.Source != w.source || !g.Timestamp.Equal(mustTime(t, w.ts)) || offsetOf(g.Timestamp.Time) != 0 {
			t.Errorf("reading %d = %+v, want %+v", i, g, w)
		}
	}
}

func TestEmptyPage(t *testing.T) {
	for _, body := range []string{`{"data":[],"next_token":null}`, `{"data":null}`} {
		p, err := oura.DecodeSleepPage([]byte(body))
		if err != nil {
			t.Fatalf("%s: %v", body, err)
		}
		if len(p.Data) != 0 || p.NextToken != nil {
			t.Errorf("page = %+v", p)
		}
		s, err := oura.NormalizeSleeps(p.Data)
		if err != nil || len(s) != 0 {
			t.Errorf("NormalizeSleeps(empty) = %v, %v", s, err)
		}
	}
}

// TestMalformed checks that bad payloads give a *fetch.DecodeError naming
// provider, endpoint and field, never a panic.
func TestMalformed(t *testing.T) {
	sleep := func(field string) string {
		return `{"data":[{"id":"x","day":"2022-07-12","type":"long_sleep","bedtime_start":"2022-07-12T01:00:00-07:00","bedtime_end":"2022-07-12T02:00:00-07:00",` + field + `}],"next_token":null}`
	}
	tests := []struct {
		name, endpoint, field, body string
		normalize                   bool
	}{
		{"not json", "sleep", "", `<html>oops</html>`, false},
		{"truncated", "sleep", "", `{"data":[{"id":"x"`, false},
		{"no data", "sleep", "data", `{"next_token":null}`, false},
		{"data not array", "sleep", "data", `{"data":{"id":1}}`, false},
		{"bad bedtime_start", "sleep", "data.bedtime_start", `{"data":[{"bedtime_start":"yesterday"}]}`, false},
		{"bedtime_start number", "sleep", "data.bedtime_start", `{"data":[{"bedtime_start":1657613114}]}`, false},
		{"bad day", "sleep", "data.day", `{"data":[{"day":"2022-13-01"}]}`, false},
		{"duration string", "sleep", "data.total_sleep_duration", `{"data":[{"total_sleep_duration":"long"}]}`, false},
		{"hr item string", "sleep", "data.heart_rate.items", `{"data":[{"heart_rate":{"interval":300,"items":["x"]}}]}`, false},
		{"bad phase", "sleep", "data.sleep_phase_5_min", sleep(`"sleep_phase_5_min":"12x4"`), true},
		{"no bedtime", "sleep", "data.bedtime_start", `{"data":[{"id":"x","type":"sleep","sleep_phase_5_min":"1"}]}`, true},
		{"no bedtime_end", "sleep", "data.bedtime_end", `{"data":[{"id":"x","type":"sleep","bedtime_start":"2022-07-12T01:00:00Z"}]}`, true},
		{"night of decades", "sleep", "data.bedtime_end", `{"data":[{"id":"x","type":"sleep","bedtime_start":"2000-07-12T01:00:00Z","bedtime_end":"2030-07-11T01:00:00Z"}]}`, true},
		{"negative duration", "sleep", "data.total_sleep_duration", sleep(`"total_sleep_duration":-5`), true},
		{"overflowing duration", "sleep", "data.deep_sleep_duration", sleep(`"deep_sleep_duration":9300000000`), true},
		{"phase string longer than a week", "sleep", "data.sleep_phase_5_min", sleep(`"sleep_phase_5_min":"` + strings.Repeat("12", 1009) + `"`), true},
		{"class string longer than a day", "daily_activity", "data.class_5_min", `{"data":[{"timestamp":"2022-07-12T04:00:00-07:00","class_5_min":"` + strings.Repeat("1", 313) + `"}]}`, true},
		{"met longer than a day", "daily_activity", "data.met", `{"data":[{"met":{"interval":3600,"timestamp":"2022-07-12T04:00:00-07:00","items":[` + strings.Repeat("1,", 26) + `1]}}]}`, true},
		{"bad bpm", "heartrate", "data.bpm", `{"data":[{"bpm":"fast"}]}`, false},
		{"bad class", "daily_activity", "data.class_5_min", `{"data":[{"timestamp":"2022-07-12T04:00:00-07:00","class_5_min":"12a"}]}`, true},
		{"met without timestamp", "daily_activity", "data.met", `{"data":[{"met":{"interval":60,"items":[1.0]}}]}`, true},
		{"bad score", "daily_sleep", "data.score", `{"data":[{"score":"good"}]}`, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			switch tc.endpoint {
			case "sleep":
				var p oura.Page[oura.SleepDoc]
				p, err = oura.DecodeSleepPage([]byte(tc.body))
				if err == nil && tc.normalize {
					_, err = oura.NormalizeSleeps(p.Data)
				}
			case "heartrate":
				_, err = oura.DecodeHeartRatePage([]byte(tc.body))
			case "daily_sleep":
				_, err = oura.DecodeDailySleepPage([]byte(tc.body))
			case "daily_activity":
				var p oura.Page[oura.DailyActivity]
				p, err = oura.DecodeDailyActivityPage([]byte(tc.body))
				if err == nil && tc.normalize {
					_, err = p.Data[0].Hours()
				}
			}
			var de *fetch.DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("err = %v (%T), want *fetch.DecodeError", err, err)
			}
			if de.Provider != "oura" || de.Endpoint != tc.endpoint || de.Field != tc.field {
				t.Errorf("DecodeError{%q, %q, %q}, want {oura, %q, %q}: %v", de.Provider, de.Endpoint, de.Field, tc.endpoint, tc.field, err)
			}
			if !strings.HasPrefix(err.Error(), "fetch: oura "+tc.endpoint+": decoding ") {
				t.Errorf("message %q", err)
			}
		})
	}
}

func TestParseError(t *testing.T) {
	tests := []struct {
		name, body, code, msg string
	}{
		{"rfc 7807", `{"status":401,"title":"Unauthorized","detail":"Token is expired"}`, "Unauthorized", "Token is expired"},
		{"rate limit", `{"status":429,"title":"Too Many Requests","detail":"Rate limit exceeded"}`, "Too Many Requests", "Rate limit exceeded"},
		{"validation list", `{"detail":[{"loc":["query","start_date"],"msg":"invalid date format","type":"value_error"}]}`, "", "query.start_date: invalid date format"},
		{"oauth", `{"error":"invalid_grant","error_description":"Token already used or revoked"}`, "invalid_grant", "Token already used or revoked"},
		{"text", `Internal Server Error`, "", "Internal Server Error"},
		{"empty", ``, "", ""},
		{"unknown json falls back to the body", `{"detail":42}`, "", `{"detail":42}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, msg := oura.ParseError(400, []byte(tc.body))
			if code != tc.code || msg != tc.msg {
				t.Errorf("ParseError = %q, %q; want %q, %q", code, msg, tc.code, tc.msg)
			}
		})
	}
}
