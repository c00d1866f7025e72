package metrics

import (
	"math"
	"testing"
	"time"

	"wearnb.dev/wearnb"
)

// Hand-computed fixtures: every expected value below is worked out in the
// comment next to it, from the definitions in the package documentation.

func near(t *testing.T, name string, got, want, tol float64) {
	t.Helper()
	if math.IsNaN(want) {
		if !math.IsNaN(got) {
			t.Errorf("%s = %v, want NaN", name, got)
		}
		return
	}
	if math.IsNaN(got) || math.Abs(got-want) > tol {
		t.Errorf("%s = %.9g, want %.9g (±%g)", name, got, want, tol)
	}
}

var (
	nyc    = mustLoc("America/New_York")
	berlin = mustLoc("Europe/Berlin")
)

func mustLoc(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

// at is a wall-clock time in loc.
func at(loc *time.Location, y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, loc)
}

// staged builds a sleep from consecutive stages of the given minutes,
// starting at start; InBed, the stage totals, Latency and Awake as the
// clients set them.
func staged(date string, main bool, start time.Time, stages ...any) wearnb.Sleep {
	s := wearnb.Sleep{Start: start, Date: wearnb.MustDate(date), IsMain: main}
	t := start
	for i := 0; i < len(stages); i += 2 {
		d := time.Duration(stages[i+1].(int)) * time.Minute
		s.Stages = append(s.Stages, wearnb.Stage{Start: t, Duration: d, Level: stages[i].(wearnb.StageLevel)})
		t = t.Add(d)
	}
	s.End = t
	s.InBed = wearnb.Some(s.End.Sub(s.Start))
	s.SumStages()
	return s
}

const (
	W = wearnb.StageWake
	L = wearnb.StageLight
	D = wearnb.StageDeep
	R = wearnb.StageREM
)

// nightA is a staged night in New York ending Wed 2024-01-10:
//
//	22:50 wake 20 | 23:10 light 110 | 01:00 wake 3 | 01:03 deep 57 |
//	02:00 REM 30 | 02:30 wake 10 | 02:40 light 230 | 06:30 wake 15 | 06:45 up
func nightA() wearnb.Sleep {
	return staged("2024-01-10", true, at(nyc, 2024, 1, 9, 22, 50),
		W, 20, L, 110, W, 3, D, 57, R, 30, W, 10, L, 230, W, 15)
}

func TestNightlyHandComputed(t *testing.T) {
	rows := Nightly(NightsFromSleeps([]wearnb.Sleep{nightA()}), Options{})
	if len(rows) != 1 {
		t.Fatalf("rows = %d", len(rows))
	}
	r := rows[0]
	// TIB = 22:50 → 06:45 = 70 + 405 = 475 min.
	near(t, "TIB", r.TIB, 475, 1e-9)
	// TST = light 110 + deep 57 + REM 30 + light 230 = 427 min.
	near(t, "TST", r.TST, 427, 1e-9)
	// SE = 100·427/475 = 89.894736842...
	near(t, "SE", r.SE, 100*427.0/475, 1e-9)
	// SOL = onset 23:10 − bed 22:50 = 20 min.
	near(t, "SOL", r.SOL, 20, 1e-9)
	// WASO = the wake bouts between onset and final awakening: 3 + 10 = 13
	// (the 15 min before rising are not WASO).
	near(t, "WASO", r.WASO, 13, 1e-9)
	// Awakenings ≥ 5 min: the 10-min bout only (the 3-min one is shorter).
	near(t, "Awakenings", r.Awakenings, 1, 0)
	// REM latency = first REM 02:00 − onset 23:10 = 170 min.
	near(t, "REMLatency", r.REMLatency, 170, 1e-9)
	// SPT = final awakening 06:30 − onset 23:10 = 440 min.
	near(t, "SPT", r.SPT, 440, 1e-9)
	// Clock: onset 23:10 = 1390, offset 06:30 = 390,
	// midsleep = 23:10 + 440/2 = 02:50 = 170.
	near(t, "OnsetClock", r.OnsetClock, 1390, 1e-9)
	near(t, "OffsetClock", r.OffsetClock, 390, 1e-9)
	near(t, "MidClock", r.MidClock, 170, 1e-9)
	if r.UTCOffsetMin != -300 || r.Free {
		t.Errorf("offset %d free %v, want -300 false (a Wednesday)", r.UTCOffsetMin, r.Free)
	}
	// Every bout counts with MinAwakening 1 min: 2.
	r1 := Nightly(NightsFromSleeps([]wearnb.Sleep{nightA()}), Options{MinAwakening: time.Minute})[0]
	near(t, "Awakenings≥1min", r1.Awakenings, 2, 0)
}

