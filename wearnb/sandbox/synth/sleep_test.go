package synth

import (
	"sort"
	"testing"
	"time"

	"wearnb.dev/wearnb"
)

func TestDeterminism(t *testing.T) {
	t.Parallel()
	r := wearnb.Range{From: wearnb.MustDate("2023-01-01"), To: wearnb.MustDate("2023-12-31")}
	a, b := New(Config{Seed: 7}), New(Config{Seed: 7})
	if sleepsKey(a.Sleeps(r)) != sleepsKey(b.Sleeps(r)) {
		t.Error("same seed, different sleeps")
	}
	if hoursKey(a.Hours(r)) != hoursKey(b.Hours(r)) {
		t.Error("same seed, different hours")
	}
	if daysKey(a.Days(r)) != daysKey(b.Days(r)) {
		t.Error("same seed, different days")
	}
	// Asking again (from the memo) gives the same answer.
	if sleepsKey(a.Sleeps(r)) != sleepsKey(b.Sleeps(r)) {
		t.Error("memoized sleeps differ")
	}
	c := New(Config{Seed: 8})
	if sleepsKey(a.Sleeps(r)) == sleepsKey(c.Sleeps(r)) {
		t.Error("seeds 7 and 8 give the same sleeps")
	}
	if daysKey(a.Days(r)) == daysKey(c.Days(r)) {
		t.Error("seeds 7 and 8 give the same days")
	}
	// Night by night most must differ, not just one.
	sa, sc := a.Sleeps(r), c.Sleeps(r)
	same := 0
	for i := 0; i < min(len(sa), len(sc)); i++ {
		if sa[i].Start.Equal(sc[i].Start) && sa[i].End.Equal(sc[i].End) {
			same++
		}
	}
	if same > len(sa)/10 {
		t.Errorf("%d of %d nights identical across seeds", same, len(sa))
	}
}

func TestSubRangeEqualsSlice(t *testing.T) {
	t.Parallel()
	big := wearnb.Range{From: wearnb.MustDate("2022-01-01"), To: wearnb.MustDate("2023-06-30")}
	subs := []wearnb.Range{
		{From: wearnb.MustDate("2022-03-10"), To: wearnb.MustDate("2022-03-20")}, // DST
		{From: wearnb.MustDate("2022-06-01"), To: wearnb.MustDate("2022-09-30")}, // summer trip
		{From: wearnb.MustDate("2022-11-06"), To: wearnb.MustDate("2022-11-06")}, // one day, fall back
		{From: wearnb.MustDate("2023-06-30"), To: wearnb.MustDate("2023-06-30")},
	}
	whole := New(Config{Seed: 3})
	allSleeps := whole.Sleeps(big)
	allHours := whole.Hours(big)
	allDays := whole.Days(big)
	for _, sub := range subs {
		// A fresh person, so nothing comes from the memo of the big range.
		part := New(Config{Seed: 3})
		var wantS []wearnb.Sleep
		for _, s := range allSleeps {
			if sub.Contains(s.Date) {
				wantS = append(wantS, s)
			}
		}
		var wantH []wearnb.HourMoves
		for _, h := range allHours {
			if sub.Contains(part.LocalDate(h.Start)) {
				wantH = append(wantH, h)
			}
		}
		var wantD []wearnb.DayMoves
		for _, d := range allDays {
			if sub.Contains(d.Date) {
				wantD = append(wantD, d)
			}
		}
		if len(wantS) == 0 || len(wantD) == 0 {
			t.Fatalf("%v: nothing to compare", sub)
		}
		if sleepsKey(part.Sleeps(sub)) != sleepsKey(wantS) {
			t.Errorf("%v: sleeps differ from the big range's", sub)
		}
		if hoursKey(part.Hours(sub)) != hoursKey(wantH) {
			t.Errorf("%v: hours differ from the big range's", sub)
		}
		if daysKey(part.Days(sub)) != daysKey(wantD) {
			t.Errorf("%v: days differ from the big range's", sub)
		}
	}
}

