package fitbit

import (
	"cmp"
	"slices"
	"strconv"
	"time"

	"wearnb.dev/wearnb"
)

// NormalizeSleep maps one sleep log to a wearnb.Sleep, reading its local
// timestamps in loc (see [NormalizeSleeps] for the rules).
func NormalizeSleep(l SleepLog, loc *time.Location) (wearnb.Sleep, error) {
	return normalizeSleep(l, FixedZones(loc), EndpointSleep, "sleep")
}

// NormalizeSleeps maps logs to wearnb.Sleep values in start order. Each
// log's local timestamps are read in the zone zones gives for its
// dateOfSleep, DST aware: Start and End carry their own UTC offsets, stages
// carry the offset of Start.
//
// Stages come from levels.data with levels.shortData wakes overlaid (a
// short wake splits the segment under it); neighbouring segments at one
// level are merged. Classic logs map asleep, restless and awake. A field
// the log does not send is missing in the record, never 0, and so is what
// is derived from it. The time in bed splits as [wearnb.Sleep] defines
// (InBed = Latency + Asleep + Awake):
//
//   - InBed: timeInBed (End − Start when absent). Asleep: minutesAsleep
//     (classic restless minutes are not in it).
//   - Latency: from Start to the first sleep segment when the log has
//     levels.data, else minutesToFallAsleep. Real stages logs send
//     minutesToFallAsleep 0 beside segments that begin awake and count that
//     wake in minutesAwake; the segments say where sleep begins, to 30 s.
//   - Awake: the rest of timeInBed, [wearnb.Sleep.SetAwake]: the wake (and
//     restless time) after falling asleep, the wake before getting up
//     included. The documented identity timeInBed = minutesToFallAsleep +
//     minutesAsleep + minutesAwake + minutesAfterWakeup makes it
//     minutesAwake + minutesAfterWakeup; real stages logs, whose
//     minutesAwake is every wake minute (timeInBed = minutesAsleep +
//     minutesAwake, minutesAfterWakeup inside it), minutesAwake − Latency.
//     Adding the parts instead would count minutesAfterWakeup twice there.
//
// Efficiency is Fitbit's own number; Deep, Light and REM come from
// levels.summary (missing for classic logs, which have no such breakdown);
// Awakenings is [wearnb.Awakenings] of the stages (wake bouts between the
// first and the last sleep segment), missing without stages. IsMain is
// isMainSleep, unless the log is flagged ([wearnb.Sleep.SetFlag]: zero
// length, no sleep, ending before it starts, longer than 24 h): Fitbit's
// main sleep of a date is then none.
//
// A malformed log is a *fetch.DecodeError naming the field, e.g.
// "sleep[3].levels.data[7].level"; so is a negative duration or one longer
// than 7 days (wearnb.MaxSpan), a log that lasts longer, and levels with
// more than wearnb.MaxStages segments.
func NormalizeSleeps(logs []SleepLog, zones Zones) ([]wearnb.Sleep, error) {
	return normalizeSleeps(logs, zones, EndpointSleep, "sleep")
}

func normalizeSleeps(logs []SleepLog, zones Zones, endpoint, field string) ([]wearnb.Sleep, error) {
	out := make([]wearnb.Sleep, 0, len(logs))
	for i, l := range logs {
		s, err := normalizeSleep(l, zones, endpoint, field+"["+strconv.Itoa(i)+"]")
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	sortSleeps(out)
	return out, nil
}

func sortSleeps(s []wearnb.Sleep) {
	slices.SortStableFunc(s, func(a, b wearnb.Sleep) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return cmp.Compare(a.SourceID, b.SourceID)
	})
}

// maxMinutes is wearnb.MaxSpan in minutes: the most a duration field may
// hold.
const maxMinutes = int(wearnb.MaxSpan / time.Minute)

func optMinutes(p *int) wearnb.Opt[time.Duration] {
	if p == nil {
		return wearnb.Opt[time.Duration]{}
	}
	return wearnb.Some(time.Duration(*p) * time.Minute)
}

