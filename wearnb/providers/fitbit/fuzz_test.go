package fitbit

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/fetch"
	"wearnb.dev/wearnb/internal/trustcheck"
)

func addFiles(f *testing.F, pattern string) {
	files, _ := filepath.Glob(filepath.Join("testdata", pattern))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// mustDecodeError fails unless err is nil or a *fetch.DecodeError.
func mustDecodeError(t *testing.T, err error) {
	t.Helper()
	var de *fetch.DecodeError
	if err != nil && !errors.As(err, &de) {
		t.Fatalf("error is %T, want *fetch.DecodeError: %v", err, err)
	}
}

// checkSleeps asserts the invariants of normalized sleeps.
func checkSleeps(t *testing.T, sleeps []wearnb.Sleep) {
	t.Helper()
	for i, s := range sleeps {
		if i > 0 && s.Start.Before(sleeps[i-1].Start) {
			t.Fatalf("sleep %d out of order", i)
		}
		if s.Provider != Name || (s.End.Before(s.Start) != (s.Flag == wearnb.FlagEndsBeforeStart)) {
			t.Fatalf("sleep %d: %v..%v provider %q flag %q", i, s.Start, s.End, s.Provider, s.Flag)
		}
		for j, st := range s.Stages {
			if st.Duration <= 0 {
				t.Fatalf("sleep %d stage %d has duration %v", i, j, st.Duration)
			}
			if j > 0 && st.Start.Before(s.Stages[j-1].End()) {
				t.Fatalf("sleep %d stage %d overlaps the previous one", i, j)
			}
			if j > 0 && st.Level == s.Stages[j-1].Level && st.Start.Equal(s.Stages[j-1].End()) {
				t.Fatalf("sleep %d stage %d not merged with its twin", i, j)
			}
		}
		if n, ok := s.Awakenings.Get(); ok && (n < 0 || n > len(s.Stages)) || !ok && len(s.Stages) > 0 && s.Awakenings.OK() {
			t.Fatalf("sleep %d: %v awakenings for %d stages", i, s.Awakenings, len(s.Stages))
		}
		if len(s.Stages) == 0 && s.Awakenings.OK() {
			t.Fatalf("sleep %d: %v awakenings without stages", i, s.Awakenings)
		}
		// InBed = Latency + Asleep + Awake where all are known, unless the
		// log's minutesAsleep alone overruns its timeInBed.
		if s.Latency.Or(0) < 0 || s.Awake.Or(0) < 0 ||
			(s.Awake.OK() && s.Asleep.Or(0) <= s.InBed.Or(0) && wearnb.Sum(s.Latency, s.Asleep, s.Awake) != s.InBed) {
			t.Fatalf("sleep %d: %s", i, trustcheck.Describe(s))
		}
		if s.Flag != "" && s.IsMain {
			t.Fatalf("sleep %d: flagged %q but main", i, s.Flag)
		}
	}
	trustcheck.Frames(t, sleeps, nil, nil)
}

// checkMissing asserts that what a log does not send is missing in its
// sleep (logs with a logId of their own only).
func checkMissing(t *testing.T, logs []SleepLog, sleeps []wearnb.Sleep) {
	t.Helper()
	ids := map[string]int{}
	for _, l := range logs {
		ids[strconv.FormatInt(l.LogID, 10)]++
	}
	byID := map[string]wearnb.Sleep{}
	for _, s := range sleeps {
		byID[s.SourceID] = s
	}
	for _, l := range logs {
		id := strconv.FormatInt(l.LogID, 10)
		s, ok := byID[id]
		if !ok || ids[id] > 1 {
			continue
		}
		sum := l.Levels.Summary
		_, onset := wearnb.Onset(s.Stages)
		switch {
		case l.MinutesAsleep == nil && s.Asleep.OK():
			t.Fatalf("log %s: no minutesAsleep, asleep %v", id, s.Asleep)
		case l.Efficiency == nil && s.Efficiency.OK():
			t.Fatalf("log %s: no efficiency, efficiency %v", id, s.Efficiency)
		case l.MinutesToFallAsleep == nil && !onset && s.Latency.OK():
			t.Fatalf("log %s: no minutesToFallAsleep or sleep segment, latency %v", id, s.Latency)
		case sum.Deep == nil && s.Deep.OK(), sum.Light == nil && s.Light.OK(), sum.REM == nil && s.REM.OK():
			t.Fatalf("log %s: summary %+v, deep %v light %v rem %v", id, sum, s.Deep, s.Light, s.REM)
		case (!s.Asleep.OK() || !s.Latency.OK() || !s.InBed.OK()) && s.Awake.OK():
			t.Fatalf("log %s: awake %v from a missing input", id, s.Awake)
		}
	}
}

func FuzzSleepLog(f *testing.F) {
	addFiles(f, "sleep-*.json")
	f.Add([]byte(`{"sleep":[{"startTime":"2024-11-03T01:30:00","levels":{"data":[{"dateTime":"2024-11-03T01:30:00","level":"wake","seconds":60}],"shortData":[{"dateTime":"2024-11-03T01:00:00","level":"wake","seconds":7200}]}}]}`))
	f.Add([]byte(`{"sleep":[{"logId":1,"startTime":"2024-11-03T01:30:00","endTime":"2024-11-03T01:30:00","minutesAsleep":0,"timeInBed":null,"isMainSleep":true}]}`))
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		loc = time.UTC
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var (
			resp   *SleepResponse
			sleeps []wearnb.Sleep
			nerr   error
		)
		trustcheck.Alloc(t, body, func() {
			if resp, err = DecodeSleep(body); err == nil {
				sleeps, nerr = NormalizeSleeps(resp.Sleep, FixedZones(loc))
			}
		})
		mustDecodeError(t, err)
		if err != nil {
			return
		}
		mustDecodeError(t, nerr)
		if nerr == nil {
			checkSleeps(t, sleeps)
			checkMissing(t, resp.Sleep, sleeps)
		}
		// Round trip: what decodes encodes back to the same value.
		enc, err := json.Marshal(resp)
		if err != nil {
			t.Fatal(err)
		}
		again, err := DecodeSleep(enc)
		if err != nil {
			t.Fatalf("re-decoding own encoding: %v\n%s", err, enc)
		}
		if !reflect.DeepEqual(resp, again) {
			t.Fatalf("round trip changed the value:\n%s", enc)
		}
	})
}

