package sandbox

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// codeLifetime is how long an authorization code (and a consent page) stays
// valid, as at Fitbit and Jawbone.
const codeLifetime = 10 * time.Minute

// fitbitUserID is the synthetic person's Fitbit-style encoded user id.
const fitbitUserID = "7SBX4N"

// grant is one consent: what a client may do, until revoked.
type grant struct {
	flavor, clientID string
	scopes           []string
	revoked          bool
	granted          time.Time // when the code was exchanged (zero in old state files)
}

// has reports whether the grant holds scope; an Oura grant's "extapi:"
// scopes (the new developer portal's names) count as their bare names.
func (g *grant) has(scope string) bool {
	return slices.Contains(g.scopes, scope) || g.flavor == Oura && slices.Contains(g.scopes, ouraNewScopePrefix+scope)
}

// tokenPair is one issued access/refresh pair. used turns true once either
// token of the pair is presented (Fitbit's identical-retry rule ends then).
type tokenPair struct {
	access, refresh string
	expiry          time.Time
	used            bool
	grant           *grant
}

type accessToken struct{ pair *tokenPair }

type refreshToken struct {
	pair  *tokenPair
	spent bool
	next  *tokenPair // the pair issued when this token was spent
}

type authCode struct {
	flavor, clientID string
	redirectURI      string
	redirectGiven    bool
	scopes           []string
	challenge        string
	method           string
	expiry           time.Time
	used             bool
	grant            *grant // set once exchanged
}

// authRequest is a validated authorize request waiting for the person.
type authRequest struct {
	flavor      string
	client      *Client
	redirectURI string
	redirectSet bool
	scopes      []string
	state       string
	challenge   string
	method      string
}

type pendingConsent struct {
	req    authRequest
	expiry time.Time
}

func randToken(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func randHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// newPairLocked mints an access/refresh pair for g. s.mu must be held.
func (s *Server) newPairLocked(g *grant) *tokenPair {
	p := &tokenPair{
		access:  randToken(32),
		refresh: randHex(32),
		expiry:  s.now().Add(s.lifetime(g.flavor)),
		grant:   g,
	}
	s.access[p.access] = &accessToken{pair: p}
	s.refresh[p.refresh] = &refreshToken{pair: p}
	return p
}

// IssueToken mints a token pair directly, without the consent page, for
// data-API tests. The client must be registered with the flavour; scopes
// must be known to it.
func (s *Server) IssueToken(flavor, clientID string, scopes []string) (*oauth2.Token, error) {
	sp, ok := specs[flavor]
	if !ok {
		return nil, fmt.Errorf("sandbox: unknown flavour %q", flavor)
	}
	for _, sc := range scopes {
		if _, ok := sp.scopeDesc(sc); !ok {
			return nil, fmt.Errorf("sandbox: %s has no scope %q", flavor, sc)
		}
	}
	defer s.lockState()()
	if _, ok := s.clients[flavor][clientID]; !ok {
		return nil, fmt.Errorf("sandbox: %s has no client %q", flavor, clientID)
	}
	g := &grant{flavor: flavor, clientID: clientID, scopes: append([]string(nil), scopes...), granted: s.now()}
	p := s.newPairLocked(g)
	s.persistLocked()
	fields := s.tokenFieldsLocked(p)
	tok := &oauth2.Token{AccessToken: p.access, TokenType: "Bearer", RefreshToken: p.refresh, Expiry: p.expiry}
	return tok.WithExtra(fields), nil
}

// RevokeConsent revokes every grant of the flavour, as if the person removed
// every app at the provider: all tokens stop working at once.
func (s *Server) RevokeConsent(flavor string) {
	defer s.lockState()()
	for _, a := range s.access {
		if a.pair.grant.flavor == flavor {
			a.pair.grant.revoked = true
		}
	}
	s.persistLocked()
}

// tokenFieldsLocked is the JSON token response for p, with the provider's
// own fields.
func (s *Server) tokenFieldsLocked(p *tokenPair) map[string]any {
	g := p.grant
	exp := int(p.expiry.Sub(s.now()).Round(time.Second) / time.Second)
	if exp < 0 {
		exp = 0
	}
	m := map[string]any{
		"access_token":  p.access,
		"expires_in":    exp,
		"refresh_token": p.refresh,
		"token_type":    "Bearer",
	}
	switch g.flavor {
	case Fitbit:
		m["scope"] = strings.Join(g.scopes, " ")
		m["user_id"] = fitbitUserID
	case GoogleHealth:
		m["scope"] = strings.Join(g.scopes, " ")
	}
	return m
}

// ---- authorize -------------------------------------------------------------

func (s *Server) handleAuthorize(w http.ResponseWriter, r *http.Request, flavor string) {
	if f := s.faults[flavor].take(targetAuthorize); f == FaultGone {
		s.send(w, r, s.faultResponse(flavor, f), 0)
		return
	}
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		s.authorizeGet(w, r, flavor)
	case http.MethodPost:
		s.authorizePost(w, r, flavor)
	default:
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}
}

