package sandbox

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
