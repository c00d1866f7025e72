package paths

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLayoutWithHome(t *testing.T) {
	home := t.TempDir()
	t.Setenv(GoNBTempEnv, "")
	t.Setenv(HomeEnv, home)
	for _, l := range []Layout{Default(), At(""), At(home)} {
		for name, tc := range map[string]struct {
			f    func() (string, error)
			want string
		}{
			"tokens":  {l.Tokens, filepath.Join(home, "tokens")},
			"cache":   {l.Cache, filepath.Join(home, "cache.db")},
			"secrets": {l.Secrets, filepath.Join(home, "secrets.json")},
			"sandbox": {l.SandboxState, filepath.Join(home, "sandbox", "state.json")},
		} {
			if got, err := tc.f(); err != nil || got != tc.want {
				t.Errorf("%s = %q, %v; want %q", name, got, err, tc.want)
			}
		}
	}
	other := t.TempDir()
	if got, _ := At(other).Tokens(); got != filepath.Join(other, "tokens") {
		t.Errorf("At(other).Tokens() = %q: an explicit home wins over %s", got, HomeEnv)
	}
	t.Chdir(home)
	if got, _ := At("rel").Cache(); got != filepath.Join(home, "rel", "cache.db") {
		t.Errorf("relative home: %q, want it made absolute", got)
	}
}

func TestLayoutWithoutHome(t *testing.T) {
	base := t.TempDir()
	t.Setenv(GoNBTempEnv, "")
	t.Setenv(HomeEnv, "")
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(base, "config"))
	t.Setenv("XDG_CACHE_HOME", filepath.Join(base, "cache"))
	t.Setenv("HOME", filepath.Join(base, "home"))
	cfg, err := os.UserConfigDir()
	if err != nil {
		t.Fatal(err)
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		t.Fatal(err)
	}
	l := Default()
	if l.Home() != "" {
		t.Errorf("Home() = %q", l.Home())
	}
	for name, tc := range map[string]struct {
		f    func() (string, error)
		want string
	}{
		"tokens":  {l.Tokens, filepath.Join(cfg, "wearnb", "tokens")},
		"cache":   {l.Cache, filepath.Join(cache, "wearnb", "cache.db")},
		"secrets": {l.Secrets, filepath.Join(cfg, "wearnb", "secrets.json")},
		"sandbox": {l.SandboxState, filepath.Join(cfg, "wearnb", "sandbox", "state.json")},
	} {
		if got, err := tc.f(); err != nil || got != tc.want {
			t.Errorf("%s = %q, %v; want %q", name, got, err, tc.want)
		}
	}
	// No user folders at all: the error says to set WEARNB_HOME.
	t.Setenv("XDG_CONFIG_HOME", "")
	t.Setenv("XDG_CACHE_HOME", "")
	t.Setenv("HOME", "")
	if _, err := Default().Tokens(); err == nil || !strings.Contains(err.Error(), HomeEnv) {
		t.Errorf("no user folders: %v, want an error naming %s", err, HomeEnv)
	}
}

// Every path is refused inside GoNB's temporary folder, also through a
// symbolic link, and a sibling sharing its prefix is fine.
func TestGoNBTempFolderIsRefused(t *testing.T) {
	base := t.TempDir()
	gonb := filepath.Join(base, "gonb")
	if err := os.Mkdir(gonb, 0o700); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(base, "link")
	if err := os.Symlink(gonb, link); err != nil {
		t.Fatal(err)
	}
	t.Setenv(GoNBTempEnv, gonb)
	for _, home := range []string{gonb, filepath.Join(gonb, "sub"), filepath.Join(link, "sub")} {
		l := At(home)
		for name, f := range map[string]func() (string, error){"tokens": l.Tokens, "cache": l.Cache, "secrets": l.Secrets, "sandbox": l.SandboxState} {
			got, err := f()
			if !errors.Is(err, ErrGoNBTemp) {
				t.Errorf("home %s: %s = %q, %v; want ErrGoNBTemp", home, name, got, err)
				continue
			}
			if msg := err.Error(); !strings.Contains(msg, GoNBTempEnv) || !strings.Contains(msg, HomeEnv) || !strings.Contains(msg, "deletes") {
				t.Errorf("error %q should name %s, say it is deleted and how to fix it (%s)", msg, GoNBTempEnv, HomeEnv)
			}
		}
	}
	if err := Check(filepath.Join(link, "x.db")); !errors.Is(err, ErrGoNBTemp) {
		t.Errorf("Check through a link = %v", err)
	}
	if got, err := At(gonb + "2").Tokens(); err != nil || got != filepath.Join(gonb+"2", "tokens") {
		t.Errorf("sibling of %s: %q, %v", GoNBTempEnv, got, err)
	}
	t.Setenv(GoNBTempEnv, "")
	if err := Check(filepath.Join(gonb, "x")); err != nil {
		t.Errorf("without %s: %v", GoNBTempEnv, err)
	}
}
