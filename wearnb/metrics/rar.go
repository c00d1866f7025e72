package metrics

import (
	"fmt"
	"math"
	"time"
)

// Series is a regular series on the local clock (steps now, heart rate
// later): Values[k] is the value of the epoch starting at clock time
// Start + k·Epoch. The series advances on the local clock, so every local
// day has 24 hours of epochs whatever DST or a trip did; the clock reading
// of Start (its Hour, Minute and Second in its own Location) places the
// first value, and its date is the first day. Missing[k] marks a missing
// value (nil: none missing); a NaN value is missing too. Missing is not
// zero activity.
type Series struct {
	Start   time.Time
	Epoch   time.Duration // must divide one hour
	Values  []float64
	Missing []bool
}

// IsMissing reports whether value k is missing.
func (s Series) IsMissing(k int) bool {
	return math.IsNaN(s.Values[k]) || (s.Missing != nil && s.Missing[k])
}

// perDay returns the epochs per day and the clock epoch of the first value.
func (s Series) grid() (perDay, first int) {
	if s.Epoch <= 0 || time.Hour%s.Epoch != 0 {
		panic(fmt.Sprintf("metrics: series epoch %v does not divide an hour", s.Epoch))
	}
	perDay = int(24 * time.Hour / s.Epoch)
	c := time.Duration(ClockMin(s.Start) * float64(time.Minute))
	return perDay, int(c / s.Epoch)
}

// RhythmOptions tunes the rest-activity measures. The zero value means
// every default.
type RhythmOptions struct {
	// Bin is the bin IS and IV are computed on; values are summed into bins
	// of this length on the clock, and a bin with any value missing is
	// missing. Default 1 h, as in Witting et al. (1990) and pyActigraphy.
	Bin time.Duration
	// MinDays is the minimum-data rule: with fewer valid days every measure
	// is NaN. Default 7 (van Someren et al. 1999 found IS and IV need about
	// a week to be reliable).
	MinDays int
	// MinDayCoverage is the share of a day's epochs that must be present for
	// the day to count as valid; the values of other days are left out.
	// Default 2/3 (16 of 24 hours, the wear-time rule of GGIR and most
	// actigraphy studies).
	MinDayCoverage float64
}

func (o RhythmOptions) withDefaults() RhythmOptions {
	if o.Bin <= 0 {
		o.Bin = time.Hour
	}
	if o.MinDays <= 0 {
		o.MinDays = 7
	}
	if o.MinDayCoverage <= 0 {
		o.MinDayCoverage = 2.0 / 3
	}
	return o
}

// Rhythm is the non-parametric rest-activity rhythm of a series (Witting et
// al. 1990; van Someren et al. 1997, 1999). Values are NaN when the series
// fails the minimum-data rule (RhythmOptions.MinDays).
type Rhythm struct {
	IS  float64 // interdaily stability, 0..1
	IV  float64 // intradaily variability, about 0..2
	L5  float64 // mean of the least active 5 h of the average day, per epoch
	M10 float64 // mean of the most active 10 h, per epoch
	RA  float64 // relative amplitude (M10 − L5)/(M10 + L5), 0..1

	L5Start  float64 // clock minute the L5 window starts at
	M10Start float64 // clock minute the M10 window starts at

	Days    int       // valid days (RhythmOptions.MinDayCoverage)
	Profile []float64 // the average day: mean per clock epoch from 00:00, NaN where no data
}

// prepared is a series after the day rule: values of invalid days missing.
type prepared struct {
	v      []float64 // NaN = missing
	perDay int
	first  int // clock epoch of v[0]
	days   int // valid days
}

func prepare(s Series, o RhythmOptions) prepared {
	if s.Epoch <= 0 && len(s.Values) == 0 {
		s.Epoch = time.Hour
	}
	perDay, first := s.grid()
	v := make([]float64, len(s.Values))
	for k := range v {
		v[k] = s.Values[k]
		if s.IsMissing(k) {
			v[k] = math.NaN()
		}
	}
	need := int(math.Ceil(o.MinDayCoverage * float64(perDay)))
	days := 0
	for lo := 0; lo < len(v); {
		hi := min(len(v), lo+perDay-(first+lo)%perDay) // to the next midnight
		n := 0
		for k := lo; k < hi; k++ {
			if !math.IsNaN(v[k]) {
				n++
			}
		}
		if n >= need {
			days++
		} else {
			for k := lo; k < hi; k++ {
				v[k] = math.NaN()
			}
		}
		lo = hi
	}
	return prepared{v: v, perDay: perDay, first: first, days: days}
}

