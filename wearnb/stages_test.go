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
		{"none", nil, Sleep{}, ""},
		{"night", hypnogram("WLDLRWLW", 10, 30, 60, 20, 25, 5, 40, 3),
			Sleep{Asleep: 175 * time.Minute, Awake: 8 * time.Minute, Deep: 60 * time.Minute, Light: 90 * time.Minute, REM: 25 * time.Minute, Latency: 10 * time.Minute},
			"the latency is not awake time after onset"},
		{"asleep at once", hypnogram("LDW", 30, 60, 2),
			Sleep{Asleep: 90 * time.Minute, Awake: 2 * time.Minute, Deep: 60 * time.Minute, Light: 30 * time.Minute}, "the wake before rising is"},
		{"latency over several wake stages", hypnogram("WWL", 3, 4, 10),
			Sleep{Asleep: 10 * time.Minute, Light: 10 * time.Minute, Latency: 7 * time.Minute}, ""},
		{"never asleep", hypnogram("W", 30),
			Sleep{Latency: 30 * time.Minute}, "all of it is latency"},
		{"classic", hypnogram("WASAW", 5, 50, 10, 40, 3),
			Sleep{Asleep: 90 * time.Minute, Awake: 13 * time.Minute, Latency: 5 * time.Minute}, "restless counts in Awake"},
		{"restless onset", hypnogram("WSWA", 5, 10, 5, 30),
			Sleep{Asleep: 30 * time.Minute, Awake: 15 * time.Minute, Latency: 5 * time.Minute}, "restless ends the latency"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := Sleep{Provider: "p", InBed: time.Hour, Efficiency: 50, Awakenings: 3, Deep: time.Hour, Latency: time.Hour, Stages: tc.stages}
			s.SumStages()
			got := Sleep{Asleep: s.Asleep, Awake: s.Awake, Deep: s.Deep, Light: s.Light, REM: s.REM, Latency: s.Latency}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("SumStages(%s) = %+v, want %+v %s", levelsOf(tc.stages), got, tc.want, tc.comment)
			}
			if s.Provider != "p" || s.InBed != time.Hour || s.Efficiency != 50 || s.Awakenings != 3 || len(s.Stages) != len(tc.stages) {
				t.Errorf("SumStages changed other fields: %+v", s)
			}
			var total time.Duration
			for _, st := range tc.stages {
				total += st.Duration
			}
			if sum := s.Latency + s.Asleep + s.Awake; sum != total {
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
		waso    int // minutes
	}{
		{"", nil, -1, 0},
		{"W", []int{30}, -1, 0},
		{"L", []int{30}, 0, 0},
		{"WLW", []int{5, 30, 4}, 5, 0}, // latency and getting up only
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
		if got := WASO(st); got != time.Duration(tc.waso)*time.Minute {
			t.Errorf("WASO(%s) = %v, want %d min", levelsOf(st), got, tc.waso)
		}
	}
}

func TestSetAwake(t *testing.T) {
	for _, tc := range []struct {
		name                   string
		inBed, latency, asleep time.Duration
		wantLatency, wantAwake time.Duration
	}{
		{"consistent", 480 * time.Minute, 12 * time.Minute, 430 * time.Minute, 12 * time.Minute, 38 * time.Minute},
		{"no latency", 383 * time.Minute, 0, 318 * time.Minute, 0, 65 * time.Minute},
		{"all asleep", time.Hour, 0, time.Hour, 0, 0},
		{"latency too long", time.Hour, 10 * time.Minute, 55 * time.Minute, 5 * time.Minute, 0},
		{"asleep too long", time.Hour, 10 * time.Minute, 61 * time.Minute, 0, 0},
	} {
		s := Sleep{InBed: tc.inBed, Latency: tc.latency, Asleep: tc.asleep, Awake: 99 * time.Hour}
		s.SetAwake()
		if s.Latency != tc.wantLatency || s.Awake != tc.wantAwake || s.InBed != tc.inBed || s.Asleep != tc.asleep {
			t.Errorf("%s: latency %v awake %v (in bed %v asleep %v), want latency %v awake %v",
				tc.name, s.Latency, s.Awake, s.InBed, s.Asleep, tc.wantLatency, tc.wantAwake)
		}
		if fits := tc.asleep <= tc.inBed; fits && s.Latency+s.Asleep+s.Awake != s.InBed {
			t.Errorf("%s: %v + %v + %v != %v", tc.name, s.Latency, s.Asleep, s.Awake, s.InBed)
		}
	}
}
