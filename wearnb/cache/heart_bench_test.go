package cache

import (
	"context"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/internal/peakmem"
)

// heartYear serves a year of minute heart rate (525 600 samples) one day a
// chunk, as Fitbit's intraday stream does, with an offset and, at night, a
// context on every sample.
func heartYear() (wearnb.Provider, wearnb.Range) {
	r := rng("2023-01-01", "2023-12-31")
	zone := time.FixedZone("", -5*3600)
	stream := wearnb.Stream{Name: "heartrate", Kind: wearnb.KindHeartRate, MaxDays: 1, Settles: 1,
		Fetch: func(_ context.Context, _ *http.Client, c wearnb.Range) (*wearnb.Batch, error) {
			b := &wearnb.Batch{Raw: []wearnb.RawPage{{URL: "https://bench.test/hr", Body: make([]byte, 40<<10)}}}
			for d := c.From; !d.After(c.To); d = d.AddDays(1) {
				start := d.In(zone)
				for m := range 1440 {
					h := wearnb.HeartRate{Provider: "bench", Time: start.Add(time.Duration(m) * time.Minute), Local: true, BPM: float64(50 + m%60)}
					if m < 7*60 {
						h.Context = wearnb.ContextSleep
					}
					b.HeartRate = append(b.HeartRate, h)
				}
			}
			return b, nil
		}}
	return batchProvider{name: "bench", streams: []wearnb.Stream{stream}}, r
}

// BenchmarkHeartRateYearSync stores a year of minute heart rate (365
// chunks of 1440 samples) into a new database, and reports the peak heap
// of one sync.
func BenchmarkHeartRateYearSync(b *testing.B) {
	p, r := heartYear()
	dir := b.TempDir()
	n := 0
	sync := func() {
		c, err := Open(filepath.Join(dir, "bench"+time.Now().Format("150405.000000000")+".db"))
		if err != nil {
			b.Fatal(err)
		}
		defer c.Close()
		rep, err := c.Sync(context.Background(), p, "me", nil, r, WithToday(wearnb.MustDate("2024-06-01")), WithoutProgress())
		if err != nil {
			b.Fatal(err)
		}
		n = rep.RowsWritten
	}
	b.ReportAllocs()
	for b.Loop() {
		sync()
	}
	if n != 365*1440 {
		b.Fatalf("%d rows", n)
	}
	b.StopTimer()
	stop := peakmem.Track()
	sync()
	b.ReportMetric(float64(stop())/(1<<20), "peakMB")
}

// BenchmarkHeartRateYearRead reads a year of minute heart rate back from
// the cache, and reports the peak heap of one read.
func BenchmarkHeartRateYearRead(b *testing.B) {
	p, r := heartYear()
	c := openTemp(b)
	sync1(b, c, p, r, "2024-06-01")
	read := func() int {
		hs, err := c.HeartRate(context.Background(), "bench", "me", r)
		if err != nil {
			b.Fatal(err)
		}
		return len(hs)
	}
	b.ReportAllocs()
	for b.Loop() {
		if n := read(); n != 365*1440 {
			b.Fatalf("%d samples", n)
		}
	}
	b.StopTimer()
	stop := peakmem.Track()
	read()
	b.ReportMetric(float64(stop())/(1<<20), "peakMB")
}
