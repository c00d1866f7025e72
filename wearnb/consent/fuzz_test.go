package consent_test

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"unicode"

	"wearnb.dev/wearnb/consent"
)

const fuzzState = "Xy3_state-from-this-attempt-0123456789abcde"

// validCode is what every accepted code must look like.
func validCode(t *testing.T, code string) {
	t.Helper()
	if code == "" || len(code) > 4096 {
		t.Fatalf("accepted code of length %d", len(code))
	}
	for i := 0; i < len(code); i++ {
		if code[i] <= 0x20 || code[i] > 0x7e {
			t.Fatalf("accepted code with byte %#x", code[i])
		}
	}
}

// checkKnownError fails unless err is one of the documented kinds.
func checkKnownError(t *testing.T, err error) {
	t.Helper()
	var denied *consent.DeniedError
	switch {
	case errors.As(err, &denied):
		if denied.Code == "" || strings.ContainsAny(denied.Code, "\"\\") {
			t.Fatalf("DeniedError code %q", denied.Code)
		}
		for _, s := range []string{denied.Description, denied.URI} {
			if len([]rune(s)) > 301 {
				t.Fatalf("description of %d runes", len([]rune(s)))
			}
			for _, r := range s {
				if !unicode.IsPrint(r) {
					t.Fatalf("unprintable %U in %q", r, s)
				}
			}
		}
	case errors.Is(err, consent.ErrMissingState), errors.Is(err, consent.ErrStateMismatch),
		errors.Is(err, consent.ErrMissingCode), errors.Is(err, consent.ErrMalformed):
	default:
		t.Fatalf("undocumented error %v", err)
	}
	if !strings.HasPrefix(err.Error(), "consent: ") {
		t.Fatalf("error without prefix: %q", err)
	}
}

func FuzzParseCallback(f *testing.F) {
	for _, seed := range []string{
		"code=abc&state=" + fuzzState,
		"code=abc&state=wrong",
		"code=abc",
		"state=" + fuzzState,
		"error=access_denied&error_description=no&state=" + fuzzState,
		"error=access_denied&state=other",
		"code=a&code=b&state=" + fuzzState,
		"code=a%00b&state=" + fuzzState,
		"error=%22bad&state=" + fuzzState,
		"error_description=%07&error=x&state=" + fuzzState,
		"state=" + fuzzState + "&state=" + fuzzState + "&code=c",
		"code=&state=" + fuzzState,
		"%zz",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		code, err := consent.ParseCallback(q, fuzzState)
		if err != nil {
			if code != "" {
				t.Fatalf("code %q returned with error %v", code, err)
			}
			checkKnownError(t, err)
			var denied *consent.DeniedError
			if errors.As(err, &denied) && (len(q["state"]) != 1 || q.Get("state") != fuzzState) {
				t.Fatalf("an error callback with state %q ended the wait", q["state"])
			}
			return
		}
		// Accepted: exactly the right state, exactly one code, no error.
		if len(q["state"]) != 1 || q.Get("state") != fuzzState {
			t.Fatalf("accepted states %q", q["state"])
		}
		if len(q["code"]) != 1 || q.Get("code") != code || q.Has("error") {
			t.Fatalf("accepted %q from %q", code, raw)
		}
		validCode(t, code)
	})
}

func FuzzParsePasted(f *testing.F) {
	for _, seed := range []string{
		"http://localhost:8976/callback?code=abc&state=" + fuzzState,
		"  \"http://localhost:8976/callback?code=abc&state=" + fuzzState + "\"\n",
		"<http://localhost:8976/callback?code=abc&state=" + fuzzState + "#_=_>",
		"http://localhost:8976/callback?code=abc&state=nope",
		"http://localhost:8976/callback",
		"code=abc&state=" + fuzzState,
		"abc123",
		"abc 123",
		"'quoted-code'",
		"http://localhost:8976/callback?error=access_denied&state=" + fuzzState,
		"?",
		"#",
		"",
		"https://example.com/?state=" + fuzzState + "&code=x&code=y",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, input string) {
		code, err := consent.ParsePasted(input, fuzzState)
		if err != nil {
			if code != "" {
				t.Fatalf("code %q returned with error %v", code, err)
			}
			checkKnownError(t, err)
			return
		}
		validCode(t, code)
		// Whenever the paste carries a state, it must be this attempt's.
		if i := strings.IndexByte(input, '?'); i >= 0 {
			rest := input[i+1:]
			if j := strings.IndexByte(rest, '#'); j >= 0 {
				rest = rest[:j]
			}
			if q, err := url.ParseQuery(strings.TrimRight(strings.TrimSpace(rest), "\"'>")); err == nil && q.Has("state") && q.Get("state") != fuzzState {
				t.Fatalf("accepted a paste with state %q", q.Get("state"))
			}
		}
		if strings.Contains(input, "state=") && !strings.Contains(input, "state="+fuzzState) && strings.ContainsAny(input, "?&") {
			t.Fatalf("accepted %q whose state is not this attempt's", input)
		}
	})
}

func TestParsePastedTable(t *testing.T) {
	u := "http://localhost:8976/callback?code=the-code&state=" + fuzzState
	cases := []struct {
		in   string
		code string
		err  error
	}{
		{u, "the-code", nil},
		{"  " + u + " \n", "the-code", nil},
		{`"` + u + `"`, "the-code", nil},
		{"<" + u + ">", "the-code", nil},
		{u + "#_=_", "the-code", nil},
		{"code=the-code&state=" + fuzzState, "the-code", nil},
		{"the-code", "the-code", nil},
		{"'the-code'", "the-code", nil},
		{"http://localhost:8976/callback?code=the-code&state=old", "", consent.ErrStateMismatch},
		{"http://localhost:8976/callback?code=the-code", "", consent.ErrMissingState},
		{"http://localhost:8976/callback", "", consent.ErrMissingCode},
		{"http://localhost:8976/callback?state=" + fuzzState, "", consent.ErrMissingCode},
		{"http://localhost:8976/callback?error=access_denied&state=" + fuzzState, "", consent.ErrAccessDenied},
		{"", "", consent.ErrMissingCode},
		{"two words", "", consent.ErrMalformed},
		{strings.Repeat("x", 5000), "", consent.ErrMalformed},
	}
	for _, tc := range cases {
		code, err := consent.ParsePasted(tc.in, fuzzState)
		if code != tc.code || (tc.err == nil) != (err == nil) || (tc.err != nil && !errors.Is(err, tc.err)) {
			t.Errorf("ParsePasted(%.60q) = %q, %v; want %q, %v", tc.in, code, err, tc.code, tc.err)
		}
	}
}
