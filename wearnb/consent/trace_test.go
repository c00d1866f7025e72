package consent_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"
	"wearnb.dev/wearnb/consent"
)

func TestRedact(t *testing.T) {
	cases := []struct{ in, want string }{
		{`{"access_token":"AT1","token_type":"Bearer","refresh_token":"RT1","expires_in":3600}`,
			`{"access_token":"[redacted]","token_type":"Bearer","refresh_token":"[redacted]","expires_in":3600}`},
		{`{ "id_token" : "a\"b", "nested": {"client_secret": "S"} }`,
			`{ "id_token" : "[redacted]", "nested": {"client_secret": "[redacted]"} }`},
		{`grant_type=authorization_code&code=C1&code_verifier=V1&redirect_uri=http%3A%2F%2Flocalhost`,
			`grant_type=authorization_code&code=[redacted]&code_verifier=[redacted]&redirect_uri=http%3A%2F%2Flocalhost`},
		{`http://localhost:8976/callback?code=C2&state=S2`, `http://localhost:8976/callback?code=[redacted]&state=S2`},
		{`token=T3&token_type_hint=refresh_token`, `token=[redacted]&token_type_hint=refresh_token`},
		{`https://x/revoke?access_token=T4`, `https://x/revoke?access_token=[redacted]`},
		{`{"error":{"code":401,"message":"bad"}}`, `{"error":{"code":401,"message":"bad"}}`},
		{`{"errorType":"invalid_grant","message":"code unknown"}`, `{"errorType":"invalid_grant","message":"code unknown"}`},
		{`barcode=123&zipcode=9`, `barcode=123&zipcode=9`},
		{`{"Access_Token":"mixed"}`, `{"Access_Token":"[redacted]"}`},
	}
	for _, tc := range cases {
		if got := consent.Redact(tc.in); got != tc.want {
			t.Errorf("Redact(%s)\n got %s\nwant %s", tc.in, got, tc.want)
		}
	}
}

func TestRedactHeader(t *testing.T) {
	cases := []struct{ name, value, want string }{
		{"Authorization", "Bearer abc.def", "Bearer [redacted]"},
		{"authorization", "Basic Zm9vOmJhcg==", "Basic [redacted]"},
		{"Cookie", "session=xyz", "[redacted]"},
		{"Set-Cookie", "id=1; HttpOnly", "[redacted]"},
		{"Location", "http://localhost:8976/callback?code=C&state=S", "http://localhost:8976/callback?code=[redacted]&state=S"},
		{"Content-Type", "application/json", "application/json"},
	}
	for _, tc := range cases {
		if got := consent.RedactHeader(tc.name, tc.value); got != tc.want {
			t.Errorf("RedactHeader(%s, %s) = %s, want %s", tc.name, tc.value, got, tc.want)
		}
	}
}

