package tokenstore

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

func sampleToken() *oauth2.Token {
	return (&oauth2.Token{
		AccessToken:  "access-" + randHex(8),
		TokenType:    "Bearer",
		RefreshToken: "refresh-" + randHex(8),
		Expiry:       time.Date(2026, 11, 24, 1, 2, 3, 456, time.FixedZone("CET", 3600)),
	}).WithExtra(map[string]any{
		"scope":      "sleep activity",
		"user_id":    "ABC123",
		"expires_in": 28800.0, // not kept: Expiry says it
		"other":      "not kept",
	})
}

func perm(t *testing.T, path string) fs.FileMode {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}

func TestSaveLoadRoundTrip(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "tokens")
	f := OpenFor(dir, "fitbit", "")
	tok := sampleToken()
	if err := f.Save(tok); err != nil {
		t.Fatal(err)
	}
	if got, want := f.Path(), filepath.Join(dir, "fitbit-default.json"); got != want {
		t.Errorf("Path() = %q, want %q", got, want)
	}
	got, err := f.Load()
	if err != nil {
		t.Fatal(err)
	}
	if got.AccessToken != tok.AccessToken || got.RefreshToken != tok.RefreshToken || got.TokenType != "Bearer" {
		t.Errorf("Load() = %s, want the saved token", Redacted(got))
	}
	if !got.Expiry.Equal(tok.Expiry) {
		t.Errorf("Expiry = %v, want %v", got.Expiry, tok.Expiry)
	}
	for key, want := range map[string]any{"scope": "sleep activity", "user_id": "ABC123", "other": nil, "expires_in": nil} {
		if got := got.Extra(key); got != want {
			t.Errorf("Extra(%q) = %v, want %v", key, got, want)
		}
	}
	if got := perm(t, f.Path()); got != 0o600 {
		t.Errorf("file mode = %v, want 0600", got)
	}
	if got := perm(t, dir); got != 0o700 {
		t.Errorf("dir mode = %v, want 0700", got)
	}

	// The file is the documented format.
	data, _ := os.ReadFile(f.Path())
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]any{"format": "wearnb-token", "version": 1.0, "provider": "fitbit", "account": "default", "expiry": "2026-11-24T00:02:03.000000456Z"} {
		if m[key] != want {
			t.Errorf("file field %q = %v, want %v", key, m[key], want)
		}
	}
	if _, ok := m["saved_at"].(string); !ok {
		t.Errorf("file has no saved_at: %s", data)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 { // the file and its lock
		t.Errorf("dir holds %d entries, want the token file and its lock", len(entries))
	}
}

func TestSaveTightensMode(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.json")
	if err := os.WriteFile(path, []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o666); err != nil {
		t.Fatal(err)
	}
	if err := Open(path).Save(sampleToken()); err != nil {
		t.Fatal(err)
	}
	if got := perm(t, path); got != 0o600 {
		t.Errorf("mode after Save = %v, want 0600", got)
	}
	if got := perm(t, path+".lock"); got != 0o600 {
		t.Errorf("lock file mode = %v, want 0600", got)
	}
}

func TestSaveKeepsRecordedAccount(t *testing.T) {
	dir := t.TempDir()
	if err := OpenFor(dir, "oura", "me").Save(sampleToken()); err != nil {
		t.Fatal(err)
	}
	path := PathFor(dir, "oura", "me")
	if err := Open(path).Save(sampleToken()); err != nil { // knows no account
		t.Fatal(err)
	}
	rec, err := Open(path).read()
	if err != nil {
		t.Fatal(err)
	}
	if rec.Provider != "oura" || rec.Account != "me" {
		t.Errorf("provider, account = %q, %q; want oura, me", rec.Provider, rec.Account)
	}
	// Opening it for another account is refused.
	other := &File{path: path, provider: "fitbit", account: "me"}
	var fe *FileError
	if _, err := other.Load(); !errors.As(err, &fe) || !strings.Contains(err.Error(), `"oura"`) {
		t.Errorf("Load for another provider: %v, want a FileError naming oura", err)
	}
}

func TestSaveRejects(t *testing.T) {
	f := Open(filepath.Join(t.TempDir(), "t.json"))
	for name, tok := range map[string]*oauth2.Token{
		"nil":      nil,
		"empty":    {},
		"newline":  {AccessToken: "a\nb"},
		"nonascii": {AccessToken: "a", RefreshToken: "é"},
	} {
		if err := f.Save(tok); err == nil {
			t.Errorf("Save(%s) succeeded, want an error", name)
		}
	}
	if _, err := os.Stat(f.Path()); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a rejected Save created the file: %v", err)
	}
}

