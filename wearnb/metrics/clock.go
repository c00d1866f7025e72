package metrics

import (
	"math"
	"time"
)

// Day is the length of the clock circle in minutes.
const Day = 1440.0

// ClockMin returns the local clock reading of t in minutes after midnight,
// [0, 1440): t's wall clock in its own Location, which is the clock the
// metrics use everywhere (see the package documentation, "Which clock").
func ClockMin(t time.Time) float64 {
	h, m, s := t.Clock()
	return float64(h*60+m) + (float64(s)+float64(t.Nanosecond())/1e9)/60
}

// wrap maps a clock reading in minutes onto [0, 1440).
func wrap(m float64) float64 {
	m = math.Mod(m, Day)
	if m < 0 {
		m += Day
	}
	if m >= Day { // −ε + 1440 rounds to 1440
		m = 0
	}
	return m
}

// ClockDiff returns the signed difference a − b of two clock readings in
// minutes, taken the short way round the clock: (−720, 720]. It is the
// "shorter" interval of the mctq R package's sjl(): 04:30 − 23:30 is +300
// min, not −1140.
func ClockDiff(a, b float64) float64 {
	d := wrap(a - b)
	if d > Day/2 {
		d -= Day
	}
	return d
}

// CircularMean returns the circular mean of clock readings in minutes and
// their mean resultant length R (0..1; 1 when all readings are equal):
//
//	θ_k = 2π·t_k/1440, C = mean cos θ_k, S = mean sin θ_k,
//	mean = 1440/(2π)·atan2(S, C) (mod 1440), R = √(C² + S²).
//
// It is how pyActigraphy's SleepMidPoint and the circular-statistics texts
// (Mardia & Jupp 2000, §2.2) average clock times: 23:00 and 01:00 average to
// 00:00, not 12:00. NaN readings are skipped; with none left, or when the
// readings cancel (R ≈ 0, no defined direction), the mean is NaN.
func CircularMean(mins []float64) (mean, r float64) {
	var c, s float64
	n := 0
	for _, m := range mins {
		if math.IsNaN(m) {
			continue
		}
		th := 2 * math.Pi * m / Day
		c += math.Cos(th)
		s += math.Sin(th)
		n++
	}
	if n == 0 {
		return math.NaN(), math.NaN()
	}
	c, s = c/float64(n), s/float64(n)
	r = math.Hypot(c, s)
	if r < 1e-9 {
		return math.NaN(), r
	}
	return wrap(Day / (2 * math.Pi) * math.Atan2(s, c)), r
}

// CircularSD returns the circular standard deviation of clock readings in
// minutes: 1440/(2π)·√(−2 ln R), with R the mean resultant length (Mardia &
// Jupp 2000, eq. 2.3.11). For readings spread a few tens of minutes it is
// within a fraction of a minute of the ordinary SD of the unwrapped values.
// NaN with no readings.
func CircularSD(mins []float64) float64 {
	_, r := CircularMean(mins)
	if math.IsNaN(r) {
		return math.NaN()
	}
	if r >= 1-1e-12 { // equal readings, up to rounding in sin and cos
		return 0
	}
	return Day / (2 * math.Pi) * math.Sqrt(-2*math.Log(r))
}

// mean returns the arithmetic mean of the non-NaN values and their count.
func mean(v []float64) (float64, int) {
	var s float64
	n := 0
	for _, x := range v {
		if !math.IsNaN(x) {
			s += x
			n++
		}
	}
	if n == 0 {
		return math.NaN(), 0
	}
	return s / float64(n), n
}

// sd returns the sample standard deviation (n − 1) of the non-NaN values;
// NaN for fewer than two.
func sd(v []float64) float64 {
	m, n := mean(v)
	if n < 2 {
		return math.NaN()
	}
	var ss float64
	for _, x := range v {
		if !math.IsNaN(x) {
			ss += (x - m) * (x - m)
		}
	}
	return math.Sqrt(ss / float64(n-1))
}

var nan = math.NaN()