func TestNightlyDSTNights(t *testing.T) {
	// Spring forward: 23:00 EST Mar 9 asleep at once to 07:00 EDT Mar 10,
	// 7 h of instants (the clock skips 02:00-03:00).
	spring := staged("2024-03-10", true, at(nyc, 2024, 3, 9, 23, 0), L, 420)
	// Fall back: 23:00 EDT Nov 2 to 07:00 EST Nov 3, 9 h.
	fall := staged("2024-11-03", true, at(nyc, 2024, 11, 2, 23, 0), L, 540)
	rows := Nightly(NightsFromSleeps([]wearnb.Sleep{spring, fall}), Options{})
	// Spring: SPT 420; midsleep 23:00 EST + 210 min = 02:30 EST = 03:30 EDT
	// (the instant is past the 02:00 EST change) = 210 clock min; the
	// offset reads 07:00 = 420 on the EDT clock.
	near(t, "spring SPT", rows[0].SPT, 420, 1e-9)
	near(t, "spring MidClock", rows[0].MidClock, 210, 1e-9)
	near(t, "spring OffsetClock", rows[0].OffsetClock, 420, 1e-9)
	// Fall: SPT 540; midsleep 23:00 EDT + 270 min = 03:30 EDT = 02:30 EST
	// (past the 02:00 EDT change) = 150; offset 07:00 EST = 420.
	near(t, "fall SPT", rows[1].SPT, 540, 1e-9)
	near(t, "fall MidClock", rows[1].MidClock, 150, 1e-9)
	near(t, "fall OffsetClock", rows[1].OffsetClock, 420, 1e-9)
}

func TestCircularMeanEitherSideOfMidnight(t *testing.T) {
	// 23:00 = 1380 and 01:00 = 60: θ = ∓π/12, C = cos(π/12) = 0.96593,
	// S = 0 → mean atan2(0, C) = 0 = 00:00 (the arithmetic mean is 12:00).
	m, r := CircularMean([]float64{1380, 60})
	near(t, "mean", m, 0, 1e-9)
	near(t, "R", r, math.Cos(math.Pi/12), 1e-12)
	// SD = 1440/(2π)·√(−2 ln 0.96593) = 229.183·√0.069337 = 60.348 min,
	// near the population SD (60) of −60 and +60.
	near(t, "SD", CircularSD([]float64{1380, 60}), 1440/(2*math.Pi)*math.Sqrt(-2*math.Log(math.Cos(math.Pi/12))), 1e-9)
	near(t, "SD value", CircularSD([]float64{1380, 60}), 60.348, 1e-3)
	// 23:30, 00:00, 00:30 and NaN (a missing night): mean 00:00.
	m, _ = CircularMean([]float64{1410, 0, 30, math.NaN()})
	near(t, "mean 3", math.Min(m, Day-m), 0, 1e-9)
	// Opposite readings cancel: no mean.
	m, _ = CircularMean([]float64{0, 720})
	near(t, "cancel", m, math.NaN(), 0)
}

func TestPeriodTripAcrossZones(t *testing.T) {
	// Asleep 23:30-07:30 on the local clock two nights in New York and two in
	// Berlin (a trip east): the local onsets are all 23:30 = 1410, so the
	// circular mean is 23:30 and the circular SD 0, though the instants
	// moved by 6 h. Date 2024-06-12 has no sleep (a missing day).
	var ss []wearnb.Sleep
	for _, n := range []struct {
		loc  *time.Location
		date string
		day  int
	}{{nyc, "2024-06-10", 9}, {nyc, "2024-06-11", 10}, {berlin, "2024-06-14", 13}, {berlin, "2024-06-15", 14}} {
		ss = append(ss, staged(n.date, true, at(n.loc, 2024, 6, n.day, 23, 30), L, 480))
	}
	rows := Nightly(NightsFromSleeps(ss), Options{})
	p := Period(rows, wearnb.Range{From: wearnb.MustDate("2024-06-10"), To: wearnb.MustDate("2024-06-15")})
	if p.Nights != 4 {
		t.Fatalf("nights = %d, want 4 (one date missing)", p.Nights)
	}
	near(t, "onset mean", p.Onset.Mean, 1410, 1e-6)
	near(t, "onset csd", p.Onset.SD, 0, 1e-6)
	// Midsleep 23:30 + 240 min = 03:30 = 210 everywhere.
	near(t, "mid mean", p.Mid.Mean, 210, 1e-6)
	near(t, "TST mean", p.TST.Mean, 480, 1e-9)
	near(t, "TST sd", p.TST.SD, 0, 1e-9)
	if rows[0].UTCOffsetMin != -240 || rows[3].UTCOffsetMin != 120 {
		t.Errorf("offsets %d, %d; want -240 (EDT), 120 (CEST)", rows[0].UTCOffsetMin, rows[3].UTCOffsetMin)
	}
}

