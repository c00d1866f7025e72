package tokenstore

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

func skipOnWindows(t *testing.T) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links and mode bits work differently on Windows")
	}
}

// attackerToken is a token someone else planted.
func attackerToken() *oauth2.Token {
	return &oauth2.Token{AccessToken: "planted-access-0f1e2d3c", RefreshToken: "planted-refresh-4b5a6978", Expiry: time.Now().Add(time.Hour)}
}

// Defect 8: a symbolic link planted at the token path was followed on
// load, so the attacker's token was used.
func TestDefect8_SymlinkAtTokenPathRefusedOnLoad(t *testing.T) {
	skipOnWindows(t)
	dir := t.TempDir()
	elsewhere := filepath.Join(t.TempDir(), "attacker.json")
	if err := Open(elsewhere).Save(attackerToken()); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "fitbit-default.json")
	if err := os.Symlink(elsewhere, path); err != nil {
		t.Fatal(err)
	}
	tok, err := Open(path).Load()
	var fe *FileError
	if err == nil || !errors.As(err, &fe) || tok != nil {
		t.Fatalf("Load through a symlink = %v, %v; want a *FileError and no token", tok != nil, err)
	}
	if !strings.Contains(err.Error(), "symbolic link") || !strings.Contains(err.Error(), path) {
		t.Errorf("message must name the link: %q", err)
	}
	// The token source refuses it too.
	if _, err := Open(path).TokenSource(t.Context(), nil).Token(); !errors.As(err, &fe) {
		t.Errorf("TokenSource through a symlink: %v", err)
	}
}

// Defect 8: Save replaced a symbolic link at the token path.
func TestDefect8_SymlinkAtTokenPathRefusedOnSave(t *testing.T) {
	skipOnWindows(t)
	dir := t.TempDir()
	elsewhere := filepath.Join(t.TempDir(), "attacker.json")
	if err := Open(elsewhere).Save(attackerToken()); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(elsewhere)
	path := filepath.Join(dir, "fitbit-default.json")
	if err := os.Symlink(elsewhere, path); err != nil {
		t.Fatal(err)
	}
	err := Open(path).Save(sampleToken())
	if err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Fatalf("Save over a symlink = %v; want a refusal that names the link", err)
	}
	if fi, err := os.Lstat(path); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced or removed (%v)", err)
	}
	if after, _ := os.ReadFile(elsewhere); string(after) != string(before) {
		t.Error("the link's target was written")
	}
}

// Defect 8: a symbolic link at the lock path made Save create a file at the
// link's target.
func TestDefect8_SymlinkAtLockPathRefused(t *testing.T) {
	skipOnWindows(t)
	dir := t.TempDir()
	target := filepath.Join(t.TempDir(), "created-by-save")
	path := filepath.Join(dir, "fitbit-default.json")
	if err := os.Symlink(target, path+".lock"); err != nil {
		t.Fatal(err)
	}
	err := Open(path).Save(sampleToken())
	if err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("Save with a symlinked lock = %v; want a refusal that names the link", err)
	}
	if _, err := os.Lstat(target); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Save created the lock link's target (%v)", err)
	}
}

// Defect 8: a token file that others may read loaded silently. Like ssh
// with a private key, wearnb refuses it and says which chmod fixes it.
func TestDefect8_LooseModeTokenFileRefused(t *testing.T) {
	skipOnWindows(t)
	for _, mode := range []os.FileMode{0o644, 0o640, 0o604, 0o660} {
		path := filepath.Join(t.TempDir(), "oura-default.json")
		if err := Open(path).Save(sampleToken()); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
		tok, err := Open(path).Load()
		var fe *FileError
		if !errors.As(err, &fe) || tok != nil {
			t.Errorf("mode %04o: Load = %v, %v; want a *FileError", mode, tok != nil, err)
			continue
		}
		if !strings.Contains(err.Error(), "chmod 600 "+path) {
			t.Errorf("mode %04o: message must give the chmod: %q", mode, err)
		}
		// Saving writes a new 0600 file, which loads again.
		if err := Open(path).Save(sampleToken()); err != nil {
			t.Fatal(err)
		}
		if _, err := Open(path).Load(); err != nil {
			t.Errorf("mode %04o: after Save: %v", mode, err)
		}
	}
}

// Defect 8: a tokens folder anyone may write to was accepted: anyone could
// replace the token file. Load and Save refuse it.
func TestDefect8_WorldWritableFolderRefused(t *testing.T) {
	skipOnWindows(t)
	dir := filepath.Join(t.TempDir(), "tokens")
	f := OpenFor(dir, "oura", "default")
	if err := f.Save(sampleToken()); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Load(); err == nil || !strings.Contains(err.Error(), "chmod 700 "+dir) {
		t.Errorf("Load in a world-writable folder = %v; want a refusal with the chmod", err)
	}
	if err := f.Save(sampleToken()); err == nil || !strings.Contains(err.Error(), "chmod 700 "+dir) {
		t.Errorf("Save in a world-writable folder = %v; want a refusal with the chmod", err)
	}
	// Sticky or not: /tmp-like folders are refused too.
	if err := os.Chmod(dir, 0o777|os.ModeSticky); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Load(); err == nil {
		t.Error("Load in a sticky world-writable folder succeeded")
	}
	os.Chmod(dir, 0o700)
	if _, err := f.Load(); err != nil {
		t.Errorf("after chmod 700: %v", err)
	}
}
