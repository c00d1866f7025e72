spec["nb"] = nb([
("markdown", """
# Moves and sleep

Daily and hourly steps next to the nights that follow them: a day-by-hour
heatmap of activity, and whether more steps go with more sleep.

Runs against the built-in sandbox (Google Health format); drop
`connect.Sandbox()` for a real account, or change the provider name.
"""),
("code", BOOT),
("code", """
import (
	"fmt"

	"wearnb.dev/kernelhelpers/nb"
	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/charts"
	"wearnb.dev/wearnb/connect"
	"wearnb.dev/wearnb/frames"
)

// The account every cell reads (the first time, the cell waits for consent).
var acct = nb.Open("googlehealth", connect.Sandbox())
var period = wearnb.Range{From: wearnb.MustDate("2025-01-01"), To: wearnb.MustDate("2025-06-30")}

%%
nb.Rows(7).Show(frames.Moves(acct.Days(period)))
""", ["html:resting_hr_bpm"]),
("markdown", """
The days come from Google's daily roll-up (`dataPoints:dailyRollUp`): each
day's steps, distance, total calories and active minutes, and the resting
heart rate beside them. A roll-up covers at most 14 days of calories and
active minutes and 90 of the others, so a year costs 64 requests, the fewest
the API allows. A day without data has no roll-up at all: its columns are
`NaN`, not 0.

## Steps by hour

One row per day, one column per local clock hour, over the last six weeks.
Nights are dark; the weekday lunch walk and the long weekend walks show up as
columns and blocks. Google Health sends steps as one-minute points, which the
client adds up per local hour (each point carries its own UTC offset, so
trips abroad land on the right hours).
"""),
("code", """
%%
hours := acct.Hours(period.Last(42))
fmt.Println(frames.HourlyMoves(hours).Nrow(), "hours with data")
nb.Show(charts.StepsHeatmap(hours))
""", ["image/png"]),
("markdown", """
## Do active days give longer nights?

Each point is a day's steps against the total sleep time of the night that
follows; the line is a least-squares fit, and the title gives its slope and
the correlation.
"""),
("code", """
%%
nb.Show(charts.StepsVsSleep(acct.Days(period), acct.Sleeps(period)))
""", ["image/png"]),
("markdown", """
## Heart rate

Google Health sends heart rate as samples with the UTC offset of where you
were (`heart-rate`), and each night's heart-rate variability, respiratory
rate and sleep temperature as daily values of the main sleep
(`daily-heart-rate-variability`, `daily-respiratory-rate`,
`daily-sleep-temperature-derivations`). `acct.Vitals` attaches them to the
night they belong to; Google computes no nightly lowest or mean heart rate,
so those columns are `NaN`.
"""),
("code", """
%%
nb.Rows(7).Show(frames.NightlyVitals(acct.Vitals(period.Last(14))))
""", ["html:resp_rate_per_min"]),
("markdown", """
The last night's heart rate under its stages, and the last four weeks of
one-minute samples with each day's mean and lowest. Gaps are the watch off
the wrist (charging after the morning shower, some afternoons).
"""),
("code", """
%%
hr := acct.HeartRate(period.Last(28))
nb.Show(charts.NightHeartRate(acct.Sleeps(period).LastNight(), hr))
nb.Show(charts.HeartRateTrend(hr))
""", ["image/png"]),
], expect=["image/png"])