func TestStageInvariants(t *testing.T) {
	t.Parallel()
	for _, pop := range populations() {
		ss := pop.p.Sleeps(pop.r)
		if len(ss) < pop.r.Days()*9/10 {
			t.Errorf("%s: only %d sleeps in %d days", pop.name, len(ss), pop.r.Days())
		}
		mains := map[wearnb.Date]int{}
		for i, s := range ss {
			if !checkSleep(t, pop.p, s) {
				return
			}
			if !pop.r.Contains(s.Date) {
				t.Errorf("%s: sleep of %v outside %v", pop.name, s.Date, pop.r)
			}
			if s.IsMain {
				mains[s.Date]++
			}
			if i > 0 && !ss[i-1].End.Before(s.Start) {
				t.Errorf("%s: sleeps overlap or are out of order: %s..%s then %s", pop.name,
					tf(ss[i-1].Start), tf(ss[i-1].End), tf(s.Start))
			}
		}
		for d, n := range mains {
			if n != 1 {
				t.Errorf("%s: %d main sleeps on %v", pop.name, n, d)
			}
		}
	}
}

func TestSleepStatistics(t *testing.T) {
	t.Parallel()
	for _, pop := range populations() {
		t.Run(pop.name, func(t *testing.T) {
			ss := pop.p.Sleeps(pop.r)
			var n int
			var inBed, asleep, deep, light, rem, awake time.Duration
			var latShort int
			var lats []time.Duration
			var midWk, midWe []float64
			var perNightOK int
			for _, s := range ss {
				if !s.IsMain {
					continue
				}
				n++
				inBed += val(s.InBed)
				asleep += val(s.Asleep)
				deep += val(s.Deep)
				light += val(s.Light)
				rem += val(s.REM)
				awake += val(s.Awake) + val(s.Latency) // all wake stages: the hypnogram's wake share
				lats = append(lats, val(s.Latency))
				if val(s.Latency) < 30*time.Minute {
					latShort++
				}
				m := clockMinutes(midsleep(s))
				if isWeekend(s.Date) {
					midWe = append(midWe, m)
				} else {
					midWk = append(midWk, m)
				}
				f := func(x time.Duration) float64 { return 100 * float64(x) / float64(val(s.InBed)) }
				if f(val(s.Deep)) >= 8 && f(val(s.Deep)) <= 30 && f(val(s.REM)) >= 10 && f(val(s.REM)) <= 32 &&
					f(val(s.Light)) >= 40 && f(val(s.Light)) <= 70 && f(val(s.Awake)+val(s.Latency)) >= 2 && f(val(s.Awake)+val(s.Latency)) <= 25 {
					perNightOK++
				}
			}
			meanAsleep := asleep / time.Duration(n)
			t.Logf("%d nights: asleep %v; of time in bed deep %.1f%% rem %.1f%% light %.1f%% wake %.1f%%; latency<30 %.1f%%; midsleep weekday %.0f weekend %.0f min",
				n, meanAsleep.Round(time.Minute), 100*float64(deep)/float64(inBed), 100*float64(rem)/float64(inBed),
				100*float64(light)/float64(inBed), 100*float64(awake)/float64(inBed), 100*float64(latShort)/float64(n),
				circularMean(midWk), circularMean(midWe))
			if meanAsleep < 6*time.Hour+30*time.Minute || meanAsleep > 8*time.Hour {
				t.Errorf("mean main-sleep Asleep %v, want 6.5-8 h", meanAsleep)
			}
			pct := func(x time.Duration) float64 { return 100 * float64(x) / float64(inBed) }
			for _, c := range []struct {
				name   string
				v      float64
				lo, hi float64
			}{
				{"deep", pct(deep), 13, 23},
				{"rem", pct(rem), 18, 25},
				{"light", pct(light), 50, 60},
				{"wake", pct(awake), 5, 12},
			} {
				if c.v < c.lo || c.v > c.hi {
					t.Errorf("%s %.1f %% of time in bed, want %v-%v %%", c.name, c.v, c.lo, c.hi)
				}
			}
			if f := float64(perNightOK) / float64(n); f < 0.9 {
				t.Errorf("only %.0f %% of nights have plausible stage shares", 100*f)
			}
			if f := float64(latShort) / float64(n); f < 0.9 {
				t.Errorf("latency < 30 min on %.1f %% of nights, want >= 90 %%", 100*f)
			}
			sort.Slice(lats, func(i, j int) bool { return lats[i] < lats[j] })
			if med := lats[len(lats)/2]; med < 3*time.Minute || med > 20*time.Minute {
				t.Errorf("median latency %v, want 3-20 min", med)
			}
			shift := circularDiff(circularMean(midWe), circularMean(midWk))
			if shift < 45 || shift > 150 {
				t.Errorf("weekend midsleep later than weekday by %.0f min, want 45-150", shift)
			}
			if mw := circularMean(midWk); mw < 2*60 || mw > 4*60 {
				t.Errorf("weekday midsleep at %.0f min after midnight, want 02:00-04:00", mw)
			}
		})
	}
}