func TestLoadMissing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nope.json")
	_, err := Open(path).Load()
	if !errors.Is(err, ErrNoToken) {
		t.Fatalf("Load() error = %v, want ErrNoToken", err)
	}
	var fe *FileError
	if errors.As(err, &fe) {
		t.Errorf("a missing file is not a FileError: %v", err)
	}
	for _, want := range []string{path, "consent flow"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

// fixture copies testdata/name into a private folder with mode 0600, the
// way Save writes token files: git checks files out readable by everyone,
// and Load refuses those.
func fixture(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadGoodTestdata(t *testing.T) {
	for name, want := range map[string]string{"valid.json": "eyJhbGciOiJIUzI1NiJ9.testdata-access.sig", "minimal.json": "a", "refresh_only.json": ""} {
		tok, err := Open(fixture(t, name)).Load()
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if tok.AccessToken != want {
			t.Errorf("%s: access token %q, want %q", name, tok.AccessToken, want)
		}
	}
	tok, _ := Open(fixture(t, "valid.json")).Load()
	if tok.Extra("user_id") != "ABC123" || tok.Extra("scope") != "sleep activity heartrate" {
		t.Errorf("valid.json extras: user_id %v, scope %v", tok.Extra("user_id"), tok.Extra("scope"))
	}
}

func TestLoadBadFiles(t *testing.T) {
	dir := t.TempDir()
	cases := map[string]string{ // file -> words the error must contain
		"empty.json":                "empty",
		"blank.json":                "empty",
		"truncated.json":            "truncated",
		"foreign_oauth2_token.json": "not a wearnb token file",
		"foreign_other.json":        "not a wearnb token file",
		"null.json":                 "not a wearnb token file",
		"array.json":                "not an object",
		"string.json":               "not an object",
		"newer_version.json":        "newer wearnb",
		"no_tokens.json":            "neither",
		"control_char.json":         "not allowed",
		"wrong_type.json":           "wrong type",
		"two_objects.json":          "invalid JSON",
		"binary.json":               "invalid JSON",
	}
	for name, want := range cases {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, name)
		os.WriteFile(path, data, 0o600)
		checkFileError(t, path, want)
	}

	// A directory where the file should be.
	path := filepath.Join(dir, "adir.json")
	os.Mkdir(path, 0o700)
	checkFileError(t, path, "directory")

	// Every strict prefix of a good file is truncated, never a token.
	good, _ := os.ReadFile("testdata/valid.json")
	good = bytes.TrimSpace(good)
	path = filepath.Join(dir, "prefix.json")
	for n := 1; n < len(good); n++ {
		os.WriteFile(path, good[:n], 0o600)
		if tok, err := Open(path).Load(); err == nil {
			t.Fatalf("prefix of %d bytes loaded as %s", n, Redacted(tok))
		}
		checkFileError(t, path, "")
	}

	// Too large.
	path = filepath.Join(dir, "huge.json")
	os.WriteFile(path, bytes.Repeat([]byte(" "), maxFileSize+10), 0o600)
	checkFileError(t, path, "too large")

	if os.Geteuid() != 0 { // root reads anything
		path = filepath.Join(dir, "unreadable.json")
		os.WriteFile(path, good, 0o000)
		checkFileError(t, path, "permission denied")
	}
}

func checkFileError(t *testing.T, path, want string) {
	t.Helper()
	tok, err := Open(path).Load()
	var fe *FileError
	if !errors.As(err, &fe) {
		t.Errorf("%s: Load() = %v, %v; want a *FileError", filepath.Base(path), tok, err)
		return
	}
	if tok != nil {
		t.Errorf("%s: Load returned a token with its error", filepath.Base(path))
	}
	msg := err.Error()
	if fe.Path != path || !strings.Contains(msg, path) || !strings.Contains(msg, "consent flow") || !strings.Contains(msg, "delete") {
		t.Errorf("%s: message %q must name the path and the way back", filepath.Base(path), msg)
	}
	if want != "" && !strings.Contains(msg, want) {
		t.Errorf("%s: message %q does not say %q", filepath.Base(path), msg, want)
	}
	if errors.Is(err, ErrNoToken) {
		t.Errorf("%s: an unusable file must not match ErrNoToken", filepath.Base(path))
	}
}

// FuzzLoad checks the decoder never panics, and that whatever it accepts
// survives an encode/decode round trip unchanged.
func FuzzLoad(f *testing.F) {
	seeds, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil || len(seeds) == 0 {
		f.Fatalf("no seed files: %v", err)
	}
	for _, p := range seeds {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rec, err := decode(data)
		if err != nil {
			if rec != nil {
				t.Fatal("decode returned a record with its error")
			}
			return
		}
		tok := rec.token()
		if tok.AccessToken == "" && tok.RefreshToken == "" {
			t.Fatal("accepted a file without tokens")
		}
		enc, err := encode(rec)
		if err != nil {
			t.Fatalf("cannot encode an accepted record: %v", err)
		}
		again, err := decode(enc)
		if err != nil {
			t.Fatalf("cannot decode what was encoded: %v", err)
		}
		if !again.Expiry.Equal(rec.Expiry) || !again.SavedAt.Equal(rec.SavedAt) {
			t.Fatalf("times changed in the round trip")
		}
		again.Expiry, again.SavedAt, rec.Expiry, rec.SavedAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}
		if len(rec.Extra) == 0 {
			rec.Extra = nil
		}
		if !reflect.DeepEqual(again, rec) {
			t.Fatalf("round trip changed the record")
		}
	})
}

