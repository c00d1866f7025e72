package wearnb

import (
	"testing"
	"time"
)

func TestCheck(t *testing.T) {
	bed := time.Date(2024, 3, 4, 23, 0, 0, 0, time.UTC)
	night := func(length time.Duration) Sleep {
		return Sleep{Start: bed, End: bed.Add(length), InBed: Some(length), Asleep: Some(length * 9 / 10), IsMain: true}
	}
	for _, tc := range []struct {
		name string
		s    Sleep
		want Flag
	}{
		{"a night", night(8 * time.Hour), ""},
		{"a night of exactly MaxNight", night(MaxNight), ""},
		{"ends before it starts", Sleep{Start: bed, End: bed.Add(-time.Hour)}, FlagEndsBeforeStart},
		{"longer than MaxNight", night(MaxNight + time.Second), FlagTooLong},
		{"in bed longer than MaxNight", Sleep{Start: bed, End: bed.Add(8 * time.Hour), InBed: Some(25 * time.Hour)}, FlagTooLong},
		{"zero length", Sleep{Start: bed, End: bed}, FlagZeroLength},
		{"the provider's time in bed is zero", Sleep{Start: bed, End: bed.Add(6 * time.Hour), InBed: Some(time.Duration(0))}, FlagZeroLength},
		{"no sleep: asleep 0", Sleep{Start: bed, End: bed.Add(6 * time.Hour), InBed: Some(6 * time.Hour), Asleep: Some(time.Duration(0))}, FlagNoSleep},
		{"no sleep: only wake stages", Sleep{Start: bed, End: bed.Add(time.Hour), Stages: []Stage{{Start: bed, Duration: time.Hour, Level: StageWake}}}, FlagNoSleep},
		{"asleep unknown is not no sleep", Sleep{Start: bed, End: bed.Add(6 * time.Hour), InBed: Some(6 * time.Hour)}, ""},
		{"more asleep than in bed", Sleep{Start: bed, End: bed.Add(6 * time.Hour), InBed: Some(6 * time.Hour), Asleep: Some(7 * time.Hour)}, FlagAsleepOverInBed},
		{"built by hand without times", Sleep{Asleep: Some(7 * time.Hour)}, ""},
		{"the first rule that applies wins", Sleep{Start: bed, End: bed.Add(-time.Hour), Asleep: Some(time.Duration(0))}, FlagEndsBeforeStart},
	} {
		if got := tc.s.Check(); got != tc.want {
			t.Errorf("%s: Check = %q, want %q", tc.name, got, tc.want)
		}
		s := tc.s
		s.IsMain = true
		s.SetFlag()
		if s.Flag != tc.want || s.IsMain != (tc.want == "") {
			t.Errorf("%s: SetFlag gives flag %q main %v", tc.name, s.Flag, s.IsMain)
		}
		if (tc.want == "") != (tc.want.Reason() == "") {
			t.Errorf("%s: reason %q for flag %q", tc.name, tc.want.Reason(), tc.want)
		}
	}
	// A provider's own flag is kept.
	s := night(8 * time.Hour)
	s.Flag = "provider_rule"
	s.SetFlag()
	if s.Flag != "provider_rule" || s.IsMain || s.Flag.Reason() != "implausible (provider_rule)" {
		t.Errorf("provider flag: %q main %v reason %q", s.Flag, s.IsMain, s.Flag.Reason())
	}
}

func TestSelectorsLeaveOutFlagged(t *testing.T) {
	all := fortnight()
	// A flagged record marked main by hand, dated last: Main, Naps and
	// LastNight leave it out, Flagged finds it.
	last := all.Span().To
	bad := Sleep{SourceID: "bad", Date: last, Start: last.In(time.UTC), End: last.In(time.UTC), IsMain: true, Flag: FlagZeroLength}
	all = append(all, bad)
	if n := len(all.Main()); n != 14 {
		t.Errorf("Main has %d sleeps, want 14", n)
	}
	if got := ids(all.Naps()); len(got) != 1 || got[0] != "nap" {
		t.Errorf("Naps = %v", got)
	}
	if got := all.LastNight(); got.SourceID != last.String() {
		t.Errorf("LastNight = %q, want %q", got.SourceID, last.String())
	}
	if got := ids(all.Flagged()); len(got) != 1 || got[0] != "bad" {
		t.Errorf("Flagged = %v", got)
	}
	if n := len(all.Plausible()); n != 15 {
		t.Errorf("Plausible has %d sleeps, want 15", n)
	}
}