func TestNapIsNotAMainSleep(t *testing.T) {
	// A Saturday nap 14:00: wake 5, light 30, wake 5 → TST 30, SOL 5,
	// TIB 40, no wake bout between onset and final awakening.
	nap := staged("2024-01-13", false, at(nyc, 2024, 1, 13, 14, 0), W, 5, L, 30, W, 5)
	rows := Nightly(NightsFromSleeps([]wearnb.Sleep{nightA(), nap}), Options{})
	if len(rows) != 2 || rows[1].Main || !rows[1].Free {
		t.Fatalf("rows %+v", rows)
	}
	near(t, "nap TST", rows[1].TST, 30, 0)
	near(t, "nap SOL", rows[1].SOL, 5, 0)
	near(t, "nap WASO", rows[1].WASO, 0, 0)
	near(t, "nap REM latency", rows[1].REMLatency, math.NaN(), 0)
	// Period stats use main sleeps only.
	p := Period(rows, wearnb.Range{From: wearnb.MustDate("2024-01-10"), To: wearnb.MustDate("2024-01-13")})
	if p.Nights != 1 || p.TST.Mean != 427 {
		t.Errorf("period nights %d TST %v, want 1, 427", p.Nights, p.TST.Mean)
	}
	// Sleep debt over the 4 dates 01-10..01-13 (need 8 h = 480): 01-10 has
	// 427 → 53 short, 01-13 only the nap: 30 → 450 short. 2 of 4 dates
	// recorded (= N/2, enough): debt = 4 · (53 + 450)/2 = 1006 min.
	d := SleepDebt(rows, wearnb.MustDate("2024-01-13"), Options{DebtNights: 4})
	near(t, "debt", d.Debt, 1006, 1e-9)
	// Over 5 dates, 2 recorded < 5/2: NaN.
	near(t, "debt 5", SleepDebt(rows, wearnb.MustDate("2024-01-14"), Options{DebtNights: 5}).Debt, math.NaN(), 0)
}

func TestMissingInputsGiveNaN(t *testing.T) {
	// A provider night without stages: REM latency, WASO and awakenings are
	// unknown, the rest comes from the totals (onset = Start + Latency).
	s := wearnb.Sleep{Date: wearnb.MustDate("2024-01-10"), IsMain: true,
		Start: at(nyc, 2024, 1, 9, 23, 0), End: at(nyc, 2024, 1, 10, 7, 0),
		InBed: wearnb.Some(8 * time.Hour), Asleep: wearnb.Some(7 * time.Hour), Latency: wearnb.Some(15 * time.Minute)}
	r := Nightly(NightsFromSleeps([]wearnb.Sleep{s}), Options{})[0]
	near(t, "SOL", r.SOL, 15, 0)
	near(t, "SE", r.SE, 87.5, 1e-9)
	near(t, "WASO", r.WASO, math.NaN(), 0)
	near(t, "Awakenings", r.Awakenings, math.NaN(), 0)
	near(t, "REMLatency", r.REMLatency, math.NaN(), 0)
	// A hand-built night with unknown onset: SOL, SPT and the clock times
	// are NaN.
	r = Nightly([]Night{{Date: s.Date, Main: true, Bed: s.Start, TIB: 480, TST: nan, WASO: nan}}, Options{})[0]
	for name, v := range map[string]float64{"SE": r.SE, "SOL": r.SOL, "SPT": r.SPT, "mid": r.MidClock, "onset": r.OnsetClock} {
		near(t, name, v, math.NaN(), 0)
	}
}

