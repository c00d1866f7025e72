package wearnb

import "time"

// SleepSpan returns the indexes of the first and the last sleep stage of
// stages (in time order), or -1, -1 without one: the span between sleep
// onset and the final awakening that [Awakenings] and [WASO] measure.
func SleepSpan(stages []Stage) (first, last int) {
	first, last = -1, -1
	for i, st := range stages {
		if st.Level.IsSleep() {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	return first, last
}

// Awakenings counts the wake bouts of a sleep from its stages (in time
// order): maximal runs of [StageWake] stages that start after the first
// sleep stage and end before the last one. Consecutive wake stages are one
// bout. Wake before falling asleep (the onset latency) and wake after the
// last sleep stage (getting up) are not awakenings, so a night that ends
// awake counts the same as one that ends asleep. Without sleep stages the
// count is zero.
//
// Every provider client that derives the count from stages uses it, and so
// does the synthetic person the sandbox serves.
func Awakenings(stages []Stage) int {
	first, last := SleepSpan(stages)
	n := 0
	for i := first + 1; first >= 0 && i < last; i++ {
		if stages[i].Level == StageWake && stages[i-1].Level != StageWake {
			n++
		}
	}
	return n
}

// AppendStage appends s to stages, which are in time order, or lengthens
// the last stage instead when it has s's level and ends exactly where s
// starts. Building stages with it keeps neighbours at one level merged.
func AppendStage(stages []Stage, s Stage) []Stage {
	if n := len(stages); n > 0 && stages[n-1].Level == s.Level && stages[n-1].End().Equal(s.Start) {
		stages[n-1].Duration += s.Duration
		return stages
	}
	return append(stages, s)
}

// MergeStages joins neighbouring stages at one level where the first ends
// exactly as the next starts, and returns the shortened slice. Stages at one
// level with a gap between them stay apart. Like slices.Compact, it works in
// place: the result shares stages' backing array, whose tail it zeroes.
func MergeStages(stages []Stage) []Stage {
	out := stages[:0]
	for _, s := range stages {
		out = AppendStage(out, s)
	}
	clear(stages[len(out):])
	return out
}

// Onset returns the start of the first sleep stage of stages (in time
// order): sleep onset, the first stage whose level [StageLevel.IsSleep]. It
// reports false when no stage is a sleep stage.
func Onset(stages []Stage) (time.Time, bool) {
	for _, st := range stages {
		if st.Level.IsSleep() {
			return st.Start, true
		}
	}
	return time.Time{}, false
}

// WASO returns the wake after sleep onset of stages (in time order): the
// total duration of the [StageWake] stages after the first sleep stage and
// before the last one, the wake between falling asleep and the final
// awakening. It is the time of the bouts [Awakenings] counts.
// Wake before falling asleep, wake after the last sleep stage and restless
// time are not in it, so Sleep.Awake is WASO plus the wake before rising
// plus the restless time. Without a sleep stage there is no sleep onset,
// and WASO is missing (not zero).
func WASO(stages []Stage) Opt[time.Duration] {
	first, last := SleepSpan(stages)
	if first < 0 {
		return Opt[time.Duration]{}
	}
	var d time.Duration
	for i := first + 1; i < last; i++ {
		if stages[i].Level == StageWake {
			d += stages[i].Duration
		}
	}
	return Some(d)
}

// SumStages sets s's stage totals from s.Stages, splitting the stages' time
// as [Sleep] splits the time in bed:
//
//   - Deep, Light and REM: the total duration of each level, when some
//     stage is deep, light or REM; missing for classic stages (asleep,
//     restless, wake), which have no such breakdown;
//   - Asleep: Deep + Light + REM + the classic [StageAsleep] time;
//   - Latency: the wake time before the first sleep stage (all of it when
//     there is none);
//   - Awake: the rest after sleep onset: [StageWake] time after the first
//     sleep stage (the wake before getting up included) and all
//     [StageRestless] time.
//
// So Latency + Asleep + Awake is the stages' total duration, InBed when they
// tile [Start, End). Without stages every one of these is missing: no
// stages say nothing. Other fields, InBed, Efficiency and Awakenings among
// them, are left as they are.
func (s *Sleep) SumStages() {
	var asleep, deep, light, rem, awake, latency time.Duration
	onset, breakdown := false, false
	for _, st := range s.Stages {
		onset = onset || st.Level.IsSleep()
		switch st.Level {
		case StageDeep:
			deep += st.Duration
			breakdown = true
		case StageLight:
			light += st.Duration
			breakdown = true
		case StageREM:
			rem += st.Duration
			breakdown = true
		case StageAsleep:
			asleep += st.Duration
		default: // wake, restless and any level without a total of its own
			if onset {
				awake += st.Duration
			} else {
				latency += st.Duration
			}
		}
	}
	if len(s.Stages) == 0 {
		s.Deep, s.Light, s.REM = Opt[time.Duration]{}, Opt[time.Duration]{}, Opt[time.Duration]{}
		s.Asleep, s.Awake, s.Latency = Opt[time.Duration]{}, Opt[time.Duration]{}, Opt[time.Duration]{}
		return
	}
	if breakdown {
		s.Deep, s.Light, s.REM = Some(deep), Some(light), Some(rem)
	} else {
		s.Deep, s.Light, s.REM = Opt[time.Duration]{}, Opt[time.Duration]{}, Opt[time.Duration]{}
	}
	s.Asleep = Some(deep + light + rem + asleep)
	s.Awake, s.Latency = Some(awake), Some(latency)
}

// SetAwake sets Awake to the time in bed neither before sleep onset nor
// asleep, InBed − Latency − Asleep, so that InBed = Latency + Asleep + Awake
// (see [Sleep]). Provider clients call it once InBed, Latency and Asleep are
// set from the provider's numbers. Awake is missing when any of the three
// is.
//
// Numbers that do not fit in the time in bed (Latency + Asleep > InBed,
// which a self-consistent payload never has) are trimmed: Latency is cut to
// InBed − Asleep (down to zero) and Awake is zero. When Asleep alone exceeds
// InBed nothing can make the durations add up, and Latency and Awake are both
// zero (the record is flagged [FlagAsleepOverInBed]).
func (s *Sleep) SetAwake() {
	inBed, okBed := s.InBed.Get()
	asleep, okAsleep := s.Asleep.Get()
	lat, okLat := s.Latency.Get()
	if okBed && okAsleep && okLat {
		lat = max(0, min(lat, inBed-asleep))
		s.Latency = Some(lat)
		s.Awake = Some(max(0, inBed-lat-asleep))
		return
	}
	s.Awake = Opt[time.Duration]{}
}

// SetEfficiency sets Efficiency to 100 × Asleep / InBed, the sleep
// efficiency in percent; missing when either is missing or InBed is zero.
func (s *Sleep) SetEfficiency() {
	inBed, okBed := s.InBed.Get()
	asleep, okAsleep := s.Asleep.Get()
	if okBed && okAsleep && inBed > 0 {
		s.Efficiency = Some(100 * float64(asleep) / float64(inBed))
		return
	}
	s.Efficiency = Opt[float64]{}
}

// SetAwakenings sets Awakenings to [Awakenings] of s.Stages when the stages
// have a sleep stage to count wake bouts after; missing otherwise (no
// stages say nothing about awakenings).
func (s *Sleep) SetAwakenings() {
	if _, ok := Onset(s.Stages); ok {
		s.Awakenings = Some(Awakenings(s.Stages))
		return
	}
	s.Awakenings = Opt[int]{}
}
