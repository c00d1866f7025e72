package cache_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/cache"
)

// diary is a tiny provider: one 7-hour night ending on every date, served
// 30 days per request, the last 2 days still settling.
type diary struct{}

func (diary) Name() string      { return "diary" }
func (diary) Auth() wearnb.Auth { return wearnb.Auth{} }
func (diary) Streams() []wearnb.Stream {
	return []wearnb.Stream{{
		Name: "sleep", Kind: wearnb.KindSleeps, MaxDays: 30, Settles: 2,
		Fetch: func(_ context.Context, _ *http.Client, r wearnb.Range) (*wearnb.Batch, error) {
			b := &wearnb.Batch{Raw: []wearnb.RawPage{{URL: "https://diary.test/sleep?range=" + r.String(), Body: []byte("{}")}}}
			zone := time.FixedZone("", -5*3600)
			for d := r.From; !d.After(r.To); d = d.AddDays(1) {
				start := d.AddDays(-1).In(zone).Add(23 * time.Hour)
				b.Sleeps = append(b.Sleeps, wearnb.Sleep{SourceID: "n" + d.String(), Date: d, IsMain: true,
					Start: start, End: start.Add(7 * time.Hour), InBed: wearnb.Some(7 * time.Hour), Asleep: wearnb.Some(7 * time.Hour)})
			}
			return b, nil
		},
	}}
}

func ExampleCache_Sync() {
	dir, _ := os.MkdirTemp("", "wearnb-example")
	defer os.RemoveAll(dir)
	c, err := cache.Open(filepath.Join(dir, "cache.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()

	ctx := context.Background()
	r := wearnb.Range{From: wearnb.MustDate("2024-01-01"), To: wearnb.MustDate("2024-03-31")}
	today := cache.WithToday(wearnb.MustDate("2024-03-31"))
	for range 2 {
		rep, err := c.Sync(ctx, diary{}, "me", http.DefaultClient, r, today, cache.WithoutProgress())
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("fetched %v, %d rows\n", rep.Streams[0].Fetched, rep.RowsWritten)
	}

	// Offline from here on.
	march, err := c.Sleeps(ctx, "diary", "me", wearnb.Range{From: wearnb.MustDate("2024-03-01"), To: wearnb.MustDate("2024-03-31")})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(march), "nights in March; the first began", march[0].Start.Format(time.RFC3339))
	// Output:
	// fetched [2024-01-01..2024-01-30 2024-01-31..2024-02-29 2024-03-01..2024-03-30 2024-03-31..2024-03-31], 91 rows
	// fetched [2024-03-29..2024-03-31], 3 rows
	// 31 nights in March; the first began 2024-02-29T23:00:00-05:00
}
