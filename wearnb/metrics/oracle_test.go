package metrics

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/sandbox/synth"
)

// The independent cross-check: the same series, exported as CSV, measured
// by pyActigraphy 1.2.2 (testdata/oracle.py, run in .venv-oracle, which
// scripts/setup.sh installs). `make test` sets WEARNB_ORACLE=require so a
// missing oracle fails; a plain `go test` without it skips.
//
// Tolerances: every compared quantity is a ratio of sums over at most a few
// tens of thousands of values computed in float64 on both sides (pandas
// sums pairwise, rolling windows add and subtract; Go sums in order), so the
// rounding difference is of order n·ε ≈ 1e-11 relative. The tolerance is
// 1e-9 relative (1e-9 absolute for SRI, a count ratio), well above that and
// far below any definitional difference (the ddof factor alone is 4 % for
// IS). Window starts must match exactly.
const oracleTol = 1e-9

// oracleCase is one exported series.
type oracleCase struct {
	Name   string `json:"name"`
	Kind   string `json:"kind"` // "rhythm" or "sri"
	CSV    string `json:"csv"`
	EpochS int    `json:"epoch_s"`
	Bin    string `json:"bin,omitempty"`

	series prepared // rhythm: the values after the day rule, as exported
	grid   SleepWake
}

func repoRoot(t *testing.T) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		up := filepath.Dir(dir)
		if up == dir {
			t.Fatal("no go.mod above the test")
		}
		dir = up
	}
}

func oraclePython(t *testing.T) string {
	py := filepath.Join(repoRoot(t), ".venv-oracle", "bin", "python")
	if _, err := os.Stat(py); err != nil {
		if os.Getenv("WEARNB_ORACLE") == "require" {
			t.Fatalf("pyActigraphy oracle not installed (%v): run scripts/setup.sh", err)
		}
		t.Skip("pyActigraphy oracle not installed (.venv-oracle); `make test` installs it")
	}
	return py
}

