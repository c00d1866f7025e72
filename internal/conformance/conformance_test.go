// Package conformance runs wearnb's consent flow against an independent,
// widely used OAuth2 server implementation, github.com/go-oauth2/oauth2/v4,
// configured strictly: PKCE S256 required, redirect URIs compared exactly,
// single-use codes and rotating refresh tokens. It lives in its own module
// so that server never becomes a dependency of wearnb.
//
// No browser is needed: an http.Client that follows redirects plays the
// person who opens the consent link and approves.
package conformance

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	o2 "github.com/go-oauth2/oauth2/v4"
	o2errors "github.com/go-oauth2/oauth2/v4/errors"
	"github.com/go-oauth2/oauth2/v4/manage"
	"github.com/go-oauth2/oauth2/v4/models"
	"github.com/go-oauth2/oauth2/v4/server"
	"github.com/go-oauth2/oauth2/v4/store"
	"golang.org/x/oauth2"
	"wearnb.dev/wearnb/consent"
	"wearnb.dev/wearnb/tokenstore"
)

const (
	clientID     = "conformance-client"
	clientSecret = "conformance-secret"
	userID       = "user-42"
)

// authServer is go-oauth2's server behind /authorize, /token and a
// protected /api/me.
type authServer struct {
	*httptest.Server
	deny bool // the user authorization handler refuses
}

func newAuthServer(t *testing.T, redirect string, clientAuth server.ClientInfoHandler) *authServer {
	t.Helper()
	manager := manage.NewDefaultManager()
	manager.SetAuthorizeCodeTokenCfg(manage.DefaultAuthorizeCodeTokenCfg)
	manager.SetRefreshTokenCfg(manage.DefaultRefreshTokenCfg) // rotate, remove the old pair
	manager.MustTokenStorage(store.NewMemoryTokenStore())
	// Exact redirect URI match, as Fitbit does (the default only compares
	// host suffixes).
	manager.SetValidateURIHandler(func(registered, got string) error {
		if registered != got {
			return o2errors.ErrInvalidRedirectURI
		}
		return nil
	})
	clients := store.NewClientStore()
	clients.Set(clientID, &models.Client{ID: clientID, Secret: clientSecret, Domain: redirect})
	manager.MapClientStorage(clients)

	cfg := server.NewConfig()
	cfg.ForcePKCE = true
	cfg.AllowedResponseTypes = []o2.ResponseType{o2.Code}
	cfg.AllowedGrantTypes = []o2.GrantType{o2.AuthorizationCode, o2.Refreshing}
	cfg.AllowedCodeChallengeMethods = []o2.CodeChallengeMethod{o2.CodeChallengeS256}
	srv := server.NewServer(cfg, manager)
	srv.SetClientInfoHandler(clientAuth)

	a := &authServer{}
	srv.SetUserAuthorizationHandler(func(w http.ResponseWriter, r *http.Request) (string, error) {
		// A real server shows a consent page here; the test's "person"
		// approves (or refuses) at once.
		if a.deny {
			return "", o2errors.ErrAccessDenied
		}
		return userID, nil
	})
	mux := http.NewServeMux()
	mux.HandleFunc("/authorize", func(w http.ResponseWriter, r *http.Request) {
		if err := srv.HandleAuthorizeRequest(w, r); err != nil {
			http.Error(w, "authorize: "+err.Error(), http.StatusBadRequest)
		}
	})
	mux.HandleFunc("/token", func(w http.ResponseWriter, r *http.Request) {
		srv.HandleTokenRequest(w, r)
	})
	mux.HandleFunc("/api/me", func(w http.ResponseWriter, r *http.Request) {
		ti, err := srv.ValidationBearerToken(r)
		if err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		fmt.Fprintf(w, `{"user":%q,"scope":%q}`, ti.GetUserID(), ti.GetScope())
	})
	a.Server = httptest.NewServer(mux)
	t.Cleanup(a.Close)
	return a
}

