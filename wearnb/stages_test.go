package wearnb

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

// hypnogram builds touching stages from 23:00 UTC, one per letter:
// W wake, L light, D deep, R REM, A asleep, S restless; each lasts minutes
// (one minute where minutes is nil or short).
func hypnogram(levels string, minutes ...int) []Stage {
	code := map[rune]StageLevel{'W': StageWake, 'L': StageLight, 'D': StageDeep, 'R': StageREM, 'A': StageAsleep, 'S': StageRestless}
	at := time.Date(2024, 3, 1, 23, 0, 0, 0, time.UTC)
	var out []Stage
	for i, c := range levels {
		d := time.Minute
		if i < len(minutes) {
			d = time.Duration(minutes[i]) * time.Minute
		}
		out = append(out, Stage{Start: at, Duration: d, Level: code[c]})
		at = at.Add(d)
	}
	return out
}

func TestAwakenings(t *testing.T) {
	for _, tc := range []struct {
		levels string
		want   int
	}{
		{"", 0},
		{"W", 0},
		{"WWW", 0},
		{"L", 0},
		{"WLW", 0},         // latency and getting up only
		{"LWL", 1},         // one bout
		{"LWWL", 1},        // consecutive wake stages are one bout
		{"LWDWR", 2},       // two bouts
		{"WLWLWRWW", 2},    // neither the first nor the final run counts
		{"WLWLWRW", 2},     // ending awake counts as ending asleep
		{"WLWLWR", 2},      // ... which is this night without the final wake
		{"AWSWA", 2},       // classic levels are sleep too
		{"LWLWLWLWLWL", 5}, // alternating
	} {
		if got := Awakenings(hypnogram(tc.levels)); got != tc.want {
			t.Errorf("Awakenings(%s) = %d, want %d", tc.levels, got, tc.want)
		}
	}
}

// levelsOf writes stages back as letters with minutes, e.g. "L5 W2".
func levelsOf(st []Stage) string {
	letter := map[StageLevel]string{StageWake: "W", StageLight: "L", StageDeep: "D", StageREM: "R", StageAsleep: "A", StageRestless: "S"}
	parts := make([]string, len(st))
	for i, s := range st {
		parts[i] = fmt.Sprintf("%s%d", letter[s.Level], int(s.Duration/time.Minute))
	}
	return strings.Join(parts, " ")
}

func TestMergeStages(t *testing.T) {
	for _, tc := range []struct {
		in   []Stage
		want string
	}{
		{nil, ""},
		{hypnogram("L", 5), "L5"},
		{hypnogram("LLL", 1, 2, 3), "L6"},
		{hypnogram("WLLDDLW", 1, 2, 3, 4, 5, 6, 7), "W1 L5 D9 L6 W7"},
		{hypnogram("LWL", 1, 2, 3), "L1 W2 L3"},
	} {
		in := append([]Stage(nil), tc.in...)
		got := MergeStages(in)
		if s := levelsOf(got); s != tc.want {
			t.Errorf("MergeStages(%s) = %s, want %s", levelsOf(tc.in), s, tc.want)
		}
		if len(got) > 0 && !got[0].Start.Equal(tc.in[0].Start) {
			t.Errorf("MergeStages(%s) starts at %v", levelsOf(tc.in), got[0].Start)
		}
		for i := len(got); i < len(in); i++ {
			if in[i] != (Stage{}) {
				t.Errorf("MergeStages(%s) left stage %d of the tail: %+v", levelsOf(tc.in), i, in[i])
			}
		}
	}
	// Stages at one level with a gap between them are not joined.
	gap := hypnogram("LL", 10, 10)
	gap[1].Start = gap[1].Start.Add(time.Minute)
	if got := MergeStages(gap); len(got) != 2 {
		t.Errorf("stages with a gap merged: %+v", got)
	}
}

