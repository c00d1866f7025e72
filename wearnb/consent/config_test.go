package consent_test

import (
	"net/url"
	"testing"

	"golang.org/x/oauth2"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/consent"
	"wearnb.dev/wearnb/providers/googlehealth"
)

// authURL builds a consent URL for auth with consent.New and returns its
// query.
func authURL(t *testing.T, auth wearnb.Auth) url.Values {
	t.Helper()
	a, err := consent.NewAuthorization(consent.New("Test", auth, "client-id", "client-secret"))
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(a.URL)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query()
}

func TestNewAuthParams(t *testing.T) {
	ep := oauth2.Endpoint{AuthURL: "https://auth.example/authorize", TokenURL: "https://auth.example/token", AuthStyle: oauth2.AuthStyleInParams}
	for _, tc := range []struct {
		name   string
		params map[string]string
	}{
		{"none", nil},
		{"offline", map[string]string{"access_type": "offline", "prompt": "consent"}},
		{"one", map[string]string{"audience": "api"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := authURL(t, wearnb.Auth{Endpoint: ep, Scopes: []string{"sleep"}, PKCE: true, AuthParams: tc.params})
			for k, v := range tc.params {
				if got := q[k]; len(got) != 1 || got[0] != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
			for _, k := range []string{"access_type", "prompt", "audience"} {
				if _, ok := tc.params[k]; !ok && q.Has(k) {
					t.Errorf("%s = %q, not asked for", k, q.Get(k))
				}
			}
			// The usual parameters are all still there.
			if q.Get("client_id") != "client-id" || q.Get("scope") != "sleep" || q.Get("state") == "" ||
				q.Get("code_challenge") == "" || q.Get("response_type") != "code" || q.Get("redirect_uri") != consent.DefaultRedirectURL {
				t.Errorf("query = %v", q)
			}
		})
	}
}

// TestGoogleAsksForOffline: Google issues a refresh token only to a consent
// URL asking for offline access.
func TestGoogleAsksForOffline(t *testing.T) {
	q := authURL(t, googlehealth.New().Auth())
	if q.Get("access_type") != "offline" || q.Get("prompt") != "consent" {
		t.Errorf("Google consent URL query = %v", q)
	}
}
