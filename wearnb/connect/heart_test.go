package connect

import (
	"context"
	"testing"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/cache"
)

// TestHeartRateAndVitalsThroughTheSandbox reads a week of heart rate and
// nightly vitals from every provider's sandbox through the account: the
// samples and nights come from the cache, the vitals of providers that key
// them by date carry the id of the night's sleep, and a second read costs
// no request for the settled week.
func TestHeartRateAndVitalsThroughTheSandbox(t *testing.T) {
	for _, name := range []string{"oura", "googlehealth", "fitbit", "jawbone"} {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			acct := openSandboxAccount(t, ctx, name, t.TempDir())
			r := wearnb.Range{From: wearnb.MustDate("2025-06-02"), To: wearnb.MustDate("2025-06-08")}
			hr, err := acct.HeartRate(ctx, r)
			if err != nil {
				t.Fatal(err)
			}
			vs, err := acct.Vitals(ctx, r)
			if err != nil {
				t.Fatal(err)
			}
			if name == "jawbone" {
				if len(hr) != 0 || len(vs) != 0 {
					t.Errorf("jawbone: %d samples, %d vitals; it has neither", len(hr), len(vs))
				}
				return
			}
			if len(hr) < 7*24*12*8/10 {
				t.Errorf("%d heart-rate samples in a week", len(hr))
			}
			for i, h := range hr {
				if h.Provider != name || h.BPM < 30 || h.BPM > 220 || (i > 0 && !h.Time.After(hr[i-1].Time)) || !r.Contains(h.Date()) {
					t.Fatalf("sample %d: %+v", i, h)
				}
			}
			sleeps, err := acct.Sleeps(ctx, r)
			if err != nil {
				t.Fatal(err)
			}
			ids := map[string]bool{}
			for _, s := range sleeps {
				ids[s.SourceID] = true
			}
			if len(vs) < 6 {
				t.Errorf("%d vitals in a week", len(vs))
			}
			for _, v := range vs {
				if !ids[v.SleepID] || v.Start.IsZero() || !v.AverageHRV.OK() {
					t.Errorf("vitals %+v: not attached to a cached sleep", v)
				}
			}
			var streams []string
			for _, s := range acct.Provider().Streams() {
				if s.Yields(wearnb.KindHeartRate) || s.Yields(wearnb.KindVitals) || s.Yields(wearnb.KindSleeps) {
					streams = append(streams, s.Name)
				}
			}
			again, err := acct.Sync(ctx, r, cache.WithStreams(streams...))
			if err != nil {
				t.Fatal(err)
			}
			if again.Requests != 0 {
				t.Errorf("re-sync of a settled week: %s", again)
			}
		})
	}
}
