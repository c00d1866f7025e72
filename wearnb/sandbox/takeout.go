package sandbox

import (
	"archive/zip"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/sandbox/synth"
)

// TakeoutOptions say what WriteTakeoutZip and WriteTakeoutDir write.
type TakeoutOptions struct {
	// Range is the local dates written (clipped to the person's data and
	// to today). Zero: the 365 days up to today.
	Range wearnb.Range
	// Root is the folder inside the archive that holds the Fitbit
	// categories; default "Takeout/Fitbit" (Google Takeout 2022–2025).
	// "Takeout/Google Health" is the 2026 layout.
	Root string
	// CSV also writes steps and distance as Physical
	// Activity_GoogleData/steps_YYYY-MM-DD.csv and distance_….csv, as
	// archives do since late 2024 (zero minutes left out, as there).
	CSV bool
	// HeartRate also writes heart_rate-YYYY-MM-DD.json, one file per local
	// day with a sample every HeartEvery (and, with CSV, Physical
	// Activity_GoogleData/heart_rate_YYYY-MM-DD.csv). Resting heart rate
	// and the nightly vitals files are always written: they are small.
	HeartRate bool
	// HeartEvery is the interval of the heart-rate samples; default one
	// minute, the API's 1-minute resolution (real files have a sample
	// every 5 to 15 s).
	HeartEvery time.Duration
}

// The layout of the person's Takeout archive. Shapes and quirks follow
// /work/plan/research-takeout.md (sources in
// wearnb/providers/fitbit/takeout/testdata/README.md): JSON arrays
// pretty-printed with " : ", per-minute stamps "MM/DD/YY HH:MM:SS" in UTC,
// values as strings, distance in centimetres, files covering 30 local days
// named by their first day, sleep logs newest first with "mainSleep".
const (
	takeoutJSONDir    = "Global Export Data"
	takeoutCSVDir     = "Physical Activity_GoogleData"
	takeoutProfileDir = "Your Profile"
	takeoutHRVDir     = "Heart Rate Variability"
	takeoutTempDir    = "Temperature"
	takeoutWindow     = 30
	takeoutYear       = 365 // resting_heart_rate files cover about a year
)

// WriteTakeoutZip writes the synthetic person's Fitbit data as a Google
// Takeout archive (.zip) to w: what a person downloads from
// takeout.google.com, for the Takeout importer's tests and notebooks. The
// same person served through the Fitbit API format gives the same frames
// (within the API's rounding).
func (s *Server) WriteTakeoutZip(w io.Writer, opts TakeoutOptions) error {
	files, err := s.takeoutFiles(opts)
	if err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	stamp := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for _, name := range slices.Sorted(mapKeys(files)) {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: stamp})
		if err != nil {
			return fmt.Errorf("sandbox: takeout: %w", err)
		}
		if _, err := f.Write(files[name]); err != nil {
			return fmt.Errorf("sandbox: takeout: %w", err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("sandbox: takeout: %w", err)
	}
	return nil
}

