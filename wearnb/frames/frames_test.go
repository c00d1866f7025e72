package frames

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"

	"wearnb.dev/wearnb"
)

// at parses an RFC 3339 time into a fixed zone, the way providers report.
func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	_, off := t.Zone()
	return t.In(time.FixedZone("", off))
}

// values returns column name of df as text: ints as %d, floats in the
// shortest form, "NaN" for missing values.
func values(t *testing.T, df dataframe.DataFrame, name string) []string {
	t.Helper()
	if !slices.Contains(df.Names(), name) {
		t.Fatalf("no column %q in %v", name, df.Names())
	}
	s := df.Col(name)
	out := make([]string, s.Len())
	for i := range out {
		e := s.Elem(i)
		switch {
		case e.IsNA():
			out[i] = "NaN"
		case s.Type() == series.Float:
			out[i] = strconv.FormatFloat(e.Float(), 'g', -1, 64)
		default:
			out[i] = e.String()
		}
	}
	return out
}

// checkColumns compares the listed columns of df with want.
func checkColumns(t *testing.T, df dataframe.DataFrame, want map[string][]string) {
	t.Helper()
	for _, name := range df.Names() {
		w, ok := want[name]
		if !ok {
			continue
		}
		if got := values(t, df, name); !slices.Equal(got, w) {
			t.Errorf("column %s = %q, want %q", name, got, w)
		}
	}
	for name := range want {
		if !slices.Contains(df.Names(), name) {
			t.Errorf("no column %s", name)
		}
	}
}

func typesOf(df dataframe.DataFrame) []string {
	var out []string
	for i, n := range df.Names() {
		out = append(out, n+":"+string(df.Types()[i]))
	}
	return out
}

var (
	sleepsCols = "provider:string source_id:string date:string start_local:string end_local:string utc_offset_min:int " +
		"start_unix:int end_unix:int in_bed_min:float asleep_min:float awake_min:float deep_min:float light_min:float " +
		"rem_min:float latency_min:float efficiency_pct:float awakenings:int is_main:bool flag:string"
	stagesCols = "provider:string source_id:string date:string seq:int level:string start_local:string end_local:string " +
		"utc_offset_min:int start_unix:int end_unix:int duration_min:float is_sleep:bool is_main:bool"
	movesCols = "provider:string source_id:string date:string utc_offset_min:int steps:int distance_m:float " +
		"calories_kcal:float active_min:int resting_hr_bpm:float"
	hoursCols = "provider:string date:string hour:int start_local:string utc_offset_min:int start_unix:int steps:int " +
		"distance_m:float calories_kcal:float active_s:int"
)

func TestEmptyInputFullSchema(t *testing.T) {
	for _, tc := range []struct {
		name string
		df   dataframe.DataFrame
		want string
	}{
		{"Sleeps", Sleeps(nil), sleepsCols},
		{"SleepStages", SleepStages([]wearnb.Sleep{{SourceID: "no stages"}}), stagesCols},
		{"Moves", Moves([]wearnb.DayMoves{}), movesCols},
		{"HourlyMoves", HourlyMoves(nil), hoursCols},
	} {
		t.Run(tc.name, func(t *testing.T) {
			df := tc.df
			if df.Err != nil {
				t.Fatal(df.Err)
			}
			if got := strings.Join(typesOf(df), " "); got != tc.want {
				t.Errorf("schema\n got %s\nwant %s", got, tc.want)
			}
			if df.Nrow() != 0 {
				t.Errorf("%d rows, want 0", df.Nrow())
			}
			// Helpers work on the empty frame and keep the schema.
			f, err := FilterDates(df, wearnb.MustDate("2024-01-01"), wearnb.MustDate("2024-12-31"))
			if err != nil || strings.Join(typesOf(f), " ") != tc.want {
				t.Errorf("FilterDates on empty: %v, %v", typesOf(f), err)
			}
			if s, err := SortByTime(df); err != nil || s.Ncol() != df.Ncol() {
				t.Errorf("SortByTime on empty: %v", err)
			}
			w, err := WeeklyMean(df, "utc_offset_min")
			if err != nil || w.Nrow() != 0 || strings.Join(typesOf(w), " ") != "week_start:string n:int utc_offset_min:float" {
				t.Errorf("WeeklyMean on empty: %v, %v", typesOf(w), err)
			}
			if r, err := RollingMeanDays(df, "utc_offset_min", 7); err != nil || r.Len() != 0 {
				t.Errorf("RollingMeanDays on empty: %v", err)
			}
		})
	}
}

