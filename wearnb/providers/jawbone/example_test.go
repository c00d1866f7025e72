package jawbone_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"golang.org/x/oauth2"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/providers/jawbone"
	"wearnb.dev/wearnb/sandbox"
)

// Decode the sleeps the original Jawbone notebook printed and normalize them.
func ExampleDecodeSleepsPage() {
	body, err := os.ReadFile("testdata/sleeps_seed000.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	env, err := jawbone.DecodeSleepsPage(body)
	if err != nil {
		fmt.Println(err)
		return
	}
	it := env.Data.Items[0]
	s, err := it.Sleep(nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(it.Title, "|", s.Start.Format("2006-01-02 15:04 MST"), "to", s.End.Format("15:04"))
	fmt.Println("asleep", s.Asleep, "deep", s.Deep, "latency", s.Latency)
	// Output:
	// for 6h 41m | 2016-01-28 01:21 EST to 08:22
	// asleep 6h41m25s deep 3h14m38s latency 10m0s
}

// Read a folder of saved API responses, as kept from the old API.
func ExampleImportDir() {
	d, err := jawbone.ImportDir("testdata")
	if err != nil {
		fmt.Println(err)
		return
	}
	b, err := d.Batch()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(d.Files), "files:", len(b.Days), "days,", len(b.Hours), "hours,", len(b.Sleeps), "sleeps")
	// Output:
	// 7 files: 14 days, 24 hours, 11 sleeps
}

// Fetch a month of moves from the sandbox.
func ExampleSandbox() {
	srv, err := sandbox.Start(sandbox.Options{Clock: sandbox.NewFakeClock(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	tok, err := srv.IssueToken(sandbox.Jawbone, sandbox.DemoClientID, []string{"move_read", "sleep_read"})
	if err != nil {
		fmt.Println(err)
		return
	}
	hc := oauth2.NewClient(context.Background(), oauth2.StaticTokenSource(tok))

	p := jawbone.Sandbox(srv.URL())
	r := wearnb.Range{From: wearnb.MustDate("2024-02-01"), To: wearnb.MustDate("2024-02-29")}
	b, err := p.Client(hc).Moves(context.Background(), r)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(b.Days[0].Date, "to", b.Days[len(b.Days)-1].Date, "in", len(b.Raw), "page")
	// Output:
	// 2024-02-01 to 2024-02-29 in 1 page
}
