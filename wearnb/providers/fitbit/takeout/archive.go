package takeout

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/providers/fitbit"
)

// Option changes how an archive is read.
type Option func(*config)

type config struct {
	zone       *time.Location
	zoneSet    bool
	zoneAt     func(time.Time) *time.Location
	zones      fitbit.Zones
	usLocal    bool
	progress   func(done, total int, file string)
	maxFile    int64
	preferJSON bool
}

// Zone sets the person's time zone, which turns the archive's UTC stamps
// into local days and hours and gives the sleep logs' local times their
// offset. It overrides Profile.csv's timezone. Default: Profile.csv's, else
// time.Local.
func Zone(loc *time.Location) Option {
	return func(c *config) { c.zone, c.zoneSet = loc, loc != nil }
}

// ZoneHistory sets the zone per instant (at) and per local date (on, the
// zone a sleep ending that day is in), for a person who travelled: the
// archive keeps no zone history of its own.
func ZoneHistory(at func(time.Time) *time.Location, on fitbit.Zones) Option {
	return func(c *config) { c.zoneAt, c.zones = at, on }
}

// USStampsLocal reads the per-minute JSON files' "MM/DD/YY HH:MM:SS" stamps
// as the person's local time instead of UTC. Two real archives show UTC
// (see the package documentation); two importers assumed local time.
func USStampsLocal() Option { return func(c *config) { c.usLocal = true } }

// PreferJSON reads steps, distance and heart rate from Global Export Data's
// JSON files even when the archive also has them as CSV in Physical
// Activity_GoogleData (the default prefers the CSV, as allos does).
func PreferJSON() Option { return func(c *config) { c.preferJSON = true } }

// Progress is called before each file is read and once at the end
// (done == total, file ""), for a progress bar.
func Progress(f func(done, total int, file string)) Option {
	return func(c *config) { c.progress = f }
}

// MaxFileSize bounds the size of one file read from the archive (default
// 512 MiB): a bigger one is an error, not a memory exhaustion.
func MaxFileSize(n int64) Option { return func(c *config) { c.maxFile = n } }

// Describe says, on one line, how opts read an archive ("zone
// Europe/Paris, US stamps in UTC"), so that an import can be redone when
// they change. A zone history is "zone history" (it cannot be compared).
func Describe(opts ...Option) string {
	var c config
	for _, o := range opts {
		o(&c)
	}
	parts := []string{"zone from Profile.csv or Local"}
	if c.zoneSet {
		parts[0] = "zone " + c.zone.String()
	}
	if c.zoneAt != nil {
		parts[0] = "zone history"
	}
	if c.usLocal {
		parts = append(parts, "US stamps local")
	} else {
		parts = append(parts, "US stamps in UTC")
	}
	if c.preferJSON {
		parts = append(parts, "JSON preferred")
	}
	return strings.Join(parts, ", ")
}

// Archive is what Read found in a Takeout archive.
type Archive struct {
	// Source names what was read (paths of the zips or the folder).
	Source string
	// Roots are the folders inside that hold the Fitbit data
	// ("Takeout/Fitbit", "Jane/user-site-export", ...).
	Roots []string
	// Zone is the zone local days are counted in (Profile.csv's, the
	// Zone option's, or time.Local).
	Zone *time.Location

	Sleeps []fitbit.SleepLog // one per logId, in start order

	// Steps, Distance (metres) and Calories (kcal) per minute, by UTC
	// instant, in time order; one sample per instant.
	Steps, Distance, Calories []Sample
	// ActiveMinutes holds the daily lightly, moderately and very active
	// minutes, keyed "lightly", "moderately", "very".
	ActiveMinutes map[string][]DayValue

	// The heart-rate family. HeartRate, RestingHR, HRV (rmssd),
	// RespiratoryRate and SkinTemp become records (see Batch); SpO2,
	// SleepScores and HRV's other columns are for notebooks only.
	HeartRate       []HeartSample // per minute: the mean of the minute's samples
	RestingHR       []DayValue
	HRV             []HRVDay
	SpO2            []SpO2Day
	RespiratoryRate []DayValue
	SleepScores     []SleepScore
	// SkinTemp is each night's skin temperature relative to the person's
	// baseline, °C, dated by the day the sleep ends.
	SkinTemp []DayValue

	// Files counts the files read per family ("sleep", "steps", ...).
	Files map[string]int
	// Skipped counts files of the Fitbit folders that no parser reads.
	Skipped int

	cfg         config
	stepsSparse bool // Steps came from CSV files, which leave out the minutes without steps
}

