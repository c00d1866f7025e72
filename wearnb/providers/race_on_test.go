//go:build race

package providers_test

// raceOn is true under -race. The data-volume tests (a year of minute
// heart rate, five years through every format) take minutes there, since
// the race detector slows the encoding, decoding and SQLite work of half a
// million samples about tenfold, and they start no goroutines of their
// own to check; make test runs them without -race (see skipUnderRace).
const raceOn = true
