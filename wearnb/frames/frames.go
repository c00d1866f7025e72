package frames

import (
	"cmp"
	"slices"
	"time"

	"github.com/go-gota/gota/dataframe"

	"wearnb.dev/wearnb"
)

var sleepSchema = []col[*wearnb.Sleep]{
	strCol("provider", func(s *wearnb.Sleep) string { return s.Provider }),
	strCol("source_id", func(s *wearnb.Sleep) string { return s.SourceID }),
	strCol("date", func(s *wearnb.Sleep) string { return s.Date.String() }),
	strCol("start_local", func(s *wearnb.Sleep) string { return local(s.Start) }),
	strCol("end_local", func(s *wearnb.Sleep) string { return local(s.End) }),
	intCol("utc_offset_min", func(s *wearnb.Sleep) int { return offsetMin(s.Start) }),
	intCol("start_unix", func(s *wearnb.Sleep) int { return int(s.Start.Unix()) }),
	intCol("end_unix", func(s *wearnb.Sleep) int { return int(s.End.Unix()) }),
	optMinCol("in_bed_min", func(s *wearnb.Sleep) wearnb.Opt[time.Duration] { return s.InBed }),
	optMinCol("asleep_min", func(s *wearnb.Sleep) wearnb.Opt[time.Duration] { return s.Asleep }),
	optMinCol("awake_min", func(s *wearnb.Sleep) wearnb.Opt[time.Duration] { return s.Awake }),
	optMinCol("deep_min", func(s *wearnb.Sleep) wearnb.Opt[time.Duration] { return s.Deep }),
	optMinCol("light_min", func(s *wearnb.Sleep) wearnb.Opt[time.Duration] { return s.Light }),
	optMinCol("rem_min", func(s *wearnb.Sleep) wearnb.Opt[time.Duration] { return s.REM }),
	optMinCol("latency_min", func(s *wearnb.Sleep) wearnb.Opt[time.Duration] { return s.Latency }),
	optFltCol("efficiency_pct", func(s *wearnb.Sleep) wearnb.Opt[float64] { return s.Efficiency }),
	optIntCol("awakenings", func(s *wearnb.Sleep) wearnb.Opt[int] { return s.Awakenings }),
	boolCol("is_main", func(s *wearnb.Sleep) bool { return s.IsMain }),
	strCol("flag", func(s *wearnb.Sleep) string { return string(s.Flag) }),
}

// Sleeps returns one row per sleep period (nights and naps), ordered by
// start instant (then source_id). The columns are listed in the package
// documentation. Empty input gives an empty frame with every column.
func Sleeps(sleeps []wearnb.Sleep) dataframe.DataFrame {
	rows := sortedRefs(sleeps, func(a, b *wearnb.Sleep) int {
		return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.SourceID, b.SourceID))
	})
	return build(sleepSchema, rows)
}

type stageRow struct {
	s   *wearnb.Sleep
	seq int
}

func (r stageRow) st() *wearnb.Stage { return &r.s.Stages[r.seq] }

var stageSchema = []col[stageRow]{
	strCol("provider", func(r stageRow) string { return r.s.Provider }),
	strCol("source_id", func(r stageRow) string { return r.s.SourceID }),
	strCol("date", func(r stageRow) string { return r.s.Date.String() }),
	intCol("seq", func(r stageRow) int { return r.seq }),
	strCol("level", func(r stageRow) string { return string(r.st().Level) }),
	strCol("start_local", func(r stageRow) string { return local(r.st().Start) }),
	strCol("end_local", func(r stageRow) string { return local(r.st().End()) }),
	intCol("utc_offset_min", func(r stageRow) int { return offsetMin(r.st().Start) }),
	intCol("start_unix", func(r stageRow) int { return int(r.st().Start.Unix()) }),
	intCol("end_unix", func(r stageRow) int { return int(r.st().End().Unix()) }),
	fltCol("duration_min", func(r stageRow) float64 { return minutes(r.st().Duration) }),
	boolCol("is_sleep", func(r stageRow) bool { return r.st().Level.IsSleep() }),
	boolCol("is_main", func(r stageRow) bool { return r.s.IsMain }),
}