func FuzzSleepList(f *testing.F) {
	addFiles(f, "sleep-list-*.json")
	f.Fuzz(func(t *testing.T, body []byte) {
		var (
			l    *SleepList
			s    []wearnb.Sleep
			nerr error
		)
		var err error
		trustcheck.Alloc(t, body, func() {
			if l, err = DecodeSleepList(body); err == nil {
				s, nerr = NormalizeSleeps(l.Sleep, nil)
			}
		})
		mustDecodeError(t, err)
		if err == nil {
			mustDecodeError(t, nerr)
			if nerr == nil {
				checkSleeps(t, s)
				checkMissing(t, l.Sleep, s)
			}
		}
	})
}

func FuzzActivitySeries(f *testing.F) {
	addFiles(f, "series-*.json")
	f.Fuzz(func(t *testing.T, body []byte) {
		var pts []SeriesPoint
		var err error
		trustcheck.Alloc(t, body, func() { pts, err = DecodeSeries("steps", body) })
		mustDecodeError(t, err)
		if err != nil {
			return
		}
		var days []wearnb.DayMoves
		trustcheck.Alloc(t, body, func() { days = NormalizeDays(map[string][]SeriesPoint{"steps": pts}, nil) })
		for i := 1; i < len(days); i++ {
			if !days[i-1].Date.Before(days[i].Date) {
				t.Fatalf("days not strictly ordered: %v %v", days[i-1].Date, days[i].Date)
			}
		}
		// Only steps were fetched: every other value is missing.
		for _, d := range days {
			if !d.Steps.OK() || d.DistanceM.OK() || d.CaloriesKcal.OK() || d.ActiveMinutes.OK() || d.RestingHR.OK() {
				t.Fatalf("a steps series gave %+v", d)
			}
		}
		trustcheck.Frames(t, nil, days, nil)
		enc, err := json.Marshal(map[string][]SeriesPoint{"activities-steps": pts})
		if err != nil {
			t.Fatal(err)
		}
		again, err := DecodeSeries("steps", enc)
		if err != nil || !reflect.DeepEqual(pts, again) {
			t.Fatalf("round trip: %v\n%s", err, enc)
		}
	})
}

