package fitbit

import (
	"errors"
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
		{Provider: "fitbit", SourceID: "2020-10-07", Date: wearnb.MustDate("2020-10-07"), Steps: wearnb.Some(1775), UTCOffset: -4 * time.Hour},
		{Provider: "fitbit", SourceID: "2020-10-09", Date: wearnb.MustDate("2020-10-09"), Steps: wearnb.Some(100), UTCOffset: -4 * time.Hour},
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
	ex, err := Import(fstest.MapFS{"notes.txt": {Data: []byte("hi")}}, FixedZones(time.UTC))
	if err != nil || ex.Files != 0 || ex.Sleeps == nil || len(ex.Sleeps)+len(ex.Days)+len(ex.Hours) != 0 {
		t.Errorf("empty export: %+v %v", ex, err)
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
