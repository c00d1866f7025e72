package fitbit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/fetch"
	"wearnb.dev/wearnb/internal/wirejson"
)

// Export is what [Import] read from a Fitbit data export ("Download your
// data"), or from Fitbit API responses people saved (the original
// notebooks left people with those).
type Export struct {
	Sleeps []wearnb.Sleep     // from sleep-YYYY-MM-DD.json and saved sleep responses, in start order, one per logId
	Days   []wearnb.DayMoves  // daily step totals from the per-minute files (or saved daily series)
	Hours  []wearnb.HourMoves // hourly step totals from the per-minute files (or saved intraday responses)
	Files  int                // files read
	// Responses counts the files read that were saved API responses.
	Responses int
	// Skipped counts the *.json files that are neither export files nor
	// Fitbit API responses.
	Skipped int
}

// ExportTime is a timestamp of the export's per-minute files,
// "10/07/20 00:00:00" (MM/DD/YY, local clock time), held like [LocalTime].
type ExportTime struct{ Wall time.Time }

// UnmarshalJSON decodes "01/02/06 15:04:05".
func (t *ExportTime) UnmarshalJSON(b []byte) error {
	s, _, ok := wirejson.String(b)
	if !ok {
		return wirejson.TypeError(b, t)
	}
	v, err := time.Parse("01/02/06 15:04:05", s)
	if err != nil {
		return wirejson.TypeError(b, t)
	}
	t.Wall = v
	return nil
}

// MarshalJSON encodes "01/02/06 15:04:05".
func (t ExportTime) MarshalJSON() ([]byte, error) {
	return []byte(`"` + t.Wall.Format("01/02/06 15:04:05") + `"`), nil
}

// ExportPoint is one minute of a steps-YYYY-MM-DD.json file:
// {"dateTime":"10/07/20 00:00:00","value":"0"}.
type ExportPoint struct {
	DateTime ExportTime `json:"dateTime"`
	Value    Number     `json:"value"`
}

// DecodeExportSleep decodes a sleep-YYYY-MM-DD.json file: a JSON array of
// v1.2 sleep logs. name is used in errors.
func DecodeExportSleep(name string, body []byte) ([]SleepLog, error) {
	var logs []SleepLog
	if err := fetch.DecodeJSON(Name, EndpointExport+" "+name, "", body, &logs); err != nil {
		return nil, err
	}
	return logs, nil
}

// DecodeExportSteps decodes a steps-YYYY-MM-DD.json file: a JSON array of
// per-minute [ExportPoint]s. name is used in errors.
func DecodeExportSteps(name string, body []byte) ([]ExportPoint, error) {
	var pts []ExportPoint
	if err := fetch.DecodeJSON(Name, EndpointExport+" "+name, "", body, &pts); err != nil {
		return nil, err
	}
	for i, p := range pts {
		if p.DateTime.Wall.IsZero() {
			return nil, fieldErrorf(EndpointExport+" "+name, "["+strconv.Itoa(i)+"].dateTime", "missing dateTime")
		}
	}
	return pts, nil
}

var (
	sleepFile = regexp.MustCompile(`^sleep-\d{4}-\d{2}-\d{2}\.json$`)
	stepsFile = regexp.MustCompile(`^steps-\d{4}-\d{2}-\d{2}\.json$`)
)

// ImportDir is [Import] of os.DirFS(dir).
func ImportDir(dir string, zones Zones) (*Export, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("fitbit: import: %w", err)
	}
	return Import(os.DirFS(dir), zones)
}