func TestTraceTransport(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if string(body) != "grant_type=authorization_code&code=secret-code-77&code_verifier=secret-verifier-77" {
			t.Errorf("server got body %q: the trace must pass it on unchanged", body)
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Set-Cookie", "sid=secret-cookie-77")
		// A server that echoes the code in its own words.
		io.WriteString(w, `{"access_token":"secret-access-77","refresh_token":"secret-refresh-77","note":"issued for secret-code-77","big":"`+strings.Repeat("x", 5000)+`"}`)
	}))
	defer srv.Close()
	var log logBuffer
	c := &http.Client{Transport: consent.TraceTransport(nil, log.Logf)}
	req, _ := http.NewRequest("POST", srv.URL+"/token?code=secret-code-77", strings.NewReader("grant_type=authorization_code&code=secret-code-77&code_verifier=secret-verifier-77"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth("client", "secret-client-77")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	if !strings.Contains(string(body), "secret-access-77") {
		t.Error("the caller did not get the body unchanged")
	}
	got := log.String()
	for _, want := range []string{"→ POST " + srv.URL + "/token?code=[redacted]", "Authorization: Basic [redacted]", "← 200 OK",
		"code=[redacted]&code_verifier=[redacted]", `"access_token":"[redacted]"`, "issued for [redacted]", "Set-Cookie: [redacted]", "more bytes)"} {
		if !strings.Contains(got, want) {
			t.Errorf("trace lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "secret-") {
		t.Errorf("trace shows a secret:\n%s", got)
	}
}

func TestInspectAndFingerprint(t *testing.T) {
	expiry := time.Now().Add(90 * time.Minute)
	tok := (&oauth2.Token{AccessToken: "access-value", RefreshToken: "refresh-value", TokenType: "Bearer", Expiry: expiry}).
		WithExtra(map[string]any{"scope": "sleep activity", "user_id": "ABC"})
	info := consent.Inspect(tok)
	if !info.Valid || info.UserID != "ABC" || strings.Join(info.Scopes, ",") != "sleep,activity" || info.Type != "Bearer" {
		t.Errorf("Inspect = %+v", info)
	}
	if info.ExpiresIn <= 80*time.Minute || info.ExpiresIn > 90*time.Minute {
		t.Errorf("ExpiresIn = %s", info.ExpiresIn)
	}
	if fp := consent.Fingerprint("access-value"); info.Access != fp || !strings.HasPrefix(fp, "sha256:") || !strings.HasSuffix(fp, "(12 chars)") {
		t.Errorf("Access = %q, Fingerprint = %q", info.Access, fp)
	}
	if consent.Fingerprint("a") == consent.Fingerprint("b") || consent.Fingerprint("") != "none" {
		t.Error("fingerprints do not tell tokens apart")
	}
	s := info.String()
	if strings.Contains(s, "access-value") || strings.Contains(s, "refresh-value") || !strings.Contains(s, "user:    ABC") {
		t.Errorf("String =\n%s", s)
	}
	expired := consent.Inspect(&oauth2.Token{AccessToken: "x", Expiry: time.Now().Add(-time.Hour)})
	if expired.Valid || !strings.Contains(expired.String(), "(expired)") || expired.Refresh != "none" {
		t.Errorf("expired = %+v", expired)
	}
	if got := consent.Inspect(nil); got.Access != "none" || got.Valid {
		t.Errorf("Inspect(nil) = %+v", got)
	}
	line := consent.Connected("Fitbit", tok, []string{"ignored"}, "/tokens/fitbit.json")
	for _, want := range []string{"Connected to Fitbit as user ABC", "scopes sleep activity", "access until", "refresh token", "/tokens/fitbit.json"} {
		if !strings.Contains(line, want) {
			t.Errorf("Connected = %q lacks %q", line, want)
		}
	}
	// Scopes fall back to the requested ones when the provider is silent.
	if line := consent.Connected("Oura", &oauth2.Token{AccessToken: "x"}, []string{"daily"}, ""); !strings.Contains(line, "scopes daily") || strings.Contains(line, "as user") {
		t.Errorf("Connected = %q", line)
	}
}

func TestDetectRemote(t *testing.T) {
	for _, k := range []string{"WEARNB_CONSENT_MODE", "JUPYTERHUB_API_URL", "BINDER_LAUNCH_HOST", "COLAB_RELEASE_TAG", "CODESPACES", "SSH_CONNECTION"} {
		t.Setenv(k, "")
	}
	if remote, _ := consent.DetectRemote(); remote {
		t.Error("remote with a clean environment")
	}
	t.Setenv("JUPYTERHUB_API_URL", "http://hub:8081/hub/api")
	if remote, why := consent.DetectRemote(); !remote || !strings.Contains(why, "JupyterHub") {
		t.Errorf("JupyterHub: %v %q", remote, why)
	}
	t.Setenv("WEARNB_CONSENT_MODE", "local")
	if remote, _ := consent.DetectRemote(); remote {
		t.Error("WEARNB_CONSENT_MODE=local did not override")
	}
}

func TestLinkHTML(t *testing.T) {
	got := consent.LinkHTML(`http://localhost:8976/?a=1&b="2"`, "Fit<bit>", "")
	want := `<div class="wearnb-consent"><a class="wearnb-consent-link" href="http://localhost:8976/?a=1&amp;b=&#34;2&#34;" target="_blank" rel="noopener">Connect Fit&lt;bit&gt; (opens the consent page)</a></div>`
	if got != want {
		t.Errorf("LinkHTML =\n%s\nwant\n%s", got, want)
	}
	if consent.Mode(7).String() != "Mode(7)" || consent.Paste.String() != "paste" {
		t.Error("Mode.String")
	}
}
