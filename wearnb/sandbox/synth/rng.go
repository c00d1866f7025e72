package synth

import (
	"math/rand/v2"
)

// Random streams. Every (seed, day, stream) triple gets its own PCG, so one
// kind of data never shifts another's draws and any day can be generated on
// its own.
const (
	streamNight uint64 = iota + 1
	streamNap
	streamDay
	streamSteps
	streamTrip
	streamHR
	streamMissing
	streamNoSteps
	streamHRV
	streamVitals
	streamWrist
)

// mix is the SplitMix64 finaliser: a fixed, well-spread 64-bit hash step.
func mix(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// key hashes a seed, a key (day number, year, ...) and a stream.
func key(seed int64, k int64, stream uint64) (uint64, uint64) {
	a := mix(uint64(seed) ^ mix(uint64(k)^(stream<<56)))
	b := mix(a ^ stream*0xd1b54a32d192ed03)
	return a, b
}

// rng draws from a math/rand/v2 PCG. It uses only PCG.Uint64, whose output
// sequence is fixed by the PCG-DXSM definition, and builds its own
// distributions from it with plain arithmetic (no library distribution
// helpers, no transcendental functions), so the numbers it yields do not
// depend on the Go version.
type rng struct {
	pcg rand.PCG
}

func newRNG(seed int64, k int64, stream uint64) *rng {
	a, b := key(seed, k, stream)
	r := &rng{}
	r.pcg.Seed(a, b)
	return r
}

// float returns a uniform number in [0, 1).
func (r *rng) float() float64 {
	return float64(r.pcg.Uint64()>>11) * 0x1p-53
}

// chance reports true with probability p.
func (r *rng) chance(p float64) bool { return r.float() < p }

// intn returns a uniform int in [0, n); n must be > 0.
func (r *rng) intn(n int) int {
	return min(int(r.float()*float64(n)), n-1)
}

// between returns a uniform int in [lo, hi].
func (r *rng) between(lo, hi int) int { return lo + r.intn(hi-lo+1) }

// uniform returns a uniform float in [lo, hi).
func (r *rng) uniform(lo, hi float64) float64 { return lo + (hi-lo)*r.float() }

// norm returns an approximately standard normal number: the Irwin-Hall sum of
// four uniforms, rescaled to unit variance. It is bounded at ±3.46, which
// keeps every habit inside plausible limits without clamping artefacts.
func (r *rng) norm() float64 {
	s := r.float() + r.float() + r.float() + r.float()
	return (s - 2) * 1.7320508075688772
}

// normal returns mean + sd*norm().
func (r *rng) normal(mean, sd float64) float64 { return mean + sd*r.norm() }

// poisson returns a Poisson draw with the given mean (Knuth's product of
// uniforms, fine for the small means used here).
func (r *rng) poisson(mean float64) int {
	// exp(-mean) by repeated halving keeps us away from math.Exp; the
	// squaring below is exact enough and deterministic.
	l := expNeg(mean)
	k := 0
	for p := r.float(); p > l; p *= r.float() {
		k++
	}
	return k
}

// expNeg returns e^-x for x >= 0 using a fixed Taylor series on x/2^k and
// repeated squaring: only +, *, / so the result is the same everywhere.
func expNeg(x float64) float64 {
	k := 0
	for x > 0.5 {
		x /= 2
		k++
	}
	// e^-x, |x| <= 0.5: 14 terms are far below float64 precision.
	sum, term := 1.0, 1.0
	for i := 1; i <= 14; i++ {
		term *= -x / float64(i)
		sum += term
	}
	for ; k > 0; k-- {
		sum *= sum
	}
	return sum
}

// unitHash maps (seed, stream, k) to a float in [0, 1) without a generator:
// used for heart-rate noise at arbitrary instants.
func unitHash(seed int64, stream uint64, k int64) float64 {
	a, _ := key(seed, k, stream)
	return float64(a>>11) * 0x1p-53
}