// Import reads a Fitbit data export, or saved API responses, under fsys
// (any depth, e.g. "MyFitbitData/Jane/Sleep/sleep-2020-10-10.json") and
// normalizes them like the API's answers, reading local times in zones
// (time.Local if nil):
//
//   - sleep-YYYY-MM-DD.json and steps-YYYY-MM-DD.json export files: JSON
//     arrays of v1.2 sleep logs and of per-minute {"dateTime", "value"};
//   - any *.json file holding a saved API response: a sleep log by date or
//     list ({"sleep": [...]}), 1-minute intraday steps
//     ({"activities-steps-intraday": ...}) or a daily steps series
//     ({"activities-steps": [...]}).
//
// The per-minute files' timestamps are taken as local clock time, like the
// API's; exports that wrote UTC need FixedZones(time.UTC) (a Google
// Takeout archive is read by package takeout, which knows its UTC stamps).
// Sleep logs that appear in several files are kept once; minutes that
// appear in several files are counted once. Days whose steps are all zero
// are left out.
//
// Errors name the file: a malformed one gives a *fetch.DecodeError whose
// Endpoint names it; a file named like an export file with another shape
// (an object where the export has an array, a saved error response) says
// what it holds. Other *.json files are skipped (Export.Skipped). A tree
// with no file Import recognises is an error matching
// wearnb.ErrNothingToImport, not an empty Export.
func Import(fsys fs.FS, zones Zones) (*Export, error) {
	if zones == nil {
		zones = FixedZones(time.Local)
	}
	ex := &Export{Sleeps: []wearnb.Sleep{}, Days: []wearnb.DayMoves{}, Hours: []wearnb.HourMoves{}}
	var logs []SleepLog
	seenLog := map[int64]bool{}
	minutes := map[int64]minute{} // by instant (unix seconds)
	seriesDays := map[wearnb.Date]int{}
	addLogs := func(l []SleepLog) {
		for _, x := range l {
			if !seenLog[x.LogID] {
				seenLog[x.LogID] = true
				logs = append(logs, x)
			}
		}
	}
	jsonFiles := 0
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		base := path.Base(p)
		if d.IsDir() || !strings.EqualFold(path.Ext(base), ".json") {
			return nil
		}
		jsonFiles++
		isSleep, isSteps := sleepFile.MatchString(base), stepsFile.MatchString(base)
		body, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		kind, keys := shapeOf(body)
		switch {
		case kind == shapeArray && isSleep:
			l, err := DecodeExportSleep(p, body)
			if err != nil {
				return err
			}
			addLogs(l)
		case kind == shapeArray && isSteps:
			pts, err := DecodeExportSteps(p, body)
			if err != nil {
				return err
			}
			addMinutes(minutes, pts, zones)
		case kind == shapeSleep:
			r, err := DecodeSleep(body)
			if err != nil {
				return fmt.Errorf("fitbit: import %s: %w", p, err)
			}
			addLogs(r.Sleep)
			ex.Responses++
		case kind == shapeIntraday:
			in, err := DecodeIntraday("steps", body)
			if err != nil {
				return fmt.Errorf("fitbit: import %s: %w", p, err)
			}
			if len(in.Summary) != 1 || in.Summary[0].DateTime.IsZero() {
				return fmt.Errorf("fitbit: import %s: an intraday steps response without its date (activities-steps)", p)
			}
			addIntraday(minutes, in, zones)
			ex.Responses++
		case kind == shapeSeries:
			pts, err := DecodeSeries("steps", body)
			if err != nil {
				return fmt.Errorf("fitbit: import %s: %w", p, err)
			}
			for _, pt := range pts {
				if !pt.DateTime.IsZero() {
					seriesDays[pt.DateTime.Date] = pt.Value.Int()
				}
			}
			ex.Responses++
		case kind == shapeError:
			return fmt.Errorf("fitbit: import %s: a saved Fitbit error response (%s), not data", p, strings.Join(keys, ", "))
		case isSleep || isSteps:
			want := "a JSON array of sleep logs, or a saved sleep response ({\"sleep\": [...]})"
			if isSteps {
				want = "a JSON array of {\"dateTime\": \"MM/DD/YY HH:MM:SS\", \"value\": …}, or a saved steps response"
			}
			return fmt.Errorf("fitbit: import %s: %s, but a file of this name holds %s", p, describeShape(kind, keys), want)
		default:
			ex.Skipped++
			return nil
		}
		ex.Files++
		return nil
	})
	if err != nil {
		return nil, err
	}
	if ex.Files == 0 {
		return nil, fmt.Errorf("fitbit: import: %w: %d JSON files, none a Fitbit export file (sleep-*.json, steps-*.json) "+
			"or a saved Fitbit API response (sleep, steps series or intraday steps); for a Google Takeout archive use package takeout",
			wearnb.ErrNothingToImport, jsonFiles)
	}
	if ex.Sleeps, err = normalizeSleeps(logs, zones, EndpointExport, "sleep"); err != nil {
		return nil, err
	}
	ex.Days, ex.Hours = exportMoves(minutes, zones)
	ex.Days = addSeriesDays(ex.Days, seriesDays, zones)
	return ex, nil
}

// Shapes of a JSON file, as Import tells them apart.
const (
	shapeArray    = "array"
	shapeSleep    = "sleep"    // {"sleep": [...]}: a sleep response
	shapeIntraday = "intraday" // {"activities-steps-intraday": ...}
	shapeSeries   = "series"   // {"activities-steps": [...]}
	shapeError    = "error"    // {"errors": [...], "success": false}
	shapeObject   = "object"   // another object
	shapeOther    = "other"    // not a JSON array or object
)

// shapeOf tells what a JSON document is; keys are an object's top-level
// keys (sorted, the first eight), or for an error response its errorTypes.
func shapeOf(body []byte) (string, []string) {
	b := bytes.TrimSpace(body)
	if len(b) == 0 {
		return shapeOther, nil
	}
	switch b[0] {
	case '[':
		return shapeArray, nil
	case '{':
	default:
		return shapeOther, nil
	}
	var top map[string]json.RawMessage
	if json.Unmarshal(b, &top) != nil {
		return shapeOther, nil
	}
	keys := slices.Sorted(maps.Keys(top))
	if len(keys) > 8 {
		keys = keys[:8]
	}
	switch {
	case top["errors"] != nil:
		var e struct {
			Errors []struct {
				Type string `json:"errorType"`
			} `json:"errors"`
		}
		_ = json.Unmarshal(b, &e)
		var types []string
		for _, x := range e.Errors {
			types = append(types, "errorType "+strconv.Quote(x.Type))
		}
		return shapeError, types
	case top["sleep"] != nil:
		return shapeSleep, keys
	case top["activities-steps-intraday"] != nil:
		return shapeIntraday, keys
	case top["activities-steps"] != nil:
		return shapeSeries, keys
	}
	return shapeObject, keys
}