// bins sums the prepared values into clock bins of b epochs; a bin with a
// missing value (or cut by the start or end of the series) is NaN. It
// returns the bins and the clock bin index of the first.
func (p prepared) bins(b int) ([]float64, int) {
	startBin := (p.first + b - 1) / b // first whole bin
	k0 := startBin*b - p.first
	var out []float64
	for k := k0; k+b <= len(p.v); k += b {
		var s float64
		for _, x := range p.v[k : k+b] {
			s += x // NaN propagates
		}
		out = append(out, s)
	}
	return out, startBin % (p.perDay / b)
}

// InterdailyStability returns IS (Witting et al. 1990, Chronobiology
// International 7(6)), the strength of the coupling of the rhythm to the
// 24-h day, on bins of o.Bin:
//
//	IS = n·Σ_h (x̄_h − x̄)² / (p·Σ_i (x_i − x̄)²)
//
// with n the number of bins present, x̄ their mean, p the number of bins
// per day (24 for hours; slots that never have data are not counted) and
// x̄_h the mean of the bins at clock slot h. Missing bins are left out of
// every sum. 0 is noise, 1 the same day every day. pyActigraphy's IS divides
// two pandas variances with n − 1 and p − 1 instead and is larger by
// (n − 1)p/(n(p − 1)) (4.3 % for 24 bins).
func InterdailyStability(s Series, o RhythmOptions) float64 {
	o = o.withDefaults()
	p := prepare(s, o)
	if p.days < o.MinDays {
		return math.NaN()
	}
	return isOf(p, o)
}

func binsOf(p prepared, o RhythmOptions) (x []float64, slot0, perDay int) {
	b := int(o.Bin / (24 * time.Hour / time.Duration(p.perDay)))
	if b < 1 || p.perDay%b != 0 {
		panic(fmt.Sprintf("metrics: bin %v is not a whole number of epochs dividing a day", o.Bin))
	}
	x, slot0 = p.bins(b)
	return x, slot0, p.perDay / b
}

func isOf(p prepared, o RhythmOptions) float64 {
	x, slot0, perDay := binsOf(p, o)
	grand, n := mean(x)
	if n == 0 {
		return math.NaN()
	}
	sum := make([]float64, perDay)
	cnt := make([]int, perDay)
	var ss float64
	for i, v := range x {
		if math.IsNaN(v) {
			continue
		}
		h := (slot0 + i) % perDay
		sum[h] += v
		cnt[h]++
		ss += (v - grand) * (v - grand)
	}
	var between float64
	slots := 0
	for h := range sum {
		if cnt[h] > 0 {
			d := sum[h]/float64(cnt[h]) - grand
			between += d * d
			slots++
		}
	}
	if ss == 0 {
		return math.NaN()
	}
	return float64(n) * between / (float64(slots) * ss)
}

// IntradailyVariability returns IV (Witting et al. 1990), the
// fragmentation of the rhythm: the mean squared difference of successive
// bins over the variance,
//
//	IV = n·Σ_{i≥2} (x_i − x_{i−1})² / ((n − 1)·Σ_i (x_i − x̄)²)
//
// on bins of o.Bin. With missing bins, n − 1 becomes the number of
// successive pairs with both bins present and the pairs with a missing bin
// are left out: IV = (Σ pairs Δ²/#pairs) / (Σ (x_i − x̄)²/n). About 0 for a
// sine wave, 2 for noise. pyActigraphy divides by the n − 1 variance and is
// smaller by (n − 1)/n.
func IntradailyVariability(s Series, o RhythmOptions) float64 {
	o = o.withDefaults()
	p := prepare(s, o)
	if p.days < o.MinDays {
		return math.NaN()
	}
	return ivOf(p, o)
}

func ivOf(p prepared, o RhythmOptions) float64 {
	x, _, _ := binsOf(p, o)
	grand, n := mean(x)
	var ss, dd float64
	pairs := 0
	for i, v := range x {
		if math.IsNaN(v) {
			continue
		}
		ss += (v - grand) * (v - grand)
		if i > 0 && !math.IsNaN(x[i-1]) {
			dd += (v - x[i-1]) * (v - x[i-1])
			pairs++
		}
	}
	if pairs == 0 || ss == 0 {
		return math.NaN()
	}
	return (dd / float64(pairs)) / (ss / float64(n))
}

