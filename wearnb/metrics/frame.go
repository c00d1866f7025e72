package metrics

import (
	"fmt"
	"time"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"

	"wearnb.dev/wearnb"
)

// LocalLayout is the layout of the *_local columns: the local wall clock,
// as in package frames.
const LocalLayout = "2006-01-02T15:04:05"

// column builds one typed series from rows.
type column[T any] struct {
	name string
	typ  series.Type
	get  func(T) any
}

func str[T any](name string, f func(T) string) column[T] {
	return column[T]{name, series.String, func(r T) any { return f(r) }}
}
func flt[T any](name string, f func(T) float64) column[T] {
	return column[T]{name, series.Float, func(r T) any { return f(r) }}
}
func integer[T any](name string, f func(T) int) column[T] {
	return column[T]{name, series.Int, func(r T) any { return f(r) }}
}
func boolean[T any](name string, f func(T) bool) column[T] {
	return column[T]{name, series.Bool, func(r T) any { return f(r) }}
}

func frameOf[T any](cols []column[T], rows []T) (dataframe.DataFrame, error) {
	ss := make([]series.Series, len(cols))
	for i, c := range cols {
		var v any
		switch c.typ {
		case series.String:
			v = typed[T, string](rows, c.get)
		case series.Float:
			v = typed[T, float64](rows, c.get)
		case series.Int:
			v = typed[T, int](rows, c.get)
		case series.Bool:
			v = typed[T, bool](rows, c.get)
		}
		ss[i] = series.New(v, c.typ, c.name)
	}
	df := dataframe.New(ss...)
	if df.Err != nil {
		return dataframe.DataFrame{}, fmt.Errorf("metrics: build frame: %w", df.Err)
	}
	return df, nil
}

func typed[T, V any](rows []T, get func(T) any) []V {
	out := make([]V, len(rows))
	for i, r := range rows {
		out[i] = get(r).(V)
	}
	return out
}

func localOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(LocalLayout)
}

func hoursOf(m float64) float64 { return m / 60 }

var nightCols = []column[NightRow]{
	str("date", func(r NightRow) string { return r.Date.String() }),
	str("weekday", func(r NightRow) string { return r.Date.Weekday().String()[:3] }),
	boolean("free_day", func(r NightRow) bool { return r.Free }),
	boolean("is_main", func(r NightRow) bool { return r.Main }),
	str("bed_local", func(r NightRow) string { return localOrEmpty(r.Bed) }),
	str("onset_local", func(r NightRow) string { return localOrEmpty(r.Onset) }),
	str("wake_local", func(r NightRow) string { return localOrEmpty(r.Wake) }),
	str("rise_local", func(r NightRow) string { return localOrEmpty(r.Rise) }),
	integer("utc_offset_min", func(r NightRow) int { return r.UTCOffsetMin }),
	flt("tib_min", func(r NightRow) float64 { return r.TIB }),
	flt("tst_min", func(r NightRow) float64 { return r.TST }),
	flt("se_pct", func(r NightRow) float64 { return r.SE }),
	flt("sol_min", func(r NightRow) float64 { return r.SOL }),
	flt("waso_min", func(r NightRow) float64 { return r.WASO }),
	flt("spt_min", func(r NightRow) float64 { return r.SPT }),
	flt("awakenings", func(r NightRow) float64 { return r.Awakenings }),
	flt("rem_latency_min", func(r NightRow) float64 { return r.REMLatency }),
	flt("onset_clock_h", func(r NightRow) float64 { return hoursOf(r.OnsetClock) }),
	flt("midsleep_clock_h", func(r NightRow) float64 { return hoursOf(r.MidClock) }),
	flt("offset_clock_h", func(r NightRow) float64 { return hoursOf(r.OffsetClock) }),
}