func FuzzIntraday(f *testing.F) {
	addFiles(f, "intraday-*.json")
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		loc = time.UTC
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var (
			in    *Intraday
			hours []wearnb.HourMoves
			nerr  error
		)
		var err error
		trustcheck.Alloc(t, body, func() {
			if in, err = DecodeIntraday("steps", body); err == nil {
				hours, nerr = NormalizeHours(wearnb.MustDate("2024-11-03"), in, loc)
			}
		})
		mustDecodeError(t, err)
		if err != nil {
			return
		}
		err = nerr
		mustDecodeError(t, err)
		if err != nil {
			return
		}
		sum, want := 0, 0
		for _, p := range in.Dataset {
			want += p.Value.Int()
		}
		for i, h := range hours {
			sum += h.Steps.Or(0)
			if i > 0 && !h.Start.After(hours[i-1].Start) {
				t.Fatalf("hours not in order")
			}
			if !h.Steps.OK() || h.DistanceM.OK() || h.CaloriesKcal.OK() || h.ActiveSeconds.OK() {
				t.Fatalf("a steps dataset gave %+v", h)
			}
		}
		trustcheck.Frames(t, nil, nil, hours)
		if len(hours) > 0 && sum != want {
			t.Fatalf("hours sum to %d, dataset to %d", sum, want)
		}
	})
}

func FuzzHeart(f *testing.F) {
	addFiles(f, "heart-*.json")
	f.Fuzz(func(t *testing.T, body []byte) {
		var err1, err2 error
		trustcheck.Alloc(t, body, func() {
			_, err1 = DecodeHeartSeries(body)
			_, err2 = DecodeHeartIntraday(body)
		})
		mustDecodeError(t, err1)
		mustDecodeError(t, err2)
	})
}

func FuzzDailySummaryAndProfile(f *testing.F) {
	addFiles(f, "daily-summary.json")
	addFiles(f, "profile.json")
	f.Fuzz(func(t *testing.T, body []byte) {
		var err error
		trustcheck.Alloc(t, body, func() { _, err = DecodeDailySummary(body) })
		mustDecodeError(t, err)
		p, err := DecodeProfile(body)
		mustDecodeError(t, err)
		if err == nil {
			_, err = p.User.Location()
			mustDecodeError(t, err)
		}
	})
}

func FuzzExport(f *testing.F) {
	addFiles(f, "export/MyFitbitData/JaneDoe/Sleep/*.json")
	f.Add([]byte(`[{"dateTime":"10/07/20 00:00:00","value":"0"},{"dateTime":"10/07/20 00:01:00","value":"12"}]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var logs []SleepLog
		var err error
		trustcheck.Alloc(t, body, func() { logs, err = DecodeExportSleep("sleep-2020-10-10.json", body) })
		mustDecodeError(t, err)
		if err == nil {
			s, err := NormalizeSleeps(logs, nil)
			mustDecodeError(t, err)
			if err == nil {
				checkSleeps(t, s)
			}
		}
		pts, err := DecodeExportSteps("steps-2020-10-07.json", body)
		mustDecodeError(t, err)
		if err == nil {
			mins := map[int64]minute{}
			addMinutes(mins, pts, nil)
			days, hours := exportMoves(mins, nil)
			d, h := 0, 0
			for _, x := range days {
				d += x.Steps.Or(0)
			}
			for _, x := range hours {
				h += x.Steps.Or(0)
			}
			trustcheck.Frames(t, nil, days, hours)
			if d != h {
				t.Fatalf("days sum %d, hours sum %d", d, h)
			}
		}
	})
}
