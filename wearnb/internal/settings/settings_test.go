package settings

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestEnv(t *testing.T) {
	for _, c := range []struct{ provider, key, want string }{
		{"oura", TokenURL, "WEARNB_OURA_TOKEN_URL"},
		{"googlehealth", RedirectURL, "WEARNB_GOOGLEHEALTH_REDIRECT_URL"},
		{"my-ring", ClientID, "WEARNB_MY_RING_CLIENT_ID"},
	} {
		if got := Env(c.provider, c.key); got != c.want {
			t.Errorf("Env(%q, %q) = %q, want %q", c.provider, c.key, got, c.want)
		}
	}
}

// TestLoad: the environment wins key by key over the file; the file's
// scopes may be a list; an id from the environment takes its secret from
// there too; sources name the variable or the file, never a value.
func TestLoad(t *testing.T) {
	path := filepath.Join(t.TempDir(), "secrets.json")
	file := `{"Oura": {"client_id": "file-id", "client_secret": "file-secret-value", "token_url": "https://file.example/token",
		"api_url": "https://file.example/api/", "scopes": ["extapi:daily", "extapi:personal"], "pkce": true}}`
	if err := os.WriteFile(path, []byte(file), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"WEARNB_OURA_TOKEN_URL": "https://env.example/token"}
	p, err := Load("oura", path, func(k string) string { return env[k] }, nil)
	if err != nil {
		t.Fatal(err)
	}
	if p.ClientID != "file-id" || p.ClientSecret != "file-secret-value" || p.TokenURL != "https://env.example/token" ||
		p.APIURL != "https://file.example/api" || !reflect.DeepEqual(p.Scopes, []string{"extapi:daily", "extapi:personal"}) ||
		p.PKCE == nil || !*p.PKCE || p.AuthURL != "" || !p.Overrides() {
		t.Errorf("Load = %+v", p)
	}
	if p.Sources[TokenURL] != "WEARNB_OURA_TOKEN_URL" || !strings.Contains(p.Sources[APIURL], path) {
		t.Errorf("sources %v", p.Sources)
	}
	for _, src := range p.Sources {
		if strings.Contains(src, "file-secret-value") {
			t.Errorf("a source shows the secret: %q", src)
		}
	}

	env = map[string]string{"WEARNB_OURA_CLIENT_ID": "env-id"}
	p, err = Load("oura", path, func(k string) string { return env[k] }, nil)
	if err != nil || p.ClientID != "env-id" || p.ClientSecret != "" {
		t.Errorf("id from the environment: %+v, %v; want its secret from the environment (none)", p, err)
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	none := func(string) string { return "" }
	if p, err := Load("oura", filepath.Join(dir, "missing.json"), none, nil); err != nil || p.Overrides() || p.ClientID != "" {
		t.Errorf("missing file: %+v, %v; want nothing set", p, err)
	}
	for name, body := range map[string]string{
		"bad url":  `{"oura": {"token_url": "moi.ouraring.com/oauth"}}`,
		"bad pkce": `{"oura": {"pkce": "maybe"}}`,
		"bad type": `{"oura": {"token_url": 7}}`,
		"not json": `{"oura": {"client_secret": "broken-secret-value"`,
	} {
		path := filepath.Join(dir, strings.ReplaceAll(name, " ", "_")+".json")
		os.WriteFile(path, []byte(body), 0o600)
		_, err := Load("oura", path, none, nil)
		if err == nil || strings.Contains(err.Error(), "broken-secret-value") || !strings.Contains(err.Error(), path) {
			t.Errorf("%s: %v", name, err)
		}
	}
	bad := map[string]string{"WEARNB_OURA_API_URL": "ftp://x"}
	if _, err := Load("oura", "", func(k string) string { return bad[k] }, nil); err == nil || !strings.Contains(err.Error(), "WEARNB_OURA_API_URL") {
		t.Errorf("bad env value: %v", err)
	}
	wide := filepath.Join(dir, "wide.json")
	os.WriteFile(wide, []byte(`{}`), 0o644)
	var warned string
	if _, err := Load("oura", wide, none, func(m string) { warned = m }); err != nil || !strings.Contains(warned, "chmod 600") {
		t.Errorf("wide file: %v, warning %q", err, warned)
	}
}
