package wearnb

import "testing"

func TestStreamYields(t *testing.T) {
	s := Stream{Name: "steps", Kind: KindHourlyMoves, Also: []Kind{KindDayMoves}}
	if !s.Yields(KindHourlyMoves) || !s.Yields(KindDayMoves) || s.Yields(KindSleeps) {
		t.Errorf("Yields: hours %v days %v sleeps %v", s.Yields(KindHourlyMoves), s.Yields(KindDayMoves), s.Yields(KindSleeps))
	}
}

func TestBatchOnly(t *testing.T) {
	b := &Batch{
		Raw:    []RawPage{{URL: "u"}},
		Sleeps: []Sleep{{SourceID: "s"}},
		Days:   []DayMoves{{SourceID: "d"}},
		Hours:  []HourMoves{},
	}
	for k, want := range map[Kind][3]int{KindSleeps: {1, -1, -1}, KindDayMoves: {-1, 1, -1}, KindHourlyMoves: {-1, -1, 0}} {
		o := b.Only(k)
		got := [3]int{length(o.Sleeps == nil, len(o.Sleeps)), length(o.Days == nil, len(o.Days)), length(o.Hours == nil, len(o.Hours))}
		if got != want || len(o.Raw) != 1 {
			t.Errorf("Only(%s): sleeps/days/hours %v (-1: nil), %d raw; want %v", k, got, len(o.Raw), want)
		}
	}
	if len(b.Sleeps) != 1 || len(b.Days) != 1 {
		t.Error("Only changed b")
	}
	if (*Batch)(nil).Only(KindSleeps) != nil {
		t.Error("Only of nil is not nil")
	}
}

func length(isNil bool, n int) int {
	if isNil {
		return -1
	}
	return n
}
