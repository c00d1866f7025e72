package redact

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// Mark replaces every removed value in text.
const Mark = "[redacted]"

const (
	// MinLen is the shortest value [Secrets] accepts: removing shorter
	// strings would mangle ordinary words.
	MinLen = 4
	// MinPart is the shortest prefix or suffix of a known secret that is
	// removed. Secrets shorter than MinPart+2 are only removed whole.
	MinPart = 6
	// wordPart is how long a prefix or suffix that reads like a word or a
	// number must be before it is removed without an ellipsis next to it:
	// a client secret "sandbox-secret-…" must not take the word "sandbox"
	// out of every message.
	wordPart = 12
	// minCore is the shortest base64 run (of a secret inside a base64 blob)
	// that is matched; shorter runs occur by chance.
	minCore = 8
)

// Secrets is a set of known secret values, removed from text in every
// encoding they may take (see the package documentation). The zero value
// is an empty set; a nil *Secrets removes nothing. It is safe for
// concurrent use.
type Secrets struct {
	mu    sync.Mutex
	vals  []string
	re    *regexp.Regexp // every whole-value form; nil when vals is empty
	built bool
}

// Known returns a set holding values. Empty values and values shorter than
// [MinLen] are ignored.
func Known(values ...string) *Secrets {
	s := &Secrets{}
	s.Add(values...)
	return s
}

// Add adds values to the set, ignoring empty and too short ones.
func (s *Secrets) Add(values ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, v := range values {
		if len(v) >= MinLen && !slices.Contains(s.vals, v) {
			s.vals = append(s.vals, v)
			s.built = false
		}
	}
}

// Len returns how many values the set holds.
func (s *Secrets) Len() int {
	if s == nil {
		return 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.vals)
}

func (s *Secrets) matcher() (*regexp.Regexp, []string) {
	if s == nil {
		return nil, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.built {
		s.re = buildMatcher(s.vals)
		s.built = true
	}
	return s.re, s.vals
}

// Scrub removes the known values from text, in all their forms. It does
// not guess: text without a known value comes back unchanged.
func (s *Secrets) Scrub(text string) string {
	re, vals := s.matcher()
	if re == nil {
		return text
	}
	text = re.ReplaceAllLiteralString(text, Mark)
	return scrubParts(text, vals)
}

// Has reports whether text holds a known value in any form Scrub removes.
func (s *Secrets) Has(text string) bool {
	re, vals := s.matcher()
	if re == nil {
		return false
	}
	return re.MatchString(text) || len(partSpans(text, vals)) > 0
}

// Text is Scrub followed by the second net, [Params] and [Shapes]: for text
// a provider sent, such as an error body.
func (s *Secrets) Text(text string) string {
	return Shapes(Params(s.Scrub(text)))
}

// buildMatcher compiles one alternation of every whole-value form of vals,
// longest first so that a longer secret wins over one it contains.
func buildMatcher(vals []string) *regexp.Regexp {
	if len(vals) == 0 {
		return nil
	}
	var alts []string
	for _, v := range vals {
		alts = append(alts, encodedPattern(v))
		for _, core := range base64Cores(v) {
			alts = append(alts, regexp.QuoteMeta(core))
		}
	}
	slices.SortStableFunc(alts, func(a, b string) int { return len(b) - len(a) })
	return regexp.MustCompile(strings.Join(slices.Compact(alts), "|"))
}

// encodedPattern matches v plain, percent-encoded (either hex case, '+' for
// a space) or JSON-escaped, and any mix of these, character by character.
func encodedPattern(v string) string {
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		b.WriteString(charPattern(v[i]))
	}
	return b.String()
}