func TestFlaggedLeftOut(t *testing.T) {
	bad := nightA()
	bad.Asleep = wearnb.Sum(bad.InBed, wearnb.Some(time.Minute))
	if Plausible(bad) == "" {
		t.Fatal("asleep > in bed not flagged")
	}
	if n := len(Nightly(NightsFromSleeps([]wearnb.Sleep{bad, nightA()}), Options{})); n != 1 {
		t.Errorf("rows = %d, want 1 (flagged left out)", n)
	}
	if n := len(Nightly(NightsFromSleeps([]wearnb.Sleep{bad, nightA()}), Options{IncludeFlagged: true})); n != 2 {
		t.Errorf("rows with IncludeFlagged = %d, want 2", n)
	}
}

// MCTQ worked examples from the mctq R package's reference documentation
// (Vartanian et al., mctq 0.3.2, rOpenSci; the @examples of msl(),
// sd_week(), msf_sc(), sloss_week() and sjl(), "# Expected" values).
func TestMCTQWorkedExamples(t *testing.T) {
	h := func(x float64) float64 { return 60 * x }
	hm := func(hh, mm, ss float64) float64 { return 60*hh + mm + ss/60 }
	// msl(): 23:30 + 8 h/2 = 03:30; 01:00 + 10 h/2 = 06:00;
	// 00:10 + 9.25 h/2 = 04:47:30; 01:15 + 5.45 h/2 = 03:58:30.
	near(t, "msl 1", MidSleep(hm(23, 30, 0), h(8)), hm(3, 30, 0), 1e-9)
	near(t, "msl 2", MidSleep(hm(1, 0, 0), h(10)), hm(6, 0, 0), 1e-9)
	near(t, "msl 3", MidSleep(hm(0, 10, 0), h(9.25)), hm(4, 47, 30), 1e-9)
	near(t, "msl 4", MidSleep(hm(1, 15, 0), h(5.45)), hm(3, 58, 30), 1e-9)
	// sd_week(): (4·5 + 8·2)/7 h = 18514.2857 s; (7, 7, 4) = 7 h;
	// (4.5, 8, 3) = 23400 s; (5.45, 7.3, 7) = 19620 s; (5.45, 9.5, 5) = 23785.7143 s.
	near(t, "sd_week 1", SDWeek(h(4), h(8), 5), 18514.2857142857/60, 1e-9)
	near(t, "sd_week 2", SDWeek(h(7), h(7), 4), h(7), 1e-9)
	near(t, "sd_week 3", SDWeek(h(4.5), h(8), 3), 23400.0/60, 1e-9)
	near(t, "sd_week 4", SDWeek(h(5.45), h(7.3), 7), 19620.0/60, 1e-9)
	near(t, "sd_week 5", SDWeek(h(5.45), h(9.5), 5), 23785.7142857143/60, 1e-9)
	// msf_sc(): 04:00 − (7 − 6.29)/2 h = 03:38:42; 01:00 − (9 − 6.75)/2 h =
	// 23:52:30 (across midnight); SD_f ≤ SD_w: MSF unchanged (03:45).
	near(t, "msf_sc 1", MSFsc(hm(4, 0, 0), h(6), h(7), h(6.29)), hm(3, 38, 42), 1e-9)
	near(t, "msf_sc 2", MSFsc(hm(1, 0, 0), h(5.5), h(9), h(6.75)), hm(23, 52, 30), 1e-9)
	near(t, "msf_sc 3", MSFsc(hm(3, 45, 0), h(9), h(5), h(8.5)), hm(3, 45, 0), 1e-9)
	// sloss_week(): (6.5, 7, 4) = 3085.71428571429 s; (7, 8, 5) =
	// 5142.85714285714 s; (4, 5, 3) = 6171.42857142858 s; (7, 6.5, 2) =
	// 2571.42857142857 s; (8, 8, 0) = 0; (5.8743, 7.4324, 6) = 4807.85142857144 s.
	near(t, "sloss 1", SleepLossWeek(h(6.5), h(7), 4), 3085.71428571429/60, 1e-9)
	near(t, "sloss 2", SleepLossWeek(h(7), h(8), 5), 5142.85714285714/60, 1e-9)
	near(t, "sloss 3", SleepLossWeek(h(4), h(5), 3), 6171.42857142858/60, 1e-9)
	near(t, "sloss 4", SleepLossWeek(h(7), h(6.5), 2), 2571.42857142857/60, 1e-9)
	near(t, "sloss 5", SleepLossWeek(h(8), h(8), 0), 0, 1e-9)
	near(t, "sloss 6", SleepLossWeek(h(5.8743), h(7.4324), 6), 4807.85142857144/60, 1e-9)
	// sjl() / sjl_rel() (method "shorter"): 03:30 → 05:00 = +1.5 h;
	// 04:30 → 23:30 = −5 h; 02:05 → 23:05 = −3 h; 04:05 → 04:05 = 0;
	// 19:15 → 02:30 = +7.25 h (26100 s).
	for _, c := range []struct{ msw, msf, want float64 }{
		{hm(3, 30, 0), hm(5, 0, 0), h(1.5)},
		{hm(4, 30, 0), hm(23, 30, 0), h(-5)},
		{hm(2, 5, 0), hm(23, 5, 0), h(-3)},
		{hm(4, 5, 0), hm(4, 5, 0), 0},
		{hm(19, 15, 0), hm(2, 30, 0), 26100.0 / 60},
	} {
		near(t, "sjl_rel", SocialJetlag(c.msw, c.msf), c.want, 1e-9)
	}
}

