package takeout

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/fetch"
	"wearnb.dev/wearnb/providers/fitbit"
)

// usLayout is the stamp of the per-minute JSON files, "05/31/15 14:00:00".
const usLayout = "01/02/06 15:04:05"

// ShapeError is a file whose content is not what its name promises: an API
// response saved where Takeout puts an array, an object where a list is
// expected, a CSV without the expected columns.
type ShapeError struct {
	File string // path inside the archive
	Want string // what such a file holds
	Got  string // what this one holds
}

// Error names the file, what it holds and what it should hold.
func (e *ShapeError) Error() string {
	return fmt.Sprintf("takeout: %s: %s, but a Takeout file of this name holds %s", e.File, e.Got, e.Want)
}

// describeJSON says what a JSON document is, for a ShapeError: "a JSON
// object with the keys "sleep", "summary" (a Fitbit API response, not a
// Takeout file)".
func describeJSON(body []byte) string {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return "an empty file"
	}
	switch body[0] {
	case '{':
		var m map[string]json.RawMessage
		if json.Unmarshal(body, &m) != nil {
			return "a JSON object that does not parse"
		}
		keys := slices.Sorted(func(yield func(string) bool) {
			for k := range m {
				if !yield(k) {
					return
				}
			}
		})
		shown := keys
		if len(shown) > 5 {
			shown = append(slices.Clone(shown[:5]), "…")
		}
		s := "a JSON object with the keys " + quoteAll(shown)
		for _, k := range keys {
			if k == "sleep" || k == "pagination" || k == "errors" || strings.HasPrefix(k, "activities-") {
				return s + " (a saved Fitbit API response, not a Takeout file; read saved responses with fitbit.Import)"
			}
		}
		return s
	case '[':
		return "a JSON array of other records"
	}
	if !json.Valid(body) {
		return "no JSON"
	}
	return "a single JSON value"
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		if s == "…" {
			q[i] = s
		} else {
			q[i] = fmt.Sprintf("%q", s)
		}
	}
	return strings.Join(q, ", ")
}

// expectArray checks that body is a JSON array and returns a ShapeError
// naming file otherwise.
func expectArray(file, want string, body []byte) error {
	b := bytes.TrimSpace(body)
	if len(b) > 0 && b[0] == '[' {
		return nil
	}
	return &ShapeError{File: file, Want: want, Got: describeJSON(body)}
}

// decode is fetch.DecodeJSON with the file as the endpoint.
func decode(file string, body []byte, v any) error {
	return fetch.DecodeJSON(fitbit.Name, "takeout "+file, "", body, v)
}

// exportSleep is one log of a sleep-YYYY-MM-DD.json file: the API's v1.2
// sleep log but for "mainSleep" in place of "isMainSleep" (danlsn/fitport
// data/user-site-export/sleep/sleep-2018-04-01.json; FITOUT quotes 2024
// records with "logType").
type exportSleep struct {
	fitbit.SleepLog
	MainSleep *bool `json:"mainSleep"`
}

// ParseSleep reads a sleep-YYYY-MM-DD.json file: a JSON array of sleep logs
// (about 30 days, newest first). file names it in errors.
func ParseSleep(file string, body []byte) ([]fitbit.SleepLog, error) {
	if err := expectArray(file, "a JSON array of sleep logs", body); err != nil {
		return nil, err
	}
	var raw []exportSleep
	if err := decode(file, body, &raw); err != nil {
		return nil, err
	}
	out := make([]fitbit.SleepLog, 0, len(raw))
	for i, r := range raw {
		l := r.SleepLog
		if r.MainSleep != nil {
			l.IsMainSleep = *r.MainSleep
		}
		if l.StartTime.IsZero() || l.EndTime.IsZero() {
			return nil, &fetch.DecodeError{Provider: fitbit.Name, Endpoint: "takeout " + file,
				Field: fmt.Sprintf("[%d].startTime", i), Err: fmt.Errorf("a sleep log without startTime or endTime")}
		}
		out = append(out, l)
	}
	return out, nil
}

