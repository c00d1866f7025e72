package browser

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"
)

// needBrowser skips when Chromium is absent on a developer machine; under CI
// a missing browser is a failure, since the set-up installs it.
func needBrowser(t *testing.T) {
	t.Helper()
	if _, err := Path(); errors.Is(err, ErrNoBrowser) {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
}

func TestClickFollowsFormToNextPage(t *testing.T) {
	needBrowser(t)
	mux := http.NewServeMux()
	mux.HandleFunc("/consent", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<html><body><form method="post" action="/decide">
			<button id="allow" name="d" value="allow">Allow</button>
			<button id="deny" name="d" value="deny">Deny</button></form></body></html>`)
	})
	got := make(chan string, 1)
	mux.HandleFunc("/decide", func(w http.ResponseWriter, r *http.Request) {
		got <- r.FormValue("d")
		http.Redirect(w, r, "/done?d="+r.FormValue("d"), http.StatusFound)
	})
	mux.HandleFunc("/done", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "<p>done</p>") })
	srv := httptest.NewServer(mux)
	defer srv.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	final, err := Click(ctx, srv.URL+"/consent", "#deny")
	if err != nil {
		t.Fatal(err)
	}
	if d := <-got; d != "deny" {
		t.Errorf("form got d=%q, want deny", d)
	}
	if !strings.HasSuffix(final, "/done?d=deny") {
		t.Errorf("landed on %q, want .../done?d=deny", final)
	}
}

func TestClickMissingSelectorTimesOut(t *testing.T) {
	needBrowser(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "<p>no buttons here</p>")
	}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if _, err := Click(ctx, srv.URL, "#allow"); err == nil {
		t.Fatal("Click on a page without the button succeeded")
	}
}