func TestChronotypeFromNights(t *testing.T) {
	// One week, 2024-01-08 (Mon) .. 01-14 (Sun). Workday nights (ending
	// Mon-Fri): onset 23:00, 7 h to the final awakening. Free nights
	// (ending Sat, Sun): onset 01:00, 9 h.
	var ss []wearnb.Sleep
	for i := 0; i < 7; i++ {
		d := wearnb.MustDate("2024-01-08").AddDays(i)
		start := at(nyc, d.Year, d.Month, d.Day, 0, 0).Add(-time.Hour) // 23:00 the evening before
		min := 420
		if Weekends(d) {
			start = start.Add(2 * time.Hour)
			min = 540
		}
		ss = append(ss, staged(d.String(), true, start, L, min))
	}
	r := wearnb.Range{From: wearnb.MustDate("2024-01-08"), To: wearnb.MustDate("2024-01-14")}
	m := ChronotypeMCTQ(Nightly(NightsFromSleeps(ss), Options{}), r, nil)
	// MSW = 23:00 + 7 h/2 = 02:30 = 150; MSF = 01:00 + 9 h/2 = 05:30 = 330.
	// SJL = 180 min. SDweek = (420·5 + 540·2)/7 = 3180/7 = 454.2857.
	// MSF_sc = 330 − (540 − 454.2857)/2 = 330 − 42.857 = 287.143 (04:47).
	// Sleep loss: SDweek > SDw → (454.2857 − 420)·5 = 171.4286 min/week.
	near(t, "WD", m.WD, 5, 1e-12)
	near(t, "MSW", m.MSW, 150, 1e-6)
	near(t, "MSF", m.MSF, 330, 1e-6)
	near(t, "SJL", m.SJL, 180, 1e-6)
	near(t, "SJLRel", m.SJLRel, 180, 1e-6)
	near(t, "SDweek", m.SDweek, 3180.0/7, 1e-9)
	near(t, "MSFsc", m.MSFsc, 330-(540-3180.0/7)/2, 1e-6)
	near(t, "SleepLossWk", m.SleepLossWk, (3180.0/7-420)*5, 1e-6)
	// A holiday on Wednesday 01-10 makes that night free: WD = 7 − 3 = 4,
	// and the Wednesday night (onset 23:00, 7 h) joins the free nights:
	// SOf = circular mean of 23:00, 01:00, 01:00.
	cal := WithFreeDays(Weekends, wearnb.MustDate("2024-01-10"))
	m = ChronotypeMCTQ(Nightly(NightsFromSleeps(ss), Options{Free: cal}), r, cal)
	near(t, "WD holiday", m.WD, 4, 1e-12)
	if m.FreeNights != 3 || m.WorkNights != 4 {
		t.Errorf("free %d work %d, want 3 and 4", m.FreeNights, m.WorkNights)
	}
	so, _ := CircularMean([]float64{1380, 60, 60})
	near(t, "SOf holiday", m.SOf, so, 1e-9)
	// A worked Saturday is a workday.
	if WithWorkdays(Weekends, wearnb.MustDate("2024-01-13"))(wearnb.MustDate("2024-01-13")) {
		t.Error("worked Saturday is free")
	}
}

// sleepAt makes a sleep of one light stage from start for n
// hours, ending on date.
func sleepAt(date string, start time.Time, hours int, main bool) wearnb.Sleep {
	return staged(date, main, start, L, hours*60)
}

