package tokenstore

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// Multi-process tests re-run this test binary as helper processes (the
// os/exec helper-process pattern): TestHelperProcess does the child's part
// when helperEnv is set and is skipped otherwise.
const helperEnv = "WEARNB_TOKENSTORE_HELPER"

func TestHelperProcess(t *testing.T) {
	mode := os.Getenv(helperEnv)
	if mode == "" {
		t.Skip("helper process for the multi-process tests")
	}
	var err error
	switch mode {
	case "refresh":
		err = helperRefresh()
	case "saveloop":
		err = helperSaveLoop()
	case "refreshkill":
		err = helperRefreshKill()
	default:
		err = fmt.Errorf("unknown helper mode %q", mode)
	}
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

// fingerprint identifies a token in output without printing it.
func fingerprint(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:6])
}

// readyToken says "ready", waits for a line on stdin and gets a token
// from a token source over the shared file (TOKEN_PATH), refreshed at
// TOKEN_URL with CLIENT_ID and CLIENT_SECRET when it has expired.
func readyToken(ctx context.Context) (*oauth2.Token, error) {
	cfg := &oauth2.Config{
		ClientID:     os.Getenv("CLIENT_ID"),
		ClientSecret: os.Getenv("CLIENT_SECRET"),
		Endpoint:     oauth2.Endpoint{TokenURL: os.Getenv("TOKEN_URL"), AuthStyle: oauth2.AuthStyleInHeader},
	}
	ts := Open(os.Getenv("TOKEN_PATH")).TokenSource(ctx, cfg)
	fmt.Println("ready")
	if _, err := bufio.NewReader(os.Stdin).ReadString('\n'); err != nil {
		return nil, err
	}
	return ts.Token()
}

// helperRefresh says "ready", waits for a line on stdin, gets a token from
// a token source over the shared (expired) file, calls the API with it and
// prints the token's fingerprint and the API status.
func helperRefresh() error {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	tok, err := readyToken(ctx)
	if err != nil {
		return err
	}
	req, _ := http.NewRequestWithContext(ctx, "GET", os.Getenv("API_URL"), nil)
	tok.SetAuthHeader(req)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	fmt.Printf("token %s api %d\n", fingerprint(tok.AccessToken), resp.StatusCode)
	return nil
}

// helperRefreshKill says "ready", waits for a line on stdin and gets a
// token from a token source over the shared (expired) file, which
// refreshes it. Each step of the save after the refresh answer says
// "step <name>" and then waits STRETCH, so that the test can kill the
// process between any two steps. At the end it prints the new refresh
// token's fingerprint.
func helperRefreshKill() error {
	stretch, err := time.ParseDuration(os.Getenv("STRETCH"))
	if err != nil {
		return err
	}
	afterStep = func(step string) {
		fmt.Println("step " + step)
		time.Sleep(stretch)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	tok, err := readyToken(ctx)
	if err != nil {
		return err
	}
	fmt.Printf("token %s\n", fingerprint(tok.RefreshToken))
	return nil
}

// helperSaveLoop saves kill-at-N/kill-rt-N for N = SAVE_BASE, SAVE_BASE+1, …
// as fast as it can, saying "ready" after the first save, until it is killed
// (or 20 s pass, so that no orphan lingers).
func helperSaveLoop() error {
	base, err := strconv.Atoi(os.Getenv("SAVE_BASE"))
	if err != nil {
		return err
	}
	f := Open(os.Getenv("TOKEN_PATH"))
	deadline := time.Now().Add(20 * time.Second)
	for n := base; time.Now().Before(deadline); n++ {
		if err := f.Save(killToken(n)); err != nil {
			return err
		}
		if n == base {
			fmt.Println("ready")
		}
	}
	return nil
}

func killToken(n int) *oauth2.Token {
	return (&oauth2.Token{
		AccessToken:  fmt.Sprintf("kill-at-%d", n),
		RefreshToken: fmt.Sprintf("kill-rt-%d", n),
		Expiry:       time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC),
	}).WithExtra(map[string]any{"scope": strings.Repeat("sleep ", 50)})
}

