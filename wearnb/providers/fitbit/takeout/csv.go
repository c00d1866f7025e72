package takeout

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"wearnb.dev/wearnb"
)

// table is a parsed CSV file: its header (lower-cased, trimmed) and rows of
// the same width. Rows of another width are dropped and counted (FloorLamp/
// allos does the same with real archives).
type table struct {
	file    string
	cols    map[string]int
	rows    [][]string
	skipped int
}

// readCSV parses a Takeout CSV file. A file that is empty, holds only its
// header, or holds only the literal text "no data" (real archives carry
// hundreds of those, per allos) has no rows and is no error.
func readCSV(file string, body []byte) (*table, error) {
	t := &table{file: file, cols: map[string]int{}}
	body = bytes.TrimPrefix(body, []byte("\ufeff"))
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || strings.EqualFold(string(trimmed), "no data") {
		return t, nil
	}
	r := csv.NewReader(bytes.NewReader(body))
	r.FieldsPerRecord = -1
	r.ReuseRecord = false
	head, err := r.Read()
	if err != nil {
		return nil, &ShapeError{File: file, Want: "CSV with a header row", Got: "text that is not CSV (" + err.Error() + ")"}
	}
	for i, h := range head {
		t.cols[strings.ToLower(strings.TrimSpace(h))] = i
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			t.skipped++
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("takeout: %s: %w", file, err)
		}
		if len(rec) != len(head) {
			t.skipped++
			continue
		}
		t.rows = append(t.rows, rec)
	}
	return t, nil
}

