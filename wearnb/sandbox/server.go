package sandbox

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gofrs/flock"
	"golang.org/x/oauth2"

	"wearnb.dev/wearnb"
	secretfree "wearnb.dev/wearnb/internal/redact"
	"wearnb.dev/wearnb/sandbox/synth"
)

// Flavours: each emulates one provider's OAuth2 server and data API under
// its own path prefix ("/fitbit", "/oura", "/googlehealth", "/jawbone").
const (
	Fitbit       = "fitbit"
	Oura         = "oura"
	GoogleHealth = "googlehealth"
	Jawbone      = "jawbone"
)

// Flavors lists every flavour, in a stable order.
var Flavors = []string{Fitbit, Oura, GoogleHealth, Jawbone}

// The demo client registered with every flavour of every server. Its secret
// is public on purpose: the sandbox holds no one's data.
const (
	DemoClientID     = "wearnb-sandbox"
	DemoClientSecret = "sandbox-secret-not-for-production"
)

// DemoRedirectURIs are the redirect URIs registered for the demo client.
// The demo client takes them with any port (Client.AnyLoopbackPort, RFC
// 8252 §7.3), so every notebook's callback server can take a free port.
var DemoRedirectURIs = []string{"http://localhost:8976/callback", "http://127.0.0.1:8976/callback"}

// Options configure a Server. The zero value is usable: the default
// synthetic person, the system clock, the providers' token lifetimes.
type Options struct {
	// Person supplies the data; nil means synth.Default().
	Person *synth.Person
	// Clock drives expiry, rate-limit windows and "today"; nil means the
	// system clock.
	Clock Clock
	// TokenLifetimes overrides the access-token lifetime per flavour
	// (defaults: Fitbit 8 h, Oura 24 h, Google 1 h, Jawbone 1 year).
	TokenLifetimes map[string]time.Duration
	// AutoApprove makes the authorize endpoints redirect at once with a code,
	// as if the person had clicked Allow (for tests without a browser).
	AutoApprove bool
	// Logf, if set, receives one line per request (never a token or secret).
	Logf func(format string, args ...any)
	// AllowRemote lets StartAt listen on a non-loopback address. Off by
	// default: the sandbox is a teaching and test tool.
	AllowRemote bool
	// StateFile, if set, keeps grants, tokens and codes in this JSON file
	// (mode 0600, rewritten atomically on every change) and loads them at
	// start, so tokens survive a restart: a notebook runs every cell as a
	// new process. Servers in several processes (two notebooks) may share
	// one file at once: each locks it around every use of the state and
	// re-reads what the others wrote. Empty: memory only.
	StateFile string
	// Clients are registered with their flavours (keys) at start, beside
	// the demo client: a Google web or desktop client, an Oura app of the
	// new portal, for tests and notebooks that show those set-ups.
	Clients map[string][]Client
}

// Client is an OAuth2 client registered with one flavour.
type Client struct {
	ID     string
	Secret string // empty for a public client
	// RedirectURIs are matched exactly against the redirect_uri parameter
	// (but see AnyLoopbackPort).
	RedirectURIs []string
	// AnyLoopbackPort also accepts a redirect_uri that differs from a
	// registered loopback one (http://127.0.0.1, http://[::1],
	// http://localhost) in its port alone, as RFC 8252 §7.3 asks for
	// native apps and as Google's desktop clients do. Off, URIs compare
	// exactly, as at Fitbit. The demo client has it on.
	AnyLoopbackPort bool
	// Public marks a client without a secret (Fitbit "Client" apps,
	// installed apps). Public clients send client_id in the body.
	Public bool
	// Name is shown on the consent page; default "wearnb sandbox demo".
	Name string

	// Type is a Google client's type, as the Cloud console creates it and
	// names it in the downloaded client JSON: [GoogleWeb] ("Web
	// application": only the registered redirect URIs, compared exactly)
	// or [GoogleDesktop] ("Desktop app": any loopback redirect, any port,
	// nothing registered). Empty: the generic rules above. Both types must
	// send their secret to the token endpoint, PKCE or not.
	Type string
	// Testing is a Google client whose OAuth consent screen is in Testing
	// (publishing status): its refresh tokens expire 7 days after consent
	// ([GoogleTestingRefreshLife]), with the same answer as a revoked one.
	Testing bool
	// Portal is where an Oura app was created: [OuraLegacy]
	// (cloud.ouraring.com; tokens at /oauth/token), [OuraNewPortal]
	// (developer.ouraring.com; tokens at /oauth/v2/ext/oauth-token). Each
	// token endpoint refuses the other portal's apps, as reported for the
	// real ones. Empty (the demo client): both work.
	Portal string
}