// nights: a DST night in New York (clocks go forward at 02:00 on
// 2024-03-10), a nap without stages, and a night in India; given out of
// order.
func nights() []wearnb.Sleep {
	return []wearnb.Sleep{
		{Provider: "oura", SourceID: "in-1", Date: wearnb.MustDate("2024-03-12"),
			Start: at("2024-03-11T22:30:00+05:30"), End: at("2024-03-12T06:00:00+05:30"),
			InBed: mins(450), Asleep: mins(400), Awake: mins(50),
			Deep: mins(60), Light: mins(250), REM: mins(90), Latency: mins(0),
			Efficiency: wearnb.Some(88.9), Awakenings: wearnb.Some(2), IsMain: true},
		{Provider: "fitbit", SourceID: "nap-1", Date: wearnb.MustDate("2024-03-10"),
			Start: at("2024-03-10T14:00:00-04:00"), End: at("2024-03-10T14:40:30-04:00"),
			InBed: mins(40.5), Asleep: mins(35), Awake: mins(5.5),
			Efficiency: wearnb.Some(86.4)}, // no stages: no breakdown, latency or awakenings
		{Provider: "fitbit", SourceID: "26125187652", Date: wearnb.MustDate("2024-03-10"),
			Start: at("2024-03-09T23:30:00-05:00"), End: at("2024-03-10T08:00:00-04:00"),
			InBed: mins(450), Asleep: mins(420), Awake: mins(30),
			Deep: mins(70), Light: mins(260), REM: mins(90), Latency: mins(12.5),
			Efficiency: wearnb.Some(93.3), Awakenings: wearnb.Some(4), IsMain: true,
			Stages: []wearnb.Stage{
				{Start: at("2024-03-09T23:30:00-05:00"), Duration: 15 * time.Minute, Level: wearnb.StageWake},
				{Start: at("2024-03-09T23:45:00-05:00"), Duration: 135 * time.Minute, Level: wearnb.StageLight},
				{Start: at("2024-03-10T03:00:00-04:00"), Duration: 70*time.Minute + 30*time.Second, Level: wearnb.StageDeep},
			}},
	}
}

func TestSleeps(t *testing.T) {
	df := Sleeps(nights())
	if df.Err != nil {
		t.Fatal(df.Err)
	}
	if got := strings.Join(typesOf(df), " "); got != sleepsCols {
		t.Errorf("schema\n got %s\nwant %s", got, sleepsCols)
	}
	checkColumns(t, df, map[string][]string{
		"provider":       {"fitbit", "fitbit", "oura"},
		"source_id":      {"26125187652", "nap-1", "in-1"},
		"date":           {"2024-03-10", "2024-03-10", "2024-03-12"},
		"start_local":    {"2024-03-09T23:30:00", "2024-03-10T14:00:00", "2024-03-11T22:30:00"},
		"end_local":      {"2024-03-10T08:00:00", "2024-03-10T14:40:30", "2024-03-12T06:00:00"},
		"utc_offset_min": {"-300", "-240", "330"},
		"start_unix":     {"1710045000", "1710093600", "1710176400"},
		"end_unix":       {"1710072000", "1710096030", "1710203400"},
		"in_bed_min":     {"450", "40.5", "450"},
		"asleep_min":     {"420", "35", "400"},
		"awake_min":      {"30", "5.5", "50"},
		"deep_min":       {"70", "NaN", "60"},
		"light_min":      {"260", "NaN", "250"},
		"rem_min":        {"90", "NaN", "90"},
		"latency_min":    {"12.5", "NaN", "0"},
		"efficiency_pct": {"93.3", "86.4", "88.9"},
		"awakenings":     {"4", "NaN", "2"},
		"is_main":        {"true", "false", "true"},
		"flag":           {"", "", ""},
	})
	// The DST night: 8:00 EDT minus 23:30 EST is 7.5 hours, as in_bed_min says.
	if got := (1710072000 - 1710045000) / 60; got != 450 {
		t.Errorf("end_unix - start_unix = %d min", got)
	}
}

