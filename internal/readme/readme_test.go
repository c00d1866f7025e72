// Package readme holds the tests that keep README.md's "Connect your real
// account" section true to the code: the redirect URIs, environment
// variables and endpoints it names. It has no code of its own.
package readme

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"wearnb.dev/wearnb/connect"
	"wearnb.dev/wearnb/consent"
	"wearnb.dev/wearnb/providers"
	"wearnb.dev/wearnb/providers/googlehealth"
	"wearnb.dev/wearnb/providers/oura"
)

// section returns the README's text from the heading title to the next
// heading of the same or a higher level.
func section(t *testing.T, text, title string) string {
	t.Helper()
	level := strings.Count(strings.Fields(title)[0], "#")
	i := strings.Index(text, "\n"+title+"\n")
	if i < 0 {
		t.Fatalf("README has no %q section", title)
	}
	rest := text[i+len(title)+2:]
	for _, line := range strings.Split(rest, "\n") {
		if strings.HasPrefix(line, "#") {
			if n := len(line) - len(strings.TrimLeft(line, "#")); n <= level {
				return rest[:strings.Index(rest, "\n"+line+"\n")]
			}
		}
	}
	return rest
}

func readme(t *testing.T) string {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestConnectSectionsExist: one section per provider, then the
// troubleshooting topics issue 12 asks for.
func TestConnectSectionsExist(t *testing.T) {
	connectSec := section(t, readme(t), "## Connect your real account")
	for _, title := range []string{"### Oura", "### Google Health (Fitbit and Pixel Watch data)", "### Fitbit", "### Jawbone UP", "### Troubleshooting"} {
		if s := section(t, connectSec, title); len(strings.TrimSpace(s)) < 100 {
			t.Errorf("section %q is nearly empty", title)
		}
	}
	trouble := section(t, connectSec, "### Troubleshooting")
	for _, topic := range []string{"**Port in use.**", "**Remote kernels (JupyterHub, Docker, SSH, Colab) and paste mode.**", "**Fitbit's 410.**",
		"**Google's Testing-mode expiry.**", "**Oura's portal endpoints.**", "**Where the token files live, and how to log out.**"} {
		if !strings.Contains(trouble, topic) {
			t.Errorf("Troubleshooting lacks %s", topic)
		}
	}
	google := section(t, connectSec, "### Google Health (Fitbit and Pixel Watch data)")
	for _, step := range []string{"**Cloud project and API.**", "**OAuth consent screen**", "Test users", "**Restricted scopes",
		"**Client type and redirect URI**", "**Desktop app**", "**Web application**", "**Where the id and secret go.**"} {
		if !strings.Contains(google, step) {
			t.Errorf("the Google walk-through lacks %s", step)
		}
	}
	// The scopes it tells people to add are the ones wearnb asks for.
	for _, sc := range googlehealth.Scopes {
		short := "…" + strings.TrimPrefix(sc, "https://www.googleapis.com")
		if !strings.Contains(google, "`"+short+"`") {
			t.Errorf("the Google walk-through does not name the scope %s (as %s)", sc, short)
		}
	}
}

// redirectRE finds "redirect URI `…`" (and "redirect URIs" forms).
var redirectRE = regexp.MustCompile("redirect URIs?\\s+`([^`]+)`")

// TestRedirectURIsMatchTheCode: every redirect URI the README tells people
// to register is a default of the code: consent.DefaultRedirectURL, or
// googlehealth.PasteRedirectURL for Google's Web client; and each provider
// that has an app names the default.
func TestRedirectURIsMatchTheCode(t *testing.T) {
	connectSec := section(t, readme(t), "## Connect your real account")
	allowed := []string{consent.DefaultRedirectURL, googlehealth.PasteRedirectURL}
	found := redirectRE.FindAllStringSubmatch(connectSec, -1)
	if len(found) < 4 {
		t.Fatalf("found %d redirect URIs in the section", len(found))
	}
	for _, m := range found {
		if !slices.Contains(allowed, m[1]) {
			t.Errorf("the README names the redirect URI %q; the code's are %q", m[1], allowed)
		}
	}
	for title, want := range map[string][]string{
		"### Oura": {consent.DefaultRedirectURL},
		"### Google Health (Fitbit and Pixel Watch data)": {consent.DefaultRedirectURL, googlehealth.PasteRedirectURL},
		"### Fitbit": {consent.DefaultRedirectURL},
	} {
		sec := section(t, connectSec, title)
		for _, w := range want {
			if !strings.Contains(sec, "`"+w+"`") {
				t.Errorf("%s does not name the redirect URI %s", title, w)
			}
		}
	}
	if !strings.Contains(connectSec, "WEARNB_GOOGLEHEALTH_REDIRECT_URL=https://www.google.com") {
		t.Error("the Google section does not say how to select the paste page")
	}
}

// envRE finds the environment variables the section names.
var envRE = regexp.MustCompile(`WEARNB_[A-Z0-9_<>]+`)

// TestSettingsNamedAsTheCodeReadsThem: every WEARNB_ variable the section
// names is one the code reads, and the Oura token URL it gives is the one
// the code knows.
func TestSettingsNamedAsTheCodeReadsThem(t *testing.T) {
	connectSec := section(t, readme(t), "## Connect your real account")
	known := map[string]bool{"WEARNB_HOME": true, "WEARNB_CONSENT_MODE": true}
	keys := []string{"client_id", "client_secret", "redirect_url", "auth_url", "token_url", "revoke_url", "api_url", "scopes", "pkce"}
	for _, p := range append(providers.Names(), "<PROVIDER>") {
		for _, k := range keys {
			known[connect.SettingName(p, k)] = true
		}
	}
	for _, k := range keys {
		known["_"+strings.ToUpper(k)] = true // "`_TOKEN_URL`" after the first one
	}
	for _, v := range envRE.FindAllString(connectSec, -1) {
		v = strings.TrimRight(v, "_")
		if !known[v] && !known[strings.TrimPrefix(v, "WEARNB_<PROVIDER>")] {
			t.Errorf("the README names %s, which the code does not read", v)
		}
	}
	if !strings.Contains(connectSec, "WEARNB_OURA_TOKEN_URL="+oura.NewPortalTokenURL) {
		t.Errorf("the README does not give WEARNB_OURA_TOKEN_URL=%s", oura.NewPortalTokenURL)
	}
	if connect.SettingName("oura", "token_url") != "WEARNB_OURA_TOKEN_URL" {
		t.Errorf("SettingName = %s", connect.SettingName("oura", "token_url"))
	}
}
