package wearnb

import "time"

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
	first, last := -1, -1
	for i, st := range stages {
		if st.Level.IsSleep() {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
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

// SumStages sets s's stage totals from s.Stages:
//
//   - Deep, Light and REM: the total duration of each level;
//   - Asleep: Deep + Light + REM + the classic [StageAsleep] time;
//   - Awake: all [StageWake] time, the latency and the wake before getting
//     up included;
//   - Latency: the wake time before the first sleep stage (all of it when
//     there is none).
//
// [StageRestless] time counts in neither Asleep nor Awake. Other fields,
// InBed, Efficiency and Awakenings among them, are left as they are.
func (s *Sleep) SumStages() {
	var asleep, deep, light, rem, awake, latency time.Duration
	onset := false
	for _, st := range s.Stages {
		switch st.Level {
		case StageDeep:
			deep += st.Duration
		case StageLight:
			light += st.Duration
		case StageREM:
			rem += st.Duration
		case StageAsleep:
			asleep += st.Duration
		case StageWake:
			awake += st.Duration
			if !onset {
				latency += st.Duration
			}
		}
		onset = onset || st.Level.IsSleep()
	}
	s.Deep, s.Light, s.REM = deep, light, rem
	s.Asleep = deep + light + rem + asleep
	s.Awake, s.Latency = awake, latency
}
