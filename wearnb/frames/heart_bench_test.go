package frames_test

import (
	"testing"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/frames"
	"wearnb.dev/wearnb/internal/peakmem"
)

// BenchmarkHeartRateYear builds the frame of a year of minute heart rate
// (525 600 samples, offsets known, a context at night), and reports the
// peak heap of one build.
func BenchmarkHeartRateYear(b *testing.B) {
	zone := time.FixedZone("", -5*3600)
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, zone)
	hs := make([]wearnb.HeartRate, 365*1440)
	for i := range hs {
		hs[i] = wearnb.HeartRate{Provider: "fitbit", Time: start.Add(time.Duration(i) * time.Minute), Local: true, BPM: float64(50 + i%60)}
		if i%1440 < 7*60 {
			hs[i].Context = wearnb.ContextSleep
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if df := frames.HeartRate(hs); df.Nrow() != len(hs) {
			b.Fatal(df.Nrow())
		}
	}
	b.StopTimer()
	stop := peakmem.Track()
	frames.HeartRate(hs)
	b.ReportMetric(float64(stop())/(1<<20), "peakMB")
}
