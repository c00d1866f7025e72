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
// the sleep ends on. The time in bed splits as [wearnb.Sleep] defines
// (InBed = Latency + Asleep + Awake):
//
//   - InBed: summary.minutesInSleepPeriod (End − Start without it).
//   - Asleep: summary.minutesAsleep (LIGHT + DEEP + REM, or classic ASLEEP:
//     RESTLESS is not in it); Deep, Light and REM: summary.stagesSummary.
//     Without a summary they are summed from the stages
//     ([wearnb.Sleep.SumStages]).
//   - Latency: from Start to the first sleep stage when there are stages
//     (their instants are exact; Google's minutesToFallAsleep comes from a
//     separate restlessness algorithm), else summary.minutesToFallAsleep.
//   - Awake: the rest, [wearnb.Sleep.SetAwake]: for a consistent summary
//     minutesAwake (every AWAKE stage) − Latency + the RESTLESS minutes, i.e.
//     the wake after onset and the minutesAfterWakeUp.
//
// A point with neither summary nor stages leaves all three zero. Efficiency
// is 100 × Asleep / InBed. Awakenings is [wearnb.Awakenings] of the stages
// (wake bouts between the first and the last sleep stage). Naps
// (metadata.nap) have IsMain false.
//
// A malformed point is a *fetch.DecodeError naming the field, e.g.
// "dataPoints[3].sleep.stages[2].type".
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

func checkInterval(field string, start, end time.Time) error {
	switch {
	case start.IsZero():
		return fieldErrorf(EndpointSleep, field+".startTime", "missing start time")
	case end.IsZero():
		return fieldErrorf(EndpointSleep, field+".endTime", "missing end time")
	case end.Before(start):
		return fieldErrorf(EndpointSleep, field+".endTime", "ends (%v) before it starts (%v)", end, start)
	case end.Sub(start) > 7*24*time.Hour:
		return fieldErrorf(EndpointSleep, field+".endTime", "lasts %v", end.Sub(start))
	}
	return nil
}

func normalizeSleep(p DataPoint, field string) (wearnb.Sleep, error) {
	sl := p.Sleep
	iv := sl.Interval
	if err := checkInterval(field+".interval", iv.StartTime.Time, iv.EndTime.Time); err != nil {
		return wearnb.Sleep{}, err
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
		if err := checkInterval(f, st.StartTime.Time, st.EndTime.Time); err != nil {
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
	s.Stages = wearnb.MergeStages(stages)
	if len(s.Stages) == 0 {
		s.Stages = nil
	}

	if sum := sl.Summary; sum != nil {
		for _, m := range []struct {
			name string
			v    Int64
		}{{"minutesAfterWakeUp", sum.MinutesAfterWakeUp}, {"minutesAsleep", sum.MinutesAsleep}, {"minutesAwake", sum.MinutesAwake},
			{"minutesInSleepPeriod", sum.MinutesInSleepPeriod}, {"minutesToFallAsleep", sum.MinutesToFallAsleep}} {
			if m.v < 0 || m.v > 7*24*60 {
				return wearnb.Sleep{}, fieldErrorf(EndpointSleep, field+".summary."+m.name, "%d minutes out of range", m.v)
			}
		}
		s.Asleep = minutes(sum.MinutesAsleep)
		s.InBed = minutes(sum.MinutesInSleepPeriod)
		s.Latency = minutes(sum.MinutesToFallAsleep)
		for j, ss := range sum.StagesSummary {
			if ss.Minutes < 0 || ss.Minutes > 7*24*60 {
				return wearnb.Sleep{}, fieldErrorf(EndpointSleep, fmt.Sprintf("%s.summary.stagesSummary[%d].minutes", field, j), "%d minutes out of range", ss.Minutes)
			}
			switch ss.Type {
			case StageDeep:
				s.Deep = minutes(ss.Minutes)
			case StageLight:
				s.Light = minutes(ss.Minutes)
			case StageREM:
				s.REM = minutes(ss.Minutes)
			}
		}
	} else {
		s.SumStages()
	}
	if s.InBed == 0 {
		s.InBed = end.Sub(start)
	}
	if on, ok := wearnb.Onset(s.Stages); ok {
		s.Latency = max(0, on.Sub(start))
	}
	if sl.Summary != nil || len(s.Stages) > 0 {
		s.SetAwake()
	}
	if s.InBed > 0 {
		s.Efficiency = 100 * float64(s.Asleep) / float64(s.InBed)
	}
	s.Awakenings = wearnb.Awakenings(s.Stages)
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
