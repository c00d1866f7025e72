package fitbit

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/fetch"
)

func TestImportDir(t *testing.T) {
	loc := newYork(t)
	ex, err := ImportDir("testdata/export", FixedZones(loc))
	if err != nil {
		t.Fatal(err)
	}
	if ex.Files != 4 {
		t.Errorf("read %d files, want 4 (README.txt skipped)", ex.Files)
	}
	// Three distinct logs: the classic nap appears in both sleep files.
	if len(ex.Sleeps) != 3 {
		t.Fatalf("got %d sleeps, want 3", len(ex.Sleeps))
	}
	if s := ex.Sleeps[0]; s.SourceID != "26311786557" || s.Start.Format(time.RFC3339) != "2020-10-10T01:46:30-04:00" || len(s.Stages) != 18 || s.Awakenings != wearnb.Some(4) {
		t.Errorf("first sleep %+v", s)
	}
	if s := ex.Sleeps[1]; s.SourceID != "26315913071" || s.IsMain {
		t.Errorf("second sleep %+v", s)
	}
	if s := ex.Sleeps[2]; s.SourceID != "48000000001" || s.Date != wearnb.MustDate("2024-06-01") {
		t.Errorf("third sleep %+v", s)
	}
	// 2020-10-08 is all zeros in both files: no data.
	want := []wearnb.DayMoves{
		{Provider: "fitbit", SourceID: "2020-10-07", Date: wearnb.MustDate("2020-10-07"), Steps: wearnb.Some(1775), UTCOffset: wearnb.Some(-4 * time.Hour)},
		{Provider: "fitbit", SourceID: "2020-10-09", Date: wearnb.MustDate("2020-10-09"), Steps: wearnb.Some(100), UTCOffset: wearnb.Some(-4 * time.Hour)},
	}
	if len(ex.Days) != 2 || ex.Days[0] != want[0] || ex.Days[1] != want[1] {
		t.Errorf("days = %+v", ex.Days)
	}
	if len(ex.Hours) != 48 {
		t.Fatalf("got %d hours, want 48", len(ex.Hours))
	}
	if h := ex.Hours[8]; h.Start.Format(time.RFC3339) != "2020-10-07T08:00:00-04:00" || h.Steps != wearnb.Some(1500) || h.DistanceM.OK() {
		t.Errorf("hour 8 = %+v", h)
	}
	if h := ex.Hours[24+10]; h.Start.Format(time.RFC3339) != "2020-10-09T10:00:00-04:00" || h.Steps != wearnb.Some(100) {
		t.Errorf("2020-10-09 10h = %+v", h)
	}
}

func TestImportErrorsAndEmpty(t *testing.T) {
	// A folder without export files is an error, not an empty Export.
	for name, fsys := range map[string]fstest.MapFS{
		"no JSON":      {"notes.txt": {Data: []byte("hi")}},
		"other JSON":   {"Takeout/YouTube/watch-history.json": {Data: []byte(`[{"title": "x"}]`)}, "x/settings.json": {Data: []byte(`{"theme": "dark"}`)}},
		"empty folder": {},
		"jawbone dump": {"moves.json": {Data: []byte(`{"meta": {"code": 200}, "data": {"items": []}}`)}},
	} {
		ex, err := Import(fsys, FixedZones(time.UTC))
		if !errors.Is(err, wearnb.ErrNothingToImport) || ex != nil || !strings.Contains(err.Error(), "sleep-*.json") {
			t.Errorf("%s: %+v, %v", name, ex, err)
		}
	}
	if _, err := ImportDir(filepath.Join(t.TempDir(), "missing"), nil); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("missing folder: %v", err)
	}
	// A file named like an export file, in another shape, names itself
	// and the problem.
	_, err := Import(fstest.MapFS{"Physical Activity/steps-2020-10-07.json": {Data: []byte(`{"activities-heart": [], "x": 1}`)}}, nil)
	if err == nil || !strings.Contains(err.Error(), "steps-2020-10-07.json") || !strings.Contains(err.Error(), `"activities-heart", "x"`) ||
		!strings.Contains(err.Error(), "a JSON array of") {
		t.Errorf("object in a steps file: %v", err)
	}
	_, err = Import(fstest.MapFS{"saved/sleep.json": {Data: []byte(`{"errors":[{"errorType":"expired_token","message":"Access token expired: x"}],"success":false}`)}}, nil)
	if err == nil || !strings.Contains(err.Error(), "saved Fitbit error response") || !strings.Contains(err.Error(), "expired_token") {
		t.Errorf("saved error response: %v", err)
	}
	_, err = Import(fstest.MapFS{"a/b/sleep-2020-01-01.json": {Data: []byte(`[{"logId":1,"startTime":"x"}]`)}}, nil)
	var de *fetch.DecodeError
	if !errors.As(err, &de) || de.Endpoint != "export a/b/sleep-2020-01-01.json" || de.Field != "startTime" {
		t.Errorf("err = %v", err)
	}
	_, err = Import(fstest.MapFS{"sleep-2020-01-01.json": {Data: []byte(`[{"logId":1,"dateOfSleep":"2020-01-01"}]`)}}, nil)
	if !errors.As(err, &de) || de.Endpoint != "export" || de.Field != "sleep[0].startTime" {
		t.Errorf("err = %v", err)
	}
}

// TestImportSavedResponses reads saved API responses, whatever their file
// names, beside export files: a sleep response (even under an export
// file's name, where the export has an array), a 1-minute intraday steps
// response and a daily steps series, whose days count where no minutes
// cover them.
func TestImportSavedResponses(t *testing.T) {
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	fsys := fstest.MapFS{
		"notebook/sleep-2020-10-10.json":      {Data: read("sleep-range.json")},
		"notebook/steps_2020-10-07_1min.json": {Data: read("intraday-steps.json")},
		"notebook/steps_series.json":          {Data: read("series-steps.json")},
		"notebook/profile.json":               {Data: read("profile.json")},
	}
	ex, err := Import(fsys, FixedZones(time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if ex.Files != 3 || ex.Responses != 3 || ex.Skipped != 1 {
		t.Errorf("files %d, responses %d, skipped %d", ex.Files, ex.Responses, ex.Skipped)
	}
	if len(ex.Sleeps) != 2 || ex.Sleeps[0].SourceID != "26311786557" {
		t.Errorf("sleeps %+v", ex.Sleeps)
	}
	days := map[string]int{}
	for _, d := range ex.Days {
		days[d.Date.String()] = d.Steps.Or(-1)
	}
	want := map[string]int{"2020-10-07": 1775, "2018-12-24": 8123, "2018-12-26": 2504, "2018-12-27": 11870}
	for d, n := range want {
		if days[d] != n {
			t.Errorf("day %s: %d steps, want %d (all: %v)", d, days[d], n, days)
		}
	}
	if _, ok := days["2018-12-25"]; ok || len(ex.Hours) != 24 {
		t.Errorf("the zero day is kept, or %d hours (want 24 from the intraday day)", len(ex.Hours))
	}
}
