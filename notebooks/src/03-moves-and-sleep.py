spec["nb"] = nb([
("markdown", """
# Moves and sleep

Daily and hourly steps next to the nights that follow them: a day-by-hour
heatmap of activity, and whether more steps go with more sleep.

Runs against the built-in sandbox (Oura format); drop `connect.Sandbox()` for
a real account, or change the provider name.
"""),
("code", BOOT),
("code", """
import (
	"context"
	"fmt"

	"wearnb.dev/kernelhelpers"
	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/charts"
	"wearnb.dev/wearnb/connect"
	"wearnb.dev/wearnb/consent"
	"wearnb.dev/wearnb/frames"
)

// open returns the account; the first time, the cell waits for consent.
func open(ctx context.Context) *connect.Account {
	return must(connect.Open(ctx, "googlehealth", connect.Sandbox()))
}

var period = wearnb.Range{From: wearnb.MustDate("2025-01-01"), To: wearnb.MustDate("2025-06-30")}

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
days := must(acct.Days(ctx, period))
kernelhelpers.Table(must(frames.Moves(days)), 7)
""", ["html:steps"]),
("markdown", """
## Steps by hour

One row per day, one column per local clock hour. Nights are dark; the
weekday lunch walk and the long weekend walks show up as columns and blocks.
Google Health sends steps as one-minute points, which the client adds up per
local hour (each point carries its own UTC offset, so trips abroad land on the
right hours).
"""),
("code", """
%%
ctx := context.Background()
acct := open(ctx)
defer acct.Close()
hours := must(acct.Hours(ctx, wearnb.Range{From: period.To.AddDays(-41), To: period.To}))
hf := must(frames.HourlyMoves(hours))
fmt.Println(hf.Nrow(), "hours with data")
check(kernelhelpers.ShowPlot(must(charts.StepsHeatmap(hours)), 0, 0))
""", ["image/png"]),
("markdown", """
## Do active days give longer nights?

Each point is a day's steps against the total sleep time of the night that
follows; the line is a least-squares fit, and the title gives its slope and
the correlation.
"""),
("code", """
%%
ctx := context.Background()
acct := open(ctx)
defer acct.Close()
days := must(acct.Days(ctx, period))
sleeps := must(acct.Sleeps(ctx, period))
check(kernelhelpers.ShowPlot(must(charts.StepsVsSleep(days, sleeps)), 0, 0))
""", ["image/png"]),
], expect=["image/png"])
