package wearnb

import (
	"slices"
	"testing"
	"time"
)

// fortnight: 14 main sleeps ending 2024-03-04 (a Monday) to 2024-03-17,
// plus a nap on 2024-03-09 (a Saturday), in shuffled order.
func fortnight() Sleeps {
	var s Sleeps
	for i := 13; i >= 0; i-- {
		d := MustDate("2024-03-04").AddDays(i)
		start := d.In(time.UTC).Add(-time.Hour) // 23:00 the evening before
		s = append(s, Sleep{SourceID: d.String(), Date: d, Start: start, End: start.Add(8 * time.Hour), IsMain: true})
	}
	nap := MustDate("2024-03-09").In(time.UTC).Add(14 * time.Hour)
	return append(s[:5:5], append(Sleeps{{SourceID: "nap", Date: MustDate("2024-03-09"), Start: nap, End: nap.Add(time.Hour)}}, s[5:]...)...)
}

func ids(s Sleeps) []string {
	var out []string
	for _, x := range s {
		out = append(out, x.SourceID)
	}
	slices.Sort(out)
	return out
}

func TestSleepsSelectors(t *testing.T) {
	all := fortnight()
	tests := []struct {
		name string
		got  Sleeps
		want []string
	}{
		{"main", all.Main(), ids(all.Where(func(x Sleep) bool { return x.SourceID != "nap" }))},
		{"naps", all.Naps(), []string{"nap"}},
		{"in", all.In(Range{MustDate("2024-03-08"), MustDate("2024-03-09")}), []string{"2024-03-08", "2024-03-09", "nap"}},
		{"last 2 days", all.LastDays(2), []string{"2024-03-16", "2024-03-17"}},
		{"last 0 days is the newest", all.LastDays(0), []string{"2024-03-17"}},
		{"last week", all.Main().LastWeeks(1), []string{"2024-03-11", "2024-03-12", "2024-03-13", "2024-03-14", "2024-03-15", "2024-03-16", "2024-03-17"}},
		{"weekends", all.Weekends(), []string{"2024-03-09", "2024-03-10", "2024-03-16", "2024-03-17", "nap"}},
		{"weekdays", all.Main().Weekdays().LastWeeks(1), []string{"2024-03-11", "2024-03-12", "2024-03-13", "2024-03-14", "2024-03-15"}},
		{"empty", Sleeps(nil).LastWeeks(8).Weekends().Main(), nil},
	}
	for _, tt := range tests {
		if got := ids(tt.got); !slices.Equal(got, tt.want) {
			t.Errorf("%s = %v, want %v", tt.name, got, tt.want)
		}
	}
	if n := len(all.Weekends()) + len(all.Weekdays()); n != len(all) {
		t.Errorf("weekends + weekdays = %d sleeps, want all %d", n, len(all))
	}
}

func TestSleepsSelectorsKeepOrderAndInput(t *testing.T) {
	all := fortnight()
	before := ids(all)
	got := all.Main().LastDays(3)
	if got[0].SourceID != "2024-03-17" || got[2].SourceID != "2024-03-15" {
		t.Errorf("order not kept: %v", got)
	}
	if !slices.Equal(ids(all), before) || all[5].SourceID != "nap" {
		t.Error("selector changed its input")
	}
}

func TestLastNightAndSpan(t *testing.T) {
	all := fortnight()
	if got := all.LastNight(); got.SourceID != "2024-03-17" {
		t.Errorf("LastNight = %q", got.SourceID)
	}
	if got := all.Naps().LastNight(); !got.Start.IsZero() {
		t.Errorf("LastNight of naps only = %+v, want the zero Sleep", got)
	}
	if got := all.Span(); got != (Range{MustDate("2024-03-04"), MustDate("2024-03-17")}) {
		t.Errorf("Span = %v", got)
	}
	if got := Sleeps(nil).Span(); got != (Range{}) {
		t.Errorf("empty Span = %v", got)
	}
}

func TestRangeLast(t *testing.T) {
	r := Range{MustDate("2024-01-01"), MustDate("2024-12-31")}
	if got := r.Last(56); got != (Range{MustDate("2024-11-06"), MustDate("2024-12-31")}) || got.Days() != 56 {
		t.Errorf("Last(56) = %v (%d days)", got, got.Days())
	}
	if got := r.Last(1000); got != r {
		t.Errorf("Last longer than the range = %v", got)
	}
	if got := r.Last(0); got.Days() != 1 || got.To != r.To {
		t.Errorf("Last(0) = %v", got)
	}
}
