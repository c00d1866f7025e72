package consent

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"golang.org/x/oauth2"
	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/internal/tokenerr"
)

// Exchange trades the authorization code for a token (step 4): a POST to
// the token endpoint with the code, the redirect URL and, with PKCE, the
// verifier of a. It does not save the token. Errors name the step and never
// contain the code, the verifier or the client secret; a provider's refusal
// wraps *oauth2.RetrieveError.
func Exchange(ctx context.Context, cfg Config, a *Authorization, code string) (*oauth2.Token, error) {
	c, err := cfg.normalized()
	if err != nil {
		return nil, err
	}
	return exchange(ctx, &c, a, code)
}

func exchange(ctx context.Context, c *Config, a *Authorization, code string) (*oauth2.Token, error) {
	if a == nil {
		return nil, errors.New("consent: exchange needs the Authorization the code was issued for")
	}
	var opts []oauth2.AuthCodeOption
	if a.Verifier != "" {
		opts = append(opts, oauth2.VerifierOption(a.Verifier))
	}
	tok, err := c.OAuth2.Exchange(c.oauthContext(ctx), code, opts...)
	if err != nil {
		err = scrub(fmt.Errorf("consent: exchanging the code for a token at %s: %w", c.OAuth2.Endpoint.TokenURL, err),
			code, a.Verifier, c.OAuth2.ClientSecret)
		return nil, advise(c, err, true)
	}
	return tok, nil
}

// TokenInfo describes a token without showing it (step 5). Access and
// Refresh are fingerprints: the first 8 hex digits of the value's SHA-256
// and its length, enough to see that a refresh changed a token, useless to
// anyone who reads them.
type TokenInfo struct {
	Type      string
	Expiry    time.Time     // zero if the provider gave no lifetime
	ExpiresIn time.Duration // from the moment of inspection; negative once expired
	Valid     bool          // has an access token that has not expired
	Scopes    []string      // granted scopes, from the token response's "scope"
	UserID    string        // the provider's user id (Fitbit's "user_id"), if any
	Access    string        // fingerprint, e.g. "sha256:1a2b3c4d (40 chars)", or "none"
	Refresh   string        // fingerprint or "none"
}

// Inspect describes tok. Granted scopes come from the token response; some
// providers only send them when they differ from the requested ones.
func Inspect(tok *oauth2.Token) TokenInfo {
	if tok == nil {
		return TokenInfo{Access: "none", Refresh: "none"}
	}
	info := TokenInfo{
		Type:    tok.Type(),
		Expiry:  tok.Expiry,
		Valid:   tok.Valid(),
		Scopes:  grantedScopes(tok),
		UserID:  extraString(tok, "user_id"),
		Access:  Fingerprint(tok.AccessToken),
		Refresh: Fingerprint(tok.RefreshToken),
	}
	if !tok.Expiry.IsZero() {
		info.ExpiresIn = time.Until(tok.Expiry).Round(time.Second)
	}
	return info
}

// String is a few lines for people: type, expiry, scopes, user, and the
// fingerprints.
func (i TokenInfo) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "type:    %s\n", i.Type)
	switch {
	case i.Expiry.IsZero():
		b.WriteString("expiry:  none given\n")
	case i.ExpiresIn > 0:
		fmt.Fprintf(&b, "expiry:  %s (in %s)\n", i.Expiry.Format(time.RFC3339), i.ExpiresIn)
	default:
		fmt.Fprintf(&b, "expiry:  %s (expired)\n", i.Expiry.Format(time.RFC3339))
	}
	fmt.Fprintf(&b, "scopes:  %s\n", strings.Join(i.Scopes, " "))
	if i.UserID != "" {
		fmt.Fprintf(&b, "user:    %s\n", i.UserID)
	}
	fmt.Fprintf(&b, "access:  %s\n", i.Access)
	fmt.Fprintf(&b, "refresh: %s", i.Refresh)
	return b.String()
}

// Fingerprint identifies a secret without revealing it: "sha256:" and the
// first 8 hex digits of its SHA-256, and its length. Empty gives "none".
func Fingerprint(secret string) string {
	if secret == "" {
		return "none"
	}
	sum := sha256.Sum256([]byte(secret))
	return fmt.Sprintf("sha256:%s (%d chars)", hex.EncodeToString(sum[:4]), len(secret))
}

