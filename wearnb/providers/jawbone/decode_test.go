package jawbone_test

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/fetch"
	"wearnb.dev/wearnb/providers/jawbone"
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

func approx(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func utc(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// checkTiling fails unless stages tile [start, end) in order, merged.
func checkTiling(t *testing.T, st []wearnb.Stage, start, end time.Time) map[wearnb.StageLevel]time.Duration {
	t.Helper()
	sum := map[wearnb.StageLevel]time.Duration{}
	at := start
	for i, s := range st {
		if !s.Start.Equal(at) || s.Duration <= 0 {
			t.Fatalf("stage %d = %+v, want a positive stage at %v", i, s, at)
		}
		if i > 0 && st[i-1].Level == s.Level {
			t.Fatalf("stages %d and %d share level %s", i-1, i, s.Level)
		}
		sum[s.Level] += s.Duration
		at = s.End()
	}
	if len(st) > 0 && !at.Equal(end) {
		t.Fatalf("stages end at %v, want %v", at, end)
	}
	return sum
}

func TestDecodeMovesDocumented(t *testing.T) {
	env, err := jawbone.DecodeMovesPage(readTestdata(t, "moves_documented.json"))
	if err != nil {
		t.Fatal(err)
	}
	if m := env.Meta; m.Code != 200 || m.Message != "OK" || m.Time != 1439918078 || m.UserXID != "USERXID" || m.ErrorType != "" {
		t.Errorf("meta = %+v", m)
	}
	if env.Data.Links != nil || env.Data.Size != 1 || len(env.Data.Items) != 1 {
		t.Fatalf("data = %+v", env.Data)
	}
	m := env.Data.Items[0]
	if m.XID != "QkfTizSpRdsdNZPA9R8QASzqKUk1mod1" || m.Type != "move" || m.Title != "593 steps" ||
		m.Date.Date != wearnb.MustDate("2015-08-05") || m.TimeCreated != 1438747200 ||
		m.TimeUpdated != 1439867504 || m.TimeCompleted != 1438778520 {
		t.Errorf("item = %+v", m)
	}
	d := m.Details
	if d.Steps != oi(593) || d.Distance != on(468.0) || d.Km != on(0.468) || d.ActiveTime != oi(345) || d.InactiveTime != 32400 ||
		d.LongestActive != 336 || d.LongestIdle != 32400 || d.Calories != on(36.18) || d.BMR != on(1962.99) ||
		d.BMRDay != on(1962.99) || d.BGCalories != 28.31 {
		t.Errorf("details = %+v", d)
	}
	if d.TZ != (jawbone.Zone{Name: "America/Denver"}) || len(d.TZs) != 2 ||
		d.TZs[0] != (jawbone.TZChange{Time: 1438747200, Zone: jawbone.Zone{Name: "America/New_York"}}) ||
		d.TZs[1] != (jawbone.TZChange{Time: 1438778520, Zone: jawbone.Zone{Name: "America/Denver"}}) {
		t.Errorf("tz/tzs = %+v %+v", d.TZ, d.TZs)
	}
	h := d.HourlyTotals["2015080500"]
	if len(d.HourlyTotals) != 1 || h != (jawbone.HourTotal{Steps: oi(574), Distance: on(451.0), Calories: on(27.06), ActiveTime: oi(336),
		InactiveTime: 0, LongestActiveTime: 336, LongestIdleTime: 0}) {
		t.Errorf("hourly_totals = %+v", d.HourlyTotals)
	}

	dm := m.DayMoves()
	if dm.Provider != "jawbone" || dm.SourceID != m.XID || dm.Date != wearnb.MustDate("2015-08-05") || dm.Steps != wearnb.Some[int](593) ||
		dm.DistanceM != wearnb.Some[float64](468) || !approx(dm.CaloriesKcal.Or(math.NaN()), 36.18+1962.99) || dm.ActiveMinutes != wearnb.Some[int](6) || dm.UTCOffset != wearnb.Some(-4*time.Hour) {
		t.Errorf("DayMoves = %+v", dm)
	}
	hours, err := m.Hours()
	if err != nil {
		t.Fatal(err)
	}
	// The day starts in New York (the trip to Denver is later that day), so
	// hour 00 is midnight EDT.
	if len(hours) != 1 || !hours[0].Start.Equal(utc(t, "2015-08-05T04:00:00Z")) || offsetOf(hours[0].Start) != -4*time.Hour ||
		hours[0].Steps != wearnb.Some[int](574) || hours[0].DistanceM != wearnb.Some[float64](451) || !approx(hours[0].CaloriesKcal.Or(math.NaN()), 27.06+1962.99/24) ||
		hours[0].ActiveSeconds != wearnb.Some[int](336) || hours[0].Provider != "jawbone" {
		t.Errorf("Hours = %+v", hours)
	}
}

// seedMove is one row of the moves the seed notebook printed.
type seedMove struct {
	date                             string
	xid, title                       string
	created, completed               jawbone.Epoch
	activeTime, inactiveTime, longA  jawbone.Int
	steps3am                         jawbone.Int
	bmr, calories, distance, km, bgc jawbone.Num
	tzsAt                            jawbone.Epoch
}

func TestDecodeMovesSeed(t *testing.T) {
	env, err := jawbone.DecodeMovesPage(readTestdata(t, "moves_seed000.json"))
	if err != nil {
		t.Fatal(err)
	}
	want := []seedMove{
		{"2016-01-28", "1zcGUfR4KpO3U2cUJkgtty7GBbIbPKmv", "4,659 steps today", 1453957259, 1454021541, 3077, 27873, 432, 421, 1616.73715633, 316.789621046, 3385.09702301, 3.385097, 254.392588615, 1453957259},
		{"2016-01-27", "1zcGUfR4KpMvuN21ZQpfBWf4KqtiTWX_", "6,411 steps", 1453870878, 1453957196, 4338, 35798, 566, 525, 1664.11419, 435.082519, 4622.726089, 4.622726, 347.113333, 1453870813},
		{"2016-01-26", "VPXBDG6bvPkN_8WJC1BXF0W3AjZCcxW9", "7,889 steps", 1453786626, 1453869732, 5290, 34980, 814, 109, 1644.8262, 514.273609, 5383.87472, 5.383875, 406.997927, 1453784457},
		{"2016-01-25", "VPXBDG6bvPl94lylCQfhOf8ZKFCHBGM1", "6,808 steps", 1453698664, 1453783129, 4165, 35332, 694, 335, 1667.657642, 414.462748, 4616.0, 4.616, 330.0, 1453698030},
		{"2016-01-24", "VPXBDG6bvPmCMfdQf9yvRNSK8Vaptd_5", "4,977 steps", 1453612590, 1453697451, 2517, 37064, 439, 74, 1701.095683, 341.86835, 3486.613384, 3.486613, 290.825137, 1453611634},
		{"2016-01-23", "VPXBDG6bvPmx0qQRsU0mH3RXDZm-fPS-", "2,311 steps", 1453526469, 1453609099, 815, 38850, 188, 112, 1735.62953, 162.527874, 1499.0, 1.499, 146.0, 1453525261},
		{"2016-01-22", "VPXBDG6bvPl5hl8tDG4ZnBh4F_-XtoVw", "5,867 steps", 1453447194, 1453523858, 3331, 37023, 569, 48, 1684.62385, 397.55206, 4154.0, 4.154, 330.0, 1453438809},
		{"2016-01-21", "VPXBDG6bvPkpB-tsFzXRnKi75yFv9dbY", "5,052 steps", 1453355321, 1453436014, 2891, 38854, 1137, 164, 1693.564856, 313.629561, 3510.0, 3.51, 255.0, 1453352414},
		{"2016-01-20", "VPXBDG6bvPnGb8UFstK6VV3Q6_wBCs7i", "3,530 steps", 1453266099, 1453352290, 2031, 38463, 569, 323, 1711.023752, 223.824651, 2327.912889, 2.327913, 182.63548, 1453266034},
		{"2016-01-19", "VPXBDG6bvPkaH1dVylwZbq5_cD77Pwy7", "11,944 steps", 1453179765, 1453265907, 6812, 34249, 631, 270, 1614.080962, 800.725853, 8858.517321, 8.858517, 662.575385, 1453179638},
	}
	items := env.Data.Items
	if len(items) != len(want) || env.Data.Links != nil || env.Meta.Code != 0 {
		t.Fatalf("%d items, links %v, meta %+v", len(items), env.Data.Links, env.Meta)
	}
	for i, w := range want {
		m := items[i]
		d := m.Details
		bmrDay := w.bmr // item 0 was printed mid-day: bmr so far, bmr_day whole
		if i == 0 {
			bmrDay = 1689.66783661
		}
		if m.Date.String() != w.date || m.XID != w.xid || m.Title != w.title || m.Type != "move" ||
			m.TimeCreated != w.created || m.TimeCompleted != w.completed || m.TimeUpdated != 1454040003 {
			t.Errorf("item %d = %s %s %q %d %d", i, m.Date, m.XID, m.Title, m.TimeCreated, m.TimeCompleted)
		}
		if d.ActiveTime != oi(w.activeTime) || d.InactiveTime != w.inactiveTime || d.LongestActive != w.longA ||
			d.Steps3am != w.steps3am || d.BMR != on(w.bmr) || d.BMRDay != on(bmrDay) || d.Calories != on(w.calories) ||
			d.Distance != on(w.distance) || d.Km != on(w.km) || d.BGCalories != w.bgc {
			t.Errorf("item %d details = %+v", i, d)
		}
		if d.TZ.Name != "America/New_York" || len(d.TZs) != 1 || d.TZs[0].Time != w.tzsAt || d.TZs[0].Zone.Name != "America/New_York" ||
			d.Sunrise != 0 || d.Sunset != 0 || d.WoCount != 0 || d.WoCalories != 0 {
			t.Errorf("item %d zones/wo = %+v %+v", i, d.TZ, d.TZs)
		}
		// steps was among the columns pandas elided: absent, so missing
		// (longest_idle, which no normalizer reads, decodes as zero).
		if d.Steps.OK() || d.LongestIdle != 0 {
			t.Errorf("item %d: unprinted steps/longest_idle decoded as %v/%d", i, d.Steps, d.LongestIdle)
		}
		dm := m.DayMoves()
		if dm.Date.String() != w.date || dm.DistanceM != wearnb.Some[float64](float64(w.distance)) || !approx(dm.CaloriesKcal.Or(math.NaN()), float64(w.calories+bmrDay)) ||
			dm.ActiveMinutes != wearnb.Some(int(math.Round(float64(w.activeTime)/60))) || dm.UTCOffset != wearnb.Some(-5*time.Hour) ||
			dm.Steps != wearnb.Some(titleCount(w.title)) {
			t.Errorf("item %d DayMoves = %+v", i, dm)
		}
	}

	// Item 0's hourly totals: 00, 01 and 08 printed whole, 09 in part, 11
	// only its distance.
	hours, err := items[0].Hours()
	if err != nil {
		t.Fatal(err)
	}
	// A value the print cut off is missing: hour 09 has no steps, hour 11
	// only its distance.
	type hw struct {
		start  string
		steps  wearnb.Opt[int]
		dist   float64
		active wearnb.Opt[int]
		cal    wearnb.Opt[float64]
	}
	bmr24 := 1689.66783661 / 24
	some, none := wearnb.Some[int], wearnb.Opt[int]{}
	wantH := []hw{
		{"2016-01-28T05:00:00Z", some(160), 112, some(63), wearnb.Some(8 + bmr24)},
		{"2016-01-28T06:00:00Z", some(261), 171, some(250), wearnb.Some(15 + bmr24)},
		{"2016-01-28T13:00:00Z", some(100), 67, some(0), wearnb.Some(8 + bmr24)},
		{"2016-01-28T14:00:00Z", none, 1358, some(1195), wearnb.Some(91 + bmr24)},
		{"2016-01-28T16:00:00Z", none, 199.726089478, none, wearnb.Opt[float64]{}},
	}
	if len(hours) != len(wantH) {
		t.Fatalf("hours = %+v", hours)
	}
	for i, w := range wantH {
		h := hours[i]
		if !h.Start.Equal(utc(t, w.start)) || offsetOf(h.Start) != -5*time.Hour || h.Steps != w.steps ||
			h.DistanceM != wearnb.Some(w.dist) || h.ActiveSeconds != w.active || h.CaloriesKcal.OK() != w.cal.OK() ||
			!approx(h.CaloriesKcal.Or(0), w.cal.Or(0)) {
			t.Errorf("hour %d = %+v, want %+v", i, h, w)
		}
	}
	if h := items[0].Details.HourlyTotals["2016012801"]; h.LongestActiveTime != 187 || h.InactiveTime != 0 || h.LongestIdleTime != 0 {
		t.Errorf("hour 01 = %+v", h)
	}
}

func TestDecodeSleepsDocumented(t *testing.T) {
	env, err := jawbone.DecodeSleepsPage(readTestdata(t, "sleeps_documented.json"))
	if err != nil {
		t.Fatal(err)
	}
	if env.Data.Links == nil || env.Data.Links.Next != "/nudge/api/v.1.1/users/USERXID/sleeps?page_token=1435672010&limit=10" ||
		env.Data.Size != 2 || len(env.Data.Items) != 1 {
		t.Fatalf("data = %+v", env.Data)
	}
	s := env.Data.Items[0]
	if s.XID != "QkfTizSpRdvIs6MMJbKP6ulqeYwu5c2v" || s.Title != "for 7h 45m" || s.SubType != 0 ||
		s.Date.String() != "2015-08-04" || s.TimeCreated != 1438657500 || s.TimeUpdated != 1438690256 || s.TimeCompleted != 1438686900 {
		t.Errorf("item = %+v", s)
	}
	if s.Details != (jawbone.SleepDetails{Duration: oi(29400), Light: oi(14400), Sound: oi(13500), Awake: oi(1500), REM: oi(0), Awakenings: oi(2),
		AsleepTime: 1438657500, AwakeTime: 1438686900, Quality: 93, TZ: jawbone.Zone{Name: "America/New_York"}}) {
		t.Errorf("details = %+v", s.Details)
	}
	tk, err := jawbone.DecodeTicks(readTestdata(t, "ticks_documented.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(tk.Data.Items) != 10 || tk.Data.Items[0] != (jawbone.Tick{Depth: 2, Time: 1438657500}) || tk.Data.Size != 10 {
		t.Fatalf("ticks = %+v", tk.Data)
	}

	sl, err := s.Sleep(tk.Data.Items)
	if err != nil {
		t.Fatal(err)
	}
	if !sl.Start.Equal(utc(t, "2015-08-04T03:05:00Z")) || sl.Start.Format("2006-01-02 15:04 MST") != "2015-08-03 23:05 EDT" ||
		!sl.End.Equal(utc(t, "2015-08-04T11:15:00Z")) || sl.Date.String() != "2015-08-04" {
		t.Errorf("times = %v..%v %v", sl.Start, sl.End, sl.Date)
	}
	if sl.Provider != "jawbone" || sl.SourceID != s.XID || sl.InBed != wearnb.Some[time.Duration](29400*time.Second) || sl.Deep != wearnb.Some[time.Duration](13500*time.Second) ||
		sl.Light != wearnb.Some[time.Duration](14400*time.Second) || sl.REM != wearnb.Some[time.Duration](0) || sl.Asleep != wearnb.Some[time.Duration](7*time.Hour+45*time.Minute) || sl.Latency != wearnb.Some[time.Duration](0) ||
		sl.Awake != wearnb.Some[time.Duration](1500*time.Second) || sl.Awakenings != wearnb.Some[int](2) || !approx(sl.Efficiency.Or(math.NaN()), 100*27900.0/29400) || sl.IsMain {
		t.Errorf("Sleep = %+v", sl)
	}
	// 10 ticks, one repeating the depth before it: 9 stages.
	if len(sl.Stages) != 9 {
		t.Fatalf("got %d stages: %+v", len(sl.Stages), sl.Stages)
	}
	sum := checkTiling(t, sl.Stages, sl.Start, sl.End)
	if wearnb.Some(sum[wearnb.StageLight]) != sl.Light || wearnb.Some(sum[wearnb.StageDeep]) != sl.Deep || wearnb.Some(sum[wearnb.StageWake]) != sl.Awake {
		t.Errorf("stage totals %v", sum)
	}
	if sl.Stages[6].Level != wearnb.StageLight || sl.Stages[6].Duration != 4500*time.Second {
		t.Errorf("merged light stage = %+v", sl.Stages[6])
	}
}

// TestSleepSplitsTimeInBed checks the mapping onto InBed = Latency + Asleep +
// Awake on the documented item and the real ones of seed 000: duration =
// light + sound + rem + awake, and awake includes the latency (asleep_time −
// time_created), so Awake = awake − latency (real item 0: 1171 − 600 s).
func TestSleepSplitsTimeInBed(t *testing.T) {
	var items []jawbone.SleepItem
	for _, f := range []string{"sleeps_documented.json", "sleeps_seed000.json"} {
		env, err := jawbone.DecodeSleepsPage(readTestdata(t, f))
		if err != nil {
			t.Fatal(err)
		}
		items = append(items, env.Data.Items...)
	}
	sec := func(n jawbone.OptInt) time.Duration { return time.Duration(n.Or(0)) * time.Second }
	consistent := 0
	for _, it := range items {
		s, err := it.Sleep(nil)
		if err != nil {
			t.Fatal(err)
		}
		if s.Awake.OK() && wearnb.Sum(s.Latency, s.Asleep, s.Awake) != s.InBed {
			t.Errorf("%s: in bed %v, latency %v + asleep %v + awake %v", it.XID, s.InBed, s.Latency, s.Asleep, s.Awake)
		}
		d := it.Details
		if !d.Duration.OK() || d.Duration.Or(0) != d.Light.Or(-1)+d.Sound.Or(-1)+d.REM.Or(0)+d.Awake.Or(-1) {
			continue // cut off in the print
		}
		consistent++
		if s.Latency != wearnb.Some[time.Duration](time.Duration(d.AsleepTime-it.TimeCreated)*time.Second) || s.Awake != wearnb.Diff(wearnb.Some(sec(d.Awake)), s.Latency) {
			t.Errorf("%s: latency %v awake %v; details awake %v, asleep %v after lying down",
				it.XID, s.Latency, s.Awake, sec(d.Awake), time.Duration(d.AsleepTime-it.TimeCreated)*time.Second)
		}
	}
	if consistent < 3 {
		t.Errorf("only %d complete items", consistent)
	}
}

func TestDecodeSleepsSeed(t *testing.T) {
	env, err := jawbone.DecodeSleepsPage(readTestdata(t, "sleeps_seed000.json"))
	if err != nil {
		t.Fatal(err)
	}
	items := env.Data.Items
	if len(items) != 10 {
		t.Fatalf("%d items", len(items))
	}
	s0 := items[0]
	// "" in body, quality and smart_alarm_fire and null sunrise/sunset all
	// decode as zero.
	if s0.Details != (jawbone.SleepDetails{AsleepTime: 1453962674, Awake: oi(1171), AwakeTime: 1453987330, Awakenings: oi(1),
		Duration: oi(25256), Light: oi(12407), Sound: oi(11678), REM: oi(0), TZ: jawbone.Zone{Name: "America/New_York"}}) {
		t.Errorf("item 0 details = %+v", s0.Details)
	}
	if !s0.Shared || s0.SubType != 0 || s0.SnapshotImage != "/nudge/image/e/1453988115/1zcGUfR4KpPVnjNu7AXRxjCd4mG0SqYz/F3rPnz_fTUY.png" ||
		s0.Title != "for 6h 41m" || s0.TimeCreated != 1453962074 || s0.TimeUpdated != 1453988115 {
		t.Errorf("item 0 = %+v", s0)
	}
	wantSub := []jawbone.Int{0, 0, 0, 0, 0, 0, 0, 2, 0, 2}
	wantSound := []jawbone.Int{11678, 13580, 15347, 0, 18511, 16080, 16460, 10090, 0, 16470}
	for i, it := range items {
		if it.SubType != wantSub[i] || it.Details.Sound != oi(wantSound[i]) || !it.Shared {
			t.Errorf("item %v sub_type %v sound %v shared %v", i, it.SubType, it.Details.Sound, it.Shared)
		}
	}
	if items[3].Title != "for 0m" || items[3].SnapshotImage != "" || items[3].Date.String() != "2016-01-25" {
		t.Errorf("item 3 = %+v", items[3])
	}

	sleeps := make([]wearnb.Sleep, len(items))
	for i := range items {
		if sleeps[i], err = items[i].Sleep(nil); err != nil {
			t.Fatalf("item %d: %v", i, err)
		}
	}
	// Item 0: 01:21 to 08:22 EST; asleep 10 minutes after lying down; light
	// + sound = 6 h 41 m as the title says; awake 1171 s includes the 600 s
	// of latency.
	a := sleeps[0]
	if a.Start.Format("2006-01-02 15:04:05 -07:00") != "2016-01-28 01:21:14 -05:00" || a.End.Format("15:04:05") != "08:22:10" ||
		a.InBed != wearnb.Some[time.Duration](25256*time.Second) || a.Asleep != wearnb.Some[time.Duration](6*time.Hour+41*time.Minute+25*time.Second) || a.Latency != wearnb.Some[time.Duration](10*time.Minute) ||
		a.Awake != wearnb.Some[time.Duration](571*time.Second) || a.Deep != wearnb.Some[time.Duration](11678*time.Second) || a.Light != wearnb.Some[time.Duration](12407*time.Second) || a.Awakenings != wearnb.Some[int](1) ||
		a.Date.String() != "2016-01-28" || a.Stages != nil {
		t.Errorf("item 0 Sleep = %+v", a)
	}
	// Item 1's tz was cut off in the print: times fall back to UTC; its
	// light + sound is the 7 h 24 m of its title.
	b := sleeps[1]
	if offsetOf(b.Start) != 0 || b.Asleep != wearnb.Some[time.Duration](7*time.Hour+24*time.Minute+39*time.Second) || b.Latency != wearnb.Some[time.Duration](600*time.Second) ||
		b.Awake != wearnb.Some[time.Duration](544*time.Second) || b.InBed != wearnb.Some[time.Duration](27823*time.Second) {
		t.Errorf("item 1 Sleep = %+v", b)
	}
	// Items 7 and 8 share 2016-01-21: the 6 h 36 m night is the main sleep,
	// the 43-minute one before it is not, whatever their sub_type.
	jawbone.MarkMain(sleeps)
	if !sleeps[7].IsMain || sleeps[8].IsMain {
		t.Errorf("main of 2016-01-21: night %v, short %v", sleeps[7].IsMain, sleeps[8].IsMain)
	}
	for i, s := range sleeps {
		if i != 8 && i != 3 && !s.IsMain {
			t.Errorf("sleep %d (%v) is the only one of its date but not main", i, s.Date)
		}
	}
	// Item 3 is the seed's "for 0m": 6 h 21 min 40 s between lying down and
	// getting up, sound 0, no sleep at all by Jawbone's own title. It is
	// kept, flagged, and not the main sleep of 2016-01-25.
	if z := sleeps[3]; z.Flag != wearnb.FlagNoSleep || z.IsMain || z.Asleep != wearnb.Some(time.Duration(0)) ||
		z.InBed != wearnb.Some(6*time.Hour+21*time.Minute+40*time.Second) || z.Deep != wearnb.Some(time.Duration(0)) || z.Light.OK() {
		t.Errorf("for 0m: %+v", z)
	}
	// The items whose light was cut off in the print take their time
	// asleep from the title: item 2, "for 7h 40m".
	if c := sleeps[2]; c.Asleep != wearnb.Some(7*time.Hour+40*time.Minute) || c.Light.OK() || c.Flag != "" {
		t.Errorf("item 2: asleep %v light %v flag %q", c.Asleep, c.Light, c.Flag)
	}
}

func TestDecodeTrips(t *testing.T) {
	env, err := jawbone.DecodeMovesPage(readTestdata(t, "moves_trips.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(env.Data.Items) != 3 || env.Data.Links.Next != "/nudge/api/v.1.1/users/USERXID/moves?page_token=1439956800&limit=3" {
		t.Fatalf("data = %+v", env.Data)
	}
	sparse, east, west := env.Data.Items[0], env.Data.Items[1], env.Data.Items[2]

	if tz := west.Details.TZs[1]; tz.Time != 1439994003 || tz.Zone != (jawbone.Zone{Offset: -21600, Numeric: true}) || tz.Zone.String() != "-06:00" {
		t.Errorf("numeric tzs entry = %+v", tz)
	}
	tests := []struct {
		name  string
		item  jawbone.MoveItem
		want  []string // hour starts, RFC 3339 with the local offset
		steps []int
	}{
		// New York until 14:20:03Z, then UTC-6: hours ending before the
		// switch in the new zone stay in New York.
		{"west", west, []string{"2015-08-19T06:00:00-04:00", "2015-08-19T07:00:00-04:00", "2015-08-19T09:00:00-06:00", "2015-08-19T12:00:00-06:00", "2015-08-19T23:00:00-06:00"}, []int{100, 101, 102, 103, 104}},
		// New York until 12:00Z (14:00 in Paris): the morning in New York,
		// the afternoon in Paris.
		{"east", east, []string{"2015-08-21T05:00:00-04:00", "2015-08-21T07:00:00-04:00", "2015-08-21T14:00:00+02:00", "2015-08-21T20:00:00+02:00"}, []int{100, 101, 102, 103}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			hours, err := tc.item.Hours()
			if err != nil {
				t.Fatal(err)
			}
			if len(hours) != len(tc.want) {
				t.Fatalf("hours = %+v", hours)
			}
			for i, w := range tc.want {
				if got := hours[i].Start.Format(time.RFC3339); got != w || hours[i].Steps != wearnb.Some[int](tc.steps[i]) {
					t.Errorf("hour %v = %s (%v steps), want %s (%v)", i, got, hours[i].Steps, w, tc.steps[i])
				}
				if i > 0 && !hours[i-1].Start.Before(hours[i].Start) {
					t.Errorf("hours out of order at %d", i)
				}
			}
			if dm := tc.item.DayMoves(); dm.UTCOffset != wearnb.Some(-4*time.Hour) {
				t.Errorf("UTCOffset = %v, want the New York morning's -4h", dm.UTCOffset)
			}
		})
	}

	// The sparse item: "" and null numbers are missing (the steps then come
	// from the title, "0 steps"; the calories, "" active and a bmr, are
	// missing), distance falls back to km, no hourly_totals gives no hours,
	// the numeric tz gives the offset, the string date parses.
	if sparse.Date.String() != "2015-08-22" || sparse.TimeCreated != 0 || sparse.Details.Steps.OK() || sparse.Details.Distance.OK() ||
		sparse.Details.HourlyTotals != nil || sparse.Details.TZ != (jawbone.Zone{Offset: -21600, Numeric: true}) {
		t.Errorf("sparse = %+v", sparse)
	}
	dm := sparse.DayMoves()
	if dm.DistanceM != wearnb.Some[float64](250) || dm.CaloriesKcal.OK() || dm.Steps != wearnb.Some[int](0) || dm.ActiveMinutes.OK() || dm.UTCOffset != wearnb.Some(-6*time.Hour) ||
		dm.Date.String() != "2015-08-22" {
		t.Errorf("sparse DayMoves = %+v", dm)
	}
	if h, err := sparse.Hours(); err != nil || h != nil {
		t.Errorf("sparse Hours = %v, %v", h, err)
	}
}

func TestTolerantTypes(t *testing.T) {
	nums := []struct {
		in   string
		want float64
		ok   bool
	}{
		{`12.5`, 12.5, true}, {`"12.5"`, 12.5, true}, {`""`, 0, true}, {`" "`, 0, true}, {`null`, 0, true}, {`0`, 0, true},
		{`-3`, -3, true}, {`"abc"`, 0, false}, {`true`, 0, false}, {`{}`, 0, false}, {`[]`, 0, false}, {`"NaN"`, 0, false}, {`"Inf"`, 0, false},
	}
	for _, c := range nums {
		var n jawbone.Num
		err := json.Unmarshal([]byte(c.in), &n)
		if (err == nil) != c.ok || float64(n) != c.want {
			t.Errorf("Num %s = %v, %v", c.in, n, err)
		}
		var i jawbone.Int
		err = json.Unmarshal([]byte(c.in), &i)
		if (err == nil) != c.ok || float64(i) != math.Round(c.want) {
			t.Errorf("Int %s = %v, %v", c.in, i, err)
		}
	}
	flags := map[string]bool{`true`: true, `false`: false, `1`: true, `0`: false, `"true"`: true, `""`: false, `null`: false}
	for in, want := range flags {
		var f jawbone.Flag
		if err := json.Unmarshal([]byte(in), &f); err != nil || bool(f) != want {
			t.Errorf("Flag %s = %v, %v", in, f, err)
		}
	}
	dates := []struct {
		in, want string
		ok       bool
	}{
		{`20160128`, "2016-01-28", true}, {`"20160128"`, "2016-01-28", true}, {`0`, "0000-00-00", true}, {`""`, "0000-00-00", true},
		{`20160230`, "", false}, {`20161301`, "", false}, {`2016012`, "", false}, {`20160128.5`, "", false}, {`"x"`, "", false},
	}
	for _, c := range dates {
		var d jawbone.DateInt
		err := json.Unmarshal([]byte(c.in), &d)
		if (err == nil) != c.ok || (c.ok && d.String() != c.want) {
			t.Errorf("DateInt %s = %v, %v", c.in, d, err)
		}
	}
	zones := []struct {
		in   string
		want jawbone.Zone
		off  time.Duration // at 2015-08-19 12:00 UTC
		ok   bool
	}{
		{`"America/New_York"`, jawbone.Zone{Name: "America/New_York"}, -4 * time.Hour, true},
		{`-21600`, jawbone.Zone{Offset: -21600, Numeric: true}, -6 * time.Hour, true},
		{`"-21600"`, jawbone.Zone{Offset: -21600, Numeric: true}, -6 * time.Hour, true},
		{`19800`, jawbone.Zone{Offset: 19800, Numeric: true}, 5*time.Hour + 30*time.Minute, true},
		{`""`, jawbone.Zone{}, 0, true}, {`null`, jawbone.Zone{}, 0, true},
		{`"Mars/Olympus_Mons"`, jawbone.Zone{}, 0, false}, {`99999`, jawbone.Zone{}, 0, false},
		{`1.5`, jawbone.Zone{}, 0, false}, {`"Local"`, jawbone.Zone{}, 0, false}, {`{}`, jawbone.Zone{}, 0, false},
	}
	for _, c := range zones {
		var z jawbone.Zone
		err := json.Unmarshal([]byte(c.in), &z)
		if (err == nil) != c.ok || z != c.want {
			t.Errorf("Zone %s = %+v, %v", c.in, z, err)
			continue
		}
		if c.ok && !z.IsZero() {
			if off := offsetOf(utc(t, "2015-08-19T12:00:00Z").In(z.Location())); off != c.off {
				t.Errorf("Zone %s offset %v, want %v", c.in, off, c.off)
			}
			back, _ := json.Marshal(z)
			if strings.Trim(string(back), `"`) != strings.Trim(c.in, `"`) {
				t.Errorf("Zone %s marshals as %s", c.in, back)
			}
		}
	}
	if (jawbone.Zone{}).Location() != nil {
		t.Error("zero Zone has a location")
	}
}

func TestDecodeTZs(t *testing.T) {
	got, err := jawbone.DecodeTZs([]byte(`[[1438747200,"America/New_York"],[1439994003,-21600]]`))
	if err != nil || len(got) != 2 || got[0].Zone.Name != "America/New_York" || got[1].Zone.Offset != -21600 || got[1].Time != 1439994003 {
		t.Fatalf("DecodeTZs = %+v, %v", got, err)
	}
	if b, _ := json.Marshal(got); string(b) != `[[1438747200,"America/New_York"],[1439994003,-21600]]` {
		t.Errorf("marshal = %s", b)
	}
	for _, bad := range []string{`[[1]]`, `[[1,"UTC",3]]`, `[["x","UTC"]]`, `[[1,"Nowhere/City"]]`, `[[1,99999]]`, `{}`} {
		_, err := jawbone.DecodeTZs([]byte(bad))
		var de *fetch.DecodeError
		if !errors.As(err, &de) || de.Provider != "jawbone" || !strings.HasPrefix(de.Field, "details.tzs") {
			t.Errorf("DecodeTZs(%s) = %v", bad, err)
		}
	}
}

func TestStagesFromTicks(t *testing.T) {
	start := utc(t, "2016-01-28T06:00:00Z")
	end := start.Add(time.Hour)
	at := func(min int) jawbone.Epoch { return jawbone.Epoch(start.Unix() + int64(min)*60) }
	// Out of order, one tick before the start and one after the end.
	ticks := []jawbone.Tick{{Depth: 3, Time: at(20)}, {Depth: 1, Time: at(-5)}, {Depth: 2, Time: at(10)}, {Depth: 1, Time: at(70)}, {Depth: 2, Time: at(45)}}
	st, err := jawbone.Stages(ticks, start, end)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		from, mins int
		l          wearnb.StageLevel
	}{{0, 10, wearnb.StageWake}, {10, 10, wearnb.StageLight}, {20, 25, wearnb.StageDeep}, {45, 15, wearnb.StageLight}}
	if len(st) != len(want) {
		t.Fatalf("stages = %+v", st)
	}
	for i, w := range want {
		if !st[i].Start.Equal(start.Add(time.Duration(w.from)*time.Minute)) || st[i].Duration != time.Duration(w.mins)*time.Minute || st[i].Level != w.l {
			t.Errorf("stage %d = %+v, want %+v", i, st[i], w)
		}
	}
	if st, err := jawbone.Stages(nil, start, end); st != nil || err != nil {
		t.Errorf("no ticks: %v, %v", st, err)
	}
}

// TestMalformed checks that bad payloads give a *fetch.DecodeError naming
// provider, endpoint and field (or an APIError for an error envelope), never
// a panic.
func TestMalformed(t *testing.T) {
	tests := []struct {
		name, kind, endpoint, field, body string
	}{
		{"not json", "moves", "moves", "", `<html>502</html>`},
		{"truncated", "moves", "moves", "", `{"meta":{"code":200},"data":{"items":[{"xid":"a"`},
		{"no items", "moves", "moves", "data.items", `{"meta":{"code":200},"data":{}}`},
		{"bad date", "moves", "moves", "data.items.date", `{"data":{"items":[{"date":20151340}]}}`},
		{"steps object", "moves", "moves", "data.items.details.steps", `{"data":{"items":[{"details":{"steps":{}}}]}}`},
		{"tzs not pairs", "moves", "moves", "data.items.details.tzs", `{"data":{"items":[{"details":{"tzs":[[1]]}}]}}`},
		{"unknown zone", "moves", "moves", "data.items.details.tz", `{"data":{"items":[{"details":{"tz":"Atlantis/Capital"}}]}}`},
		{"hour key", "moves-hours", "moves", "details.hourly_totals", `{"data":{"items":[{"details":{"hourly_totals":{"2016-01-28":{"steps":1}}}}]}}`},
		{"hour 24", "moves-hours", "moves", "details.hourly_totals", `{"data":{"items":[{"details":{"hourly_totals":{"2016012824":{"steps":1}}}}]}}`},
		{"epoch string", "sleeps", "sleeps", "data.items.time_created", `{"data":{"items":[{"time_created":"yesterday"}]}}`},
		{"no start", "sleeps-normalize", "sleeps", "data.items.time_created", `{"data":{"items":[{"xid":"s","time_completed":1453987330}]}}`},
		// Ending before it starts is flagged (TestJawboneFlags); no start, no
		// end, or a negative total is no sleep at all.
		{"no time_created", "sleeps-normalize", "sleeps", "data.items.time_created", `{"data":{"items":[{"xid":"s","time_completed":1453900000}]}}`},
		{"no end", "sleeps-normalize", "sleeps", "data.items.time_completed", `{"data":{"items":[{"xid":"s","time_created":1453900000}]}}`},
		{"negative light", "sleeps-normalize", "sleeps", "data.items.details.light", `{"data":{"items":[{"xid":"s","time_created":1453900000,"time_completed":1453987330,"details":{"light":-3600}}]}}`},
		{"bad depth", "ticks", "ticks", "data.items.depth", `{"data":{"items":[{"depth":7,"time":1453962074}]}}`},
		{"depth string", "ticks", "ticks", "data.items.depth", `{"data":{"items":[{"depth":"deep"}]}}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			switch tc.kind {
			case "moves":
				_, err = jawbone.DecodeMovesPage([]byte(tc.body))
			case "moves-hours":
				var e jawbone.Envelope[jawbone.MoveItem]
				if e, err = jawbone.DecodeMovesPage([]byte(tc.body)); err == nil {
					_, err = e.Data.Items[0].Hours()
				}
			case "sleeps":
				_, err = jawbone.DecodeSleepsPage([]byte(tc.body))
			case "sleeps-normalize":
				var e jawbone.Envelope[jawbone.SleepItem]
				if e, err = jawbone.DecodeSleepsPage([]byte(tc.body)); err == nil {
					_, err = e.Data.Items[0].Sleep(nil)
				}
			case "ticks":
				var e jawbone.Envelope[jawbone.Tick]
				if e, err = jawbone.DecodeTicks([]byte(tc.body)); err == nil {
					_, err = jawbone.Stages(e.Data.Items, time.Unix(1453962000, 0), time.Unix(1453990000, 0))
				}
			}
			var de *fetch.DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("err = %v (%T), want *fetch.DecodeError", err, err)
			}
			if de.Provider != "jawbone" || de.Endpoint != tc.endpoint || de.Field != tc.field {
				t.Errorf("DecodeError{%q, %q, %q}, want {jawbone, %q, %q}: %v", de.Provider, de.Endpoint, de.Field, tc.endpoint, tc.field, err)
			}
		})
	}

	// An error reported in meta with a 200 status.
	_, err := jawbone.DecodeSleepsPage([]byte(`{"meta":{"code":401,"error_type":"authentication_error","error_detail":"Invalid token","message":"Unauthorized","time":1439918078},"data":{}}`))
	var ae *fetch.APIError
	if !errors.As(err, &ae) || ae.StatusCode != 401 || ae.Code != "authentication_error" || ae.Message != "Invalid token" ||
		ae.Provider != "jawbone" || ae.Endpoint != "sleeps" || !errors.Is(err, fetch.ErrUnauthorized) {
		t.Errorf("meta error = %v", err)
	}
}

func TestEmptyPage(t *testing.T) {
	env, err := jawbone.DecodeMovesPage([]byte(`{"meta":{"code":200,"message":"OK"},"data":{"items":[],"size":0}}`))
	if err != nil || len(env.Data.Items) != 0 || env.Data.Links != nil {
		t.Fatalf("empty page = %+v, %v", env, err)
	}
}

func TestParseError(t *testing.T) {
	tests := []struct {
		name, body, code, msg string
	}{
		{"envelope", `{"meta":{"code":401,"error_type":"authentication_error","error_detail":"Invalid, expired or revoked access token (revoked).","message":"Unauthorized"},"data":{}}`,
			"authentication_error", "Invalid, expired or revoked access token (revoked)."},
		{"message only", `{"meta":{"code":500,"message":"Internal Server Error"}}`, "", "Internal Server Error"},
		{"oauth", `{"error":"invalid_grant","error_description":"bad code"}`, "invalid_grant", "bad code"},
		{"html", `<html><body>Bad Gateway</body></html>`, "", ""},
		{"empty", ``, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, msg := jawbone.ParseError(400, []byte(tc.body))
			if code != tc.code || msg != tc.msg {
				t.Errorf("ParseError = %q, %q; want %q, %q", code, msg, tc.code, tc.msg)
			}
		})
	}
}

// A date whose night was not recorded has only a nap: it must not become the
// main sleep (found by the cross-provider test on 2025-10-13).
func TestMarkMainLoneNapIsNotMain(t *testing.T) {
	loc := time.FixedZone("EDT", -4*3600)
	nap := time.Date(2025, 10, 13, 13, 30, 30, 0, loc)
	night := time.Date(2025, 10, 13, 23, 10, 0, 0, loc)
	sleeps := []wearnb.Sleep{
		{Date: wearnb.MustDate("2025-10-13"), Start: nap, End: nap.Add(38 * time.Minute), InBed: wearnb.Some(38 * time.Minute), Asleep: wearnb.Some(35 * time.Minute)},
		{Date: wearnb.MustDate("2025-10-14"), Start: night, End: night.Add(8 * time.Hour), Asleep: wearnb.Some(7 * time.Hour)},
		{Date: wearnb.MustDate("2025-10-14"), Start: nap.Add(24 * time.Hour), End: nap.Add(25 * time.Hour), InBed: wearnb.Some(time.Hour), Asleep: wearnb.Some(50 * time.Minute)},
	}
	jawbone.MarkMain(sleeps)
	if sleeps[0].IsMain || !sleeps[1].IsMain || sleeps[2].IsMain {
		t.Errorf("IsMain = %v %v %v, want false true false", sleeps[0].IsMain, sleeps[1].IsMain, sleeps[2].IsMain)
	}
}

// oi is a sent integer of a Jawbone wire field.
func oi[T ~int | ~int64](v T) jawbone.OptInt { return jawbone.OptInt{Opt: wearnb.Some(int64(v))} }

// on is a sent number of a Jawbone wire field.
func on[T ~float64](v T) jawbone.OptNum { return jawbone.OptNum{Opt: wearnb.Some(float64(v))} }

// titleCount is the number of a move's title, "4,659 steps today".
func titleCount(title string) int {
	n, _ := strconv.Atoi(strings.ReplaceAll(strings.Fields(title)[0], ",", ""))
	return n
}
