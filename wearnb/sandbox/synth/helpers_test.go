package synth

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"wearnb.dev/wearnb"
)

// The ranges the statistical tests run over: two full years for the default
// seed, one year for a few others.
var (
	twoYears = wearnb.Range{From: wearnb.MustDate("2021-01-01"), To: wearnb.MustDate("2022-12-31")}
	oneYear  = wearnb.Range{From: wearnb.MustDate("2023-01-01"), To: wearnb.MustDate("2023-12-31")}
)

// population is a person and the range its statistics are taken over.
type population struct {
	name string
	p    *Person
	r    wearnb.Range
}

func populations() []population {
	return []population{
		{"seed1/2021-2022", New(Config{Seed: 1}), twoYears},
		{"seed2/2023", New(Config{Seed: 2}), oneYear},
		{"seed42/2023", New(Config{Seed: 42}), oneYear},
		{"seed-7/2024-paris", New(Config{Seed: -7, Home: "Europe/Paris", East: "Asia/Tokyo", West: "America/Chicago"}),
			wearnb.Range{From: wearnb.MustDate("2024-01-01"), To: wearnb.MustDate("2024-12-31")}},
	}
}

func tf(t time.Time) string { return t.Format(time.RFC3339Nano) + "[" + t.Location().String() + "]" }

// sleepKey renders every field of s, times with offset and zone name.
func sleepKey(s wearnb.Sleep) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s|%s|%s|%v|%v|%v|%v|%v|%v|%v|%v|%v|%v|%v|%s|%s\n",
		tf(s.Start), tf(s.End), s.Date, s.InBed, s.Asleep, s.Awake, s.Deep, s.Light, s.REM,
		s.Latency, s.IsMain, s.Efficiency, s.Awakenings, len(s.Stages), s.Provider, s.SourceID)
	for _, st := range s.Stages {
		fmt.Fprintf(&b, " %s %v %s\n", tf(st.Start), st.Duration, st.Level)
	}
	return b.String()
}

func sleepsKey(ss []wearnb.Sleep) string {
	var b strings.Builder
	for _, s := range ss {
		b.WriteString(sleepKey(s))
	}
	return b.String()
}

func hoursKey(hs []wearnb.HourMoves) string {
	var b strings.Builder
	for _, h := range hs {
		fmt.Fprintf(&b, "%s %v %v %v %v\n", tf(h.Start), h.Steps, h.DistanceM, h.CaloriesKcal, h.ActiveSeconds)
	}
	return b.String()
}

func daysKey(ds []wearnb.DayMoves) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "%s %v %v %v %v %v\n", d.Date, d.Steps, d.DistanceM, d.CaloriesKcal, d.ActiveMinutes, d.UTCOffset)
	}
	return b.String()
}

