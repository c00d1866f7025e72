package jawbone

import (
	"sort"
	"time"

	"wearnb.dev/wearnb"
)

// Location returns the sleep's zone (details.tz), or UTC when it names none.
func (s *SleepItem) Location() *time.Location {
	if l := s.Details.TZ.Location(); l != nil {
		return l
	}
	return time.UTC
}

// Sleep maps the sleep to wearnb.Sleep, with stages from ticks (nil for
// none):
//
//   - Start: time_created; End: time_completed (awake_time, then Start +
//     duration, when missing); both in details.tz.
//   - InBed: duration (End-Start when zero). Deep: sound. Light: light.
//     REM: rem. Asleep: light+sound+rem.
//   - Latency: asleep_time - time_created. Awake: the rest of the time in
//     bed, [wearnb.Sleep.SetAwake], so that InBed = Latency + Asleep + Awake:
//     awake - Latency (duration = light + sound + rem + awake, and Jawbone's
//     awake includes the time before falling asleep; wearnb's Awake does
//     not).
//   - Efficiency: 100*Asleep/InBed. Awakenings: awakenings.
//   - IsMain is left false: it depends on the other sleeps of the date; see
//     MarkMain.
//
// Each tick lasts until the next one and the last until End; ticks are
// clipped to [Start, End) and neighbours at one depth merged. A depth other
// than 1-3 is a *fetch.DecodeError for data.items.depth of the ticks.
func (s *SleepItem) Sleep(ticks []Tick) (wearnb.Sleep, error) {
	loc := s.Location()
	d := &s.Details
	start := s.TimeCreated.Time(loc)
	end := s.TimeCompleted.Time(loc)
	if end.IsZero() {
		end = d.AwakeTime.Time(loc)
	}
	if end.IsZero() && !start.IsZero() {
		end = start.Add(seconds(d.Duration))
	}
	if start.IsZero() || end.Before(start) {
		return wearnb.Sleep{}, decodeError(endpointSleeps, "data.items.time_created",
			errorf("sleep %q: no valid time_created/time_completed (%d, %d)", s.XID, s.TimeCreated, s.TimeCompleted))
	}
	out := wearnb.Sleep{
		Provider:   Name,
		SourceID:   s.XID,
		Start:      start,
		End:        end,
		Date:       s.Date.Date,
		InBed:      seconds(d.Duration),
		Deep:       seconds(d.Sound),
		Light:      seconds(d.Light),
		REM:        seconds(d.REM),
		Awakenings: int(d.Awakenings),
	}
	if out.Date.IsZero() {
		out.Date = wearnb.DateOf(end)
	}
	if out.InBed <= 0 {
		out.InBed = end.Sub(start)
	}
	out.Asleep = out.Deep + out.Light + out.REM
	if d.AsleepTime >= s.TimeCreated && d.AsleepTime != 0 {
		out.Latency = time.Duration(d.AsleepTime-s.TimeCreated) * time.Second
	}
	out.SetAwake()
	if out.InBed > 0 {
		out.Efficiency = 100 * float64(out.Asleep) / float64(out.InBed)
	}
	st, err := Stages(ticks, start, end)
	if err != nil {
		return wearnb.Sleep{}, err
	}
	out.Stages = st
	return out, nil
}

// Stages turns sleep ticks into stage segments over [start, end): each tick
// lasts until the next (ticks are taken in time order) and the last until
// end; depth 1 is wake, 2 light, 3 deep. Segments are clipped to [start,
// end) and neighbours at one level merged. Times are in start's location.
func Stages(ticks []Tick, start, end time.Time) ([]wearnb.Stage, error) {
	if len(ticks) == 0 {
		return nil, nil
	}
	ts := make([]Tick, len(ticks))
	copy(ts, ticks)
	sort.SliceStable(ts, func(i, j int) bool { return ts[i].Time < ts[j].Time })
	loc := start.Location()
	var out []wearnb.Stage
	for i, t := range ts {
		level, ok := depthLevel(t.Depth)
		if !ok {
			return nil, decodeError(endpointTicks, "data.items.depth",
				errorf("tick at %d: unknown depth %d (want 1-3)", t.Time, t.Depth))
		}
		from := t.Time.Time(loc)
		to := end
		if i+1 < len(ts) {
			to = ts[i+1].Time.Time(loc)
		}
		if from.Before(start) {
			from = start
		}
		if to.After(end) {
			to = end
		}
		if !from.Before(to) {
			continue
		}
		out = wearnb.AppendStage(out, wearnb.Stage{Start: from, Duration: to.Sub(from), Level: level})
	}
	return out, nil
}

func depthLevel(d Int) (wearnb.StageLevel, bool) {
	switch d {
	case 1:
		return wearnb.StageWake, true
	case 2:
		return wearnb.StageLight, true
	case 3:
		return wearnb.StageDeep, true
	}
	return "", false
}

// MinMainSleep is the least time in bed of a main sleep: shorter periods are
// naps, as at Fitbit and Google, whose logs under 3 hours are naps.
const MinMainSleep = 3 * time.Hour

// MarkMain sets IsMain on the main sleep of each date: of the sleeps at least
// MinMainSleep long, the one with the most sleep (then the longest in bed,
// then the earliest). A date whose night was not recorded has only naps and
// no main sleep. Jawbone has no main-sleep flag; sub_type is 0 or 2 on full
// nights in real payloads.
func MarkMain(sleeps []wearnb.Sleep) {
	best := map[wearnb.Date]int{}
	for i := range sleeps {
		sleeps[i].IsMain = false
		inBed := sleeps[i].InBed
		if inBed == 0 {
			inBed = sleeps[i].End.Sub(sleeps[i].Start)
		}
		if inBed < MinMainSleep {
			continue
		}
		j, ok := best[sleeps[i].Date]
		if !ok || longer(sleeps[i], sleeps[j]) {
			best[sleeps[i].Date] = i
		}
	}
	for _, i := range best {
		sleeps[i].IsMain = true
	}
}

func longer(a, b wearnb.Sleep) bool {
	if a.Asleep != b.Asleep {
		return a.Asleep > b.Asleep
	}
	if a.InBed != b.InBed {
		return a.InBed > b.InBed
	}
	return a.Start.Before(b.Start)
}

func seconds(n Int) time.Duration { return time.Duration(n) * time.Second }
