package takeout_test

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/fetch"
	"wearnb.dev/wearnb/internal/trustcheck"
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
		br, err := takeout.ParseRespiratory("Daily Respiratory Rate Summary - 2024-07-22.csv", body)
		check(len(br), err)
		_, err = takeout.ParseProfileZone("Profile.csv", body)
		check(0, err)
	})
}

// heartFiles are the names FuzzHeartRecords gives its body: every file of
// the heart-rate family that becomes records.
var heartFiles = []string{
	"Global Export Data/heart_rate-2020-01-01.json",
	"Global Export Data/resting_heart_rate-2020-01-01.json",
	"Physical Activity_GoogleData/heart_rate_2026-06-10.csv",
	"Physical Activity_GoogleData/daily_resting_heart_rate.csv",
	"Physical Activity_GoogleData/daily_respiratory_rate.csv",
	"Heart Rate Variability/Daily Heart Rate Variability Summary - 2024-07-(21).csv",
	"Heart Rate Variability/Daily Respiratory Rate Summary - 2024-07-22.csv",
	"Temperature/Computed Temperature - 2026-07-26.csv",
}

// FuzzHeartRecords reads body as one file of the heart-rate family, in an
// archive of its own, and turns it into records over the archive's span:
// reading and normalizing stay within trustcheck's memory bound, errors
// name the file, heart-rate records lie within 1..MaxBPM bpm on the local
// clock, no more of them than samples, and every vitals measure is missing
// or a finite number.
func FuzzHeartRecords(f *testing.F) {
	for i, name := range heartFiles {
		b, err := os.ReadFile(filepath.Join("testdata", "archive", "Takeout", "Fitbit", name))
		if err == nil {
			f.Add(b, uint8(i))
		}
	}
	f.Add([]byte(`[{"dateTime":"01/01/20 23:59:59","value":{"bpm":300,"confidence":0}},{"dateTime":"01/01/20 23:59:30","value":{"bpm":1}}]`), uint8(0))
	f.Add([]byte("type,sleep_start,sleep_end,temperature_samples,baseline_relative_sample_sum\nIDT,2026-07-25T23:14:30,2026-07-26T06:11:30,1e-300,1e300\n"), uint8(7))
	f.Fuzz(func(t *testing.T, body []byte, which uint8) {
		if len(body) > maxFuzzInput {
			return
		}
		name := heartFiles[int(which)%len(heartFiles)]
		fsys := fstest.MapFS{"Takeout/Fitbit/" + name: {Data: body}}
		var (
			a    *takeout.Archive
			b    *wearnb.Batch
			err  error
			berr error
		)
		trustcheck.Alloc(t, body, func() {
			a, err = takeout.Read(fsys, takeout.Zone(time.UTC))
			if err != nil {
				return
			}
			if span, ok := a.Span(); ok {
				b, berr = a.Batch(span)
			}
		})
		if err != nil {
			if !errors.Is(err, wearnb.ErrNothingToImport) && !containsName(err.Error(), name) {
				t.Fatalf("the error does not name the file: %v", err)
			}
			return
		}
		if berr != nil {
			t.Fatalf("records of a file that parsed: %v", berr)
		}
		if b == nil {
			return
		}
		if len(b.HeartRate) > len(a.HeartRate) {
			t.Fatalf("%d records from %d samples", len(b.HeartRate), len(a.HeartRate))
		}
		for _, h := range b.HeartRate {
			if h.BPM < 1 || h.BPM > takeout.MaxBPM || !h.Local {
				t.Fatalf("heart rate %+v", h)
			}
		}
		for _, v := range b.Vitals {
			for _, m := range []wearnb.Opt[float64]{v.AverageHRV, v.RespiratoryRate, v.SkinTempDev, v.LowestHR, v.AverageHR} {
				if x, ok := m.Get(); ok && (math.IsNaN(x) || math.IsInf(x, 0)) {
					t.Fatalf("vitals %+v", v)
				}
			}
		}
	})
}

// containsName reports whether msg names the file (its base name).
func containsName(msg, name string) bool {
	return strings.Contains(msg, filepath.Base(name))
}
