package oura_test

import (
	"context"
	"fmt"
	"math"
	"os"
	"time"

	"golang.org/x/oauth2"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/providers/oura"
	"wearnb.dev/wearnb/sandbox"
)

// Decode a saved page of /v2/usercollection/sleep and normalize it.
func ExampleDecodeSleepPage() {
	body, err := os.ReadFile("testdata/sleep_documented.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	page, err := oura.DecodeSleepPage(body)
	if err != nil {
		fmt.Println(err)
		return
	}
	sleeps, err := oura.NormalizeSleeps(page.Data)
	if err != nil {
		fmt.Println(err)
		return
	}
	s := sleeps[0]
	fmt.Println(s.Date, s.Start.Format("15:04 -07:00"), "to", s.End.Format("15:04"), "main:", s.IsMain)
	fmt.Println("asleep", s.Asleep, "of", s.InBed, fmt.Sprintf("(%.0f%%)", s.Efficiency.Or(math.NaN())))
	fmt.Println("first stages:", s.Stages[0].Level, s.Stages[0].Duration, s.Stages[1].Level, s.Stages[1].Duration)
	// Output:
	// 2022-07-12 01:05 -07:00 to 09:25 main: true
	// asleep 7h0m0s of 8h20m0s (84%)
	// first stages: wake 10m0s light 15m0s
}

// Fetch a week of sleep from the sandbox, as a notebook would after the
// consent flow.
func ExampleSandbox() {
	srv, err := sandbox.Start(sandbox.Options{Clock: sandbox.NewFakeClock(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	// In a notebook the token comes from the consent flow or the token store.
	tok, err := srv.IssueToken(sandbox.Oura, sandbox.DemoClientID, []string{"daily"})
	if err != nil {
		fmt.Println(err)
		return
	}
	hc := oauth2.NewClient(context.Background(), oauth2.StaticTokenSource(tok))

	p := oura.Sandbox(srv.URL())
	r := wearnb.Range{From: wearnb.MustDate("2024-03-04"), To: wearnb.MustDate("2024-03-10")}
	batch, err := p.Client(hc).Sleeps(context.Background(), r)
	if err != nil {
		fmt.Println(err)
		return
	}
	mains := 0
	for _, s := range batch.Sleeps {
		if s.IsMain {
			mains++
		}
	}
	fmt.Println(mains, "main sleeps,", len(batch.Raw), "page")
	// Output:
	// 7 main sleeps, 1 page
}
