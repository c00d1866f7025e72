package providers_test

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"testing"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/internal/sandboxtest"
	"wearnb.dev/wearnb/providers"
	"wearnb.dev/wearnb/providers/fitbit"
	"wearnb.dev/wearnb/sandbox"
	"wearnb.dev/wearnb/sandbox/synth"
)

// tolerance is how far a provider's normalized night may be from the
// synthetic truth, given what its wire format can carry.
type tolerance struct {
	asleep time.Duration // total sleep time
	stage  time.Duration // each of deep, light+REM together, REM
	rem    bool          // the format has REM (Jawbone has not)
	dist   bool          // the day data carries distance
	// oneKeyPerClockHour: hours are keyed by local clock hour alone, so on
	// a day whose clock repeats an hour (clocks falling back, a flight
	// west) the two hours come summed under one key and only the day's sum
	// of hours can match (Jawbone's hourly_totals "YYYYMMDDHH").
	oneKeyPerClockHour bool
	// awakenings: the format carries every wake bout, so Awakenings (and
	// wearnb.Awakenings and wearnb.WASO of the stages) must equal the
	// person's exactly.
	awakenings bool
	// latency and awake: how far Latency (sleep onset latency) and Awake
	// (wake after onset, the wake before rising included) may be from the
	// person's, on every sleep, naps included.
	latency, awake time.Duration
}

var tolerances = map[string]tolerance{
	// Fitbit v1.2: 30-second stage segments, minute totals. minutesAsleep
	// is the time asleep rounded once (±30 s); each stage's summary minutes
	// are apportioned so that they add up to it (each within a minute).
	// Stage logs keep every wake (short ones in levels.shortData), classic
	// logs every awake segment, so the client counts the person's bouts.
	//
	// Latency is where the first sleep segment starts: exact, as the
	// segments are on the person's 30-second grid. Awake is timeInBed −
	// minutesAsleep − Latency; both minute totals round a multiple of 30 s
	// half up, each 0 or +30 s off, so Awake is at most 30 s off (measured
	// over 2025: 30 s).
	"fitbit": {asleep: 30 * time.Second, stage: time.Minute, rem: true, dist: true, awakenings: true,
		latency: 0, awake: 30 * time.Second},
	// Google Health: stage intervals with exact instants, minute summaries
	// (minutesAsleep rounded once: ±30 s); every AWAKE interval is there.
	// Latency from the first sleep stage's exact instant; Awake is
	// minutesInSleepPeriod − minutesAsleep − Latency, off by at most 30 s
	// as Fitbit's (measured over 2025: 30 s). Days come from the daily
	// roll-up, with distance.
	"googlehealth": {asleep: 30 * time.Second, stage: time.Minute, rem: true, dist: true, awakenings: true,
		latency: 0, awake: 30 * time.Second},
	// Oura: second totals per stage (the 5-minute hypnogram only shapes
	// Stages). Awakenings are not compared: the hypnogram gives each 5
	// minutes one level, so a wake bout shorter than a slot (85 % of the
	// person's last 3 minutes or less) mostly vanishes into a sleep slot,
	// and bouts close together merge; Oura sends no count of its own. (In
	// 2025 the client finds about half of the person's bouts.)
	// latency, time_in_bed and total_sleep_duration are whole seconds of
	// times on the 30-second grid, so Latency and Awake (time_in_bed −
	// total_sleep_duration − latency = awake_time − latency) are exact
	// (measured over 2025: 0).
	"oura": {asleep: time.Second, stage: time.Second, rem: true, dist: true},
	// Jawbone: second totals of light and sound (deep); no REM (it is light).
	// details.awakenings is the person's count, and the ticks keep every
	// wake (depth 1) at its instant.
	// Latency is asleep_time − time_created and Awake duration − light −
	// sound − Latency (= awake − Latency), whole seconds: exact (measured
	// over 2025: 0).
	"jawbone": {asleep: time.Second, stage: time.Second, rem: false, dist: true, oneKeyPerClockHour: true, awakenings: true},
}

type got struct {
	sleeps []wearnb.Sleep
	days   []wearnb.DayMoves
	hours  []wearnb.HourMoves
}

