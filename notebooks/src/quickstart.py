# Template for notebooks/1x-quickstart-<provider>.ipynb; mknb.py is run with
# PROVIDER set (see scripts/mknb.sh).
import os

P = os.environ["PROVIDER"]
INFO = {
    "oura": ("Oura", "Oura API v2, live. Register an app at cloud.ouraring.com (OAuth applications) with the redirect URI below.", "OURA"),
    "googlehealth": ("Google Health", "Google Health API v4, live: the successor of the Fitbit Web API. Create OAuth credentials in a Google Cloud project with the Health API enabled; its scopes are restricted, so Google reviews apps before they leave testing mode.", "GOOGLEHEALTH"),
    "fitbit": ("Fitbit", "Fitbit Web API, retired in autumn 2026 (HTTP 410 after shutdown): kept for archived deployments, Fitbit data exports (`fitbit.ImportDir`) and the sandbox. Use Google Health for live data.", "FITBIT"),
    "jawbone": ("Jawbone UP", "Jawbone UP, defunct since 2018: kept for old exports and the sandbox, as in the original notebook this project grew from.", "JAWBONE"),
}
title, status, env = INFO[P]

# Extra cells for one provider: Jawbone's provider-native frame, the one the
# original notebook built by hand from each move's `details`.
NATIVE = {"jawbone": [
("markdown", """
## The provider's own fields

wearnb's frames have one schema for every provider. Sometimes you want the
provider's own fields too: the raw responses are in the cache, and
`frames.Flatten` turns their items into a frame with one column per field
(`details.steps`, `details.hourly_totals.…`), numbers kept as numbers (Jawbone
sends some of them sometimes as `""` and sometimes as `0`).
"""),
("code", """
%%
ctx := context.Background()
acct := open(ctx)
defer acct.Close()
// Each page is Jawbone's envelope {meta, data: {items, links}}; a day the
// cache fetched twice (while it could still change) is kept once, by xid.
var items []json.RawMessage
seen := map[string]bool{}
for _, page := range must(acct.RawPages(ctx, lastYear, "moves")) {
	var env struct {
		Data struct {
			Items []json.RawMessage `json:"items"`
		} `json:"data"`
	}
	if err := json.Unmarshal(page.Body, &env); err != nil {
		panic(err)
	}
	for _, it := range env.Data.Items {
		var id struct{ Xid string }
		_ = json.Unmarshal(it, &id)
		if !seen[id.Xid] {
			seen[id.Xid] = true
			items = append(items, it)
		}
	}
}
native := must(frames.Flatten(items, frames.MaxDepth(2)))
kernelhelpers.Table(native.Select([]string{"date", "title", "details.steps", "details.km", "details.active_time", "details.calories", "details.tz"}), 5)
""", ["html:details.steps"]),
]}

spec["nb"] = nb([
("markdown", f"""
# Quickstart: {title}

{status}

This notebook runs against wearnb's built-in **sandbox**, which speaks
{title}'s wire format for a synthetic person. For your own data:

1. register an app with the redirect URI `http://localhost:8976/callback`;
2. put its credentials where Jupyter can read them, never in the notebook:
   `WEARNB_{env}_CLIENT_ID` and `WEARNB_{env}_CLIENT_SECRET` in the
   environment, or `$WEARNB_HOME/secrets.json` (mode 0600);
3. delete `connect.Sandbox()` in the next cell.
"""),
("code", BOOT),
("code", f"""
import (
	"context"
	"encoding/json"

	"wearnb.dev/kernelhelpers"
	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/charts"
	"wearnb.dev/wearnb/connect"
	"wearnb.dev/wearnb/consent"
	"wearnb.dev/wearnb/frames"
)

func open(ctx context.Context) *connect.Account {{
	return must(connect.Open(ctx, "{P}", connect.Sandbox()))
}}

var lastYear = wearnb.Range{{From: wearnb.MustDate("2025-01-01"), To: wearnb.MustDate("2025-12-31")}}

func must[T any](v T, err error) T {{
	if err != nil {{
		panic(err)
	}}
	return v
}}

%%
ctx, stop := consent.InterruptContext(context.Background())
defer stop()
acct := open(ctx)
defer acct.Close()
sleeps := must(acct.Sleeps(ctx, lastYear))
kernelhelpers.Table(must(frames.Sleeps(sleeps)), 5)
""", ["html:asleep_min"]),
("code", """
%%
ctx := context.Background()
acct := open(ctx)
defer acct.Close()
sleeps := must(acct.Sleeps(ctx, lastYear))
if err := kernelhelpers.ShowPlot(must(charts.SleepDuration(sleeps, 7)), 0, 0); err != nil {
	panic(err)
}
kernelhelpers.Table(must(frames.Moves(must(acct.Days(ctx, lastYear)))), 5)
""", ["image/png", "html:steps"]),
] + NATIVE.get(P, []), expect=["image/png"])
