package metrics

import (
	"math"
	"time"

	"wearnb.dev/wearnb"
)

// Night is one sleep period (a main sleep or a nap) as the metrics read it:
// small explicit inputs, each of which may be missing. A missing time is the
// zero time.Time; a missing duration or count is NaN. Build Nights with
// [NightsFromSleeps] or by hand.
type Night struct {
	Date wearnb.Date // the date the sleep ends on (the provider's date); nights belong to it
	Main bool        // the main sleep of its date; false for a nap
	Flag string      // why the record is implausible; "" when it is plausible

	Bed   time.Time // into bed: start of the time in bed
	Rise  time.Time // out of bed: end of the time in bed
	Onset time.Time // sleep onset: start of the first sleep epoch
	Wake  time.Time // final awakening: end of the last sleep epoch
	REM   time.Time // start of the first REM epoch; zero when unknown or no REM

	TIB  float64 // time in bed, minutes
	TST  float64 // total sleep time, minutes
	WASO float64 // wake after sleep onset, minutes: wake between Onset and Wake

	// WakeBouts are the lengths in minutes of the wake bouts between Onset
	// and Wake, in order; nil when unknown (no stages), empty when the sleep
	// had none.
	WakeBouts []float64
}

// Calendar tells free days from workdays: Free reports whether the night
// ending on d is a night before a free day (MCTQ's "sleep on free days"). The
// night belongs to the date it ends on: the Friday-to-Saturday night is
// before the free Saturday.
type Calendar func(d wearnb.Date) bool

// Weekends is the default Calendar: Saturdays and Sundays are free, so the
// nights ending on them (Fri→Sat, Sat→Sun) are free-day nights.
func Weekends(d wearnb.Date) bool {
	wd := d.Weekday()
	return wd == time.Saturday || wd == time.Sunday
}

// WithFreeDays returns base with the given dates free as well (holidays,
// leave).
func WithFreeDays(base Calendar, dates ...wearnb.Date) Calendar {
	set := map[wearnb.Date]bool{}
	for _, d := range dates {
		set[d] = true
	}
	return func(d wearnb.Date) bool { return set[d] || base(d) }
}

// WithWorkdays returns base with the given dates worked (weekend shifts).
func WithWorkdays(base Calendar, dates ...wearnb.Date) Calendar {
	set := map[wearnb.Date]bool{}
	for _, d := range dates {
		set[d] = true
	}
	return func(d wearnb.Date) bool { return !set[d] && base(d) }
}

// Options tunes the metrics. The zero value means every default.
type Options struct {
	// MinAwakening is the shortest wake bout [NightRow.Awakenings] counts;
	// default 5 min, the threshold of the National Sleep Foundation's sleep
	// quality indicators (Ohayon et al. 2017, Sleep Health 3:6–19).
	MinAwakening time.Duration
	// Free tells free days from workdays; default Weekends.
	Free Calendar
	// IncludeFlagged keeps nights with a Flag; by default they are left out.
	IncludeFlagged bool
	// SleepNeed is the nightly target of [SleepDebt]; default 8 h.
	SleepNeed time.Duration
	// DebtNights is how many nights [SleepDebt] sums over; default 14.
	DebtNights int
	// SRIEpoch is the epoch of the sleep/wake grid of [SRI]; default 1 min.
	SRIEpoch time.Duration
	// MinDays is the minimum-data rule of SRI and the rest-activity
	// measures: the data must amount to at least this many days; default 7.
	MinDays int
	// SparseSteps says the provider sends only the hours with steps (Google
	// Health): [HealthCard] reads the hours with [StepsFromSparseHours], so
	// an hour without a record on a date with steps is 0. By default
	// ([StepsFromHours]) such an hour is missing.
	SparseSteps bool
}

func (o Options) withDefaults() Options {
	if o.MinAwakening <= 0 {
		o.MinAwakening = 5 * time.Minute
	}
	if o.Free == nil {
		o.Free = Weekends
	}
	if o.SleepNeed <= 0 {
		o.SleepNeed = 8 * time.Hour
	}
	if o.DebtNights <= 0 {
		o.DebtNights = 14
	}
	if o.SRIEpoch <= 0 {
		o.SRIEpoch = time.Minute
	}
	if o.MinDays <= 0 {
		o.MinDays = 7
	}
	return o
}

