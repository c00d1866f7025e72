package connect

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-gota/gota/dataframe"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/cache"
	"wearnb.dev/wearnb/frames"
	"wearnb.dev/wearnb/sandbox"
	"wearnb.dev/wearnb/sandbox/synth"
)

// countingProgress records the progress reports of one Open.
type countingProgress struct{ labels []string }

func (c *countingProgress) start(label string, total int) cache.Progress {
	c.labels = append(c.labels, label)
	return nopProgress{}
}

type nopProgress struct{}

func (nopProgress) Add(int, string) {}
func (nopProgress) Done(string)     {}

// sameFrames compares two frames cell by cell; numbers within tol.
func sameFrames(t *testing.T, what string, got, want dataframe.DataFrame, tol float64) {
	t.Helper()
	g, w := got.Records(), want.Records()
	if len(g) != len(w) || len(w) < 2 {
		t.Fatalf("%s: %d rows imported, %d served", what, len(g)-1, len(w)-1)
	}
	for i := range w {
		for j := range w[i] {
			if g[i][j] == w[i][j] {
				continue
			}
			x, err1 := strconv.ParseFloat(g[i][j], 64)
			y, err2 := strconv.ParseFloat(w[i][j], 64)
			if err1 != nil || err2 != nil || math.Abs(x-y) > tol {
				t.Errorf("%s row %d column %s: imported %q, served %q", what, i, w[0][j], g[i][j], w[i][j])
				return
			}
		}
	}
}

