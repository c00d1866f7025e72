package nb

import (
	"encoding/json"
	"strings"
	"testing"

	"wearnb.dev/wearnb"
)

func TestEndpoint(t *testing.T) {
	for u, want := range map[string]string{
		"http://sandbox.wearnb.invalid/jawbone/nudge/api/v.1.1/users/@me/moves?start_time=1&limit=100":            "moves",
		"/nudge/api/v.1.1/users/SBX/moves?page_token=17":                                                          "moves",
		"https://jawbone.com/nudge/api/v.1.1/users/@me/heartrates?limit=100":                                      "heartrates",
		"https://health.googleapis.com/v4/users/me/dataTypes/steps/dataPoints:dailyRollUp#2025-01-01..2025-03-25": "dataPoints:dailyRollUp",
		"": "",
	} {
		if got := endpoint(u); got != want {
			t.Errorf("endpoint(%q) = %q, want %q", u, got, want)
		}
	}
}

// Jawbone's moves stream also reads the resting heart rate; its items are
// still the moves alone.
func TestJawboneMovesItemsAreMoves(t *testing.T) {
	f := newTestFront()
	var items []json.RawMessage
	code := f.run(func() {
		acct := f.open("jawbone", sandboxOpts(t, t.TempDir())...)
		items = acct.Items(wearnb.Range{From: wearnb.MustDate("2025-04-01"), To: wearnb.MustDate("2025-04-10")}, "moves", "data.items", "xid")
	})
	if code != -1 {
		t.Fatalf("stopped with %d:\n%s", code, f.errOut)
	}
	// The pages hold the days the list asked for around the range too.
	if len(items) < 10 || len(items) > 15 {
		t.Errorf("%d items for 10 days of moves", len(items))
	}
	for _, it := range items {
		if !strings.Contains(string(it), `"hourly_totals"`) || strings.Contains(string(it), "resting_heartrate") {
			t.Errorf("not a move: %.200s", it)
		}
	}
}