type helper struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	out   *bufio.Reader
	errb  lockedBuffer
}

// lockedBuffer collects a child's stderr; exec copies into it from its own
// goroutine.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func startHelper(t *testing.T, ctx context.Context, mode string, env ...string) *helper {
	t.Helper()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(append(os.Environ(), helperEnv+"="+mode), env...)
	// Under -race a process sleeps 1 s before exiting; not needed here.
	cmd.Env = append(cmd.Env, "GORACE="+strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
	h := &helper{cmd: cmd}
	cmd.Stderr = &h.errb
	var err error
	if h.stdin, err = cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	h.out = bufio.NewReader(stdout)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return h
}

func (h *helper) expect(t *testing.T, prefix string) string {
	t.Helper()
	line, err := h.out.ReadString('\n')
	if !strings.HasPrefix(line, prefix) {
		t.Fatalf("helper said %q (%v), want %q…; stderr: %s", line, err, prefix, h.errb.String())
	}
	return strings.TrimSpace(line)
}

func TestMultiProcessRefresh(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	p := newFakeProvider(t)
	f := setup(t, p)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	const n = 4
	env := []string{
		"TOKEN_PATH=" + f.Path(),
		"TOKEN_URL=" + p.srv.URL + "/oauth2/token",
		"API_URL=" + p.srv.URL + "/api/profile",
		"CLIENT_ID=" + p.clientID,
		"CLIENT_SECRET=" + p.clientSecret,
	}
	var hs []*helper
	for range n {
		hs = append(hs, startHelper(t, ctx, "refresh", env...))
	}
	for _, h := range hs {
		h.expect(t, "ready")
	}
	start := time.Now()
	for _, h := range hs { // all at the same moment
		io.WriteString(h.stdin, "go\n")
	}
	want := fmt.Sprintf("token %s api 200", fingerprint("at1-"+p.suffix))
	for i, h := range hs {
		if got := h.expect(t, "token "); got != want {
			t.Errorf("process %d: %q, want %q", i, got, want)
		}
	}
	t.Logf("%d processes got the token and called the API within %v", n, time.Since(start).Round(time.Millisecond))
	for i, h := range hs {
		if err := h.cmd.Wait(); err != nil {
			t.Errorf("process %d: %v; stderr: %s", i, err, h.errb.String())
		}
	}

	grants, pairs, api, _ := p.stats()
	if grants != 1 || pairs != 1 || api != n {
		t.Errorf("grants, pairs, API calls = %d, %d, %d; want 1, 1, %d", grants, pairs, api, n)
	}
	if tok := mustLoad(t, f); tok.AccessToken != "at1-"+p.suffix || tok.RefreshToken != "rt1-"+p.suffix {
		t.Errorf("file holds %s, want pair 1", Redacted(tok))
	}
}