// allowsRedirect reports whether ru is one of c's redirect URIs: the same
// string, or with AnyLoopbackPort a registered loopback URI with another
// port (same scheme, host, path and query).
func (c *Client) allowsRedirect(ru string) bool {
	if slices.Contains(c.RedirectURIs, ru) {
		return true
	}
	if !c.AnyLoopbackPort {
		return false
	}
	u, err := url.Parse(ru)
	if err != nil || u.Scheme != "http" || u.User != nil || u.Fragment != "" || u.Opaque != "" || !isLoopbackHost(u.Hostname()) {
		return false
	}
	for _, reg := range c.RedirectURIs {
		r, err := url.Parse(reg)
		if err == nil && r.Scheme == "http" && isLoopbackHost(r.Hostname()) && strings.EqualFold(r.Hostname(), u.Hostname()) &&
			r.EscapedPath() == u.EscapedPath() && r.RawQuery == u.RawQuery {
			return true
		}
	}
	return false
}

// parseAuthorize validates an authorize request. A bad client or redirect
// URI gives errPage (shown, never redirected); other problems give an OAuth
// error code to send to the redirect URI.
func (s *Server) parseAuthorize(q url.Values, flavor string) (req authRequest, errPage, oauthErr, desc string) {
	sp := specs[flavor]
	req.flavor = flavor
	req.state = q.Get("state")
	clientID := q.Get("client_id")
	s.mu.Lock()
	c := s.clients[flavor][clientID]
	s.mu.Unlock()
	if clientID == "" {
		return req, "The request has no client_id.", "", ""
	}
	if c == nil {
		return req, fmt.Sprintf("Invalid client_id %q: no such application is registered.", clientID), "", ""
	}
	req.client = c
	ru := q.Get("redirect_uri")
	if flavor == GoogleHealth {
		if page := googleRedirectPage(c, ru); page != "" {
			return req, page, "", ""
		}
		req.redirectURI, req.redirectSet = ru, true
	}
	switch {
	case flavor == GoogleHealth:
		// checked above
	case ru == "" && len(c.RedirectURIs) == 1:
		req.redirectURI = c.RedirectURIs[0]
	case ru == "":
		return req, "The application registered several redirect URIs, so the request must name one (redirect_uri).", "", ""
	case !c.allowsRedirect(ru):
		return req, fmt.Sprintf("Invalid redirect_uri %q: it does not exactly match a redirect URI registered for this application.", ru), "", ""
	default:
		req.redirectURI, req.redirectSet = ru, true
	}
	if rt := q.Get("response_type"); rt != "code" {
		if rt == "" {
			return req, "", "invalid_request", "Missing parameter: response_type"
		}
		return req, "", "unsupported_response_type", fmt.Sprintf("response_type %q is not supported; use code", rt)
	}
	scopes := strings.Fields(q.Get("scope"))
	if len(scopes) == 0 {
		if sp.defaultScopes == nil {
			return req, "", "invalid_scope", "Missing parameter: scope"
		}
		scopes = append([]string(nil), sp.defaultScopes...)
	}
	for _, sc := range scopes {
		if _, ok := sp.scopeDesc(sc); !ok {
			return req, "", "invalid_scope", fmt.Sprintf("Unknown scope %q", sc)
		}
	}
	req.scopes = dedupe(scopes)
	if sp.pkce {
		req.challenge = q.Get("code_challenge")
		req.method = q.Get("code_challenge_method")
		if req.challenge == "" && req.method != "" {
			return req, "", "invalid_request", "code_challenge_method without code_challenge"
		}
		if req.challenge != "" {
			if req.method == "" {
				req.method = "plain"
			}
			if req.method != "S256" && req.method != "plain" {
				return req, "", "invalid_request", fmt.Sprintf("code_challenge_method %q is not supported; use S256", req.method)
			}
			if !validVerifier(req.challenge) {
				return req, "", "invalid_request", "code_challenge must be 43-128 characters of [A-Za-z0-9-._~]"
			}
		}
	}
	return req, "", "", ""
}

