package consent

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"log"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// shutdownGrace is how long Close waits for requests in flight before it
// closes connections by force.
const shutdownGrace = 500 * time.Millisecond

// Server is the local callback server (step 2 of the flow). It listens on
// the redirect URL's host and port, on loopback only: both 127.0.0.1 and
// ::1 when the host is "localhost" (browsers may resolve localhost to
// either), the literal address otherwise. It answers:
//
//   - GET / with a redirect to the provider's authorize URL, so the link
//     shown to the person proves the server is up;
//   - GET on the callback path with the first redirect whose state matches:
//     its code, or its RFC 6749 error, ends the wait (exactly once);
//   - everything else (favicon, other paths, a wrong or missing state, a
//     second callback) with 400, 404, 405 or 409, without ending the wait.
//
// Use [Listen] to start one, [Server.Wait] to get the code, and always
// [Server.Close].
type Server struct {
	auth      *Authorization
	redir     *redirect
	link      string
	hosts     map[string]bool // Host header values accepted
	logf      func(string, ...any)
	srv       *http.Server
	listeners []net.Listener
	served    sync.WaitGroup

	once   sync.Once
	got    chan struct{} // closed when the result is set
	code   string
	result error

	closeOnce sync.Once
	closeErr  error
}

// Listen starts the callback server for the attempt a, made with
// [NewAuthorization] from the same cfg. It returns at once: a port that is
// already taken gives a [*PortInUseError], a non-loopback redirect host
// [ErrNotLoopback] unless cfg.AllowNonLoopback is set.
func Listen(cfg Config, a *Authorization) (*Server, error) {
	c, err := cfg.normalized()
	if err != nil {
		return nil, err
	}
	return listen(&c, a)
}

func listen(c *Config, a *Authorization) (*Server, error) {
	if a == nil || a.State == "" || a.URL == "" {
		return nil, errors.New("consent: listen needs the Authorization made by NewAuthorization")
	}
	r, err := parseRedirect(c.OAuth2.RedirectURL)
	if err != nil {
		return nil, err
	}
	if r.url.Scheme != "http" {
		return nil, fmt.Errorf("consent: redirect URL %q must start with http:// for the local callback server (it has no TLS certificate); "+
			"a redirect to a page elsewhere, such as Google's https://www.google.com, needs Paste mode", c.OAuth2.RedirectURL)
	}
	if !isLoopback(r.host) && !c.AllowNonLoopback {
		return nil, fmt.Errorf("%w: %s; use http://localhost:PORT/..., or set AllowNonLoopback, or use Paste mode",
			ErrNotLoopback, c.OAuth2.RedirectURL)
	}
	port := strconv.Itoa(r.port)
	var addrs []string
	if strings.EqualFold(r.host, "localhost") {
		addrs = []string{net.JoinHostPort("127.0.0.1", port), net.JoinHostPort("::1", port)}
	} else {
		addrs = []string{net.JoinHostPort(r.host, port)}
	}
	s := &Server{
		auth:  a,
		redir: r,
		link:  "http://" + r.url.Host + "/",
		logf:  c.logf,
		got:   make(chan struct{}),
		hosts: map[string]bool{
			strings.ToLower(r.url.Host):                     true,
			net.JoinHostPort("localhost", port):             true,
			net.JoinHostPort("127.0.0.1", port):             true,
			net.JoinHostPort("::1", port):                   true,
			strings.ToLower(net.JoinHostPort(r.host, port)): true,
		},
	}
	if r.port == 80 {
		s.hosts[strings.ToLower(r.host)] = true
	}
	var lc net.ListenConfig
	for _, addr := range addrs {
		ln, err := lc.Listen(context.Background(), "tcp", addr)
		if err != nil {
			if errors.Is(err, syscall.EADDRINUSE) {
				s.closeListeners()
				return nil, &PortInUseError{Addr: addr, Port: r.port, Err: err}
			}
			if len(addrs) > 1 && (errors.Is(err, syscall.EADDRNOTAVAIL) || errors.Is(err, syscall.EAFNOSUPPORT)) {
				// This machine lacks one of the loopback families; the
				// browser can only use the other one.
				c.logf("callback server: %s unavailable here (%v); listening on the other loopback address only", addr, err)
				continue
			}
			s.closeListeners()
			if errors.Is(err, syscall.EACCES) {
				return nil, fmt.Errorf("consent: no permission to listen on port %d (ports below 1024 need privileges); register a redirect URL with a port above 1023: %w", r.port, err)
			}
			return nil, fmt.Errorf("consent: cannot listen on %s for the callback: %w", addr, err)
		}
		s.listeners = append(s.listeners, ln)
	}
	if len(s.listeners) == 0 {
		return nil, fmt.Errorf("consent: no loopback address available for port %d", r.port)
	}
	s.srv = &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       30 * time.Second,
		ErrorLog:          log.New(io.Discard, "", 0), // stray TLS probes and the like are not news
	}
	for _, ln := range s.listeners {
		c.logf("callback server: listening on http://%s%s", ln.Addr(), r.path)
		s.served.Add(1)
		go func(ln net.Listener) {
			defer s.served.Done()
			s.srv.Serve(ln) // returns http.ErrServerClosed on Close
		}(ln)
	}
	return s, nil
}

func (s *Server) closeListeners() {
	for _, ln := range s.listeners {
		ln.Close()
	}
	s.listeners = nil
}

// Link is the URL to show the person: the server's own root, which
// redirects to the provider's consent page. For the default redirect URL it
// is http://localhost:8976/.
func (s *Server) Link() string { return s.link }

// String names the server by its link; it never shows the code or state.
func (s *Server) String() string { return "consent.Server(" + s.link + ")" }

