spec["nb"] = nb([
("markdown", """
# Two years of sleep

This notebook connects to a sleep tracker, syncs two years of nights into a
local cache, and looks at them as a data frame and as charts.

It runs as is against wearnb's **built-in sandbox provider**: an offline
server that speaks the Oura API v2 wire format for a synthetic person, so no
account is needed. To use your own ring, drop `connect.Sandbox()` below (and
set `WEARNB_OURA_CLIENT_ID` / `WEARNB_OURA_CLIENT_SECRET` in the environment
Jupyter runs in); for another tracker, change `"oura"` to `"googlehealth"`,
`"fitbit"` or `"jawbone"`.
"""),
("code", BOOT),
("markdown", """
## Connect

The first time, this cell shows a consent link: click it, approve, and the
token is saved to a file (mode 0600) for every later cell and every later
day. GoNB runs each cell as a new program, so every cell calls `open` again;
after the first time it just loads the token file.
"""),
("code", """
import (
	"context"
	"fmt"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
	"wearnb.dev/kernelhelpers"
	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/charts"
	"wearnb.dev/wearnb/connect"
	"wearnb.dev/wearnb/consent"
	"wearnb.dev/wearnb/frames"
)

// open returns the account; the cell waits for consent the first time.
func open(ctx context.Context) *connect.Account {
	return must(connect.Open(ctx, "oura", connect.Sandbox()))
}

// period is what we look at: two full years.
var period = wearnb.Range{From: wearnb.MustDate("2024-01-01"), To: wearnb.MustDate("2025-12-31")}

// must and check stop the cell with the error.
func must[T any](v T, err error) T {
	check(err)
	return v
}

func check(err error) {
	if err != nil {
		panic(err)
	}
}

%%
ctx, stop := consent.InterruptContext(context.Background())
defer stop()
acct := open(ctx)
defer acct.Close()
fmt.Println(must(acct.Token())) // fingerprints only: wearnb never shows a token
""", ["html:Connected to Oura"]),
("markdown", """
## Nights as a data frame

`acct.Sleeps` fetches what the cache lacks (the first run pages through the
API; later runs make at most one request) and returns normalized sleeps;
`frames.Sleeps` makes a Gota frame with one row per sleep period. Durations are
in minutes, `date` is the night's date (the day it ends), times are local with
`utc_offset_min` beside them.
"""),
("code", """
%%
ctx := context.Background()
acct := open(ctx)
defer acct.Close()
sleeps := must(acct.Sleeps(ctx, period))
df := must(frames.Sleeps(sleeps))
kernelhelpers.Table(df, 8)
""", ["html:asleep_min"]),
("markdown", """
## Weekly averages

Naps would pull the averages down, so keep main sleeps only, then average by
ISO week.
"""),
("code", """
%%
ctx := context.Background()
acct := open(ctx)
defer acct.Close()
df := must(frames.Sleeps(must(acct.Sleeps(ctx, period))))
nights := df.Filter(dataframe.F{Colname: "is_main", Comparator: series.Eq, Comparando: true})
weekly := must(frames.WeeklyMean(nights, "asleep_min", "efficiency_pct", "deep_min", "rem_min"))
kernelhelpers.Table(weekly, 6)
""", ["html:week_start"]),
("markdown", """
## Charts

Every chart is a function returning a `*plot.Plot`, so you can change titles
or save it (`p.Save(w, h, "night.png")`) as well as show it.
"""),
("code", """
%%
ctx := context.Background()
acct := open(ctx)
defer acct.Close()
sleeps := must(acct.Sleeps(ctx, period))
check(kernelhelpers.ShowPlot(must(charts.SleepDuration(sleeps, 14)), 0, 0))
check(kernelhelpers.ShowPlot(must(charts.StageComposition(sleeps)), 0, 0))
check(kernelhelpers.ShowPlot(must(charts.WeekdayComparison(sleeps)), 0, 0))
""", ["image/png"]),
("markdown", """
## One night, and sleep timing

The hypnogram of the last main sleep in the period, and an actogram of the
last eight weeks: one row per evening, a bar where asleep (naps lighter).
Look for the weekend shift, and for the trip across time zones.
"""),
("code", """
%%
ctx := context.Background()
acct := open(ctx)
defer acct.Close()
sleeps := must(acct.Sleeps(ctx, period))
var last wearnb.Sleep
for _, s := range sleeps {
	if s.IsMain && !s.Start.Before(last.Start) {
		last = s
	}
}
check(kernelhelpers.ShowPlot(must(charts.Hypnogram(last)), 0, 0))
recent := wearnb.Range{From: period.To.AddDays(-55), To: period.To}
var weeks []wearnb.Sleep
for _, s := range sleeps {
	if recent.Contains(s.Date) {
		weeks = append(weeks, s)
	}
}
check(kernelhelpers.ShowPlot(must(charts.Actogram(weeks)), 0, 0))
""", ["image/png"]),
], expect=["image/png"])
