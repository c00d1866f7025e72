package fitbit

import (
	"encoding/json"
	"testing"
	"time"

	"wearnb.dev/wearnb"
)

// yearOfSleep is a v1.2 sleep response with 365 stages nights like the
// documented one (14 segments, 3 short wakes) and a classic nap per week.
func yearOfSleep(b *testing.B) []byte {
	one, err := DecodeSleep(readFile(b, "sleep-range.json"))
	if err != nil {
		b.Fatal(err)
	}
	resp := SleepResponse{Summary: one.Summary}
	start := wearnb.MustDate("2023-01-01")
	for i := range 365 {
		d := start.AddDays(i)
		shift := d.In(time.UTC).Sub(wearnb.MustDate("2020-10-10").In(time.UTC))
		for j, l := range one.Sleep {
			if j == 1 && i%7 != 0 {
				continue
			}
			l.LogID += int64(i)
			l.DateOfSleep = Day{d}
			l.StartTime.Wall = l.StartTime.Wall.Add(shift)
			l.EndTime.Wall = l.EndTime.Wall.Add(shift)
			l.Levels.Data = shiftAll(l.Levels.Data, shift)
			l.Levels.ShortData = shiftAll(l.Levels.ShortData, shift)
			resp.Sleep = append(resp.Sleep, l)
		}
	}
	body, err := json.Marshal(resp)
	if err != nil {
		b.Fatal(err)
	}
	return body
}

func shiftAll(in []LevelData, d time.Duration) []LevelData {
	if in == nil {
		return nil
	}
	out := make([]LevelData, len(in))
	for i, x := range in {
		x.DateTime.Wall = x.DateTime.Wall.Add(d)
		out[i] = x
	}
	return out
}

// BenchmarkDecodeYearOfSleep decodes and normalizes a year of sleep logs
// (what four 100-day responses carry).
func BenchmarkDecodeYearOfSleep(b *testing.B) {
	body := yearOfSleep(b)
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		b.Skip(err)
	}
	zones := FixedZones(loc)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		resp, err := DecodeSleep(body)
		if err != nil {
			b.Fatal(err)
		}
		s, err := NormalizeSleeps(resp.Sleep, zones)
		if err != nil || len(s) != 365+53 {
			b.Fatalf("%d sleeps, %v", len(s), err)
		}
	}
}