// fetchAll runs every sleep and day stream of p over r, chunk by chunk, as
// the cache would.
func fetchAll(t *testing.T, ctx context.Context, p wearnb.Provider, hc *http.Client, r wearnb.Range) got {
	t.Helper()
	var g got
	for _, s := range p.Streams() {
		if s.Kind == wearnb.KindHourlyMoves && s.MaxDays < 7 {
			continue // one request a day: covered by each provider's own tests
		}
		if s.Kind == wearnb.KindHeartRate || s.Kind == wearnb.KindVitals {
			continue // crossprovider_heart_test.go
		}
		for _, chunk := range r.Split(s.MaxDays) {
			b, err := s.Fetch(ctx, hc, chunk)
			if err != nil {
				t.Fatalf("%s %s %v: %v", p.Name(), s.Name, chunk, err)
			}
			g.sleeps = append(g.sleeps, b.Sleeps...)
			g.days = append(g.days, b.Days...)
			g.hours = append(g.hours, b.Hours...)
		}
	}
	return g
}

type nightKey struct {
	date wearnb.Date
	main bool
	unix int64
}

// TestSamePersonThroughEveryFormat serves one synthetic person through the
// sandbox in each provider's wire format, normalizes each with its client,
// and checks that every provider gives the person's nights and days back:
// the same periods at the same instants and UTC offsets (across a DST change
// and trips abroad), the same totals within the format's resolution (time
// asleep, stages, onset latency and wake after onset), the same steps per day
// and, where a stream brings hours, per hour. Every normalized sleep splits
// its time in bed exactly: InBed = Latency + Asleep + Awake.
func TestSamePersonThroughEveryFormat(t *testing.T) {
	skipUnderRace(t)
	// Over a loopback socket, so that every provider's client is run through
	// the whole HTTP stack at least once; the other sandbox tests run
	// in-process.
	env := sandboxtest.New(t, sandbox.Fitbit, fitbit.Scopes, sandboxtest.OverLoopback())
	person := env.Person
	ctx := context.Background()

	// Spring and autumn DST changes and the year's trips all fall in 2025.
	r := wearnb.Range{From: wearnb.MustDate("2025-01-01"), To: wearnb.MustDate("2025-12-31")}
	abroad := 0
	for d := r.From; !d.After(r.To); d = d.AddDays(1) {
		if person.Zone(d).String() != person.Home().String() {
			abroad++
		}
	}
	if abroad == 0 {
		t.Fatal("the range has no trip; pick one that does")
	}

	truthSleeps := map[nightKey]wearnb.Sleep{}
	mainDates := map[wearnb.Date]bool{}
	for _, s := range person.Sleeps(r) {
		truthSleeps[nightKey{s.Date, s.IsMain, s.Start.Unix()}] = s
		mainDates[s.Date] = mainDates[s.Date] || s.IsMain
	}
	truthDays := map[wearnb.Date]wearnb.DayMoves{}
	for _, d := range person.Days(r) {
		truthDays[d.Date] = d
	}
	truthHours := map[hourKey]wearnb.HourMoves{}
	for _, h := range person.Hours(r) {
		truthHours[hourKeyOf(h)] = h
	}

	for _, name := range providers.Names() {
		t.Run(name, func(t *testing.T) {
			p, err := providers.Sandbox(name, env.URL)
			if err != nil {
				t.Fatal(err)
			}
			if name == "fitbit" {
				// Fitbit's timestamps carry no offset; a client must know
				// where the person was each night.
				p = fitbit.Sandbox(env.URL, fitbit.WithZones(person.Zone))
			}
			g := fetchAll(t, ctx, p, env.Client(t, name, p.Auth().Scopes), r)
			tol := tolerances[name]

			seen := map[nightKey]bool{}
			var worstStage, worstLatency, worstAwake time.Duration
			awakenings := 0
			for _, s := range g.sleeps {
				// The sandbox reports everything: every value is there, and
				// no sleep is flagged.
				if !s.InBed.OK() || !s.Asleep.OK() || !s.Awake.OK() || !s.Latency.OK() || !s.Efficiency.OK() ||
					!s.Awakenings.OK() || s.Flag != "" {
					t.Errorf("%s %v (main %v): a value is missing or the sleep flagged: %+v", name, s.Date, s.IsMain, s)
				}
				// Stage totals are there for every sleep with stages, but
				// for the classic logs some formats send for naps.
				if s.IsMain && (!s.Deep.OK() || !s.Light.OK() || tol.rem && !s.REM.OK()) {
					t.Errorf("%s %v: a main sleep without its stage totals: deep %v light %v rem %v", name, s.Date, s.Deep, s.Light, s.REM)
				}
				// Every format splits the time in bed the same way.
				if wearnb.Sum(s.Latency, s.Asleep, s.Awake) != s.InBed || s.Latency.Or(-1) < 0 || s.Awake.Or(-1) < 0 {
					t.Errorf("%s %v (main %v): latency %v + asleep %v + awake %v != in bed %v",
						name, s.Date, s.IsMain, s.Latency, s.Asleep, s.Awake, s.InBed)
				}
				k := nightKey{s.Date, s.IsMain, s.Start.Unix()}
				want, ok := truthSleeps[k]
				if !ok {
					t.Errorf("%s: sleep %v %v (main %v) is not the person's", name, s.Date, s.Start, s.IsMain)
					continue
				}
				if seen[k] {
					t.Errorf("%s: sleep %v %v returned twice", name, s.Date, s.Start)
				}
				seen[k] = true
				if !s.End.Equal(want.End) {
					t.Errorf("%s %v: end %v, want %v", name, s.Date, s.End, want.End)
				}
				if s.UTCOffset() != want.UTCOffset() {
					t.Errorf("%s %v: UTC offset %v, want %v", name, s.Date, s.UTCOffset(), want.UTCOffset())
				}
				if d := absDur(s.Asleep.Or(0) - want.Asleep.Or(0)); d > tol.asleep {
					t.Errorf("%s %v: asleep %v, want %v (±%v)", name, s.Date, s.Asleep, want.Asleep, tol.asleep)
				}
				dl, da := absDur(s.Latency.Or(0)-want.Latency.Or(0)), absDur(s.Awake.Or(0)-want.Awake.Or(0))
				worstLatency, worstAwake = max(worstLatency, dl), max(worstAwake, da)
				if dl > tol.latency {
					t.Errorf("%s %v (main %v): latency %v, want %v (±%v)", name, s.Date, s.IsMain, s.Latency, want.Latency, tol.latency)
				}
				if da > tol.awake {
					t.Errorf("%s %v (main %v): awake %v, want %v (±%v)", name, s.Date, s.IsMain, s.Awake, want.Awake, tol.awake)
				}
				if tol.awakenings {
					if s.Awakenings != want.Awakenings {
						t.Errorf("%s %v (main %v): %v awakenings, want %v", name, s.Date, s.IsMain, s.Awakenings, want.Awakenings)
					}
					if n := wearnb.Awakenings(s.Stages); wearnb.Some(n) != want.Awakenings {
						t.Errorf("%s %v (main %v): %v wake bouts in the stages, want %v", name, s.Date, s.IsMain, n, want.Awakenings)
					}
					if w, ww := wearnb.WASO(s.Stages), wearnb.WASO(want.Stages); w != ww {
						t.Errorf("%s %v (main %v): WASO %v in the stages, want %v", name, s.Date, s.IsMain, w, ww)
					}
					awakenings += s.Awakenings.Or(0)
				}
				if !s.IsMain || !s.Deep.OK() {
					continue // naps may come as classic logs without stages
				}
				dur := func(o wearnb.Opt[time.Duration]) time.Duration { return o.Or(0) }
				diffs := []time.Duration{absDur(dur(s.Deep) - dur(want.Deep)), absDur(dur(s.Light) + dur(s.REM) - dur(want.Light) - dur(want.REM))}
				if tol.rem {
					diffs = append(diffs, absDur(dur(s.REM)-dur(want.REM)))
				}
				for i, d := range diffs {
					worstStage = max(worstStage, d)
					if d > tol.stage {
						t.Errorf("%s %v: stage %d off by %v (±%v)", name, s.Date, i, d, tol.stage)
					}
				}
			}
			if len(seen) != len(truthSleeps) {
				t.Errorf("%s: %d of the person's %d sleeps", name, len(seen), len(truthSleeps))
			}

			var daysSeen int
			for _, d := range g.days {
				want, ok := truthDays[d.Date]
				if !ok {
					t.Errorf("%s: day %v is not the person's", name, d.Date)
					continue
				}
				daysSeen++
				if !d.Steps.OK() || d.Steps != want.Steps {
					t.Errorf("%s %v: %v steps, want %v", name, d.Date, d.Steps, want.Steps)
				}
				// Where the format carries distance it is there (and right);
				// where it does not (Google's steps), it is missing, not 0.
				if tol.dist != d.DistanceM.OK() {
					t.Errorf("%s %v: distance %v, format carries distance: %v", name, d.Date, d.DistanceM, tol.dist)
				}
				if tol.dist && math.Abs(d.DistanceM.Or(0)-want.DistanceM.Or(0)) > 0.01*want.DistanceM.Or(0)+1 {
					t.Errorf("%s %v: %.0f m, want %.0f m", name, d.Date, d.DistanceM.Or(0), want.DistanceM.Or(0))
				}
			}
			if daysSeen != len(truthDays) {
				t.Errorf("%s: %d of the person's %d days", name, daysSeen, len(truthDays))
			}
			hoursSeen := checkHours(t, name, person, g.hours, truthHours, truthDays, tol)
			hoursNote := "" // hours one day a request are not fetched here
			if len(g.hours) > 0 {
				hoursNote = fmt.Sprintf(", %d hours", hoursSeen)
			}
			awakeNote := ""
			if tol.awakenings {
				if awakenings == 0 {
					t.Errorf("%s: no awakenings at all; the comparison proves nothing", name)
				}
				awakeNote = fmt.Sprintf(", %d awakenings", awakenings)
			}
			t.Logf("%s: %d sleeps%s, %d days%s match the person (%d days abroad); worst difference: stage %v, latency %v, awake %v",
				name, len(seen), awakeNote, daysSeen, hoursNote, abroad, worstStage, worstLatency, worstAwake)
		})
	}
}

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// hourKey identifies an hour by its instant and UTC offset.
type hourKey struct {
	unix int64
	off  time.Duration
}

