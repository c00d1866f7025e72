package sandbox

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"golang.org/x/oauth2"
)

// restart starts a second server on the same state file, as the next
// notebook cell would.
func (e *testEnv) restart(t *testing.T) *testEnv {
	t.Helper()
	s, err := NewWithState(e.srv.opts)
	if err != nil {
		t.Fatal(err)
	}
	src := newFakeSource()
	s.src, s.data = src, newDataCache(src)
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	s.base = ts.URL
	return &testEnv{t: t, srv: s, ts: ts, clock: e.clock}
}

func TestStateFileSurvivesRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sandbox", "state.json")
	e := newEnv(t, Options{AutoApprove: true, StateFile: path})
	a := e.issue(Fitbit)
	_, r1 := e.refresh(Fitbit, a.RefreshToken) // pair 2, not used yet
	o := e.issue(Oura)
	e.srv.RevokeConsent(Jawbone)

	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("state file mode %v, want 0600", fi.Mode().Perm())
	}

	e2 := e.restart(t)
	if resp, _ := e2.get(dataPathFor(Oura), o.AccessToken); resp.StatusCode != 200 {
		t.Fatalf("oura token after restart: %d", resp.StatusCode)
	}
	// Fitbit's identical retry still answers with pair 2 across the restart.
	st, r2 := e2.refresh(Fitbit, a.RefreshToken)
	if st != 200 || r2["access_token"] != r1["access_token"] {
		t.Fatalf("identical retry after restart: %d %v", st, r2)
	}
	if resp, _ := e2.get(dataPathFor(Fitbit), r2["access_token"].(string)); resp.StatusCode != 200 {
		t.Fatalf("pair 2 after restart: %d", resp.StatusCode)
	}
	// Now pair 2 is used; a third server must know that too.
	e3 := e2.restart(t)
	st, m := e3.refresh(Fitbit, a.RefreshToken)
	wantReuseShape(t, Fitbit, st, m)
	if st, _ := e3.refresh(Fitbit, r2["refresh_token"].(string)); st != 200 {
		t.Fatalf("rotated token after two restarts: %d", st)
	}
}

func TestStateFileCorrupt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	if err := os.WriteFile(path, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := NewWithState(Options{StateFile: path})
	if err == nil || !strings.Contains(err.Error(), "corrupt") {
		t.Fatalf("err %v, want a corrupt-file error", err)
	}
	if s == nil || s.Endpoint(Fitbit).TokenURL == "" {
		t.Fatal("no usable server on a corrupt state file")
	}
	if _, err := StartAt("127.0.0.1:0", Options{StateFile: path}); err == nil {
		t.Fatal("StartAt ignored a corrupt state file")
	}
}

// Two servers on one state file at once, as two notebooks each with an
// in-process sandbox: what one issues or rotates, the other sees at its
// next request, and concurrent changes are all kept (each server locks the
// file and re-reads it before using the state).
func TestStateSharedByTwoServers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sandbox", "state.json")
	a, _ := inProcess(t, Options{StateFile: path})
	b, _ := inProcess(t, Options{StateFile: path})
	tok, err := a.IssueToken(Oura, DemoClientID, []string{"personal"})
	if err != nil {
		t.Fatal(err)
	}
	get := func(s *Server, access string) int {
		resp, err := bearerClient(s, access).Get(InProcessURL + "/oura/v2/usercollection/personal_info")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if st := get(b, tok.AccessToken); st != 200 {
		t.Fatalf("b does not know a's token: %d", st)
	}
	// b rotates the refresh token; a must see the old one spent and the
	// new pair valid.
	cfg := func(s *Server) (*oauth2.Config, context.Context) {
		return &oauth2.Config{ClientID: DemoClientID, ClientSecret: DemoClientSecret, Endpoint: oauth2.Endpoint{
			TokenURL: InProcessURL + "/oura/oauth/token", AuthStyle: oauth2.AuthStyleInParams,
		}}, context.WithValue(t.Context(), oauth2.HTTPClient, s.Client())
	}
	old := *tok
	old.Expiry = testNow.Add(-1)
	c, ctx := cfg(b)
	fresh, err := c.TokenSource(ctx, &old).Token()
	if err != nil {
		t.Fatal(err)
	}
	if st := get(a, fresh.AccessToken); st != 200 {
		t.Errorf("a does not know the pair b issued: %d", st)
	}
	c, ctx = cfg(a)
	if _, err := c.TokenSource(ctx, &old).Token(); err == nil || !strings.Contains(err.Error(), "invalid_grant") {
		t.Errorf("a accepted the refresh token b spent: %v", err)
	}
	// b revokes; a's requests fail at once.
	b.RevokeConsent(Oura)
	if st := get(a, fresh.AccessToken); st != 401 {
		t.Errorf("a still serves a token revoked through b: %d", st)
	}

	// Many changes at once through both servers: none is lost.
	var wg sync.WaitGroup
	toks := make([]string, 40)
	for i := range toks {
		s := a
		if i%2 == 1 {
			s = b
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			tk, err := s.IssueToken(Fitbit, DemoClientID, []string{"profile"})
			if err != nil {
				t.Error(err)
				return
			}
			toks[i] = tk.AccessToken
		}()
	}
	wg.Wait()
	fresh3, _ := inProcess(t, Options{StateFile: path})
	for i, tk := range toks {
		resp, err := bearerClient(fresh3, tk).Get(InProcessURL + "/fitbit/1/user/-/profile.json")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("token %d issued concurrently is lost: %d", i, resp.StatusCode)
		}
	}
}

// The state file's lock holds across processes: this test binary, re-run
// as a helper, issues tokens into the file while this process does; every
// token of both is valid afterwards.
func TestStateSharedAcrossProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a helper process")
	}
	path := filepath.Join(t.TempDir(), "state.json")
	cmd := exec.Command(os.Args[0], "-test.run=^TestStateHelperProcess$")
	cmd.Env = append(os.Environ(), stateHelperEnv+"="+path)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s, _ := inProcess(t, Options{StateFile: path})
	var mine []string
	for range 30 {
		tk, err := s.IssueToken(Fitbit, DemoClientID, []string{"profile"})
		if err != nil {
			t.Fatal(err)
		}
		mine = append(mine, tk.AccessToken)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("helper: %v\n%s", err, out.String())
	}
	theirs := strings.Fields(out.String())
	if len(theirs) < 30 {
		t.Fatalf("helper printed %q", out.String())
	}
	check, _ := inProcess(t, Options{StateFile: path})
	for _, tk := range append(mine, theirs[len(theirs)-30:]...) {
		resp, err := bearerClient(check, tk).Get(InProcessURL + "/fitbit/1/user/-/profile.json")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("a token is lost: %d", resp.StatusCode)
		}
	}
}

const stateHelperEnv = "WEARNB_SANDBOX_STATE_HELPER"

// TestStateHelperProcess is the helper's part of
// TestStateSharedAcrossProcesses: it issues 30 tokens into the state file
// and prints them, one a line. It is skipped unless run as the helper.
func TestStateHelperProcess(t *testing.T) {
	path := os.Getenv(stateHelperEnv)
	if path == "" {
		t.Skip("helper process for TestStateSharedAcrossProcesses")
	}
	s := New(Options{StateFile: path})
	for range 30 {
		tk, err := s.IssueToken(Fitbit, DemoClientID, []string{"profile"})
		if err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		fmt.Println(tk.AccessToken)
	}
	os.Exit(0)
}
