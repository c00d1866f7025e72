package sandbox

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// InProcessURL is the root URL of a sandbox used in this process through
// [Server.Transport]: point a provider at it (providers.Sandbox(name,
// sandbox.InProcessURL)) and give its client the Transport. The name is in
// the .invalid domain (RFC 6761), which never resolves, so a request that
// misses the Transport fails at once instead of reaching some host.
const InProcessURL = "http://sandbox.wearnb.invalid"

var inProcessHost = strings.TrimPrefix(InProcessURL, "http://")

// Transport returns an http.RoundTripper that serves requests to the
// sandbox in this process: it calls the sandbox's handler directly, with no
// socket and no port. It takes requests for [InProcessURL] and for the
// server's own URL while it listens; any other host is an error. Data,
// token and revoke requests of a notebook go through it, so two notebooks
// (each a process with its own in-process sandbox, sharing a state file)
// never compete for a port; only the consent page, which a browser must
// reach, needs [Server.Listen].
//
// Responses arrive whole. An injected FaultDropConnection gives the
// response's head and half its body, and then io.ErrUnexpectedEOF from
// the body, as a connection cut mid-body does.
func (s *Server) Transport() http.RoundTripper { return transport{s} }

// Client returns an *http.Client whose requests go through Transport. Add
// the token with oauth2.Transport, or through the oauth2.HTTPClient
// context key.
func (s *Server) Client() *http.Client { return &http.Client{Transport: s.Transport()} }

type transport struct{ s *Server }

func (t transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		defer req.Body.Close()
	}
	if req.URL == nil {
		return nil, errors.New("sandbox: request without a URL")
	}
	host := req.URL.Host
	if host != inProcessHost && !t.ownHost(host) {
		return nil, fmt.Errorf("sandbox: %s is not the in-process sandbox (%s)", redactURL(req.URL), InProcessURL)
	}
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	var body []byte
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		if err != nil {
			return nil, fmt.Errorf("sandbox: read request body: %w", err)
		}
		body = b
	}
	in := req.Clone(req.Context())
	in.Body = io.NopCloser(bytes.NewReader(body))
	in.ContentLength = int64(len(body))
	in.Host = host
	in.RequestURI = req.URL.RequestURI()
	in.RemoteAddr = "in-process"
	in.Proto, in.ProtoMajor, in.ProtoMinor = "HTTP/1.1", 1, 1

	w := &recorder{header: http.Header{}}
	aborted := serve(t.s.mux, w, in)
	if w.status == 0 {
		w.status = http.StatusOK
	}
	resp := &http.Response{
		Status:     strconv.Itoa(w.status) + " " + http.StatusText(w.status),
		StatusCode: w.status,
		Proto:      "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        w.header,
		ContentLength: int64(w.body.Len()),
		Request:       req,
	}
	if cl, err := strconv.ParseInt(w.header.Get("Content-Length"), 10, 64); err == nil {
		resp.ContentLength = cl
	}
	var rd io.Reader = bytes.NewReader(w.body.Bytes())
	if aborted {
		rd = io.MultiReader(rd, errReader{io.ErrUnexpectedEOF})
	}
	if req.Method == http.MethodHead {
		rd = bytes.NewReader(nil)
	}
	resp.Body = io.NopCloser(rd)
	return resp, nil
}

// ownHost reports whether host is where the server listens now.
func (t transport) ownHost(host string) bool {
	u, err := url.Parse(t.s.URL())
	return err == nil && u.Host != "" && u.Host == host
}

// serve runs h and reports whether it aborted the response with
// http.ErrAbortHandler (a dropped connection). Other panics propagate, as
// they would crash a test otherwise hidden by net/http's recovery.
func serve(h http.Handler, w http.ResponseWriter, r *http.Request) (aborted bool) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				aborted = true
				return
			}
			panic(v)
		}
	}()
	h.ServeHTTP(w, r)
	return false
}

// recorder is the in-process ResponseWriter: it keeps the head and body.
// It is not a Hijacker, so the handler drops a connection by aborting.
type recorder struct {
	header      http.Header
	status      int
	wroteHeader bool
	body        bytes.Buffer
}

func (w *recorder) Header() http.Header { return w.header }

func (w *recorder) WriteHeader(code int) {
	if w.wroteHeader {
		return
	}
	w.wroteHeader, w.status = true, code
	w.header = w.header.Clone()
}

func (w *recorder) Write(b []byte) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	return w.body.Write(b)
}

// Flush does nothing: the whole response is handed over at the end.
func (w *recorder) Flush() {}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

// redactURL is u without its query, which may carry a token.
func redactURL(u *url.URL) string {
	c := *u
	c.RawQuery, c.User, c.Fragment = "", nil, ""
	return c.String()
}