func TestSleepStages(t *testing.T) {
	df := SleepStages(nights())
	if df.Err != nil {
		t.Fatal(df.Err)
	}
	checkColumns(t, df, map[string][]string{
		"source_id":      {"26125187652", "26125187652", "26125187652"},
		"date":           {"2024-03-10", "2024-03-10", "2024-03-10"},
		"seq":            {"0", "1", "2"},
		"level":          {"wake", "light", "deep"},
		"start_local":    {"2024-03-09T23:30:00", "2024-03-09T23:45:00", "2024-03-10T03:00:00"},
		"end_local":      {"2024-03-09T23:45:00", "2024-03-10T02:00:00", "2024-03-10T04:10:30"},
		"utc_offset_min": {"-300", "-300", "-240"},
		"start_unix":     {"1710045000", "1710045900", "1710054000"},
		"end_unix":       {"1710045900", "1710054000", "1710058230"},
		"duration_min":   {"15", "135", "70.5"},
		"is_sleep":       {"false", "true", "true"},
		"is_main":        {"true", "true", "true"},
	})
}

func TestMoves(t *testing.T) {
	df := Moves([]wearnb.DayMoves{
		{Provider: "jawbone", SourceID: "1zcGUfR4", Date: wearnb.MustDate("2016-01-28"), Steps: wearnb.Some(4659),
			DistanceM: wearnb.Some(3385.097), CaloriesKcal: wearnb.Some(316.79), ActiveMinutes: wearnb.Some(51), UTCOffset: wearnb.Some(-5 * time.Hour)},
		// Reported: zero steps. Not reported: everything else.
		{Provider: "fitbit", Date: wearnb.MustDate("2016-01-27"), Steps: wearnb.Some(0), UTCOffset: wearnb.Some(5*time.Hour + 30*time.Minute)},
	})
	if df.Err != nil {
		t.Fatal(df.Err)
	}
	checkColumns(t, df, map[string][]string{
		"provider":       {"fitbit", "jawbone"},
		"source_id":      {"", "1zcGUfR4"},
		"date":           {"2016-01-27", "2016-01-28"},
		"utc_offset_min": {"330", "-300"},
		"steps":          {"0", "4659"},
		"distance_m":     {"NaN", "3385.097"},
		"calories_kcal":  {"NaN", "316.79"},
		"active_min":     {"NaN", "51"},
		"resting_hr_bpm": {"NaN", "NaN"},
	})
}

func TestHourlyMovesFallBack(t *testing.T) {
	// 2024-11-03 in New York: 01:00 happens twice (EDT, then EST).
	df := HourlyMoves([]wearnb.HourMoves{
		{Provider: "fitbit", Start: at("2024-11-03T02:00:00-05:00"), Steps: wearnb.Some(3)},
		{Provider: "fitbit", Start: at("2024-11-03T01:00:00-05:00"), Steps: wearnb.Some(2), CaloriesKcal: wearnb.Some(61.5), ActiveSeconds: wearnb.Some(120)},
		{Provider: "fitbit", Start: at("2024-11-03T01:00:00-04:00"), Steps: wearnb.Some(1), DistanceM: wearnb.Some(0.75), ActiveSeconds: wearnb.Some(0)},
		{Provider: "fitbit", Start: at("2024-11-03T00:00:00-04:00"), Steps: wearnb.Some(0)},
	})
	if df.Err != nil {
		t.Fatal(df.Err)
	}
	checkColumns(t, df, map[string][]string{
		"date":           {"2024-11-03", "2024-11-03", "2024-11-03", "2024-11-03"},
		"hour":           {"0", "1", "1", "2"},
		"start_local":    {"2024-11-03T00:00:00", "2024-11-03T01:00:00", "2024-11-03T01:00:00", "2024-11-03T02:00:00"},
		"utc_offset_min": {"-240", "-240", "-300", "-300"},
		"start_unix":     {"1730606400", "1730610000", "1730613600", "1730617200"},
		"steps":          {"0", "1", "2", "3"},
		"distance_m":     {"NaN", "0.75", "NaN", "NaN"},
		"calories_kcal":  {"NaN", "NaN", "61.5", "NaN"},
		"active_s":       {"NaN", "0", "120", "NaN"},
	})
	// Times gives the instants back in their local zones.
	ts, err := Times(df, "start_unix")
	if err != nil {
		t.Fatal(err)
	}
	if want := at("2024-11-03T01:00:00-05:00"); !ts[2].Equal(want) || ts[2].Format(time.RFC3339) != "2024-11-03T01:00:00-05:00" {
		t.Errorf("Times[2] = %v, want %v", ts[2], want)
	}
}