// WriteTakeoutDir writes the archive of WriteTakeoutZip extracted, under
// dir.
func (s *Server) WriteTakeoutDir(dir string, opts TakeoutOptions) error {
	files, err := s.takeoutFiles(opts)
	if err != nil {
		return err
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("sandbox: takeout: %w", err)
		}
		if err := os.WriteFile(p, body, 0o644); err != nil {
			return fmt.Errorf("sandbox: takeout: %w", err)
		}
	}
	return nil
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// takeoutFiles renders every file of the archive, by path.
func (s *Server) takeoutFiles(opts TakeoutOptions) (map[string][]byte, error) {
	r := opts.Range
	if r == (wearnb.Range{}) {
		t := s.today()
		r = wearnb.Range{From: t.AddDays(-364), To: t}
	}
	r, ok := s.clip(r)
	if !ok {
		return nil, fmt.Errorf("sandbox: takeout: the range %v is after today", opts.Range)
	}
	root := strings.Trim(opts.Root, "/")
	if root == "" {
		root = "Takeout/Fitbit"
	}
	files := map[string][]byte{}
	put := func(dir, name string, body []byte) { files[path.Join(root, dir, name)] = body }

	put(takeoutProfileDir, "Profile.csv", s.takeoutProfile(r))
	for from := r.From; !from.After(r.To); from = from.AddDays(takeoutWindow) {
		w := wearnb.Range{From: from, To: minDate(from.AddDays(takeoutWindow-1), r.To)}
		name := func(kind string) string { return kind + "-" + from.String() + ".json" }
		if b := s.takeoutSleep(w); b != nil {
			put(takeoutJSONDir, name("sleep"), b)
		}
		steps, dist, cal := s.takeoutMinutes(w)
		if steps != nil {
			put(takeoutJSONDir, name("steps"), steps)
			put(takeoutJSONDir, name("distance"), dist)
			put(takeoutJSONDir, name("calories"), cal)
		}
		for kind, b := range s.takeoutActiveMinutes(w) {
			put(takeoutJSONDir, name(kind), b)
		}
	}
	for from := r.From; !from.After(r.To); from = from.AddDays(takeoutYear) {
		w := wearnb.Range{From: from, To: minDate(from.AddDays(takeoutYear-1), r.To)}
		put(takeoutJSONDir, "resting_heart_rate-"+from.String()+".json", s.takeoutResting(w))
	}
	for name, b := range s.takeoutVitals(r) {
		put(path.Dir(name), path.Base(name), b)
	}
	if opts.HeartRate {
		every := opts.HeartEvery
		if every <= 0 {
			every = time.Minute
		}
		for d := r.From; !d.After(r.To); d = d.AddDays(1) {
			if b := s.takeoutHeart(d, every); b != nil {
				put(takeoutJSONDir, "heart_rate-"+d.String()+".json", b)
			}
			if opts.CSV {
				if b := s.takeoutHeartCSV(d, every); b != nil {
					put(takeoutCSVDir, "heart_rate_"+d.String()+".csv", b)
				}
			}
		}
	}
	if opts.CSV {
		put(takeoutCSVDir, "daily_resting_heart_rate.csv", s.takeoutRestingCSV(r))
	}
	if opts.CSV {
		for first := monthOf(r.From); !first.After(r.To); first = monthOf(first.AddDays(32)) {
			last := monthOf(first.AddDays(32)).AddDays(-1)
			w := wearnb.Range{From: maxDate(first, r.From), To: minDate(last, r.To)}
			steps, dist := s.takeoutMinutesCSV(w)
			if steps != nil {
				put(takeoutCSVDir, "steps_"+first.String()+".csv", steps)
				put(takeoutCSVDir, "distance_"+first.String()+".csv", dist)
			}
		}
	}
	return files, nil
}

// monthOf is the first day of d's month.
func monthOf(d wearnb.Date) wearnb.Date { return wearnb.Date{Year: d.Year, Month: d.Month, Day: 1} }

// takeoutProfile is Your Profile/Profile.csv with the person's home zone in
// its timezone column (RLEAPP reads the zone from that column; the other
// columns here are illustrative, not a documented header).
func (s *Server) takeoutProfile(r wearnb.Range) []byte {
	return []byte("id,display_name,timezone\n" + fitbitUserID + ",Sandbox Person," + s.loc(r.From).String() + "\n")
}

// jsonArray writes records the way Takeout's files look: "[{", fields one
// per line as `  "key" : value`, "},{" between records, "}]".
func jsonArray(records [][][2]string) []byte {
	var b strings.Builder
	b.WriteString("[")
	for i, rec := range records {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("{\n")
		for j, kv := range rec {
			fmt.Fprintf(&b, "  %q : %s", kv[0], kv[1])
			if j < len(rec)-1 {
				b.WriteString(",")
			}
			b.WriteString("\n")
		}
		b.WriteString("}")
	}
	b.WriteString("]")
	return []byte(b.String())
}