func grantedScopes(tok *oauth2.Token) []string {
	switch v := tok.Extra("scope").(type) {
	case string:
		return strings.Fields(v)
	case []any:
		var out []string
		for _, s := range v {
			if str, ok := s.(string); ok {
				out = append(out, str)
			}
		}
		return out
	}
	return nil
}

func extraString(tok *oauth2.Token, key string) string {
	switch v := tok.Extra(key).(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case json.Number:
		return v.String()
	}
	return ""
}

// Response is an API answer as received (step 6).
type Response struct {
	StatusCode int
	Status     string
	Header     http.Header
	Body       []byte
}

// String is the status line and the body, JSON indented, cut after 2 KiB.
func (r *Response) String() string {
	body := r.Body
	var pretty strings.Builder
	if json.Valid(body) {
		var buf strings.Builder
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		var v any
		if json.Unmarshal(body, &v) == nil && enc.Encode(v) == nil {
			body = []byte(strings.TrimRight(buf.String(), "\n"))
		}
	}
	pretty.WriteString(r.Status)
	if len(body) > 0 {
		pretty.WriteString("\n")
		s := string(body)
		if len(s) > 2048 {
			s = s[:2048] + fmt.Sprintf("\n… (%d more bytes)", len(s)-2048)
		}
		pretty.WriteString(Redact(s))
	}
	return pretty.String()
}

// maxAPIBody bounds what Get reads.
const maxAPIBody = 32 << 20

// Get calls an API with the token (step 6): a GET of apiURL with
// "Authorization: Bearer …". Of cfg only HTTPClient and Logf are used. It
// does not refresh an expired token (see [Refresh]); any HTTP status is
// returned as a Response, errors are for requests that got no answer.
func Get(ctx context.Context, cfg Config, tok *oauth2.Token, apiURL string) (*Response, error) {
	if tok == nil || tok.AccessToken == "" {
		return nil, errors.New("consent: get needs a token with an access token")
	}
	c := cfg // only the HTTP client and the trace are used
	c.Logf = serialized(c.Logf)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, apiURL, nil)
	if err != nil {
		return nil, scrub(fmt.Errorf("consent: get %s: %w", RedactURL(apiURL), err), tok.AccessToken, tok.RefreshToken)
	}
	req.Header.Set("Accept", "application/json")
	tok.SetAuthHeader(req)
	resp, err := c.httpClient().Do(req)
	if err != nil {
		return nil, scrub(fmt.Errorf("consent: get %s: %w", RedactURL(apiURL), err), tok.AccessToken, tok.RefreshToken)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxAPIBody))
	if err != nil {
		return nil, scrub(fmt.Errorf("consent: get %s: reading the body: %w", RedactURL(apiURL), err), tok.AccessToken, tok.RefreshToken)
	}
	return &Response{StatusCode: resp.StatusCode, Status: resp.Status, Header: resp.Header, Body: body}, nil
}

// Refresh uses tok's refresh token to get a new token now (step 7), even if
// tok has not expired, and saves it with cfg.Save when that is set, before
// returning it: Fitbit and Oura refresh tokens are single-use, so the new
// one must not be lost. If the answer has no refresh token, the old one is
// kept (RFC 6749 §6). For everyday use, tokenstore's token source refreshes
// by itself.
func Refresh(ctx context.Context, cfg Config, tok *oauth2.Token) (*oauth2.Token, error) {
	c, err := cfg.normalized()
	if err != nil {
		return nil, err
	}
	if tok == nil || tok.RefreshToken == "" {
		return nil, errors.New("consent: refresh needs a token with a refresh token; run the consent flow again")
	}
	src := c.OAuth2.TokenSource(c.oauthContext(ctx), &oauth2.Token{RefreshToken: tok.RefreshToken})
	fresh, err := src.Token()
	if err != nil {
		err = scrub(err, tok.RefreshToken, tok.AccessToken, c.OAuth2.ClientSecret)
		var re *oauth2.RetrieveError
		if errors.As(err, &re) && tokenerr.InvalidGrant(re) {
			gone := tokenerr.Gone(fmt.Sprintf("consent: refreshing the token at %s: %s: the consent is gone "+
				"(the refresh token was already used or has been revoked); consent again: %s",
				c.OAuth2.Endpoint.TokenURL, cleanText(tokenerr.Describe(re), maxDescLen), consentAgain(c.Save)), err)
			return nil, advise(&c, gone, false)
		}
		return nil, advise(&c, fmt.Errorf("consent: refreshing the token at %s: %w", c.OAuth2.Endpoint.TokenURL, err), false)
	}
	if c.Save != nil {
		if err := c.Save.Save(fresh); err != nil {
			return nil, scrub(fmt.Errorf("consent: saving the refreshed token: %w", err),
				fresh.AccessToken, fresh.RefreshToken, tok.RefreshToken)
		}
	}
	return fresh, nil
}

