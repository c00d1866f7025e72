// Package synth generates deterministic synthetic people for the sandbox
// provider: years of nights and steps with realistic structure, which the
// sandbox serves through every provider's wire format.
//
// A Person is a pure function of its Config: every local date's data is
// drawn from its own math/rand/v2 PCG stream keyed by (Seed, date, kind), so
// any range can be generated on its own and equals the same days cut from a
// larger range. Results are memoized per date (a bounded cache).
//
// Parameters and their defaults are listed in README.md next to this file,
// with the statistical ranges the tests guarantee.
package synth