// family is one kind of file and how to read it.
type family struct {
	name  string
	match func(base, dir string) bool
}

func named(re string) func(base, dir string) bool {
	r := regexp.MustCompile(re)
	return func(base, _ string) bool { return r.MatchString(base) }
}

// families lists the files read, by name. Names come from the sources in
// testdata/README.md.
var families = []family{
	{"sleep", named(`^sleep-\d{4}-\d{2}-\d{2}\.json$`)},
	{"steps", named(`^steps-\d{4}-\d{2}-\d{2}\.json$`)},
	{"distance", named(`^distance-\d{4}-\d{2}-\d{2}\.json$`)},
	{"calories", named(`^calories-\d{4}-\d{2}-\d{2}\.json$`)},
	{"heart_rate", named(`^heart_rate-\d{4}-\d{2}-\d{2}\.json$`)},
	{"resting_heart_rate", named(`^resting_heart_rate-\d{4}-\d{2}-\d{2}\.json$`)},
	{"lightly", named(`^lightly_active_minutes-\d{4}-\d{2}-\d{2}\.json$`)},
	{"moderately", named(`^moderately_active_minutes-\d{4}-\d{2}-\d{2}\.json$`)},
	{"very", named(`^very_active_minutes-\d{4}-\d{2}-\d{2}\.json$`)},
	{"steps_csv", named(`^steps_\d{4}-\d{2}-\d{2}\.csv$`)},
	{"distance_csv", named(`^distance_\d{4}-\d{2}-\d{2}\.csv$`)},
	{"heart_rate_csv", named(`^heart_rate_\d{4}-\d{2}-\d{2}\.csv$`)},
	{"resting_heart_rate_csv", named(`^daily_resting_heart_rate\.csv$`)},
	{"respiratory_rate_csv", named(`^(daily_respiratory_rate\.csv|Daily Respiratory Rate Summary - .*\.csv)$`)},
	{"spo2_csv", named(`^(daily_oxygen_saturation\.csv|Daily SpO2 - .*\.csv)$`)},
	{"sleep_score", named(`^sleep_score\.csv$`)},
	{"hrv", named(`^Daily Heart Rate Variability Summary - .*\.csv$`)},
	{"temperature", named(`^Computed Temperature - .*\.csv$`)},
	{"profile", func(base, dir string) bool { return base == "Profile.csv" }},
}

// never lists files that are never opened: ~81 % of a real 1.4 GB archive
// (allos' header comment).
var never = regexp.MustCompile(`^(UserActivityProbabilities|UserSensorCompressionToken)`)

// fitbitFolders are category folders that mark the Fitbit part of an
// archive (research notes: FITOUT, allos, RLEAPP paths).
var fitbitFolders = []string{"Global Export Data", "Sleep Score", "Heart Rate Variability", "Oxygen Saturation (SpO2)",
	"Physical Activity_GoogleData", "Health Fitness Data_GoogleData", "user-site-export", "Your Profile",
	"Temperature", "Stress Score", "Daily Readiness", "Active Zone Minutes (AZM)", "Sleep"}

// Open reads a Takeout archive: one .zip, the split parts of one
// (takeout-…-001.zip, -002.zip, ...: pass them all), or an extracted
// folder.
func Open(paths []string, opts ...Option) (*Archive, error) {
	if len(paths) == 0 {
		return nil, errors.New("takeout: no archive given")
	}
	var parts []fs.FS
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("takeout: %w", err)
		}
		if st.IsDir() {
			parts = append(parts, os.DirFS(p))
			continue
		}
		z, err := zip.OpenReader(p)
		if err != nil {
			return nil, fmt.Errorf("takeout: %s is neither a folder nor a zip archive: %w", p, err)
		}
		defer z.Close()
		parts = append(parts, z)
	}
	a, err := read(parts, opts)
	if a != nil {
		a.Source = strings.Join(paths, ", ")
	}
	if err != nil {
		return a, fmt.Errorf("%w (in %s)", err, strings.Join(paths, ", "))
	}
	return a, nil
}