func hourKeyOf(h wearnb.HourMoves) hourKey {
	_, off := h.Start.Zone()
	return hourKey{h.Start.Unix(), time.Duration(off) * time.Second}
}

// checkHours compares a provider's hours with the person's: on every day the
// hours' steps add up to the day's (each hour counted on the local date it
// starts), and every hour with steps is the person's hour at the same
// instant and offset with the same steps, except on the days a format keyed
// by clock hour cannot tell repeated hours apart. It returns how many hours
// matched exactly.
func checkHours(t *testing.T, name string, person *synth.Person, hours []wearnb.HourMoves,
	truth map[hourKey]wearnb.HourMoves, days map[wearnb.Date]wearnb.DayMoves, tol tolerance) int {
	t.Helper()
	if len(hours) == 0 {
		return 0 // hours come one day a request: covered by the provider's own tests
	}
	// repeats reports whether d's local clock shows some hour twice.
	repeats := func(d wearnb.Date) bool {
		from, to := person.DaySpan(d)
		seen := map[int]bool{}
		for at := from; at.Before(to); at = at.Add(time.Hour) {
			h := at.In(person.ZoneAt(at)).Hour()
			if seen[h] {
				return true
			}
			seen[h] = true
		}
		return false
	}
	perDay := map[wearnb.Date]int{}
	matched := 0
	for _, h := range hours {
		d := wearnb.DateOf(h.Start)
		if !h.Steps.OK() {
			t.Errorf("%s: hour %v without steps", name, h.Start)
		}
		perDay[d] += h.Steps.Or(0)
		if tol.oneKeyPerClockHour && repeats(d) {
			continue
		}
		want, ok := truth[hourKeyOf(h)]
		if !ok || want.Steps != h.Steps {
			t.Errorf("%s: hour %v has %v steps; the person's hour then has %v (found %v)", name, h.Start, h.Steps, want.Steps, ok)
			continue
		}
		matched++
	}
	for d, want := range days {
		if perDay[d] != want.Steps.Or(-1) {
			t.Errorf("%s %v: hours add up to %d steps, the day has %v", name, d, perDay[d], want.Steps)
		}
	}
	return matched
}