// profile returns the average day at the series' own epoch: the mean of the
// present values at each clock epoch from 00:00.
func (p prepared) profile() []float64 {
	sum := make([]float64, p.perDay)
	cnt := make([]int, p.perDay)
	for k, x := range p.v {
		if !math.IsNaN(x) {
			i := (p.first + k) % p.perDay
			sum[i] += x
			cnt[i]++
		}
	}
	for i := range sum {
		if cnt[i] == 0 {
			sum[i] = math.NaN()
		} else {
			sum[i] /= float64(cnt[i])
		}
	}
	return sum
}

// window finds the run of w consecutive epochs of the cyclic profile with
// the least (or most) mean, and returns the mean and the index it starts at
// (the earliest start on a tie). NaN when any epoch of the profile is NaN.
func window(prof []float64, w int, lowest bool) (float64, int) {
	n := len(prof)
	if n == 0 || w > n {
		return math.NaN(), 0
	}
	for _, x := range prof {
		if math.IsNaN(x) {
			return math.NaN(), 0
		}
	}
	best, at := 0.0, 0
	for start := range n {
		var s float64
		for k := range w {
			s += prof[(start+k)%n]
		}
		if start == 0 || (lowest && s < best) || (!lowest && s > best) {
			best, at = s, start
		}
	}
	return best / float64(w), at
}

// LeastActive returns Lx, the mean activity per epoch of the least active
// `hours` consecutive hours of the average day (L5 for hours = 5; van
// Someren et al. 1997), and the clock minute the window starts at. The
// average day is the mean of each clock epoch over the valid days, at the
// series' own epoch, and wraps at midnight; the window may start at any
// epoch (as in pyActigraphy). NaN when some clock epoch never has data or
// the series fails the minimum-data rule.
func LeastActive(s Series, hours int, o RhythmOptions) (float64, float64) {
	return activeWindow(s, hours, o, true)
}

// MostActive returns Mx, the mean activity per epoch of the most active
// `hours` consecutive hours of the average day (M10 for hours = 10), and the
// clock minute it starts at; see LeastActive.
func MostActive(s Series, hours int, o RhythmOptions) (float64, float64) {
	return activeWindow(s, hours, o, false)
}

func activeWindow(s Series, hours int, o RhythmOptions, lowest bool) (float64, float64) {
	o = o.withDefaults()
	p := prepare(s, o)
	if p.days < o.MinDays {
		return math.NaN(), math.NaN()
	}
	return lx(p, hours, lowest)
}

func lx(p prepared, hours int, lowest bool) (float64, float64) {
	w := hours * p.perDay / 24
	v, at := window(p.profile(), w, lowest)
	if math.IsNaN(v) {
		return v, math.NaN()
	}
	return v, float64(at) * Day / float64(p.perDay)
}

// RelativeAmplitude returns RA = (M10 − L5)/(M10 + L5) (van Someren et al.
// 1999, Chronobiology International 16(4)): 1 when the least active five
// hours are still, lower for a flatter or disturbed rhythm. NaN when the
// series fails the minimum-data rule or both are zero.
func RelativeAmplitude(s Series, o RhythmOptions) float64 {
	return RestActivity(s, o).RA
}

// RestActivity computes every rest-activity measure of s at once: IS and IV
// on o.Bin bins, L5, M10 and RA on the average day at the series' epoch.
// See each measure's function for its formula.
func RestActivity(s Series, o RhythmOptions) Rhythm {
	o = o.withDefaults()
	p := prepare(s, o)
	r := Rhythm{Days: p.days, Profile: p.profile()}
	nan4 := func() {
		r.IS, r.IV, r.L5, r.M10, r.RA, r.L5Start, r.M10Start = nan, nan, nan, nan, nan, nan, nan
	}
	if p.days < o.MinDays || len(s.Values) == 0 {
		nan4()
		return r
	}
	r.IS = isOf(p, o)
	r.IV = ivOf(p, o)
	r.L5, r.L5Start = lx(p, 5, true)
	r.M10, r.M10Start = lx(p, 10, false)
	r.RA = (r.M10 - r.L5) / (r.M10 + r.L5)
	if r.M10+r.L5 == 0 {
		r.RA = nan
	}
	return r
}