// advise adds provider-specific advice to a refused exchange or refresh
// (Google's Testing mode, Oura's portals; see tokenerr.Advise) when
// Config.Name names the provider: the message gains the advice and the
// error matches ErrTestingExpiry or ErrEndpointMismatch too.
func advise(c *Config, err error, exchange bool) error {
	var re *oauth2.RetrieveError
	if c.Name == "" || !errors.As(err, &re) {
		return err
	}
	file, _ := SecretsPath()
	adv, ok := tokenerr.Advise(tokenerr.Request{Provider: c.Name, TokenURL: c.OAuth2.Endpoint.TokenURL, Exchange: exchange, SettingsFile: file}, re)
	if !ok {
		return err
	}
	return tokenerr.Advised(err.Error()+". "+adv.Text, adv, err)
}

// consentAgain says how to get a new consent, naming the token file when
// the saver has one.
func consentAgain(save Saver) string {
	if p, ok := save.(interface{ Path() string }); ok && p.Path() != "" {
		return "delete " + p.Path() + " and run the cell again (connect.Open asks for consent when no token is saved), or run consent.Run with Config.Save set to that file"
	}
	return "run consent.Run again, or delete the account's token file and run the cell again (connect.Open asks for consent when no token is saved)"
}

// withQuery returns u with the parameters of form added to its query.
func withQuery(u string, form url.Values) string {
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	q := p.Query()
	for k, vs := range form {
		q[k] = append(q[k], vs...)
	}
	p.RawQuery = q.Encode()
	return p.String()
}

// Revocation says how a provider revokes tokens (RFC 7009).
type Revocation struct {
	// URL is the revocation endpoint, e.g.
	// https://api.fitbit.com/oauth2/revoke.
	URL string
	// TokenTypeHint is "access_token", "refresh_token" or empty (omitted).
	TokenTypeHint string
	// AuthStyle is how the client authenticates: InHeader (HTTP Basic),
	// InParams (client_id and client_secret in the body). AutoDetect means
	// the token endpoint's style, and InHeader if that is AutoDetect too.
	AuthStyle oauth2.AuthStyle
	// TokenParam names the form parameter that carries the token: "token"
	// (RFC 7009, the default); Oura reads "access_token".
	TokenParam string
	// Params are extra form parameters a provider wants.
	Params url.Values
	// GetFallback repeats the request as a GET, with the parameters in the
	// query, when the POST is answered 404 or 405: for an endpoint whose
	// method is undocumented (Oura's legacy revoke).
	GetFallback bool
	// NoClientAuth sends no client credentials, only the token (Oura's
	// documented revoke URL takes nothing else; credentials must not end up
	// in a GET's query).
	NoClientAuth bool
	// Delete sends DELETE to URL with the token as a bearer token instead
	// of a form (Jawbone's PartnerAppMembership, which disconnects the app).
	Delete bool
}

// RevocationFor returns how the provider described by auth revokes, or
// false when it has no revoke URL.
func RevocationFor(auth wearnb.Auth) (Revocation, bool) {
	if auth.RevokeURL == "" {
		return Revocation{}, false
	}
	r := auth.Revoke
	return Revocation{URL: auth.RevokeURL, TokenParam: r.Param, GetFallback: r.GetFallback, NoClientAuth: r.NoClientAuth, Delete: r.Delete}, true
}

// RevokeError is a revocation endpoint's refusal. Code and Description come
// from an RFC 6749 error body, or Fitbit's errors[0].errorType and message.
type RevokeError struct {
	StatusCode  int
	Code        string
	Description string
}