func TestAppendStage(t *testing.T) {
	var st []Stage
	for _, s := range hypnogram("WWLLWL", 1, 1, 2, 3, 1, 4) {
		st = AppendStage(st, s)
	}
	if got, want := levelsOf(st), "W2 L5 W1 L4"; got != want {
		t.Errorf("AppendStage built %s, want %s", got, want)
	}
	if got := MergeStages(hypnogram("WWLLWL", 1, 1, 2, 3, 1, 4)); !reflect.DeepEqual(got, st) {
		t.Errorf("MergeStages = %s, AppendStage %s", levelsOf(got), levelsOf(st))
	}
}

func TestSumStages(t *testing.T) {
	for _, tc := range []struct {
		name    string
		stages  []Stage
		want    Sleep // the summed fields only
		comment string
	}{
		{"none", nil, Sleep{}, "no stages say nothing: every total missing"},
		{"night", hypnogram("WLDLRWLW", 10, 30, 60, 20, 25, 5, 40, 3),
			Sleep{Asleep: mins(175), Awake: mins(8), Deep: mins(60), Light: mins(90), REM: mins(25), Latency: mins(10)},
			"the latency is not awake time after onset"},
		{"asleep at once", hypnogram("LDW", 30, 60, 2),
			Sleep{Asleep: mins(90), Awake: mins(2), Deep: mins(60), Light: mins(30), REM: mins(0), Latency: mins(0)}, "the wake before rising is"},
		{"latency over several wake stages", hypnogram("WWL", 3, 4, 10),
			Sleep{Asleep: mins(10), Awake: mins(0), Deep: mins(0), Light: mins(10), REM: mins(0), Latency: mins(7)}, ""},
		{"never asleep", hypnogram("W", 30),
			Sleep{Asleep: mins(0), Awake: mins(0), Latency: mins(30)}, "all of it is latency; no stage breakdown"},
		{"classic", hypnogram("WASAW", 5, 50, 10, 40, 3),
			Sleep{Asleep: mins(90), Awake: mins(13), Latency: mins(5)}, "restless counts in Awake; classic stages have no deep, light or REM"},
		{"restless onset", hypnogram("WSWA", 5, 10, 5, 30),
			Sleep{Asleep: mins(30), Awake: mins(15), Latency: mins(5)}, "restless ends the latency"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := Sleep{Provider: "p", InBed: mins(60), Efficiency: Some(50.0), Awakenings: Some(3), Deep: mins(60), Latency: mins(60), Stages: tc.stages}
			s.SumStages()
			got := Sleep{Asleep: s.Asleep, Awake: s.Awake, Deep: s.Deep, Light: s.Light, REM: s.REM, Latency: s.Latency}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("SumStages(%s) = %+v, want %+v %s", levelsOf(tc.stages), got, tc.want, tc.comment)
			}
			if s.Provider != "p" || s.InBed != mins(60) || s.Efficiency != Some(50.0) || s.Awakenings != Some(3) || len(s.Stages) != len(tc.stages) {
				t.Errorf("SumStages changed other fields: %+v", s)
			}
			var total time.Duration
			for _, st := range tc.stages {
				total += st.Duration
			}
			if sum := Sum(s.Latency, s.Asleep, s.Awake); len(tc.stages) > 0 && sum != Some(total) {
				t.Errorf("SumStages(%s): Latency + Asleep + Awake = %v, the stages last %v", levelsOf(tc.stages), sum, total)
			}
		})
	}
}

func TestOnsetAndWASO(t *testing.T) {
	for _, tc := range []struct {
		levels  string
		minutes []int
		onset   int // minutes from the first stage; -1 for none
		waso    int // minutes; -1 for missing (no sleep onset)
	}{
		{"", nil, -1, -1},
		{"W", []int{30}, -1, -1},
		{"L", []int{30}, 0, 0},
		{"WLW", []int{5, 30, 4}, 5, 0},                           // latency and getting up only
		{"WLWLDWWRW", []int{5, 30, 2, 10, 20, 3, 1, 9, 7}, 5, 6}, // two bouts, one over two stages
		{"WASAW", []int{5, 50, 10, 40, 3}, 5, 0},                 // restless is not wake
		{"AWSWA", []int{10, 2, 3, 4, 20}, 0, 6},                  // ... nor does it end a bout
		{"WSWA", []int{5, 10, 5, 30}, 5, 5},                      // restless marks onset
	} {
		st := hypnogram(tc.levels, tc.minutes...)
		on, ok := Onset(st)
		if tc.onset < 0 {
			if ok {
				t.Errorf("Onset(%s) = %v, want none", levelsOf(st), on)
			}
		} else if want := st[0].Start.Add(time.Duration(tc.onset) * time.Minute); !ok || !on.Equal(want) {
			t.Errorf("Onset(%s) = %v %v, want %v", levelsOf(st), on, ok, want)
		}
		want := Some(time.Duration(tc.waso) * time.Minute)
		if tc.waso < 0 {
			want = Opt[time.Duration]{}
		}
		if got := WASO(st); got != want {
			t.Errorf("WASO(%s) = %v, want %d min", levelsOf(st), got, tc.waso)
		}
	}
}

