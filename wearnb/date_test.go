package wearnb

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	d, err := ParseDate("2024-02-29")
	if err != nil || d != (Date{2024, time.February, 29}) {
		t.Fatalf("ParseDate = %v, %v", d, err)
	}
	for _, bad := range []string{"", "2023-02-29", "2024-2-1", "20240101", "2024-01-01T00:00:00Z"} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) succeeded", bad)
		}
	}
}

func TestDateArithmetic(t *testing.T) {
	d := MustDate("2024-03-09")
	if got := d.AddDays(2); got != MustDate("2024-03-11") {
		t.Errorf("AddDays across DST weekend = %v", got)
	}
	if got := MustDate("2025-01-01").Sub(MustDate("2024-01-01")); got != 366 {
		t.Errorf("Sub over a leap year = %d, want 366", got)
	}
	if !d.Before(d.AddDays(1)) || d.After(d) || d.Weekday() != time.Saturday {
		t.Error("Before/After/Weekday wrong")
	}
	loc, _ := time.LoadLocation("America/New_York")
	if got := MustDate("2024-03-10").In(loc); got.Hour() != 0 || got.Day() != 10 {
		t.Errorf("In = %v", got)
	}
	if got := DateOf(time.Date(2024, 1, 1, 23, 30, 0, 0, time.FixedZone("", -5*3600))); got != MustDate("2024-01-01") {
		t.Errorf("DateOf uses the time's own zone: %v", got)
	}
}

func TestRangeSplit(t *testing.T) {
	r, err := NewRange(MustDate("2021-11-23"), MustDate("2026-11-22"))
	if err != nil {
		t.Fatal(err)
	}
	chunks := r.Split(100)
	// 5 years = 1826 days → 19 chunks of at most 100 days (Fitbit sleep).
	if len(chunks) != 19 || r.Days() != 1826 {
		t.Fatalf("%d days in %d chunks, want 1826 in 19", r.Days(), len(chunks))
	}
	next := r.From
	for i, c := range chunks {
		if c.From != next || c.Days() > 100 || c.To.Before(c.From) {
			t.Fatalf("chunk %d = %v", i, c)
		}
		next = c.To.AddDays(1)
	}
	if next != r.To.AddDays(1) {
		t.Errorf("chunks end at %v, want %v", next.AddDays(-1), r.To)
	}
	if _, err := NewRange(MustDate("2024-01-02"), MustDate("2024-01-01")); err == nil {
		t.Error("backwards range accepted")
	}
	if !r.Contains(MustDate("2024-01-01")) || r.Contains(MustDate("2026-11-23")) {
		t.Error("Contains wrong")
	}
}

func TestDateText(t *testing.T) {
	var d Date
	if err := d.UnmarshalText([]byte("2024-12-31")); err != nil || d.String() != "2024-12-31" {
		t.Fatalf("round trip: %v %v", d, err)
	}
	if b, _ := d.MarshalText(); string(b) != "2024-12-31" {
		t.Errorf("MarshalText = %s", b)
	}
	if err := d.UnmarshalText([]byte("nope")); err == nil {
		t.Error("bad text accepted")
	}
}

func TestSleepUTCOffsetAndStageLevels(t *testing.T) {
	s := Sleep{Start: time.Date(2024, 7, 1, 23, 0, 0, 0, time.FixedZone("CEST", 2*3600))}
	if s.UTCOffset() != 2*time.Hour {
		t.Errorf("UTCOffset = %v", s.UTCOffset())
	}
	if StageWake.IsSleep() || !StageDeep.IsSleep() || !StageRestless.IsSleep() || StageLevel("").IsSleep() {
		t.Error("IsSleep wrong")
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2024-02-29", "1999-12-31", "", "2024-13-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		if back, err := ParseDate(d.String()); err != nil || back != d {
			t.Fatalf("%q → %v → %v, %v", s, d, back, err)
		}
	})
}
