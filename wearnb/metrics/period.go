package metrics

import (
	"math"
	"slices"

	"wearnb.dev/wearnb"
)

func sortDates(ds []wearnb.Date) {
	slices.SortFunc(ds, func(a, b wearnb.Date) int { return a.Sub(b) })
}

// Stat is the mean and SD of one measure over a period, and how many nights
// had it.
type Stat struct {
	Mean, SD float64
	N        int
}

func statOf(v []float64) Stat {
	m, n := mean(v)
	return Stat{Mean: m, SD: sd(v), N: n}
}

// ClockStat is the circular mean and circular SD of a clock time over a
// period, in minutes ([CircularMean], [CircularSD]).
type ClockStat struct {
	Mean, SD float64
	N        int
}

func clockStatOf(v []float64) ClockStat {
	m, _ := CircularMean(v)
	_, n := mean(v)
	return ClockStat{Mean: m, SD: CircularSD(v), N: n}
}

// PeriodStats summarises the main sleeps of a period (naps are left out):
// arithmetic mean and sample SD of the durations, circular mean and SD of
// the clock times.
type PeriodStats struct {
	From, To wearnb.Date
	Nights   int // main sleeps in the period

	TIB, TST, SE, SOL, WASO, SPT, Awakenings Stat
	Onset, Mid, Offset                       ClockStat
}

// Period summarises the main sleeps of rows whose Date lies in r.
func Period(rows []NightRow, r wearnb.Range) PeriodStats {
	var in []NightRow
	for _, x := range mainByDate(rows) {
		if r.Contains(x.Date) {
			in = append(in, x)
		}
	}
	return periodOf(in, r)
}

func periodOf(in []NightRow, r wearnb.Range) PeriodStats {
	col := func(f func(NightRow) float64) []float64 {
		v := make([]float64, len(in))
		for i, x := range in {
			v[i] = f(x)
		}
		return v
	}
	return PeriodStats{
		From: r.From, To: r.To, Nights: len(in),
		TIB:        statOf(col(func(x NightRow) float64 { return x.TIB })),
		TST:        statOf(col(func(x NightRow) float64 { return x.TST })),
		SE:         statOf(col(func(x NightRow) float64 { return x.SE })),
		SOL:        statOf(col(func(x NightRow) float64 { return x.SOL })),
		WASO:       statOf(col(func(x NightRow) float64 { return x.WASO })),
		SPT:        statOf(col(func(x NightRow) float64 { return x.SPT })),
		Awakenings: statOf(col(func(x NightRow) float64 { return x.Awakenings })),
		Onset:      clockStatOf(col(func(x NightRow) float64 { return x.OnsetClock })),
		Mid:        clockStatOf(col(func(x NightRow) float64 { return x.MidClock })),
		Offset:     clockStatOf(col(func(x NightRow) float64 { return x.OffsetClock })),
	}
}

// Rolling returns the PeriodStats of the trailing window of `window` days
// ending on each date of r, one per date (window 7: weekly; 28: four
// weeks). A window's stats are over the main sleeps whose Date lies in it.
func Rolling(rows []NightRow, r wearnb.Range, window int) []PeriodStats {
	ms := mainByDate(rows)
	var out []PeriodStats
	lo := 0
	for d := r.From; !d.After(r.To); d = d.AddDays(1) {
		w := wearnb.Range{From: d.AddDays(1 - window), To: d}
		for lo < len(ms) && ms[lo].Date.Before(w.From) {
			lo++
		}
		hi := lo
		for hi < len(ms) && !ms[hi].Date.After(d) {
			hi++
		}
		out = append(out, periodOf(ms[lo:hi], w))
	}
	return out
}

// MCTQ holds the Munich ChronoType Questionnaire measures computed from
// recorded nights instead of answers (Roenneberg et al. 2003, J Biol Rhythms
// 18:80; 2012, Curr Biol 22:939; the mctq R package documents each formula).
// Clock times are minutes after local midnight, durations minutes.
//
// Inputs, from the main sleeps of the period: SO (sleep onset) is the
// circular mean of the nights' onsets, SD (sleep duration) the mean of their
// sleep periods, onset to final awakening (MCTQ's SD = SE − SO, not TST),
// split into workday (w) and free-day (f) nights by the Calendar. WD and FD
// are workdays and free days per week: 7 × the share of each among the
// dates of the period (5 and 2 for Weekends).
type MCTQ struct {
	WorkNights, FreeNights int
	WD, FD                 float64

	SOw, SOf float64 // sleep onset, clock
	SDw, SDf float64 // sleep duration, minutes
	SDweek   float64 // (SDw·WD + SDf·FD)/7

	MSW, MSF, MSFsc float64 // mid-sleep on workdays, free days; chronotype

	SJL         float64 // social jetlag |MSF − MSW|, minutes
	SJLRel      float64 // relative (signed) social jetlag MSF − MSW, minutes
	SleepLossWk float64 // weekly sleep loss, minutes per week
}

// MidSleep returns MCTQ's local time of mid-sleep, SO + SD/2, in clock
// minutes (mctq::msl).
func MidSleep(so, sdur float64) float64 { return wrap(so + sdur/2) }

