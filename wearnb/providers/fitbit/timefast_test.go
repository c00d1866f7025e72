package fitbit

import (
	"testing"
	"time"
)

// FuzzFastTimes checks ParseClockTime and ParseLocalTime, which read the
// usual forms at fixed positions, against the time.Parse layouts they stand
// for: same value, and an error exactly when time.Parse gives one.
func FuzzFastTimes(f *testing.F) {
	for _, s := range []string{"00:01:00", "23:59:59", "24:00:00", "7:05:00", "12:30", "2020-10-10T01:46:30.000", "2020-10-10T01:46:30", "2020-10-10T01:46", "2020-10-10T01:46:30.1234"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseClockTime(s)
		var want ClockTime
		tt, werr := time.Parse(time.TimeOnly, s)
		if werr != nil {
			tt, werr = time.Parse("15:04", s)
		}
		if werr == nil {
			want = ClockTime(time.Duration(tt.Hour())*time.Hour + time.Duration(tt.Minute())*time.Minute + time.Duration(tt.Second())*time.Second)
		}
		if (err == nil) != (werr == nil) || c != want {
			t.Fatalf("ParseClockTime(%q) = %v, %v; time.Parse gives %v, %v", s, c, err, want, werr)
		}
		l, err := ParseLocalTime(s)
		var wl LocalTime
		werr = nil
		for _, layout := range localLayouts {
			var v time.Time
			if v, werr = time.Parse(layout, s); werr == nil {
				wl = LocalTime{v.Truncate(time.Millisecond)}
				break
			}
		}
		if (err == nil) != (werr == nil) || l != wl {
			t.Fatalf("ParseLocalTime(%q) = %v, %v; time.Parse gives %v, %v", s, l, err, wl, werr)
		}
	})
}