// Google client types (Client.Type): the keys of the client JSON the Cloud
// console downloads ({"web": {...}} or {"installed": {...}}).
const (
	GoogleWeb     = "web"
	GoogleDesktop = "installed"
)

// Oura portals (Client.Portal).
const (
	OuraLegacy    = "legacy"
	OuraNewPortal = "new"
)

// GoogleTestingRefreshLife is how long a refresh token of a Google app in
// Testing mode lives: "A Google Cloud Platform project with an OAuth
// consent screen configured for an external user type and a publishing
// status of 'Testing' is issued a refresh token expiring in 7 days"
// (https://developers.google.com/identity/protocols/oauth2#expiration).
const GoogleTestingRefreshLife = 7 * 24 * time.Hour

// dataSource is what the sandbox renders. *synth.Person implements it; tests
// substitute hand-built data.
type dataSource interface {
	Sleeps(r wearnb.Range) []wearnb.Sleep
	Hours(r wearnb.Range) []wearnb.HourMoves
	Minutes(d wearnb.Date) []int
	Days(r wearnb.Range) []wearnb.DayMoves
	HeartRate(from, to time.Time, every time.Duration) []synth.HRSample
	// HRV is RMSSD during recorded sleep, RestingHR the resting heart rate
	// a device reports for a date, VitalsOf the nightly vitals of one of
	// the source's sleeps.
	HRV(from, to time.Time, every time.Duration) []synth.HRVSample
	RestingHR(d wearnb.Date) (int, bool)
	VitalsOf(s wearnb.Sleep) wearnb.Vitals
	// Zone is the zone of local date d: the one the person wakes up in,
	// which dates the day's sleeps and starts the day.
	Zone(d wearnb.Date) *time.Location
	// ZoneAt is the zone the person is in at instant t.
	ZoneAt(t time.Time) *time.Location
	// Switch reports whether d is a travel day and, if so, the instant the
	// person changes from Zone(d) to Zone(d+1). Local clock labels from
	// that instant on are in Zone(d+1), although the minutes still belong
	// to d, which ends at midnight of d+1 in Zone(d+1).
	Switch(d wearnb.Date) (time.Time, bool)
}

// Server is the sandbox: an OAuth2 authorization server plus data API for
// every flavour, behind one http.Handler. All methods are safe for
// concurrent use.
type Server struct {
	opts  Options
	clock Clock
	src   dataSource
	data  *dataCache
	mux   *http.ServeMux

	mu       sync.Mutex
	clients  map[string]map[string]*Client // flavour → id → client
	pending  map[string]*pendingConsent    // consent nonce → request
	codes    map[string]*authCode
	access   map[string]*accessToken
	refresh  map[string]*refreshToken
	grants   map[string]*grant
	requests map[string]int
	faults   map[string]*Faults
	limits   map[string]*rateWindow

	fileLock *flock.Flock // on StateFile+".lock"; see lockState
	seen     os.FileInfo  // the state file as last read or written

	lnMu    sync.Mutex // guards httpSrv, ln and done
	httpSrv *http.Server
	ln      net.Listener
	base    string // the listener's URL (s.mu); "" before Listen
	done    chan struct{}
	first   wearnb.Date // cached dataStart
	held    time.Time   // HoldUploads (s.mu); zero: none held
}

// New returns a Server that is not listening; use Handler to mount it or
// Start/StartAt to run it. A state file that cannot be read is logged and
// ignored; NewWithState reports it instead.
func New(opts Options) *Server {
	s, err := NewWithState(opts)
	if err != nil {
		s.logf("%v", err)
	}
	return s
}