func charPattern(c byte) string {
	if isAlnum(c) {
		return string(c)
	}
	hex := fmt.Sprintf("%02X", c)
	alts := []string{regexp.QuoteMeta(string(c)), `%(?i:` + hex + `)`, `\\u00(?i:` + hex + `)`}
	switch c {
	case '/':
		alts = append(alts, `\\/`)
	case ' ':
		alts = append(alts, `\+`)
	case '"':
		alts = append(alts, `\\"`)
	case '\\':
		alts = append(alts, `\\\\`)
	}
	return "(?:" + strings.Join(alts, "|") + ")"
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// base64Cores returns the base64 characters that encode v whatever comes
// before and after it in the encoded blob: for each of the three byte
// alignments, the 4-character groups made of v's bytes only. An HTTP Basic
// header holds base64("id:" + url.QueryEscape(secret)), so the escaped form
// is covered too.
func base64Cores(v string) []string {
	forms := []string{v}
	if q := url.QueryEscape(v); q != v {
		forms = append(forms, q)
	}
	var cores []string
	for _, f := range forms {
		for lead := 0; lead < 3; lead++ {
			first := (lead + 2) / 3 // first group that holds only v's bytes
			last := (lead + len(f)) / 3
			if last <= first {
				continue
			}
			buf := append(make([]byte, lead), f...)
			for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
				s := enc.EncodeToString(buf)
				if core := s[4*first : 4*last]; len(core) >= minCore {
					cores = append(cores, core)
				}
			}
		}
	}
	return cores
}

type span struct{ i, j int }

// partSpans finds where text holds a prefix or a suffix of at least
// MinPart characters of a known value, except short ones that read like a
// word or a number with no ellipsis next to them.
func partSpans(text string, vals []string) []span {
	var spans []span
	for _, v := range vals {
		if len(v) < MinPart+2 {
			continue
		}
		pre, suf := v[:MinPart], v[len(v)-MinPart:]
		for off := 0; off < len(text); {
			k := strings.Index(text[off:], pre)
			if k < 0 {
				break
			}
			i := off + k
			j := i + MinPart
			for j < len(text) && j-i < len(v) && text[j] == v[j-i] {
				j++
			}
			if !harmless(text, i, j) {
				spans = append(spans, span{i, j})
			}
			off = i + 1
		}
		for off := 0; off < len(text); {
			k := strings.Index(text[off:], suf)
			if k < 0 {
				break
			}
			j := off + k + MinPart
			i := j - MinPart
			for i > 0 && j-i < len(v) && text[i-1] == v[len(v)-(j-i)-1] {
				i--
			}
			if !harmless(text, i, j) {
				spans = append(spans, span{i, j})
			}
			off = off + k + 1
		}
	}
	return spans
}

// harmless reports whether text[i:j], a part of a secret, is short and
// reads like a word or a number, with no ellipsis before or after it that
// would mark it as a cut-off token.
func harmless(text string, i, j int) bool {
	s := text[i:j]
	if len(s) >= wordPart || !wordOrNumber(s) {
		return false
	}
	after, before := text[j:], text[:i]
	cut := strings.HasPrefix(after, "…") || strings.HasPrefix(after, "...") ||
		strings.HasSuffix(before, "…") || strings.HasSuffix(before, "...")
	return !cut
}

// wordOrNumber reports whether s is all digits, or letters of which only
// the first may be upper case.
func wordOrNumber(s string) bool {
	digits := true
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			digits = false
			break
		}
	}
	if digits {
		return true
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		lower := c >= 'a' && c <= 'z'
		if !lower && !(i == 0 && c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// scrubParts replaces the parts partSpans finds, merging overlaps.
func scrubParts(text string, vals []string) string {
	spans := partSpans(text, vals)
	if len(spans) == 0 {
		return text
	}
	slices.SortFunc(spans, func(a, b span) int { return a.i - b.i })
	var b strings.Builder
	last := 0
	for k := 0; k < len(spans); {
		i, j := spans[k].i, spans[k].j
		for k++; k < len(spans) && spans[k].i <= j; k++ {
			j = max(j, spans[k].j)
		}
		if i < last {
			i = last
		}
		b.WriteString(text[last:i])
		b.WriteString(Mark)
		last = j
	}
	b.WriteString(text[last:])
	return b.String()
}