// GoString is String.
func (s *Server) GoString() string { return s.String() }

// Format prints String for every verb, so printing a Server never shows the
// code it received.
func (s *Server) Format(f fmt.State, verb rune) { fmt.Fprint(f, s.String()) }

// Addrs returns the addresses the server listens on.
func (s *Server) Addrs() []net.Addr {
	var out []net.Addr
	for _, ln := range s.listeners {
		out = append(out, ln.Addr())
	}
	return out
}

// Wait blocks until the callback delivers a code (returned), or an RFC 6749
// error (a [*DeniedError]), or ctx ends: then the error matches [ErrTimeout]
// and context.DeadlineExceeded, or [ErrInterrupted] and context.Canceled.
// Once a result has arrived, every later Wait returns it again.
func (s *Server) Wait(ctx context.Context) (code string, err error) {
	select {
	case <-s.got:
		return s.code, s.result
	case <-ctx.Done():
		select {
		case <-s.got: // a result that raced the deadline still counts
			return s.code, s.result
		default:
		}
		return "", waitError(ctx, "the callback")
	}
}

// waitError turns the end of ctx into an error matching ErrTimeout or
// ErrInterrupted, and the context's error.
func waitError(ctx context.Context, what string) error {
	e := &waitErr{ctxErr: ctx.Err()}
	if errors.Is(e.ctxErr, context.DeadlineExceeded) {
		e.kind = ErrTimeout
		e.msg = "consent: timed out waiting for " + what
		return e
	}
	e.kind = ErrInterrupted
	e.msg = "consent: interrupted while waiting for " + what
	if cause := context.Cause(ctx); cause != nil && cause != e.ctxErr {
		e.msg += " (" + cause.Error() + ")"
	}
	return e
}

// waitErr is a timeout or an interruption: it matches its kind (ErrTimeout
// or ErrInterrupted) and the context's error.
type waitErr struct {
	msg    string
	advice string // appended after "; "
	kind   error
	ctxErr error
	input  error // for a paste wait: the input function's error
}

func (e *waitErr) Error() string {
	if e.advice != "" {
		return e.msg + "; " + e.advice
	}
	return e.msg
}
func (e *waitErr) Unwrap() []error {
	if e.input != nil {
		return []error{e.kind, e.ctxErr, e.input}
	}
	return []error{e.kind, e.ctxErr}
}

// Close stops the server: it waits up to 500 ms for requests in flight,
// then closes the remaining connections, and returns once the port is free.
// It is safe to call more than once.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
		defer cancel()
		if err := s.srv.Shutdown(ctx); err != nil {
			s.closeErr = s.srv.Close()
		}
		s.served.Wait()
		s.logf("callback server: closed")
	})
	return s.closeErr
}

// deliver records the first result; it reports whether this call did.
func (s *Server) deliver(code string, err error) bool {
	first := false
	s.once.Do(func() {
		s.code, s.result = code, err
		close(s.got)
		first = true
	})
	return first
}

// ServeHTTP implements the routes described on [Server].
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	if !s.hosts[strings.ToLower(r.Host)] {
		// A page elsewhere that rebinds its own name to 127.0.0.1 arrives
		// with its own Host; it has no business here.
		s.ignore(w, r, http.StatusMisdirectedRequest, "unexpected Host "+strconv.Quote(r.Host))
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		s.ignore(w, r, http.StatusMethodNotAllowed, "method not allowed")
		return
	}
	q := r.URL.Query()
	isCallback := r.URL.Path == s.redir.path &&
		(s.redir.path != "/" || q.Has("code") || q.Has("error") || q.Has("state"))
	switch {
	case isCallback:
		s.callback(w, r)
	case r.URL.Path == "/":
		s.logf("callback server: GET / → redirect to the consent page")
		http.Redirect(w, r, s.auth.URL, http.StatusFound)
	default:
		s.ignore(w, r, http.StatusNotFound, "not found")
	}
}

func (s *Server) callback(w http.ResponseWriter, r *http.Request) {
	code, err := ParseCallback(r.URL.Query(), s.auth.State)
	var denied *DeniedError
	switch {
	case err == nil:
		if !s.deliver(code, nil) {
			s.ignore(w, r, http.StatusConflict, "a callback was already accepted")
			return
		}
		s.logf("callback server: accepted the callback with the authorization code")
		page(w, http.StatusOK, "Consent received", "wearnb has the authorization code. You can close this tab and go back to the notebook.")
	case errors.As(err, &denied):
		if !s.deliver("", denied) {
			s.ignore(w, r, http.StatusConflict, "a callback was already accepted")
			return
		}
		s.logf("callback server: accepted an error callback: %s", denied.Code)
		page(w, http.StatusOK, "Consent not given", denied.Error()+". You can close this tab.")
	default:
		s.ignore(w, r, http.StatusBadRequest, strings.TrimPrefix(err.Error(), "consent: "))
	}
}

// ignore answers a request that does not end the wait.
func (s *Server) ignore(w http.ResponseWriter, r *http.Request, status int, why string) {
	s.logf("callback server: ignored %s %s: %d %s", r.Method, r.URL.Path, status, why)
	page(w, status, http.StatusText(status), "This request was ignored: "+why+". The consent flow is still waiting for its own callback.")
}

func page(w http.ResponseWriter, status int, title, msg string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<!doctype html><html><head><meta charset="utf-8"><title>%s</title></head>`+
		`<body style="font-family:sans-serif;margin:3em"><h1>%s</h1><p id="wearnb-message">%s</p></body></html>`,
		html.EscapeString(title), html.EscapeString(title), html.EscapeString(msg))
}
