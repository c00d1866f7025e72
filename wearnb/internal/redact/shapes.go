package redact

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

// secretKeys are parameter and JSON field names whose values are secrets.
var secretKeys = []string{
	"access_token", "refresh_token", "id_token", "client_secret", "code",
	"code_verifier", "token", "password", "assertion", "client_assertion", "secret",
}

var (
	// "key": "value" in JSON, any nesting; escaped quotes inside the value.
	jsonParamRE = regexp.MustCompile(`("(?i:` + strings.Join(secretKeys, "|") + `)"\s*:\s*)"(?:[^"\\]|\\.)*"`)
	// key=value in a query or form, also inside longer text.
	formParamRE = regexp.MustCompile(`(^|[?&;\s"'#])((?i:` + strings.Join(secretKeys, "|") + `)=)[^&;\s"'#]*`)
	// An Authorization header's bearer token quoted in text.
	bearerRE = regexp.MustCompile(`(?i)(\bbearer\s+)[A-Za-z0-9._~+/=-]{8,}`)

	// JSONValueRE and FormValueRE capture (group 1) the value of a secret
	// parameter, for learning secrets from a request or response.
	JSONValueRE = regexp.MustCompile(`"(?i:` + strings.Join(secretKeys, "|") + `)"\s*:\s*"((?:[^"\\]|\\.)+)"`)
	FormValueRE = regexp.MustCompile(`(?:^|[?&;\s])(?i:` + strings.Join(secretKeys, "|") + `)=([^&;\s"'#]+)`)
)

// Params removes the values of secret parameters (access_token,
// refresh_token, id_token, client_secret, code, code_verifier, token,
// password, assertion, secret) whether they appear as JSON fields
// ("access_token": "…") or as URL query or form parameters (code=…), and
// the token after "Bearer ". Everything else is unchanged.
func Params(text string) string {
	text = jsonParamRE.ReplaceAllString(text, `$1"`+Mark+`"`)
	text = formParamRE.ReplaceAllString(text, `$1$2`+Mark)
	return bearerRE.ReplaceAllString(text, `$1`+Mark)
}

// Text is [Params] then [Shapes]: the second net alone, for text that may
// hold secrets nobody named.
func Text(text string) string { return Shapes(Params(text)) }

// Shapes replaces each word that looks like a token ([TokenLike]) with
// [Mark]. Words are runs of [IsTokenRune] characters; full stops at the
// end of a word are kept.
func Shapes(s string) string {
	if len(s) < 8 {
		return s
	}
	var b strings.Builder
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		// A full stop after a token ends the sentence, not the token.
		w := s[start:end]
		core := strings.TrimRight(w, ".")
		if TokenLike(core) {
			b.WriteString(Mark)
			b.WriteString(w[len(core):])
		} else {
			b.WriteString(w)
		}
		start = -1
	}
	for i, r := range s {
		if IsTokenRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
		b.WriteRune(r)
	}
	flush(len(s))
	return b.String()
}

// IsTokenRune reports whether r can be part of a token: an ASCII letter or
// digit, or one of "-._~+/=" (RFC 6750's b64token alphabet).
func IsTokenRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-._~+/=", r)
}

// prefixedRE is a token with a short type prefix: tok_…, sk_live_…,
// ghp_…, xoxb-….
var prefixedRE = regexp.MustCompile(`^[A-Za-z]{2,5}(?:[_-][A-Za-z]{2,8})?[_-]([A-Za-z0-9]{8,})$`)

// TokenLike reports whether w, a run of token characters, looks like a
// token rather than a word, a URL path or an identifier:
//   - 24 or more characters mixing letters and digits (hex tokens, JWTs);
//   - a run of 24 or more letters and digits with no separator (a
//     letters-only token; no English word is that long);
//   - a short type prefix and an underscore or hyphen before 8 or more
//     random-looking characters (tok_9f8e7d6c, sk_live_AbCdEfGh).
//
// Full stops at the end of w are ignored. A run starting with "//" is the
// host and path of a URL and never a token.
func TokenLike(w string) bool {
	w = strings.TrimRight(w, ".")
	if strings.HasPrefix(w, "//") {
		return false
	}
	var letters, digits bool
	run, longest := 0, 0
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case c >= '0' && c <= '9':
			digits = true
			run++
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			letters = true
			run++
		default:
			run = 0
		}
		longest = max(longest, run)
	}
	if len(w) >= 24 && letters && digits || longest >= 24 {
		return true
	}
	if m := prefixedRE.FindStringSubmatch(w); m != nil {
		return randomLooking(m[1])
	}
	return false
}

// randomLooking reports whether s, letters and digits, mixes letters with
// digits, or upper with lower case beyond a capital first letter.
func randomLooking(s string) bool {
	var letters, digits bool
	upper, lower := 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits = true
		case c >= 'A' && c <= 'Z':
			letters = true
			if i > 0 {
				upper++
			}
		default:
			letters = true
			lower++
		}
	}
	return letters && digits || upper >= 2 && lower >= 2
}

// urlParams are query parameters whose values [URL] removes.
var urlParams = []string{
	"access_token", "refresh_token", "id_token", "token", "code", "code_verifier",
	"client_secret", "secret", "key", "api_key", "apikey", "password", "state", "signature",
}

// URL returns u with the values of secret query parameters (access_token,
// token, code, client_secret, key, state, ...) and any user info replaced by
// "REDACTED". Unparsable input yields "(unparsable URL)".
func URL(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return "(unparsable URL)"
	}
	if p.User != nil {
		p.User = url.User("REDACTED")
	}
	if p.RawQuery == "" {
		return p.String()
	}
	q, err := url.ParseQuery(p.RawQuery)
	if err != nil {
		p.RawQuery = "REDACTED"
		return p.String()
	}
	changed := false
	for k := range q {
		for _, s := range urlParams {
			if strings.EqualFold(k, s) {
				q[k] = []string{"REDACTED"}
				changed = true
			}
		}
	}
	if changed {
		p.RawQuery = q.Encode()
	}
	return p.String()
}

// secretHeaders are redacted whole (the auth scheme word is kept).
var secretHeaders = map[string]bool{
	"Authorization": true, "Proxy-Authorization": true, "Cookie": true, "Set-Cookie": true,
}

// Header returns a header value fit for a log: the credentials of
// Authorization-like headers and cookies are replaced, the scheme word kept
// ("Basic [redacted]"); other values go through [Params].
func Header(name, value string) string {
	if secretHeaders[http.CanonicalHeaderKey(name)] {
		if scheme, _, ok := strings.Cut(value, " "); ok && !strings.Contains(scheme, "=") {
			return scheme + " " + Mark
		}
		return Mark
	}
	return Params(value)
}