func freePort(t *testing.T) int {
	t.Helper()
	for range 20 {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := ln.Addr().(*net.TCPAddr).Port
		ln6, err6 := net.Listen("tcp", net.JoinHostPort("::1", strconv.Itoa(port)))
		ln.Close()
		if err6 == nil {
			ln6.Close()
			return port
		}
		if probe, err := net.Listen("tcp", "[::1]:0"); err != nil {
			return port // no IPv6 here
		} else {
			probe.Close()
		}
	}
	t.Fatal("no free port")
	return 0
}

func config(a *authServer, redirect string, style oauth2.AuthStyle) consent.Config {
	return consent.Config{
		OAuth2: oauth2.Config{
			ClientID:     clientID,
			ClientSecret: clientSecret,
			Endpoint:     oauth2.Endpoint{AuthURL: a.URL + "/authorize", TokenURL: a.URL + "/token", AuthStyle: style},
			RedirectURL:  redirect,
			Scopes:       []string{"sleep", "activity"},
		},
		Provider: "go-oauth2",
		Mode:     consent.Local,
		Timeout:  time.Minute,
		Display:  consent.Terminal(io.Discard), // status lines are tested in wearnb/consent
	}
}

// approve plays the person: open the link, follow every redirect (local
// server → authorize → callback) and return the final page.
func approve(t *testing.T, cfg *consent.Config) <-chan string {
	pages := make(chan string, 1)
	cfg.Ready = func(link string) {
		go func() {
			resp, err := (&http.Client{Timeout: 10 * time.Second}).Get(link)
			if err != nil {
				t.Errorf("browser: %v", err)
				pages <- ""
				return
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			pages <- fmt.Sprintf("%d %s", resp.StatusCode, b)
		}()
	}
	return pages
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return c
}

func TestRunAgainstGoOAuth2(t *testing.T) {
	for _, tc := range []struct {
		name   string
		auth   server.ClientInfoHandler
		style  oauth2.AuthStyle
		host   string
		saveTo bool
	}{
		{"basic auth, localhost", server.ClientBasicHandler, oauth2.AuthStyleInHeader, "localhost", true},
		{"form auth, 127.0.0.1", server.ClientFormHandler, oauth2.AuthStyleInParams, "127.0.0.1", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			redirect := "http://" + tc.host + ":" + strconv.Itoa(freePort(t)) + "/callback"
			a := newAuthServer(t, redirect, tc.auth)
			cfg := config(a, redirect, tc.style)
			path := t.TempDir() + "/token.json"
			cfg.Save = tokenstore.Open(path)
			pages := approve(t, &cfg)

			tok, err := consent.Run(ctx(t), cfg)
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			if page := <-pages; !strings.HasPrefix(page, "200 ") || !strings.Contains(page, "Consent received") {
				t.Errorf("browser ended on %q", page)
			}
			info := consent.Inspect(tok)
			if !info.Valid || info.Refresh == "none" || strings.Join(info.Scopes, " ") != "sleep activity" {
				t.Errorf("token: %s", info)
			}
			if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o600 {
				t.Errorf("token file: %v %v", st, err)
			}

			// The token works at the server's protected endpoint.
			resp, err := consent.Get(ctx(t), cfg, tok, a.URL+"/api/me")
			if err != nil || resp.StatusCode != 200 || !strings.Contains(string(resp.Body), userID) {
				t.Fatalf("Get = %v, %v", resp, err)
			}
			// Refresh rotates; the old refresh token and access token die.
			fresh, err := consent.Refresh(ctx(t), cfg, tok)
			if err != nil {
				t.Fatalf("Refresh: %v", err)
			}
			if fresh.RefreshToken == tok.RefreshToken || fresh.AccessToken == tok.AccessToken {
				t.Error("refresh did not rotate")
			}
			if _, err := consent.Refresh(ctx(t), cfg, tok); err == nil {
				t.Error("the old refresh token still works")
			}
			if resp, _ := consent.Get(ctx(t), cfg, tok, a.URL+"/api/me"); resp == nil || resp.StatusCode != 401 {
				t.Errorf("old access token: %v", resp)
			}
			if resp, _ := consent.Get(ctx(t), cfg, fresh, a.URL+"/api/me"); resp == nil || resp.StatusCode != 200 {
				t.Errorf("new access token: %v", resp)
			}
		})
	}
}

