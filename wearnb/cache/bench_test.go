package cache

import (
	"context"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"wearnb.dev/wearnb"
)

// yearProvider serves one realistic year from memory: a night of 40 stage
// segments per day, one DayMoves per day and 24 HourMoves per day, in chunks
// as a provider would (sleep 100 days, activity 100, steps 30).
func yearProvider() (wearnb.Provider, wearnb.Range) {
	r := rng("2023-01-01", "2023-12-31")
	zone := time.FixedZone("", -5*3600)
	var sleeps []wearnb.Sleep
	var days []wearnb.DayMoves
	var hours []wearnb.HourMoves
	for d := r.From; !d.After(r.To); d = d.AddDays(1) {
		start := d.AddDays(-1).In(zone).Add(23 * time.Hour)
		var st []wearnb.Stage
		levels := []wearnb.StageLevel{wearnb.StageLight, wearnb.StageDeep, wearnb.StageLight, wearnb.StageREM, wearnb.StageWake}
		for i := range 40 {
			st = append(st, wearnb.Stage{Start: start.Add(time.Duration(i) * 12 * time.Minute), Duration: 12 * time.Minute, Level: levels[i%len(levels)]})
		}
		sleeps = append(sleeps, wearnb.Sleep{SourceID: "s" + d.String(), Date: d, Start: start, End: start.Add(8 * time.Hour),
			InBed: wearnb.Some(8 * time.Hour), Asleep: wearnb.Some(7 * time.Hour), IsMain: true, Efficiency: wearnb.Some[float64](87.5), Stages: st})
		days = append(days, wearnb.DayMoves{Date: d, Steps: wearnb.Some[int](7000), DistanceM: wearnb.Some[float64](5000), UTCOffset: wearnb.Some(-5 * time.Hour)})
		for h := range 24 {
			hours = append(hours, wearnb.HourMoves{Start: d.In(zone).Add(time.Duration(h) * time.Hour), Steps: wearnb.Some[int](300)})
		}
	}
	stream := func(name string, kind wearnb.Kind, maxDays int) wearnb.Stream {
		return wearnb.Stream{Name: name, Kind: kind, MaxDays: maxDays, Settles: 2,
			Fetch: func(_ context.Context, _ *http.Client, c wearnb.Range) (*wearnb.Batch, error) {
				b := &wearnb.Batch{Raw: []wearnb.RawPage{{URL: "https://bench.test/" + name, Body: make([]byte, 4096)}}}
				for _, s := range sleeps {
					if kind == wearnb.KindSleeps && c.Contains(s.Date) {
						b.Sleeps = append(b.Sleeps, s)
					}
				}
				for _, x := range days {
					if kind == wearnb.KindDayMoves && c.Contains(x.Date) {
						b.Days = append(b.Days, x)
					}
				}
				for _, h := range hours {
					if kind == wearnb.KindHourlyMoves && c.Contains(wearnb.DateOf(h.Start)) {
						b.Hours = append(b.Hours, h)
					}
				}
				return b, nil
			}}
	}
	return batchProvider{name: "bench", streams: []wearnb.Stream{
		stream("sleep", wearnb.KindSleeps, 100),
		stream("activity", wearnb.KindDayMoves, 100),
		stream("steps", wearnb.KindHourlyMoves, 30),
	}}, r
}

// BenchmarkSyncYear stores a year (365 sleeps with 14600 stages, 365 days,
// 8760 hours, 21 chunks) into a new database.
func BenchmarkSyncYear(b *testing.B) {
	p, r := yearProvider()
	dir := b.TempDir()
	rows := 0
	for b.Loop() {
		b.StopTimer()
		c, err := Open(filepath.Join(dir, "bench"+time.Now().Format("150405.000000000")+".db"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		rep, err := c.Sync(context.Background(), p, "me", nil, r, WithToday(wearnb.MustDate("2024-06-01")), WithoutProgress())
		if err != nil {
			b.Fatal(err)
		}
		rows = rep.RowsWritten
		b.StopTimer()
		c.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(rows), "rows/op")
}

// BenchmarkReadYear reads the same year back: sleeps with stages, days and
// hours.
func BenchmarkReadYear(b *testing.B) {
	p, r := yearProvider()
	c := openTemp(b)
	if _, err := c.Sync(context.Background(), p, "me", nil, r, WithToday(wearnb.MustDate("2024-06-01")), WithoutProgress()); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for b.Loop() {
		s, err := c.Sleeps(ctx, "bench", "me", r)
		if err != nil || len(s) != 365 || len(s[0].Stages) != 40 {
			b.Fatalf("sleeps: %d, %v", len(s), err)
		}
		d, err := c.Days(ctx, "bench", "me", r)
		if err != nil || len(d) != 365 {
			b.Fatalf("days: %d, %v", len(d), err)
		}
		h, err := c.Hours(ctx, "bench", "me", r)
		if err != nil || len(h) != 8760 {
			b.Fatalf("hours: %d, %v", len(h), err)
		}
	}
}