// takeoutSleep is a sleep-YYYY-MM-DD.json file: the v1.2 logs of the
// sleeps dated in w, newest first, with "mainSleep" in place of the API's
// "isMainSleep"; nil when there is none.
func (s *Server) takeoutSleep(w wearnb.Range) []byte {
	sleeps := s.sleeps(w)
	if len(sleeps) == 0 {
		return nil
	}
	var docs []map[string]any
	for i := len(sleeps) - 1; i >= 0; i-- {
		doc := fitbitSleepLog(sleeps[i]).doc
		doc["mainSleep"] = doc["isMainSleep"]
		delete(doc, "isMainSleep")
		docs = append(docs, doc)
	}
	b, _ := json.MarshalIndent(docs, "", "  ")
	return []byte(strings.ReplaceAll(string(b), `": `, `" : `))
}

// usStamp is the per-minute files' UTC stamp.
func usStamp(t time.Time) string { return `"` + t.UTC().Format("01/02/06 15:04:05") + `"` }

// takeoutMinutes renders the steps, distance (centimetres) and calories
// (kcal) of every minute of the days in w with data, explicit zeros
// included, adding up to the Fitbit API's daily series; nil when no day
// has data.
func (s *Server) takeoutMinutes(w wearnb.Range) (steps, dist, cal []byte) {
	var sr, dr, cr [][][2]string
	for d := w.From; !d.After(w.To); d = d.AddDays(1) {
		mins := s.minutes(d)
		if mins == nil {
			continue
		}
		clk := s.clockOf(d)
		for i, n := range mins {
			at := usStamp(clk.start.Add(time.Duration(i) * time.Minute))
			sr = append(sr, [][2]string{{"dateTime", at}, {"value", strconv.Quote(strconv.Itoa(n))}})
			dr = append(dr, [][2]string{{"dateTime", at}, {"value", strconv.Quote(fmtNum(round5(float64(n) * fitbitStrideKm * 1e5)))}})
			// The person's own minute energy, so the minutes add up to the
			// API's daily calories (its intraday calories use Fitbit's
			// BMR, which the daily series does not).
			cr = append(cr, [][2]string{{"dateTime", at}, {"value", strconv.Quote(fmtNum(round5(synth.BMRKcalPerDay/1440 + float64(n)*synth.KcalPerStep)))}})
		}
	}
	if sr == nil {
		return nil, nil, nil
	}
	return jsonArray(sr), jsonArray(dr), jsonArray(cr)
}

// takeoutActiveMinutes renders the daily lightly, moderately and very
// active minutes of the days in w (the Fitbit API's minutesLightlyActive,
// minutesFairlyActive and minutesVeryActive), stamped at midnight of the
// day they label.
func (s *Server) takeoutActiveMinutes(w wearnb.Range) map[string][]byte {
	vals := s.fitbitDays(w, false)
	files := map[string][]byte{}
	for kind, res := range map[string]string{"lightly_active_minutes": "minutesLightlyActive",
		"moderately_active_minutes": "minutesFairlyActive", "very_active_minutes": "minutesVeryActive"} {
		var recs [][][2]string
		for d := w.From; !d.After(w.To); d = d.AddDays(1) {
			if v, ok := vals[d]; ok {
				recs = append(recs, [][2]string{{"dateTime", usStamp(d.In(time.UTC))}, {"value", strconv.Quote(fmtNum(v[res]))}})
			}
		}
		if recs != nil {
			files[kind] = jsonArray(recs)
		}
	}
	return files
}