// NewWithState is New that also returns the error of loading
// Options.StateFile (the server is usable either way, with empty state on
// error).
func NewWithState(opts Options) (*Server, error) {
	s := &Server{
		opts:     opts,
		clock:    opts.Clock,
		clients:  map[string]map[string]*Client{},
		pending:  map[string]*pendingConsent{},
		codes:    map[string]*authCode{},
		access:   map[string]*accessToken{},
		refresh:  map[string]*refreshToken{},
		grants:   map[string]*grant{},
		requests: map[string]int{},
		faults:   map[string]*Faults{},
		limits:   map[string]*rateWindow{},
	}
	if s.clock == nil {
		s.clock = systemClock{}
	}
	if opts.Person != nil {
		s.src = opts.Person
	} else {
		s.src = synth.Default()
	}
	s.data = newDataCache(s.src)
	for _, f := range Flavors {
		s.clients[f] = map[string]*Client{}
		s.faults[f] = &Faults{}
		_ = s.RegisterClient(f, Client{
			ID:              DemoClientID,
			Secret:          DemoClientSecret,
			RedirectURIs:    append([]string(nil), DemoRedirectURIs...),
			AnyLoopbackPort: true,
			Name:            "wearnb sandbox demo",
		})
	}
	for _, f := range slices.Sorted(maps.Keys(opts.Clients)) {
		for _, c := range opts.Clients[f] {
			if err := s.RegisterClient(f, c); err != nil {
				return s, err
			}
		}
	}
	s.mux = http.NewServeMux()
	s.routes()
	if opts.StateFile != "" {
		if err := s.loadState(); err != nil {
			return s, err
		}
	}
	return s, nil
}

// Start runs a new Server on 127.0.0.1 with a random free port, like
// httptest.NewServer. Call Close when done.
func Start(opts Options) (*Server, error) {
	return StartAt("127.0.0.1:0", opts)
}

// StartAt runs a new Server on addr ("host:port"). Non-loopback hosts are
// refused unless opts.AllowRemote is set.
func StartAt(addr string, opts Options) (*Server, error) {
	if err := checkListenAddr(addr, opts.AllowRemote); err != nil {
		return nil, err
	}
	s, err := NewWithState(opts)
	if err != nil {
		return nil, err
	}
	if err := s.Listen(addr); err != nil {
		return nil, err
	}
	return s, nil
}

func checkListenAddr(addr string, allowRemote bool) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("sandbox: bad listen address %q: %w", addr, err)
	}
	if !allowRemote && !isLoopbackHost(host) {
		return fmt.Errorf("sandbox: refusing to listen on non-loopback address %q (set AllowRemote to override)", addr)
	}
	return nil
}

// Listen starts serving s on addr ("127.0.0.1:0" for a free port), for a
// browser that must reach the consent page; URL then returns where. An
// in-process sandbox (see Transport) listens only while a person consents
// and Closes right after, so the port is free otherwise. Non-loopback
// hosts are refused unless Options.AllowRemote is set; a server that is
// already listening is an error.
func (s *Server) Listen(addr string) error {
	if err := checkListenAddr(addr, s.opts.AllowRemote); err != nil {
		return err
	}
	s.lnMu.Lock()
	defer s.lnMu.Unlock()
	if s.httpSrv != nil {
		return fmt.Errorf("sandbox: already listening on %s", s.URL())
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("sandbox: listen %s: %w", addr, err)
	}
	srv := &http.Server{Handler: s.mux, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(ln)
	}()
	s.mu.Lock()
	s.base = "http://" + ln.Addr().String()
	s.mu.Unlock()
	s.ln, s.httpSrv, s.done = ln, srv, done
	return nil
}

func isLoopbackHost(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Handler returns the sandbox's HTTP handler, for mounting on a server of
// your own (absolute links are then built from each request's Host).
func (s *Server) Handler() http.Handler { return s.mux }

// URL returns the base URL of a listening server, e.g.
// "http://127.0.0.1:40123", or "" if the server was made with New and never
// listened. After Close it still names the last address.
func (s *Server) URL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.base
}