// writeSeries exports values (NaN missing) at epoch from local midnight of
// first as CSV with a naive local-clock timestamp.
func writeSeries(path string, first wearnb.Date, epoch time.Duration, v []float64) error {
	var b strings.Builder
	b.WriteString("time,value\n")
	t0 := first.In(time.UTC)
	for k, x := range v {
		b.WriteString(t0.Add(time.Duration(k) * epoch).Format("2006-01-02 15:04:05"))
		b.WriteByte(',')
		if !math.IsNaN(x) {
			b.WriteString(strconv.FormatFloat(x, 'g', -1, 64))
		}
		b.WriteByte('\n')
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// minuteSeries returns the person's steps per minute over r on the local
// clock. The person must stay in one zone and r avoid DST days, so every day
// has 1440 minutes from local midnight; days without data are missing.
func minuteSeries(t *testing.T, p *synth.Person, r wearnb.Range) Series {
	s := Series{Start: r.From.In(time.UTC), Epoch: time.Minute}
	for d := r.From; !d.After(r.To); d = d.AddDays(1) {
		m := p.Minutes(d)
		if m == nil {
			s.Values = append(s.Values, fill(1440, math.NaN())...)
			continue
		}
		if len(m) != 1440 {
			t.Fatalf("%v has %d minutes: pick a range without DST or trips", d, len(m))
		}
		for _, x := range m {
			s.Values = append(s.Values, float64(x))
		}
	}
	return s
}

// fullNights finds the first run of n dates from `from` on that all have a
// main sleep, so the sleep/wake grid has no missing epoch.
func fullNights(p *synth.Person, from wearnb.Date, n int) wearnb.Range {
	r := wearnb.Range{From: from, To: from.AddDays(n - 1)}
	for {
		main := map[wearnb.Date]bool{}
		for _, s := range p.Sleeps(r) {
			if s.IsMain {
				main[s.Date] = true
			}
		}
		bad := wearnb.Date{}
		for d := r.From; !d.After(r.To); d = d.AddDays(1) {
			if !main[d] {
				bad = d
			}
		}
		if bad.IsZero() {
			return r
		}
		r = wearnb.Range{From: bad.AddDays(1), To: bad.AddDays(n)}
	}
}

func oracleCases(t *testing.T, dir string) []*oracleCase {
	home := synth.New(synth.Config{Seed: 1, NoTrips: true})
	// Summer: no DST change, no trip (NoTrips), so minutes tile local days.
	summer := wearnb.Range{From: wearnb.MustDate("2023-06-05"), To: wearnb.MustDate("2023-07-02")}
	var cases []*oracleCase
	add := func(name string, s Series, bin string) {
		p := prepare(s, RhythmOptions{}.withDefaults())
		c := &oracleCase{Name: name, Kind: "rhythm", CSV: filepath.Join(dir, name+".csv"), EpochS: int(s.Epoch.Seconds()), Bin: bin, series: p}
		if err := writeSeries(c.CSV, wearnb.DateOf(s.Start), s.Epoch, p.v); err != nil {
			t.Fatal(err)
		}
		cases = append(cases, c)
	}
	// 1. Hourly steps, four summer weeks, as the provider records give them.
	hourlySteps := StepsFromHours(home.Hours(summer))
	add("hourly_steps", hourlySteps, "1h")
	// 2. The same with gaps: every 37th hour missing and a whole day (not
	// worn), so bins, profile and successive pairs all meet missing values.
	gappy := hourlySteps
	gappy.Values = append([]float64(nil), hourlySteps.Values...)
	for k := range gappy.Values {
		if k%37 == 5 || (k >= 24*9 && k < 24*10) {
			gappy.Values[k] = math.NaN()
		}
	}
	add("hourly_steps_gaps", gappy, "1h")
	// 3. Minute steps, two weeks: IS/IV on hourly bins of minutes, L5/M10 on
	// the minute profile. Some minutes missing (every 307th), which makes
	// their hour missing.
	mins := minuteSeries(t, home, wearnb.Range{From: summer.From, To: summer.From.AddDays(13)})
	for k := range mins.Values {
		if k%307 == 7 {
			mins.Values[k] = math.NaN()
		}
	}
	add("minute_steps", mins, "1h")
	// 4. A disrupted rhythm (the preset), hourly.
	dis := synth.New(synth.Config{Seed: 1, NoTrips: true, Preset: synth.Disrupted})
	add("hourly_steps_disrupted", StepsFromHours(dis.Hours(summer)), "1h")
	// 5. Heart rate per minute, two weeks, as a provider with local offsets
	// sends it (HeartRateSeries): the off-wrist gaps are missing minutes,
	// which makes their hours missing for IS and IV.
	add("minute_heart_rate", HeartRateSeries(personHR(home, wearnb.Range{From: summer.From, To: summer.From.AddDays(13)}), time.Minute, nil), "1h")

	// SRI: complete 1-min sleep/wake grids (pyActigraphy's SRI has no
	// missing-data handling: one NaN makes it NaN), four weeks each.
	for _, pc := range []struct {
		name string
		p    *synth.Person
	}{{"sri_default", home}, {"sri_irregular", synth.New(synth.Config{Seed: 1, NoTrips: true, Preset: synth.Irregular})}} {
		r := fullNights(pc.p, summer.From, 28)
		g := SleepWakeFromSleeps(pc.p.Sleeps(r), r, time.Minute, false)
		v := make([]float64, len(g.State))
		for i, s := range g.State {
			switch s {
			case Sleep:
				v[i] = 1
			case Wake:
				v[i] = 0
			default:
				t.Fatalf("%s: missing epoch %d in a complete grid", pc.name, i)
			}
		}
		c := &oracleCase{Name: pc.name, Kind: "sri", CSV: filepath.Join(dir, pc.name+".csv"), EpochS: 60, grid: g}
		if err := writeSeries(c.CSV, r.From, time.Minute, v); err != nil {
			t.Fatal(err)
		}
		cases = append(cases, c)
	}
	return cases
}

// pyaToWitting converts pyActigraphy's IS and IV, which divide pandas
// variances (ddof 1), to Witting's formulas as wearnb computes them, using
// only counts and means of the binned data:
//
//	IS_W = IS_pya·n(p−1)/((n−1)p) + n(x̄′ − x̄)²/Σ(x − x̄)²
//	IV_W = IV_pya·n/(n−1)
//
// with n the bins present, p the clock slots with data, x̄ the mean of the
// bins and x̄′ the mean of the 24-h profile (= x̄ when no bin is missing, so
// the second IS term is then 0).
func pyaToWitting(p prepared, isPya, ivPya float64) (float64, float64) {
	x, slot0, perDay := binsOf(p, RhythmOptions{}.withDefaults())
	grand, n := mean(x)
	sum := make([]float64, perDay)
	cnt := make([]int, perDay)
	var ss float64
	for i, v := range x {
		if !math.IsNaN(v) {
			h := (slot0 + i) % perDay
			sum[h] += v
			cnt[h]++
			ss += (v - grand) * (v - grand)
		}
	}
	var prof []float64
	for h := range sum {
		if cnt[h] > 0 {
			prof = append(prof, sum[h]/float64(cnt[h]))
		}
	}
	pm, ps := mean(prof)
	nf, pf := float64(n), float64(ps)
	is := isPya*nf*(pf-1)/((nf-1)*pf) + nf*(pm-grand)*(pm-grand)/ss
	return is, ivPya * nf / (nf - 1)
}

func TestOraclePyActigraphy(t *testing.T) {
	py := oraclePython(t)
	dir := t.TempDir()
	cases := oracleCases(t, dir)
	manifest, _ := json.Marshal(cases)
	mpath, rpath := filepath.Join(dir, "manifest.json"), filepath.Join(dir, "results.json")
	if err := os.WriteFile(mpath, manifest, 0o644); err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(repoRoot(t), "wearnb", "metrics", "testdata", "oracle.py")
	start := time.Now()
	out, err := exec.Command(py, script, mpath, rpath).CombinedOutput()
	if err != nil {
		t.Fatalf("oracle.py: %v\n%s", err, out)
	}
	raw, err := os.ReadFile(rpath)
	if err != nil {
		t.Fatal(err)
	}
	var res map[string]map[string]any
	if err := json.Unmarshal(raw, &res); err != nil {
		t.Fatalf("%v\n%s", err, raw)
	}
	t.Logf("pyActigraphy %v (pandas %v, numpy %v), %.1f s", res["_versions"]["pyActigraphy"], res["_versions"]["pandas"], res["_versions"]["numpy"], time.Since(start).Seconds())

	var table strings.Builder
	fmt.Fprintf(&table, "| case | metric | Go | pyActigraphy (raw) | pyActigraphy (our definition) | diff | tolerance |\n|---|---|---|---|---|---|---|\n")
	check := func(c, metric string, goV, pyaRaw, pyaConv, tol float64, relative bool) {
		t.Helper()
		diff := goV - pyaConv
		lim := tol
		if relative {
			lim = tol * math.Max(1, math.Abs(pyaConv))
		}
		fmt.Fprintf(&table, "| %s | %s | %.10g | %.10g | %.10g | %.2g | %g%s |\n", c, metric, goV, pyaRaw, pyaConv, diff, tol, map[bool]string{true: " rel", false: ""}[relative])
		if math.IsNaN(goV) || math.IsNaN(pyaConv) || math.Abs(diff) > lim {
			t.Errorf("%s %s: Go %.12g, pyActigraphy %.12g (raw %.12g): diff %.3g > %g", c, metric, goV, pyaConv, pyaRaw, diff, lim)
		}
	}
	f := func(m map[string]any, k string) float64 {
		v, ok := m[k].(float64)
		if !ok {
			t.Fatalf("result %q missing or not a number: %v", k, m[k])
		}
		return v
	}
	for _, c := range cases {
		r := res[c.Name]
		if r == nil {
			t.Fatalf("no result for %s", c.Name)
		}
		if c.Kind == "sri" {
			got := SRI(c.grid, 7)
			check(c.Name, "SRI", got.SRI, f(r, "SRI"), f(r, "SRI"), oracleTol, false)
			continue
		}
		o := RhythmOptions{}.withDefaults()
		p := c.series
		is, iv := isOf(p, o), ivOf(p, o)
		isW, ivW := pyaToWitting(p, f(r, "IS"), f(r, "IV"))
		check(c.Name, "IS", is, f(r, "IS"), isW, oracleTol, true)
		check(c.Name, "IV", iv, f(r, "IV"), ivW, oracleTol, true)
		l5, l5s := lx(p, 5, true)
		m10, m10s := lx(p, 10, false)
		check(c.Name, "L5", l5, f(r, "L5"), f(r, "L5"), oracleTol, true)
		check(c.Name, "M10", m10, f(r, "M10"), f(r, "M10"), oracleTol, true)
		check(c.Name, "RA", (m10-l5)/(m10+l5), f(r, "RA"), f(r, "RA"), oracleTol, true)
		// pyActigraphy finds the windows on the average day laid twice end
		// to end (so a window may wrap midnight), and may report the start
		// in the second copy, a day later: the clock time is the start
		// modulo one day.
		check(c.Name, "L5 start (min)", l5s, f(r, "L5_start_min"), math.Mod(f(r, "L5_start_min"), Day), 0, false)
		check(c.Name, "M10 start (min)", m10s, f(r, "M10_start_min"), math.Mod(f(r, "M10_start_min"), Day), 0, false)
	}
	t.Logf("side by side:\n%s", table.String())
}
