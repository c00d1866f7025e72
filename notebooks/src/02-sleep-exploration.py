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
day. GoNB runs each cell as a new program and runs the declarations below
again each time, so every cell has `acct`: after the first time, opening it
just loads the token file. If something goes wrong, the cell shows a box
that says what to do.
"""),
("code", """
import (
	"wearnb.dev/kernelhelpers/nb"
	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/charts"
	"wearnb.dev/wearnb/connect"
	"wearnb.dev/wearnb/frames"
)

// The account every cell reads, and the two years we look at.
var acct = nb.Open("oura", connect.Sandbox())
var period = wearnb.Range{From: wearnb.MustDate("2024-01-01"), To: wearnb.MustDate("2025-12-31")}

%%
nb.Show(acct.Token()) // fingerprints only: wearnb never shows a token
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
nb.Rows(8).Show(frames.Sleeps(acct.Sleeps(period)))
""", ["html:asleep_min"]),
("markdown", """
## Weekly averages

Naps would pull the averages down, so keep main sleeps only (`.Main()`), then
average by ISO week.
"""),
("code", """
%%
nights := frames.Sleeps(acct.Sleeps(period).Main())
nb.Rows(6).Show(frames.WeeklyMean(nights, "asleep_min", "efficiency_pct", "deep_min", "rem_min"))
""", ["html:week_start"]),
("markdown", """
## Charts

Every chart is a function returning a `*plot.Plot`, so you can change titles
or save it (`p.Save(w, h, "night.png")`) as well as show it. `nb.Show` takes
the chart and its error together.
"""),
("code", """
%%
nb.Show(charts.SleepDuration(acct.Sleeps(period), 14))
""", ["image/png"]),
("code", """
%%
sleeps := acct.Sleeps(period)
nb.Show(charts.StageComposition(sleeps))
nb.Show(charts.WeekdayComparison(sleeps))
""", ["image/png"]),
("markdown", """
## One night, and sleep timing

The hypnogram of last night (the last main sleep in the period), and an
actogram of the last eight weeks: one row per evening, a bar where asleep
(naps lighter). Look for the weekend shift, and for the trip across time
zones.
"""),
("code", """
%%
sleeps := acct.Sleeps(period)
nb.Show(charts.Hypnogram(sleeps.LastNight()))
nb.Show(charts.Actogram(sleeps.LastWeeks(8)))
""", ["image/png"]),
("markdown", """
## Weekends and weekdays

The last eight weeks again, week by week: first the nights that end on a
Saturday or Sunday (Friday and Saturday nights, before days off), then the
other five.
"""),
("code", """
%%
nights := acct.Sleeps(period).Main().LastWeeks(8)
nb.Show(frames.WeeklyMean(frames.Sleeps(nights.Weekends()), "asleep_min", "in_bed_min"))
nb.Show(frames.WeeklyMean(frames.Sleeps(nights.Weekdays()), "asleep_min", "in_bed_min"))
""", ["html:in_bed_min"]),
("markdown", """
## Heart rate and nightly vitals

The ring measures heart rate through the day and night, and summarizes each
sleep: its lowest and mean heart rate, heart-rate variability (RMSSD, in ms),
breathing rate and skin temperature against your baseline. `acct.Vitals`
gives one record per sleep and `frames.NightlyVitals` a frame of them; what
the provider did not send is `NaN`, never 0 (naps have no temperature).
"""),
("code", """
%%
nb.Rows(7).Show(frames.NightlyVitals(acct.Vitals(period.Last(14))))
""", ["html:hrv_rmssd_ms"]),
("markdown", """
Last night's heart rate under its hypnogram: it falls as the night goes on,
lowest in deep sleep, and rises in REM and when awake. Oura sends heart-rate
samples in UTC without saying where you were, so `acct.HeartRate` dates them
by UTC day: ask for the night's two dates.
"""),
("code", """
%%
night := acct.Sleeps(period).LastNight()
nb.Show(charts.NightHeartRate(night, acct.HeartRate(period.Last(2))))
""", ["image/png"]),
("markdown", """
Eight weeks of samples in one chart, with each day's mean and lowest: long
series are reduced for drawing to the extremes of each pixel column, so even
a year of minutes draws in a fraction of a second. `frames.HeartRate` has one
row per sample.
"""),
("code", """
%%
hr := acct.HeartRate(period.Last(56))
nb.Show(charts.HeartRateTrend(hr))
nb.Rows(5).Show(frames.HeartRate(hr))
""", ["image/png", "html:bpm"]),
], expect=["image/png"])
