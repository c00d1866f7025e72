package wearnb_test

import (
	"encoding/json"
	"fmt"
	"math"
	"testing"
	"time"

	"wearnb.dev/wearnb"
)

func TestOptZeroIsMissingSomeZeroIsZero(t *testing.T) {
	var missing wearnb.Opt[int]
	if v, ok := missing.Get(); ok || v != 0 {
		t.Errorf("zero Opt: Get = %d, %v; want 0, false", v, ok)
	}
	zero := wearnb.Some(0)
	if v, ok := zero.Get(); !ok || v != 0 {
		t.Errorf("Some(0): Get = %d, %v; want 0, true", v, ok)
	}
	if got := missing.Or(-1); got != -1 {
		t.Errorf("missing.Or(-1) = %d", got)
	}
	if got := wearnb.Some(7).Or(-1); got != 7 {
		t.Errorf("Some(7).Or(-1) = %d", got)
	}
	if wearnb.Some(math.NaN()).OK() {
		t.Error("Some(NaN) is reported; NaN must count as missing")
	}
	if got := fmt.Sprint(missing, " ", zero, " ", wearnb.Some(90*time.Second)); got != "NA 0 1m30s" {
		t.Errorf("Sprint = %q", got)
	}
}

func TestOptJSON(t *testing.T) {
	type rec struct {
		A wearnb.Opt[float64] `json:"a"`
		B wearnb.Opt[int]     `json:"b"`
		C wearnb.Opt[int]     `json:"c"`
	}
	var r rec
	if err := json.Unmarshal([]byte(`{"a":null,"b":0}`), &r); err != nil {
		t.Fatal(err)
	}
	if r.A.OK() || !r.B.OK() || r.B.Or(-1) != 0 || r.C.OK() {
		t.Errorf("decoded %+v: want a missing, b = 0, c missing", r)
	}
	out, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != `{"a":null,"b":0,"c":null}` {
		t.Errorf("encoded %s", out)
	}
	if err := json.Unmarshal([]byte(`{"b":"x"}`), &r); err == nil {
		t.Error("a string for an int decoded without error")
	}
}

func TestOptArithmeticPropagatesMissing(t *testing.T) {
	m := time.Minute
	inBed, asleep, latency := wearnb.Some(480*m), wearnb.Some(420*m), wearnb.Some(15*m)
	if got := wearnb.Diff(inBed, asleep, latency); got != wearnb.Some(45*m) {
		t.Errorf("Diff = %v, want 45m", got)
	}
	if got := wearnb.Diff(inBed, wearnb.Opt[time.Duration]{}, latency); got.OK() {
		t.Errorf("Diff with a missing input = %v, want missing", got)
	}
	if got := wearnb.Sum(asleep, latency); got != wearnb.Some(435*m) {
		t.Errorf("Sum = %v", got)
	}
	if got := wearnb.Sum(asleep, wearnb.Opt[time.Duration]{}); got.OK() {
		t.Errorf("Sum with a missing input = %v, want missing", got)
	}
	if got := wearnb.Sum[int](); got != wearnb.Some(0) {
		t.Errorf("empty Sum = %v, want Some(0)", got)
	}
}

// A provider that sent no total sleep time: the derived wake time is
// missing too, not "all of the time in bed".
func ExampleOpt() {
	inBed := wearnb.Some(8 * time.Hour)
	var asleep wearnb.Opt[time.Duration] // total_sleep_duration: null
	awake := wearnb.Diff(inBed, asleep)
	fmt.Println("in bed", inBed, "asleep", asleep, "awake", awake)
	if v, ok := inBed.Get(); ok {
		fmt.Println("hours in bed:", v.Hours())
	}
	// Output:
	// in bed 8h0m0s asleep NA awake NA
	// hours in bed: 8
}
