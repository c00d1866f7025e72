package oura

import (
	"fmt"
	"time"

	"wearnb.dev/wearnb"
)

// phaseSlot is the resolution of sleep_phase_5_min.
const phaseSlot = 5 * time.Minute

// maxPhases is the longest sleep_phase_5_min string a record may have:
// wearnb.MaxSpan of 5-minute slots (2016 characters, 7 days). A longer one
// is garbage, not a night, and is rejected before any stage is built.
const maxPhases = int(wearnb.MaxSpan / phaseSlot)

// Stages turns SleepPhase5Min into stage segments: character i covers
// [BedtimeStart + 5i min, BedtimeStart + 5(i+1) min), clipped at BedtimeEnd
// (the last slot is often partial, and characters past bedtime_end are
// ignored), and neighbouring slots at the same level are merged. Every
// stage carries BedtimeStart's UTC offset, also after a DST change during
// the night. A nil or empty string gives no stages, and so does a period
// that ends before it starts (flagged by Normalize). A character other than
// '1'-'4', or a string longer than 2016 characters (7 days of slots, see
// wearnb.MaxSpan), is a *fetch.DecodeError for data.sleep_phase_5_min, so no
// payload expands into more stages than a week of 5-minute slots.
// sleep_phase_30_sec, app_sleep_phase_5_min and movement_30_sec are kept as
// sent and never expanded.
func (d *SleepDoc) Stages() ([]wearnb.Stage, error) {
	if d.SleepPhase5Min == nil || *d.SleepPhase5Min == "" {
		return nil, nil
	}
	phases := *d.SleepPhase5Min
	if len(phases) > maxPhases {
		return nil, decodeError("sleep", "data.sleep_phase_5_min",
			fmt.Errorf("oura: sleep %q: %d phase characters, more than %d (7 days of 5-minute slots)", d.ID, len(phases), maxPhases))
	}
	if d.BedtimeStart.IsZero() || d.BedtimeEnd.IsZero() || d.BedtimeEnd.Before(d.BedtimeStart.Time) {
		for i := 0; i < len(phases); i++ {
			if _, ok := phaseLevel(phases[i]); !ok {
				return nil, decodeError("sleep", "data.sleep_phase_5_min",
					fmt.Errorf("oura: sleep %q: unknown phase %q at position %d (want 1-4)", d.ID, phases[i], i))
			}
		}
		return nil, nil // no interval to place them in
	}
	start, end := d.BedtimeStart.Time, d.BedtimeEnd.Time
	var out []wearnb.Stage
	for i := 0; i < len(phases); i++ {
		level, ok := phaseLevel(phases[i])
		if !ok {
			return nil, decodeError("sleep", "data.sleep_phase_5_min",
				fmt.Errorf("oura: sleep %q: unknown phase %q at position %d (want 1-4)", d.ID, phases[i], i))
		}
		from := start.Add(time.Duration(i) * phaseSlot)
		if !from.Before(end) {
			continue // the string runs past bedtime_end: nothing left to cover
		}
		dur := phaseSlot
		if rest := end.Sub(from); rest < dur {
			dur = rest
		}
		out = wearnb.AppendStage(out, wearnb.Stage{Start: from, Duration: dur, Level: level})
	}
	return out, nil
}

func phaseLevel(c byte) (wearnb.StageLevel, bool) {
	switch c {
	case '1':
		return wearnb.StageDeep, true
	case '2':
		return wearnb.StageLight, true
	case '3':
		return wearnb.StageREM, true
	case '4':
		return wearnb.StageWake, true
	}
	return "", false
}

