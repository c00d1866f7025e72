package sandbox_test

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"golang.org/x/oauth2"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/providers"
	"wearnb.dev/wearnb/sandbox"
)

// A week of Oura sleep from a sandbox in this process: no port is opened.
func ExampleServer_Transport() {
	srv := sandbox.New(sandbox.Options{Clock: sandbox.NewFakeClock(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))})
	tok, err := srv.IssueToken(sandbox.Oura, sandbox.DemoClientID, []string{"daily"})
	if err != nil {
		fmt.Println(err)
		return
	}
	hc := &http.Client{Transport: &oauth2.Transport{Source: oauth2.StaticTokenSource(tok), Base: srv.Transport()}}

	p, _ := providers.Sandbox("oura", sandbox.InProcessURL)
	r := wearnb.Range{From: wearnb.MustDate("2024-03-04"), To: wearnb.MustDate("2024-03-10")}
	b, err := p.Streams()[0].Fetch(context.Background(), hc, r)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(b.Sleeps) >= 7, "listening:", srv.URL() != "")
	// Output: true listening: false
}