// takeoutHeart is a heart_rate-YYYY-MM-DD.json file: the samples of local
// date d, one every every, stamped in UTC, {"bpm": …, "confidence": 3};
// nil for none.
func (s *Server) takeoutHeart(d wearnb.Date, every time.Duration) []byte {
	clk := s.clockOf(d)
	samples := s.heartRate(clk.start, clk.end, every)
	if len(samples) == 0 {
		return nil
	}
	recs := make([][][2]string, 0, len(samples))
	for _, h := range samples {
		recs = append(recs, [][2]string{{"dateTime", usStamp(h.Time)},
			{"value", fmt.Sprintf("{\n    \"bpm\" : %d,\n    \"confidence\" : 3\n  }", h.BPM)}})
	}
	return jsonArray(recs)
}

// takeoutHeartCSV is Physical Activity_GoogleData/heart_rate_YYYY-MM-DD.csv
// of local date d: "timestamp,beats per minute,data source", stamps in UTC
// with Z (FloorLamp/allos tests: "2026-06-10T16:37:52Z,133.0,Radiance");
// nil for none.
func (s *Server) takeoutHeartCSV(d wearnb.Date, every time.Duration) []byte {
	clk := s.clockOf(d)
	samples := s.heartRate(clk.start, clk.end, every)
	if len(samples) == 0 {
		return nil
	}
	var b strings.Builder
	b.WriteString("timestamp,beats per minute,data source\n")
	for _, h := range samples {
		fmt.Fprintf(&b, "%s,%d.0,Sandbox Band\n", h.Time.UTC().Format(time.RFC3339), h.BPM)
	}
	return []byte(b.String())
}

// usDate is the resting-heart-rate files' day label, "03/01/24".
func usDate(d wearnb.Date) string { return `"` + d.In(time.UTC).Format("01/02/06") + `"` }

// takeoutResting is a resting_heart_rate-YYYY-MM-DD.json file over w: a
// record per day, {"date": "MM/DD/YY", "value": …, "error": …} (kev-m/
// FitOut tests/data/resting_heart_rate-2024-03-01.json), and on days
// without a resting rate {"date": null, "value": 0.0, "error": 0.0}
// (danlsn/fitport resting_heart_rate-2017-05-16.json). The value is the
// rate the API reports (whole bpm, where real files carry fractions); the
// error estimate is illustrative.
func (s *Server) takeoutResting(w wearnb.Range) []byte {
	var recs [][][2]string
	for d := w.From; !d.After(w.To); d = d.AddDays(1) {
		value := "{\n    \"date\" : null,\n    \"value\" : 0.0,\n    \"error\" : 0.0\n  }"
		if v, ok := s.restingHR(d); ok {
			value = fmt.Sprintf("{\n    \"date\" : %s,\n    \"value\" : %d.0,\n    \"error\" : 6.5\n  }", usDate(d), v)
		}
		recs = append(recs, [][2]string{{"dateTime", usStamp(d.In(time.UTC))}, {"value", value}})
	}
	return jsonArray(recs)
}

// takeoutRestingCSV is Physical Activity_GoogleData/daily_resting_heart_rate.csv
// over r: "timestamp,beats per minute,data source", a midnight-UTC stamp
// labelling the day (allos: "2026-06-10T00:00:00Z,66.876,Fitbit App").
func (s *Server) takeoutRestingCSV(r wearnb.Range) []byte {
	var b strings.Builder
	b.WriteString("timestamp,beats per minute,data source\n")
	for d := r.From; !d.After(r.To); d = d.AddDays(1) {
		if v, ok := s.restingHR(d); ok {
			fmt.Fprintf(&b, "%sT00:00:00Z,%d.0,Fitbit App\n", d, v)
		}
	}
	return []byte(b.String())
}