func TestSetAwake(t *testing.T) {
	for _, tc := range []struct {
		name                   string
		inBed, latency, asleep Opt[time.Duration]
		wantLatency, wantAwake Opt[time.Duration]
	}{
		{"consistent", mins(480), mins(12), mins(430), mins(12), mins(38)},
		{"no latency", mins(383), mins(0), mins(318), mins(0), mins(65)},
		{"all asleep", mins(60), mins(0), mins(60), mins(0), mins(0)},
		{"latency too long", mins(60), mins(10), mins(55), mins(5), mins(0)},
		{"asleep too long", mins(60), mins(10), mins(61), mins(0), mins(0)},
		{"latency unknown", mins(60), none, mins(50), none, none},
		{"asleep unknown", mins(60), mins(5), none, mins(5), none},
		{"in bed unknown", none, mins(5), mins(50), mins(5), none},
	} {
		s := Sleep{InBed: tc.inBed, Latency: tc.latency, Asleep: tc.asleep, Awake: mins(99 * 60)}
		s.SetAwake()
		if s.Latency != tc.wantLatency || s.Awake != tc.wantAwake || s.InBed != tc.inBed || s.Asleep != tc.asleep {
			t.Errorf("%s: latency %v awake %v (in bed %v asleep %v), want latency %v awake %v",
				tc.name, s.Latency, s.Awake, s.InBed, s.Asleep, tc.wantLatency, tc.wantAwake)
		}
		if fits := tc.asleep.Or(0) <= tc.inBed.Or(0); fits && s.Awake.OK() && Sum(s.Latency, s.Asleep, s.Awake) != s.InBed {
			t.Errorf("%s: %v + %v + %v != %v", tc.name, s.Latency, s.Asleep, s.Awake, s.InBed)
		}
	}
}

func TestSetEfficiencyAndAwakenings(t *testing.T) {
	s := Sleep{InBed: mins(400), Asleep: mins(300), Efficiency: Some(1.0), Awakenings: Some(9)}
	s.SetEfficiency()
	s.SetAwakenings()
	if s.Efficiency != Some(75.0) || s.Awakenings.OK() {
		t.Errorf("efficiency %v awakenings %v, want 75 and missing (no stages)", s.Efficiency, s.Awakenings)
	}
	for _, tc := range []Sleep{{InBed: mins(400)}, {Asleep: mins(300)}, {InBed: mins(0), Asleep: mins(0)}} {
		tc.Efficiency = Some(1.0)
		tc.SetEfficiency()
		if tc.Efficiency.OK() {
			t.Errorf("in bed %v asleep %v: efficiency %v, want missing", tc.InBed, tc.Asleep, tc.Efficiency)
		}
	}
	s.Stages = hypnogram("WLWLW", 5, 30, 2, 30, 1)
	s.SetAwakenings()
	if s.Awakenings != Some(1) {
		t.Errorf("awakenings %v, want 1", s.Awakenings)
	}
	s.Stages = hypnogram("W", 30)
	s.SetAwakenings()
	if s.Awakenings.OK() {
		t.Errorf("awakenings %v without a sleep stage, want missing", s.Awakenings)
	}
}

// mins is n minutes, reported.
func mins(n int) Opt[time.Duration] { return Some(time.Duration(n) * time.Minute) }

// none is a missing duration.
var none Opt[time.Duration]
