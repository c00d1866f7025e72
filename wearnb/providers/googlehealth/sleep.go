package googlehealth

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"strconv"
	"time"

	"wearnb.dev/wearnb"
)

var levels = map[string]wearnb.StageLevel{
	StageAwake: wearnb.StageWake, StageLight: wearnb.StageLight, StageDeep: wearnb.StageDeep,
	StageREM: wearnb.StageREM, StageAsleep: wearnb.StageAsleep, StageRestless: wearnb.StageRestless,
}

// NormalizeSleeps maps sleep data points (any order) to wearnb.Sleep
// values in start order. Start and End carry the interval's own UTC
// offsets; stages carry the offset of Start. Date is the local (civil) date
// the sleep ends on. A value the point does not carry is missing in the
// record, never 0, and so is what is derived from it. The time in bed
// splits as [wearnb.Sleep] defines (InBed = Latency + Asleep + Awake):
//
//   - InBed: summary.minutesInSleepPeriod (End − Start without it).
//   - Asleep: summary.minutesAsleep (LIGHT + DEEP + REM, or classic ASLEEP:
//     RESTLESS is not in it); Deep, Light and REM: summary.stagesSummary
//     (missing for a classic session, which has none). What the summary
//     does not send is summed from the stages ([wearnb.Sleep.SumStages]),
//     and is missing when there are none.
//   - Latency: from Start to the first sleep stage when there are stages
//     (their instants are exact; Google's minutesToFallAsleep comes from a
//     separate restlessness algorithm), else summary.minutesToFallAsleep.
//   - Awake: the rest, [wearnb.Sleep.SetAwake]: for a consistent summary
//     minutesAwake (every AWAKE stage) − Latency + the RESTLESS minutes, i.e.
//     the wake after onset and the minutesAfterWakeUp.
//
// A point with neither summary nor stages leaves all of them missing.
// Efficiency is 100 × Asleep / InBed. Awakenings is [wearnb.Awakenings] of
// the stages (wake bouts between the first and the last sleep stage),
// missing without stages. Naps (metadata.nap) have IsMain false, and so
// does a flagged sleep ([wearnb.Sleep.SetFlag]: zero length, no sleep at
// all, ending before it starts, longer than 24 h); one that ends before it
// starts gets no stages.
//
// A malformed point is a *fetch.DecodeError naming the field, e.g.
// "dataPoints[3].sleep.stages[2].type"; so is a negative minutes value or
// one beyond 7 days (wearnb.MaxSpan), a session or stage longer than that,
// and more than wearnb.MaxStages stages.
func NormalizeSleeps(points []DataPoint) ([]wearnb.Sleep, error) {
	out := make([]wearnb.Sleep, 0, len(points))
	for i, p := range points {
		if p.Sleep == nil {
			continue
		}
		s, err := normalizeSleep(p, fmt.Sprintf("dataPoints[%d].sleep", i))
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	slices.SortStableFunc(out, func(a, b wearnb.Sleep) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return cmp.Compare(a.SourceID, b.SourceID)
	})
	return out, nil
}

// checkInterval checks a session's or a stage's interval: both ends set,
// at most wearnb.MaxSpan apart. A session that ends before it starts is
// flagged by the caller; a stage that does is an error (endsBefore).
func checkInterval(field string, start, end time.Time, endsBefore bool) error {
	switch {
	case start.IsZero():
		return fieldErrorf(EndpointSleep, field+".startTime", "missing start time")
	case end.IsZero():
		return fieldErrorf(EndpointSleep, field+".endTime", "missing end time")
	case endsBefore && end.Before(start):
		return fieldErrorf(EndpointSleep, field+".endTime", "ends (%v) before it starts (%v)", end, start)
	case end.Sub(start) > wearnb.MaxSpan || start.Sub(end) > wearnb.MaxSpan:
		return fieldErrorf(EndpointSleep, field+".endTime", "lasts %v, more than 7 days", end.Sub(start))
	}
	return nil
}

// maxMinutes is wearnb.MaxSpan in minutes: the most a minutes field may
// hold.
const maxMinutes = Int64(wearnb.MaxSpan / time.Minute)

// summaryMinutes reads a summary field: missing when absent, an error
// naming it when negative or beyond 7 days.
func summaryMinutes(field string, v *Int64) (wearnb.Opt[time.Duration], error) {
	if v == nil {
		return wearnb.Opt[time.Duration]{}, nil
	}
	if *v < 0 || *v > maxMinutes {
		return wearnb.Opt[time.Duration]{}, fieldErrorf(EndpointSleep, field, "%d minutes out of range (0 to 7 days)", *v)
	}
	return wearnb.Some(minutes(*v)), nil
}

