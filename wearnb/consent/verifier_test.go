package consent_test

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"golang.org/x/oauth2"
	"wearnb.dev/wearnb/consent"
)

// Defect 7: the PKCE verifier appeared in JSON and slog-JSON of an
// Authorization.
func TestDefect7_VerifierNotInJSONOrSlog(t *testing.T) {
	cfg := consent.Config{OAuth2: oauth2.Config{ClientID: "id-1", Endpoint: oauth2.Endpoint{AuthURL: "https://p.example/auth", TokenURL: "https://p.example/token"}}}
	a, err := consent.NewAuthorization(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if a.Verifier == "" {
		t.Fatal("no verifier")
	}
	var out strings.Builder
	for _, v := range []any{a, *a} {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		out.Write(b)
		slog.New(slog.NewJSONHandler(&out, nil)).Info("attempt", "auth", v)
		slog.New(slog.NewTextHandler(&out, nil)).Info("attempt", "auth", v)
		for _, verb := range []string{"%s", "%v", "%+v", "%#v", "%q", "%x", "%d"} {
			fmt.Fprintf(&out, verb, v)
		}
	}
	if l := leaked(out.String(), a.Verifier); l != "" {
		t.Errorf("the verifier (%s) shows in JSON, slog or fmt output", l)
	}
	if !strings.Contains(out.String(), a.State) {
		t.Error("the output should still show the state")
	}
}
