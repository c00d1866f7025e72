package sandboxtest

import (
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"wearnb.dev/wearnb/fetch"
	"wearnb.dev/wearnb/sandbox"
)

const sleepPath = "/oura/v2/usercollection/sleep"

// get fetches the sleeps of two days through e's HTTP client, waiting the
// way fetch does, after one rate-limit answer asking for 5 s.
func get(t *testing.T, e *Env) {
	t.Helper()
	fl := e.Server.Faults(sandbox.Oura)
	fl.SetRetryAfter(5 * time.Second)
	fl.Next(sandbox.FaultRateLimit, 1)
	c := fetch.New("oura", e.HTTP, e.FetchOptions()...)
	if _, err := c.Get(t.Context(), "sleep", e.URL+sleepPath+"?start_date=2026-05-01&end_date=2026-05-02"); err != nil {
		t.Fatal(err)
	}
}

func TestEnv(t *testing.T) {
	e := New(t, sandbox.Oura, []string{"daily"})
	if e.Person == nil || e.Token.AccessToken == "" || !e.Clock.Now().Equal(DefaultNow) {
		t.Fatalf("env = %+v", e)
	}
	var seen []int
	e.Before(func(n int, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+e.Token.AccessToken {
			t.Errorf("request %d does not carry the token", n)
		}
		seen = append(seen, n)
	})
	get(t, e)
	if w := e.Clock.Waits(); !reflect.DeepEqual(w, []time.Duration{5 * time.Second}) {
		t.Errorf("waits %v, want the Retry-After", w)
	}
	if got := e.Clock.Now(); !got.Equal(DefaultNow.Add(5 * time.Second)) {
		t.Errorf("clock %v: the wait did not move it", got)
	}
	if !reflect.DeepEqual(seen, []int{1, 2}) || !reflect.DeepEqual(e.Paths(), []string{sleepPath, sleepPath}) {
		t.Errorf("requests %v, paths %v", seen, e.Paths())
	}
	seen = nil
	e.Before(func(n int, _ *http.Request) { seen = append(seen, n) })
	get(t, e)
	if !reflect.DeepEqual(seen, []int{1, 2}) || len(e.Paths()) != 4 {
		t.Errorf("after Before: requests %v, %d paths", seen, len(e.Paths()))
	}

	// Another flavour's token on the same sandbox.
	resp, err := e.Client(t, sandbox.Fitbit, []string{"profile"}).Get(e.URL + "/fitbit/1/user/-/profile.json")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || e.Server.Requests(sandbox.Fitbit) != 1 || len(e.Paths()) != 5 {
		t.Errorf("fitbit profile: %s, %d requests", resp.Status, e.Server.Requests(sandbox.Fitbit))
	}
}

func TestEnvAtFrozen(t *testing.T) {
	at := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	e := New(t, sandbox.Oura, []string{"daily"}, At(at), FrozenClock())
	get(t, e)
	if w := e.Clock.Waits(); len(w) != 1 || !e.Clock.Now().Equal(at) {
		t.Errorf("frozen clock at %v after waits %v, want %v", e.Clock.Now(), w, at)
	}
}

// The sandbox runs in-process unless asked otherwise: it never listens, and
// requests reach it anyway; OverLoopback puts it on a loopback port.
func TestInProcessUnlessOverLoopback(t *testing.T) {
	e := New(t, sandbox.Oura, []string{"daily"})
	if e.URL != sandbox.InProcessURL || e.Server.URL() != "" {
		t.Errorf("in-process env: URL %q, server listening at %q", e.URL, e.Server.URL())
	}
	get(t, e)
	l := New(t, sandbox.Oura, []string{"daily"}, OverLoopback())
	if !strings.HasPrefix(l.URL, "http://127.0.0.1:") || l.URL != l.Server.URL() {
		t.Errorf("loopback env: URL %q, server at %q", l.URL, l.Server.URL())
	}
	get(t, l)
}
