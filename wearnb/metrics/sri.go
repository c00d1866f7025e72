package metrics

import (
	"fmt"
	"math"
	"time"

	"wearnb.dev/wearnb"
)

// State is the sleep/wake state of one epoch. The zero value is Missing:
// an epoch nobody filled in is unknown, never wake.
type State int8

// States of a SleepWake epoch.
const (
	Missing State = iota
	Wake
	Sleep
)

// SleepWake is a sleep/wake series on the local clock: one row per local
// date from First, M() = 24h/Epoch epochs per row, epoch i of a row starting
// at clock time i·Epoch. State is row-major, len = days·M().
type SleepWake struct {
	First wearnb.Date
	Epoch time.Duration
	State []State
}

// NewSleepWake returns an all-missing grid of days rows. It panics when the
// epoch does not divide 24 hours.
func NewSleepWake(first wearnb.Date, days int, epoch time.Duration) SleepWake {
	if epoch <= 0 || (24*time.Hour)%epoch != 0 {
		panic(fmt.Sprintf("metrics: epoch %v does not divide a day", epoch))
	}
	m := int(24 * time.Hour / epoch)
	return SleepWake{First: first, Epoch: epoch, State: make([]State, max(days, 0)*m)}
}

// M returns the number of epochs per day.
func (g SleepWake) M() int { return int(24 * time.Hour / g.Epoch) }

// Days returns the number of rows (local dates).
func (g SleepWake) Days() int { return len(g.State) / g.M() }

// SRIResult is a Sleep Regularity Index with the data behind it.
type SRIResult struct {
	SRI     float64 // −100..100; NaN when the data do not meet the minimum
	Pairs   int     // epoch pairs 24 h apart with both states known
	Matches int     // of which in the same state
	Days    float64 // Pairs/M: the data in whole days' worth of pairs
}

// SRI returns the Sleep Regularity Index of Phillips et al. (2017,
// Scientific Reports 7:3216): the chance that the person is in the same
// state (asleep or awake) at two time points 24 h apart, rescaled so that
// 100 is a perfectly regular schedule and 0 a random one:
//
//	SRI = −100 + 200 · Σ_j Σ_i δ(s_i,j, s_i,j+1) / P
//
// where s_i,j is the state of epoch i (of M per day) on day j, δ is 1 when
// the two states match, and P is the number of pairs counted. With every
// epoch known P = M(N−1) and this is Phillips's formula exactly. Missing
// epochs are excluded pairwise: a pair with either state missing is left
// out of both sums.
//
// "24 h apart" is the same local clock time on consecutive local dates
// (see the package documentation): a DST change or a trip does not shift
// the comparison.
//
// Minimum data: the pairs must amount to at least minDays days
// (P ≥ minDays·M, e.g. 7 days' worth of 1-min epochs = 10 080 pairs, which
// needs at least 8 recorded days); otherwise SRI is NaN.
func SRI(g SleepWake, minDays int) SRIResult {
	return sriRows(g, 0, g.Days(), minDays)
}

// pairCount is the pairs and matches of one pair of consecutive days.
type pairCount struct{ pairs, matches int }

// dayPairs counts, for each row j, the known pairs and matches of rows j
// and j+1.
func dayPairs(g SleepWake) []pairCount {
	m := g.M()
	out := make([]pairCount, max(g.Days()-1, 0))
	for j := range out {
		a, b := g.State[j*m:(j+1)*m], g.State[(j+1)*m:(j+2)*m]
		var c pairCount
		for i := range a {
			if a[i] == Missing || b[i] == Missing {
				continue
			}
			c.pairs++
			if a[i] == b[i] {
				c.matches++
			}
		}
		out[j] = c
	}
	return out
}

// sriOf is the SRI of the day pairs lo..hi−1 (pair j: rows j and j+1).
func sriOf(pc []pairCount, lo, hi, m, minDays int) SRIResult {
	var res SRIResult
	for j := max(lo, 0); j < hi && j < len(pc); j++ {
		res.Pairs += pc[j].pairs
		res.Matches += pc[j].matches
	}
	res.Days = float64(res.Pairs) / float64(m)
	res.SRI = math.NaN()
	if res.Pairs > 0 && res.Pairs >= minDays*m {
		res.SRI = -100 + 200*float64(res.Matches)/float64(res.Pairs)
	}
	return res
}

// sriRows is SRI over the pairs of rows lo..hi−1 (hi exclusive).
func sriRows(g SleepWake, lo, hi, minDays int) SRIResult {
	return sriOf(dayPairs(g), lo, hi-1, g.M(), minDays)
}

// SRIPoint is the SRI of the window of days ending on Date.
type SRIPoint struct {
	Date wearnb.Date
	SRIResult
}

// RollingSRI returns, for every date of the grid from the window-th on, the
// SRI of the window days ending on it (window−1 day pairs), each under the
// same minimum-data rule.
func RollingSRI(g SleepWake, window, minDays int) []SRIPoint {
	pc := dayPairs(g)
	var out []SRIPoint
	for end := window; end <= g.Days(); end++ {
		out = append(out, SRIPoint{Date: g.First.AddDays(end - 1), SRIResult: sriOf(pc, end-window, end-1, g.M(), minDays)})
	}
	return out
}