// NightRow is the per-night metrics of one sleep period; [NightFrame] turns
// rows into a frame. Durations are minutes, clock times minutes after local
// midnight [0, 1440); NaN where an input is missing.
type NightRow struct {
	Date wearnb.Date
	Main bool
	Free bool // a night before a free day (Options.Free)

	Bed, Onset, Wake, Rise time.Time // as in the Night; zero when unknown

	TIB  float64 // time in bed
	TST  float64 // total sleep time
	SE   float64 // sleep efficiency, percent: 100·TST/TIB
	SOL  float64 // sleep onset latency: Onset − Bed
	WASO float64 // wake after sleep onset
	SPT  float64 // sleep period: Wake − Onset (MCTQ's sleep duration SD)

	Awakenings   float64 // wake bouts of at least Options.MinAwakening
	REMLatency   float64 // first REM epoch − Onset
	OnsetClock   float64 // Onset on the local clock
	MidClock     float64 // midsleep, Onset + (Wake − Onset)/2, on the local clock
	OffsetClock  float64 // Wake (sleep offset) on the local clock
	UTCOffsetMin int     // UTC offset at Onset (or Bed), minutes
}

// minutesBetween returns b − a in minutes, NaN when either is unknown.
func minutesBetween(a, b time.Time) float64 {
	if a.IsZero() || b.IsZero() {
		return nan
	}
	return b.Sub(a).Minutes()
}

func clockOf(t time.Time) float64 {
	if t.IsZero() {
		return nan
	}
	return ClockMin(t)
}

// Midsleep returns the instant halfway between sleep onset and the final
// awakening, onset + (wake − onset)/2 (anchors §7), in onset's Location, so
// that its wall clock is read in the zone of the record. It reports false
// when either is unknown.
func Midsleep(onset, wake time.Time) (time.Time, bool) {
	if onset.IsZero() || wake.IsZero() {
		return time.Time{}, false
	}
	return onset.Add(wake.Sub(onset) / 2).In(onset.Location()), true
}

// Nightly computes the per-night metrics of every night, in input order,
// leaving out flagged nights unless opt.IncludeFlagged. Each metric follows
// anchors §7:
//
//	TIB  time in bed (Night.TIB)           TST  total sleep time (Night.TST)
//	SE   = 100·TST/TIB                     SOL  = Onset − Bed
//	WASO wake between Onset and Wake       SPT  = Wake − Onset
//	Awakenings = #{wake bouts ≥ MinAwakening}
//	REMLatency = first REM epoch − Onset
//	Midsleep   = Onset + (Wake − Onset)/2, read on the local clock
//
// A metric whose input is missing is NaN.
func Nightly(nights []Night, opt Options) []NightRow {
	opt = opt.withDefaults()
	minBout := opt.MinAwakening.Minutes()
	rows := make([]NightRow, 0, len(nights))
	for _, n := range nights {
		if n.Flag != "" && !opt.IncludeFlagged {
			continue
		}
		r := NightRow{
			Date: n.Date, Main: n.Main, Free: opt.Free(n.Date),
			Bed: n.Bed, Onset: n.Onset, Wake: n.Wake, Rise: n.Rise,
			TIB: n.TIB, TST: n.TST, WASO: n.WASO,
			SE:          100 * n.TST / n.TIB,
			SOL:         minutesBetween(n.Bed, n.Onset),
			SPT:         minutesBetween(n.Onset, n.Wake),
			REMLatency:  minutesBetween(n.Onset, n.REM),
			OnsetClock:  clockOf(n.Onset),
			OffsetClock: clockOf(n.Wake),
			Awakenings:  nan,
			MidClock:    nan,
		}
		if n.TIB <= 0 {
			r.SE = nan
		}
		if n.WakeBouts != nil {
			k := 0
			for _, b := range n.WakeBouts {
				if b >= minBout {
					k++
				}
			}
			r.Awakenings = float64(k)
		}
		if m, ok := Midsleep(n.Onset, n.Wake); ok {
			r.MidClock = ClockMin(m)
		}
		ref := n.Onset
		if ref.IsZero() {
			ref = n.Bed
		}
		if !ref.IsZero() {
			_, off := ref.Zone()
			r.UTCOffsetMin = off / 60
		}
		rows = append(rows, r)
	}
	return rows
}

// mainByDate returns the main sleep row of each date (the longest sleep
// period if a provider marks several), in date order.
func mainByDate(rows []NightRow) []NightRow {
	best := map[wearnb.Date]int{}
	var order []wearnb.Date
	for i, r := range rows {
		if !r.Main {
			continue
		}
		j, ok := best[r.Date]
		if !ok {
			order = append(order, r.Date)
			best[r.Date] = i
			continue
		}
		if longer(r, rows[j]) {
			best[r.Date] = i
		}
	}
	sortDates(order)
	out := make([]NightRow, len(order))
	for i, d := range order {
		out[i] = rows[best[d]]
	}
	return out
}

func longer(a, b NightRow) bool {
	x, y := a.TIB, b.TIB
	if math.IsNaN(y) {
		return !math.IsNaN(x)
	}
	return x > y
}