func normalizeSleep(p DataPoint, field string) (wearnb.Sleep, error) {
	sl := p.Sleep
	iv := sl.Interval
	if err := checkInterval(field+".interval", iv.StartTime.Time, iv.EndTime.Time, false); err != nil {
		return wearnb.Sleep{}, err
	}
	if len(sl.Stages) > wearnb.MaxStages {
		return wearnb.Sleep{}, fieldErrorf(EndpointSleep, field+".stages", "%d stages, more than %d (7 days of 30-second stages)", len(sl.Stages), wearnb.MaxStages)
	}
	start := local(iv.StartTime.Time, iv.StartUTCOffset)
	end := local(iv.EndTime.Time, iv.EndUTCOffset)
	night := iv.StartUTCOffset.zone()

	s := wearnb.Sleep{
		Provider: Name,
		SourceID: sourceID(p),
		Start:    start,
		End:      end,
		Date:     wearnb.DateOf(end),
		IsMain:   sl.Metadata == nil || !sl.Metadata.Nap,
	}
	if c := iv.CivilEndTime; c != nil && c.Date.Year > 0 {
		if d, err := wearnb.ParseDate(fmt.Sprintf("%04d-%02d-%02d", c.Date.Year, c.Date.Month, c.Date.Day)); err == nil {
			s.Date = d
		}
	}

	stages := make([]wearnb.Stage, 0, len(sl.Stages))
	for j, st := range sl.Stages {
		f := field + ".stages[" + strconv.Itoa(j) + "]"
		level, ok := levels[st.Type]
		if !ok {
			return wearnb.Sleep{}, fieldErrorf(EndpointSleep, f+".type", "unknown stage type %q", st.Type)
		}
		if err := checkInterval(f, st.StartTime.Time, st.EndTime.Time, true); err != nil {
			return wearnb.Sleep{}, err
		}
		if d := st.EndTime.Sub(st.StartTime.Time); d > 0 {
			stages = append(stages, wearnb.Stage{Start: st.StartTime.In(night), Duration: d, Level: level})
		}
	}
	slices.SortStableFunc(stages, func(a, b wearnb.Stage) int { return a.Start.Compare(b.Start) })
	for j := 1; j < len(stages); j++ {
		if stages[j].Start.Before(stages[j-1].End()) {
			return wearnb.Sleep{}, fieldErrorf(EndpointSleep, field+".stages", "stages overlap at %v", stages[j].Start)
		}
	}
	if !end.Before(start) { // a session that ends before it starts has no timeline for its stages
		s.Stages = wearnb.MergeStages(stages)
	}
	if len(s.Stages) == 0 {
		s.Stages = nil
	}

	// What the stages say, for what the summary does not.
	s.SumStages()
	if sum := sl.Summary; sum != nil {
		for _, m := range []struct {
			name string
			v    *Int64
			into *wearnb.Opt[time.Duration]
		}{{"minutesAfterWakeUp", sum.MinutesAfterWakeUp, nil}, {"minutesAwake", sum.MinutesAwake, nil},
			{"minutesAsleep", sum.MinutesAsleep, &s.Asleep}, {"minutesInSleepPeriod", sum.MinutesInSleepPeriod, &s.InBed},
			{"minutesToFallAsleep", sum.MinutesToFallAsleep, &s.Latency}} {
			v, err := summaryMinutes(field+".summary."+m.name, m.v)
			if err != nil {
				return wearnb.Sleep{}, err
			}
			if m.into != nil && v.OK() {
				*m.into = v
			}
		}
		var deep, light, rem wearnb.Opt[time.Duration]
		breakdown := false
		for j, ss := range sum.StagesSummary {
			if ss.Minutes < 0 || ss.Minutes > maxMinutes {
				return wearnb.Sleep{}, fieldErrorf(EndpointSleep, fmt.Sprintf("%s.summary.stagesSummary[%d].minutes", field, j), "%d minutes out of range (0 to 7 days)", ss.Minutes)
			}
			switch ss.Type {
			case StageDeep:
				deep, breakdown = wearnb.Some(minutes(ss.Minutes)), true
			case StageLight:
				light, breakdown = wearnb.Some(minutes(ss.Minutes)), true
			case StageREM:
				rem, breakdown = wearnb.Some(minutes(ss.Minutes)), true
			}
		}
		if breakdown {
			s.Deep, s.Light, s.REM = deep, light, rem
		}
	}
	if !s.InBed.OK() && !end.Before(start) {
		s.InBed = wearnb.Some(end.Sub(start))
	}
	if on, ok := wearnb.Onset(s.Stages); ok {
		s.Latency = wearnb.Some(max(0, on.Sub(start)))
	}
	s.SetAwake()
	s.SetEfficiency()
	s.SetAwakenings()
	s.SetFlag()
	return s, nil
}

// sourceID is the last segment of the point's name, else the external id,
// else the start instant.
func sourceID(p DataPoint) string {
	if p.Name != "" {
		return path.Base(p.Name)
	}
	if m := p.Sleep.Metadata; m != nil && m.ExternalID != "" {
		return m.ExternalID
	}
	return strconv.FormatInt(p.Sleep.Interval.StartTime.Unix(), 10)
}

func minutes(n Int64) time.Duration { return time.Duration(n) * time.Minute }