func TestInputNotModified(t *testing.T) {
	in := nights()
	before := in[0].SourceID
	if df := Sleeps(in); df.Err != nil {
		t.Fatal(df.Err)
	}
	if in[0].SourceID != before {
		t.Errorf("Sleeps reordered its input")
	}
}

// mins is n minutes, reported.
func mins(n float64) wearnb.Opt[time.Duration] {
	return wearnb.Some(time.Duration(n * float64(time.Minute)))
}

// A reported zero stays 0, a missing value is NaN (a NaN element in Int
// columns), never 0; a flagged sleep shows its flag.
func TestMissingIsNeverZero(t *testing.T) {
	bed := at("2016-01-24T02:19:08-05:00")
	df := Sleeps([]wearnb.Sleep{
		{Provider: "jawbone", SourceID: "for-0m", Start: bed, End: bed.Add(6 * time.Hour),
			InBed: mins(360), Asleep: mins(0), Deep: mins(0), Flag: wearnb.FlagNoSleep},
		{Provider: "oura", SourceID: "rest", Start: bed.Add(24 * time.Hour), End: bed.Add(25 * time.Hour), InBed: mins(60)},
	})
	checkColumns(t, df, map[string][]string{
		"in_bed_min": {"360", "60"}, "asleep_min": {"0", "NaN"}, "awake_min": {"NaN", "NaN"},
		"deep_min": {"0", "NaN"}, "light_min": {"NaN", "NaN"}, "latency_min": {"NaN", "NaN"},
		"efficiency_pct": {"NaN", "NaN"}, "awakenings": {"NaN", "NaN"}, "flag": {"no_sleep", ""},
	})
	for _, name := range []string{"awakenings"} {
		col := df.Col(name)
		for i := 0; i < col.Len(); i++ {
			if !col.Elem(i).IsNA() {
				t.Errorf("%s[%d] = %v, want a NaN element", name, i, col.Elem(i))
			}
		}
	}
	moves := Moves([]wearnb.DayMoves{{Date: wearnb.MustDate("2025-01-01"), Steps: wearnb.Some(0)}, {Date: wearnb.MustDate("2025-01-02")}})
	if s := moves.Col("steps"); s.Elem(0).IsNA() || s.Elem(1).Val() != nil || !s.Elem(1).IsNA() {
		t.Errorf("steps = %v, want 0 then a NaN element", s)
	}
	// Means skip missing values instead of counting them as 0.
	if w, err := WeeklyMean(moves, "steps"); err != nil || w.Col("steps").Float()[0] != 0 {
		t.Errorf("weekly mean of 0 and missing = %v, %v; want 0", w, err)
	}
}

func TestNaNHelpersSeeMissing(t *testing.T) {
	df := Sleeps(nights())
	v, err := numbers(df, "deep_min")
	if err != nil || !math.IsNaN(v[1]) || v[0] != 70 {
		t.Errorf("numbers(deep_min) = %v, %v", v, err)
	}
}
