package redact

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/oauth2"
)

// fp identifies a secret in a failure message without printing it.
func fp(s string) string {
	sum := sha256.Sum256([]byte(s))
	return fmt.Sprintf("sha256:%s (%d chars)", hex.EncodeToString(sum[:4]), len(s))
}

// leak reports the first secret (as a fingerprint) of which text holds a
// run of 6 or more characters, or "".
func leak(text string, secrets ...string) string {
	for _, s := range secrets {
		for i := 0; i+MinPart <= len(s); i++ {
			if strings.Contains(text, s[i:i+MinPart]) {
				return fp(s)
			}
		}
	}
	return ""
}

// A Google-like access token with '+' and '/', which percent-encoding and
// JSON escaping change.
const tricky = "ya29+A0/ARrdaM9x+Zq/7Hd_Lk3-Pw~Qe.Rt"

func TestScrubEveryEncoding(t *testing.T) {
	s := Known(tricky)
	basic := base64.StdEncoding.EncodeToString([]byte("client-23:" + url.QueryEscape(tricky)))
	jsonEsc, _ := json.Marshal(tricky)
	cases := map[string]string{
		"plain":              "token " + tricky + " expired",
		"query escape":       "access_token=" + url.QueryEscape(tricky) + "&x=1",
		"path escape":        "/t/" + url.PathEscape(tricky) + "/x",
		"lower-case hex":     regexp.MustCompile(`%[0-9A-F]{2}`).ReplaceAllStringFunc(url.QueryEscape(tricky), strings.ToLower),
		"mixed escaping":     strings.Replace(tricky, "/", "%2f", 1),
		"json escaped slash": strings.ReplaceAll(tricky, "/", `\/`),
		"json marshal":       string(jsonEsc),
		"json unicode":       strings.ReplaceAll(tricky, "+", `\u002B`),
		"basic header":       "Authorization: Basic " + basic,
		"20-char prefix":     "Refresh token invalid: " + tricky[:20],
		"6-char prefix":      "Refresh token invalid: " + tricky[:6] + "…",
		"suffix":             "token ending in …" + tricky[len(tricky)-8:],
	}
	for name, text := range cases {
		got := s.Scrub(text)
		if l := leak(got, tricky); l != "" {
			t.Errorf("%s: Scrub leaves part of %s: %q", name, l, strings.ReplaceAll(got, tricky[:3], "…"))
		}
		if !strings.Contains(got, Mark) {
			t.Errorf("%s: nothing marked", name)
		}
		if !s.Has(text) {
			t.Errorf("%s: Has = false", name)
		}
		if again := s.Scrub(got); again != got {
			t.Errorf("%s: Scrub is not idempotent", name)
		}
	}
}

func TestScrubKeepsOrdinaryText(t *testing.T) {
	// A client secret that starts and ends with words.
	s := Known("sandbox-secret-not-for-production", "201506e7e13133fc2894b2af", "abc")
	for _, text := range []string{
		"Connecting to the built-in sandbox provider",
		"not for production use",
		"Sandbox mode",
		"the night of 2015-06-01, id 2015061",
		"abc is too short to be a secret",
		"/tmp/wearnb/tokens/fitbit-default.json",
	} {
		if got := s.Scrub(text); got != text {
			t.Errorf("Scrub(%q) = %q, want it unchanged", text, got)
		}
	}
	// The same parts with an ellipsis, or long enough, are cut-off secrets.
	for _, text := range []string{"secret sandbox… quoted", "201506… was refused", "sandbox-secret-n", "…production"} {
		if got := s.Scrub(text); !strings.Contains(got, Mark) {
			t.Errorf("Scrub(%q) = %q, want a part removed", text, got)
		}
	}
}

func TestNilAndEmptySecrets(t *testing.T) {
	var s *Secrets
	if s.Scrub("x ya29") != "x ya29" || s.Has("x") || s.Len() != 0 {
		t.Error("a nil *Secrets must remove nothing")
	}
	if Known("", "ab").Len() != 0 {
		t.Error("empty and short values must be ignored")
	}
	if got := s.Text("access_token=abc"); got != "access_token="+Mark {
		t.Errorf("Text on nil set = %q", got)
	}
}