func normalizeSleep(l SleepLog, zones Zones, endpoint, field string) (wearnb.Sleep, error) {
	if l.StartTime.IsZero() {
		return wearnb.Sleep{}, fieldErrorf(endpoint, field+".startTime", "log %d has no startTime", l.LogID)
	}
	date := l.DateOfSleep.Date
	if date.IsZero() {
		date = wearnb.DateOf(l.StartTime.Wall)
	}
	for _, m := range []struct {
		name string
		v    *int
	}{{"minutesAfterWakeup", l.MinutesAfterWakeup}, {"minutesAsleep", l.MinutesAsleep}, {"minutesAwake", l.MinutesAwake},
		{"minutesToFallAsleep", l.MinutesToFallAsleep}, {"timeInBed", l.TimeInBed}} {
		if m.v != nil && (*m.v < 0 || *m.v > maxMinutes) {
			return wearnb.Sleep{}, fieldErrorf(endpoint, field+"."+m.name, "log %d: %s = %d out of range (0 to 7 days)", l.LogID, m.name, *m.v)
		}
	}
	if l.Duration != nil && (*l.Duration < 0 || *l.Duration > int64(wearnb.MaxSpan/time.Millisecond)) {
		return wearnb.Sleep{}, fieldErrorf(endpoint, field+".duration", "log %d: duration %d ms out of range (0 to 7 days)", l.LogID, *l.Duration)
	}
	if l.Efficiency != nil && (*l.Efficiency < 0 || *l.Efficiency > 100) {
		return wearnb.Sleep{}, fieldErrorf(endpoint, field+".efficiency", "log %d: efficiency %d out of range (0 to 100)", l.LogID, *l.Efficiency)
	}
	for _, lv := range []struct {
		name string
		n    int
	}{{"data", len(l.Levels.Data)}, {"shortData", len(l.Levels.ShortData)}} {
		if lv.n > wearnb.MaxStages {
			return wearnb.Sleep{}, fieldErrorf(endpoint, field+".levels."+lv.name, "log %d: %d segments, more than %d (7 days of 30-second segments)", l.LogID, lv.n, wearnb.MaxStages)
		}
	}
	loc := zones.at(date)
	res := resolver{loc: loc}
	start := res.at(l.StartTime.Wall)
	end := start
	if l.Duration != nil {
		end = start.Add(time.Duration(*l.Duration) * time.Millisecond)
	}
	if !l.EndTime.IsZero() {
		end = res.at(l.EndTime.Wall)
	}
	if span := end.Sub(start); span > wearnb.MaxSpan || span < -wearnb.MaxSpan {
		return wearnb.Sleep{}, fieldErrorf(endpoint, field+".endTime", "log %d: endTime %v is more than 7 days from startTime %v", l.LogID, l.EndTime, l.StartTime)
	}
	_, off := start.Zone()
	night := wearnb.FixedZone(off)

	s := wearnb.Sleep{
		Provider: Name,
		SourceID: strconv.FormatInt(l.LogID, 10),
		Start:    fixed(start),
		End:      fixed(end),
		Date:     date,
		InBed:    optMinutes(l.TimeInBed),
		Asleep:   optMinutes(l.MinutesAsleep),
		Latency:  optMinutes(l.MinutesToFallAsleep),
		IsMain:   l.IsMainSleep,
	}
	if l.Efficiency != nil {
		s.Efficiency = wearnb.Some(float64(*l.Efficiency))
	}
	if !s.InBed.OK() && !end.Before(start) {
		s.InBed = wearnb.Some(end.Sub(start))
	}
	sum := l.Levels.Summary
	if sum.Deep != nil || sum.Light != nil || sum.REM != nil {
		// A stages log: each level it lists. A level it leaves out
		// had no minutes only when the log lists the others.
		s.Deep, s.Light, s.REM = levelMinutes(sum.Deep), levelMinutes(sum.Light), levelMinutes(sum.REM)
	}

	var segs, short []segment
	if !end.Before(start) { // a log that ends before it starts has no timeline to place segments on
		var err error
		if segs, err = segments(l.Levels.Data, start, loc, endpoint, field+".levels.data"); err != nil {
			return wearnb.Sleep{}, err
		}
		if short, err = segments(l.Levels.ShortData, start, loc, endpoint, field+".levels.shortData"); err != nil {
			return wearnb.Sleep{}, err
		}
	}
	slices.SortStableFunc(segs, func(a, b segment) int { return a.from.Compare(b.from) })
	segs = overlay(segs, short)
	if len(segs) > 0 {
		s.Stages = make([]wearnb.Stage, 0, len(segs))
		for _, g := range segs {
			s.Stages = wearnb.AppendStage(s.Stages, wearnb.Stage{Start: g.from.In(night), Duration: g.to.Sub(g.from), Level: g.level})
		}
	}
	if on, ok := wearnb.Onset(s.Stages); ok {
		s.Latency = wearnb.Some(max(0, on.Sub(s.Start)))
	}
	s.SetAwake()
	s.SetAwakenings()
	s.SetFlag()
	return s, nil
}

