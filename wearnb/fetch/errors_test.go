package fetch

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestDefaultErrorParser(t *testing.T) {
	cases := []struct {
		name, body, code, msg string
	}{
		{"fitbit", `{"errors":[{"errorType":"expired_token","message":"Access token expired"}],"success":false}`, "expired_token", "Access token expired"},
		{"oauth", `{"error":"invalid_grant","error_description":"Refresh token invalid"}`, "invalid_grant", "Refresh token invalid"},
		{"google", `{"error":{"code":403,"message":"The caller does not have permission","status":"PERMISSION_DENIED"}}`, "PERMISSION_DENIED", "The caller does not have permission"},
		{"rfc7807", `{"status":429,"title":"Too Many Requests","detail":"5000 per 5 minutes"}`, "Too Many Requests", "5000 per 5 minutes"},
		{"jawbone", `{"meta":{"code":401,"error_type":"authentication_error","error_detail":"Invalid access token"}}`, "authentication_error", "Invalid access token"},
		{"plain", "upstream timed out\n", "", "upstream timed out"},
		{"html", "<html><body>502</body></html>", "", ""},
		{"empty", "", "", ""},
		{"json without error", `{"data":[]}`, "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, msg := DefaultErrorParser(400, []byte(tc.body))
			if code != tc.code || msg != tc.msg {
				t.Errorf("got (%q, %q), want (%q, %q)", code, msg, tc.code, tc.msg)
			}
		})
	}
}

