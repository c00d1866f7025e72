package jawbone_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/fetch"
	"wearnb.dev/wearnb/providers/jawbone"
)

// itemsOf returns the raw items array of an envelope file.
func itemsOf(t *testing.T, name string) []json.RawMessage {
	t.Helper()
	var env struct {
		Data struct {
			Items []json.RawMessage `json:"items"`
		} `json:"data"`
	}
	if err := json.Unmarshal(readTestdata(t, name), &env); err != nil {
		t.Fatal(err)
	}
	return env.Data.Items
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// dumpFS is a folder of saved responses in every shape Import accepts.
func dumpFS(t *testing.T) fstest.MapFS {
	docSleep := itemsOf(t, "sleeps_documented.json")[0]
	older := strings.Replace(string(itemsOf(t, "moves_documented.json")[0]), `"time_updated":1439867504`, `"time_updated":1439000000`, 1)
	older = strings.Replace(older, `"steps":593`, `"steps":1`, 1)
	return fstest.MapFS{
		// A data object without meta: the seed notebook's moves.
		"2016/moves.json": {Data: readTestdata(t, "moves_seed000.json")},
		// A full envelope: the seed notebook's sleeps.
		"2016/sleeps.json": {Data: readTestdata(t, "sleeps_seed000.json")},
		// A bare items array.
		"2015/sleeps-page.JSON": {Data: mustJSON(t, []json.RawMessage{docSleep})},
		// A single-item response, /moves/{xid}, and an older copy of it.
		"2015/move.json":     {Data: []byte(`{"meta":{"code":200},"data":` + string(itemsOf(t, "moves_documented.json")[0]) + `}`)},
		"2015/old/move.json": {Data: []byte(older)},
		// Ticks named after their sleep, and ticks of no known sleep.
		"2015/sleeps/QkfTizSpRdvIs6MMJbKP6ulqeYwu5c2v/ticks.json": {Data: readTestdata(t, "ticks_documented.json")},
		"2015/lost_ticks.json": {Data: readTestdata(t, "ticks_documented.json")},
		// Things that are not moves, sleeps or ticks.
		"2015/workouts.json": {Data: []byte(`{"data":{"items":[{"xid":"w1","type":"workout","details":{"km":3.2}}]}}`)},
		"README.txt":         {Data: []byte("not json")},
	}
}

func TestImport(t *testing.T) {
	d, err := jawbone.Import(dumpFS(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Files) != 8 || d.Skipped != 1 {
		t.Errorf("files %v, skipped %d", d.Files, d.Skipped)
	}
	if len(d.Moves) != 11 || len(d.Sleeps) != 11 {
		t.Fatalf("%d moves, %d sleeps; want 11 and 11", len(d.Moves), len(d.Sleeps))
	}
	// Moves by date; the newer copy of the documented move wins.
	if d.Moves[0].Date.String() != "2015-08-05" || d.Moves[0].Details.Steps != oi(593) || d.Moves[10].Date.String() != "2016-01-28" {
		t.Errorf("moves: first %v (%v steps), last %v", d.Moves[0].Date, d.Moves[0].Details.Steps, d.Moves[10].Date)
	}
	if d.Sleeps[0].XID != "QkfTizSpRdvIs6MMJbKP6ulqeYwu5c2v" || d.Sleeps[10].XID != "1zcGUfR4KpPVnjNu7AXRxjCd4mG0SqYz" {
		t.Errorf("sleeps not in time order: %s .. %s", d.Sleeps[0].XID, d.Sleeps[10].XID)
	}
	if len(d.Ticks) != 1 || len(d.Ticks["QkfTizSpRdvIs6MMJbKP6ulqeYwu5c2v"]) != 10 {
		t.Errorf("ticks = %v", d.Ticks)
	}
	if len(d.Orphans) != 1 || d.Orphans[0] != "2015/lost_ticks.json" {
		t.Errorf("orphans = %v", d.Orphans)
	}

	b, err := d.Batch()
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Sleeps) != 11 || len(b.Days) != 11 || len(b.Raw) != 8 || !strings.HasPrefix(b.Raw[0].URL, "file:") {
		t.Fatalf("batch: %d sleeps, %d days, %d raw", len(b.Sleeps), len(b.Days), len(b.Raw))
	}
	doc := b.Sleeps[0]
	if doc.SourceID != "QkfTizSpRdvIs6MMJbKP6ulqeYwu5c2v" || len(doc.Stages) != 9 || !doc.IsMain {
		t.Errorf("documented sleep = %+v", doc)
	}
	checkTiling(t, doc.Stages, doc.Start, doc.End)
	mains := map[wearnb.Date]int{}
	for _, s := range b.Sleeps {
		if s.IsMain {
			mains[s.Date]++
		}
	}
	if len(mains) != 9 {
		t.Errorf("main sleeps on %d dates, want 9 (11 sleeps, two on 2016-01-21, and 2016-01-25's is the flagged \"for 0m\")", len(mains))
	}
	// The documented move's hour, plus the seed's hourly fragments.
	if len(b.Hours) != 1+5+9 {
		t.Errorf("%d hours", len(b.Hours))
	}
}

func TestImportDir(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "moves.json"), readTestdata(t, "moves_trips.json"), 0o600); err != nil {
		t.Fatal(err)
	}
	d, err := jawbone.ImportDir(dir)
	if err != nil || len(d.Moves) != 3 || len(d.Sleeps) != 0 {
		t.Fatalf("ImportDir = %+v, %v", d, err)
	}
	b, err := d.Batch()
	if err != nil || len(b.Days) != 3 || len(b.Hours) != 9 || len(b.Sleeps) != 0 {
		t.Errorf("batch = %d days %d hours %d sleeps, %v", len(b.Days), len(b.Hours), len(b.Sleeps), err)
	}

	if _, err := jawbone.ImportDir(filepath.Join(dir, "missing")); err == nil || !strings.HasPrefix(err.Error(), "jawbone: import: ") {
		t.Errorf("missing dir: %v", err)
	}
	// An empty folder, or one of another provider's files, is an error.
	empty, err := jawbone.ImportDir(t.TempDir())
	if !errors.Is(err, wearnb.ErrNothingToImport) || empty != nil || !strings.Contains(err.Error(), "0 JSON files") {
		t.Errorf("empty dir: %+v, %v", empty, err)
	}
	other, err := jawbone.Import(fstest.MapFS{"sleep-2020-10-10.json": {Data: []byte(`{"sleep": [{"logId": 1, "dateOfSleep": "2020-10-10"}]}`)}})
	if !errors.Is(err, wearnb.ErrNothingToImport) || other != nil || !strings.Contains(err.Error(), "1 JSON files") {
		t.Errorf("a Fitbit file: %+v, %v", other, err)
	}
	_, err = jawbone.Import(fstest.MapFS{"moves.json": {Data: []byte(`{"meta": {"code": 401, "error_type": "authentication_error", "error_detail": "x"}}`)}})
	if err == nil || !strings.Contains(err.Error(), "moves.json") || !strings.Contains(err.Error(), `HTTP 401 "authentication_error"`) {
		t.Errorf("a saved error response: %v", err)
	}
}

func TestImportErrors(t *testing.T) {
	tests := []struct {
		name, body, file, field string
	}{
		{"not json", `{"data": [`, "bad.json", ""},
		{"bad move field", `{"data":{"items":[{"type":"move","date":"yesterday"}]}}`, "m.json", "date"},
		{"bad sleep zone", `[{"sub_type":0,"details":{"tz":"Nowhere/Land"}}]`, "s.json", "details.tz"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := jawbone.Import(fstest.MapFS{"dump/" + tc.file: {Data: []byte(tc.body)}})
			var de *fetch.DecodeError
			if !errors.As(err, &de) || de.Field != tc.field || !strings.Contains(err.Error(), "import dump/"+tc.file) {
				t.Errorf("err = %v", err)
			}
		})
	}
}
