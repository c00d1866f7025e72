package consent_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wearnb.dev/wearnb/consent"
)

func writeSecrets(t *testing.T, content string, mode os.FileMode) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("WEARNB_HOME", dir)
	path := filepath.Join(dir, "secrets.json")
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	os.Chmod(path, mode) // WriteFile's mode is masked by umask
	return path
}

func clearCredentialEnv(t *testing.T) {
	for _, k := range []string{"WEARNB_FITBIT_CLIENT_ID", "WEARNB_FITBIT_CLIENT_SECRET", "WEARNB_GOOGLE_HEALTH_CLIENT_ID", "WEARNB_GOOGLE_HEALTH_CLIENT_SECRET"} {
		t.Setenv(k, "")
	}
}

func TestCredentialsFromEnvironment(t *testing.T) {
	clearCredentialEnv(t)
	t.Setenv("WEARNB_HOME", t.TempDir()) // no file there
	t.Setenv("WEARNB_FITBIT_CLIENT_ID", "23ABCD")
	t.Setenv("WEARNB_FITBIT_CLIENT_SECRET", "env-secret")
	id, secret, err := consent.Credentials("fitbit", nil)
	if id != "23ABCD" || secret != "env-secret" || err != nil {
		t.Errorf("Credentials = %q, %q, %v", id, secret, err)
	}
	// Names with other characters map to underscores.
	t.Setenv("WEARNB_GOOGLE_HEALTH_CLIENT_ID", "g-id")
	id, secret, err = consent.Credentials("google-health", nil)
	if id != "g-id" || secret != "" || err != nil {
		t.Errorf("public client from env = %q, %q, %v", id, secret, err)
	}
}

func TestCredentialsFromFile(t *testing.T) {
	clearCredentialEnv(t)
	writeSecrets(t, `{"fitbit":{"client_id":"FILEID","client_secret":"file-secret"},"oura":{"client_id":"o"}}`, 0o600)
	var shownOut syncBuffer
	d := consent.Terminal(&shownOut)

	id, secret, err := consent.Credentials("fitbit", d)
	if id != "FILEID" || secret != "file-secret" || err != nil {
		t.Errorf("Credentials = %q, %q, %v", id, secret, err)
	}
	if id, secret, err := consent.Credentials("Oura", d); id != "o" || secret != "" || err != nil {
		t.Errorf("case-insensitive public client = %q, %q, %v", id, secret, err)
	}
	_, _, err = consent.Credentials("jawbone", d)
	if !errors.Is(err, consent.ErrNoCredentials) || !strings.Contains(err.Error(), "secrets.json") {
		t.Errorf("missing provider: %v", err)
	}
	if shownOut.String() != "" {
		t.Errorf("warning for a 0600 file: %q", shownOut.String())
	}
	// The environment wins over the file.
	t.Setenv("WEARNB_FITBIT_CLIENT_ID", "ENVID")
	if id, _, _ := consent.Credentials("fitbit", nil); id != "ENVID" {
		t.Errorf("env did not win: %q", id)
	}
}

func TestCredentialsWarnsAboutWideMode(t *testing.T) {
	clearCredentialEnv(t)
	path := writeSecrets(t, `{"fitbit":{"client_id":"ID","client_secret":"wide-secret"}}`, 0o644)
	var shownOut syncBuffer
	d := consent.Terminal(&shownOut)
	id, _, err := consent.Credentials("fitbit", d)
	if id != "ID" || err != nil {
		t.Fatalf("Credentials = %q, %v", id, err)
	}
	got := shownOut.String()
	if !strings.Contains(got, "0644") || !strings.Contains(got, "chmod 600 "+path) {
		t.Errorf("warning = %q, want the mode and the chmod", got)
	}
	if strings.Contains(got, "wide-secret") {
		t.Error("warning shows the secret")
	}
}

func TestCredentialsErrors(t *testing.T) {
	clearCredentialEnv(t)
	t.Run("no file", func(t *testing.T) {
		dir := t.TempDir()
		t.Setenv("WEARNB_HOME", dir)
		_, _, err := consent.Credentials("fitbit", nil)
		if !errors.Is(err, consent.ErrNoCredentials) {
			t.Fatalf("err = %v", err)
		}
		for _, want := range []string{"WEARNB_FITBIT_CLIENT_ID", "WEARNB_FITBIT_CLIENT_SECRET", filepath.Join(dir, "secrets.json"), "0600"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not say %q", err, want)
			}
		}
	})
	t.Run("not JSON", func(t *testing.T) {
		writeSecrets(t, `{"fitbit":{"client_id":"ID","client_secret":"broken-secret-value"`, 0o600)
		_, _, err := consent.Credentials("fitbit", nil)
		if err == nil || strings.Contains(err.Error(), "broken-secret-value") || !strings.Contains(err.Error(), "not JSON") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("wrong types", func(t *testing.T) {
		writeSecrets(t, `{"fitbit":{"client_id":42,"client_secret":"typed-secret-value"}}`, 0o600)
		_, _, err := consent.Credentials("fitbit", nil)
		if err == nil || strings.Contains(err.Error(), "typed-secret-value") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("directory", func(t *testing.T) {
		dir := t.TempDir()
		t.Setenv("WEARNB_HOME", dir)
		os.Mkdir(filepath.Join(dir, "secrets.json"), 0o700)
		_, _, err := consent.Credentials("fitbit", nil)
		if err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("CredentialsFrom missing", func(t *testing.T) {
		_, _, err := consent.CredentialsFrom(filepath.Join(t.TempDir(), "nope.json"), "fitbit", nil)
		if !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("err = %v", err)
		}
	})
}

func TestSecretsPath(t *testing.T) {
	t.Setenv("WEARNB_HOME", "/some/home")
	if p, err := consent.SecretsPath(); p != "/some/home/secrets.json" || err != nil {
		t.Errorf("SecretsPath = %q, %v", p, err)
	}
	t.Setenv("WEARNB_HOME", "")
	t.Setenv("XDG_CONFIG_HOME", "/xdg")
	if p, err := consent.SecretsPath(); p != "/xdg/wearnb/secrets.json" || err != nil {
		t.Errorf("SecretsPath = %q, %v", p, err)
	}
}
