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
	// day with a sample a minute (real files have one every 5 to 15 s).
	HeartRate bool
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
	takeoutWindow     = 30
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
		w := wearnb.Range{From: from, To: earlierDate(from.AddDays(takeoutWindow-1), r.To)}
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
	if opts.HeartRate {
		for d := r.From; !d.After(r.To); d = d.AddDays(1) {
			if b := s.takeoutHeart(d); b != nil {
				put(takeoutJSONDir, "heart_rate-"+d.String()+".json", b)
			}
		}
	}
	if opts.CSV {
		for first := monthOf(r.From); !first.After(r.To); first = monthOf(first.AddDays(32)) {
			last := monthOf(first.AddDays(32)).AddDays(-1)
			w := wearnb.Range{From: laterDate(first, r.From), To: earlierDate(last, r.To)}
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

func laterDate(a, b wearnb.Date) wearnb.Date {
	if a.After(b) {
		return a
	}
	return b
}

func earlierDate(a, b wearnb.Date) wearnb.Date {
	if a.Before(b) {
		return a
	}
	return b
}

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
// date d, stamped in UTC, {"bpm": …, "confidence": 3}; nil for none.
func (s *Server) takeoutHeart(d wearnb.Date) []byte {
	clk := s.clockOf(d)
	samples := s.heartRate(clk.start, clk.end, time.Minute)
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