// googleRedirectPage checks redirect_uri the way Google's authorization
// server does for the client's type, and returns the error page's text, or
// "" when the redirect is allowed:
//
//   - the parameter is required;
//   - the out-of-band "copy this code" redirects are blocked for every
//     client since 31 January 2023
//     (https://developers.google.com/identity/protocols/oauth2/resources/oob-migration);
//   - a Web application client allows only the URIs registered in the
//     console, compared exactly (scheme, host, port, path), e.g. the
//     https://www.google.com of Google's Health API set-up guide
//     (https://developers.google.com/health/setup);
//   - a Desktop app client allows any loopback redirect (127.0.0.1, [::1],
//     localhost) on any port, nothing registered
//     (https://developers.google.com/identity/protocols/oauth2/native-app),
//     and nothing else.
//
// A client without a type keeps the generic rules (the demo client).
func googleRedirectPage(c *Client, ru string) string {
	const mismatch = "Error 400: redirect_uri_mismatch. You can't sign in to this app because it doesn't comply with Google's OAuth 2.0 policy. "
	switch {
	case ru == "":
		return "Error 400: invalid_request. Missing required parameter: redirect_uri"
	case strings.HasPrefix(ru, "urn:ietf:wg:oauth:2.0:oob"):
		return "Error 400: invalid_request. The out-of-band (OOB) flow has been blocked in order to keep users secure. " +
			"Use a loopback redirect (Desktop app) or a registered redirect URI (Web application)."
	}
	switch c.Type {
	case GoogleWeb:
		if !slices.Contains(c.RedirectURIs, ru) {
			return mismatch + fmt.Sprintf("Request details: redirect_uri=%s (register it under Authorized redirect URIs of this Web application client)", ru)
		}
	case GoogleDesktop:
		u, err := url.Parse(ru)
		if err != nil || u.Scheme != "http" || u.User != nil || u.Fragment != "" || !isLoopbackHost(strings.ToLower(u.Hostname())) {
			return mismatch + fmt.Sprintf("Request details: redirect_uri=%s (a Desktop app client redirects to http://127.0.0.1:PORT or http://localhost:PORT only)", ru)
		}
	default:
		if !c.allowsRedirect(ru) {
			return fmt.Sprintf("Invalid redirect_uri %q: it does not exactly match a redirect URI registered for this application.", ru)
		}
	}
	return ""
}

func dedupe(in []string) []string {
	var out []string
	for _, s := range in {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// validVerifier reports whether v is a valid PKCE verifier or S256
// challenge: 43-128 unreserved characters (RFC 7636 §4.1).
func validVerifier(v string) bool {
	if len(v) < 43 || len(v) > 128 {
		return false
	}
	for _, c := range []byte(v) {
		ok := c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
		if !ok {
			return false
		}
	}
	return true
}

func (s *Server) authorizeGet(w http.ResponseWriter, r *http.Request, flavor string) {
	req, page, oerr, desc := s.parseAuthorize(r.URL.Query(), flavor)
	if page != "" {
		s.errorPage(w, flavor, page)
		return
	}
	if oerr != "" {
		s.redirectError(w, r, req, oerr, desc)
		return
	}
	if s.opts.AutoApprove {
		s.redirectCode(w, r, req, req.scopes)
		return
	}
	nonce := randToken(24)
	s.mu.Lock()
	now := s.now()
	for k, p := range s.pending {
		if now.After(p.expiry) {
			delete(s.pending, k)
		}
	}
	s.pending[nonce] = &pendingConsent{req: req, expiry: now.Add(codeLifetime)}
	s.mu.Unlock()
	s.consentPage(w, r, req, nonce)
}

func (s *Server) authorizePost(w http.ResponseWriter, r *http.Request, flavor string) {
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, flavor, "The consent form could not be read.")
		return
	}
	nonce := r.PostForm.Get("nonce")
	s.mu.Lock()
	p := s.pending[nonce]
	delete(s.pending, nonce)
	expired := p != nil && s.now().After(p.expiry)
	s.mu.Unlock()
	if p == nil || p.req.flavor != flavor {
		s.errorPage(w, flavor, "This consent form is unknown or was already used. Start again from the application.")
		return
	}
	if expired {
		s.errorPage(w, flavor, "This consent form has expired. Start again from the application.")
		return
	}
	switch r.PostForm.Get("decision") {
	case "allow":
		scopes := p.req.scopes
		if specs[flavor].partialGrant {
			var picked []string
			for _, sc := range r.PostForm["scope"] {
				if slices.Contains(p.req.scopes, sc) {
					picked = append(picked, sc)
				}
			}
			scopes = picked
		}
		s.redirectCode(w, r, p.req, scopes)
	case "deny":
		s.redirectError(w, r, p.req, "access_denied", "The user denied the request.")
	default:
		s.errorPage(w, flavor, "The consent form carried no decision.")
	}
}