// Read reads a Takeout archive from fsys: a zip.Reader, os.DirFS of the
// extracted folder, or any fs.FS.
func Read(fsys fs.FS, opts ...Option) (*Archive, error) {
	return read([]fs.FS{fsys}, opts)
}

// file is one file to read.
type file struct {
	fsys   fs.FS
	path   string
	family string
}

func read(parts []fs.FS, opts []Option) (*Archive, error) {
	cfg := config{maxFile: 512 << 20}
	for _, o := range opts {
		o(&cfg)
	}
	a := &Archive{Files: map[string]int{}, ActiveMinutes: map[string][]DayValue{}, cfg: cfg}
	var files []file
	roots := map[string]bool{}
	seen := 0
	for _, fsys := range parts {
		err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if slices.Contains(fitbitFolders, d.Name()) {
					roots[path.Dir(p)] = true
				}
				return nil
			}
			seen++
			base, dir := path.Base(p), path.Dir(p)
			if never.MatchString(base) {
				a.Skipped++
				return nil
			}
			for _, f := range families {
				if f.match(base, dir) {
					files = append(files, file{fsys, p, f.name})
					return nil
				}
			}
			if inFitbitFolder(p) {
				a.Skipped++
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("takeout: %w", err)
		}
	}
	for r := range roots {
		a.Roots = append(a.Roots, r)
	}
	slices.Sort(a.Roots)
	if len(files) == 0 || onlyProfile(files) {
		what := "an empty archive"
		if seen > 0 {
			what = fmt.Sprintf("%d files, none of them a Fitbit file", seen)
		}
		return nil, fmt.Errorf("%w: found %s; a Takeout archive of Fitbit data has a Fitbit (or Google Health) folder with "+
			"\"Global Export Data\" (sleep-*.json, steps-*.json, ...) or CSV folders such as \"Sleep Score\" "+
			"(choose Fitbit when you request the archive at takeout.google.com)", wearnb.ErrNothingToImport, what)
	}

	// The profile first: its zone reads everything else.
	slices.SortStableFunc(files, func(x, y file) int {
		return boolInt(y.family == "profile") - boolInt(x.family == "profile")
	})
	p := &parsed{steps: map[int64]float64{}, distance: map[int64]float64{}, calories: map[int64]float64{},
		stepsCSV: map[int64]float64{}, distanceCSV: map[int64]float64{}, hr: map[int64]*hrMinute{}, hrCSV: map[int64]*hrMinute{},
		logs: map[int64]fitbit.SleepLog{}}
	for i, f := range files {
		if cfg.progress != nil {
			cfg.progress(i, len(files), f.path)
		}
		body, err := readFile(f, cfg.maxFile)
		if err != nil {
			return nil, err
		}
		if err := a.parse(p, f, body); err != nil {
			return nil, err
		}
		a.Files[f.family]++
	}
	if cfg.progress != nil {
		cfg.progress(len(files), len(files), "")
	}
	a.finish(p)
	return a, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func onlyProfile(files []file) bool {
	for _, f := range files {
		if f.family != "profile" {
			return false
		}
	}
	return true
}

// inFitbitFolder reports whether p lies in one of the Fitbit category
// folders.
func inFitbitFolder(p string) bool {
	for _, part := range strings.Split(path.Dir(p), "/") {
		if slices.Contains(fitbitFolders, part) || part == "Fitbit" || part == "Google Health" {
			return true
		}
	}
	return false
}

// readFile reads one file, at most max bytes.
func readFile(f file, max int64) ([]byte, error) {
	r, err := f.fsys.Open(f.path)
	if err != nil {
		return nil, fmt.Errorf("takeout: %w", err)
	}
	defer r.Close()
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, fmt.Errorf("takeout: reading %s: %w", f.path, err)
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("takeout: %s is larger than %d bytes (see MaxFileSize)", f.path, max)
	}
	return b, nil
}

