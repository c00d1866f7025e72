package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/oauth2"
)

// inProcess returns a server that never listens (unless the test makes it),
// with the fake source and the fake clock (opts.Clock, else a new one at
// testNow, returned).
func inProcess(t *testing.T, opts Options) (*Server, *FakeClock) {
	t.Helper()
	clock := NewFakeClock(testNow)
	if opts.Clock == nil {
		opts.Clock = clock
	}
	s := New(opts)
	src := newFakeSource()
	s.src, s.data = src, newDataCache(src)
	return s, clock
}

// allScopes lists every scope of flavor.
func allScopes(flavor string) []string {
	var out []string
	for _, sc := range specs[flavor].scopes {
		out = append(out, sc.name)
	}
	return out
}

func bearerClient(s *Server, tok string) *http.Client {
	return &http.Client{Transport: &oauth2.Transport{Source: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: tok}), Base: s.Transport()}}
}

// The in-process transport answers as the listening server does, byte for
// byte, without a socket: the server was never started.
func TestTransportServesWithoutASocket(t *testing.T) {
	s, _ := inProcess(t, Options{})
	e := newEnv(t, Options{}) // the same data over loopback, for comparison
	if s.URL() != "" {
		t.Fatalf("URL() = %q for a server that never listened", s.URL())
	}
	for _, flavor := range Flavors {
		tok, err := s.IssueToken(flavor, DemoClientID, allScopes(flavor))
		if err != nil {
			t.Fatal(err)
		}
		resp, err := bearerClient(s, tok.AccessToken).Get(InProcessURL + dataPathFor(flavor))
		if err != nil {
			t.Fatalf("%s: %v", flavor, err)
		}
		got, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 || resp.Header.Get("Content-Type") == "" || resp.ContentLength != int64(len(got)) {
			t.Fatalf("%s: %s, %d bytes of %d, %v", flavor, resp.Status, len(got), resp.ContentLength, err)
		}
		wresp, want := e.get(dataPathFor(flavor), e.token(flavor))
		var v any
		if err := json.Unmarshal([]byte(strings.ReplaceAll(string(got), InProcessURL, e.ts.URL)), &v); err != nil || wresp.StatusCode != 200 || !reflect.DeepEqual(v, want) {
			t.Errorf("%s: in-process answer differs from the one over loopback (%v)\n%.300s\n%.300v", flavor, err, got, want)
		}
		if s.Requests(flavor) != 1 {
			t.Errorf("%s: %d requests counted", flavor, s.Requests(flavor))
		}
	}
	// Token requests (a form POST) work in-process too.
	cfg := &oauth2.Config{ClientID: DemoClientID, ClientSecret: DemoClientSecret, Endpoint: oauth2.Endpoint{
		TokenURL: InProcessURL + "/" + Oura + specs[Oura].tokenPath, AuthStyle: oauth2.AuthStyleInParams,
	}}
	tok, err := s.IssueToken(Oura, DemoClientID, []string{"daily"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.WithValue(t.Context(), oauth2.HTTPClient, s.Client())
	tok.Expiry = testNow.Add(-1)
	fresh, err := cfg.TokenSource(ctx, tok).Token()
	if err != nil || fresh.AccessToken == tok.AccessToken || fresh.RefreshToken == "" {
		t.Fatalf("refresh in-process: %v", err)
	}
}

// Links the sandbox builds from the request's host (Fitbit's
// pagination.next) point at the in-process URL, so following them stays
// in-process.
func TestTransportLinksStayInProcess(t *testing.T) {
	s, _ := inProcess(t, Options{})
	tok, _ := s.IssueToken(Fitbit, DemoClientID, []string{"sleep"})
	resp, err := bearerClient(s, tok.AccessToken).Get(InProcessURL + "/fitbit/1.2/user/-/sleep/list.json?afterDate=2024-01-01&sort=asc&limit=2&offset=0")
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Pagination struct{ Next string } `json:"pagination"`
	}
	err = json.NewDecoder(resp.Body).Decode(&v)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 || !strings.HasPrefix(v.Pagination.Next, InProcessURL+"/fitbit/1.2/user/-/sleep/list.json?") {
		t.Fatalf("%s, %v: next %q", resp.Status, err, v.Pagination.Next)
	}
	resp, err = bearerClient(s, tok.AccessToken).Get(v.Pagination.Next)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("following next: %v", err)
	}
	resp.Body.Close()
}