func TestSRIHandComputed(t *testing.T) {
	utc := time.UTC
	day := func(d int, hh int) time.Time { return at(utc, 2024, 1, d, hh, 0) }
	// Four dates D1..D4 = Jan 1..4, hourly epochs (M = 24). Main sleeps:
	// D1 00-07, D2 00-07 plus a nap 14-15, D3 00-08, D4 01-07.
	ss := []wearnb.Sleep{
		sleepAt("2024-01-01", day(1, 0), 7, true),
		sleepAt("2024-01-02", day(2, 0), 7, true),
		sleepAt("2024-01-02", day(2, 14), 1, false),
		sleepAt("2024-01-03", day(3, 0), 8, true),
		sleepAt("2024-01-04", day(4, 1), 6, true),
	}
	r := wearnb.Range{From: wearnb.MustDate("2024-01-01"), To: wearnb.MustDate("2024-01-04")}
	g := SleepWakeFromSleeps(ss, r, time.Hour, false)
	// Pairs D1-D2: 24, mismatch at 14 (nap) → 23 match.
	// D2-D3: mismatches at 07 and 14 → 22. D3-D4: at 00 and 07 → 22.
	// SRI = −100 + 200·67/72 = 86.111...
	res := SRI(g, 3)
	if res.Pairs != 72 || res.Matches != 67 {
		t.Fatalf("pairs %d matches %d, want 72, 67", res.Pairs, res.Matches)
	}
	near(t, "SRI", res.SRI, -100+200*67.0/72, 1e-9)
	// Minimum data: 72 pairs are 3 days' worth; 7 are needed by default.
	near(t, "SRI min data", SRI(g, 7).SRI, math.NaN(), 0)

	// A missing day: D3's main sleep was not recorded. Its night window,
	// D2 18:00 → D3 12:00, is missing. D1-D2: hours 0-17, 17 match (14
	// differs); D2-D3: hours 12-17, 5 match (14 differs); D3-D4: hours
	// 12-23, 12 match. SRI = −100 + 200·34/36 = 88.888...
	g = SleepWakeFromSleeps(append(ss[:3:3], ss[4]), r, time.Hour, false)
	res = SRI(g, 1)
	if res.Pairs != 36 || res.Matches != 34 {
		t.Fatalf("missing day: pairs %d matches %d, want 36, 34", res.Pairs, res.Matches)
	}
	near(t, "SRI missing day", res.SRI, -100+200*34.0/36, 1e-9)
}

func TestSRIOnTheLocalClock(t *testing.T) {
	// Asleep 00:00-07:00 on the wall clock every night across both DST
	// changes and a trip to Berlin: the same local clock time compared on
	// consecutive dates matches everywhere, SRI = 100.
	for _, c := range []struct {
		name string
		locs []*time.Location
		from string
		// hours of each instant span (DST: 6 in spring, 8 in autumn)
	}{
		{"spring forward", []*time.Location{nyc, nyc, nyc}, "2024-03-09"},
		{"fall back", []*time.Location{nyc, nyc, nyc}, "2024-11-02"},
		{"trip east", []*time.Location{nyc, nyc, berlin, berlin}, "2024-06-10"},
	} {
		t.Run(c.name, func(t *testing.T) {
			first := wearnb.MustDate(c.from)
			var ss []wearnb.Sleep
			for i, loc := range c.locs {
				d := first.AddDays(i)
				start := at(loc, d.Year, d.Month, d.Day, 0, 0)
				end := at(loc, d.Year, d.Month, d.Day, 7, 0)
				s := staged(d.String(), true, start, L, int(end.Sub(start).Minutes()))
				ss = append(ss, s)
			}
			r := wearnb.Range{From: first, To: first.AddDays(len(c.locs) - 1)}
			g := SleepWakeFromSleeps(ss, r, time.Hour, false)
			res := SRI(g, 1)
			near(t, "SRI", res.SRI, 100, 1e-9)
			want := (len(c.locs) - 1) * 24
			if c.name == "spring forward" {
				// 02:00 does not exist on Mar 10: two pairs left out.
				want -= 2
				if g.State[24+2] != Missing {
					t.Errorf("02:00 on Mar 10 = %v, want Missing", g.State[26])
				}
			}
			if res.Pairs != want {
				t.Errorf("pairs = %d, want %d", res.Pairs, want)
			}
		})
	}
}