func TestNapsAndMissingNights(t *testing.T) {
	t.Parallel()
	for _, pop := range populations() {
		t.Run(pop.name, func(t *testing.T) {
			ss := pop.p.Sleeps(pop.r)
			naps := map[wearnb.Date]wearnb.Sleep{}
			mains := map[wearnb.Date]bool{}
			for _, s := range ss {
				if s.IsMain {
					mains[s.Date] = true
					continue
				}
				if _, dup := naps[s.Date]; dup {
					t.Errorf("two naps on %v", s.Date)
				}
				naps[s.Date] = s
				if val(s.InBed) < 20*time.Minute || val(s.InBed) > 90*time.Minute {
					t.Errorf("nap on %v lasts %v, want 20-90 min", s.Date, val(s.InBed))
				}
				if h := s.Start.Hour(); h < 13 || h > 16 {
					t.Errorf("nap on %v starts at %s", s.Date, s.Start.Format("15:04"))
				}
				if val(s.Light) < val(s.Asleep)/2 {
					t.Errorf("nap on %v: light %v of asleep %v, want mostly light", s.Date, val(s.Light), val(s.Asleep))
				}
			}
			var we, wk, weNap, wkNap, missing int
			for _, d := range dates(pop.r) {
				_, nap := naps[d]
				if isWeekend(d) {
					we++
					if nap {
						weNap++
					}
				} else {
					wk++
					if nap {
						wkNap++
					}
				}
				if !mains[d] {
					missing++
				}
			}
			t.Logf("naps: %d/%d weekend days, %d/%d weekdays; %d/%d nights missing", weNap, we, wkNap, wk, missing, pop.r.Days())
			if f := float64(weNap) / float64(we); f < 0.07 || f > 0.18 {
				t.Errorf("naps on %.1f %% of weekend days, want 7-18 %%", 100*f)
			}
			if f := float64(wkNap) / float64(wk); f < 0.01 || f > 0.06 {
				t.Errorf("naps on %.1f %% of weekdays, want 1-6 %%", 100*f)
			}
			if f := float64(missing) / float64(pop.r.Days()); f < 0.01 || f > 0.06 {
				t.Errorf("no main sleep on %.1f %% of nights, want 1-6 %%", 100*f)
			}
		})
	}
}