func TestRedactURL(t *testing.T) {
	cases := map[string]string{
		"https://api.example.com/v2/x?start_date=2024-01-01&access_token=abc": "https://api.example.com/v2/x?access_token=REDACTED&start_date=2024-01-01",
		"https://user:pw@api.example.com/p":                                   "https://REDACTED@api.example.com/p",
		"https://api.example.com/p?code=xyz&state=s1":                         "https://api.example.com/p?code=REDACTED&state=REDACTED",
		"https://api.example.com/1.2/user/-/sleep/date/2024-01-01.json":       "https://api.example.com/1.2/user/-/sleep/date/2024-01-01.json",
		"http://[::1": "(unparsable URL)",
	}
	for in, want := range cases {
		if got := RedactURL(in); got != want {
			t.Errorf("RedactURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRedact(t *testing.T) {
	cases := map[string]string{
		"Access token expired: eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiIyMkI1WTQi": "Access token expired: [redacted]",
		"Refresh token invalid: e7e13133fc2894b2af94c2f4916a2179616bf58c": "Refresh token invalid: [redacted]",
		"The caller does not have permission to read sleep data":          "The caller does not have permission to read sleep data",
		"short": "short",
		"internationalization-of-the-message is fine": "internationalization-of-the-message is fine",
	}
	for in, want := range cases {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCheckResponse(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	req, _ := http.NewRequest("GET", "https://api.fitbit.com/1/x?access_token=t0k3n", nil)
	for _, code := range []int{200, 201, 204, 299} {
		if err := CheckResponse("p", "e", &http.Response{StatusCode: code, Request: req}, nil, nil, now); err != nil {
			t.Errorf("%d: %v", code, err)
		}
	}
	resp := &http.Response{StatusCode: 503, Request: req, Header: http.Header{}}
	err := CheckResponse("p", "e", resp, []byte("<html>"), func(int, []byte) (string, string) { panic("bad parser") }, now)
	api, ok := err.(*APIError)
	if !ok || api.StatusCode != 503 || api.URL != "https://api.fitbit.com/1/x?access_token=REDACTED" {
		t.Fatalf("got %#v", err)
	}
	if want := "fetch: p e: HTTP 503 Service Unavailable"; err.Error() != want {
		t.Errorf("Error() = %q, want %q", err, want)
	}
}

func TestRetryAfterParse(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := map[string]time.Duration{
		"0": 0, "1": time.Second, "2.5": 2500 * time.Millisecond,
		now.Add(-time.Minute).Format(http.TimeFormat): 0,
		now.Add(time.Hour).Format(http.TimeFormat):    time.Hour,
	}
	for in, want := range cases {
		d, ok := RetryAfter(http.Header{"Retry-After": {in}}, now)
		if !ok || d != want {
			t.Errorf("RetryAfter(%q) = %v %v, want %v", in, d, ok, want)
		}
	}
	for _, in := range []string{"", "soon", "-3", "1e99"} {
		if _, ok := RetryAfter(http.Header{"Retry-After": {in}}, now); ok {
			t.Errorf("RetryAfter(%q) ok, want not ok", in)
		}
	}
}

func FuzzDefaultErrorParser(f *testing.F) {
	for _, s := range []string{
		`{"errors":[{"errorType":"expired_token","message":"Access token expired"}],"success":false}`,
		`{"error":"invalid_grant","error_description":"x"}`,
		`{"error":{"status":"PERMISSION_DENIED","message":"m"}}`,
		`{"title":"t","detail":"d"}`, `{"meta":{"error_type":"a","error_detail":"b"}}`, `<html>`, ``, `{"errors":[]}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		code, msg := DefaultErrorParser(400, []byte(body))
		code2, msg2 := DefaultErrorParser(400, []byte(body))
		if code != code2 || msg != msg2 {
			t.Errorf("parser not deterministic on %q", body)
		}
	})
}

func FuzzRedact(f *testing.F) {
	f.Add("Access token expired: eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiIyMkI1WTQi")
	f.Add("plain words only")
	f.Add("ünïcödé e7e13133fc2894b2af94c2f4916a2179616bf58c")
	f.Fuzz(func(t *testing.T, s string) {
		r := Redact(s)
		for w := range strings.FieldsFuncSeq(r, func(c rune) bool { return !isTokenRune(c) }) {
			if tokenLike(w) {
				t.Errorf("Redact(%q) = %q still holds token-like %q", s, r, w)
			}
		}
		if Redact(r) != r {
			t.Errorf("Redact not idempotent on %q", s)
		}
	})
}

func FuzzRedactURL(f *testing.F) {
	f.Add("https://api.example.com/x?access_token=abc&d=1")
	f.Add("https://u:p@h/p?code=1&state=2")
	f.Fuzz(func(t *testing.T, u string) {
		r := RedactURL(u)
		if strings.Contains(u, "access_token=SEKRET") && strings.Contains(r, "SEKRET") && r != "(unparsable URL)" {
			t.Errorf("RedactURL(%q) = %q leaks", u, r)
		}
	})
}

func TestDecodeJSON(t *testing.T) {
	type item struct {
		N int `json:"n"`
	}
	type page struct {
		Items []item `json:"items"`
	}
	for _, tc := range []struct {
		name, at, body, field string
		ok                    bool
	}{
		{"fine", "", `{"items":[{"n":1}]}`, "", true},
		{"fine within", "data", `{"items":[]}`, "", true},
		{"wrong type", "", `{"items":[{"n":1},{"n":"2"}]}`, "items.n", false},
		{"wrong type within", "data", `{"items":[{"n":"2"}]}`, "data.items.n", false},
		{"wrong top-level type within", "data", `[1]`, "data", false},
		{"wrong top-level type", "", `[1]`, "", false},
		{"not JSON", "", `<html>`, "", false},
		{"not JSON within", "data", `{"items":`, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var v page
			err := DecodeJSON("fitbit", "sleep", tc.at, []byte(tc.body), &v)
			if tc.ok {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				return
			}
			de, ok := err.(*DecodeError)
			if !ok || de.Provider != "fitbit" || de.Endpoint != "sleep" || de.Field != tc.field || de.Err == nil {
				t.Fatalf("err = %#v, want a *DecodeError with Field %q", err, tc.field)
			}
			if where := tc.field; where != "" && !strings.Contains(de.Error(), "decoding "+where+": ") {
				t.Errorf("Error() = %q", de.Error())
			}
		})
	}
}
