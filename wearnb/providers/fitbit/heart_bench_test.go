package fitbit

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/internal/peakmem"
)

// yearOfHeartRate is a year of intraday heart-rate responses at one
// minute, one body per day as the API sends them (1440 samples each, the
// shape of testdata/heart-intraday.json).
func yearOfHeartRate() (days []wearnb.Date, bodies [][]byte) {
	start := wearnb.MustDate("2023-01-01")
	for i := range 365 {
		d := start.AddDays(i)
		var b strings.Builder
		fmt.Fprintf(&b, `{"activities-heart":[{"dateTime":%q,"value":{"customHeartRateZones":[],"heartRateZones":[],"restingHeartRate":61}}],`, d)
		b.WriteString(`"activities-heart-intraday":{"dataset":[`)
		for m := range 1440 {
			if m > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"time":"%02d:%02d:00","value":%d}`, m/60, m%60, 50+(m*7+i)%60)
		}
		b.WriteString(`],"datasetInterval":1,"datasetType":"minute"}}`)
		days, bodies = append(days, d), append(bodies, []byte(b.String()))
	}
	return days, bodies
}

// BenchmarkDecodeYearOfHeartRate decodes and normalizes a year of minute
// heart rate (365 one-day responses, 525 600 samples), as the "heartrate"
// stream does, and reports the peak heap of one pass.
func BenchmarkDecodeYearOfHeartRate(b *testing.B) {
	days, bodies := yearOfHeartRate()
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		b.Skip(err)
	}
	size := 0
	for _, body := range bodies {
		size += len(body)
	}
	run := func() int {
		n := 0
		for i, body := range bodies {
			in, err := DecodeHeartIntraday(body)
			if err != nil {
				b.Fatal(err)
			}
			h, err := NormalizeHeartRate(days[i], in, loc)
			if err != nil {
				b.Fatal(err)
			}
			n += len(h)
		}
		return n
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		// 2023-03-12 has no 02:00 hour in New York: its 60 readings fall
		// on the instants of 03:00-03:59 and are dropped as repeats.
		if n := run(); n != 365*1440-60 {
			b.Fatalf("%d samples", n)
		}
	}
	b.StopTimer()
	stop := peakmem.Track()
	run()
	b.ReportMetric(float64(stop())/(1<<20), "peakMB")
}