// need checks that the table has the columns a file of its name must have.
func (t *table) need(want string, cols ...string) error {
	if len(t.cols) == 0 {
		return nil // no rows at all
	}
	var missing []string
	for _, c := range cols {
		if _, ok := t.cols[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	have := make([]string, 0, len(t.cols))
	for c := range t.cols {
		have = append(have, c)
	}
	slices.Sort(have)
	if len(have) > maxListed { // a binary file read as CSV has thousands
		have = append(have[:maxListed:maxListed], "…")
	}
	return &ShapeError{File: t.file, Want: want, Got: "CSV without the column(s) " + quoteAll(missing) +
		" (it has " + quoteAll(have) + ")"}
}

// maxListed is how many of a CSV file's columns an error lists.
const maxListed = 12

// cell returns the row's value of column c ("" when the table lacks it).
func (t *table) cell(row []string, c string) string {
	i, ok := t.cols[c]
	if !ok || i >= len(row) {
		return ""
	}
	return strings.TrimSpace(row[i])
}

// num reads a numeric cell; blank, "NaN" and infinities are unknown.
func (t *table) num(row []string, c string) (float64, bool) {
	s := t.cell(row, c)
	if s == "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// stamp reads a CSV timestamp: RFC 3339 with Z or an offset (UTC instant),
// naive "2024-07-21T00:00:00" (local wall time, read in loc), or a bare
// date "2026-06-16" (midnight in loc).
func stamp(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), nil
	}
	for _, layout := range []string{"2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("timestamp %q is neither RFC 3339 nor a date", s)
}

// day reads a CSV timestamp as a day label: its calendar date as written
// (for daily files stamped midnight UTC, or noon UTC as
// daily_respiratory_rate.csv does).
func day(s string) (wearnb.Date, error) {
	s = strings.TrimSpace(s)
	if len(s) >= 10 {
		if d, err := wearnb.ParseDate(s[:10]); err == nil {
			return d, nil
		}
	}
	return wearnb.Date{}, fmt.Errorf("timestamp %q has no date", s)
}

// rowError names a bad row (1-based, counting the header as row 1).
func rowError(file string, i int, err error) error {
	return fmt.Errorf("takeout: %s: row %d: %w", file, i+2, err)
}

// openCSV parses a Takeout CSV file that must have the columns cols
// (want describes the file in the error when it lacks one).
func openCSV(file string, body []byte, want string, cols ...string) (*table, error) {
	t, err := readCSV(file, body)
	if err != nil {
		return nil, err
	}
	if err := t.need(want, cols...); err != nil {
		return nil, err
	}
	return t, nil
}

// numOrNaN reads an optional numeric cell: NaN when unknown.
func (t *table) numOrNaN(row []string, c string) float64 {
	if v, ok := t.num(row, c); ok {
		return v
	}
	return math.NaN()
}

// eachStamped calls f with the instant in the timestamp column of each row
// that did not come back through Health Connect; a bad stamp, or f's
// error, stops the walk.
func (t *table) eachStamped(f func(i int, at time.Time, row []string) error) error {
	for i, row := range t.rows {
		if healthConnect(t, row) {
			continue
		}
		at, err := stamp(t.cell(row, "timestamp"), time.UTC)
		if err != nil {
			return rowError(t.file, i, err)
		}
		if err := f(i, at, row); err != nil {
			return err
		}
	}
	return nil
}

// eachDay calls f with the day label in column col of each row, leaving
// out the rows that came back through Health Connect when dropHC is set;
// a row without a date stops the walk with an error naming it.
func (t *table) eachDay(col string, dropHC bool, f func(d wearnb.Date, row []string)) error {
	for i, row := range t.rows {
		if dropHC && healthConnect(t, row) {
			continue
		}
		d, err := day(t.cell(row, col))
		if err != nil {
			return rowError(t.file, i, err)
		}
		f(d, row)
	}
	return nil
}

// ParseMinutesCSV reads a Physical Activity_GoogleData file of per-minute
// amounts: steps_YYYY-MM-DD.csv ("timestamp,steps,data source") or
// distance_YYYY-MM-DD.csv ("timestamp,distance,data source", metres), e.g.
// "2026-07-20T16:39:00Z,34,Radiance" (FloorLamp/allos tests: real headers,
// synthetic values; older archives lack the data source column, kev-m/FitOut).
// column is "steps" or "distance". Minutes without activity are absent
// (allos: "intraday steps/distance omit zero minutes"). Rows that came back
// from Health Connect (data source "Phone Health Connect") duplicate the
// device's and are dropped.
func ParseMinutesCSV(file string, body []byte, column string) ([]Sample, error) {
	t, err := openCSV(file, body, "CSV with the columns timestamp and "+column, "timestamp", column)
	if err != nil {
		return nil, err
	}
	out := make([]Sample, 0, len(t.rows))
	err = t.eachStamped(func(_ int, at time.Time, row []string) error {
		if v, ok := t.num(row, column); ok {
			out = append(out, Sample{At: at, Value: v})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// healthConnect reports whether a row came back through Health Connect.
func healthConnect(t *table, row []string) bool {
	return strings.Contains(strings.ToLower(t.cell(row, "data source")), "health connect")
}

// ParseHeartRateCSV reads Physical Activity_GoogleData/heart_rate_YYYY-MM-DD.csv:
// "timestamp,beats per minute,data source", e.g.
// "2026-06-10T16:37:52Z,133.0,Radiance" (allos tests).
func ParseHeartRateCSV(file string, body []byte) ([]HeartSample, error) {
	t, err := openCSV(file, body, "CSV with the columns timestamp and beats per minute", "timestamp", "beats per minute")
	if err != nil {
		return nil, err
	}
	out := make([]HeartSample, 0, len(t.rows))
	err = t.eachStamped(func(i int, at time.Time, row []string) error {
		v, ok := t.num(row, "beats per minute")
		if !ok || v < 1 {
			return nil // no reading
		}
		if v > MaxBPM {
			return rowError(file, i, fmt.Errorf("heart rate %v bpm out of range", v))
		}
		out = append(out, HeartSample{At: at, BPM: v})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ParseDailyCSV reads a daily Physical Activity_GoogleData file whose value
// column is column: daily_resting_heart_rate.csv ("beats per minute";
// "2026-06-10T00:00:00Z,66.876,Fitbit App") or daily_respiratory_rate.csv
// ("breaths per minute"; "2026-06-11T12:00:00Z,13.8,Fitbit App"), both per
// allos. The stamp's date is the day label.
func ParseDailyCSV(file string, body []byte, column string) ([]DayValue, error) {
	t, err := openCSV(file, body, "CSV with the columns timestamp and "+column, "timestamp", column)
	if err != nil {
		return nil, err
	}
	var out []DayValue
	err = t.eachDay("timestamp", true, func(d wearnb.Date, row []string) {
		if v, ok := t.num(row, column); ok && v > 0 {
			out = append(out, DayValue{Date: d, Value: v})
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SleepScore is one row of Sleep Score/sleep_score.csv.
type SleepScore struct {
	LogID int64     // sleep_log_entry_id: the sleep log's logId (inferred from the name)
	End   time.Time // timestamp: the end of the sleep (RLEAPP labels it "End Timestamp")
	// Overall and the three components, 0-100; NaN when blank or -1.
	Overall, Composition, Revitalization, Duration float64
	DeepMinutes                                    float64
	RestingHR                                      float64
	Restlessness                                   float64 // a fraction (RLEAPP multiplies it by 100)
}

// ParseSleepScore reads Sleep Score/sleep_score.csv:
// "sleep_log_entry_id,timestamp,overall_score,composition_score,
// revitalization_score,duration_score,deep_sleep_in_minutes,
// resting_heart_rate,restlessness" (allos tests, real header; RLEAPP's
// column meanings: composition = "Deep & REM", revitalization =
// "Restoration", duration = "Time Asleep"). Blank and -1 are unknown (NaN).
func ParseSleepScore(file string, body []byte) ([]SleepScore, error) {
	t, err := openCSV(file, body, "the sleep score CSV (sleep_log_entry_id, timestamp, overall_score, …)", "sleep_log_entry_id", "timestamp", "overall_score")
	if err != nil {
		return nil, err
	}
	opt := func(row []string, c string) float64 {
		v, ok := t.num(row, c)
		if !ok || v < 0 {
			return math.NaN()
		}
		return v
	}
	var out []SleepScore
	for i, row := range t.rows {
		id, err := strconv.ParseInt(t.cell(row, "sleep_log_entry_id"), 10, 64)
		if err != nil {
			return nil, rowError(file, i, fmt.Errorf("sleep_log_entry_id %q is not a number", t.cell(row, "sleep_log_entry_id")))
		}
		end, err := stamp(t.cell(row, "timestamp"), time.UTC)
		if err != nil {
			return nil, rowError(file, i, err)
		}
		out = append(out, SleepScore{LogID: id, End: end,
			Overall: opt(row, "overall_score"), Composition: opt(row, "composition_score"),
			Revitalization: opt(row, "revitalization_score"), Duration: opt(row, "duration_score"),
			DeepMinutes: opt(row, "deep_sleep_in_minutes"), RestingHR: opt(row, "resting_heart_rate"),
			Restlessness: opt(row, "restlessness")})
	}
	return out, nil
}

// HRVDay is one night's heart-rate variability summary.
type HRVDay struct {
	Date    wearnb.Date // the day the file's timestamp names
	RMSSD   float64     // ms
	NREMHR  float64     // bpm, heart rate in non-REM sleep (NaN if blank)
	Entropy float64     // NaN if blank
}

// ParseHRV reads Heart Rate Variability/Daily Heart Rate Variability
// Summary - <date>.csv: "timestamp,rmssd,nremhr,entropy", one day per file,
// e.g. "2024-07-21T00:00:00,29.232,49.623,2.472" (header quoted in kev-m/
// FitOut fitout/importers/heart_rate.py; the values are illustrative). The
// file name's date is unreliable (FitOut: the day in parentheses is one
// less; another fixture contradicts it), so the date comes from the
// timestamp column.
func ParseHRV(file string, body []byte) ([]HRVDay, error) {
	t, err := openCSV(file, body, "CSV with the columns timestamp and rmssd", "timestamp", "rmssd")
	if err != nil {
		return nil, err
	}
	var out []HRVDay
	err = t.eachDay("timestamp", false, func(d wearnb.Date, row []string) {
		if v, ok := t.num(row, "rmssd"); ok && v > 0 {
			out = append(out, HRVDay{Date: d, RMSSD: v, NREMHR: t.numOrNaN(row, "nremhr"), Entropy: t.numOrNaN(row, "entropy")})
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SpO2Day is one day's blood-oxygen summary, percent.
type SpO2Day struct {
	Date                  wearnb.Date
	Average, Lower, Upper float64 // NaN when blank
}

// ParseSpO2 reads Oxygen Saturation (SpO2)/Daily SpO2 - <dates>.csv:
// "timestamp,average_value,lower_bound,upper_bound" (RLEAPP reads these
// four columns; stamps carry a Z) and Physical Activity_GoogleData/
// daily_oxygen_saturation.csv: "timestamp,average percentage,lower bound
// percentage,upper bound percentage,…" (allos tests). Averages below 70 %
// are not readings (a third-party test finds 50.0 sentinels; unverified)
// and are left out.
func ParseSpO2(file string, body []byte) ([]SpO2Day, error) {
	t, err := readCSV(file, body)
	if err != nil {
		return nil, err
	}
	avg, lo, hi := "average_value", "lower_bound", "upper_bound"
	if _, ok := t.cols["average percentage"]; ok {
		avg, lo, hi = "average percentage", "lower bound percentage", "upper bound percentage"
	}
	if err := t.need("CSV with the columns timestamp and "+avg, "timestamp", avg); err != nil {
		return nil, err
	}
	var out []SpO2Day
	err = t.eachDay("timestamp", true, func(d wearnb.Date, row []string) {
		if a, ok := t.num(row, avg); ok && a >= SpO2Floor && a <= 100 {
			out = append(out, SpO2Day{Date: d, Average: a, Lower: t.numOrNaN(row, lo), Upper: t.numOrNaN(row, hi)})
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SpO2Floor is the lowest daily SpO2 average taken as a reading.
const SpO2Floor = 70

// ParseRespiratory reads Heart Rate Variability/Daily Respiratory Rate
// Summary - <date>.csv: "timestamp,daily_respiratory_rate" (kev-m/FitOut
// fitout/importers/breathing_rate.py).
func ParseRespiratory(file string, body []byte) ([]DayValue, error) {
	return ParseDailyCSV(file, body, "daily_respiratory_rate")
}

// ParseTemperature reads Temperature/Computed Temperature - <date>.csv:
// "type,sleep_start,sleep_end,temperature_samples,nightly_temperature,
// baseline_relative_sample_sum,baseline_relative_sample_sum_of_squares,
// baseline_relative_nightly_standard_deviation,
// baseline_relative_sample_standard_deviation", e.g.
// "IDT,2026-07-25T23:14:30,2026-07-26T06:11:30,404,34.07,189.768,…"
// (allos tests, real columns; RLEAPP reads the same nine). It returns each
// night's skin temperature relative to the person's baseline, °C:
// baseline_relative_sample_sum / temperature_samples (allos: "189.768 /
// 404 = 0.4697…"), dated by the day sleep_end falls on (naive local time).
// Nights without a baseline yet (NaN), or with fewer than one sample, are
// left out.
func ParseTemperature(file string, body []byte) ([]DayValue, error) {
	t, err := openCSV(file, body, "CSV with the columns sleep_end, temperature_samples and baseline_relative_sample_sum",
		"sleep_end", "temperature_samples", "baseline_relative_sample_sum")
	if err != nil {
		return nil, err
	}
	var out []DayValue
	err = t.eachDay("sleep_end", false, func(d wearnb.Date, row []string) {
		n, ok1 := t.num(row, "temperature_samples")
		sum, ok2 := t.num(row, "baseline_relative_sample_sum")
		if !ok1 || !ok2 || n < 1 {
			return // no baseline yet, or no samples
		}
		if v := sum / n; !math.IsInf(v, 0) && !math.IsNaN(v) {
			out = append(out, DayValue{Date: d, Value: v})
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ParseProfileZone reads Your Profile/Profile.csv and returns its timezone
// column (an IANA name such as "Asia/Shanghai"; RLEAPP reads it as the
// 14th column), or nil when the file has none or names an unknown zone.
func ParseProfileZone(file string, body []byte) (*time.Location, error) {
	t, err := readCSV(file, body)
	if err != nil {
		return nil, err
	}
	if len(t.rows) == 0 {
		return nil, nil
	}
	name := t.cell(t.rows[0], "timezone")
	if name == "" {
		return nil, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, nil
	}
	return loc, nil
}