// Defect 9: the token-shape heuristic missed a letters-only token of 26
// characters and tok_… tokens, and parameters in plain text.
func TestDefect9_ShapesCatchLettersOnlyAndPrefixedTokens(t *testing.T) {
	tokens := []string{
		"QWErtyUIOPasdfGHJKlzxcVBNm",         // 26 letters, mixed case
		"qwertyuiopasdfghjklzxcvbnm",         // 26 letters, lower case
		"tok_9f8e7d6c5b4a",                   // prefixed, hex
		"tok_AbCdEfGhIjKl",                   // prefixed, mixed case
		"sk_live_4eC39HqLyjWDarjtT1zdp7dc",   // prefixed twice
		"e7e13133fc2894b2af94c2f4916a2179",   // hex (caught before too)
		"eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiIyM", // JWT start
	}
	for _, tok := range tokens {
		in := "Access token invalid: " + tok + ". Try again."
		got := Shapes(in)
		if strings.Contains(got, tok) || got != "Access token invalid: "+Mark+". Try again." {
			t.Errorf("Shapes kept the token %s: %q", fp(tok), got)
		}
	}
	for _, text := range []string{
		"The caller does not have permission to read sleep data",
		"internationalization-of-the-message is fine",
		"invalid_grant expired_token sleep_phase_5_min start_datetime code_challenge_method",
		"Visit https://dev.fitbit.com/docs/oauth2 for more information",
		"x-ratelimit-remaining pre-authorization SHA-256 ISO-8601 utf-8",
		"2025-01-01T00:00:00Z",
	} {
		if got := Shapes(text); got != text {
			t.Errorf("Shapes(%q) = %q, want it unchanged", text, got)
		}
	}
	params := map[string]string{
		"GET /x?access_token=abc123&d=1":           "GET /x?access_token=" + Mark + "&d=1",
		"refresh_token=rt-1 was refused":           "refresh_token=" + Mark + " was refused",
		"grant_type=authorization_code&code=C1":    "grant_type=authorization_code&code=" + Mark,
		`{"client_secret": "s3"}`:                  `{"client_secret": "` + Mark + `"}`,
		"Authorization: Bearer abcdefgh12 was bad": "Authorization: Bearer " + Mark + " was bad",
		"client_secret=x&state=S2":                 "client_secret=" + Mark + "&state=S2",
	}
	for in, want := range params {
		if got := Text(in); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestURLAndHeader(t *testing.T) {
	cases := map[string]string{
		"https://api.example.com/v2/x?start_date=2024-01-01&access_token=abc": "https://api.example.com/v2/x?access_token=REDACTED&start_date=2024-01-01",
		"https://user:pw@api.example.com/p":                                   "https://REDACTED@api.example.com/p",
		"https://api.example.com/p?code=xyz&state=s1":                         "https://api.example.com/p?code=REDACTED&state=REDACTED",
		"http://[::1": "(unparsable URL)",
	}
	for in, want := range cases {
		if got := URL(in); got != want {
			t.Errorf("URL(%q) = %q, want %q", in, got, want)
		}
	}
	headers := []struct{ name, value, want string }{
		{"Authorization", "Bearer abc.def", "Bearer " + Mark},
		{"proxy-authorization", "Basic Zm9vOmJhcg==", "Basic " + Mark},
		{"Cookie", "session=xyz", Mark},
		{"Location", "http://localhost:8976/callback?code=C&state=S", "http://localhost:8976/callback?code=" + Mark + "&state=S"},
		{"Content-Type", "application/json", "application/json"},
	}
	for _, h := range headers {
		if got := Header(h.name, h.value); got != h.want {
			t.Errorf("Header(%s, %s) = %q, want %q", h.name, h.value, got, h.want)
		}
	}
}

func TestErrorScrubsWhatErrorsAsReaches(t *testing.T) {
	const rt = "rt-8d1f0c9b7a6e5d4c3b2a"
	const secret = "client-secret-5e4d3c2b1a"
	s := Known(rt, secret)
	req, _ := http.NewRequest("POST", "https://provider.example/token", nil)
	req.SetBasicAuth("id", secret)
	body := `{"title":"invalid_grant","detail":"Token ` + strings.ReplaceAll(rt, "-", `\u002d`) + ` already used","echo":"` + url.QueryEscape(rt) + `","p":"` + rt[:20] + `"}`
	re := &oauth2.RetrieveError{
		Response: &http.Response{Status: "400 Bad Request", StatusCode: 400, Request: req,
			Header: http.Header{"Content-Type": {"application/json"}, "Www-Authenticate": {`Basic realm="x"`}}},
		Body: []byte(body),
	}
	wrapped := fmt.Errorf("consent: refreshing: %w", re)
	clean := s.Error(wrapped)
	if l := leak(clean.Error(), rt, secret); l != "" {
		t.Errorf("message holds %s: %q", l, clean)
	}
	if !strings.HasPrefix(clean.Error(), "consent: refreshing: oauth2: cannot fetch token: 400 Bad Request") {
		t.Errorf("message lost its words: %q", clean)
	}
	var got *oauth2.RetrieveError
	if !errors.As(clean, &got) {
		t.Fatal("errors.As finds no RetrieveError")
	}
	if got == re {
		t.Fatal("errors.As finds the original RetrieveError")
	}
	if l := leak(string(got.Body), rt, secret); l != "" {
		t.Errorf("carried body holds %s", l)
	}
	if got.Response == nil || got.Response.StatusCode != 400 || got.Response.Request != nil {
		t.Errorf("carried response: %+v", got.Response)
	}
	if !strings.Contains(string(got.Body), `"title":"invalid_grant"`) {
		t.Errorf("carried body lost its shape: %s", got.Body)
	}

	// A url.Error with the token percent-encoded in the URL.
	ue := &url.Error{Op: "Get", URL: "https://api.example/x?access_token=" + url.QueryEscape(rt) + "&q=" + url.QueryEscape(secret), Err: context.DeadlineExceeded}
	clean = s.Error(fmt.Errorf("consent: get: %w", ue))
	if l := leak(clean.Error(), rt, secret); l != "" {
		t.Errorf("url.Error message holds %s: %q", l, clean)
	}
	var gotUE *url.Error
	if !errors.As(clean, &gotUE) || leak(gotUE.URL, rt, secret) != "" {
		t.Errorf("errors.As reaches a URL with a secret")
	}
	if !errors.Is(clean, context.DeadlineExceeded) {
		t.Error("scrubbing lost context.DeadlineExceeded")
	}

	// A dirty leaf keeps context.Canceled; a clean chain is kept as it is.
	sentinel := errors.New("a sentinel")
	chain := fmt.Errorf("outer: %w", fmt.Errorf("inner %s: %w", rt, errors.Join(sentinel, context.Canceled)))
	clean = s.Error(chain)
	if !errors.Is(clean, sentinel) || !errors.Is(clean, context.Canceled) || leak(clean.Error(), rt) != "" {
		t.Errorf("scrubbed chain: %q, Is(sentinel)=%v Is(Canceled)=%v", clean, errors.Is(clean, sentinel), errors.Is(clean, context.Canceled))
	}
	plain := fmt.Errorf("clean: %w", sentinel)
	if s.Error(plain) != plain || s.Error(nil) != nil {
		t.Error("a clean error must come back as it is")
	}
	// A RetrieveError with neither Response nor code must not panic.
	if got := s.Error(&oauth2.RetrieveError{ErrorCode: "invalid_grant", ErrorDescription: "bad " + rt}); leak(got.Error(), rt) != "" {
		t.Errorf("description kept the token: %q", got)
	}
}

type secretHolder struct{ v string }

func (h secretHolder) Format(f fmt.State, verb rune) { Format(f, verb, "holder{redacted}") }

func TestFormatEveryVerb(t *testing.T) {
	h := secretHolder{"the-secret-value"}
	for _, verb := range []string{"%s", "%v", "%+v", "%#v", "%d", "%x", "%X", "%q", "%10s", "%t"} {
		got := fmt.Sprintf(verb, h)
		if strings.Contains(got, "the-secret") {
			t.Errorf("%s printed the secret", verb)
		}
	}
	if got := fmt.Sprintf("%q", h); got != `"holder{redacted}"` {
		t.Errorf("%%q = %s", got)
	}
	if got := fmt.Sprintf("%x", h); got != "holder{redacted}" {
		t.Errorf("%%x = %s", got)
	}
	if got := fmt.Sprintf("%#v", h); got != "holder{redacted}" {
		t.Errorf("%%#v = %s", got)
	}
}

// FuzzScrub checks that no form of a known secret survives Scrub, whatever
// surrounds it, and that Scrub is idempotent.
func FuzzScrub(f *testing.F) {
	f.Add(tricky, "before ", " after")
	f.Add("e7e13133fc2894b2af94c2f4916a2179616bf58c", `{"message":"Refresh token invalid: `, `"}`)
	f.Add("sandbox-secret-not-for-production", "Basic ", "")
	f.Fuzz(func(t *testing.T, secret, before, after string) {
		if len(secret) < MinPart+2 || len(secret) > 512 || strings.Contains(secret, Mark) {
			return
		}
		for i := 0; i < len(secret); i++ {
			if secret[i] < 0x21 || secret[i] > 0x7e { // tokens are VSCHAR
				return
			}
		}
		s := Known(secret)
		jsonEsc, _ := json.Marshal(secret)
		for _, form := range []string{secret, url.QueryEscape(secret), url.PathEscape(secret), string(jsonEsc[1 : len(jsonEsc)-1]), secret[:MinPart] + "…"} {
			got := s.Scrub(before + form + after)
			if strings.Contains(got, form) && !strings.Contains(before+after, form) {
				t.Fatalf("a form of %s survived", fp(secret))
			}
			if s.Scrub(got) != got {
				t.Fatalf("Scrub is not idempotent for %s", fp(secret))
			}
		}
	})
}

// FuzzShapes checks that Shapes leaves no token-like word and is idempotent.
func FuzzShapes(f *testing.F) {
	f.Add("Access token expired: eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiIyMkI1WTQi")
	f.Add("tok_9f8e7d6c5b4a and QWErtyUIOPasdfGHJKlzxcVBNm")
	f.Add("ünïcödé e7e13133fc2894b2af94c2f4916a2179616bf58c")
	f.Fuzz(func(t *testing.T, s string) {
		r := Shapes(s)
		for w := range strings.FieldsFuncSeq(r, func(c rune) bool { return !IsTokenRune(c) }) {
			if TokenLike(w) {
				t.Errorf("Shapes left a token-like word")
			}
		}
		if Shapes(r) != r {
			t.Errorf("Shapes is not idempotent")
		}
		if Params(Params(s)) != Params(s) {
			t.Errorf("Params is not idempotent")
		}
	})
}