// hrMinute accumulates a minute's heart-rate samples.
type hrMinute struct {
	sum float64
	n   int
}

// parsed is what the files gave before finish sorts it out.
type parsed struct {
	logs                      map[int64]fitbit.SleepLog
	steps, distance, calories map[int64]float64
	stepsCSV, distanceCSV     map[int64]float64
	hr, hrCSV                 map[int64]*hrMinute
	restingJSON, restingCSV   []DayValue
	respiratory               []DayValue
}

// usZone is where the per-minute JSON stamps are read.
func (a *Archive) usZone() *time.Location {
	if a.cfg.usLocal {
		return a.zone()
	}
	return time.UTC
}

// zone is the person's zone: the option's, Profile.csv's, else Local.
func (a *Archive) zone() *time.Location {
	switch {
	case a.cfg.zoneSet:
		return a.cfg.zone
	case a.Zone != nil:
		return a.Zone
	}
	return time.Local
}

func (a *Archive) parse(p *parsed, f file, body []byte) error {
	minutes := func(into map[int64]float64, scale float64) error {
		s, err := ParseMinutes(f.path, body, a.usZone())
		if err != nil {
			return err
		}
		for _, x := range s {
			into[x.At.Unix()] = x.Value * scale // files overlap: one value per instant
		}
		return nil
	}
	minutesCSV := func(into map[int64]float64, column string) error {
		s, err := ParseMinutesCSV(f.path, body, column)
		if err != nil {
			return err
		}
		for _, x := range s {
			into[x.At.Unix()] = x.Value
		}
		return nil
	}
	heart := func(into map[int64]*hrMinute, s []HeartSample) {
		for _, x := range s {
			k := x.At.Unix() / 60
			m := into[k]
			if m == nil {
				m = &hrMinute{}
				into[k] = m
			}
			m.sum += x.BPM
			m.n++
		}
	}
	switch f.family {
	case "profile":
		loc, err := ParseProfileZone(f.path, body)
		if err != nil {
			return err
		}
		if loc != nil {
			a.Zone = loc
		}
	case "sleep":
		logs, err := ParseSleep(f.path, body)
		if err != nil {
			return err
		}
		for _, l := range logs {
			p.logs[l.LogID] = l
		}
	case "steps":
		return minutes(p.steps, 1)
	case "distance":
		// Centimetres per minute (allos and verve unit tables, from
		// Google's README files; unverified beyond those two): metres.
		return minutes(p.distance, 0.01)
	case "calories":
		return minutes(p.calories, 1)
	case "lightly", "moderately", "very":
		v, err := ParseDaily(f.path, body)
		if err != nil {
			return err
		}
		a.ActiveMinutes[f.family] = append(a.ActiveMinutes[f.family], v...)
	case "heart_rate":
		s, err := ParseHeartRate(f.path, body, a.usZone())
		if err != nil {
			return err
		}
		heart(p.hr, s)
	case "resting_heart_rate":
		v, err := ParseRestingHR(f.path, body)
		if err != nil {
			return err
		}
		p.restingJSON = append(p.restingJSON, v...)
	case "steps_csv":
		return minutesCSV(p.stepsCSV, "steps")
	case "distance_csv":
		return minutesCSV(p.distanceCSV, "distance")
	case "heart_rate_csv":
		s, err := ParseHeartRateCSV(f.path, body)
		if err != nil {
			return err
		}
		heart(p.hrCSV, s)
	case "resting_heart_rate_csv":
		v, err := ParseDailyCSV(f.path, body, "beats per minute")
		if err != nil {
			return err
		}
		p.restingCSV = append(p.restingCSV, v...)
	case "respiratory_rate_csv":
		column := "breaths per minute"
		if strings.HasPrefix(path.Base(f.path), "Daily Respiratory") {
			column = "daily_respiratory_rate"
		}
		v, err := ParseDailyCSV(f.path, body, column)
		if err != nil {
			return err
		}
		p.respiratory = append(p.respiratory, v...)
	case "spo2_csv":
		v, err := ParseSpO2(f.path, body)
		if err != nil {
			return err
		}
		a.SpO2 = append(a.SpO2, v...)
	case "sleep_score":
		v, err := ParseSleepScore(f.path, body)
		if err != nil {
			return err
		}
		a.SleepScores = append(a.SleepScores, v...)
	case "hrv":
		v, err := ParseHRV(f.path, body)
		if err != nil {
			return err
		}
		a.HRV = append(a.HRV, v...)
	case "temperature":
		v, err := ParseTemperature(f.path, body)
		if err != nil {
			return err
		}
		a.SkinTemp = append(a.SkinTemp, v...)
	}
	return nil
}

