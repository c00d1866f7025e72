package wearnb_test

import (
	"fmt"

	"wearnb.dev/wearnb"
)

// Five years of nights, fetched in the 100-day chunks Fitbit's sleep
// endpoint allows.
func ExampleRange_Split() {
	r, _ := wearnb.NewRange(wearnb.MustDate("2021-11-23"), wearnb.MustDate("2026-11-22"))
	chunks := r.Split(100)
	fmt.Println(r.Days(), "days in", len(chunks), "requests")
	fmt.Println("first:", chunks[0], "last:", chunks[len(chunks)-1])
	// Output:
	// 1826 days in 19 requests
	// first: 2021-11-23..2022-03-02 last: 2026-10-28..2026-11-22
}