// hourly makes a Series of hourly values from 00:00 on 2024-01-01.
func hourly(v ...float64) Series {
	return Series{Start: at(time.UTC, 2024, 1, 1, 0, 0), Epoch: time.Hour, Values: v}
}

func fill(n int, x float64) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = x
	}
	return v
}

func TestRestActivityHandComputed(t *testing.T) {
	// Two days of hourly values: 10 every hour but 70 at 12:00 on day 1 and
	// at 13:00 on day 2. n = 48, x̄ = 600/48 = 12.5,
	// Σ(x−x̄)² = 46·2.5² + 2·57.5² = 6900. Profile: 10, but 40 at 12 and 13:
	// Σ_h(x̄_h−x̄)² = 22·2.5² + 2·27.5² = 1650.
	// IS = 48·1650/(24·6900) = 11/23 = 0.47826.
	// Successive differences: four of ±60 → ΣΔ² = 14400;
	// IV = 48·14400/(47·6900) = 2304/1081 = 2.13136.
	// L5 = 10 from 00:00; M10 = (8·10 + 2·40)/10 = 16 from 04:00 (the
	// earliest 10 h holding 12 and 13); RA = 6/26 = 0.23077.
	v := fill(48, 10)
	v[12], v[24+13] = 70, 70
	o := RhythmOptions{MinDays: 2}
	r := RestActivity(hourly(v...), o)
	near(t, "IS", r.IS, 11.0/23, 1e-12)
	near(t, "IV", r.IV, 2304.0/1081, 1e-12)
	near(t, "L5", r.L5, 10, 1e-12)
	near(t, "L5Start", r.L5Start, 0, 0)
	near(t, "M10", r.M10, 16, 1e-12)
	near(t, "M10Start", r.M10Start, 240, 0)
	near(t, "RA", r.RA, 6.0/26, 1e-12)
	near(t, "IS func", InterdailyStability(hourly(v...), o), 11.0/23, 1e-12)
	near(t, "IV func", IntradailyVariability(hourly(v...), o), 2304.0/1081, 1e-12)

	// The same with 00:00 on day 2 missing (not zero): n = 47,
	// x̄ = 590/47, Σ(x−x̄)² = 14300 − 590²/47 = 324000/47;
	// Σ_h(x̄_h−x̄)² = [22·120² + 2·1290²]/47² = 3645000/2209;
	// IS = 47·(3645000/2209)/(24·324000/47) = 3645000/7776000 = 0.46875.
	// Pairs: 23 on day 1 + 22 on day 2 (both touching the gap left out) = 45,
	// ΣΔ² = 14400: IV = (14400/45)/((324000/47)/47) = 706880/324000.
	v[24] = math.NaN()
	r = RestActivity(hourly(v...), o)
	near(t, "IS gap", r.IS, 0.46875, 1e-12)
	near(t, "IV gap", r.IV, 706880.0/324000, 1e-12)
	if r.Days != 2 {
		t.Errorf("days = %d, want 2", r.Days)
	}
	// Treating the gap as zero activity would give another IS.
	v0 := append([]float64(nil), v...)
	v0[24] = 0
	if got := RestActivity(hourly(v0...), o).IS; math.Abs(got-0.46875) < 1e-3 {
		t.Errorf("IS with a zero instead of a gap = %v: missing must not be zero", got)
	}

	// Minimum data: 2 days < the default 7 → NaN everywhere.
	r = RestActivity(hourly(v...), RhythmOptions{})
	near(t, "IS 7 days", r.IS, math.NaN(), 0)
	near(t, "RA 7 days", r.RA, math.NaN(), 0)
	// A day with only 15 of 24 hours is not valid (< 16 h).
	w := fill(48, 10)
	for i := 24; i < 33; i++ {
		w[i] = math.NaN()
	}
	if d := RestActivity(hourly(w...), o).Days; d != 1 {
		t.Errorf("valid days = %d, want 1 (15 h day dropped)", d)
	}
}