// Error says what the revocation endpoint answered.
func (e *RevokeError) Error() string {
	s := fmt.Sprintf("consent: revocation refused: HTTP %d", e.StatusCode)
	if e.Code != "" {
		s += " " + e.Code
	}
	if e.Description != "" {
		s += ": " + e.Description
	}
	return s
}

// Revoke asks the provider to revoke token (an access or refresh token;
// step 8): a form POST of token=… (r.TokenParam) and token_type_hint to
// r.URL with the client's credentials (see Revocation for the variants:
// a GET fallback, no credentials, DELETE with a bearer token). Fitbit
// revokes every token of the person's grant at once. A 2xx answer means
// revoked, or already invalid (RFC 7009 §2.2).
func Revoke(ctx context.Context, cfg Config, r Revocation, token string) error {
	c, err := cfg.normalized()
	if err != nil {
		return err
	}
	if r.URL == "" || token == "" {
		return errors.New("consent: revoke needs a revocation URL and a token")
	}
	param := r.TokenParam
	if param == "" {
		param = "token"
	}
	form := url.Values{param: {token}}
	if r.TokenTypeHint != "" {
		form.Set("token_type_hint", r.TokenTypeHint)
	}
	for k, vs := range r.Params {
		form[k] = append(form[k], vs...)
	}
	style := r.AuthStyle
	if style == oauth2.AuthStyleAutoDetect {
		style = c.OAuth2.Endpoint.AuthStyle
	}
	if style == oauth2.AuthStyleInParams && !r.NoClientAuth && !r.Delete {
		form.Set("client_id", c.OAuth2.ClientID)
		if c.OAuth2.ClientSecret != "" {
			form.Set("client_secret", c.OAuth2.ClientSecret)
		}
	}
	send := func(method string) (int, []byte, error) {
		target, body := r.URL, io.Reader(nil)
		switch method {
		case http.MethodPost:
			body = strings.NewReader(form.Encode())
		case http.MethodGet:
			target = withQuery(r.URL, form)
		}
		req, err := http.NewRequestWithContext(ctx, method, target, body)
		if err != nil {
			return 0, nil, fmt.Errorf("consent: revoke: %w", err)
		}
		req.Header.Set("Accept", "application/json")
		switch {
		case r.Delete:
			req.Header.Set("Authorization", "Bearer "+token)
		case method == http.MethodPost:
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		if style != oauth2.AuthStyleInParams && !r.NoClientAuth && !r.Delete {
			// RFC 6749 §2.3.1: form-encode both parts before Basic encoding.
			cred := url.QueryEscape(c.OAuth2.ClientID) + ":" + url.QueryEscape(c.OAuth2.ClientSecret)
			req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(cred)))
		}
		resp, err := c.httpClient().Do(req)
		if err != nil {
			return 0, nil, scrub(fmt.Errorf("consent: revoke at %s: %w", RedactURL(r.URL), err), token, c.OAuth2.ClientSecret)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
		return resp.StatusCode, b, nil
	}
	method := http.MethodPost
	if r.Delete {
		method = http.MethodDelete
	}
	status, body, err := send(method)
	if err == nil && r.GetFallback && (status == http.StatusNotFound || status == http.StatusMethodNotAllowed) {
		c.logf("consent: the revocation endpoint answered POST with %d; trying GET", status)
		status, body, err = send(http.MethodGet)
	}
	if err != nil {
		return err
	}
	if status/100 == 2 {
		return nil
	}
	e := &RevokeError{StatusCode: status}
	var rfc struct {
		Error       string `json:"error"`
		Description string `json:"error_description"`
		Errors      []struct {
			Type    string `json:"errorType"`
			Message string `json:"message"`
		} `json:"errors"`
		Title  string `json:"title"`
		Detail string `json:"detail"`
	}
	if json.Unmarshal(body, &rfc) == nil {
		e.Code, e.Description = rfc.Error, rfc.Description
		if e.Code == "" && len(rfc.Errors) > 0 {
			e.Code, e.Description = rfc.Errors[0].Type, rfc.Errors[0].Message
		}
		if e.Code == "" {
			e.Code, e.Description = rfc.Title, rfc.Detail // RFC 7807 (Oura)
		}
	}
	e.Code = cleanText(scrubText(e.Code, token, c.OAuth2.ClientSecret), 64)
	e.Description = cleanText(scrubText(e.Description, token, c.OAuth2.ClientSecret), maxDescLen)
	return e
}