func (s *Server) redirectCode(w http.ResponseWriter, r *http.Request, req authRequest, scopes []string) {
	code := randHex(20)
	unlock := s.lockState()
	s.codes[code] = &authCode{
		flavor: req.flavor, clientID: req.client.ID,
		redirectURI: req.redirectURI, redirectGiven: req.redirectSet,
		scopes: append([]string(nil), scopes...), challenge: req.challenge, method: req.method,
		expiry: s.now().Add(codeLifetime),
	}
	s.persistLocked()
	unlock()
	v := url.Values{"code": {code}}
	if req.state != "" {
		v.Set("state", req.state)
	}
	s.redirect(w, r, req, v)
}

func (s *Server) redirectError(w http.ResponseWriter, r *http.Request, req authRequest, code, desc string) {
	v := url.Values{"error": {code}}
	if desc != "" {
		v.Set("error_description", desc)
	}
	if req.state != "" {
		v.Set("state", req.state)
	}
	s.redirect(w, r, req, v)
}

func (s *Server) redirect(w http.ResponseWriter, r *http.Request, req authRequest, v url.Values) {
	u, _ := url.Parse(req.redirectURI) // validated at registration
	q := u.Query()
	for k, vs := range v {
		q[k] = vs
	}
	u.RawQuery = q.Encode()
	loc := u.String()
	if req.flavor == Fitbit {
		loc += "#_=_" // Fitbit's redirects really end with this fragment
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, loc, http.StatusFound)
}

// ---- token -----------------------------------------------------------------

// oauthErrorBody is the provider's error document for the OAuth endpoints.
func oauthErrorBody(flavor string, status int, code, desc string) []byte {
	var v any
	switch flavor {
	case Fitbit:
		v = fitbitErrors(code, desc)
	case Oura:
		v = map[string]any{"status": status, "title": code, "detail": desc}
	default:
		v = map[string]any{"error": code, "error_description": desc}
	}
	b, _ := json.Marshal(v)
	return b
}

func oauthError(flavor string, status int, code, desc string) response {
	return response{status: status, body: oauthErrorBody(flavor, status, code, desc), header: http.Header{"Cache-Control": {"no-store"}}}
}