// describeShape says what a file holds, for an error.
func describeShape(kind string, keys []string) string {
	switch kind {
	case shapeObject:
		q := make([]string, len(keys))
		for i, k := range keys {
			q[i] = strconv.Quote(k)
		}
		return "it holds a JSON object with the keys " + strings.Join(q, ", ")
	case shapeOther:
		return "it holds no JSON array or object"
	}
	return "it holds a " + kind + " response"
}

// addIntraday adds a saved 1-minute intraday steps response's samples,
// read in the zone of its date.
func addIntraday(into map[int64]minute, in *Intraday, zones Zones) {
	date := in.Summary[0].DateTime.Date
	midnight := time.Date(date.Year, date.Month, date.Day, 0, 0, 0, 0, time.UTC)
	res := resolver{loc: zones.at(date)}
	for _, p := range in.Dataset {
		t := res.at(midnight.Add(time.Duration(p.Time)))
		into[t.Unix()] = minute{t, p.Value.Int()}
	}
}

// addSeriesDays adds the days of saved daily series that no per-minute
// file covered.
func addSeriesDays(days []wearnb.DayMoves, series map[wearnb.Date]int, zones Zones) []wearnb.DayMoves {
	if len(series) == 0 {
		return days
	}
	have := map[wearnb.Date]bool{}
	for _, d := range days {
		have[d.Date] = true
	}
	pts := map[string][]SeriesPoint{}
	for date, steps := range series {
		if !have[date] {
			pts["steps"] = append(pts["steps"], SeriesPoint{DateTime: Day{date}, Value: Number(steps)})
		}
	}
	days = append(days, NormalizeDays(pts, zones)...)
	slices.SortFunc(days, func(a, b wearnb.DayMoves) int { return a.Date.Sub(b.Date) })
	return days
}

type minute struct {
	at    time.Time // resolved instant in the user's zone
	steps int
}

// addMinutes resolves a file's points in order (so a repeated clock hour
// when clocks fall back maps to two different instants).
func addMinutes(into map[int64]minute, pts []ExportPoint, zones Zones) {
	var res resolver
	for _, p := range pts {
		loc := zones.at(wearnb.DateOf(p.DateTime.Wall))
		if res.loc != loc {
			res = resolver{loc: loc, prev: res.prev}
		}
		t := res.at(p.DateTime.Wall)
		into[t.Unix()] = minute{t, p.Value.Int()}
	}
}

// exportMoves sums the minutes into days and hours. The export has steps
// only: distance, calories and active time are missing, not 0. A day whose
// minutes sum to zero steps is a day without data (the export writes zeros
// for them) and is left out with its hours.
func exportMoves(mins map[int64]minute, zones Zones) ([]wearnb.DayMoves, []wearnb.HourMoves) {
	daySteps := map[wearnb.Date]int{}
	hourSteps := map[int64]int{}
	hourStart := map[int64]time.Time{}
	for _, m := range mins {
		t := m.at
		daySteps[wearnb.DateOf(t)] += m.steps
		hour := t.Add(-time.Duration(t.Minute())*time.Minute - time.Duration(t.Second())*time.Second - time.Duration(t.Nanosecond()))
		hourSteps[hour.Unix()] += m.steps
		hourStart[hour.Unix()] = hour
	}
	outD := []wearnb.DayMoves{}
	for date, steps := range daySteps {
		if steps == 0 {
			continue
		}
		noon := time.Date(date.Year, date.Month, date.Day, 12, 0, 0, 0, zones.at(date))
		_, off := noon.Zone()
		outD = append(outD, wearnb.DayMoves{Provider: Name, SourceID: date.String(), Date: date,
			Steps: wearnb.Some(steps), UTCOffset: wearnb.Some(time.Duration(off) * time.Second)})
	}
	slices.SortFunc(outD, func(a, b wearnb.DayMoves) int { return a.Date.Sub(b.Date) })
	outH := []wearnb.HourMoves{}
	for k, steps := range hourSteps {
		h := hourStart[k]
		if daySteps[wearnb.DateOf(h)] > 0 {
			outH = append(outH, wearnb.HourMoves{Provider: Name, Start: fixed(h), Steps: wearnb.Some(steps)})
		}
	}
	slices.SortFunc(outH, func(a, b wearnb.HourMoves) int { return a.Start.Compare(b.Start) })
	return outD, outH
}

// compile-time check that the export point encodes back to its own shape.
var _ json.Marshaler = ExportTime{}
