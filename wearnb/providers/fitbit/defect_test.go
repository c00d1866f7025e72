package fitbit

// The regression tests of issue 11's defects 2 and 3 for Fitbit. They use
// only what the package had before the fix (DecodeSleep, NormalizeSleeps,
// fetch.DecodeError, JSON bodies), so this file also runs against the code
// before it, where every test fails.

import (
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"wearnb.dev/wearnb/fetch"
)

// rangeLog returns sleep-range.json (the documented stages log of
// providers.md §1 and a classic nap) after edit changes its first log.
func rangeLog(t testing.TB, edit func(log map[string]any)) []byte {
	t.Helper()
	var resp map[string]any
	if err := json.Unmarshal(readFile(t, "sleep-range.json"), &resp); err != nil {
		t.Fatal(err)
	}
	edit(resp["sleep"].([]any)[0].(map[string]any))
	b, err := json.Marshal(resp)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// segmentsFrom makes n 30-second segments from the log's startTime,
// alternating light and deep.
func segmentsFrom(n int) []any {
	start := time.Date(2020, 10, 10, 1, 46, 30, 0, time.UTC)
	out := make([]any, n)
	for i := range out {
		lv := "light"
		if i%2 == 1 {
			lv = "deep"
		}
		out[i] = map[string]any{"dateTime": start.Add(time.Duration(i) * 30 * time.Second).Format("2006-01-02T15:04:05.000"), "level": lv, "seconds": 30}
	}
	return out
}

func wantFitbitDecodeError(t *testing.T, err error, field string, words ...string) {
	t.Helper()
	var de *fetch.DecodeError
	if !errors.As(err, &de) || de.Provider != "fitbit" || de.Endpoint != EndpointSleep || de.Field != field {
		t.Fatalf("err = %v (%T), want a DecodeError for fitbit sleep %s", err, err, field)
	}
	for _, w := range words {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not say %q", err, w)
		}
	}
}

func normalizeBody(body []byte) (n int, err error) {
	resp, err := DecodeSleep(body)
	if err != nil {
		return 0, err
	}
	sleeps, err := NormalizeSleeps(resp.Sleep, nil)
	for _, s := range sleeps {
		n += len(s.Stages)
	}
	return n, err
}

// Issue 11 defect 2, Fitbit's stage builder: a log may not expand into
// more than a week of 30-second segments (levels.data or shortData), and
// laying short wakes over the segments takes time and memory linear in
// their number. Before the fix the first case built every segment, and the
// second allocated a copy of the whole timeline for each short wake
// (gigabytes for 5000 of each).
func TestDefect2_FitbitStageBound(t *testing.T) {
	t.Run("more than a week of segments", testTooManySegments)
	t.Run("short wakes over segments", testOverlayLinear)
}

func testTooManySegments(t *testing.T) {
	body := rangeLog(t, func(l map[string]any) {
		l["endTime"] = "2020-10-17T01:46:30.000"
		l["duration"] = 7 * 24 * 3600 * 1000
		l["levels"].(map[string]any)["data"] = segmentsFrom(20161)
		l["levels"].(map[string]any)["shortData"] = []any{}
	})
	n, err := normalizeBody(body)
	if n > 0 {
		t.Errorf("%d stages built", n)
	}
	wantFitbitDecodeError(t, err, "sleep[0].levels.data", "20161 segments")
}

func testOverlayLinear(t *testing.T) {
	// 5000 segments and 5000 short wakes, one inside each segment.
	const k = 5000
	short := make([]any, k)
	start := time.Date(2020, 10, 10, 1, 46, 30, 0, time.UTC)
	for i := range short {
		short[i] = map[string]any{"dateTime": start.Add(time.Duration(i)*30*time.Second + 10*time.Second).Format("2006-01-02T15:04:05.000"), "level": "wake", "seconds": 10}
	}
	body := rangeLog(t, func(l map[string]any) {
		l["endTime"] = start.Add(k * 30 * time.Second).Format("2006-01-02T15:04:05.000")
		l["levels"].(map[string]any)["data"] = segmentsFrom(k)
		l["levels"].(map[string]any)["shortData"] = short
	})
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	n, err := normalizeBody(body)
	runtime.ReadMemStats(&after)
	if err != nil || n < 2*k {
		t.Fatalf("%d stages, %v", n, err)
	}
	if used, limit := after.TotalAlloc-before.TotalAlloc, uint64(128*len(body)); used > limit {
		t.Errorf("overlaying %d short wakes on %d segments allocated %d bytes (body %d), more than %d", k, k, used, len(body), limit)
	}
}

// Issue 11 defect 3, Fitbit: negative and overflowing durations, and a log
// of decades, are decode errors naming the field (Fitbit checked most
// minutes fields already; efficiency and the log's span were unchecked).
func TestDefect3_FitbitImpossibleDurations(t *testing.T) {
	for _, tc := range []struct {
		field string
		value any
	}{
		{"minutesAsleep", -5},
		{"timeInBed", -60},
		{"duration", -1000},
		{"minutesAwake", 9.3e9},
		{"duration", 9.3e12},
		{"efficiency", -3},
		{"efficiency", 250},
		{"endTime", "2050-10-10T08:10:00.000"},
	} {
		t.Run(fmt.Sprint(tc.field, "=", tc.value), func(t *testing.T) {
			_, err := normalizeBody(rangeLog(t, func(l map[string]any) { l[tc.field] = tc.value }))
			wantFitbitDecodeError(t, err, "sleep[0]."+tc.field)
		})
	}
}