func TestSleepsOutsideBounds(t *testing.T) {
	t.Parallel()
	p := New(Config{Seed: 1, First: wearnb.MustDate("2024-01-10"), Last: wearnb.MustDate("2024-01-20")})
	r := wearnb.Range{From: wearnb.MustDate("2024-01-01"), To: wearnb.MustDate("2024-01-31")}
	for _, s := range p.Sleeps(r) {
		if !p.Bounds().Contains(s.Date) {
			t.Errorf("sleep on %v outside bounds %v", s.Date, p.Bounds())
		}
	}
	for _, d := range p.Days(r) {
		if !p.Bounds().Contains(d.Date) {
			t.Errorf("moves on %v outside bounds %v", d.Date, p.Bounds())
		}
	}
	if got := p.Minutes(wearnb.MustDate("2024-01-09")); got != nil {
		t.Errorf("Minutes before First: %d values", len(got))
	}
	late := wearnb.Range{From: wearnb.MustDate("2025-01-01"), To: wearnb.MustDate("2025-01-31")}
	if len(p.Sleeps(late))+len(p.Hours(late))+len(p.Days(late)) != 0 {
		t.Error("data after Last")
	}
	if got := len(p.Sleeps(r)); got < 9 {
		t.Errorf("%d sleeps in 11 days of bounds", got)
	}
}

func TestConfigValidate(t *testing.T) {
	t.Parallel()
	if err := (Config{Home: "Mars/Olympus_Mons"}).Validate(); err == nil {
		t.Error("unknown zone accepted")
	}
	if err := (Config{First: wearnb.MustDate("2024-02-01"), Last: wearnb.MustDate("2024-01-01")}).Validate(); err == nil {
		t.Error("Last before First accepted")
	}
	if err := (Config{}).Validate(); err != nil {
		t.Errorf("zero config: %v", err)
	}
	c := Default().Config()
	if c.Home != DefaultHome || c.First != DefaultFirst || c.Last != DefaultLast || c.Seed != 1 {
		t.Errorf("Default config %+v", c)
	}
	defer func() {
		if recover() == nil {
			t.Error("New with a bad zone did not panic")
		}
	}()
	New(Config{Home: "Nowhere/Special"})
}

// Concurrent callers share the memo safely (run with -race).
func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	p := New(Config{Seed: 9})
	r := wearnb.Range{From: wearnb.MustDate("2024-01-01"), To: wearnb.MustDate("2024-03-31")}
	want := sleepsKey(New(Config{Seed: 9}).Sleeps(r))
	done := make(chan string)
	for i := range 4 {
		go func() {
			if i%2 == 0 {
				p.Days(r)
				from, _ := p.DaySpan(r.From)
				p.HeartRate(from, from.Add(48*time.Hour), time.Minute)
			}
			done <- sleepsKey(p.Sleeps(r))
		}()
	}
	for range 4 {
		if got := <-done; got != want {
			t.Error("concurrent Sleeps differ")
		}
	}
}

// Every sleep and day of the default person's whole span (nearly seven
// years, 14 trips, 14 DST changes) keeps the structural invariants.
func TestFullDefaultSpan(t *testing.T) {
	if testing.Short() {
		t.Skip("whole span")
	}
	t.Parallel()
	p := Default()
	ss := p.Sleeps(p.Bounds())
	for i, s := range ss {
		if !checkSleep(t, p, s) {
			return
		}
		if i > 0 && !ss[i-1].End.Before(s.Start) {
			t.Fatalf("sleeps overlap: %s..%s then %s", tf(ss[i-1].Start), tf(ss[i-1].End), tf(s.Start))
		}
	}
	if ss[0].Date != DefaultFirst || ss[len(ss)-1].Date != DefaultLast {
		t.Errorf("sleeps from %v to %v, want %v..%v", ss[0].Date, ss[len(ss)-1].Date, DefaultFirst, DefaultLast)
	}
	days := p.Days(p.Bounds())
	hours := p.Hours(p.Bounds())
	steps := 0
	for _, h := range hours {
		steps += val(h.Steps)
	}
	for _, d := range days {
		steps -= val(d.Steps)
	}
	if steps != 0 || len(days) < p.Bounds().Days()*95/100 {
		t.Errorf("%d days of %d; hours and days differ by %d steps", len(days), p.Bounds().Days(), steps)
	}
}
