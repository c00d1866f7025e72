package googlehealth

import (
	"encoding/json"
	"testing"
	"time"
)

// BenchmarkDecodeYearOfSleep decodes and normalizes a year of sleep data
// points (the documented stages night shifted day by day), about 15 pages'
// worth in one body.
func BenchmarkDecodeYearOfSleep(b *testing.B) {
	page, err := DecodeList("sleep", readFile(b, "sleep-page-1.json"))
	if err != nil {
		b.Fatal(err)
	}
	night := page.DataPoints[0]
	var year ListResponse
	for i := range 365 {
		shift := time.Duration(i) * 24 * time.Hour
		p := night
		s := *p.Sleep
		s.Interval.StartTime.Time = s.Interval.StartTime.Add(-shift)
		s.Interval.EndTime.Time = s.Interval.EndTime.Add(-shift)
		s.Stages = append([]SleepStage(nil), s.Stages...)
		for j := range s.Stages {
			s.Stages[j].StartTime.Time = s.Stages[j].StartTime.Add(-shift)
			s.Stages[j].EndTime.Time = s.Stages[j].EndTime.Add(-shift)
		}
		p.Sleep = &s
		year.DataPoints = append(year.DataPoints, p)
	}
	body, err := json.Marshal(year)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		page, err := DecodeList("sleep", body)
		if err != nil {
			b.Fatal(err)
		}
		s, err := NormalizeSleeps(page.DataPoints)
		if err != nil || len(s) != 365 {
			b.Fatal(len(s), err)
		}
	}
}