// TestTakeoutThroughConnect imports the sandbox person's Takeout archive
// (as a zip, then as a folder) and checks that its frames (sleeps, stages,
// days with resting heart rate, hours, heart rate, nightly vitals) equal those of the same person's Fitbit account synced
// from the sandbox's API, distance and calories within a unit (the API
// rounds per day, the archive per minute). The first Open reads the
// archive with progress shown; the next reads the cache only; a changed
// archive is imported again; Logout with DeleteCache forgets it.
func TestTakeoutThroughConnect(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Second)
	defer cancel()
	p := synth.New(synth.Config{Seed: 3, NoTrips: true})
	r := wearnb.Range{From: wearnb.MustDate("2025-03-03"), To: wearnb.MustDate("2025-03-16")} // clocks go forward on 9 March
	home := t.TempDir()

	api, err := Open(ctx, "fitbit", Home(home), SandboxWith("", sandbox.Options{Person: p, AutoApprove: true}),
		OnConsentLink(playBrowser(t)), Progress(nil))
	if err != nil {
		t.Fatal(err)
	}
	defer api.Close()
	wantS, err := api.Sleeps(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	wantD, err := api.Days(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	wantH, err := api.Hours(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	wantHR, err := api.HeartRate(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	wantV, err := api.Vitals(ctx, r)
	if err != nil {
		t.Fatal(err)
	}

	sb := sandbox.New(sandbox.Options{Person: p})
	dir := t.TempDir()
	zipPath := filepath.Join(dir, "takeout-20260101T000000Z-001.zip")
	f, err := os.Create(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := sb.WriteTakeoutZip(f, sandbox.TakeoutOptions{Range: r, HeartRate: true}); err != nil {
		t.Fatal(err)
	}
	f.Close()
	folder := filepath.Join(dir, "extracted")
	if err := sb.WriteTakeoutDir(folder, sandbox.TakeoutOptions{Range: r, CSV: true, HeartRate: true}); err != nil {
		t.Fatal(err)
	}

	for _, archive := range []string{filepath.Join(dir, "takeout-*.zip"), folder} {
		t.Run(filepath.Base(archive), func(t *testing.T) {
			home := t.TempDir()
			var prog countingProgress
			acct, err := Open(ctx, "fitbit", Home(home), Takeout(archive), Progress(prog.start))
			if err != nil {
				t.Fatal(err)
			}
			if len(prog.labels) != 2 || !strings.HasPrefix(prog.labels[0], "read takeout ") || prog.labels[1] != "sync fitbit/default@takeout" {
				t.Errorf("progress reports %q, want reading then storing", prog.labels)
			}
			gotS, err := acct.Sleeps(ctx, r)
			if err != nil {
				t.Fatal(err)
			}
			gotD, err := acct.Days(ctx, r)
			if err != nil {
				t.Fatal(err)
			}
			gotH, err := acct.Hours(ctx, r)
			if err != nil {
				t.Fatal(err)
			}
			sameFrames(t, "sleeps", frames.Sleeps(gotS), frames.Sleeps(wantS), 0)
			sameFrames(t, "stages", frames.SleepStages(gotS), frames.SleepStages(wantS), 0)
			sameFrames(t, "days", frames.Moves(gotD), frames.Moves(wantD), 1)
			sameFrames(t, "hours", frames.HourlyMoves(gotH), frames.HourlyMoves(wantH), 0)
			gotHR, err := acct.HeartRate(ctx, r)
			if err != nil {
				t.Fatal(err)
			}
			gotV, err := acct.Vitals(ctx, r)
			if err != nil {
				t.Fatal(err)
			}
			sameFrames(t, "heart rate", frames.HeartRate(gotHR), frames.HeartRate(wantHR), 0)
			// Skin temperature within 0.005 °C: the archive holds a sum
			// over the night's samples, the API the rounded mean.
			sameFrames(t, "vitals", frames.NightlyVitals(gotV), frames.NightlyVitals(wantV), 0.005)
			acct.Close()

			// Again: the cache has it; nothing is read.
			prog.labels = nil
			acct, err = Open(ctx, "fitbit", Home(home), Takeout(archive), Progress(prog.start))
			if err != nil {
				t.Fatal(err)
			}
			if len(prog.labels) != 0 {
				t.Errorf("the second Open read the archive again: %q", prog.labels)
			}
			if again, _ := acct.Sleeps(ctx, r); len(again) != len(wantS) {
				t.Errorf("second Open: %d sleeps", len(again))
			}
			// An archive imported by an older importer (one without heart
			// rate) is imported again.
			marker := acct.importMarker
			acct.Close()
			old, err := os.ReadFile(marker)
			if err != nil || !strings.Contains(string(old), `"importer": 2`) {
				t.Fatalf("marker %s: %v", old, err)
			}
			os.WriteFile(marker, []byte(strings.Replace(string(old), `"importer": 2`, `"importer": 1`, 1)), 0o600)
			prog.labels = nil
			acct, err = Open(ctx, "fitbit", Home(home), Takeout(archive), Progress(prog.start))
			if err != nil {
				t.Fatal(err)
			}
			if len(prog.labels) != 2 {
				t.Errorf("an older importer's import was kept: %q", prog.labels)
			}
			rep, err := acct.Logout(ctx, DeleteCache())
			if err != nil || rep.CacheRows == 0 || rep.TokenFile != "" {
				t.Errorf("logout: %+v, %v", rep, err)
			}
			if left, _ := acct.Sleeps(ctx, r); len(left) != 0 {
				t.Errorf("%d sleeps left after Logout(DeleteCache())", len(left))
			}
			acct.Close()

			// After the logout the archive is imported afresh.
			prog.labels = nil
			acct, err = Open(ctx, "fitbit", Home(home), Takeout(archive), Progress(prog.start))
			if err != nil {
				t.Fatal(err)
			}
			defer acct.Close()
			if len(prog.labels) != 2 {
				t.Errorf("Open after logout did not import: %q", prog.labels)
			}
		})
	}
}

// TestTakeoutErrors: the wrong provider, a missing archive and an archive
// without Fitbit data are errors that say so.
func TestTakeoutErrors(t *testing.T) {
	ctx := context.Background()
	home := t.TempDir()
	if _, err := Open(ctx, "oura", Home(home), Takeout("x.zip")); err == nil || !strings.Contains(err.Error(), `"fitbit"`) {
		t.Errorf("oura: %v", err)
	}
	if _, err := Open(ctx, "fitbit", Home(home), Takeout(filepath.Join(home, "missing-*.zip"))); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing: %v", err)
	}
	empty := t.TempDir()
	if _, err := Open(ctx, "fitbit", Home(home), Takeout(empty), Progress(nil)); !errors.Is(err, wearnb.ErrNothingToImport) {
		t.Errorf("empty folder: %v", err)
	}
}