// SleepStages returns one row per stage segment of every sleep, sleeps in
// the order of Sleeps and segments in their order within the sleep (seq
// counts from 0). Sleeps without stages contribute no rows. Empty input
// gives an empty frame with every column.
func SleepStages(sleeps []wearnb.Sleep) dataframe.DataFrame {
	ordered := make([]*wearnb.Sleep, len(sleeps))
	for i := range sleeps {
		ordered[i] = &sleeps[i]
	}
	slices.SortStableFunc(ordered, func(a, b *wearnb.Sleep) int {
		return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.SourceID, b.SourceID))
	})
	var rows []stageRow
	for _, s := range ordered {
		for i := range s.Stages {
			rows = append(rows, stageRow{s, i})
		}
	}
	return build(stageSchema, rows)
}

var movesSchema = []col[*wearnb.DayMoves]{
	strCol("provider", func(d *wearnb.DayMoves) string { return d.Provider }),
	strCol("source_id", func(d *wearnb.DayMoves) string { return d.SourceID }),
	strCol("date", func(d *wearnb.DayMoves) string { return d.Date.String() }),
	optIntCol("utc_offset_min", func(d *wearnb.DayMoves) wearnb.Opt[int] { return offsetMinutes(d.UTCOffset) }),
	optIntCol("steps", func(d *wearnb.DayMoves) wearnb.Opt[int] { return d.Steps }),
	optFltCol("distance_m", func(d *wearnb.DayMoves) wearnb.Opt[float64] { return d.DistanceM }),
	optFltCol("calories_kcal", func(d *wearnb.DayMoves) wearnb.Opt[float64] { return d.CaloriesKcal }),
	optIntCol("active_min", func(d *wearnb.DayMoves) wearnb.Opt[int] { return d.ActiveMinutes }),
	optFltCol("resting_hr_bpm", func(d *wearnb.DayMoves) wearnb.Opt[float64] { return d.RestingHR }),
}

// Moves returns one row per day of activity, ordered by date (then
// provider). Empty input gives an empty frame with every column.
func Moves(days []wearnb.DayMoves) dataframe.DataFrame {
	rows := sortedRefs(days, func(a, b *wearnb.DayMoves) int {
		return cmp.Or(cmp.Compare(a.Date.String(), b.Date.String()), cmp.Compare(a.Provider, b.Provider))
	})
	return build(movesSchema, rows)
}

var hourSchema = []col[*wearnb.HourMoves]{
	strCol("provider", func(h *wearnb.HourMoves) string { return h.Provider }),
	strCol("date", func(h *wearnb.HourMoves) string { return wearnb.DateOf(h.Start).String() }),
	intCol("hour", func(h *wearnb.HourMoves) int { return h.Start.Hour() }),
	strCol("start_local", func(h *wearnb.HourMoves) string { return local(h.Start) }),
	intCol("utc_offset_min", func(h *wearnb.HourMoves) int { return offsetMin(h.Start) }),
	intCol("start_unix", func(h *wearnb.HourMoves) int { return int(h.Start.Unix()) }),
	optIntCol("steps", func(h *wearnb.HourMoves) wearnb.Opt[int] { return h.Steps }),
	optFltCol("distance_m", func(h *wearnb.HourMoves) wearnb.Opt[float64] { return h.DistanceM }),
	optFltCol("calories_kcal", func(h *wearnb.HourMoves) wearnb.Opt[float64] { return h.CaloriesKcal }),
	optIntCol("active_s", func(h *wearnb.HourMoves) wearnb.Opt[int] { return h.ActiveSeconds }),
}

// HourlyMoves returns one row per local clock hour of activity, ordered by
// start instant (then provider). Empty input gives an empty frame with every
// column.
func HourlyMoves(hours []wearnb.HourMoves) dataframe.DataFrame {
	rows := sortedRefs(hours, func(a, b *wearnb.HourMoves) int {
		return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.Provider, b.Provider))
	})
	return build(hourSchema, rows)
}