func TestDenyAgainstGoOAuth2(t *testing.T) {
	redirect := "http://localhost:" + strconv.Itoa(freePort(t)) + "/callback"
	a := newAuthServer(t, redirect, server.ClientBasicHandler)
	a.deny = true
	cfg := config(a, redirect, oauth2.AuthStyleInHeader)
	path := t.TempDir() + "/token.json"
	cfg.Save = tokenstore.Open(path)
	approve(t, &cfg)
	_, err := consent.Run(ctx(t), cfg)
	var denied *consent.DeniedError
	if !errors.Is(err, consent.ErrAccessDenied) || !errors.As(err, &denied) || denied.Description == "" {
		t.Fatalf("Run = %v, want access_denied with go-oauth2's description", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("token file after deny: %v", err)
	}
}

// The server is strict; the flow's requests must satisfy it, and its
// refusals must come back as clear errors.
func TestStrictServerRefusals(t *testing.T) {
	redirect := "http://localhost:" + strconv.Itoa(freePort(t)) + "/callback"
	a := newAuthServer(t, redirect, server.ClientBasicHandler)
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	// Without PKCE the server refuses to authorize.
	cfg := config(a, redirect, oauth2.AuthStyleInHeader)
	cfg.NoPKCE = true
	plain, _ := consent.NewAuthorization(cfg)
	resp, err := noFollow.Get(plain.URL)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 400 || !strings.Contains(string(body), "invalid_request") {
		t.Errorf("authorize without PKCE = %d %s, want go-oauth2's refusal", resp.StatusCode, body)
	}

	// With PKCE: the code comes back with our state; a replayed code and a
	// wrong verifier are refused.
	cfg.NoPKCE = false
	auth, _ := consent.NewAuthorization(cfg)
	resp, err = noFollow.Get(auth.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, _ := url.Parse(resp.Header.Get("Location"))
	code, err := consent.ParseCallback(loc.Query(), auth.State)
	if err != nil {
		t.Fatalf("callback %s: %v", loc.Redacted(), err)
	}
	other, _ := consent.NewAuthorization(cfg)
	if _, err := consent.Exchange(ctx(t), cfg, other, code); err == nil {
		t.Error("exchange with the wrong verifier worked")
	} else if strings.Contains(err.Error(), code) || strings.Contains(err.Error(), other.Verifier) {
		t.Errorf("error shows a secret: %v", err)
	}
	// go-oauth2 deletes a code on its first use, even a failed one.
	if _, err := consent.Exchange(ctx(t), cfg, auth, code); err == nil {
		t.Error("a code that was already presented worked")
	}

	// Another redirect URI than the registered one is refused.
	cfg.OAuth2.RedirectURL = redirect + "/"
	wrong, _ := consent.NewAuthorization(cfg)
	resp, err = noFollow.Get(wrong.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode == http.StatusFound && strings.Contains(resp.Header.Get("Location"), "code=") {
		t.Errorf("a redirect URI with a trailing slash got a code")
	}
}

func TestPasteAgainstGoOAuth2(t *testing.T) {
	redirect := "http://localhost:" + strconv.Itoa(freePort(t)) + "/callback"
	a := newAuthServer(t, redirect, server.ClientBasicHandler)
	cfg := config(a, redirect, oauth2.AuthStyleInHeader)
	cfg.Mode = consent.Paste
	pasted := make(chan string, 1)
	cfg.Ready = func(link string) {
		// The person's browser ends on the dead localhost URL; they copy it.
		noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := noFollow.Get(link)
		if err != nil {
			t.Error(err)
			return
		}
		resp.Body.Close()
		pasted <- resp.Header.Get("Location")
	}
	cfg.Input = func(ctx context.Context, prompt string, password bool) (string, error) {
		select {
		case s := <-pasted:
			return s, nil
		case <-ctx.Done():
			return "", consent.ErrNoInput
		}
	}
	tok, err := consent.Run(ctx(t), cfg)
	if err != nil || !tok.Valid() {
		t.Fatalf("Run = %v", err)
	}
}
