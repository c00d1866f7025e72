package metrics

import (
	"fmt"
	"math"
	"testing"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/sandbox/synth"
)

// Property tests: the metrics recover the synthetic person's documented
// habits (sandbox/synth README.md and Preset) over a year, for three seeds.

var year2023 = wearnb.Range{From: wearnb.MustDate("2023-01-01"), To: wearnb.MustDate("2023-12-31")}

type measured struct {
	mctq MCTQ
	sri  SRIResult
	rh   Rhythm
}

func measure(t *testing.T, seed int64, pr synth.Preset) measured {
	t.Helper()
	p := synth.New(synth.Config{Seed: seed, Preset: pr})
	ss := p.Sleeps(year2023)
	rows := Nightly(NightsFromSleeps(ss), Options{})
	return measured{
		mctq: ChronotypeMCTQ(rows, year2023, nil),
		sri:  SRI(SleepWakeFromSleeps(ss, year2023, time.Minute, false), 7),
		rh:   RestActivity(StepsFromHours(p.Hours(year2023)), RhythmOptions{}),
	}
}

var seeds = []int64{1, 2, 42}

func TestSynthWeekendShiftIsSocialJetlag(t *testing.T) {
	// The Typical person goes to bed 23:15 and gets up 06:45 before
	// workdays, 00:30 and 09:00 before weekend days: the midpoints of the
	// time in bed are 03:00 and 04:45, 105 min apart. Onset latency and the
	// wake before rising are drawn alike on both kinds of night, so MCTQ's
	// MSF − MSW should recover 105 min. Margin ±15 min: the clamps, the jet
	// lag nights of two trips a year and about 100 free nights' sampling
	// noise (SD of a night's midpoint ≈ 30 min → SE ≈ 3 min) stay inside it.
	for _, seed := range seeds {
		m := measure(t, seed, synth.Typical).mctq
		if m.SJLRel < 90 || m.SJLRel > 120 {
			t.Errorf("seed %d: relative social jetlag %.1f min, want 105 ± 15 (free days later)", seed, m.SJLRel)
		}
		if math.Abs(m.WD-5) > 0.05 || m.FreeNights < 95 { // 2023 has 105 weekend days: WD = 7·260/365 = 4.99
			t.Errorf("seed %d: WD %.2f, free nights %d", seed, m.WD, m.FreeNights)
		}
	}
}

func TestSynthRegularityPresets(t *testing.T) {
	for _, seed := range seeds {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			typ := measure(t, seed, synth.Typical)
			reg := measure(t, seed, synth.Regular)
			irr := measure(t, seed, synth.Irregular)
			// Regular (23:00 ± 5 to 07:00 ± 5, no naps): near 100. What is
			// left is the brief awakenings and onset latency.
			if reg.sri.SRI < 90 {
				t.Errorf("Regular SRI %.1f, want ≥ 90", reg.sri.SRI)
			}
			if reg.mctq.SJL > 10 {
				t.Errorf("Regular social jetlag %.1f min, want < 10 (no weekend shift)", reg.mctq.SJL)
			}
			// Irregular (bed and wake ± 150 min, naps on 40 % of days): low.
			if irr.sri.SRI > 60 || irr.sri.SRI > typ.sri.SRI-20 {
				t.Errorf("Irregular SRI %.1f, want ≤ 60 and 20 below Typical (%.1f)", irr.sri.SRI, typ.sri.SRI)
			}
			// Typical sits in between: the weekend shift costs regularity.
			if typ.sri.SRI < 70 || typ.sri.SRI > reg.sri.SRI-5 {
				t.Errorf("Typical SRI %.1f, want 70..Regular−5 (%.1f)", typ.sri.SRI, reg.sri.SRI)
			}
		})
	}
}

func TestSynthDisruptedRhythm(t *testing.T) {
	// Disrupted: the Irregular schedule, fragmented nights and restless
	// evenings and mornings. Interdaily stability and relative amplitude
	// fall; L5 rises.
	for _, seed := range seeds {
		typ := measure(t, seed, synth.Typical).rh
		dis := measure(t, seed, synth.Disrupted).rh
		if dis.IS > typ.IS-0.03 {
			t.Errorf("seed %d: IS disrupted %.3f, typical %.3f: want at least 0.03 lower", seed, dis.IS, typ.IS)
		}
		if dis.RA > typ.RA-0.1 {
			t.Errorf("seed %d: RA disrupted %.3f, typical %.3f: want at least 0.1 lower", seed, dis.RA, typ.RA)
		}
		if dis.L5 < 5*typ.L5 {
			t.Errorf("seed %d: L5 disrupted %.1f, typical %.1f: want ≥ 5×", seed, dis.L5, typ.L5)
		}
		if typ.Days < 350 {
			t.Errorf("seed %d: %d valid days of steps in 2023, want ≥ 350", seed, typ.Days)
		}
	}
}