// A dropped connection in-process: the head promises the whole body, half
// of it comes, then io.ErrUnexpectedEOF, as on the wire (TestDropIsMidBody).
func TestTransportDropIsMidBody(t *testing.T) {
	s, _ := inProcess(t, Options{})
	tok, _ := s.IssueToken(Oura, DemoClientID, []string{"personal"})
	s.Faults(Oura).Next(FaultDropConnection, 1)
	resp, err := bearerClient(s, tok.AccessToken).Get(InProcessURL + "/oura/v2/usercollection/personal_info")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if !errors.Is(err, io.ErrUnexpectedEOF) || int64(len(b)) >= resp.ContentLength || len(b) == 0 || resp.StatusCode != 200 {
		t.Fatalf("got %d of %d bytes, status %d, err %v", len(b), resp.ContentLength, resp.StatusCode, err)
	}
	// The next request is whole again.
	resp, err = bearerClient(s, tok.AccessToken).Get(InProcessURL + "/oura/v2/usercollection/personal_info")
	if err != nil {
		t.Fatal(err)
	}
	b, err = io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || int64(len(b)) != resp.ContentLength {
		t.Errorf("after the drop: %d of %d bytes, %v", len(b), resp.ContentLength, err)
	}
}

// Other hosts are refused (the token stays in the process); a cancelled
// context is honoured; HEAD has no body; redirects are answered, not
// followed into the network.
func TestTransportEdges(t *testing.T) {
	s, _ := inProcess(t, Options{AutoApprove: true})
	rt := s.Transport()
	req, _ := http.NewRequest("GET", "http://example.com/fitbit/1/user/-/profile.json?access_token=secret123", nil)
	if _, err := rt.RoundTrip(req); err == nil || strings.Contains(err.Error(), "secret123") || !strings.Contains(err.Error(), InProcessURL) {
		t.Errorf("other host: %v", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	req, _ = http.NewRequestWithContext(ctx, "GET", InProcessURL+"/", nil)
	if _, err := rt.RoundTrip(req); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	req, _ = http.NewRequest("HEAD", InProcessURL+"/", nil)
	resp, err := rt.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := io.ReadAll(resp.Body); resp.StatusCode != 200 || len(b) != 0 {
		t.Errorf("HEAD: %d, %d bytes", resp.StatusCode, len(b))
	}
	q := url.Values{"client_id": {DemoClientID}, "response_type": {"code"}, "scope": {"sleep"}, "redirect_uri": {"http://127.0.0.1:1/callback"}, "state": {"x"}}
	req, _ = http.NewRequest("GET", InProcessURL+"/fitbit/oauth2/authorize?"+q.Encode(), nil)
	resp, err = rt.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	if loc, _ := resp.Location(); resp.StatusCode != 302 || loc == nil || loc.Query().Get("code") == "" {
		t.Errorf("authorize: %d %v", resp.StatusCode, loc)
	}
}

// Listen opens a port for the consent page and Close frees it; the
// in-process transport works before, during and after, and accepts the
// listener's host while it listens.
func TestListenOnlyWhileNeeded(t *testing.T) {
	s, _ := inProcess(t, Options{})
	tok, _ := s.IssueToken(Oura, DemoClientID, []string{"personal"})
	get := func(root string) int {
		resp, err := bearerClient(s, tok.AccessToken).Get(root + "/oura/v2/usercollection/personal_info")
		if err != nil {
			t.Fatalf("%s: %v", root, err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if err := s.Listen("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	addr := strings.TrimPrefix(s.URL(), "http://")
	if err := s.Listen("127.0.0.1:0"); err == nil {
		t.Error("a second Listen did not fail")
	}
	if get(InProcessURL) != 200 || get(s.URL()) != 200 {
		t.Error("transport while listening")
	}
	resp, err := http.Get(s.URL() + "/")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("over the socket: %v", err)
	}
	resp.Body.Close()
	s.Close()
	if c, err := net.Dial("tcp", addr); err == nil {
		c.Close()
		t.Errorf("%s still accepts connections after Close", addr)
	}
	if get(InProcessURL) != 200 {
		t.Error("transport after Close")
	}
	if err := s.Listen("127.0.0.1:0"); err != nil {
		t.Errorf("Listen again: %v", err)
	}
	s.Close()
	if err := s.Listen("0.0.0.0:0"); err == nil {
		s.Close()
		t.Error("listened on a non-loopback address")
	}
}