func tempFiles(t *testing.T, path string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(filepath.Dir(path), tempPrefix(path)+"*"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestKillDuringSave(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	path := filepath.Join(t.TempDir(), "kill.json")
	if err := Open(path).Save(killToken(0)); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	const iterations = 25
	var midWrite, saves int
	start := time.Now()
	for i := 1; i <= iterations; i++ {
		base := i * 1_000_000
		h := startHelper(t, ctx, "saveloop", "TOKEN_PATH="+path, "SAVE_BASE="+strconv.Itoa(base))
		h.expect(t, "ready")
		time.Sleep(time.Duration(rand.IntN(8000)) * time.Microsecond)
		h.cmd.Process.Kill()
		h.cmd.Wait()

		tok, err := Open(path).Load()
		if err != nil {
			t.Fatalf("after kill %d: %v", i, err)
		}
		var at, rt int
		if _, err := fmt.Sscanf(tok.AccessToken, "kill-at-%d", &at); err != nil {
			t.Fatalf("after kill %d: unexpected access token %q", i, tok.AccessToken)
		}
		fmt.Sscanf(tok.RefreshToken, "kill-rt-%d", &rt)
		if at != rt || at < base || tok.Extra("scope") != killToken(0).Extra("scope") {
			t.Fatalf("after kill %d: file holds access %d, refresh %d; want one whole save ≥ %d", i, at, rt, base)
		}
		saves += at - base + 1
		switch temps := tempFiles(t, path); len(temps) {
		case 0:
		case 1:
			midWrite++
		default:
			t.Fatalf("after kill %d: %d temporary files: %q", i, len(temps), temps)
		}
	}
	t.Logf("%d kills in %v; %d left a temporary file (killed mid-write); %d saves in all", iterations, time.Since(start).Round(time.Millisecond), midWrite, saves)

	if err := Open(path).Save(killToken(1)); err != nil {
		t.Fatal(err)
	}
	if temps := tempFiles(t, path); len(temps) != 0 {
		t.Errorf("temporary files after a clean save: %q", temps)
	}
}

// Defect 1, the kill test: a refreshing process is killed (SIGKILL) at a
// random point between the refresh answer being written to the temporary
// file and the rename, 30 times, against a provider whose refresh tokens
// work once and have no identical-retry rule (Oura's rules). After every
// kill the saved refresh token must still work: the next load and refresh
// succeed. Before the fix, a kill before the rename left the dead token in
// the file and the live one in a temporary file that the next save removed.
//
// The window from the answer arriving to its bytes being written (a JSON
// decode and encode, microseconds) cannot be protected: nothing is on disk
// yet. Each step after it is stretched by a few milliseconds so that random
// kill times land in every step.
func TestDefect1_KillBetweenRefreshAnswerAndRename(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	p := newFakeProvider(t)
	p.singleUse = true
	p.expiresIn = 1 // every saved token counts as expired: every Token() refreshes
	f := setup(t, p)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	const (
		kills   = 30
		stretch = 3 * time.Millisecond
	)
	env := []string{
		"TOKEN_PATH=" + f.Path(),
		"TOKEN_URL=" + p.srv.URL + "/oauth2/token",
		"CLIENT_ID=" + p.clientID,
		"CLIENT_SECRET=" + p.clientSecret,
		"STRETCH=" + stretch.String(),
	}
	lastStep := map[string]int{}
	start := time.Now()
	for i := 1; i <= kills; i++ {
		h := startHelper(t, ctx, "refreshkill", env...)
		h.expect(t, "ready")
		io.WriteString(h.stdin, "go\n")
		h.expect(t, "step written") // the answer is in the temporary file
		time.Sleep(time.Duration(rand.Int64N(int64(4 * stretch))))
		h.cmd.Process.Kill()
		rest, _ := io.ReadAll(h.out)
		h.cmd.Wait()
		last := "written"
		for _, line := range strings.Split(string(rest), "\n") {
			switch {
			case strings.HasPrefix(line, "step "):
				last = strings.TrimPrefix(line, "step ")
			case strings.HasPrefix(line, "token "):
				last = "done"
			}
		}
		lastStep[last]++

		// The saved refresh token must be the live one.
		tok, err := f.TokenSource(p.ctx(t), p.config()).Token()
		if err != nil {
			t.Fatalf("kill %d (after step %q): the next refresh failed, the saved refresh token is dead: %v", i, last, err)
		}
		p.mu.Lock()
		live := p.current
		p.mu.Unlock()
		if tok.RefreshToken != live {
			t.Fatalf("kill %d: the file holds %s, the provider's live refresh token is %s", i, fingerprint(tok.RefreshToken), fingerprint(live))
		}
		if temps := tempFiles(t, f.Path()); len(temps) != 0 {
			t.Fatalf("kill %d: temporary files left after the next refresh: %q", i, temps)
		}
	}
	before := lastStep["written"] + lastStep["synced"] + lastStep["closed"]
	t.Logf("%d kills in %v; last step reached: %v; %d before the rename", kills, time.Since(start).Round(time.Millisecond), lastStep, before)
	if before < kills/3 {
		t.Errorf("only %d of %d kills landed before the rename; the test does not probe the window", before, kills)
	}
}
