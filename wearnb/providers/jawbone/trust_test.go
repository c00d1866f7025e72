package jawbone_test

import (
	"strconv"
	"testing"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/internal/trustcheck"
	"wearnb.dev/wearnb/providers/jawbone"
)

func seedSleeps(t *testing.T) []wearnb.Sleep {
	t.Helper()
	env, err := jawbone.DecodeSleepsPage(readTestdata(t, "sleeps_seed000.json"))
	if err != nil {
		t.Fatal(err)
	}
	var out []wearnb.Sleep
	for i := range env.Data.Items {
		s, err := env.Data.Items[i].Sleep(nil)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	jawbone.MarkMain(out)
	return out
}

// What the payload does not carry is missing in the record, NULL in the
// cache and NaN in the frame. Fixtures: the real sleeps and moves of the original Jawbone
// notebook (seeds/000, testdata/README.md: the print cut fields off, and
// Jawbone wrote "" where it had no value), and the sparse constructed move
// of moves_trips.json.
func TestJawboneMissingStaysMissing(t *testing.T) {
	sleeps := seedSleeps(t)
	// Item 1 has no rem (and no asleep_time cut): REM is missing, time
	// asleep is light + sound as Jawbone's title says.
	if s := sleeps[1]; s.REM.OK() || s.Asleep != wearnb.Some(7*time.Hour+24*time.Minute+39*time.Second) {
		t.Errorf("item 1: %s", trustcheck.Describe(s))
	}
	// Items 2..9 have only body and sound: no light, no latency, no
	// awakenings, no awake; the time asleep of the title.
	for _, s := range sleeps[2:] {
		if s.Light.OK() || s.Latency.OK() || s.Awake.OK() || s.Awakenings.OK() || !s.Deep.OK() || !s.Asleep.OK() {
			t.Errorf("%s (%v): %s", s.SourceID, s.Date, trustcheck.Describe(s))
		}
	}
	trustcheck.Frames(t, sleeps, nil, nil)
	trustcheck.Cache(t, sleeps, nil, nil)

	var days []wearnb.DayMoves
	var hours []wearnb.HourMoves
	for _, f := range []string{"moves_seed000.json", "moves_trips.json"} {
		env, err := jawbone.DecodeMovesPage(readTestdata(t, f))
		if err != nil {
			t.Fatal(err)
		}
		for i := range env.Data.Items {
			days = append(days, env.Data.Items[i].DayMoves())
			h, err := env.Data.Items[i].Hours()
			if err != nil {
				t.Fatal(err)
			}
			hours = append(hours, h...)
		}
	}
	// The sparse move: "" steps, active time and calories.
	sparse := days[10]
	if sparse.Date != wearnb.MustDate("2015-08-22") || sparse.ActiveMinutes.OK() || sparse.CaloriesKcal.OK() || sparse.RestingHR.OK() ||
		sparse.DistanceM != wearnb.Some(250.0) {
		t.Errorf("sparse move: %+v", sparse)
	}
	trustcheck.Frames(t, nil, days, hours)
	trustcheck.Cache(t, nil, days, hours)
}

// Jawbone's flags are wearnb.Sleep.Check's, fed by its totals and its
// title; MarkMain never picks a flagged sleep.
func TestJawboneFlags(t *testing.T) {
	// The seed's "for 0m" (2016-01-25): kept, flagged no sleep, not main,
	// and its date has no main sleep.
	sleeps := seedSleeps(t)
	zero := sleeps[3]
	if zero.Flag != wearnb.FlagNoSleep || zero.IsMain || zero.Date != wearnb.MustDate("2016-01-25") {
		t.Errorf("for 0m: flag %q main %v date %v", zero.Flag, zero.IsMain, zero.Date)
	}
	if n := len(wearnb.Sleeps(sleeps).In(wearnb.Range{From: zero.Date, To: zero.Date}).Main()); n != 0 {
		t.Errorf("2016-01-25 has %d main sleeps", n)
	}
	if n := len(wearnb.Sleeps(sleeps).Flagged()); n != 1 {
		t.Errorf("%d flagged sleeps in the seed, want 1 (for 0m)", n)
	}

	item := func(created, completed int64, title string, details string) wearnb.Sleep {
		t.Helper()
		body := `{"data":{"items":[{"xid":"x","title":"` + title + `","date":20150804,"time_created":` + strconv.FormatInt(created, 10) +
			`,"time_completed":` + strconv.FormatInt(completed, 10) + `,"details":{` + details + `}}]}}`
		env, err := jawbone.DecodeSleepsPage([]byte(body))
		if err != nil {
			t.Fatal(err)
		}
		s, err := env.Data.Items[0].Sleep(nil)
		if err != nil {
			t.Fatal(err)
		}
		ss := []wearnb.Sleep{s}
		jawbone.MarkMain(ss)
		return ss[0]
	}
	const bed = 1438657500 // the documented item's time_created
	for _, tc := range []struct {
		name string
		s    wearnb.Sleep
		want wearnb.Flag
	}{
		{"the documented night", item(bed, bed+29400, "for 7h 45m", `"duration":29400,"light":14400,"sound":13500,"awake":1500,"rem":0`), ""},
		{"every stage 0", item(bed, bed+29400, "for 0m", `"duration":29400,"light":0,"sound":0,"awake":29400,"rem":0`), wearnb.FlagNoSleep},
		{"zero length", item(bed, bed, "for 0m", `"duration":0`), wearnb.FlagZeroLength},
		{"ends before it starts", item(bed, bed-3600, "for 7h 45m", ``), wearnb.FlagEndsBeforeStart},
		{"30 hours", item(bed, bed+30*3600, "for 7h 45m", ``), wearnb.FlagTooLong},
	} {
		if tc.s.Flag != tc.want || tc.s.IsMain != (tc.want == "") {
			t.Errorf("%s: flag %q main %v, want %q", tc.name, tc.s.Flag, tc.s.IsMain, tc.want)
		}
	}
}
