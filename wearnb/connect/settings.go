package connect

import (
	"fmt"

	"wearnb.dev/wearnb/internal/paths"
	"wearnb.dev/wearnb/internal/settings"
	"wearnb.dev/wearnb/providers/base"
)

// Overrides of a real provider's defaults, read by Open from outside the
// notebook, the environment first, then the secrets file
// ($WEARNB_HOME/secrets.json, see consent.SecretsPath):
//
//	variable                         secrets file key   changes
//	WEARNB_<PROVIDER>_AUTH_URL       "auth_url"         the authorize URL
//	WEARNB_<PROVIDER>_TOKEN_URL      "token_url"        the token URL (code exchange and refresh)
//	WEARNB_<PROVIDER>_REVOKE_URL     "revoke_url"       the revocation URL (Logout)
//	WEARNB_<PROVIDER>_API_URL        "api_url"          the API base URL
//	WEARNB_<PROVIDER>_REDIRECT_URL   "redirect_url"     the redirect URL registered with the app
//	WEARNB_<PROVIDER>_SCOPES         "scopes"           the scopes asked for (space separated, or a list)
//	WEARNB_<PROVIDER>_PKCE           "pkce"             PKCE S256 on (true) or off (false)
//
// beside WEARNB_<PROVIDER>_CLIENT_ID and _CLIENT_SECRET ("client_id",
// "client_secret"). <PROVIDER> is the registry name upper-cased: OURA,
// GOOGLEHEALTH, FITBIT, JAWBONE. For example an Oura app created in Oura's
// new developer portal sets
//
//	WEARNB_OURA_TOKEN_URL=https://moi.ouraring.com/oauth/v2/ext/oauth-token
//
// and a Google "Web application" client registered with Google's paste page
//
//	WEARNB_GOOGLEHEALTH_REDIRECT_URL=https://www.google.com
//
// or the same in the secrets file:
//
//	{"oura": {"client_id": "…", "client_secret": "…",
//	          "token_url": "https://moi.ouraring.com/oauth/v2/ext/oauth-token"}}
//
// Overrides apply to real accounts only: Sandbox() keeps the sandbox's
// endpoints and the demo client. Options given to Open win over both
// (RedirectURL, ProviderOptions).

// loadSettings reads provider's overrides (no warning about the file's
// mode: consent.Credentials gives it when it reads the credentials).
func loadSettings(provider string, home paths.Layout) (settings.Provider, error) {
	file, err := home.Secrets()
	if err != nil {
		file = ""
	}
	st, err := settings.Load(provider, file, nil, nil)
	if err != nil {
		return st, fmt.Errorf("connect: %w", err)
	}
	return st, nil
}

// overrideOptions turns the endpoint, scope and PKCE overrides into base
// options, applied after the provider's defaults.
func overrideOptions(st settings.Provider) []base.Option {
	var opts []base.Option
	if st.AuthURL != "" {
		opts = append(opts, base.WithAuthURL(st.AuthURL))
	}
	if st.TokenURL != "" {
		opts = append(opts, base.WithTokenURL(st.TokenURL))
	}
	if st.RevokeURL != "" {
		opts = append(opts, base.WithRevokeURL(st.RevokeURL))
	}
	if st.APIURL != "" {
		opts = append(opts, base.WithBaseURL(st.APIURL))
	}
	if len(st.Scopes) > 0 {
		opts = append(opts, base.WithScopes(st.Scopes...))
	}
	if st.PKCE != nil {
		opts = append(opts, base.WithPKCE(*st.PKCE))
	}
	return opts
}

// ProviderOptions adds base options for the provider (endpoints, API base
// URL, scopes, fetch options), applied after its defaults and after the
// overrides from the environment and the secrets file.
func ProviderOptions(opts ...base.Option) Option {
	return func(o *options) error { o.providerOpts = append(o.providerOpts, opts...); return nil }
}

// SettingName returns the environment variable that sets key ("token_url",
// "redirect_url", …) for provider: SettingName("oura", "token_url") is
// "WEARNB_OURA_TOKEN_URL".
func SettingName(provider, key string) string { return settings.Env(provider, key) }
