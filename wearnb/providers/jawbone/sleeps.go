package jawbone

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
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
// none). A total Jawbone did not send ("" and null included) is missing,
// never 0, as is what is derived from it:
//
//   - Start: time_created; End: time_completed (awake_time, then Start +
//     duration, when missing); both in details.tz.
//   - InBed: duration (End − Start when missing). Deep: sound. Light:
//     light. REM: rem.
//   - Asleep: light + sound + rem. Without rem, light + sound: UP bands
//     without REM detection send none, and Jawbone's own total (the title,
//     "for 7h 24m" on a real item without rem) is light + sound. Without
//     light or sound, the title's total, to the minute ("for 0m" is no
//     sleep at all); missing when the title has none either.
//   - Latency: asleep_time − time_created (missing without asleep_time).
//     Awake: the rest of the time in bed, [wearnb.Sleep.SetAwake], so that
//     InBed = Latency + Asleep + Awake: awake − Latency (duration = light +
//     sound + rem + awake, and Jawbone's awake includes the time before
//     falling asleep; wearnb's Awake does not).
//   - Efficiency: 100*Asleep/InBed. Awakenings: awakenings, else the wake
//     bouts of the ticks ([wearnb.Awakenings]), else missing.
//   - Flag ([wearnb.Sleep.SetFlag]): a sleep of no sleep at all (the real
//     "for 0m" item, every stage 0), of zero length, ending before it
//     starts (no stages then) or longer than 24 h is kept but flagged.
//   - IsMain is left false: it depends on the other sleeps of the date; see
//     MarkMain, which never picks a flagged sleep.
//
// A negative total, one longer than 7 days (wearnb.MaxSpan), a sleep
// longer than that, or one without any end time is a *fetch.DecodeError
// naming the field.
//
// Each tick lasts until the next one and the last until End; ticks are
// clipped to [Start, End) and neighbours at one depth merged. A depth other
// than 1-3, or more than wearnb.MaxStages ticks, is a *fetch.DecodeError
// for data.items of the ticks.
func (s *SleepItem) Sleep(ticks []Tick) (wearnb.Sleep, error) {
	loc := s.Location()
	d := &s.Details
	var totals [5]wearnb.Opt[time.Duration]
	for i, f := range []struct {
		name string
		v    OptInt
	}{{"duration", d.Duration}, {"light", d.Light}, {"sound", d.Sound}, {"rem", d.REM}, {"awake", d.Awake}} {
		n, ok := f.v.Get()
		switch {
		case !ok:
			continue
		case n < 0:
			return wearnb.Sleep{}, decodeError(endpointSleeps, "data.items.details."+f.name,
				errorf("sleep %q: %s is %d s, a negative duration", s.XID, f.name, n))
		case n > int64(wearnb.MaxSpan/time.Second):
			return wearnb.Sleep{}, decodeError(endpointSleeps, "data.items.details."+f.name,
				errorf("sleep %q: %s is %d s, more than 7 days", s.XID, f.name, n))
		}
		totals[i] = wearnb.Some(seconds(Int(n)))
	}
	if n, ok := d.Awakenings.Get(); ok && (n < 0 || n > int64(wearnb.MaxStages)) {
		return wearnb.Sleep{}, decodeError(endpointSleeps, "data.items.details.awakenings",
			errorf("sleep %q: %d awakenings", s.XID, n))
	}
	start := s.TimeCreated.Time(loc)
	end := s.TimeCompleted.Time(loc)
	if end.IsZero() {
		end = d.AwakeTime.Time(loc)
	}
	if inBed, ok := totals[0].Get(); end.IsZero() && ok && !start.IsZero() {
		end = start.Add(inBed)
	}
	if start.IsZero() {
		return wearnb.Sleep{}, decodeError(endpointSleeps, "data.items.time_created",
			errorf("sleep %q has no time_created", s.XID))
	}
	if end.IsZero() {
		return wearnb.Sleep{}, decodeError(endpointSleeps, "data.items.time_completed",
			errorf("sleep %q has no time_completed, awake_time or duration", s.XID))
	}
	if span := end.Sub(start); span > wearnb.MaxSpan || span < -wearnb.MaxSpan {
		return wearnb.Sleep{}, decodeError(endpointSleeps, "data.items.time_completed",
			errorf("sleep %q: time_completed is %v from time_created, more than 7 days", s.XID, span.Round(time.Hour)))
	}
	out := wearnb.Sleep{
		Provider:   Name,
		SourceID:   s.XID,
		Start:      start,
		End:        end,
		Date:       s.Date.Date,
		InBed:      totals[0],
		Light:      totals[1],
		Deep:       totals[2],
		REM:        totals[3],
		Awakenings: intOpt(d.Awakenings),
	}
	if out.Date.IsZero() {
		out.Date = wearnb.DateOf(end)
	}
	if !out.InBed.OK() && !end.Before(start) {
		out.InBed = wearnb.Some(end.Sub(start))
	}
	switch {
	case out.REM.OK():
		out.Asleep = wearnb.Sum(out.Light, out.Deep, out.REM)
	default:
		out.Asleep = wearnb.Sum(out.Light, out.Deep)
	}
	if !out.Asleep.OK() {
		out.Asleep = titleAsleep(s.Title)
	}
	if d.AsleepTime >= s.TimeCreated && d.AsleepTime != 0 {
		out.Latency = wearnb.Some(time.Duration(d.AsleepTime-s.TimeCreated) * time.Second)
	}
	out.SetAwake()
	out.SetEfficiency()
	if !end.Before(start) {
		st, err := Stages(ticks, start, end)
		if err != nil {
			return wearnb.Sleep{}, err
		}
		out.Stages = st
	}
	if !out.Awakenings.OK() {
		out.SetAwakenings()
	}
	out.SetFlag()
	return out, nil
}

