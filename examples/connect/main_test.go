package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"wearnb.dev/wearnb/consent"
	"wearnb.dev/wearnb/tokenstore"
)

func freeRedirect(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return "http://127.0.0.1:" + strconv.Itoa(ln.Addr().(*net.TCPAddr).Port) + "/callback"
}

func browse(link string) {
	go func() {
		resp, err := http.Get(link)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}()
}

func TestConnectSandboxSavesToken(t *testing.T) {
	for _, provider := range []string{"fitbit", "oura", "googlehealth", "jawbone"} {
		t.Run(provider, func(t *testing.T) {
			dir := t.TempDir()
			var out bytes.Buffer
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			err := run(ctx, []string{"-provider", provider, "-dir", dir, "-redirect", freeRedirect(t), "-auto-approve", "-trace"}, &out, browse)
			if err != nil {
				t.Fatalf("run: %v\n%s", err, out.String())
			}
			path := tokenstore.PathFor(dir, "sandbox-"+provider, "default")
			st, err := os.Stat(path)
			if err != nil || st.Mode().Perm() != 0o600 {
				t.Fatalf("token file %s: %v %v", path, st, err)
			}
			tok, err := tokenstore.Open(path).Load()
			if err != nil || tok.AccessToken == "" {
				t.Fatalf("Load: %v", err)
			}
			got := out.String()
			for _, want := range []string{"Connect ", "✅ Connected to " + provider, "Token saved to " + path, "→ POST"} {
				if !strings.Contains(got, want) {
					t.Errorf("output lacks %q:\n%s", want, got)
				}
			}
			for _, secret := range []string{tok.AccessToken, tok.RefreshToken} {
				if secret != "" && strings.Contains(got, secret) {
					t.Errorf("output shows a token:\n%s", got)
				}
			}
		})
	}
}

func TestConnectErrors(t *testing.T) {
	ctx := context.Background()
	var out bytes.Buffer
	if err := run(ctx, []string{"-provider", "withings", "-dir", t.TempDir()}, &out, browse); err == nil || !strings.Contains(err.Error(), "unknown provider") {
		t.Errorf("unknown provider: %v", err)
	}
	t.Setenv("WEARNB_HOME", t.TempDir())
	t.Setenv("WEARNB_OURA_CLIENT_ID", "")
	if err := run(ctx, []string{"-real", "-provider", "oura"}, &out, browse); !errors.Is(err, consent.ErrNoCredentials) {
		t.Errorf("real provider without credentials: %v", err)
	}
	// A cancelled wait ends cleanly.
	cctx, cancel := context.WithCancel(ctx)
	err := run(cctx, []string{"-dir", t.TempDir(), "-redirect", freeRedirect(t)}, &out, func(string) { cancel() })
	if !errors.Is(err, consent.ErrInterrupted) {
		t.Errorf("cancelled: %v", err)
	}
	if _, err := os.Stat(filepath.Join(t.TempDir(), "x")); err == nil {
		t.Error("unexpected file")
	}
}
