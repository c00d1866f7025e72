package redact_test

import (
	"fmt"
	"net/url"

	"wearnb.dev/wearnb/internal/redact"
)

// Known values go first: the client knows the refresh token it sent, so
// it finds it plain, percent-encoded and quoted as a prefix. The shape net
// then catches a token nobody named.
func Example() {
	rt := "rt/8d1f0c9b+7a6e5d4c3b2a"
	s := redact.Known(rt)
	fmt.Println(s.Scrub("sent refresh_token=" + url.QueryEscape(rt)))
	fmt.Println(s.Scrub("Refresh token invalid: " + rt[:8] + "…"))
	fmt.Println(s.Text("Access token invalid: tok_9f8e7d6c5b4a."))
	// Output:
	// sent refresh_token=[redacted]
	// Refresh token invalid: [redacted]…
	// Access token invalid: [redacted].
}

// URL keeps a URL a URL: secret query values become REDACTED.
func ExampleURL() {
	fmt.Println(redact.URL("https://api.example.com/v2/sleep?access_token=abc&start_date=2026-01-01"))
	// Output:
	// https://api.example.com/v2/sleep?access_token=REDACTED&start_date=2026-01-01
}