// authClient authenticates the client of a token or revoke request the way
// the provider does.
func (s *Server) authClient(r *http.Request, flavor string) (*Client, *response) {
	id, secret, basic := r.BasicAuth()
	if basic {
		// RFC 6749 §2.3.1: both parts are form-urlencoded.
		if v, err := url.QueryUnescape(id); err == nil {
			id = v
		}
		if v, err := url.QueryUnescape(secret); err == nil {
			secret = v
		}
	}
	formID, formSecret := r.Form.Get("client_id"), r.Form.Get("client_secret")
	fail := func(desc string) (*Client, *response) {
		resp := oauthError(flavor, http.StatusUnauthorized, "invalid_client", desc)
		if basic {
			resp.header.Set("WWW-Authenticate", `Basic realm="`+flavor+`"`)
		}
		return nil, &resp
	}
	switch flavor {
	case Oura, Jawbone:
		if basic {
			return fail("Client credentials must be sent in the request body (client_id and client_secret), not in an Authorization header.")
		}
	case Fitbit:
		if formSecret != "" && !basic {
			return fail("Authorization header required: send the client id and secret with HTTP Basic authentication.")
		}
	}
	if !basic {
		id, secret = formID, formSecret
	} else if formID != "" && formID != id {
		return fail("client_id in the body does not match the Authorization header.")
	}
	if id == "" {
		return fail("Missing client credentials.")
	}
	s.mu.Lock()
	c := s.clients[flavor][id]
	s.mu.Unlock()
	if c == nil {
		return fail(fmt.Sprintf("Invalid client_id %q.", id))
	}
	if c.Public {
		return c, nil
	}
	if flavor == GoogleHealth && secret == "" {
		// Google's answer to a Desktop client that relies on PKCE alone
		// (googleapis/google-api-dotnet-client#1827): its clients always
		// send the secret.
		resp := oauthError(flavor, http.StatusBadRequest, "invalid_request", "client_secret is missing.")
		return nil, &resp
	}
	if flavor == Fitbit && !basic {
		return fail("Authorization header required: send the client id and secret with HTTP Basic authentication.")
	}
	if subtle.ConstantTimeCompare([]byte(secret), []byte(c.Secret)) != 1 {
		return fail("Invalid client secret.")
	}
	return c, nil
}

func (s *Server) handleToken(w http.ResponseWriter, r *http.Request, flavor string) {
	fault, answered := s.injectFault(w, r, flavor, targetToken)
	if answered {
		return
	}
	allowGet := flavor == Jawbone // the original Jawbone notebook fetched tokens with GET
	if r.Method != http.MethodPost && !(allowGet && r.Method == http.MethodGet) {
		s.send(w, r, oauthError(flavor, http.StatusMethodNotAllowed, "invalid_request", "Use POST."), 0)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.send(w, r, oauthError(flavor, http.StatusBadRequest, "invalid_request", "The request body could not be parsed."), 0)
		return
	}
	if flavor != Fitbit && flavor != Jawbone {
		// Only Fitbit and Jawbone were seen accepting token parameters in the
		// query string; the others read the body.
		r.Form = r.PostForm
	}
	c, bad := s.authClient(r, flavor)
	if bad != nil {
		s.send(w, r, *bad, 0)
		return
	}
	if flavor == Oura {
		if resp, wrong := ouraPortalMismatch(c, r); wrong {
			s.send(w, r, resp, 0)
			return
		}
	}
	var resp response
	switch gt := r.Form.Get("grant_type"); gt {
	case "authorization_code":
		resp = s.exchangeCode(r, flavor, c)
	case "refresh_token":
		resp = s.refreshGrant(r, flavor, c, fault == FaultRefreshReused)
	case "":
		resp = oauthError(flavor, http.StatusBadRequest, "invalid_request", "Missing parameter: grant_type")
	default:
		resp = oauthError(flavor, http.StatusBadRequest, "unsupported_grant_type", fmt.Sprintf("grant_type %q is not supported", gt))
	}
	if fault == FaultDropConnection || fault == FaultTruncatedJSON {
		s.send(w, r, resp, fault) // processed, but the answer is lost
		return
	}
	s.send(w, r, resp, 0)
}

// ouraPortalMismatch answers a token request of an Oura app at the other
// portal's token endpoint, as reported for the real ones (research notes,
// Oura section): an app of the new developer portal at the legacy
// https://api.ouraring.com/oauth/token gets HTTP 401 for the code exchange
// (louispires/Oura-Home-Assistant-Integration v2.8.7, #71/#72) and HTTP 400
// invalid_request "Invalid request" for a refresh (#68; the body is
// inferred from the integration's log line "invalid_request: Invalid
// request", not seen raw). A legacy app at the new portal's endpoint is
// refused with 401 invalid_client (the mirror image; unverified). The
// refused request spends nothing: the same refresh token then works at the
// right endpoint, as the integration's fallback relies on.
func ouraPortalMismatch(c *Client, r *http.Request) (response, bool) {
	atNew := strings.HasSuffix(r.URL.Path, ouraNewTokenPath)
	switch {
	case c.Portal == OuraNewPortal && !atNew:
		if r.Form.Get("grant_type") == "refresh_token" {
			return plainOAuthError(http.StatusBadRequest, "invalid_request", "Invalid request"), true
		}
		return plainOAuthError(http.StatusUnauthorized, "invalid_client", "Invalid client"), true
	case c.Portal == OuraLegacy && atNew:
		return plainOAuthError(http.StatusUnauthorized, "invalid_client", "Invalid client"), true
	}
	return response{}, false
}