// SDWeek returns MCTQ's average weekly sleep duration (SDw·WD + SDf·FD)/7
// with FD = 7 − WD (mctq::sd_week).
func SDWeek(sdw, sdf, wd float64) float64 { return (sdw*wd + sdf*(7-wd)) / 7 }

// MSFsc returns MCTQ's chronotype, the mid-sleep on free days corrected for
// the sleep debt accumulated over the workweek (mctq::msf_sc):
//
//	MSF_sc = MSF − (SDf − SDweek)/2  when SDf > SDw, else MSF.
func MSFsc(msf, sdw, sdf, sdweek float64) float64 {
	if math.IsNaN(msf) || math.IsNaN(sdw) || math.IsNaN(sdf) || math.IsNaN(sdweek) {
		return nan
	}
	if sdf <= sdw {
		return msf
	}
	return wrap(msf - (sdf-sdweek)/2)
}

// SocialJetlag returns the relative social jetlag MSF − MSW in minutes,
// taken the short way round the clock (mctq::sjl_rel, method "shorter");
// the absolute social jetlag is its magnitude.
func SocialJetlag(msw, msf float64) float64 { return ClockDiff(msf, msw) }

// SleepLossWeek returns MCTQ's weekly sleep loss in minutes (mctq::sloss_week):
//
//	(SDweek − SDw)·WD  if SDweek > SDw, else (SDweek − SDf)·FD.
func SleepLossWeek(sdw, sdf, wd float64) float64 {
	w := SDWeek(sdw, sdf, wd)
	if w > sdw {
		return (w - sdw) * wd
	}
	return (w - sdf) * (7 - wd)
}

// ChronotypeMCTQ computes the MCTQ measures of the main sleeps of rows whose
// Date lies in r, with free days as rows' Free says (Options.Free at
// [Nightly] time) and WD from cal over the dates of r. A measure whose
// inputs are missing (no workday or no free-day night) is NaN.
func ChronotypeMCTQ(rows []NightRow, r wearnb.Range, cal Calendar) MCTQ {
	return chronotype(mainByDate(rows), r, cal)
}

// chronotype is ChronotypeMCTQ over main sleeps already one per date.
func chronotype(ms []NightRow, r wearnb.Range, cal Calendar) MCTQ {
	if cal == nil {
		cal = Weekends
	}
	var sow, sof, sdw, sdf []float64
	for _, x := range ms {
		if !r.Contains(x.Date) {
			continue
		}
		if x.Free {
			sof, sdf = append(sof, x.OnsetClock), append(sdf, x.SPT)
		} else {
			sow, sdw = append(sow, x.OnsetClock), append(sdw, x.SPT)
		}
	}
	free := 0
	for d := r.From; !d.After(r.To); d = d.AddDays(1) {
		if cal(d) {
			free++
		}
	}
	m := MCTQ{WorkNights: len(sow), FreeNights: len(sof)}
	m.FD = 7 * float64(free) / float64(max(r.Days(), 1))
	m.WD = 7 - m.FD
	m.SOw, _ = CircularMean(sow)
	m.SOf, _ = CircularMean(sof)
	m.SDw, _ = mean(sdw)
	m.SDf, _ = mean(sdf)
	m.MSW = MidSleep(m.SOw, m.SDw)
	m.MSF = MidSleep(m.SOf, m.SDf)
	m.SDweek = SDWeek(m.SDw, m.SDf, m.WD)
	m.MSFsc = MSFsc(m.MSF, m.SDw, m.SDf, m.SDweek)
	m.SJLRel = SocialJetlag(m.MSW, m.MSF)
	m.SJL = math.Abs(m.SJLRel)
	m.SleepLossWk = SleepLossWeek(m.SDw, m.SDf, m.WD)
	return m
}

// Debt is app-style sleep debt over the last nights of a period.
type Debt struct {
	End    wearnb.Date // the last date counted
	Window int         // N: the dates counted, End and the N − 1 before it
	Nights int         // dates with sleep among the last N
	Need   float64     // the nightly need, minutes
	Debt   float64     // minutes; NaN with fewer than N/2 dates with sleep
}

// SleepDebt returns the sleep debt against a nightly need over the N dates
// ending on end (Options.SleepNeed, Options.DebtNights):
//
//	debt = N · mean over dates with sleep of max(0, need − TST_d)
//
// where TST_d is the total sleep time of every sleep with that Date, naps
// included (anchors §7; the app form is the plain sum Σ max(0, need − TST),
// which this equals when every night was recorded). A date without any
// recorded sleep is neither full debt nor none: it is left out and the mean
// scaled to N. With fewer than N/2 dates recorded the debt is NaN.
func SleepDebt(rows []NightRow, end wearnb.Date, opt Options) Debt {
	opt = opt.withDefaults()
	n := opt.DebtNights
	from := end.AddDays(1 - n)
	tst := map[wearnb.Date]float64{}
	for _, x := range rows {
		if x.Date.Before(from) || x.Date.After(end) || math.IsNaN(x.TST) {
			continue
		}
		tst[x.Date] += x.TST
	}
	need := opt.SleepNeed.Minutes()
	var short float64
	for _, t := range tst {
		short += max(0, need-t)
	}
	d := Debt{End: end, Window: n, Nights: len(tst), Need: need, Debt: nan}
	if 2*len(tst) >= n && len(tst) > 0 {
		d.Debt = float64(n) * short / float64(len(tst))
	}
	return d
}
