package takeout_test

import (
	"archive/zip"
	"bytes"
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
	"wearnb.dev/wearnb/providers/fitbit/takeout"
)

// TestFixtureArchive reads testdata/archive (documented shapes, sources in
// testdata/README.md) and checks every value that reaches the Archive.
func TestFixtureArchive(t *testing.T) {
	var progress []string
	a, err := takeout.Open([]string{"testdata/archive"}, takeout.Progress(func(done, total int, file string) {
		progress = append(progress, file)
	}))
	if err != nil {
		t.Fatal(err)
	}
	if a.Zone.String() != "Australia/Sydney" || len(a.Roots) != 1 || a.Roots[0] != "Takeout/Fitbit" {
		t.Errorf("zone %v, roots %q", a.Zone, a.Roots)
	}
	// 17 files are read; the UserActivityProbabilities file is never opened.
	if len(progress) != 18 || progress[17] != "" || a.Skipped != 2 {
		t.Errorf("progress %d calls (%q), skipped %d", len(progress), progress, a.Skipped)
	}
	for _, p := range progress {
		if strings.Contains(p, "UserActivityProbabilities") {
			t.Error("opened UserActivityProbabilities")
		}
	}

	// Sleep: the FITPORT log, "mainSleep" read as the API's isMainSleep.
	if len(a.Sleeps) != 1 || a.Sleeps[0].LogID != 18041963021 || !a.Sleeps[0].IsMainSleep || a.Sleeps[0].MinutesAsleep == nil || *a.Sleeps[0].MinutesAsleep != 378 {
		t.Fatalf("sleeps %+v", a.Sleeps)
	}
	b, err := a.Batch(wearnb.Range{From: wearnb.MustDate("2018-04-29"), To: wearnb.MustDate("2018-04-29")})
	if err != nil {
		t.Fatal(err)
	}
	s := b.Sleeps[0]
	if len(b.Sleeps) != 1 || s.SourceID != "18041963021" || s.Start.Format(time.RFC3339) != "2018-04-29T00:21:30+10:00" ||
		s.Asleep != wearnb.Some(378*time.Minute) || s.Deep != wearnb.Some(61*time.Minute) || s.Light != wearnb.Some(224*time.Minute) || s.REM != wearnb.Some(93*time.Minute) || !s.IsMain {
		t.Errorf("sleep %+v", s)
	}
	if len(b.Raw) != 1 || !strings.HasPrefix(string(b.Raw[0].Body), `{"sleep":[{`) || !strings.Contains(string(b.Raw[0].Body), `"isMainSleep":true`) {
		t.Errorf("raw %q", b.Raw)
	}

	// Steps: CSV wins over JSON (both present); the Health Connect twin
	// row is dropped; "no data" is no rows.
	if len(a.Steps) != 2 || a.Steps[0].At.Format(time.RFC3339) != "2026-07-20T16:39:00Z" || a.Steps[0].Value != 34 || a.Steps[1].Value != 120 {
		t.Errorf("steps %+v", a.Steps)
	}
	if len(a.Distance) != 1 || a.Distance[0].Value != 1500 {
		t.Errorf("distance %+v", a.Distance)
	}
	// Heart rate: the CSV, per minute, Health Connect's row dropped.
	if len(a.HeartRate) != 1 || a.HeartRate[0].At.Format(time.RFC3339) != "2026-06-10T16:37:00Z" || a.HeartRate[0].BPM != 132 {
		t.Errorf("heart rate %+v", a.HeartRate)
	}
	if len(a.RestingHR) != 1 || a.RestingHR[0].Date != wearnb.MustDate("2026-06-10") || a.RestingHR[0].Value != 66.876 {
		t.Errorf("resting HR (the CSV wins) %+v", a.RestingHR)
	}
	if len(a.HRV) != 1 || a.HRV[0].Date != wearnb.MustDate("2024-07-21") || a.HRV[0].RMSSD != 29.232 || a.HRV[0].NREMHR != 49.623 {
		t.Errorf("HRV %+v", a.HRV)
	}
	if len(a.SpO2) != 2 || a.SpO2[0].Average != 95.6 || a.SpO2[1].Date != wearnb.MustDate("2026-06-11") || a.SpO2[1].Average != 94.8 {
		t.Errorf("SpO2 (the 50.0 sentinel dropped) %+v", a.SpO2)
	}
	if len(a.RespiratoryRate) != 2 || a.RespiratoryRate[0].Value != 14.2 || a.RespiratoryRate[1].Value != 13.8 {
		t.Errorf("respiratory rate %+v", a.RespiratoryRate)
	}
	// Skin temperature: the sum over the samples (allos: 189.768 / 404); the
	// night without a baseline (NaN) is left out.
	if len(a.SkinTemp) != 1 || a.SkinTemp[0].Date != wearnb.MustDate("2026-07-26") || math.Abs(a.SkinTemp[0].Value-0.46972) > 1e-5 {
		t.Errorf("skin temperature %+v", a.SkinTemp)
	}
	// The records: the minute's mean at its Sydney clock time, as the API's
	// 1-minute heart rate gives it; vitals per date, SpO2 (no field in
	// wearnb.Vitals) not among them.
	b, err = a.Batch(wearnb.Range{From: wearnb.MustDate("2024-07-21"), To: wearnb.MustDate("2026-07-26")})
	if err != nil {
		t.Fatal(err)
	}
	if hr := b.HeartRate; len(hr) != 1 || hr[0].Time.Format(time.RFC3339) != "2026-06-11T02:37:00+10:00" || hr[0].BPM != 132 || !hr[0].Local || hr[0].Provider != "fitbit" {
		t.Errorf("heart-rate records %+v", hr)
	}
	v := b.Vitals
	if len(v) != 4 || v[0].Date != wearnb.MustDate("2024-07-21") || v[0].AverageHRV != wearnb.Some(29.232) || v[0].RespiratoryRate.OK() ||
		v[1].Date != wearnb.MustDate("2024-07-22") || v[1].RespiratoryRate != wearnb.Some(14.2) || v[1].AverageHRV.OK() ||
		v[2].Date != wearnb.MustDate("2026-06-11") || v[2].RespiratoryRate != wearnb.Some(13.8) ||
		v[3].Date != wearnb.MustDate("2026-07-26") || math.Abs(v[3].SkinTempDev.Or(0)-0.46972) > 1e-5 || v[3].AverageHRV.OK() || v[3].LowestHR.OK() || v[3].AverageHR.OK() {
		t.Errorf("vitals records %+v", v)
	}
	sc := a.SleepScores
	if len(sc) != 1 || sc[0].LogID != 53134724310 || sc[0].Overall != 48 || !math.IsNaN(sc[0].Composition) || sc[0].Revitalization != 48 ||
		sc[0].DeepMinutes != 58 || sc[0].RestingHR != 63 || sc[0].Restlessness != 0.152 {
		t.Errorf("sleep scores %+v", sc)
	}
}