// Normalize maps one sleep document to a wearnb.Sleep, setting only what
// the document says (a null or absent value is missing, never 0):
//
//   - Start, End: bedtime_start, bedtime_end with their own offsets.
//   - Date: day (the local date of End when absent). InBed: time_in_bed,
//     End − Start when absent.
//   - Asleep: total_sleep_duration; when it is null, deep + light + REM
//     (Oura's total is their sum), missing when one of them is null too.
//   - Deep, Light, REM, Latency: deep_sleep_duration, light_sleep_duration,
//     rem_sleep_duration, latency. Awake: the rest of the time in bed,
//     [wearnb.Sleep.SetAwake], so that InBed = Latency + Asleep + Awake:
//     awake_time minus latency (time_in_bed = total_sleep_duration +
//     awake_time, and Oura's awake_time includes the time before falling
//     asleep; wearnb's Awake does not).
//   - Efficiency: 100*Asleep/InBed. Awakenings: [wearnb.Awakenings] of the
//     stages, wake bouts between the first and the last sleep stage (Oura
//     has no count; a wake shorter than the 5-minute slots may not show);
//     missing without stages.
//   - IsMain: type long_sleep, unless the record is flagged.
//   - Flag ([wearnb.Sleep.SetFlag]): a period that ends before it starts,
//     lasts more than 24 h, has a time_in_bed of 0 or no sleep at all
//     (total_sleep_duration 0, or null with deep, light and REM all 0) is
//     kept but flagged. A rest period whose durations are all null is not
//     flagged: nothing says it had no sleep.
//
// A duration that is negative or longer than 7 days (wearnb.MaxSpan: 9.3e9
// seconds would overflow time.Duration), a period longer than 7 days, a
// missing bedtime, or a phase string no night can have (see Stages) is a
// *fetch.DecodeError naming the field. It does not skip deleted documents;
// NormalizeSleeps does.
func (d *SleepDoc) Normalize() (wearnb.Sleep, error) {
	if d.BedtimeStart.IsZero() {
		return wearnb.Sleep{}, decodeError("sleep", "data.bedtime_start",
			fmt.Errorf("oura: sleep %q has no bedtime_start", d.ID))
	}
	if d.BedtimeEnd.IsZero() {
		return wearnb.Sleep{}, decodeError("sleep", "data.bedtime_end",
			fmt.Errorf("oura: sleep %q has no bedtime_end", d.ID))
	}
	if span := d.BedtimeEnd.Sub(d.BedtimeStart.Time); span > wearnb.MaxSpan || span < -wearnb.MaxSpan {
		return wearnb.Sleep{}, decodeError("sleep", "data.bedtime_end",
			fmt.Errorf("oura: sleep %q: bedtime_end is %v from bedtime_start, more than 7 days", d.ID, span.Round(time.Hour)))
	}
	var dur [7]wearnb.Opt[time.Duration]
	for i, f := range []struct {
		name string
		v    *int
	}{{"time_in_bed", d.TimeInBed}, {"total_sleep_duration", d.TotalSleepDuration}, {"deep_sleep_duration", d.DeepSleepDuration},
		{"light_sleep_duration", d.LightSleepDuration}, {"rem_sleep_duration", d.REMSleepDuration}, {"latency", d.Latency},
		{"awake_time", d.AwakeTime}} {
		var err error
		if dur[i], err = secondsOf(d.ID, f.name, f.v); err != nil {
			return wearnb.Sleep{}, err
		}
	}
	inBed, total := dur[0], dur[1]
	stages, err := d.Stages()
	if err != nil {
		return wearnb.Sleep{}, err
	}
	s := wearnb.Sleep{
		Provider: Name,
		SourceID: d.ID,
		Start:    d.BedtimeStart.Time,
		End:      d.BedtimeEnd.Time,
		Date:     d.Day.Date,
		InBed:    inBed,
		Deep:     dur[2],
		Light:    dur[3],
		REM:      dur[4],
		Latency:  dur[5],
		IsMain:   d.Type == SleepTypeLong,
		Stages:   stages,
	}
	if s.Date.IsZero() {
		s.Date = wearnb.DateOf(s.End)
	}
	if !s.InBed.OK() && !s.End.Before(s.Start) {
		s.InBed = wearnb.Some(s.End.Sub(s.Start))
	}
	s.Asleep = total
	if !total.OK() {
		s.Asleep = wearnb.Sum(s.Deep, s.Light, s.REM)
	}
	s.SetAwake()
	s.SetEfficiency()
	s.SetAwakenings()
	s.SetFlag()
	return s, nil
}

// NormalizeSleeps normalizes docs in order, skipping deleted periods. An
// empty input gives an empty (nil) result.
func NormalizeSleeps(docs []SleepDoc) ([]wearnb.Sleep, error) {
	var out []wearnb.Sleep
	for i := range docs {
		if docs[i].Type == SleepTypeDeleted {
			continue
		}
		s, err := docs[i].Normalize()
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// secondsOf reads a duration field in seconds: missing when null or
// absent, a *fetch.DecodeError naming data.<field> when negative or longer
// than wearnb.MaxSpan (which also keeps it from overflowing time.Duration).
func secondsOf(id, field string, p *int) (wearnb.Opt[time.Duration], error) {
	if p == nil {
		return wearnb.Opt[time.Duration]{}, nil
	}
	switch n := *p; {
	case n < 0:
		return wearnb.Opt[time.Duration]{}, decodeError("sleep", "data."+field,
			fmt.Errorf("oura: sleep %q: %s is %d s, a negative duration", id, field, n))
	case int64(n) > int64(wearnb.MaxSpan/time.Second):
		return wearnb.Opt[time.Duration]{}, decodeError("sleep", "data."+field,
			fmt.Errorf("oura: sleep %q: %s is %d s, more than 7 days", id, field, n))
	}
	return wearnb.Some(time.Duration(*p) * time.Second), nil
}
