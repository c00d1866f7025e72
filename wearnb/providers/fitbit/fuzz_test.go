package fitbit

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/fetch"
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
		if s.End.Before(s.Start) || s.Provider != Name {
			t.Fatalf("sleep %d: %v..%v provider %q", i, s.Start, s.End, s.Provider)
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
		if s.Awakenings < 0 || s.Awakenings > len(s.Stages) {
			t.Fatalf("sleep %d: %d awakenings for %d stages", i, s.Awakenings, len(s.Stages))
		}
		// InBed = Latency + Asleep + Awake, unless the log's minutesAsleep
		// alone overruns its timeInBed.
		if s.Latency < 0 || s.Awake < 0 || (s.Asleep <= s.InBed && s.Latency+s.Asleep+s.Awake != s.InBed) {
			t.Fatalf("sleep %d: in bed %v, latency %v + asleep %v + awake %v", i, s.InBed, s.Latency, s.Asleep, s.Awake)
		}
	}
}

func FuzzSleepLog(f *testing.F) {
	addFiles(f, "sleep-*.json")
	f.Add([]byte(`{"sleep":[{"startTime":"2024-11-03T01:30:00","levels":{"data":[{"dateTime":"2024-11-03T01:30:00","level":"wake","seconds":60}],"shortData":[{"dateTime":"2024-11-03T01:00:00","level":"wake","seconds":7200}]}}]}`))
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		loc = time.UTC
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		resp, err := DecodeSleep(body)
		mustDecodeError(t, err)
		if err != nil {
			return
		}
		sleeps, err := NormalizeSleeps(resp.Sleep, FixedZones(loc))
		mustDecodeError(t, err)
		if err == nil {
			checkSleeps(t, sleeps)
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
		l, err := DecodeSleepList(body)
		mustDecodeError(t, err)
		if err == nil {
			s, err := NormalizeSleeps(l.Sleep, nil)
			mustDecodeError(t, err)
			if err == nil {
				checkSleeps(t, s)
			}
		}
	})
}

func FuzzActivitySeries(f *testing.F) {
	addFiles(f, "series-*.json")
	f.Fuzz(func(t *testing.T, body []byte) {
		pts, err := DecodeSeries("steps", body)
		mustDecodeError(t, err)
		if err != nil {
			return
		}
		days := NormalizeDays(map[string][]SeriesPoint{"steps": pts}, nil)
		for i := 1; i < len(days); i++ {
			if !days[i-1].Date.Before(days[i].Date) {
				t.Fatalf("days not strictly ordered: %v %v", days[i-1].Date, days[i].Date)
			}
		}
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
		in, err := DecodeIntraday("steps", body)
		mustDecodeError(t, err)
		if err != nil {
			return
		}
		hours, err := NormalizeHours(wearnb.MustDate("2024-11-03"), in, loc)
		mustDecodeError(t, err)
		if err != nil {
			return
		}
		sum, want := 0, 0
		for _, p := range in.Dataset {
			want += p.Value.Int()
		}
		for i, h := range hours {
			sum += h.Steps
			if i > 0 && !h.Start.After(hours[i-1].Start) {
				t.Fatalf("hours not in order")
			}
		}
		if len(hours) > 0 && sum != want {
			t.Fatalf("hours sum to %d, dataset to %d", sum, want)
		}
	})
}

func FuzzHeart(f *testing.F) {
	addFiles(f, "heart-*.json")
	f.Fuzz(func(t *testing.T, body []byte) {
		_, err := DecodeHeartSeries(body)
		mustDecodeError(t, err)
		_, err = DecodeHeartIntraday(body)
		mustDecodeError(t, err)
	})
}

func FuzzDailySummaryAndProfile(f *testing.F) {
	addFiles(f, "daily-summary.json")
	addFiles(f, "profile.json")
	f.Fuzz(func(t *testing.T, body []byte) {
		_, err := DecodeDailySummary(body)
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
		logs, err := DecodeExportSleep("sleep-2020-10-10.json", body)
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
				d += x.Steps
			}
			for _, x := range hours {
				h += x.Steps
			}
			if d != h {
				t.Fatalf("days sum %d, hours sum %d", d, h)
			}
		}
	})
}
