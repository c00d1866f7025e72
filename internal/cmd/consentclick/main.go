// Command consentclick plays the person in a notebook test: it opens a
// consent link in headless Chromium and clicks Allow (or Deny) on the
// provider's consent page. The notebook test harness runs it when a cell
// shows a wearnb consent link.
//
//	consentclick [-deny] [-timeout 60s] URL
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"wearnb.dev/internal/browser"
)

func main() {
	deny := flag.Bool("deny", false, "click Deny instead of Allow")
	timeout := flag.Duration("timeout", 60*time.Second, "give up after this long")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: consentclick [-deny] [-timeout d] URL")
		os.Exit(2)
	}
	sel := "#allow"
	if *deny {
		sel = "#deny"
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	final, err := browser.Click(ctx, flag.Arg(0), sel)
	if err != nil {
		fmt.Fprintln(os.Stderr, "consentclick:", err)
		os.Exit(1)
	}
	fmt.Println("consentclick: clicked", sel, "and landed on", final)
}