func TestPathFor(t *testing.T) {
	dir := filepath.Join("base", "tokens")
	for _, tc := range []struct{ provider, account, want string }{
		{"fitbit", "default", "fitbit-default.json"},
		{"fitbit", "", "fitbit-default.json"},
		{"oura", "Work_2", "oura-Work_2.json"},
		{"google.health", "a.b", "google.health-a.b.json"},
		{"fitbit", "me@example.com", "fitbit-me_example.com_" + hash4("me@example.com") + ".json"},
		{"fitbit", "../../etc/passwd", "fitbit-_._.._etc_passwd_" + hash4("../../etc/passwd") + ".json"},
		{"a-b", "c", "a_b_" + hash4("a-b") + "-c.json"},
		{"a", "b-c", "a-b_c_" + hash4("b-c") + ".json"},
		{"", "x", "unnamed-x.json"},
		{"fitbit", ".hidden", "fitbit-_hidden_" + hash4(".hidden") + ".json"},
	} {
		got := PathFor(dir, tc.provider, tc.account)
		if want := filepath.Join(dir, tc.want); got != want {
			t.Errorf("PathFor(%q, %q) = %q, want %q", tc.provider, tc.account, got, want)
		}
		if filepath.Dir(got) != dir {
			t.Errorf("PathFor(%q, %q) = %q leaves %q", tc.provider, tc.account, got, dir)
		}
	}
	long := strings.Repeat("x", 100)
	if got := filepath.Base(PathFor(dir, "p", long)); len(got) > 90 {
		t.Errorf("long account gives a %d-byte name", len(got))
	}
	if PathFor(dir, "p", long) == PathFor(dir, "p", long+"y") {
		t.Error("two long accounts share a file")
	}
}

func hash4(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:4])
}

func TestDefaultDir(t *testing.T) {
	base := t.TempDir()
	t.Setenv("GONB_TMP_DIR", "")

	t.Setenv("WEARNB_HOME", filepath.Join(base, "home"))
	got, err := DefaultDir()
	if want := filepath.Join(base, "home", "tokens"); err != nil || got != want {
		t.Errorf("with WEARNB_HOME: DefaultDir() = %q, %v; want %q", got, err, want)
	}

	t.Setenv("WEARNB_HOME", "")
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(base, "xdg"))
	t.Setenv("HOME", filepath.Join(base, "userhome"))
	cfg, err := os.UserConfigDir()
	if err != nil {
		t.Fatal(err)
	}
	got, err = DefaultDir()
	if want := filepath.Join(cfg, "wearnb", "tokens"); err != nil || got != want {
		t.Errorf("without WEARNB_HOME: DefaultDir() = %q, %v; want %q", got, err, want)
	}

	gonbTmp := filepath.Join(base, "gonb")
	os.Mkdir(gonbTmp, 0o700)
	t.Setenv("GONB_TMP_DIR", gonbTmp)
	link := filepath.Join(base, "link")
	if err := os.Symlink(gonbTmp, link); err != nil {
		t.Fatal(err)
	}
	for _, home := range []string{gonbTmp, filepath.Join(gonbTmp, "sub"), filepath.Join(link, "sub")} {
		t.Setenv("WEARNB_HOME", home)
		got, err := DefaultDir()
		if err == nil {
			t.Errorf("WEARNB_HOME=%s inside GONB_TMP_DIR: DefaultDir() = %q, want an error", home, got)
			continue
		}
		if !strings.Contains(err.Error(), "GONB_TMP_DIR") && !strings.Contains(err.Error(), "GoNB") || !strings.Contains(err.Error(), "WEARNB_HOME") {
			t.Errorf("error %q should explain GoNB's temp dir and WEARNB_HOME", err)
		}
	}
	// A sibling that only shares a prefix is fine.
	t.Setenv("WEARNB_HOME", gonbTmp+"2")
	if got, err := DefaultDir(); err != nil || got != filepath.Join(gonbTmp+"2", "tokens") {
		t.Errorf("sibling of GONB_TMP_DIR: DefaultDir() = %q, %v", got, err)
	}
}
