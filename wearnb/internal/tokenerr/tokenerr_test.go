package tokenerr

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// answer is what x/oauth2 makes of a JSON token-endpoint refusal: it
// fills ErrorCode and ErrorDescription only from RFC 6749 fields.
func answer(status int, body string, code, desc string) *oauth2.RetrieveError {
	return &oauth2.RetrieveError{
		Response:  &http.Response{StatusCode: status, Status: fmt.Sprint(status)},
		Body:      []byte(body),
		ErrorCode: code, ErrorDescription: desc,
	}
}

// Bodies follow the shapes in /work/shared/reference/providers.md:
// Fitbit's errors[] (S11), Oura's RFC 7807 problem details (S36, reuse
// answers "Token already used or revoked"), RFC 6749 §5.2 (Google, Jawbone).
func TestClassify(t *testing.T) {
	cases := []struct {
		name      string
		re        *oauth2.RetrieveError
		code, msg string
		gone      bool
	}{
		{"fitbit", answer(400, `{"errors":[{"errorType":"invalid_grant","message":"Refresh token invalid: 2f3c…"}],"success":false}`, "", ""),
			"invalid_grant", "Refresh token invalid: 2f3c…", true},
		{"oura titled", answer(400, `{"status":400,"title":"invalid_grant","detail":"Token already used or revoked"}`, "", ""),
			"invalid_grant", "Token already used or revoked", true},
		{"oura untitled", answer(400, `{"status":400,"title":"Bad Request","detail":"Token already used or revoked"}`, "", ""),
			"Bad Request", "Token already used or revoked", true},
		{"google", answer(400, `{"error":"invalid_grant","error_description":"Token has been expired or revoked."}`, "invalid_grant", "Token has been expired or revoked."),
			"invalid_grant", "Token has been expired or revoked.", true},
		{"form", answer(400, `error=invalid_grant&error_description=gone`, "invalid_grant", "gone"), "invalid_grant", "gone", true},
		{"wrong client", answer(401, `{"error":"invalid_client","error_description":"Bad secret"}`, "invalid_client", "Bad secret"), "invalid_client", "Bad secret", false},
		{"fitbit expired access", answer(401, `{"errors":[{"errorType":"expired_token","message":"Access token expired"}]}`, "", ""), "expired_token", "Access token expired", false},
		{"oura bad client", answer(401, `{"status":401,"title":"Unauthorized","detail":"Invalid client credentials"}`, "", ""), "Unauthorized", "Invalid client credentials", false},
		{"html", answer(503, `<html>busy</html>`, "", ""), "", "", false},
	}
	for _, tc := range cases {
		if got := Code(tc.re); got != tc.code {
			t.Errorf("%s: Code = %q, want %q", tc.name, got, tc.code)
		}
		if got := Message(tc.re); got != tc.msg {
			t.Errorf("%s: Message = %q, want %q", tc.name, got, tc.msg)
		}
		if got := InvalidGrant(tc.re); got != tc.gone {
			t.Errorf("%s: InvalidGrant = %v, want %v", tc.name, got, tc.gone)
		}
	}
}

func TestGone(t *testing.T) {
	re := answer(400, `{"error":"invalid_grant"}`, "invalid_grant", "")
	err := Gone("refresh failed", re)
	var got *oauth2.RetrieveError
	if !errors.Is(err, ErrInvalidGrant) || !errors.As(err, &got) || got != re || err.Error() != "refresh failed" {
		t.Errorf("Gone = %v", err)
	}
}

func ExampleDescribe() {
	re := &oauth2.RetrieveError{
		Response: &http.Response{StatusCode: 400},
		Body:     []byte(`{"status":400,"title":"invalid_grant","detail":"Token already used or revoked"}`),
	}
	fmt.Println(Describe(re))
	fmt.Println(InvalidGrant(re))
	// Output:
	// the token endpoint answered HTTP 400 "invalid_grant" (Token already used or revoked)
	// true
}

func retrieve(status int, body string) *oauth2.RetrieveError {
	return &oauth2.RetrieveError{Response: &http.Response{StatusCode: status}, Body: []byte(body)}
}

// TestAdvise pins which refusals get which advice: Google's invalid_grant
// (Testing mode; "likely" below 7 days, the token's age at 7 days and
// more), Oura's legacy endpoint refusing a new-portal app (401 for a code,
// 400 invalid_request for a refresh) and the reverse; nothing for other
// providers or answers.
func TestAdvise(t *testing.T) {
	now := time.Date(2026, 5, 20, 12, 0, 0, 0, time.UTC)
	google := retrieve(400, `{"error": "invalid_grant", "error_description": "Token has been expired or revoked."}`)
	legacy := "https://api.ouraring.com/oauth/token"
	cases := []struct {
		name string
		req  Request
		re   *oauth2.RetrieveError
		err  error
		text []string
	}{
		{"google fresh", Request{Provider: "googlehealth", Issued: now.Add(-2 * 24 * time.Hour), Now: now}, google,
			ErrTestingExpiry, []string{"If the app's OAuth consent screen is in Testing", "likely", "connect.Reconsent()", "Publish app"}},
		{"google 8 days", Request{Provider: "googlehealth-sandbox", Issued: now.Add(-8 * 24 * time.Hour), Now: now}, google,
			ErrTestingExpiry, []string{"8 days old", "likely cause", "connect.Reconsent()", "Publish app"}},
		{"google unknown age", Request{Provider: "googlehealth"}, google, ErrTestingExpiry, []string{"If the app's"}},
		{"google exchange", Request{Provider: "googlehealth", Exchange: true}, google, nil, nil},
		{"google other error", Request{Provider: "googlehealth"}, retrieve(400, `{"error": "invalid_request"}`), nil, nil},
		{"oura new app exchange at legacy", Request{Provider: "oura", TokenURL: legacy, Exchange: true, SettingsFile: "/h/secrets.json"},
			retrieve(401, `{"error": "invalid_client", "error_description": "Invalid client"}`),
			ErrEndpointMismatch, []string{"WEARNB_OURA_TOKEN_URL", OuraNewPortalTokenURL, `"token_url" of "oura" in /h/secrets.json`}},
		{"oura new app refresh at legacy", Request{Provider: "oura", TokenURL: legacy},
			retrieve(400, `{"error": "invalid_request", "error_description": "Invalid request"}`),
			ErrEndpointMismatch, []string{"WEARNB_OURA_TOKEN_URL", OuraNewPortalTokenURL}},
		{"oura legacy app at new", Request{Provider: "oura", TokenURL: OuraNewPortalTokenURL},
			retrieve(401, `{"error": "invalid_client"}`), ErrEndpointMismatch, []string{"unset WEARNB_OURA_TOKEN_URL"}},
		{"oura spent token", Request{Provider: "oura", TokenURL: legacy},
			retrieve(400, `{"status": 400, "title": "invalid_grant", "detail": "Token already used or revoked"}`), nil, nil},
		{"fitbit", Request{Provider: "fitbit"}, google, nil, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			adv, ok := Advise(c.req, c.re)
			if ok != (c.err != nil) || adv.Err != c.err {
				t.Fatalf("Advise = %+v, %t; want %v", adv, ok, c.err)
			}
			for _, w := range c.text {
				if !strings.Contains(adv.Text, w) {
					t.Errorf("advice lacks %q: %s", w, adv.Text)
				}
			}
			if ok {
				err := Advised("msg", adv, c.re)
				if !errors.Is(err, c.err) || err.Error() != "msg" {
					t.Errorf("Advised: %v", err)
				}
			}
		})
	}
}
