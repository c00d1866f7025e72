package nb

import "wearnb.dev/wearnb"

// HeartRate returns the heart-rate samples dated in r, synced into the
// cache first (for frames.HeartRate and the heart-rate charts).
func (a *Account) HeartRate(r wearnb.Range) []wearnb.HeartRate {
	h, err := a.conn.HeartRate(a.f.context(), r)
	a.f.check(err)
	return h
}

// Vitals returns the nightly vitals dated in r, one per sleep (for
// frames.NightlyVitals).
func (a *Account) Vitals(r wearnb.Range) []wearnb.Vitals {
	v, err := a.conn.Vitals(a.f.context(), r)
	a.f.check(err)
	return v
}
