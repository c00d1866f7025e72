package consent_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strings"

	"golang.org/x/oauth2"
	"wearnb.dev/wearnb/consent"
	"wearnb.dev/wearnb/sandbox"
)

// exampleSandbox starts the built-in sandbox provider with auto-approval
// and registers a client whose redirect URL is on a free loopback port, so
// examples can run anywhere. In a notebook you would use the demo client and
// the default redirect URL instead.
func exampleSandbox() (*sandbox.Server, consent.Config) {
	sb, err := sandbox.Start(sandbox.Options{AutoApprove: true})
	if err != nil {
		panic(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	redirect := fmt.Sprintf("http://127.0.0.1:%d/callback", ln.Addr().(*net.TCPAddr).Port)
	ln.Close()
	sb.RegisterClient(sandbox.Fitbit, sandbox.Client{ID: "example", Secret: "example-secret", RedirectURIs: []string{redirect}})
	return sb, consent.Config{
		OAuth2: oauth2.Config{
			ClientID:     "example",
			ClientSecret: "example-secret",
			Endpoint:     sb.Endpoint(sandbox.Fitbit),
			RedirectURL:  redirect,
			Scopes:       []string{"sleep", "activity"},
		},
		Provider: "Fitbit (sandbox)",
		Mode:     consent.Local,
		// The status lines (a countdown, the expiry time) differ from run
		// to run, so the examples keep them out of their output. The
		// default, consent.Terminal(os.Stdout), prints them.
		Display: consent.Terminal(io.Discard),
	}
}

// openInBrowser stands in for the person: it opens the consent link and
// follows the redirects (the sandbox approves at once).
func openInBrowser(link string) {
	go func() {
		resp, err := http.Get(link)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}()
}

func ExampleRun() {
	sb, cfg := exampleSandbox()
	defer sb.Close()
	// In a notebook: cfg.Save = tokenstore.OpenFor(dir, "fitbit", "default")
	cfg.Ready = openInBrowser // a person clicks the link instead

	tok, err := consent.Run(context.Background(), cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	info := consent.Inspect(tok)
	fmt.Println("valid:", info.Valid)
	fmt.Println("user:", info.UserID)
	fmt.Println("refreshable:", info.Refresh != "none")
	// Output:
	// valid: true
	// user: 7SBX4N
	// refreshable: true
}

func ExampleNewAuthorization() {
	cfg := consent.Config{OAuth2: oauth2.Config{
		ClientID:    "23ABCD",
		Endpoint:    oauth2.Endpoint{AuthURL: "https://www.fitbit.com/oauth2/authorize", TokenURL: "https://api.fitbit.com/oauth2/token"},
		RedirectURL: "http://localhost:8976/callback",
		Scopes:      []string{"sleep", "activity"},
	}}
	a, err := consent.NewAuthorization(cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	u, _ := url.Parse(a.URL)
	q := u.Query()
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range q {
			if !yield(k) {
				return
			}
		}
	}) {
		v := q.Get(k)
		if k == "state" || k == "code_challenge" {
			v = fmt.Sprintf("(%d random characters)", len(v))
		}
		fmt.Printf("%s=%s\n", k, v)
	}
	fmt.Println("verifier length:", len(a.Verifier))
	fmt.Println(strings.Contains(fmt.Sprint(a), a.Verifier))
	// Output:
	// client_id=23ABCD
	// code_challenge=(43 random characters)
	// code_challenge_method=S256
	// redirect_uri=http://localhost:8976/callback
	// response_type=code
	// scope=sleep activity
	// state=(43 random characters)
	// verifier length: 43
	// false
}

func ExampleListen() {
	sb, cfg := exampleSandbox()
	defer sb.Close()
	a, _ := consent.NewAuthorization(cfg)
	s, err := consent.Listen(cfg, a)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, path := range []string{"/", "/favicon.ico", "/callback?code=forged&state=wrong"} {
		resp, err := noFollow.Get(strings.TrimSuffix(s.Link(), "/") + path)
		if err != nil {
			fmt.Println(err)
			return
		}
		resp.Body.Close()
		fmt.Println(path, resp.StatusCode, resp.Header.Get("Location") == a.URL)
	}
	// Output:
	// / 302 true
	// /favicon.ico 404 false
	// /callback?code=forged&state=wrong 400 false
}

func ExampleServer_Wait() {
	sb, cfg := exampleSandbox()
	defer sb.Close()
	a, _ := consent.NewAuthorization(cfg)
	s, err := consent.Listen(cfg, a)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	openInBrowser(s.Link())
	code, err := s.Wait(context.Background())
	fmt.Println(code != "", err)
	// Output: true <nil>
}

func ExampleExchange() {
	sb, cfg := exampleSandbox()
	defer sb.Close()
	ctx := context.Background()
	a, _ := consent.NewAuthorization(cfg) // 1. the consent URL
	s, err := consent.Listen(cfg, a)      // 2. the callback server
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	openInBrowser(s.Link())
	code, err := s.Wait(ctx) // 3. the code
	if err != nil {
		fmt.Println(err)
		return
	}
	tok, err := consent.Exchange(ctx, cfg, a, code) // 4. the token
	if err != nil {
		fmt.Println(err)
		return
	}
	info := consent.Inspect(tok) // 5. what came back
	fmt.Println(info.Type, info.Valid, strings.Join(info.Scopes, " "), info.UserID)
	// Output: Bearer true sleep activity 7SBX4N
}

func ExampleInspect() {
	tok := (&oauth2.Token{AccessToken: "example-access-token", RefreshToken: "example-refresh-token", TokenType: "Bearer"}).
		WithExtra(map[string]any{"scope": "sleep activity", "user_id": "7SBX4N"})
	fmt.Println(consent.Inspect(tok))
	// Output:
	// type:    Bearer
	// expiry:  none given
	// scopes:  sleep activity
	// user:    7SBX4N
	// access:  sha256:6753f72e (20 chars)
	// refresh: sha256:38e87049 (21 chars)
}

func ExampleGet() {
	sb, cfg := exampleSandbox()
	defer sb.Close()
	tok, err := sb.IssueToken(sandbox.Fitbit, "example", []string{"sleep"})
	if err != nil {
		fmt.Println(err)
		return
	}
	resp, err := consent.Get(context.Background(), cfg, tok, sb.APIBase(sandbox.Fitbit)+"/1.2/user/-/sleep/date/2026-01-10.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.Status, strings.Contains(string(resp.Body), `"sleep"`))
	// Output: 200 OK true
}

func ExampleRefresh() {
	sb, cfg := exampleSandbox()
	defer sb.Close()
	tok, _ := sb.IssueToken(sandbox.Fitbit, "example", []string{"sleep"})
	// cfg.Save would store the new pair before it is returned.
	fresh, err := consent.Refresh(context.Background(), cfg, tok)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("new access token:", fresh.AccessToken != tok.AccessToken)
	fmt.Println("new refresh token:", fresh.RefreshToken != tok.RefreshToken)
	// Output:
	// new access token: true
	// new refresh token: true
}

func ExampleRevoke() {
	sb, cfg := exampleSandbox()
	defer sb.Close()
	ctx := context.Background()
	tok, _ := sb.IssueToken(sandbox.Fitbit, "example", []string{"sleep"})
	api := sb.APIBase(sandbox.Fitbit) + "/1.2/user/-/sleep/date/2026-01-10.json"
	before, _ := consent.Get(ctx, cfg, tok, api)
	err := consent.Revoke(ctx, cfg, consent.Revocation{
		URL:           sb.APIBase(sandbox.Fitbit) + "/oauth2/revoke", // https://api.fitbit.com/oauth2/revoke
		TokenTypeHint: "refresh_token",
	}, tok.RefreshToken)
	after, _ := consent.Get(ctx, cfg, tok, api)
	fmt.Println(before.StatusCode, err, after.StatusCode)
	// Output: 200 <nil> 401
}

func ExampleTraceTransport() {
	provider := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Date"] = nil // keep the output stable
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"access_token":"at-123","token_type":"Bearer","expires_in":3600,"refresh_token":"rt-456"}`)
	}))
	defer provider.Close()
	logf := func(format string, args ...any) {
		fmt.Println(strings.ReplaceAll(fmt.Sprintf(format, args...), provider.URL, "https://provider.example"))
	}
	client := &http.Client{Transport: consent.TraceTransport(nil, logf)}
	req, _ := http.NewRequest("POST", provider.URL+"/token",
		strings.NewReader("grant_type=authorization_code&code=c-789&code_verifier=v-012&redirect_uri=http%3A%2F%2Flocalhost%3A8976%2Fcallback"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth("23ABCD", "client-secret")
	resp, err := client.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	resp.Body.Close()
	// Output:
	// → POST https://provider.example/token
	//   Authorization: Basic [redacted]
	//   Content-Type: application/x-www-form-urlencoded
	//   grant_type=authorization_code&code=[redacted]&code_verifier=[redacted]&redirect_uri=http%3A%2F%2Flocalhost%3A8976%2Fcallback
	// ← 200 OK
	//   Content-Length: 90
	//   Content-Type: application/json
	//   {"access_token":"[redacted]","token_type":"Bearer","expires_in":3600,"refresh_token":"[redacted]"}
}

func ExampleParseCallback() {
	state := "state-from-this-attempt"
	for _, raw := range []string{
		"code=abc123&state=state-from-this-attempt",
		"code=abc123&state=another-attempt",
		"code=abc123",
		"error=access_denied&error_description=The+user+denied+the+request.&state=state-from-this-attempt",
	} {
		q, _ := url.ParseQuery(raw)
		code, err := consent.ParseCallback(q, state)
		fmt.Printf("%q %v\n", code, err)
	}
	// Output:
	// "abc123" <nil>
	// "" consent: state does not match this consent attempt
	// "" consent: state parameter missing
	// "" consent: access was denied on the consent page (access_denied): The user denied the request.; run the flow again and choose Allow to connect
}

func ExampleParsePasted() {
	state := "state-from-this-attempt"
	for _, pasted := range []string{
		"http://localhost:8976/callback?code=abc123&state=state-from-this-attempt",
		"  abc123\n",
		"http://localhost:8976/callback?code=abc123&state=old-attempt",
	} {
		code, err := consent.ParsePasted(pasted, state)
		fmt.Printf("%q %v\n", code, err)
	}
	// Output:
	// "abc123" <nil>
	// "abc123" <nil>
	// "" consent: state does not match this consent attempt: the pasted URL is from another attempt; paste the address from this cell's consent link
}

func ExampleRedact() {
	fmt.Println(consent.Redact(`{"access_token":"at-123","scope":"sleep","refresh_token":"rt-456"}`))
	fmt.Println(consent.Redact("http://localhost:8976/callback?code=abc123&state=xyz"))
	// Output:
	// {"access_token":"[redacted]","scope":"sleep","refresh_token":"[redacted]"}
	// http://localhost:8976/callback?code=[redacted]&state=xyz
}

func ExampleCredentials() {
	os.Setenv("WEARNB_EXAMPLE_CLIENT_ID", "23ABCD")
	os.Setenv("WEARNB_EXAMPLE_CLIENT_SECRET", "kept-out-of-the-notebook")
	defer os.Unsetenv("WEARNB_EXAMPLE_CLIENT_ID")
	defer os.Unsetenv("WEARNB_EXAMPLE_CLIENT_SECRET")
	id, secret, err := consent.Credentials("example", nil)
	fmt.Println(id, secret != "", err)
	// Output: 23ABCD true <nil>
}

func ExampleConfig_String() {
	cfg := consent.Config{OAuth2: oauth2.Config{
		ClientID:     "23ABCD",
		ClientSecret: "do-not-print",
		Endpoint:     oauth2.Endpoint{AuthURL: "https://www.fitbit.com/oauth2/authorize", TokenURL: "https://api.fitbit.com/oauth2/token", AuthStyle: oauth2.AuthStyleInHeader},
		Scopes:       []string{"sleep"},
	}, Provider: "Fitbit"}
	fmt.Printf("%v\n", cfg)
	// Output:
	// consent.Config{Provider: "Fitbit", ClientID: "23ABCD", ClientSecret: [redacted], AuthURL: "https://www.fitbit.com/oauth2/authorize", TokenURL: "https://api.fitbit.com/oauth2/token", AuthStyle: InHeader, RedirectURL: "http://localhost:8976/callback (default)", Scopes: ["sleep"], Mode: auto, Timeout: 5m0s, PKCE: true}
}
