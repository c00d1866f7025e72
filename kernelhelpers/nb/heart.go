package nb

import "wearnb.dev/wearnb"

// HeartRate returns the heart-rate samples dated in r, synced into the
// cache first (for frames.HeartRate and the heart-rate charts).
func (a *Account) HeartRate(r wearnb.Range) []wearnb.HeartRate {
	return read(a, a.conn.HeartRate, r)
}

// Vitals returns the nightly vitals dated in r, one per sleep (for
// frames.NightlyVitals).
func (a *Account) Vitals(r wearnb.Range) []wearnb.Vitals {
	return read(a, a.conn.Vitals, r)
}
