package consent

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"wearnb.dev/wearnb/internal/redact"
)

// Redact removes secret values from text: the values of access_token,
// refresh_token, id_token, client_secret, code, code_verifier, token and
// similar keys, whether they appear as JSON fields ("access_token": "…") or
// as URL query or form parameters (code=…), and the token after "Bearer ".
// Everything else is unchanged.
func Redact(text string) string { return redact.Params(text) }

// RedactURL is [Redact] for a URL: its secret query parameters lose their
// values.
func RedactURL(u string) string { return Redact(u) }

// RedactHeader returns a header value fit for a log: the credentials of
// Authorization-like headers and cookies are replaced, the scheme word kept
// ("Basic [redacted]"); other values go through [Redact].
func RedactHeader(name, value string) string { return redact.Header(name, value) }

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
	base  http.RoundTripper
	logf  func(string, ...any)
	known []string // secrets the config knows: the client secret
}

func (t *traceTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	// Secret values seen in this exchange are removed wherever they
	// reappear, in any encoding: a careless server may echo a code or a
	// refresh token in an error description.
	secrets := redact.Known(t.known...)
	learn := func(text string) {
		for _, m := range redact.JSONValueRE.FindAllStringSubmatch(text, -1) {
			secrets.Add(m[1])
			var v string
			if json.Unmarshal([]byte(`"`+m[1]+`"`), &v) == nil {
				secrets.Add(v)
			}
		}
		for _, m := range redact.FormValueRE.FindAllStringSubmatch(text, -1) {
			secrets.Add(m[1])
			if v, err := url.QueryUnescape(m[1]); err == nil {
				secrets.Add(v)
			}
		}
	}
	clean := func(text string) string { return Redact(secrets.Scrub(text)) }

	learn(req.URL.RawQuery)
	for _, k := range []string{"Authorization", "Proxy-Authorization"} {
		if _, cred, ok := strings.Cut(req.Header.Get(k), " "); ok {
			secrets.Add(cred)
			if dec, err := base64.StdEncoding.DecodeString(cred); err == nil {
				if _, pass, ok := strings.Cut(string(dec), ":"); ok {
					secrets.Add(pass)
					if p, err := url.QueryUnescape(pass); err == nil {
						secrets.Add(p)
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
	if resp.StatusCode >= 400 {
		// An error answer is the provider's own words, where echoed tokens
		// nobody named turn up: the shape net applies too.
		writeBody(&b, body, func(s string) string { return redact.Shapes(clean(s)) })
	} else {
		writeBody(&b, body, clean)
	}
	if rerr != nil {
		fmt.Fprintf(&b, "  (body cut short: %s)\n", clean(rerr.Error()))
		resp.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), errReader{rerr}))
	}
	t.logf("%s", strings.TrimRight(b.String(), "\n"))
	return resp, nil
}

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
