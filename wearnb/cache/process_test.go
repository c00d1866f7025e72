package cache

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"wearnb.dev/wearnb"
)

// The helper process syncs procRange through a slow fake provider whose
// calls are logged to a file, so the parent can kill it mid-sync.
var (
	procSpecs = []streamSpec{
		{"sleep", wearnb.KindSleeps, 30, 2},
		{"activity", wearnb.KindDayMoves, 30, 2},
	}
	procRange = rng("2023-01-01", "2023-12-31") // 13 chunks per stream
	procToday = "2024-06-01"                    // everything settled
)

// TestHelperProcess is not a test: it is the body of the child processes
// the tests below start (it skips unless WEARNB_CACHE_HELPER is set).
func TestHelperProcess(t *testing.T) {
	if os.Getenv("WEARNB_CACHE_HELPER") != "1" {
		t.Skip("helper process only")
	}
	p := newFake(procSpecs...)
	p.logPath = os.Getenv("WEARNB_CACHE_LOG")
	p.delay, _ = time.ParseDuration(os.Getenv("WEARNB_CACHE_DELAY"))
	c, err := Open(os.Getenv("WEARNB_CACHE_DB"))
	if err == nil {
		_, err = c.Sync(context.Background(), p, "me", nil, procRange,
			WithToday(wearnb.MustDate(procToday)), WithoutProgress())
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "helper:", err)
		os.Exit(3)
	}
	os.Exit(0)
}

func startHelper(t *testing.T, db, log string, delay time.Duration) (*exec.Cmd, *bytes.Buffer, <-chan error) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), "WEARNB_CACHE_HELPER=1", "WEARNB_CACHE_DB="+db,
		"WEARNB_CACHE_LOG="+log, "WEARNB_CACHE_DELAY="+delay.String())
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	return cmd, &stderr, done
}

func logLines(t *testing.T, path string) []string {
	b, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}

// coveredDays returns "stream date" for every day the ledger covers.
func coveredDays(t *testing.T, c *Cache) map[string]bool {
	t.Helper()
	ledger, err := c.Chunks(context.Background(), "fake", "me")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, ch := range ledger {
		for d := ch.Range.From; !d.After(ch.Range.To); d = d.AddDays(1) {
			out[ch.Stream+" "+d.String()] = true
		}
	}
	return out
}

// TestKillAndResume starts a helper process that syncs through a slow
// provider, SIGKILLs it at a random point (while fetching or while writing),
// and then resumes in this process. The resume must not refetch any chunk
// the killed process stored, must end with exactly the planned chunks, and
// must leave no duplicate or missing rows.
func TestKillAndResume(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rnd := rand.New(rand.NewPCG(seed, 1))
	total := 2 * len(procRange.Split(30))
	for iter := range 3 {
		t.Run(fmt.Sprint(iter), func(t *testing.T) {
			dir := t.TempDir()
			db, log := filepath.Join(dir, "cache.db"), filepath.Join(dir, "calls.log")
			killAfter := 1 + rnd.IntN(total-1)                      // logged calls before the kill
			extra := time.Duration(rnd.IntN(30)) * time.Millisecond // then this much longer

			cmd, stderr, done := startHelper(t, db, log, 5*time.Millisecond)
			deadline := time.After(30 * time.Second)
			finished := false
		wait:
			for len(logLines(t, log)) < killAfter {
				select {
				case err := <-done:
					finished = true
					if err != nil {
						t.Fatalf("helper failed before the kill: %v\n%s", err, stderr)
					}
					break wait
				case <-deadline:
					cmd.Process.Kill()
					t.Fatal("helper made no progress")
				case <-time.After(time.Millisecond):
				}
			}
			if !finished {
				time.Sleep(extra)
				cmd.Process.Kill() // SIGKILL
				if err := <-done; err == nil {
					t.Logf("helper finished before the kill")
				}
			}
			asked := logLines(t, log)
			t.Logf("killed after %d logged calls (+%v): helper asked for %d chunks", killAfter, extra, len(asked))

			c, err := Open(db)
			if err != nil {
				t.Fatalf("reopen after kill: %v", err)
			}
			defer c.Close()
			before := coveredDays(t, c)
			stored := 0
			for _, line := range asked {
				f := strings.Fields(line)
				if before[f[0]+" "+f[1]] {
					stored++
				}
			}
			t.Logf("%d of them were stored", stored)

			p := newFake(procSpecs...)
			sync1(t, c, p, procRange, procToday)
			resumed := p.callList()
			for _, call := range resumed {
				for d := call.Range.From; !d.After(call.Range.To); d = d.AddDays(1) {
					if before[call.Stream+" "+d.String()] {
						t.Errorf("resume refetched %v, which holds %v stored before the kill", call, d)
						break
					}
				}
			}
			if got, want := stored+len(resumed), total; got != want {
				t.Errorf("%d chunks stored by the killed process + %d fetched by the resume = %d, want %d", stored, len(resumed), got, want)
			}
			// The ledger is exactly the plan: same boundaries as one
			// uninterrupted sync.
			ledger, err := c.Chunks(context.Background(), "fake", "me")
			if err != nil {
				t.Fatal(err)
			}
			var got, want []string
			for _, ch := range ledger {
				got = append(got, ch.Stream+" "+ch.Range.String())
			}
			for _, s := range []string{"activity", "sleep"} {
				for _, r := range procRange.Split(30) {
					want = append(want, s+" "+r.String())
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("ledger after resume:\n%v\nwant\n%v", got, want)
			}
			checkRows(t, c, p, procRange)

			p.resetCalls()
			sync1(t, c, p, procRange, procToday)
			if n := len(p.callList()); n != 0 {
				t.Errorf("third sync fetched %d chunks, want 0", n)
			}
		})
	}
}

// TestTwoProcesses runs two helper processes on one database at once: both
// must finish without a busy error and leave every row once.
func TestTwoProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "cache.db")
	var waits []<-chan error
	var errs []*bytes.Buffer
	for i := range 2 {
		_, stderr, done := startHelper(t, db, filepath.Join(dir, fmt.Sprintf("calls%d.log", i)), 0)
		waits = append(waits, done)
		errs = append(errs, stderr)
	}
	for i, done := range waits {
		if err := <-done; err != nil {
			t.Errorf("process %d: %v\n%s", i, err, errs[i])
		}
	}
	c, err := Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	checkRows(t, c, newFake(procSpecs...), procRange)
	if n := len(coveredDays(t, c)); n != 2*procRange.Days() {
		t.Errorf("ledger covers %d stream-days, want %d", n, 2*procRange.Days())
	}
}
