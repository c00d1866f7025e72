package oura_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"wearnb.dev/wearnb/providers/oura"
)

// yearOfSleep builds one page with 365 nights shaped like
// testdata/sleep_documented.json, each with full-night series: 100 heart-rate
// and HRV items (every fifth null), 100 five-minute phases, 1000
// thirty-second phases and movement characters.
func yearOfSleep(b *testing.B) []byte {
	var page map[string]any
	if err := json.Unmarshal(readTestdata(b, "sleep_documented.json"), &page); err != nil {
		b.Fatal(err)
	}
	tmpl := page["data"].([]any)[0].(map[string]any)
	series := func(base float64) []any {
		out := make([]any, 100)
		for i := range out {
			if i%5 != 0 {
				out[i] = base + float64(i%7)
			}
		}
		return out
	}
	phase5 := tmpl["sleep_phase_5_min"].(string)
	var docs []any
	day0 := time.Date(2023, 1, 1, 23, 5, 14, 0, time.FixedZone("", -7*3600))
	for i := range 365 {
		d := map[string]any{}
		for k, v := range tmpl {
			d[k] = v
		}
		start := day0.AddDate(0, 0, i)
		d["id"] = fmt.Sprintf("night-%03d", i)
		d["day"] = start.Add(24 * time.Hour).Format(time.DateOnly)
		d["bedtime_start"] = start.Format(time.RFC3339)
		d["bedtime_end"] = start.Add(30000 * time.Second).Format(time.RFC3339)
		ts := start.Format("2006-01-02T15:04:05.000-07:00")
		d["heart_rate"] = map[string]any{"interval": 300, "items": series(48), "timestamp": ts}
		d["hrv"] = map[string]any{"interval": 300, "items": series(90), "timestamp": ts}
		d["sleep_phase_5_min"] = phase5
		d["sleep_phase_30_sec"] = strings.Repeat("2", 1000)
		d["movement_30_sec"] = strings.Repeat("1121", 250)
		docs = append(docs, d)
	}
	body, err := json.Marshal(map[string]any{"data": docs, "next_token": nil})
	if err != nil {
		b.Fatal(err)
	}
	return body
}

// BenchmarkDecodeYearOfSleep decodes and normalizes a year of sleep
// documents (one page of 365).
func BenchmarkDecodeYearOfSleep(b *testing.B) {
	body := yearOfSleep(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		p, err := oura.DecodeSleepPage(body)
		if err != nil {
			b.Fatal(err)
		}
		s, err := oura.NormalizeSleeps(p.Data)
		if err != nil || len(s) != 365 {
			b.Fatalf("%d sleeps, %v", len(s), err)
		}
	}
}