// plainOAuthError is an RFC 6749 error body, whatever the flavour's own
// error shape.
func plainOAuthError(status int, code, desc string) response {
	b, _ := json.Marshal(map[string]string{"error": code, "error_description": desc})
	return response{status: status, body: b, header: http.Header{"Cache-Control": {"no-store"}}}
}

func (s *Server) exchangeCode(r *http.Request, flavor string, c *Client) response {
	sp := specs[flavor]
	code := r.Form.Get("code")
	defer s.lockState()()
	ac := s.codes[code]
	if ac == nil || ac.flavor != flavor || ac.clientID != c.ID {
		return oauthError(flavor, http.StatusBadRequest, "invalid_grant", "Authorization code invalid: "+redact(code))
	}
	if ac.used {
		// RFC 6749 §4.1.2: a reused code revokes what it issued.
		if ac.grant != nil && !ac.grant.revoked {
			ac.grant.revoked = true
			s.persistLocked()
		}
		return oauthError(flavor, http.StatusBadRequest, "invalid_grant", "Authorization code already used: "+redact(code))
	}
	if s.now().After(ac.expiry) {
		return oauthError(flavor, http.StatusBadRequest, "invalid_grant", "Authorization code expired: "+redact(code))
	}
	ru, has := r.Form["redirect_uri"]
	switch {
	case has && ru[0] != ac.redirectURI:
		return oauthError(flavor, http.StatusBadRequest, "invalid_grant", "redirect_uri does not match the one used in the authorization request")
	case !has && ac.redirectGiven && sp.strictRedirect:
		return oauthError(flavor, http.StatusBadRequest, "invalid_request", "Missing parameter: redirect_uri")
	}
	verifier := r.Form.Get("code_verifier")
	if sp.pkce && ac.challenge != "" {
		if verifier == "" {
			return oauthError(flavor, http.StatusBadRequest, "invalid_request", "Missing parameter: code_verifier")
		}
		if !validVerifier(verifier) || !pkceMatches(ac.method, ac.challenge, verifier) {
			return oauthError(flavor, http.StatusBadRequest, "invalid_grant", "code_verifier does not match the code_challenge")
		}
	}
	ac.used = true
	g := &grant{flavor: flavor, clientID: c.ID, scopes: ac.scopes, granted: s.now()}
	ac.grant = g
	p := s.newPairLocked(g)
	s.persistLocked()
	return jsonResponse(http.StatusOK, s.tokenFieldsLocked(p), http.Header{"Cache-Control": {"no-store"}, "Pragma": {"no-cache"}})
}

func pkceMatches(method, challenge, verifier string) bool {
	want := verifier
	if method == "S256" {
		sum := sha256.Sum256([]byte(verifier))
		want = base64.RawURLEncoding.EncodeToString(sum[:])
	}
	return subtle.ConstantTimeCompare([]byte(want), []byte(challenge)) == 1
}

func reuseMessage(flavor, tok string) string {
	switch flavor {
	case Fitbit:
		return "Refresh token invalid: " + redact(tok) + ". Visit https://dev.fitbit.com/docs/oauth2 for more information on the Fitbit Web API authorization process."
	case Oura:
		return "Token already used or revoked"
	case GoogleHealth:
		return "Token has been expired or revoked."
	default:
		return "Refresh token invalid or already used."
	}
}

