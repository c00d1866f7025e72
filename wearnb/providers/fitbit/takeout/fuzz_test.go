package takeout_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"wearnb.dev/wearnb/fetch"
	"wearnb.dev/wearnb/providers/fitbit/takeout"
)

// maxFuzzInput bounds the inputs the fuzz targets take, and with it the
// memory a parser may use: outputs may hold at most one record per few
// input bytes (checked below), so a parser that blew up its input would
// fail, not exhaust the machine.
const maxFuzzInput = 64 << 10

func seedFiles(f *testing.F, glob string) {
	files, _ := filepath.Glob(filepath.Join("testdata", "archive", "Takeout", "Fitbit", glob))
	if len(files) == 0 {
		f.Fatalf("no seed files for %s", glob)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// wellTyped fails unless err is nil or one of the importer's own errors.
func wellTyped(t *testing.T, err error) {
	t.Helper()
	var de *fetch.DecodeError
	var se *takeout.ShapeError
	if err != nil && !errors.As(err, &de) && !errors.As(err, &se) {
		t.Fatalf("error is %T: %v", err, err)
	}
}

func FuzzParseSleep(f *testing.F) {
	seedFiles(f, "Global Export Data/sleep-*.json")
	f.Add([]byte(`{"sleep": []}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		if len(body) > maxFuzzInput {
			return
		}
		logs, err := takeout.ParseSleep("sleep-2020-01-01.json", body)
		wellTyped(t, err)
		if len(logs) > len(body)/20+1 {
			t.Fatalf("%d logs from %d bytes", len(logs), len(body))
		}
		for _, l := range logs {
			if l.StartTime.IsZero() || l.EndTime.IsZero() {
				t.Fatal("a log without its times")
			}
		}
	})
}

func FuzzParseMinutes(f *testing.F) {
	seedFiles(f, "Global Export Data/steps-*.json")
	seedFiles(f, "Global Export Data/heart_rate-*.json")
	seedFiles(f, "Global Export Data/resting_heart_rate-*.json")
	f.Fuzz(func(t *testing.T, body []byte) {
		if len(body) > maxFuzzInput {
			return
		}
		s, err := takeout.ParseMinutes("steps-2020-01-01.json", body, time.UTC)
		wellTyped(t, err)
		if len(s) > len(body)/10+1 {
			t.Fatalf("%d samples from %d bytes", len(s), len(body))
		}
		hr, err := takeout.ParseHeartRate("heart_rate-2020-01-01.json", body, time.UTC)
		wellTyped(t, err)
		for _, h := range hr {
			if h.BPM <= 0 {
				t.Fatalf("bpm %v kept", h.BPM)
			}
		}
		rhr, err := takeout.ParseRestingHR("resting_heart_rate-2020-01-01.json", body)
		wellTyped(t, err)
		for _, v := range rhr {
			if v.Value <= 0 || v.Date.IsZero() {
				t.Fatalf("resting HR %+v kept", v)
			}
		}
		_, err = takeout.ParseDaily("very_active_minutes-2020-01-01.json", body)
		wellTyped(t, err)
	})
}

func FuzzParseCSV(f *testing.F) {
	seedFiles(f, "*/*.csv")
	f.Add([]byte("no data"))
	f.Add([]byte("timestamp,steps\n\"2026-07-20T16:39:00Z,34\n"))
	f.Fuzz(func(t *testing.T, body []byte) {
		if len(body) > maxFuzzInput {
			return
		}
		check := func(n int, err error) {
			t.Helper()
			if err != nil {
				var se *takeout.ShapeError
				if !errors.As(err, &se) && len(err.Error()) == 0 {
					t.Fatal("an error without a message")
				}
			}
			if n > len(body)/4+1 {
				t.Fatalf("%d rows from %d bytes", n, len(body))
			}
		}
		s, err := takeout.ParseMinutesCSV("steps_2026-07-01.csv", body, "steps")
		check(len(s), err)
		h, err := takeout.ParseHeartRateCSV("heart_rate_2026-06-10.csv", body)
		check(len(h), err)
		sc, err := takeout.ParseSleepScore("sleep_score.csv", body)
		check(len(sc), err)
		hrv, err := takeout.ParseHRV("Daily Heart Rate Variability Summary - 2024-07-(21).csv", body)
		check(len(hrv), err)
		sp, err := takeout.ParseSpO2("Daily SpO2 - 2024.csv", body)
		check(len(sp), err)
		for _, x := range sp {
			if x.Average < takeout.SpO2Floor || x.Average > 100 {
				t.Fatalf("SpO2 %v kept", x.Average)
			}
		}
		d, err := takeout.ParseDailyCSV("daily_resting_heart_rate.csv", body, "beats per minute")
		check(len(d), err)
		tmp, err := takeout.ParseTemperature("Computed Temperature - 2026-07-26.csv", body)
		check(len(tmp), err)
		_, err = takeout.ParseProfileZone("Profile.csv", body)
		check(0, err)
	})
}