// Sample is one reading of a per-minute file: the instant and the value.
type Sample struct {
	At    time.Time // UTC (or the person's zone with USStampsLocal)
	Value float64
}

// nanValue marks an unknown value (null, blank, "NaN").
var nanValue = math.NaN()

func isNaN(f float64) bool { return math.IsNaN(f) }

// numberish is a value sent as a string ("14") or a number.
type numberish float64

func (n *numberish) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		*n = numberish(nanValue)
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		s = strings.TrimSpace(s)
		if s == "" {
			*n = numberish(nanValue)
			return nil
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return fmt.Errorf("value %q is not a number", s)
		}
		*n = numberish(f)
		return nil
	}
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	*n = numberish(f)
	return nil
}

// parseUS reads a US stamp in loc.
func parseUS(s string, loc *time.Location) (time.Time, error) {
	t, err := time.ParseInLocation(usLayout, strings.TrimSpace(s), loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("stamp %q is not MM/DD/YY HH:MM:SS", s)
	}
	return t, nil
}

// ParseMinutes reads a steps-, distance- or calories-YYYY-MM-DD.json file:
// a JSON array of {"dateTime": "03/31/18 23:25:00", "value": "14"}, one per
// minute, values as strings (danlsn/fitport steps/steps-2018-04-01.json).
// Stamps are read in loc (UTC: see the package documentation). Explicit
// "0" minutes are kept: zero, not unknown.
func ParseMinutes(file string, body []byte, loc *time.Location) ([]Sample, error) {
	return stampedValues(file, body, `a JSON array of {"dateTime": "MM/DD/YY HH:MM:SS", "value": "…"}`, loc)
}

// stampedValues reads a JSON array of {"dateTime": "MM/DD/YY HH:MM:SS",
// "value": "…"} (want describes it in a shape error), stamps read in loc;
// blank values are unknown and left out.
func stampedValues(file string, body []byte, want string, loc *time.Location) ([]Sample, error) {
	if err := expectArray(file, want, body); err != nil {
		return nil, err
	}
	var raw []struct {
		DateTime *string   `json:"dateTime"`
		Value    numberish `json:"value"`
	}
	if err := decode(file, body, &raw); err != nil {
		return nil, err
	}
	out := make([]Sample, 0, len(raw))
	for i, r := range raw {
		if r.DateTime == nil {
			return nil, fieldError(file, i, "dateTime", "missing")
		}
		t, err := parseUS(*r.DateTime, loc)
		if err != nil {
			return nil, fieldError(file, i, "dateTime", err.Error())
		}
		if isNaN(float64(r.Value)) {
			continue // blank: unknown
		}
		out = append(out, Sample{At: t, Value: float64(r.Value)})
	}
	return out, nil
}

// MaxBPM is the highest heart rate taken as a reading (the Fitbit
// client's bound): a higher one in a heart-rate file is an error naming it.
const MaxBPM = 300

// HeartSample is one reading of a heart_rate-YYYY-MM-DD.json file.
type HeartSample struct {
	At         time.Time // UTC (see the package documentation)
	BPM        float64
	Confidence int // 0-3
}

