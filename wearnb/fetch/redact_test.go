package fetch

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// Defect 9: the token-shape heuristic missed a letters-only token of 26
// characters and tok_… tokens. Redact keeps them out of API errors now, and
// CheckResponse also removes the access token the request carried, even as
// the 6-character prefix Fitbit and the sandbox quote.
func TestDefect9_RedactCatchesLettersOnlyAndPrefixedTokens(t *testing.T) {
	for _, tok := range []string{"QWErtyUIOPasdfGHJKlzxcVBNm", "tok_9f8e7d6c5b4a", "tok_AbCdEfGhIjKl"} {
		if got := Redact("Access token invalid: " + tok); strings.Contains(got, tok) {
			t.Errorf("Redact kept a %d-character token: %q", len(tok), strings.ReplaceAll(got, tok, "<token>"))
		}
	}
	if got := Redact("refused access_token=abc123 and code=xyz"); strings.Contains(got, "abc123") || strings.Contains(got, "xyz") {
		t.Errorf("Redact kept parameter values: %q", got)
	}

	const access = "Zk3q9TbW2xLm7Pa4Rv8Ns1Yc"
	req, _ := http.NewRequest("GET", "https://api.example.com/v2/sleep", nil)
	req.Header.Set("Authorization", "Bearer "+access)
	resp := &http.Response{StatusCode: 401, Request: req, Header: http.Header{}}
	body := []byte(`{"errors":[{"errorType":"invalid_token","message":"Access token invalid: ` + access[:6] + `…"}]}`)
	err := CheckResponse("fitbit", "sleep", resp, body, nil, time.Now())
	if strings.Contains(err.Error(), access[:6]) {
		t.Errorf("the error quotes the access token's first characters: %q", strings.ReplaceAll(err.Error(), access[:6], "<prefix>"))
	}
}