// Close stops listening, frees the port and waits for requests in flight;
// it is a no-op for a server that does not listen. The server itself (its
// Handler, its Transport, its state) keeps working, and may Listen again.
func (s *Server) Close() {
	s.lnMu.Lock()
	defer s.lnMu.Unlock()
	if s.httpSrv == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := s.httpSrv.Shutdown(ctx); err != nil {
		_ = s.httpSrv.Close()
	}
	<-s.done
	s.httpSrv, s.ln, s.done = nil, nil, nil
}

// Endpoint returns the flavour's OAuth2 endpoint on this server, with
// AuthStyle set the way the provider wants client credentials (Fitbit: Basic
// header; Oura, Google, Jawbone: in the form body). For a server made with
// New (not listening) the URLs are paths relative to wherever its Handler is
// mounted. It panics on an unknown flavour: flavours are constants.
func (s *Server) Endpoint(flavor string) oauth2.Endpoint {
	sp := mustSpec(flavor)
	b := s.URL() + "/" + flavor
	return oauth2.Endpoint{
		AuthURL:   b + sp.authPath,
		TokenURL:  b + sp.tokenPath,
		AuthStyle: sp.authStyle,
	}
}

// RevokeURL returns where the flavour ends a consent: its revoke endpoint
// (Fitbit, Oura, Google), or Jawbone's DELETE PartnerAppMembership. Like
// Endpoint, a path for a server made with New.
func (s *Server) RevokeURL(flavor string) string {
	sp := mustSpec(flavor)
	if flavor == Jawbone {
		return s.URL() + "/" + flavor + jawboneDisconnect
	}
	return s.URL() + "/" + flavor + sp.revokePath
}

// APIBase returns the base URL of the flavour's data API (a path for a
// server made with New): append the
// provider's real paths ("/1.2/user/-/sleep/list.json",
// "/v2/usercollection/sleep", ...). For Jawbone, data.links.next is
// host-relative like the real one, so resolve it against APIBase by
// concatenation.
func (s *Server) APIBase(flavor string) string {
	mustSpec(flavor)
	return s.URL() + "/" + flavor
}

// RegisterClient adds or replaces a client of one flavour.
func (s *Server) RegisterClient(flavor string, c Client) error {
	if _, ok := specs[flavor]; !ok {
		return fmt.Errorf("sandbox: unknown flavour %q", flavor)
	}
	if c.ID == "" {
		return errors.New("sandbox: client needs an ID")
	}
	if !c.Public && c.Secret == "" {
		return fmt.Errorf("sandbox: confidential client %q needs a secret (or set Public)", c.ID)
	}
	switch {
	case c.Type != "" && flavor != GoogleHealth:
		return fmt.Errorf("sandbox: client %q: only Google clients have a type", c.ID)
	case c.Type != "" && c.Type != GoogleWeb && c.Type != GoogleDesktop:
		return fmt.Errorf("sandbox: client %q: unknown Google client type %q (want %q or %q)", c.ID, c.Type, GoogleWeb, GoogleDesktop)
	case c.Portal != "" && flavor != Oura:
		return fmt.Errorf("sandbox: client %q: only Oura apps have a portal", c.ID)
	case c.Portal != "" && c.Portal != OuraLegacy && c.Portal != OuraNewPortal:
		return fmt.Errorf("sandbox: client %q: unknown Oura portal %q", c.ID, c.Portal)
	case c.Testing && flavor != GoogleHealth:
		return fmt.Errorf("sandbox: client %q: only Google clients have a Testing mode", c.ID)
	}
	if len(c.RedirectURIs) == 0 && c.Type != GoogleDesktop {
		return fmt.Errorf("sandbox: client %q needs at least one redirect URI", c.ID)
	}
	for _, u := range c.RedirectURIs {
		pu, err := url.Parse(u)
		if err != nil || pu.Scheme == "" || pu.Host == "" || pu.Fragment != "" {
			return fmt.Errorf("sandbox: client %q: redirect URI %q must be absolute without a fragment", c.ID, u)
		}
	}
	if c.Name == "" {
		c.Name = "wearnb sandbox demo"
	}
	c.RedirectURIs = append([]string(nil), c.RedirectURIs...)
	s.mu.Lock()
	s.clients[flavor][c.ID] = &c
	s.mu.Unlock()
	return nil
}

