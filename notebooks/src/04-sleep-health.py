spec["nb"] = nb([
("markdown", """
# Sleep health: the measures sleep researchers use, on your tracker's data

A tracker's app tells you how long you slept. Sleep researchers ask more:
*when* you sleep, how *regular* it is, how far your free days drift from
your workdays, and how strong your daily rhythm of rest and activity is.
This notebook computes those measures with `wearnb/metrics`: the night by
night measures (TST, TIB, SE, SOL, WASO, awakenings, REM latency), the
timing of sleep on the local clock (midsleep, circular means), chronotype
and social jetlag after the Munich ChronoType Questionnaire, sleep debt, the
Sleep Regularity Index, and the rest-activity rhythm (IS, IV, L5, M10, RA).

It runs on wearnb's **sandbox**: a synthetic person whose habits we know,
so we can check that each measure finds them. The person lives in New
York, goes to bed around 23:15 and gets up at 06:45 before workdays, and
sleeps from about 00:30 to 09:00 before weekend days; once a year they fly
west to Los Angeles for a week and east to Berlin for two; the clocks
change for daylight saving time; now and then the tracker is not worn. Every
number is also checked in the tests: against hand-worked examples, the
worked examples of the MCTQ literature, and pyActigraphy (see the end).
"""),
("code", BOOT),
("markdown", """
## The card first

The next cell opens the account (the sandbox serves it in Google Health's
format: sleeps with stages and steps per hour; to use your own account,
drop `connect.Sandbox()`), reads 2024, and computes the **sleep health
card**: the year in one table. The rest of the notebook explains each line.
"""),
("code", """
import (
	"time"

	"wearnb.dev/kernelhelpers/nb"
	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/charts"
	"wearnb.dev/wearnb/connect"
	"wearnb.dev/wearnb/metrics"
	"wearnb.dev/wearnb/sandbox/synth"
)

var acct = nb.Open("googlehealth", connect.Sandbox()) // drop connect.Sandbox() for your own account
var period = wearnb.Range{From: wearnb.MustDate("2024-01-01"), To: wearnb.MustDate("2024-12-31")}
// The defaults (awakenings of 5 min or more, weekends free, 8 h need, 14-night debt, 7-day minimum), and:
// Google Health sends only the hours with steps, so on a day with steps an hour without a record had none.
var opt = metrics.Options{SparseSteps: true}

// A year of sleeps (nights and naps) and of hourly steps, and the card.
var sleeps, hours = acct.Sleeps(period), acct.Hours(period)
var card = metrics.HealthCard(sleeps, hours, period, opt)

%%
nb.Show(card)
""", ["html:social jetlag", "html:>SRI<", "html:>1 h 40 min (free days later)<", "html:>81<", "html:from 01:00<", "html:from 10:00<"]),
("markdown", """
## Night by night

`metrics.Nightly` gives one row per sleep, naps included (`is_main`
false); `metrics.NightFrame` makes it a frame. The measures, from the
sleep's stages:

- **TIB**, time in bed: from getting into bed to getting out.
- **TST**, total sleep time: the time asleep, every stage but wake.
- **SE**, sleep efficiency, 100·TST/TIB: the share of the time in bed
  spent asleep. Below 85 % is the usual mark of poor sleep.
- **SOL**, sleep onset latency: into bed to the first sleep. Taking more
  than 30 minutes, night after night, is a sign of insomnia.
- **WASO**, wake after sleep onset: the time awake between falling asleep
  and the final awakening; the plainest number for broken sleep.
- **Awakenings**: wake bouts of 5 minutes or more. Short wakes are normal
  and mostly forgotten; the National Sleep Foundation's quality indicators
  count the longer ones.
- **REM latency**: from sleep onset to the first REM sleep, usually 70 to
  120 minutes. A very short one is a clinical sign, but a ring's stages
  are too coarse to diagnose anything.

A measure whose input is missing is NaN, never 0: a log without stages
has no WASO, awakenings or REM latency. Implausible records (out of bed
before getting in, more sleep than time in bed) are left out.
"""),
("code", """
// One row of measures per sleep of the year.
var rows = metrics.Nightly(metrics.NightsFromSleeps(sleeps), opt)

%%
nb.Show(metrics.NightFrame(metrics.Nightly(metrics.NightsFromSleeps(sleeps.LastDays(7)), opt)))
""", ["html:rem_latency_min"]),
("markdown", """
## When you sleep

**Midsleep** is the instant halfway between falling asleep and the final
awakening. It follows the body clock more closely than bedtime does, so
it is the usual single number for sleep timing. Onset, midsleep and offset
are read on the **local clock** where the person was, and averaged
**circularly**: 23:30 and 00:30 average to midnight, not to noon. The
card's `± ` after each clock time is the circular SD.

The chart has one column of points per night: onset at the bottom,
midsleep, offset at the top; filled circles before workdays, open rings
before free days, and lines for the circular mean of the last 7 nights.
"""),
("code", """
%%
nb.Show(charts.SleepTiming(rows, 7))
""", ["image/png"]),
("markdown", """
Two of the person's traits show at once. The **weekend shift**: the rings
sit well above the circles every week, since the person goes to bed about
75 minutes later and gets up over two hours later before free days. The
**trips**: the local clock times stay put while the person is away (they
live on local time), but the first nights after flying jump. The person
flies east to Berlin, six hours ahead, on 1 August and back on 15 August
(`utc_offset_min` shows where they slept). The body clock lags behind the
new local clock: the first nights in Berlin start well after midnight,
later than any weeknight at home, and the lag fades over three nights;
back home it goes the other way, and the first night starts early. (A
date missing from the table is a night the tracker was not worn, about one
in 33.)
"""),
("code", """
// The nights of the trip to Berlin (2 to 16 August), and a week either side.
var tripDates = wearnb.Range{From: wearnb.MustDate("2024-07-26"), To: wearnb.MustDate("2024-08-23")}
var trip = metrics.Nightly(metrics.NightsFromSleeps(sleeps.Main().In(tripDates)), opt)

%%
nb.Show(charts.SleepTiming(trip, 3))
nb.Rows(-1).Show(nb.Must(metrics.NightFrame(trip)).Select([]string{"date", "weekday", "utc_offset_min", "onset_local", "wake_local", "midsleep_clock_h"}))
""", ["image/png", "html:utc_offset_min"]),
("markdown", """
## Chronotype and social jetlag

The Munich ChronoType Questionnaire (Roenneberg et al. 2003, 2012) asks
people when they sleep on workdays and on free days. Here the nights answer:

- **MSW** and **MSF**: mid-sleep before workdays and before free days,
  from the mean sleep onset and sleep duration of each.
- **MSF_sc**, the chronotype: MSF corrected for the catch-up sleep that
  makes free-day nights longer. Later means a later chronotype.
- **Social jetlag**, |MSF − MSW|: every week the person's clock jumps
  between workdays and free days as if they flew across time zones. Over
  an hour is common, and it goes with poorer health (more smoking,
  depressive symptoms, higher body weight, in Roenneberg's and Wittmann's
  studies).
- **Weekly sleep loss**: the sleep lost over the week against the weekly
  mean, mostly on workdays.

Free days are weekends by default. If yours are not, pass your own
calendar: `opt.Free = metrics.WithFreeDays(metrics.Weekends, holidays...)`,
or `metrics.WithWorkdays` for weekend shifts.
"""),
("code", """
%%
nb.Show(metrics.ChronotypeMCTQ(rows, period, opt.Free))
""", ["html:MSF_sc", "html:1 h 40 min (free days later)"]),
("markdown", """
The generator's weekend shift is **105 minutes**: the midpoint of the
time in bed is 03:00 before workdays (23:15 to 06:45) and 04:45 before
free days (00:30 to 09:00), each night drawn around those times. The
measured social jetlag is **1 h 40 min**, free days later: the nights
drawn for 2024 shift a little less than the nominal 105 minutes, and the
tests allow ±15 minutes over a year, for three seeds. MSF_sc is earlier
than MSF because the person sleeps an hour longer before free days,
catching up on the week.
"""),
("markdown", """
## Sleep debt

Apps add up a sleep debt: the shortfall against a nightly need over the
last 14 nights, Σ max(0, need − TST), naps included. A night not recorded
counts neither as full debt nor as none: the mean shortfall of the
recorded nights is scaled to 14. It is not a clinical measure, and the
need is yours to set: 8 hours by default, 7 below.
"""),
("code", """
%%
nb.Show(metrics.SleepDebt(rows, period.To, opt))
nb.Show(metrics.SleepDebt(rows, period.To, metrics.Options{SleepNeed: 7 * time.Hour}))
""", ["text:sleep debt", "text:against a need of 7 h 00 min"]),
("markdown", """
## Regularity: the Sleep Regularity Index

The **SRI** (Phillips et al. 2017) is the chance of being in the same
state, asleep or awake, at the same clock time on two consecutive days,
scaled so that 100 is the same sleep every day and 0 is random. It is
built minute by minute from the sleep stages, naps included; a night that
was not recorded is missing, not awake, and the index needs a week's
worth of day pairs. In the UK Biobank, irregular sleepers had a higher
mortality risk, and regularity predicted it better than sleep duration
did (Windred et al. 2024).

The chart shows it over rolling 28-day windows, with the social jetlag
of the same windows beside it.
"""),
("code", """
// The sleep/wake state of every minute of the year.
var grid = metrics.SleepWakeFromSleeps(sleeps, period, time.Minute, false)

%%
trend := metrics.RegularityTrend(rows, grid, period, 28, opt)
nb.Show(charts.RegularityTrend(trend))
""", ["image/png"]),
("markdown", """
The person scores 81 over the year (the card): regular weekdays, but
every weekend two nights shifted by well over an hour. The 28-day windows
stay within a few points of that all year. The trip costs little, since
the person lives on local time and only the first nights after each
flight follow neither schedule. The social jetlag of a window swings much
more: four weekends are few nights to average.
"""),
("markdown", """
## Rest-activity rhythm

The non-parametric rhythm measures of actigraphy (Witting et al. 1990;
van Someren et al. 1999), here from hourly steps:

- **IS**, interdaily stability (0 to 1): how alike the days are.
- **IV**, intradaily variability (0 to about 2): how fragmented a day is,
  hour to hour.
- **L5** and **M10**: the mean activity of the least active 5 hours and
  the most active 10 hours of the average day, with their start times.
- **RA**, relative amplitude, (M10 − L5)/(M10 + L5): near 1 when the
  nights are still and the days active.

A missing hour is not an hour without steps: it is left out, and a day
counts when 16 of its hours have data; the measures need 7 such days.
Which hours are missing depends on the provider. Google Health sends only
the hours with steps, so the hours of a night are simply absent; read as
missing, L5 would be the mean of the few night hours with a walk to the
bathroom. `metrics.StepsFromSparseHours` (and `SparseSteps` for the card)
counts an hour without a record as 0 on a day with steps, and leaves a
day without any data missing. Steps alone cannot tell an hour off the
wrist from an hour sitting still; heart rate can.

Steps come in bursts (a walk, then nothing), so IS is lower and IV higher
than the wrist-actigraphy norms they are usually compared with.
"""),
("code", """
// Steps per hour on the local clock; Google Health sends only the hours with steps.
var steps = metrics.StepsFromSparseHours(hours)

%%
nb.Show(charts.ActivityProfile(metrics.RestActivity(steps, metrics.RhythmOptions{})))
""", ["image/png"]),
("markdown", """
L5 starts at 01:00, well inside the night. M10 starts at 10:00 and
covers the weekday lunch walk and the long weekend walks.

### The heart's rhythm

The same measures run on heart rate: `metrics.HeartRateSeries` makes the
samples a series of minutes on the local clock (a minute without a sample,
the tracker off the wrist, is missing, not 0 bpm; a day counts when 2/3 of
its minutes have one). A year of minute heart rate is half a million
samples, so the next cell reads the last eight weeks of the year (about
80 000 samples; the first run syncs them into the cache) and compares them
with the steps of the same weeks.
"""),
("code", """
%%
heart := metrics.RestActivity(metrics.HeartRateSeries(acct.HeartRate(period.Last(56)), time.Minute, nil), metrics.RhythmOptions{})
moves := metrics.RestActivity(metrics.StepsFromSparseHours(acct.Hours(period.Last(56))), metrics.RhythmOptions{})
nb.Show(metrics.CompareRhythms(moves.Named("steps", "steps/h"), heart.Named("heart rate", "bpm")))
""", ["html:heart rate", "html:>0.83<", "html:>0.36<", "html:>49 bpm from 01:15<", "html:>77 bpm from 11:14<", "html:>0.22<"]),
("markdown", """
The heart keeps a steadier rhythm than the feet: IS 0.83 against 0.32,
IV 0.36 against 1.79. Steps come in bursts, on and off from one hour to
the next; heart rate rises and falls smoothly, and its largest swing, the
**nocturnal dip** of sleep, comes back at the same hours every night. So
heart rate shows the body's daily rhythm more than the day's walks. Its RA
is small, 0.22 against 0.99, because a heart never stops: L5 is the
sleeping heart rate (49 bpm, from 01:15) and M10 the active day's (77
bpm), and RA measures how deep the night's dip is against the day. The
night's least active five hours run about a third below the day's most
active ten; the clinical measure, the mean of the whole sleep against the
whole day, expects a dip of 10 % or more, and a blunted dip has gone with
higher mortality (Ben-Dov et al. 2007). Heart rate also tells what steps
cannot: an hour without a sample was off the wrist, while an hour without
steps may have been still or off.
"""),
("markdown", """
## Four people

The sandbox has other people with the same days, trips and gaps, but
other habits (`synth.Preset`): **Regular** sleeps 23:00 to 07:00 every
night, weekends too; **Irregular** goes to bed and gets up at times that
vary by hours, with a nap on 40 % of days; **Disrupted** keeps the
irregular schedule, wakes three times as often, and is restless late at
night and early in the morning. Their cards next to this person's, read
straight from the generator (no account needed):
"""),
("code", """
// Three more people: the same seed (the same days, trips and gaps), other habits.
var regular = synth.New(synth.Config{Seed: 1, Preset: synth.Regular})
var irregular = synth.New(synth.Config{Seed: 1, Preset: synth.Irregular})
var disrupted = synth.New(synth.Config{Seed: 1, Preset: synth.Disrupted})

%%
nb.Show(metrics.Compare(card.Named("this person"), metrics.CardOf(regular, period, opt).Named("Regular"),
	metrics.CardOf(irregular, period, opt).Named("Irregular"), metrics.CardOf(disrupted, period, opt).Named("Disrupted")))
""", ["html:Regular", "html:Disrupted", "html:>95<", "html:>53<", "html:>51<", "html:>0.28<", "html:>0.21<", "html:>0.99<", "html:>0.79<"]),
("markdown", """
The regular schedule shows as a high SRI (95) and no social jetlag; the
irregular schedules as a low SRI (53 and 51). Their social jetlag is
small too, and free days come out *earlier*: with no weekly pattern it is
chance, from nights that vary by hours. Social jetlag measures the weekly
jump, not irregularity; the SRI measures both. The disrupted person's
days are less alike and their nights less still: IS falls from 0.28 to
0.21, RA from 0.99 to 0.79, and L5 rises.

## How we know the numbers are right

- **Hand-worked fixtures**: small nights with every value worked out by
  hand, among them a night across the spring DST change, a nap, a trip
  across zones, a missing day, and clock times either side of midnight
  where the circular mean matters.
- **The MCTQ literature**: MSF_sc, social jetlag and weekly sleep loss on
  the worked examples of the `mctq` R package's documentation.
- **pyActigraphy**: `make test` exports the same series and runs
  pyActigraphy 1.2.2 on them (steps, and minute heart rate with its
  off-wrist gaps); IS, IV, L5, M10, RA and SRI agree to 1e-9
  (pyActigraphy divides variances by n − 1 where Witting's formulas divide
  by n; the test converts with the exact factors).
- **The synthetic person**: over a year and three seeds, the weekend shift
  is recovered as social jetlag within 15 minutes, Regular scores an SRI
  above 90, Irregular one below 60, and Disrupted lowers IS and RA.

## Your own data

Drop `connect.Sandbox()` from the first cell (and set up the provider as
in its quickstart notebook): everything above runs unchanged on your
data. What a provider sends limits what can be measured: a classic log
without stages gives no WASO, awakenings or REM latency (NaN); Oura sends
no hourly steps, so its card has no rest-activity lines; a provider with
steps only gives the rhythm but no SRI.
"""),
], expect=["image/png"])