// ParseHeartRate reads a heart_rate-YYYY-MM-DD.json file (one local day):
// [{"dateTime": "05/31/15 14:00:00", "value": {"bpm": 51, "confidence": 3}}],
// a sample every 5 to 15 s (danlsn/fitport heart_rate/heart_rate-2015-06-01.json).
func ParseHeartRate(file string, body []byte, loc *time.Location) ([]HeartSample, error) {
	if err := expectArray(file, `a JSON array of {"dateTime": …, "value": {"bpm": …, "confidence": …}}`, body); err != nil {
		return nil, err
	}
	var raw []struct {
		DateTime *string `json:"dateTime"`
		Value    *struct {
			BPM        numberish `json:"bpm"`
			Confidence int       `json:"confidence"`
		} `json:"value"`
	}
	if err := decode(file, body, &raw); err != nil {
		return nil, err
	}
	out := make([]HeartSample, 0, len(raw))
	for i, r := range raw {
		if r.DateTime == nil || r.Value == nil {
			return nil, fieldError(file, i, "value", "missing dateTime or value")
		}
		t, err := parseUS(*r.DateTime, loc)
		if err != nil {
			return nil, fieldError(file, i, "dateTime", err.Error())
		}
		bpm := float64(r.Value.BPM)
		if isNaN(bpm) || bpm < 1 {
			continue // no reading
		}
		if bpm > MaxBPM {
			return nil, fieldError(file, i, "value.bpm", fmt.Sprintf("heart rate %v bpm out of range", bpm))
		}
		out = append(out, HeartSample{At: t, BPM: bpm, Confidence: r.Value.Confidence})
	}
	return out, nil
}

// DayValue is one day's value of a daily file.
type DayValue struct {
	Date  wearnb.Date
	Value float64
	// Error is the resting heart rate's error estimate (0 elsewhere).
	Error float64
}

// ParseRestingHR reads a resting_heart_rate-YYYY-MM-DD.json file (about a
// year from an arbitrary day): [{"dateTime": "03/01/24 00:00:00", "value":
// {"date": "03/01/24", "value": 54.01, "error": 6.78}}] (kev-m/FitOut
// tests/data/resting_heart_rate-2024-03-01.json). A day without a value
// says "date": null and "value": 0.0 (danlsn/fitport
// resting_heart_rate-2017-05-16.json): unknown, never 0 bpm, so it is left
// out.
func ParseRestingHR(file string, body []byte) ([]DayValue, error) {
	if err := expectArray(file, `a JSON array of {"dateTime": …, "value": {"date": …, "value": …, "error": …}}`, body); err != nil {
		return nil, err
	}
	var raw []struct {
		Value *struct {
			Date  *string   `json:"date"`
			Value numberish `json:"value"`
			Error numberish `json:"error"`
		} `json:"value"`
	}
	if err := decode(file, body, &raw); err != nil {
		return nil, err
	}
	var out []DayValue
	for i, r := range raw {
		if r.Value == nil {
			return nil, fieldError(file, i, "value", "missing")
		}
		if r.Value.Date == nil || isNaN(float64(r.Value.Value)) || r.Value.Value <= 0 {
			continue
		}
		t, err := time.Parse("01/02/06", strings.TrimSpace(*r.Value.Date))
		if err != nil {
			return nil, fieldError(file, i, "value.date", fmt.Sprintf("%q is not MM/DD/YY", *r.Value.Date))
		}
		e := float64(r.Value.Error)
		if isNaN(e) {
			e = 0
		}
		out = append(out, DayValue{Date: wearnb.DateOf(t), Value: float64(r.Value.Value), Error: e})
	}
	return out, nil
}

// ParseDaily reads a daily series such as lightly_active_minutes-
// YYYY-MM-DD.json: [{"dateTime": "04/01/18 00:00:00", "value": "123"}], one
// record per day labelled by its (local) date. The shape is that of the
// per-minute files with a midnight stamp (danlsn/fitport README lists these
// files; their rows are not quoted there: unverified).
func ParseDaily(file string, body []byte) ([]DayValue, error) {
	days, err := stampedValues(file, body, `a JSON array of {"dateTime": "MM/DD/YY 00:00:00", "value": "…"}`, time.UTC)
	if err != nil {
		return nil, err
	}
	out := make([]DayValue, 0, len(days))
	for _, x := range days {
		out = append(out, DayValue{Date: wearnb.DateOf(x.At), Value: x.Value})
	}
	return out, nil
}

func fieldError(file string, i int, field, msg string) error {
	return &fetch.DecodeError{Provider: fitbit.Name, Endpoint: "takeout " + file,
		Field: fmt.Sprintf("[%d].%s", i, field), Err: fmt.Errorf("%s", msg)}
}
