package takeout_test

import (
	"archive/zip"
	"bytes"
	"context"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/providers/fitbit"
	"wearnb.dev/wearnb/providers/fitbit/takeout"
	"wearnb.dev/wearnb/sandbox"
	"wearnb.dev/wearnb/sandbox/synth"
)

// served is the person as the sandbox's Fitbit API serves them, read by
// the Fitbit client with the person's zones.
func served(t *testing.T, sb *sandbox.Server, p *synth.Person, r wearnb.Range) *wearnb.Batch {
	t.Helper()
	tok, err := sb.IssueToken(sandbox.Fitbit, sandbox.DemoClientID, fitbit.Scopes)
	if err != nil {
		t.Fatal(err)
	}
	hc := &http.Client{Transport: &oauth2.Transport{Source: oauth2.StaticTokenSource(tok), Base: sb.Transport()}}
	c := fitbit.Sandbox(sandbox.InProcessURL, fitbit.WithZones(p.Zone)).Client(hc)
	ctx := context.Background()
	fetch := func(get func(context.Context, wearnb.Range) (*wearnb.Batch, error), r wearnb.Range) *wearnb.Batch {
		t.Helper()
		b, err := get(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	out := &wearnb.Batch{}
	for _, chunk := range r.Split(fitbit.MaxSleepDays) {
		out.Sleeps = append(out.Sleeps, fetch(c.Sleeps, chunk).Sleeps...)
	}
	out.Days = fetch(c.Days, r).Days
	out.Hours = fetch(c.Hours, r).Hours
	out.HeartRate = fetch(c.HeartRate, r).HeartRate
	out.Vitals = fetch(c.Vitals, r).Vitals
	return out
}

// compare checks that the imported records equal the served ones within
// the API's resolution: sleeps field for field (the same logs), days'
// steps and active minutes exactly, distance within a metre and calories
// within a kilocalorie (the API rounds them per day, the archive per
// minute), the resting heart rate within half a bpm (the API reports whole
// bpm, Takeout fractions) and missing on the same days, hours' steps
// exactly, heart rate and vitals as compareHeart says. skip lists dates
// not compared (travel days, whose zone the archive cannot know).
func compare(t *testing.T, got, want *wearnb.Batch, skip map[wearnb.Date]bool) {
	t.Helper()
	if len(got.Sleeps) != len(want.Sleeps) || len(want.Sleeps) == 0 {
		t.Fatalf("%d sleeps imported, %d served", len(got.Sleeps), len(want.Sleeps))
	}
	for i, w := range want.Sleeps {
		g := got.Sleeps[i]
		if skip[w.Date] {
			continue
		}
		if g.SourceID != w.SourceID || !g.Start.Equal(w.Start) || !g.End.Equal(w.End) || g.Date != w.Date ||
			g.Asleep != w.Asleep || g.Awake != w.Awake || g.Deep != w.Deep || g.Light != w.Light || g.REM != w.REM ||
			g.Latency != w.Latency || g.InBed != w.InBed || g.Efficiency != w.Efficiency || g.IsMain != w.IsMain ||
			len(g.Stages) != len(w.Stages) || g.UTCOffset() != w.UTCOffset() {
			t.Errorf("sleep %d differs:\n got %+v\nwant %+v", i, brief(g), brief(w))
		}
	}
	wantDays := map[wearnb.Date]wearnb.DayMoves{}
	for _, d := range want.Days {
		wantDays[d.Date] = d
	}
	if len(got.Days) != len(want.Days) || len(want.Days) == 0 {
		t.Errorf("%d days imported, %d served", len(got.Days), len(want.Days))
	}
	for _, g := range got.Days {
		w, ok := wantDays[g.Date]
		if skip[g.Date] {
			continue
		}
		if !ok || g.Steps != w.Steps || g.ActiveMinutes != w.ActiveMinutes || g.UTCOffset != w.UTCOffset ||
			!near(g.DistanceM, w.DistanceM, 1) || !near(g.CaloriesKcal, w.CaloriesKcal, 1) || !near(g.RestingHR, w.RestingHR, 0.5) {
			t.Errorf("day %s: imported %+v, served %+v", g.Date, g, w)
		}
	}
	wantHours := map[int64]wearnb.HourMoves{}
	for _, h := range want.Hours {
		wantHours[h.Start.Unix()] = h
	}
	n := 0
	for _, g := range got.Hours {
		if skip[wearnb.DateOf(g.Start)] {
			continue
		}
		w, ok := wantHours[g.Start.Unix()]
		if !ok || g.Steps != w.Steps || g.Start.String() != w.Start.String() {
			t.Errorf("hour %s: imported %+v, served %+v", g.Start, g, w)
		}
		n++
	}
	if n == 0 || len(got.Hours) != len(want.Hours) {
		t.Errorf("%d hours imported, %d served", len(got.Hours), len(want.Hours))
	}
	rested := 0
	for _, d := range got.Days {
		if d.RestingHR.OK() {
			rested++
		}
	}
	if rested == 0 {
		t.Error("no day has a resting heart rate")
	}
	compareHeart(t, got, want, skip)
}

// compareHeart checks heart rate and vitals. An archive written with a
// sample a minute at the minute (the API's 1-minute resolution) gives
// the API's samples exactly: the same instants with the same local
// offsets, the same bpm. Vitals: one per date with a main sleep, HRV and
// respiratory rate exactly (the archive holds the values the API serves),
// skin temperature within 0.005 °C (the API's resolution is 0.01 °C; the
// archive holds a sum over the night's samples), lowest and mean heart
// rate missing from both (Fitbit has none).
func compareHeart(t *testing.T, got, want *wearnb.Batch, skip map[wearnb.Date]bool) {
	t.Helper()
	keep := func(hs []wearnb.HeartRate) []wearnb.HeartRate {
		var out []wearnb.HeartRate
		for _, h := range hs {
			if !skip[h.Date()] {
				out = append(out, h)
			}
		}
		return out
	}
	g, w := keep(got.HeartRate), keep(want.HeartRate)
	if len(g) != len(w) || len(w) < 1000 {
		t.Errorf("%d heart-rate samples imported, %d served", len(g), len(w))
	} else {
		for i := range w {
			if !g[i].Time.Equal(w[i].Time) || g[i].Time.Format(time.RFC3339) != w[i].Time.Format(time.RFC3339) ||
				g[i].BPM != w[i].BPM || g[i].Local != w[i].Local || g[i].Provider != w[i].Provider || g[i].Context != w[i].Context {
				t.Errorf("heart-rate sample %d: imported %+v, served %+v", i, g[i], w[i])
				break
			}
		}
	}
	if len(got.Vitals) != len(want.Vitals) || len(want.Vitals) == 0 {
		t.Fatalf("%d vitals imported, %d served", len(got.Vitals), len(want.Vitals))
	}
	for i, w := range want.Vitals {
		g := got.Vitals[i]
		if g.Date != w.Date || g.Provider != w.Provider || g.SleepID != "" || !g.Start.IsZero() ||
			!near(g.AverageHRV, w.AverageHRV, 0) || !near(g.RespiratoryRate, w.RespiratoryRate, 0) ||
			!near(g.SkinTempDev, w.SkinTempDev, 0.005) || g.LowestHR.OK() || g.AverageHR.OK() ||
			!g.AverageHRV.OK() || !g.RespiratoryRate.OK() {
			t.Errorf("vitals %d: imported %+v, served %+v", i, g, w)
		}
	}
}

// near says whether a and b are both missing, or both present and within tol.
func near(a, b wearnb.Opt[float64], tol float64) bool {
	x, okA := a.Get()
	y, okB := b.Get()
	return okA == okB && math.Abs(x-y) <= tol
}

func brief(s wearnb.Sleep) wearnb.Sleep { s.Stages = nil; return s }

// travelDays returns the dates of r on which the person changes zones.
func travelDays(p *synth.Person, r wearnb.Range) map[wearnb.Date]bool {
	out := map[wearnb.Date]bool{}
	for d := r.From; !d.After(r.To); d = d.AddDays(1) {
		if _, ok := p.Switch(d); ok {
			out[d] = true
		}
	}
	return out
}

// TestArchiveEqualsTheAPI writes the sandbox person's Takeout archive as a
// zip and as a folder, in the JSON layout and with the CSV files, imports
// each, and compares the records with the same person served through the
// Fitbit API: over the week of the change to summer time and over a trip
// to the west coast (the archive read with the person's zone history;
// travel days, whose zone changes mid-day, are left out of the
// comparison).
func TestArchiveEqualsTheAPI(t *testing.T) {
	p := synth.Default()
	clk := sandbox.NewFakeClock(time.Date(2025, 12, 1, 12, 0, 0, 0, time.UTC))
	sb := sandbox.New(sandbox.Options{Person: p, Clock: clk})
	ranges := []wearnb.Range{
		{From: wearnb.MustDate("2025-03-05"), To: wearnb.MustDate("2025-03-12")}, // 9 March: clocks go forward
		{From: wearnb.MustDate("2025-04-18"), To: wearnb.MustDate("2025-04-29")}, // 20-27 April in Los Angeles
	}
	hist := takeout.ZoneHistory(p.ZoneAt, p.Zone)
	for _, r := range ranges {
		want := served(t, sb, p, r)
		skip := travelDays(p, wearnb.Range{From: r.From.AddDays(-1), To: r.To.AddDays(1)})
		for _, csv := range []bool{false, true} {
			opts := sandbox.TakeoutOptions{Range: r, CSV: csv, HeartRate: true}
			var buf bytes.Buffer
			if err := sb.WriteTakeoutZip(&buf, opts); err != nil {
				t.Fatal(err)
			}
			reads := map[string]func() (*takeout.Archive, error){}
			if csv {
				reads["zip reader"] = func() (*takeout.Archive, error) {
					zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
					if err != nil {
						return nil, err
					}
					return takeout.Read(zr, hist)
				}
			} else {
				zipPath := filepath.Join(t.TempDir(), "takeout-20251201T000000Z-001.zip")
				if err := os.WriteFile(zipPath, buf.Bytes(), 0o600); err != nil {
					t.Fatal(err)
				}
				dir := t.TempDir()
				if err := sb.WriteTakeoutDir(dir, opts); err != nil {
					t.Fatal(err)
				}
				reads["zip file"] = func() (*takeout.Archive, error) { return takeout.Open([]string{zipPath}, hist) }
				reads["folder"] = func() (*takeout.Archive, error) { return takeout.Open([]string{dir}, hist) }
			}
			for name, read := range reads {
				t.Run(r.String()+" "+name+map[bool]string{false: " json", true: " csv"}[csv], func(t *testing.T) {
					a, err := read()
					if err != nil {
						t.Fatal(err)
					}
					if csv && (a.Files["steps_csv"] == 0 || a.Files["heart_rate_csv"] == 0 || a.Files["resting_heart_rate_csv"] != 1) ||
						!csv && (a.Files["steps_csv"] != 0 || a.Files["heart_rate"] == 0 || a.Files["resting_heart_rate"] != 1) ||
						a.Files["hrv"] == 0 || a.Files["respiratory_rate_csv"] == 0 || a.Files["temperature"] == 0 || a.Zone.String() != "America/New_York" {
						t.Errorf("read %v", a)
					}
					got, err := a.Batch(r)
					if err != nil {
						t.Fatal(err)
					}
					compare(t, got, want, skip)
					if span, ok := a.Span(); !ok || span != r {
						t.Errorf("Span = %v, %t; want %v", span, ok, r)
					}
				})
			}
		}
	}
}

// TestArchiveWithoutZoneHistory: a person who stays home needs nothing but
// the archive (its Profile.csv names the zone), and the DST days come out
// as the API's.
func TestArchiveWithoutZoneHistory(t *testing.T) {
	p := synth.New(synth.Config{Seed: 7, NoTrips: true})
	clk := sandbox.NewFakeClock(time.Date(2025, 12, 1, 12, 0, 0, 0, time.UTC))
	sb := sandbox.New(sandbox.Options{Person: p, Clock: clk})
	r := wearnb.Range{From: wearnb.MustDate("2024-10-31"), To: wearnb.MustDate("2024-11-06")} // fall back on 2024-11-03
	var buf bytes.Buffer
	if err := sb.WriteTakeoutZip(&buf, sandbox.TakeoutOptions{Range: r, Root: "Takeout/Google Health", HeartRate: true}); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	a, err := takeout.Read(zr)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Roots) != 1 || a.Roots[0] != "Takeout/Google Health" {
		t.Errorf("roots %q", a.Roots)
	}
	got, err := a.Batch(r)
	if err != nil {
		t.Fatal(err)
	}
	compare(t, got, served(t, sb, p, r), nil)
	fallBack := 0
	for _, h := range got.Hours {
		if wearnb.DateOf(h.Start) == wearnb.MustDate("2024-11-03") {
			fallBack++
		}
	}
	if fallBack != 25 {
		t.Errorf("%d hours on the fall-back day, want 25", fallBack)
	}
}

// TestArchiveHeartRate: the archive's heart_rate files give the person's
// samples back, one a minute, at their UTC instants.
func TestArchiveHeartRate(t *testing.T) {
	p := synth.Default()
	clk := sandbox.NewFakeClock(time.Date(2025, 12, 1, 12, 0, 0, 0, time.UTC))
	sb := sandbox.New(sandbox.Options{Person: p, Clock: clk})
	r := wearnb.Range{From: wearnb.MustDate("2025-03-08"), To: wearnb.MustDate("2025-03-10")}
	var buf bytes.Buffer
	if err := sb.WriteTakeoutZip(&buf, sandbox.TakeoutOptions{Range: r, HeartRate: true}); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	a, err := takeout.Read(zr)
	if err != nil {
		t.Fatal(err)
	}
	start, _ := p.DaySpan(r.From)
	_, end := p.DaySpan(r.To)
	want := p.HeartRate(start, end, time.Minute)
	if a.Files["heart_rate"] != 3 || len(a.HeartRate) != len(want) || len(want) < 3*1000 {
		t.Fatalf("%d files, %d samples; want 3 files and %d samples", a.Files["heart_rate"], len(a.HeartRate), len(want))
	}
	for i, w := range want {
		g := a.HeartRate[i]
		if !g.At.Equal(w.Time) || g.BPM != float64(w.BPM) {
			t.Fatalf("sample %d: %v %v, want %v %v", i, g.At, g.BPM, w.Time, w.BPM)
		}
	}
}

// TestHeartRateResolution: real heart_rate files hold a sample every 5 to
// 15 s, the API one a minute. With an archive of 15-second samples, the
// importer's per-minute means are compared with the API's 1-minute
// samples (the person's value at the minute): every served minute is
// imported at the same instant; a minute the watch was worn only part of
// may add one (at most 1 in 1000); 95 % of the minutes are within 2 bpm (a
// minute's four 15-second values differ by the sensor's ±1.5 bpm noise),
// and none by more than 20 bpm (a minute in which the person falls asleep
// or wakes mixes both rates); over two weeks the means agree within 0.1
// bpm.
func TestHeartRateResolution(t *testing.T) {
	p := synth.New(synth.Config{Seed: 7, NoTrips: true})
	clk := sandbox.NewFakeClock(time.Date(2025, 12, 1, 12, 0, 0, 0, time.UTC))
	sb := sandbox.New(sandbox.Options{Person: p, Clock: clk})
	r := wearnb.Range{From: wearnb.MustDate("2025-06-01"), To: wearnb.MustDate("2025-06-14")}
	var buf bytes.Buffer
	if err := sb.WriteTakeoutZip(&buf, sandbox.TakeoutOptions{Range: r, HeartRate: true, HeartEvery: 15 * time.Second}); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	a, err := takeout.Read(zr)
	if err != nil {
		t.Fatal(err)
	}
	got, err := a.Batch(r)
	if err != nil {
		t.Fatal(err)
	}
	want := served(t, sb, p, r)
	imported := map[int64]float64{}
	var sumGot float64
	for _, h := range got.HeartRate {
		if h.Time.Second() != 0 {
			t.Fatalf("sample at %v: not on a minute", h.Time)
		}
		imported[h.Time.Unix()] = h.BPM
		sumGot += h.BPM
	}
	var within2, far int
	var sumWant float64
	for _, w := range want.HeartRate {
		g, ok := imported[w.Time.Unix()]
		if !ok {
			t.Fatalf("served minute %v not imported", w.Time)
		}
		d := math.Abs(g - w.BPM)
		if d <= 2 {
			within2++
		}
		if d > 20 {
			far++
		}
		sumWant += w.BPM
	}
	n := len(want.HeartRate)
	extra := len(got.HeartRate) - n
	meanGot, meanWant := sumGot/float64(len(got.HeartRate)), sumWant/float64(n)
	if n < 14*1000 || extra < 0 || extra > n/1000 || within2 < n*95/100 || far > 0 || math.Abs(meanGot-meanWant) > 0.1 {
		t.Errorf("%d minutes served, %d more imported; %d within 2 bpm, %d beyond 20; means %.3f imported, %.3f served",
			n, extra, within2, far, meanGot, meanWant)
	}
}