// TestJSONFixtures reads the JSON files on their own, with the values the
// sources quote.
func TestJSONFixtures(t *testing.T) {
	dir := "testdata/archive/Takeout/Fitbit/Global Export Data/"
	read := func(name string) []byte {
		b, err := os.ReadFile(dir + name)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	steps, err := takeout.ParseMinutes("steps", read("steps-2018-04-01.json"), time.UTC)
	if err != nil || len(steps) != 2 || steps[0].At.Format(time.RFC3339) != "2018-03-31T23:25:00Z" || steps[0].Value != 0 || steps[1].Value != 14 {
		t.Errorf("steps %+v, %v", steps, err)
	}
	hr, err := takeout.ParseHeartRate("hr", read("heart_rate-2015-06-01.json"), time.UTC)
	if err != nil || len(hr) != 2 || hr[0].At.Format(time.RFC3339) != "2015-05-31T14:00:00Z" || hr[0].BPM != 51 || hr[0].Confidence != 3 {
		t.Errorf("heart rate %+v, %v", hr, err)
	}
	// Read as UTC, the first sample is local midnight of 1 June in Sydney.
	if syd, _ := time.LoadLocation("Australia/Sydney"); hr[0].At.In(syd).Format("2006-01-02 15:04") != "2015-06-01 00:00" {
		t.Errorf("first sample at %v in Sydney", hr[0].At.In(syd))
	}
	rhr, err := takeout.ParseRestingHR("rhr", read("resting_heart_rate-2024-03-01.json"))
	if err != nil || len(rhr) != 2 || rhr[0].Date != wearnb.MustDate("2024-03-01") || rhr[0].Value != 54.01231098175049 || rhr[0].Error != 6.787087440490723 {
		t.Errorf("resting HR (null day left out) %+v, %v", rhr, err)
	}
}

// TestWrongFiles: a file whose shape is not what its name says is an error
// that names the file and the problem; a folder or zip without Fitbit files
// is an error matching wearnb.ErrNothingToImport, not an empty archive.
func TestWrongFiles(t *testing.T) {
	_, err := takeout.Open([]string{"testdata/wrong/envelope"})
	var se *takeout.ShapeError
	if !errors.As(err, &se) || !strings.HasSuffix(se.File, "sleep-2020-10-10.json") {
		t.Fatalf("envelope: %v", err)
	}
	for _, want := range []string{"sleep-2020-10-10.json", `"sleep", "summary"`, "saved Fitbit API response", "fitbit.Import", "JSON array of sleep logs"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("envelope message lacks %q: %v", want, err)
		}
	}
	_, err = takeout.Open([]string{"testdata/wrong/columns"})
	if !errors.As(err, &se) || !strings.Contains(err.Error(), `"overall_score"`) || !strings.Contains(err.Error(), "sleep_score.csv") {
		t.Errorf("columns: %v", err)
	}
	_, err = takeout.ParseMinutes("steps-2020-01-01.json", []byte(`[{"dateTime": "2020-01-01T00:00:00", "value": "1"}]`), time.UTC)
	var de *fetch.DecodeError
	if !errors.As(err, &de) || de.Field != "[0].dateTime" || !strings.Contains(err.Error(), "MM/DD/YY") {
		t.Errorf("ISO stamp in a per-minute file: %v", err)
	}

	empty := t.TempDir()
	for name, path := range map[string]string{"empty folder": empty, "other product": "testdata/other"} {
		a, err := takeout.Open([]string{path})
		if !errors.Is(err, wearnb.ErrNothingToImport) || a != nil || !strings.Contains(err.Error(), "Global Export Data") {
			t.Errorf("%s: %v, %v", name, a, err)
		}
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("Takeout/archive_browser.html")
	w.Write([]byte("<html></html>"))
	zw.Close()
	zipPath := filepath.Join(empty, "takeout.zip")
	os.WriteFile(zipPath, buf.Bytes(), 0o600)
	if _, err := takeout.Open([]string{zipPath}); !errors.Is(err, wearnb.ErrNothingToImport) || !strings.Contains(err.Error(), "1 files") {
		t.Errorf("zip without Fitbit: %v", err)
	}
	if _, err := takeout.Open([]string{filepath.Join(empty, "missing.zip")}); err == nil {
		t.Error("a missing archive opened")
	}
	notZip := filepath.Join(empty, "notes.txt")
	os.WriteFile(notZip, []byte("hello"), 0o600)
	if _, err := takeout.Open([]string{notZip}); err == nil || !strings.Contains(err.Error(), "neither a folder nor a zip") {
		t.Errorf("a text file: %v", err)
	}
}

// TestWrongHeartFiles: heart-rate and vitals files in the wrong shape are
// errors naming the file and the problem. The API envelopes are the
// intraday and series shapes of Fitbit's Web API reference (Get Heart Rate
// Intraday by Date: {"activities-heart": […], "activities-heart-intraday":
// {"dataset": […]}}); the CSV headers are those of the neighbouring files
// (HRV details: "timestamp,rmssd,coverage,low_frequency,high_frequency" is
// not the summary's; research-takeout.md §3.2).
func TestWrongHeartFiles(t *testing.T) {
	const root = "Takeout/Fitbit/"
	cases := []struct {
		file, body string
		want       []string
	}{
		{"Global Export Data/heart_rate-2020-10-10.json",
			`{"activities-heart": [{"dateTime": "2020-10-10", "value": {"restingHeartRate": 60}}], "activities-heart-intraday": {"dataset": [{"time": "00:00:00", "value": 61}], "datasetInterval": 1, "datasetType": "minute"}}`,
			[]string{"heart_rate-2020-10-10.json", `"activities-heart", "activities-heart-intraday"`, "saved Fitbit API response", `"bpm"`}},
		{"Global Export Data/resting_heart_rate-2020-01-01.json",
			`{"activities-heart": [{"dateTime": "2020-01-01", "value": {"restingHeartRate": 60}}]}`,
			[]string{"resting_heart_rate-2020-01-01.json", "saved Fitbit API response", `"error"`}},
		{"Global Export Data/heart_rate-2020-10-11.json",
			`[{"dateTime": "10/11/20 00:00:00", "value": {"bpm": 61, "confidence": 3}}, {"dateTime": "10/11/20 00:00:10", "value": {"bpm": 612, "confidence": 3}}]`,
			[]string{"heart_rate-2020-10-11.json", "[1].value.bpm", "612 bpm out of range"}},
		{"Heart Rate Variability/Daily Heart Rate Variability Summary - 2024-07-(21).csv",
			"timestamp,coverage,low_frequency,high_frequency\n2024-02-22T03:00:00,0.9,100,200\n",
			[]string{"Daily Heart Rate Variability Summary - 2024-07-(21).csv", `column(s) "rmssd"`}},
		{"Heart Rate Variability/Daily Respiratory Rate Summary - 2024-07-22.csv",
			"timestamp,full_sleep_breathing_rate\n2024-07-22T00:00:00,14.1\n",
			[]string{"Daily Respiratory Rate Summary - 2024-07-22.csv", `"daily_respiratory_rate"`}},
		{"Temperature/Computed Temperature - 2026-07-26.csv",
			"timestamp,daily_respiratory_rate\n2024-07-22T00:00:00,14.1\n",
			[]string{"Computed Temperature - 2026-07-26.csv", `"sleep_end"`, `"baseline_relative_sample_sum"`}},
	}
	for _, c := range cases {
		fsys := fstest.MapFS{root + c.file: {Data: []byte(c.body)}}
		a, err := takeout.Read(fsys)
		var se *takeout.ShapeError
		var de *fetch.DecodeError
		if err == nil || a != nil || !errors.As(err, &se) && !errors.As(err, &de) {
			t.Errorf("%s: %v, %v", c.file, a, err)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: the message lacks %q: %v", c.file, w, err)
			}
		}
	}
}

// TestMaxFileSize: a file over the bound is an error, read no further.
func TestMaxFileSize(t *testing.T) {
	_, err := takeout.Open([]string{"testdata/archive"}, takeout.MaxFileSize(100))
	if err == nil || !strings.Contains(err.Error(), "larger than 100 bytes") {
		t.Errorf("err = %v", err)
	}
}
