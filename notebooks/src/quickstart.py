# Template for notebooks/10-quickstart-oura.ipynb and 13-quickstart-jawbone.ipynb;
# mknb.py is run with PROVIDER set (see scripts/mknb.sh). Google Health and
# Fitbit have sources of their own (11-…, 12-…).
import os

P = os.environ["PROVIDER"]
INFO = {
    "oura": ("Oura", "Oura API v2, live. Register an app at cloud.ouraring.com (OAuth applications) with the redirect URI below.", "OURA"),
    "jawbone": ("Jawbone UP", "Jawbone UP, defunct since 2018: kept for old exports and the sandbox, as in the original notebook this project grew from.", "JAWBONE"),
}
title, status, env = INFO[P]

# Extra cells for one provider: Jawbone's provider-native frame, the one the
# original notebook built by hand from each move's `details`.
NATIVE = {"jawbone": [
("markdown", """
## The provider's own fields

wearnb's frames have one schema for every provider. Sometimes you want the
provider's own fields too: the raw responses are in the cache. `acct.Items`
takes the items out of Jawbone's envelope (`data.items`), once per `xid` (a
day fetched twice while it could still change is kept as fetched last), and
`frames.Flatten` turns them into a frame with one column per field
(`details.steps`, `details.hourly_totals.…`), numbers kept as numbers
(Jawbone sends some of them sometimes as `""` and sometimes as `0`).
"""),
("code", """
%%
moves := nb.Must(frames.Flatten(acct.Items(lastYear, "moves", "data.items", "xid"), frames.MaxDepth(2)))
nb.Rows(5).Show(moves.Select([]string{"date", "title", "details.steps", "details.km", "details.active_time", "details.calories", "details.tz"}))
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
	"wearnb.dev/kernelhelpers/nb"
	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/charts"
	"wearnb.dev/wearnb/connect"
	"wearnb.dev/wearnb/frames"
)

// The account every cell reads: the first time, the cell waits for consent.
var acct = nb.Open("{P}", connect.Sandbox())
var lastYear = wearnb.Range{{From: wearnb.MustDate("2025-01-01"), To: wearnb.MustDate("2025-12-31")}}

%%
nb.Rows(5).Show(frames.Sleeps(acct.Sleeps(lastYear)))
""", ["html:asleep_min"]),
("code", """
%%
nb.Show(charts.SleepDuration(acct.Sleeps(lastYear), 7))
nb.Rows(5).Show(frames.Moves(acct.Days(lastYear)))
""", ["image/png", "html:steps"]),
] + NATIVE.get(P, []), expect=["image/png"])