// finish picks one encoding per measure and sorts everything.
func (a *Archive) finish(p *parsed) {
	a.Zone = a.zone()
	for _, l := range p.logs {
		a.Sleeps = append(a.Sleeps, l)
	}
	slices.SortFunc(a.Sleeps, func(x, y fitbit.SleepLog) int {
		if c := x.StartTime.Wall.Compare(y.StartTime.Wall); c != 0 {
			return c
		}
		return int(x.LogID - y.LogID)
	})
	pick := func(csv, json map[int64]float64) map[int64]float64 {
		if len(csv) > 0 && (!a.cfg.preferJSON || len(json) == 0) {
			return csv
		}
		return json
	}
	steps := pick(p.stepsCSV, p.steps)
	a.stepsSparse = len(p.stepsCSV) > 0 && len(steps) == len(p.stepsCSV)
	a.Steps = samples(steps)
	a.Distance = samples(pick(p.distanceCSV, p.distance))
	a.Calories = samples(p.calories) // the CSV calories are sparse: never summed (allos)
	hr := p.hr
	if len(p.hrCSV) > 0 && (!a.cfg.preferJSON || len(p.hr) == 0) {
		hr = p.hrCSV
	}
	for k, m := range hr {
		a.HeartRate = append(a.HeartRate, HeartSample{At: time.Unix(k*60, 0).UTC(), BPM: m.sum / float64(m.n)})
	}
	slices.SortFunc(a.HeartRate, func(x, y HeartSample) int { return x.At.Compare(y.At) })
	a.RestingHR = p.restingJSON
	if len(p.restingCSV) > 0 {
		a.RestingHR = p.restingCSV
	}
	a.RestingHR = dedupeDays(a.RestingHR)
	a.RespiratoryRate = dedupeDays(p.respiratory)
	a.SkinTemp = dedupeDays(a.SkinTemp)
	for k, v := range a.ActiveMinutes {
		a.ActiveMinutes[k] = dedupeDays(v)
	}
	slices.SortFunc(a.HRV, func(x, y HRVDay) int { return x.Date.Sub(y.Date) })
	slices.SortFunc(a.SpO2, func(x, y SpO2Day) int { return x.Date.Sub(y.Date) })
	slices.SortFunc(a.SleepScores, func(x, y SleepScore) int { return x.End.Compare(y.End) })
}

// samples returns m in time order.
func samples(m map[int64]float64) []Sample {
	out := make([]Sample, 0, len(m))
	for k, v := range m {
		out = append(out, Sample{At: time.Unix(k, 0).UTC(), Value: v})
	}
	slices.SortFunc(out, func(x, y Sample) int { return x.At.Compare(y.At) })
	return out
}

// dedupeDays keeps the last value per date, in date order.
func dedupeDays(v []DayValue) []DayValue {
	m := map[wearnb.Date]DayValue{}
	for _, x := range v {
		m[x.Date] = x
	}
	out := make([]DayValue, 0, len(m))
	for _, x := range m {
		out = append(out, x)
	}
	slices.SortFunc(out, func(x, y DayValue) int { return x.Date.Sub(y.Date) })
	return out
}

// String summarises what was read.
func (a *Archive) String() string {
	var parts []string
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range a.Files {
			if !yield(k) {
				return
			}
		}
	}) {
		parts = append(parts, fmt.Sprintf("%s %d", k, a.Files[k]))
	}
	return fmt.Sprintf("takeout.Archive{%s; zone %s; %d sleeps, %d step minutes; files: %s}",
		filepath.Base(a.Source), a.Zone, len(a.Sleeps), len(a.Steps), strings.Join(parts, ", "))
}
