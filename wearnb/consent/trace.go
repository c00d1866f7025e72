package consent

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
)

// secretKeys are parameter and JSON field names whose values are secrets.
var secretKeys = []string{
	"access_token", "refresh_token", "id_token", "client_secret", "code",
	"code_verifier", "token", "password", "assertion", "client_assertion", "secret",
}

// secretHeaders are redacted whole (the auth scheme word is kept).
var secretHeaders = map[string]bool{
	"Authorization": true, "Proxy-Authorization": true, "Cookie": true, "Set-Cookie": true,
}

var (
	// "key": "value" in JSON, any nesting; escaped quotes inside the value.
	jsonSecretRE = regexp.MustCompile(`("(?i:` + strings.Join(secretKeys, "|") + `)"\s*:\s*)"(?:[^"\\]|\\.)*"`)
	// key=value in a query or form, also inside longer text.
	formSecretRE = regexp.MustCompile(`(^|[?&;\s"'#])((?i:` + strings.Join(secretKeys, "|") + `)=)[^&;\s"'#]*`)
)

// Redact removes secret values from text: the values of access_token,
// refresh_token, id_token, client_secret, code, code_verifier, token and
// similar keys, whether they appear as JSON fields ("access_token": "…") or
// as URL query or form parameters (code=…). Everything else is unchanged.
func Redact(text string) string {
	text = jsonSecretRE.ReplaceAllString(text, `$1"[redacted]"`)
	return formSecretRE.ReplaceAllString(text, `$1$2[redacted]`)
}

// RedactURL is [Redact] for a URL: its secret query parameters lose their
// values.
func RedactURL(u string) string { return Redact(u) }

// RedactHeader returns a header value fit for a log: the credentials of
// Authorization-like headers and cookies are replaced, the scheme word kept
// ("Basic [redacted]"); other values go through [Redact].
func RedactHeader(name, value string) string {
	if secretHeaders[http.CanonicalHeaderKey(name)] {
		if scheme, _, ok := strings.Cut(value, " "); ok && !strings.Contains(scheme, "=") {
			return scheme + " [redacted]"
		}
		return "[redacted]"
	}
	return Redact(value)
}

// maxTraceBody is how much of a body a trace shows.
const maxTraceBody = 4096

// TraceTransport returns an http.RoundTripper that sends requests through
// base (http.DefaultTransport if nil) and logs each exchange through logf:
// method and URL, request headers and body, status, response headers and
// body, all with secrets redacted (see [Redact] and [RedactHeader]). Bodies
// are shown up to 4 KiB. Use it to see what the flow sends and receives;
// [Config.Logf] installs it for every request the flow makes.
func TraceTransport(base http.RoundTripper, logf func(format string, args ...any)) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return &traceTransport{base: base, logf: logf}
}

type traceTransport struct {
	base http.RoundTripper
	logf func(string, ...any)
}

func (t *traceTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	// Secret values seen in this exchange are also scrubbed wherever they
	// reappear: a careless server may echo a code in an error description.
	var learned []string
	learn := func(text string) {
		for _, m := range jsonValueRE.FindAllStringSubmatch(text, -1) {
			learned = append(learned, m[1])
		}
		for _, m := range formValueRE.FindAllStringSubmatch(text, -1) {
			learned = append(learned, m[1])
			if v, err := url.QueryUnescape(m[1]); err == nil {
				learned = append(learned, v)
			}
		}
	}
	clean := func(text string) string { return Redact(scrubString(text, learned...)) }

	learn(req.URL.RawQuery)
	for _, k := range []string{"Authorization", "Proxy-Authorization"} {
		if _, cred, ok := strings.Cut(req.Header.Get(k), " "); ok {
			learned = append(learned, cred)
			if dec, err := base64.StdEncoding.DecodeString(cred); err == nil {
				if _, pass, ok := strings.Cut(string(dec), ":"); ok {
					learned = append(learned, pass)
					if p, err := url.QueryUnescape(pass); err == nil {
						learned = append(learned, p)
					}
				}
			}
		}
	}
	var reqBody []byte
	if req.Body != nil && req.Body != http.NoBody {
		body, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		clone := req.Clone(req.Context())
		clone.Body = io.NopCloser(bytes.NewReader(body))
		clone.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
		req = clone
		reqBody = body
		learn(string(body))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "→ %s %s\n", req.Method, clean(req.URL.String()))
	writeHeaders(&b, req.Header, clean)
	writeBody(&b, reqBody, clean)
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		fmt.Fprintf(&b, "← error: %s", clean(err.Error()))
		t.logf("%s", b.String())
		return nil, err
	}
	body, rerr := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	learn(string(body))
	fmt.Fprintf(&b, "← %s\n", resp.Status)
	writeHeaders(&b, resp.Header, clean)
	writeBody(&b, body, clean)
	if rerr != nil {
		fmt.Fprintf(&b, "  (body cut short: %s)\n", clean(rerr.Error()))
		resp.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), errReader{rerr}))
	}
	t.logf("%s", strings.TrimRight(b.String(), "\n"))
	return resp, nil
}

var (
	jsonValueRE = regexp.MustCompile(`"(?i:` + strings.Join(secretKeys, "|") + `)"\s*:\s*"((?:[^"\\]|\\.)+)"`)
	formValueRE = regexp.MustCompile(`(?:^|[?&;\s])(?i:` + strings.Join(secretKeys, "|") + `)=([^&;\s"'#]+)`)
)

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

func writeHeaders(b *strings.Builder, h http.Header, clean func(string) string) {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range h[k] {
			fmt.Fprintf(b, "  %s: %s\n", k, clean(RedactHeader(k, v)))
		}
	}
}

func writeBody(b *strings.Builder, body []byte, clean func(string) string) {
	if len(body) == 0 {
		return
	}
	s := clean(string(body)) // before cutting, so no half value escapes
	cut := ""
	if len(s) > maxTraceBody {
		s, cut = s[:maxTraceBody], fmt.Sprintf(" … (%d more bytes)", len(s)-maxTraceBody)
	}
	fmt.Fprintf(b, "  %s%s\n", s, cut)
}