// levelMinutes is the minutes of one levels.summary entry: missing when
// the summary has no such entry.
func levelMinutes(st *LevelStat) wearnb.Opt[time.Duration] {
	if st == nil {
		return wearnb.Opt[time.Duration]{}
	}
	return wearnb.Some(time.Duration(st.Minutes) * time.Minute)
}

// slack is how far a segment may start before the previous one ends (Fitbit
// rounds) while still resolving ambiguous clock readings correctly; it must
// stay well below a DST shift.
const slack = 10 * time.Minute

// segment is a half-open interval of the timeline at one level.
type segment struct {
	from, to time.Time
	level    wearnb.StageLevel
}

var levels = map[string]wearnb.StageLevel{
	"deep": wearnb.StageDeep, "light": wearnb.StageLight, "rem": wearnb.StageREM,
	"wake": wearnb.StageWake, "awake": wearnb.StageWake,
	"asleep": wearnb.StageAsleep, "restless": wearnb.StageRestless,
}

func segments(data []LevelData, start time.Time, loc *time.Location, endpoint, field string) ([]segment, error) {
	res := resolver{loc: loc, prev: start.Add(-time.Hour)}
	out := make([]segment, 0, len(data))
	for i, d := range data {
		f := field + "[" + strconv.Itoa(i) + "]"
		level, ok := levels[d.Level]
		if !ok {
			return nil, fieldErrorf(endpoint, f+".level", "unknown sleep level %q", d.Level)
		}
		if d.DateTime.IsZero() {
			return nil, fieldErrorf(endpoint, f+".dateTime", "segment has no dateTime")
		}
		if d.Seconds < 0 || d.Seconds > 7*24*3600 {
			return nil, fieldErrorf(endpoint, f+".seconds", "segment length %d s out of range", d.Seconds)
		}
		if d.Seconds == 0 {
			continue
		}
		from := res.at(d.DateTime.Wall)
		to := from.Add(time.Duration(d.Seconds) * time.Second)
		// The next segment starts about where this one ends: that decides
		// which of two equal clock readings (clocks falling back) it is.
		res.prev = to.Add(-slack)
		// levels.data runs are consecutive in real logs; a malformed one
		// that starts inside the previous run keeps only its later part,
		// so the stages still tile the night.
		if n := len(out); n > 0 && from.Before(out[n-1].to) {
			from = out[n-1].to
			if !from.Before(to) {
				continue
			}
		}
		out = append(out, segment{from, to, level})
	}
	return out, nil
}

// overlay lays the short segments over segs: the parts of segs that a
// short segment covers take its level, the rest keeps its own. Parts of
// short outside segs are dropped. Both lists are in time order and do not
// overlap themselves (segments makes them so), which lets one pass do it,
// in time linear in the two lengths.
func overlay(segs, short []segment) []segment {
	if len(short) == 0 {
		return segs
	}
	out := make([]segment, 0, len(segs)+2*len(short))
	j := 0
	for _, g := range segs {
		for j < len(short) && !short[j].to.After(g.from) {
			j++ // ends before g: covers nothing from here on
		}
		at := g.from
		for k := j; k < len(short) && short[k].from.Before(g.to); k++ {
			o := short[k]
			lo, hi := later(at, o.from), earlier(g.to, o.to)
			if !lo.Before(hi) {
				continue
			}
			if at.Before(lo) {
				out = append(out, segment{at, lo, g.level})
			}
			out = append(out, segment{lo, hi, o.level})
			at = hi
		}
		if at.Before(g.to) {
			out = append(out, segment{at, g.to, g.level})
		}
	}
	return out
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
