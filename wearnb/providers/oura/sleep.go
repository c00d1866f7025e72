package oura

import (
	"fmt"
	"time"

	"wearnb.dev/wearnb"
)

// phaseSlot is the resolution of sleep_phase_5_min.
const phaseSlot = 5 * time.Minute

// Stages turns SleepPhase5Min into stage segments: character i covers
// [BedtimeStart + 5i min, BedtimeStart + 5(i+1) min), clipped at BedtimeEnd
// (the last slot is often partial), and neighbouring slots at the same level
// are merged. Every stage carries BedtimeStart's UTC offset, also after a DST
// change during the night. A nil or empty string gives no stages; a
// character other than '1'-'4' is a *fetch.DecodeError for
// data.sleep_phase_5_min.
func (d *SleepDoc) Stages() ([]wearnb.Stage, error) {
	if d.SleepPhase5Min == nil || *d.SleepPhase5Min == "" {
		return nil, nil
	}
	if d.BedtimeStart.IsZero() || d.BedtimeEnd.Before(d.BedtimeStart.Time) {
		return nil, decodeError("sleep", "data.bedtime_end",
			fmt.Errorf("oura: sleep %q ends (%v) before it starts (%v)", d.ID, d.BedtimeEnd.Time, d.BedtimeStart.Time))
	}
	phases := *d.SleepPhase5Min
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
			break // the string runs past bedtime_end: nothing left to cover
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

// Normalize maps one sleep document to a wearnb.Sleep:
//
//   - Start, End: bedtime_start, bedtime_end with their own offsets.
//   - Date: day. InBed: time_in_bed (End-Start when zero).
//   - Asleep: total_sleep_duration, or deep+light+REM when it is null.
//   - Latency: latency. Awake: the rest of the time in bed,
//     [wearnb.Sleep.SetAwake], so that InBed = Latency + Asleep + Awake:
//     awake_time minus latency (time_in_bed = total_sleep_duration +
//     awake_time, and Oura's awake_time includes the time before falling
//     asleep; wearnb's Awake does not).
//   - Efficiency: 100*Asleep/InBed. Awakenings: [wearnb.Awakenings] of the
//     stages, wake bouts between the first and the last sleep stage (Oura
//     has no count; a wake shorter than the 5-minute slots may not show).
//   - IsMain: type long_sleep.
//
// It does not skip deleted documents; NormalizeSleeps does.
func (d *SleepDoc) Normalize() (wearnb.Sleep, error) {
	if d.BedtimeStart.IsZero() {
		return wearnb.Sleep{}, decodeError("sleep", "data.bedtime_start",
			fmt.Errorf("oura: sleep %q has no bedtime_start", d.ID))
	}
	if d.BedtimeEnd.Before(d.BedtimeStart.Time) {
		return wearnb.Sleep{}, decodeError("sleep", "data.bedtime_end",
			fmt.Errorf("oura: sleep %q ends (%v) before it starts (%v)", d.ID, d.BedtimeEnd.Time, d.BedtimeStart.Time))
	}
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
		InBed:    seconds(d.TimeInBed),
		Deep:     secondsOf(d.DeepSleepDuration),
		Light:    secondsOf(d.LightSleepDuration),
		REM:      secondsOf(d.REMSleepDuration),
		Latency:  secondsOf(d.Latency),
		IsMain:   d.Type == SleepTypeLong,
		Stages:   stages,
	}
	if s.Date.IsZero() {
		s.Date = wearnb.DateOf(s.End)
	}
	if s.InBed <= 0 {
		s.InBed = s.End.Sub(s.Start)
	}
	if d.TotalSleepDuration != nil {
		s.Asleep = seconds(*d.TotalSleepDuration)
	} else {
		s.Asleep = s.Deep + s.Light + s.REM
	}
	s.SetAwake()
	if s.InBed > 0 {
		s.Efficiency = 100 * float64(s.Asleep) / float64(s.InBed)
	}
	s.Awakenings = wearnb.Awakenings(stages)
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

func seconds(n int) time.Duration { return time.Duration(n) * time.Second }

func secondsOf(p *int) time.Duration {
	if p == nil {
		return 0
	}
	return seconds(*p)
}
