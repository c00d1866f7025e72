package fitbit

import (
	"encoding/json"
	"io/fs"
	"os"
	"path"
	"regexp"
	"slices"
	"strconv"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/fetch"
	"wearnb.dev/wearnb/internal/wirejson"
)

// Export is what [Import] read from a Fitbit data export ("Download your
// data" or Google Takeout).
type Export struct {
	Sleeps []wearnb.Sleep     // from sleep-YYYY-MM-DD.json, in start order, one per logId
	Days   []wearnb.DayMoves  // daily step totals from steps-YYYY-MM-DD.json
	Hours  []wearnb.HourMoves // hourly step totals from the same files
	Files  int                // files read
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
	return Import(os.DirFS(dir), zones)
}

// Import reads every sleep-*.json and steps-*.json file under fsys (any
// depth, e.g. "MyFitbitData/Jane/Sleep/sleep-2020-10-10.json") and
// normalizes them like the API's answers, reading local times in zones
// (time.Local if nil). The per-minute files' timestamps are taken as local
// clock time, like the API's; exports that wrote UTC would need
// FixedZones(time.UTC). Sleep logs that appear in several files are kept
// once; minutes that appear in several files are counted once. Days whose
// steps are all zero are left out. Malformed files give a
// *fetch.DecodeError whose Endpoint names the file.
func Import(fsys fs.FS, zones Zones) (*Export, error) {
	if zones == nil {
		zones = FixedZones(time.Local)
	}
	ex := &Export{Sleeps: []wearnb.Sleep{}, Days: []wearnb.DayMoves{}, Hours: []wearnb.HourMoves{}}
	var logs []SleepLog
	seenLog := map[int64]bool{}
	minutes := map[int64]minute{} // by instant (unix seconds)
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		base := path.Base(p)
		isSleep, isSteps := sleepFile.MatchString(base), stepsFile.MatchString(base)
		if d.IsDir() || (!isSleep && !isSteps) {
			return nil
		}
		body, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		ex.Files++
		if isSleep {
			l, err := DecodeExportSleep(p, body)
			if err != nil {
				return err
			}
			for _, x := range l {
				if !seenLog[x.LogID] {
					seenLog[x.LogID] = true
					logs = append(logs, x)
				}
			}
			return nil
		}
		pts, err := DecodeExportSteps(p, body)
		if err != nil {
			return err
		}
		addMinutes(minutes, pts, zones)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if ex.Sleeps, err = normalizeSleeps(logs, zones, EndpointExport, "sleep"); err != nil {
		return nil, err
	}
	ex.Days, ex.Hours = exportMoves(minutes, zones)
	return ex, nil
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
			Steps: wearnb.Some(steps), UTCOffset: time.Duration(off) * time.Second})
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
