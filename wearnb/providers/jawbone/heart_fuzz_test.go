package jawbone_test

import (
	"testing"

	"wearnb.dev/wearnb/internal/peakmem"
	"wearnb.dev/wearnb/providers/jawbone"
)

// FuzzHeartRates decodes any body as a heartrates page: a date gets a
// resting rate only from an item with a value, and memory stays within a
// bound of the body's size.
func FuzzHeartRates(f *testing.F) {
	seeds(f, "heartrates.json")
	if p, err := jawbone.DecodeHeartRatesPage(readTestdata(f, "heartrates.json")); err == nil {
		jawbone.RestingHR(p.Data.Items)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var (
			p   jawbone.Envelope[jawbone.HeartRateItem]
			err error
			got map[string]float64
		)
		used := peakmem.Allocated(func() {
			if p, err = jawbone.DecodeHeartRatesPage(body); err == nil {
				got = map[string]float64{}
				for d, v := range jawbone.RestingHR(p.Data.Items) {
					got[d.String()] = v
				}
			}
		})
		checkErr(t, err)
		if limit := peakmem.Bound(len(body), 64); used > limit {
			t.Fatalf("%d bytes allocated for a %d-byte body (limit %d)", used, len(body), limit)
		}
		has := map[string]bool{}
		for _, it := range p.Data.Items {
			if it.RestingHeartrate != nil {
				has[it.Date.String()] = true
			}
		}
		for d, v := range got {
			if !has[d] || v < 20 || v > 250 {
				t.Fatalf("%s: %v bpm without an item value", d, v)
			}
		}
	})
}