// NightFrame returns the per-night metrics as a frame, one row per sleep in
// the order of rows:
//
//	| column           | type   | meaning                                              |
//	|------------------|--------|------------------------------------------------------|
//	| date             | String | date the sleep ends on, YYYY-MM-DD                   |
//	| weekday          | String | Mon..Sun of date                                     |
//	| free_day         | Bool   | a night before a free day (Options.Free)             |
//	| is_main          | Bool   | main sleep; false for naps                           |
//	| bed_local        | String | into bed, local wall clock ("" unknown)              |
//	| onset_local      | String | sleep onset, local wall clock                        |
//	| wake_local       | String | final awakening, local wall clock                    |
//	| rise_local       | String | out of bed, local wall clock                         |
//	| utc_offset_min   | Int    | UTC offset at onset, minutes                         |
//	| tib_min          | Float  | time in bed                                          |
//	| tst_min          | Float  | total sleep time                                     |
//	| se_pct           | Float  | sleep efficiency 100·TST/TIB                         |
//	| sol_min          | Float  | sleep onset latency, onset − bed                     |
//	| waso_min         | Float  | wake after sleep onset                               |
//	| spt_min          | Float  | sleep period, final awakening − onset                |
//	| awakenings       | Float  | wake bouts ≥ Options.MinAwakening (NaN: no stages)   |
//	| rem_latency_min  | Float  | first REM − onset                                    |
//	| onset_clock_h    | Float  | onset on the local clock, hours after midnight 0–24  |
//	| midsleep_clock_h | Float  | midsleep on the local clock                          |
//	| offset_clock_h   | Float  | final awakening on the local clock                   |
//
// NaN marks a value whose input is missing.
func NightFrame(rows []NightRow) (dataframe.DataFrame, error) { return frameOf(nightCols, rows) }

var periodCols = []column[PeriodStats]{
	str("from", func(p PeriodStats) string { return p.From.String() }),
	str("to", func(p PeriodStats) string { return p.To.String() }),
	integer("nights", func(p PeriodStats) int { return p.Nights }),
	flt("tst_mean_min", func(p PeriodStats) float64 { return p.TST.Mean }),
	flt("tst_sd_min", func(p PeriodStats) float64 { return p.TST.SD }),
	flt("tib_mean_min", func(p PeriodStats) float64 { return p.TIB.Mean }),
	flt("tib_sd_min", func(p PeriodStats) float64 { return p.TIB.SD }),
	flt("se_mean_pct", func(p PeriodStats) float64 { return p.SE.Mean }),
	flt("sol_mean_min", func(p PeriodStats) float64 { return p.SOL.Mean }),
	flt("waso_mean_min", func(p PeriodStats) float64 { return p.WASO.Mean }),
	flt("spt_mean_min", func(p PeriodStats) float64 { return p.SPT.Mean }),
	flt("spt_sd_min", func(p PeriodStats) float64 { return p.SPT.SD }),
	flt("awakenings_mean", func(p PeriodStats) float64 { return p.Awakenings.Mean }),
	flt("onset_mean_h", func(p PeriodStats) float64 { return hoursOf(p.Onset.Mean) }),
	flt("onset_csd_min", func(p PeriodStats) float64 { return p.Onset.SD }),
	flt("midsleep_mean_h", func(p PeriodStats) float64 { return hoursOf(p.Mid.Mean) }),
	flt("midsleep_csd_min", func(p PeriodStats) float64 { return p.Mid.SD }),
	flt("offset_mean_h", func(p PeriodStats) float64 { return hoursOf(p.Offset.Mean) }),
	flt("offset_csd_min", func(p PeriodStats) float64 { return p.Offset.SD }),
}

// PeriodFrame returns period summaries as a frame, one row per period (one
// per date for [Rolling]): from, to, nights; the mean and SD of the
// durations in minutes (tst, tib, spt; means of se, sol, waso, awakenings);
// the circular mean (hours on the local clock, *_mean_h) and circular SD
// (minutes, *_csd_min) of onset, midsleep and offset.
func PeriodFrame(ps []PeriodStats) (dataframe.DataFrame, error) { return frameOf(periodCols, ps) }

// Regularity is one date of the regularity trend: the SRI and the MCTQ
// social jetlag of the window of days ending on Date.
type Regularity struct {
	Date      wearnb.Date
	SRI       float64 // NaN below the minimum data
	SJL       float64 // social jetlag, minutes
	SJLRel    float64
	Nights    int
	SRIPairsD float64 // SRI data in days' worth of pairs
}
