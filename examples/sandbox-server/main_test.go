package main

import (
	"bytes"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestRunPrintsEndpointsAndServes(t *testing.T) {
	out := &syncBuf{}
	stop := make(chan struct{})
	done := make(chan error, 1)
	go func() { done <- run([]string{"-addr", "127.0.0.1:0", "-seed", "7"}, out, stop) }()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(out.String(), "Press Ctrl-C") {
		if time.Now().After(deadline) {
			t.Fatalf("no banner; output so far:\n%s", out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	text := out.String()
	for _, want := range []string{
		"/fitbit/oauth2/authorize", "/fitbit/oauth2/token", "/oura/oauth/authorize", "/googlehealth/o/oauth2/auth",
		"/jawbone/auth/oauth2/auth", "client_id      wearnb-sandbox", "sandbox-secret-not-for-production",
		"http://localhost:8976/callback", "seed 7",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("banner lacks %q:\n%s", want, text)
		}
	}
	base := regexp.MustCompile(`listening on (http://127\.0\.0\.1:\d+)`).FindStringSubmatch(text)
	if base == nil {
		t.Fatalf("no URL in banner:\n%s", text)
	}
	resp, err := http.Get(base[1] + "/")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(b), "wearnb sandbox provider") {
		t.Errorf("index: %d %s", resp.StatusCode, b)
	}
	close(stop)
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
}

func TestRefusesRemoteAddress(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", "[::]:0", "192.0.2.1:8975"} {
		err := run([]string{"-addr", addr}, io.Discard, nil)
		if err == nil || !strings.Contains(err.Error(), "not a loopback address") {
			t.Errorf("%s: err %v, want a refusal", addr, err)
		}
	}
	for _, addr := range []string{"127.0.0.1:1", "[::1]:1", "localhost:1"} {
		if err := checkAddr(addr, false); err != nil {
			t.Errorf("%s refused: %v", addr, err)
		}
	}
	if err := checkAddr("0.0.0.0:0", true); err != nil {
		t.Errorf("-allow-remote ignored: %v", err)
	}
}