// checkSleep asserts every structural invariant of one generated sleep and
// returns false (after reporting) when one fails.
func checkSleep(t *testing.T, p *Person, s wearnb.Sleep) bool {
	t.Helper()
	bad := func(format string, args ...any) bool {
		t.Helper()
		t.Errorf("sleep %v (main=%v, start %s): "+format, append([]any{s.Date, s.IsMain, tf(s.Start)}, args...)...)
		return false
	}
	if len(s.Stages) == 0 {
		return bad("no stages")
	}
	if s.Start.Unix()%30 != 0 || s.Start.Nanosecond() != 0 || s.End.Unix()%30 != 0 {
		return bad("start/end not on the 30-s grid")
	}
	if got := s.End.Sub(s.Start); val(s.InBed) != got {
		return bad("InBed %v, End-Start %v", val(s.InBed), got)
	}
	if wearnb.DateOf(s.End) != s.Date {
		return bad("Date is not the local date of End %s", tf(s.End))
	}
	loc := p.Zone(s.Date)
	if s.Start.Location() != loc || s.End.Location() != loc {
		return bad("times not in Zone(Date) %v", loc)
	}
	if p.ZoneAt(s.Start) != loc || p.ZoneAt(s.End.Add(-time.Nanosecond)) != loc {
		return bad("a zone switch falls inside the sleep")
	}
	var sum [4]time.Duration // wake light deep rem
	at := s.Start
	latency := time.Duration(-1)
	awakenings := 0
	var prev wearnb.StageLevel
	for i, st := range s.Stages {
		if !st.Start.Equal(at) {
			return bad("stage %d starts %s, want %s (gap or overlap)", i, tf(st.Start), tf(at))
		}
		if st.Start.Location() != loc {
			return bad("stage %d not in the sleep's zone", i)
		}
		if st.Duration <= 0 || st.Duration%Epoch != 0 {
			return bad("stage %d duration %v not a positive multiple of 30 s", i, st.Duration)
		}
		if st.Level == prev {
			return bad("stage %d repeats level %s", i, st.Level)
		}
		prev = st.Level
		switch st.Level {
		case wearnb.StageWake:
			sum[0] += st.Duration
			// A wake run after onset is an awakening unless it is the
			// last stage: that one is getting up.
			if latency >= 0 && i < len(s.Stages)-1 {
				awakenings++
			}
		case wearnb.StageLight:
			sum[1] += st.Duration
		case wearnb.StageDeep:
			sum[2] += st.Duration
		case wearnb.StageREM:
			sum[3] += st.Duration
		default:
			return bad("stage %d has level %q", i, st.Level)
		}
		if st.Level.IsSleep() && latency < 0 {
			latency = st.Start.Sub(s.Start)
		}
		at = st.End()
	}
	if !at.Equal(s.End) {
		return bad("stages end %s, sleep ends %s", tf(at), tf(s.End))
	}
	if latency < 0 || val(s.Latency) != latency {
		return bad("Latency %v, first sleep stage at %v", val(s.Latency), latency)
	}
	// The wake stages are the latency, then Awake: the wake after onset,
	// the final wake before rising included.
	if val(s.Awake) != sum[0]-latency || val(s.Light) != sum[1] || val(s.Deep) != sum[2] || val(s.REM) != sum[3] {
		return bad("sums wake/light/deep/rem %v (latency %v), fields %v %v %v %v", sum, latency, val(s.Awake), val(s.Light), val(s.Deep), val(s.REM))
	}
	var final time.Duration // the wake run before rising
	if last := s.Stages[len(s.Stages)-1]; last.Level == wearnb.StageWake {
		final = last.Duration
	}
	if waso := val(wearnb.WASO(s.Stages)); val(s.Awake) != waso+final {
		return bad("Awake %v, WASO %v + final wake %v", val(s.Awake), waso, final)
	}
	if val(s.Asleep) != sum[1]+sum[2]+sum[3] || val(s.Latency)+val(s.Asleep)+val(s.Awake) != val(s.InBed) {
		return bad("Latency %v + Asleep %v + Awake %v != InBed %v", val(s.Latency), val(s.Asleep), val(s.Awake), val(s.InBed))
	}
	if val(s.Awakenings) != awakenings {
		return bad("Awakenings %d, counted %d", val(s.Awakenings), awakenings)
	}
	if want := 100 * float64(val(s.Asleep)) / float64(val(s.InBed)); math.Abs(val(s.Efficiency)-want) > 1e-9 {
		return bad("Efficiency %v, want %v", val(s.Efficiency), want)
	}
	if s.Provider != "" || s.SourceID != "" {
		return bad("provider/source id set")
	}
	return true
}

// wall returns the wall-clock reading of t as if it were UTC, to measure
// clock-time spans that ignore offset changes.
func wall(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
}

// clockMinutes is the local clock time of t in minutes after midnight.
func clockMinutes(t time.Time) float64 {
	return float64(t.Hour()*60+t.Minute()) + float64(t.Second())/60
}

// circularMean averages clock times (minutes after midnight) on the 24-h
// circle, as pyActigraphy's SleepMidPoint does.
func circularMean(mins []float64) float64 {
	var sx, sy float64
	for _, m := range mins {
		a := 2 * math.Pi * m / 1440
		sx += math.Cos(a)
		sy += math.Sin(a)
	}
	m := math.Atan2(sy, sx) * 1440 / (2 * math.Pi)
	if m < 0 {
		m += 1440
	}
	return m
}

// circularDiff returns a-b in minutes on the 24-h circle, in (-720, 720].
func circularDiff(a, b float64) float64 {
	d := math.Mod(a-b, 1440)
	if d > 720 {
		d -= 1440
	}
	if d <= -720 {
		d += 1440
	}
	return d
}

// midsleep is onset + (final wake - onset)/2 (anchors §7).
func midsleep(s wearnb.Sleep) time.Time {
	onset := s.Start.Add(val(s.Latency))
	final := s.End
	for i := len(s.Stages) - 1; i >= 0 && s.Stages[i].Level == wearnb.StageWake; i-- {
		final = s.Stages[i].Start
	}
	return onset.Add(final.Sub(onset) / 2).In(s.Start.Location())
}

func dates(r wearnb.Range) []wearnb.Date {
	var out []wearnb.Date
	for d := r.From; !d.After(r.To); d = d.AddDays(1) {
		out = append(out, d)
	}
	return out
}

// val is a value the synthetic person always reports; a missing one fails
// the test.
func val[T any](o wearnb.Opt[T]) T {
	v, ok := o.Get()
	if !ok {
		panic(fmt.Sprintf("synth: a %T value is missing; the synthetic person reports everything", v))
	}
	return v
}