// titleTotal reads Jawbone's title of a sleep, "for 7h 45m", "for 43m",
// "for 0m": the time asleep to the minute, as the app showed it.
var titleTotal = regexp.MustCompile(`^for (?:(\d{1,3})h)? ?(?:(\d{1,2})m)?$`)

// titleAsleep is the time asleep a sleep's title gives, missing when the
// title has none.
func titleAsleep(title string) wearnb.Opt[time.Duration] {
	m := titleTotal.FindStringSubmatch(strings.TrimSpace(title))
	if m == nil || m[1] == "" && m[2] == "" {
		return wearnb.Opt[time.Duration]{}
	}
	h, _ := strconv.Atoi(m[1])
	mins, _ := strconv.Atoi(m[2])
	return wearnb.Some(time.Duration(h)*time.Hour + time.Duration(mins)*time.Minute)
}

// Stages turns sleep ticks into stage segments over [start, end): each tick
// lasts until the next (ticks are taken in time order) and the last until
// end; depth 1 is wake, 2 light, 3 deep. Segments are clipped to [start,
// end) and neighbours at one level merged. Times are in start's location.
// More than wearnb.MaxStages ticks is an error: no sleep has that many.
func Stages(ticks []Tick, start, end time.Time) ([]wearnb.Stage, error) {
	if len(ticks) == 0 {
		return nil, nil
	}
	if len(ticks) > wearnb.MaxStages {
		return nil, decodeError(endpointTicks, "data.items",
			errorf("%d ticks, more than %d (7 days of 30-second ticks)", len(ticks), wearnb.MaxStages))
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

// MarkMain sets IsMain on the main sleep of each date: of the plausible
// sleeps (no Flag) at least MinMainSleep long, the one with the most sleep
// (then the longest in bed, then the earliest). A date whose night was not
// recorded, or whose only night is flagged (the real "for 0m" item), has
// only naps and no main sleep. Jawbone has no main-sleep flag; sub_type is
// 0 or 2 on full nights in real payloads.
func MarkMain(sleeps []wearnb.Sleep) {
	best := map[wearnb.Date]int{}
	for i := range sleeps {
		sleeps[i].IsMain = false
		if sleeps[i].Flag != "" {
			continue
		}
		if inBed(sleeps[i]) < MinMainSleep {
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

// inBed is the time in bed, End − Start when unknown.
func inBed(s wearnb.Sleep) time.Duration { return s.InBed.Or(s.End.Sub(s.Start)) }

func longer(a, b wearnb.Sleep) bool {
	if x, y := a.Asleep.Or(-1), b.Asleep.Or(-1); x != y {
		return x > y
	}
	if x, y := inBed(a), inBed(b); x != y {
		return x > y
	}
	return a.Start.Before(b.Start)
}

func seconds(n Int) time.Duration { return time.Duration(n) * time.Second }
