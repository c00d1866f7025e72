package oura_test

import (
	"testing"

	"wearnb.dev/wearnb/internal/tokenerr"
	"wearnb.dev/wearnb/providers/oura"
)

// The advice for a portal mismatch names the same URL the provider
// documents as the new portal's token endpoint, and the provider keeps the
// documented (legacy) endpoint by default and PKCE off.
func TestNewPortalTokenURL(t *testing.T) {
	if tokenerr.OuraNewPortalTokenURL != oura.NewPortalTokenURL {
		t.Errorf("tokenerr says %s, oura %s", tokenerr.OuraNewPortalTokenURL, oura.NewPortalTokenURL)
	}
	a := oura.New().Auth()
	if a.Endpoint.TokenURL != "https://api.ouraring.com/oauth/token" || a.PKCE {
		t.Errorf("default auth %+v", a)
	}
}