// LookupClient returns a copy of the flavour's client with this id.
func (s *Server) LookupClient(flavor, id string) (Client, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.clients[flavor][id]
	if !ok {
		return Client{}, false
	}
	out := *c
	out.RedirectURIs = slices.Clone(c.RedirectURIs)
	return out, true
}

// Requests returns how many data-API requests the flavour has received
// (every request under its data paths, whatever the answer, including
// injected faults and 429s; OAuth endpoints are not counted).
func (s *Server) Requests(flavor string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[flavor]
}

// ResetRequests sets the flavour's request count back to zero and returns
// the count it had.
func (s *Server) ResetRequests(flavor string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := s.requests[flavor]
	s.requests[flavor] = 0
	return n
}

// Faults returns the flavour's fault injector. It panics on an unknown
// flavour.
func (s *Server) Faults(flavor string) *Faults {
	mustSpec(flavor)
	return s.faults[flavor]
}

func (s *Server) logf(format string, args ...any) {
	if s.opts.Logf != nil {
		s.opts.Logf("%s", secretfree.Params(fmt.Sprintf(format, args...)))
	}
}

func (s *Server) now() time.Time { return s.clock.Now() }

func (s *Server) lifetime(flavor string) time.Duration {
	if d, ok := s.opts.TokenLifetimes[flavor]; ok && d > 0 {
		return d
	}
	return specs[flavor].lifetime
}

// baseOf returns the absolute base URL for links in a response: the
// server's own URL when started, otherwise the request's host.
func (s *Server) baseOf(r *http.Request) string {
	if r.Host != "" {
		return "http://" + r.Host
	}
	return s.URL()
}

// statusRecorder remembers the status for the request log.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (w *statusRecorder) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusRecorder) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusRecorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (s *Server) routes() {
	for _, f := range Flavors {
		sp := specs[f]
		prefix := "/" + f
		s.mux.HandleFunc(prefix+sp.authPath, s.logged(f, s.handleAuthorize))
		s.mux.HandleFunc(prefix+sp.tokenPath, s.logged(f, s.handleToken))
		if sp.revokePath != "" {
			s.mux.HandleFunc(prefix+sp.revokePath, s.logged(f, s.handleRevoke))
		}
		if f == Oura {
			s.mux.HandleFunc(prefix+ouraNewAuthPath, s.logged(f, s.handleAuthorize))
			s.mux.HandleFunc(prefix+ouraNewTokenPath, s.logged(f, s.handleToken))
			s.mux.HandleFunc(prefix+ouraNewRevokePath, s.logged(f, s.handleRevoke))
		}
		s.mux.HandleFunc(prefix+"/", s.logged(f, s.handleData))
	}
	s.mux.HandleFunc("/", s.handleIndex)
}

// logged serves a flavour's requests with h and logs one line a request
// with the status h answered.
func (s *Server) logged(flavor string, h func(w http.ResponseWriter, r *http.Request, flavor string)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w}
		defer func() { s.logf("sandbox: %s %s %s -> %d", flavor, r.Method, r.URL.Path, rec.status) }()
		h(rec, r, flavor)
	}
}

func (s *Server) handleIndex(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/" {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	b := s.baseOf(r)
	var sb strings.Builder
	sb.WriteString("wearnb sandbox provider\n\n")
	for _, f := range Flavors {
		sp := specs[f]
		fmt.Fprintf(&sb, "%s\n  authorize %s/%s%s\n  token     %s/%s%s\n  data      %s/%s\n", sp.title, b, f, sp.authPath, b, f, sp.tokenPath, b, f)
	}
	fmt.Fprintf(&sb, "\ndemo client id %q, secret %q, redirect URIs %s (any loopback port)\n", DemoClientID, DemoClientSecret, strings.Join(DemoRedirectURIs, " "))
	_, _ = w.Write([]byte(sb.String()))
}