// takeoutVitals renders the nightly files of the main sleeps dated in r,
// by path under the root: per night, Heart Rate Variability/"Daily Heart
// Rate Variability Summary - YYYY-MM-(D-1).csv" ("timestamp,rmssd,nremhr,
// entropy", header per kev-m/FitOut heart_rate.py, whose file-name rule
// gives the day before in parentheses and none on the 1st) and "Daily
// Respiratory Rate Summary - YYYY-MM-DD.csv" ("timestamp,daily_respiratory_rate",
// FitOut breathing_rate.py), stamped midnight of the sleep's date (the
// date the API's summaries name; an inference: no source says which night
// a Takeout stamp names), and Temperature/"Computed Temperature -
// YYYY-MM-DD.csv" (allos' nine columns) whose baseline_relative_sample_sum
// over temperature_samples is the API's nightlyRelative. rmssd and the
// respiratory rate are the values the API serves; entropy is left blank
// (the person has none) and the temperature file's other figures are
// illustrative.
func (s *Server) takeoutVitals(r wearnb.Range) map[string][]byte {
	files := map[string][]byte{}
	for _, sl := range s.mainNights(r) {
		n := s.night(sl)
		v, d := n.vitals, sl.Date
		ts := d.String() + "T00:00:00"
		if hrv, ok := v.AverageHRV.Get(); ok {
			day := ""
			if d.Day > 1 {
				day = "(" + strconv.Itoa(d.Day-1) + ")"
			}
			name := fmt.Sprintf("Daily Heart Rate Variability Summary - %04d-%02d-%s.csv", d.Year, int(d.Month), day)
			nrem := ""
			if n.nonREMHR > 0 {
				nrem = fmtNum(round3(n.nonREMHR))
			}
			files[path.Join(takeoutHRVDir, name)] = []byte("timestamp,rmssd,nremhr,entropy\n" + ts + "," + fmtNum(round3(hrv)) + "," + nrem + ",\n")
		}
		if br, ok := v.RespiratoryRate.Get(); ok {
			files[path.Join(takeoutHRVDir, "Daily Respiratory Rate Summary - "+d.String()+".csv")] =
				[]byte("timestamp,daily_respiratory_rate\n" + ts + "," + fmtNum(br) + "\n")
		}
		if dev, ok := v.SkinTempDev.Get(); ok {
			samples := int(sl.End.Sub(sl.Start) / time.Minute)
			if samples < 1 {
				continue
			}
			const layout = "2006-01-02T15:04:05"
			sum := dev * float64(samples)
			files[path.Join(takeoutTempDir, "Computed Temperature - "+d.String()+".csv")] = []byte(
				"type,sleep_start,sleep_end,temperature_samples,nightly_temperature,baseline_relative_sample_sum," +
					"baseline_relative_sample_sum_of_squares,baseline_relative_nightly_standard_deviation,baseline_relative_sample_standard_deviation\n" +
					fmt.Sprintf("IDT,%s,%s,%d,%s,%s,%s,0.2,0.5\n", sl.Start.Format(layout), sl.End.Format(layout), samples,
						fmtNum(round3(34+dev)), fmtNum(round5(sum)), fmtNum(round5(sum*dev+0.25*float64(samples)))))
		}
	}
	return files
}

// takeoutMinutesCSV renders the minutes with steps of w as
// Physical Activity_GoogleData CSV: "timestamp,steps,data source" and
// "timestamp,distance,data source" (metres), stamps in UTC with Z.
func (s *Server) takeoutMinutesCSV(w wearnb.Range) (steps, dist []byte) {
	var sb, db strings.Builder
	sb.WriteString("timestamp,steps,data source\n")
	db.WriteString("timestamp,distance,data source\n")
	found := false
	for d := w.From; !d.After(w.To); d = d.AddDays(1) {
		mins := s.minutes(d)
		clk := s.clockOf(d)
		for i, n := range mins {
			if n == 0 {
				continue
			}
			found = true
			at := clk.start.Add(time.Duration(i) * time.Minute).UTC().Format(time.RFC3339)
			fmt.Fprintf(&sb, "%s,%d,Sandbox Band\n", at, n)
			fmt.Fprintf(&db, "%s,%s,Sandbox Band\n", at, fmtNum(math.Round(float64(n)*fitbitStrideKm*1e3*1e5)/1e5))
		}
	}
	if !found {
		return nil, nil
	}
	return []byte(sb.String()), []byte(db.String())
}
