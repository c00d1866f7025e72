package redact

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/oauth2"
)

// Error returns err with every known value of s, and the values of secret
// parameters, removed from its message and from everything [errors.As] can
// reach through it:
//
//   - an [*oauth2.RetrieveError] becomes a copy whose Body, ErrorCode,
//     ErrorDescription and ErrorURI are scrubbed ([Secrets.Text]: the body
//     is the provider's words, so the shape net applies too) and whose
//     Response keeps status and headers but not the request, which carries
//     the client's credentials;
//   - a [*url.Error] becomes a copy with its URL scrubbed;
//   - other errors in the chain are kept when their text is clean and
//     nothing below them changed; otherwise they are replaced by an error
//     with the scrubbed text that still wraps the scrubbed rest, so
//     errors.Is keeps finding context.Canceled, context.DeadlineExceeded and
//     clean sentinels.
//
// A nil err gives nil; a clean err comes back as it is.
func (s *Secrets) Error(err error) error {
	if err == nil {
		return nil
	}
	clean, _ := s.rebuild(err)
	return clean
}

// rebuild returns err scrubbed, and whether anything changed.
func (s *Secrets) rebuild(err error) (error, bool) {
	switch e := err.(type) {
	case *oauth2.RetrieveError:
		return s.retrieveError(e), true
	case *url.Error:
		inner, _ := s.rebuild(e.Err)
		return &url.Error{Op: e.Op, URL: s.Scrub(Params(e.URL)), Err: inner}, true
	}
	msg := errorText(err)
	cleanMsg := s.message(err)
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		inner := u.Unwrap()
		if inner == nil {
			break
		}
		ci, changed := s.rebuild(inner)
		if !changed && cleanMsg == msg {
			return err, false
		}
		return &scrubbed{msg: cleanMsg, errs: []error{ci}}, true
	case interface{ Unwrap() []error }:
		var (
			errs    []error
			changed bool
		)
		for _, in := range u.Unwrap() {
			if in == nil {
				continue
			}
			ci, ch := s.rebuild(in)
			errs = append(errs, ci)
			changed = changed || ch
		}
		if !changed && cleanMsg == msg {
			return err, false
		}
		return &scrubbed{msg: cleanMsg, errs: errs}, true
	}
	if cleanMsg == msg {
		return err, false
	}
	var keep []error
	for _, c := range []error{context.Canceled, context.DeadlineExceeded} {
		if errors.Is(err, c) {
			keep = append(keep, c)
		}
	}
	return &scrubbed{msg: cleanMsg, errs: keep}, true
}

// message is err's text with the texts of the nodes rebuild replaces swapped
// for their scrubbed versions, then scrubbed of known values and secret
// parameters. The shape net is not applied: wearnb's own messages carry
// paths and URLs it would mangle.
func (s *Secrets) message(err error) string {
	msg := errorText(err)
	var walk func(error)
	walk = func(e error) {
		switch n := e.(type) {
		case nil:
			return
		case *oauth2.RetrieveError:
			if raw := errorText(n); raw != "" {
				msg = strings.ReplaceAll(msg, raw, errorText(s.retrieveError(n)))
			}
			return
		case *url.Error:
			if n.URL != "" {
				msg = strings.ReplaceAll(msg, n.URL, s.Scrub(Params(n.URL)))
			}
			walk(n.Err)
			return
		case interface{ Unwrap() error }:
			walk(n.Unwrap())
		case interface{ Unwrap() []error }:
			for _, in := range n.Unwrap() {
				walk(in)
			}
		}
	}
	walk(err)
	return s.Scrub(Params(msg))
}

// retrieveError returns a scrubbed copy of e without the request.
func (s *Secrets) retrieveError(e *oauth2.RetrieveError) *oauth2.RetrieveError {
	c := &oauth2.RetrieveError{
		Body:             []byte(s.Text(string(e.Body))),
		ErrorCode:        s.Text(e.ErrorCode),
		ErrorDescription: s.Text(e.ErrorDescription),
		ErrorURI:         s.Scrub(Params(e.ErrorURI)),
	}
	if e.Response != nil {
		r := *e.Response
		r.Request = nil
		r.TLS = nil
		r.Body = http.NoBody
		r.Header = make(http.Header, len(e.Response.Header))
		for k, vs := range e.Response.Header {
			for _, v := range vs {
				r.Header.Add(k, s.Scrub(Header(k, v)))
			}
		}
		c.Response = &r
	}
	return c
}

// errorText is err.Error(), or "" if that panics (an *oauth2.RetrieveError
// without a Response and without an error code does).
func errorText(err error) (s string) {
	defer func() {
		if recover() != nil {
			s = ""
		}
	}()
	return err.Error()
}

// scrubbed is an error whose text had secrets in it: it keeps the scrubbed
// text and the scrubbed errors below it.
type scrubbed struct {
	msg  string
	errs []error
}

func (e *scrubbed) Error() string   { return e.msg }
func (e *scrubbed) Unwrap() []error { return e.errs }