func TestRestActivityIdenticalDays(t *testing.T) {
	// Seven identical days: 0 at 00-05, 100 at 06-17, 50 at 18-23. The
	// profile is the data, so IS = 1. x̄ = 1500/24 = 62.5;
	// Σ(x−x̄)² = 7·(6·62.5² + 12·37.5² + 6·12.5²) = 7·41250 = 288750;
	// ΣΔ² = 7·(100² + 50²) + 6·50² (midnights) = 102500;
	// IV = 168·102500/(167·288750). L5 = 0 from 00:00, M10 = 100 from 06:00,
	// RA = 1.
	var v []float64
	for range 7 {
		v = append(v, fill(6, 0)...)
		v = append(v, fill(12, 100)...)
		v = append(v, fill(6, 50)...)
	}
	r := RestActivity(hourly(v...), RhythmOptions{})
	near(t, "IS", r.IS, 1, 1e-12)
	near(t, "IV", r.IV, 168*102500.0/(167*288750), 1e-12)
	near(t, "L5", r.L5, 0, 0)
	near(t, "M10", r.M10, 100, 0)
	near(t, "M10Start", r.M10Start, 360, 0)
	near(t, "RA", r.RA, 1, 0)
}

// What a record does not report is NaN (or an unknown time) in a Night,
// never 0: a stageless sleep without latency has no onset, one without
// Asleep no TST, and so no SE or SOL either.
func TestAdapterMissingIsNaN(t *testing.T) {
	bed := at(nyc, 2024, 1, 9, 23, 0)
	s := wearnb.Sleep{Date: wearnb.MustDate("2024-01-10"), IsMain: true, Start: bed, End: bed.Add(8 * time.Hour)}
	n := NightsFromSleeps([]wearnb.Sleep{s})[0]
	// Onset is unknown; the final awakening of a stageless sleep is still
	// its end.
	if !math.IsNaN(n.TIB) || !math.IsNaN(n.TST) || !n.Onset.IsZero() || !n.Wake.Equal(s.End) || n.Flag != "" {
		t.Errorf("night without values: %+v", n)
	}
	r := Nightly([]Night{n}, Options{})[0]
	for name, v := range map[string]float64{"TIB": r.TIB, "TST": r.TST, "SE": r.SE, "SOL": r.SOL, "WASO": r.WASO} {
		near(t, name, v, math.NaN(), 0)
	}
	// The grid: a stageless sleep without latency or time asleep says
	// the person was in bed, asleep or not: 00:00-07:00 of the date is
	// missing, neither sleep nor wake; after rising, wake.
	g := SleepWakeFromSleeps([]wearnb.Sleep{s}, wearnb.Range{From: s.Date, To: s.Date}, 30*time.Minute, false)
	for i, st := range g.State {
		want := Wake
		if i < 14 {
			want = Missing
		}
		if st != want {
			t.Fatalf("epoch %d (%02d:%02d) is %v, want %v", i, i/2, 30*(i%2), st, want)
		}
	}
	// With its latency reported, onset is Start + Latency.
	s.Latency, s.InBed = wearnb.Some(20*time.Minute), wearnb.Some(8*time.Hour)
	if n := NightsFromSleeps([]wearnb.Sleep{s})[0]; !n.Onset.Equal(bed.Add(20*time.Minute)) || n.TIB != 480 {
		t.Errorf("onset %v TIB %v", n.Onset, n.TIB)
	}
}

// A provider's flag leaves the sleep out (here Jawbone's "for 0m": no sleep
// at all, which the old checks of this package did not see).
func TestAdapterUsesSleepFlag(t *testing.T) {
	empty := nightA()
	empty.Date = wearnb.MustDate("2024-01-11")
	empty.Flag = wearnb.FlagNoSleep
	nights := NightsFromSleeps([]wearnb.Sleep{nightA(), empty})
	if nights[1].Flag != "no sleep at all" {
		t.Errorf("flag %q", nights[1].Flag)
	}
	if n := len(Nightly(nights, Options{})); n != 1 {
		t.Errorf("%d rows, want 1", n)
	}
}

// An hour that does not report steps (Oura's) is missing in the series,
// not 0.
func TestStepsFromHoursMissing(t *testing.T) {
	h0 := at(nyc, 2024, 1, 9, 0, 0)
	s := StepsFromHours([]wearnb.HourMoves{
		{Start: h0, Steps: wearnb.Some(0)},
		{Start: h0.Add(time.Hour), ActiveSeconds: wearnb.Some(600)},
		{Start: h0.Add(2 * time.Hour), Steps: wearnb.Some(120)},
	})
	if s.IsMissing(0) || s.Values[0] != 0 || !s.IsMissing(1) || s.IsMissing(2) || s.Values[2] != 120 {
		t.Errorf("values %v missing %v", s.Values[:3], s.Missing[:3])
	}
}
