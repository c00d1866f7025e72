package sandbox

import (
	"sort"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/sandbox/synth"
)

// Heart rate and nightly vitals, shared by the flavours: every flavour
// serves the same person's samples and nights, each in its own format.

// nightEvery is the sampling of the per-night series (Oura's heart_rate and
// hrv items, the vitals' 5-minute samples).
const nightEvery = 5 * time.Minute

// mainSleep returns the main sleep dated d that has ended by now.
func (s *Server) mainSleep(d wearnb.Date) (wearnb.Sleep, bool) {
	for _, sl := range s.sleeps(wearnb.Range{From: d, To: d}) {
		if sl.IsMain {
			return sl, true
		}
	}
	return wearnb.Sleep{}, false
}

// restingHR returns the resting heart rate reported for d: only once the
// night that ends on d is over (the device computes it with the sleep).
func (s *Server) restingHR(d wearnb.Date) (int, bool) {
	if _, ok := s.mainSleep(d); !ok {
		return 0, false
	}
	return s.src.RestingHR(d)
}

// nightStats is what a device derives from one night beside the vitals
// record: RMSSD in deep sleep and the mean heart rate outside REM.
type nightStats struct {
	vitals   wearnb.Vitals
	deepHRV  float64 // 0: no deep sample
	nonREMHR float64 // 0: no sample
}

// night returns the vitals of sleep sl and the other nightly figures.
func (s *Server) night(sl wearnb.Sleep) nightStats {
	ns := nightStats{vitals: s.src.VitalsOf(sl)}
	level := func(t time.Time) wearnb.StageLevel {
		i := sort.Search(len(sl.Stages), func(i int) bool { return sl.Stages[i].End().After(t) })
		if i < len(sl.Stages) && !t.Before(sl.Stages[i].Start) {
			return sl.Stages[i].Level
		}
		return ""
	}
	var deep, n float64
	for _, x := range skipFirst(s.src.HRV(sl.Start, sl.End, nightEvery)) {
		if level(x.Time) == wearnb.StageDeep {
			deep += x.MS
			n++
		}
	}
	if n > 0 {
		ns.deepHRV = deep / n
	}
	var sum, m float64
	for _, x := range skipFirstHR(s.src.HeartRate(sl.Start, sl.End, nightEvery)) {
		if level(x.Time) != wearnb.StageREM {
			sum += float64(x.BPM)
			m++
		}
	}
	if m > 0 {
		ns.nonREMHR = sum / m
	}
	return ns
}

func skipFirst(xs []synth.HRVSample) []synth.HRVSample {
	if len(xs) == 0 {
		return nil
	}
	return xs[1:]
}

func skipFirstHR(xs []synth.HRSample) []synth.HRSample {
	if len(xs) == 0 {
		return nil
	}
	return xs[1:]
}

// mainNights returns the main sleeps dated in r that have ended, by date.
func (s *Server) mainNights(r wearnb.Range) []wearnb.Sleep {
	var out []wearnb.Sleep
	for _, sl := range s.sleeps(r) {
		if sl.IsMain {
			out = append(out, sl)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Date.Before(out[j].Date) })
	return out
}