func (s *Server) refreshGrant(r *http.Request, flavor string, c *Client, forceReused bool) response {
	tok := r.Form.Get("refresh_token")
	if tok == "" {
		return oauthError(flavor, http.StatusBadRequest, "invalid_request", "Missing parameter: refresh_token")
	}
	defer s.lockState()()
	rt := s.refresh[tok]
	invalid := oauthError(flavor, http.StatusBadRequest, "invalid_grant", reuseMessage(flavor, tok))
	if forceReused || rt == nil || rt.pair.grant.flavor != flavor || rt.pair.grant.clientID != c.ID || rt.pair.grant.revoked {
		return invalid
	}
	if c.Testing && !rt.pair.grant.granted.IsZero() && !s.now().Before(rt.pair.grant.granted.Add(GoogleTestingRefreshLife)) {
		// Testing-mode expiry: the very answer of a revoked token.
		return invalid
	}
	hdr := http.Header{"Cache-Control": {"no-store"}, "Pragma": {"no-cache"}}
	if rt.spent {
		// Fitbit: an identical retry gets the same new pair until that pair
		// is used. Everyone else: a spent refresh token is dead.
		if flavor == Fitbit && rt.next != nil && !rt.next.used {
			return jsonResponse(http.StatusOK, s.tokenFieldsLocked(rt.next), hdr)
		}
		return invalid
	}
	rt.spent = true
	rt.pair.used = true
	p := s.newPairLocked(rt.pair.grant)
	rt.next = p
	s.persistLocked()
	return jsonResponse(http.StatusOK, s.tokenFieldsLocked(p), hdr)
}

// redact shows only the start of a secret, for error messages.
func redact(tok string) string {
	if len(tok) <= 6 {
		return "…"
	}
	return tok[:6] + "…"
}

// ---- revoke ----------------------------------------------------------------

func (s *Server) handleRevoke(w http.ResponseWriter, r *http.Request, flavor string) {
	if f := s.faults[flavor].take(targetToken); f == FaultGone {
		s.send(w, r, s.faultResponse(flavor, f), 0)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.send(w, r, oauthError(flavor, http.StatusBadRequest, "invalid_request", "The request could not be parsed."), 0)
		return
	}
	var tok string
	switch flavor {
	case Fitbit:
		if r.Method != http.MethodPost {
			s.send(w, r, oauthError(flavor, http.StatusMethodNotAllowed, "invalid_request", "Use POST."), 0)
			return
		}
		if _, bad := s.authClient(r, flavor); bad != nil {
			s.send(w, r, *bad, 0)
			return
		}
		tok = r.Form.Get("token")
	case Oura:
		if strings.HasSuffix(r.URL.Path, ouraNewRevokePath) {
			// The new portal's revocation endpoint, RFC 7009 style
			// (reported in its discovery document; unverified).
			if r.Method != http.MethodPost {
				s.send(w, r, plainOAuthError(http.StatusMethodNotAllowed, "invalid_request", "Use POST."), 0)
				return
			}
			tok = r.PostForm.Get("token")
			if tok == "" {
				// wearnb's Oura revocation names it access_token, as the
				// legacy endpoint does; accept that too.
				tok = r.PostForm.Get("access_token")
			}
			break
		}
		// The legacy endpoint's method is undocumented
		// (https://api.ouraring.com/oauth/revoke?access_token=…; one
		// client POSTs, others GET). The sandbox takes GET only, so a
		// client's POST-then-GET fallback is exercised by every revoke.
		if r.Method != http.MethodGet {
			w.Header().Set("Allow", "GET")
			s.send(w, r, oauthError(flavor, http.StatusMethodNotAllowed, "Method Not Allowed", "Use GET with ?access_token=…"), 0)
			return
		}
		tok = r.URL.Query().Get("access_token")
	default: // Google
		tok = r.Form.Get("token")
	}
	if tok == "" {
		s.send(w, r, oauthError(flavor, http.StatusBadRequest, "invalid_request", "Missing parameter: token"), 0)
		return
	}
	unlock := s.lockState()
	var g *grant
	if a := s.access[tok]; a != nil && a.pair.grant.flavor == flavor {
		g = a.pair.grant
	} else if rt := s.refresh[tok]; rt != nil && rt.pair.grant.flavor == flavor {
		g = rt.pair.grant
	}
	if g != nil {
		g.revoked = true
		if flavor == Fitbit {
			// Fitbit revokes every token the user gave this application.
			for _, a := range s.access {
				if a.pair.grant.flavor == Fitbit && a.pair.grant.clientID == g.clientID {
					a.pair.grant.revoked = true
				}
			}
		}
		s.persistLocked()
	}
	unlock()
	if g == nil && flavor == GoogleHealth {
		s.send(w, r, oauthError(flavor, http.StatusBadRequest, "invalid_token", "Token expired or revoked"), 0)
		return
	}
	// RFC 7009: an unknown token is not an error.
	s.send(w, r, response{status: http.StatusOK, body: []byte("{}")}, 0)
}
