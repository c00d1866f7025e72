package consent

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"wearnb.dev/wearnb/internal/redact"
	"wearnb.dev/wearnb/internal/tokenerr"
)

// Sentinel errors. Match them with [errors.Is]; the errors the package
// returns wrap them with more context.
var (
	// ErrTimeout means no usable answer arrived before Config.Timeout. The
	// error also matches context.DeadlineExceeded.
	ErrTimeout = errors.New("consent: timed out waiting for consent")

	// ErrInterrupted means the wait was interrupted (Jupyter's interrupt
	// button, Ctrl+C) or its context was cancelled. The error also matches
	// context.Canceled.
	ErrInterrupted = errors.New("consent: interrupted while waiting for consent")

	// ErrStateMismatch means a callback or a pasted URL carried a state that
	// is not the one this flow sent: it belongs to another attempt, or is
	// forged. Such callbacks are ignored by the callback server.
	ErrStateMismatch = errors.New("consent: state does not match this consent attempt")

	// ErrMissingState means a callback or pasted URL had no state parameter.
	ErrMissingState = errors.New("consent: state parameter missing")

	// ErrMissingCode means a callback had the right state but neither a code
	// nor an error.
	ErrMissingCode = errors.New("consent: authorization code missing")

	// ErrMalformed means a callback or pasted text could not be understood:
	// repeated parameters, characters not allowed in a code, too long.
	ErrMalformed = errors.New("consent: malformed authorization response")

	// ErrAccessDenied is matched by a [*DeniedError] whose Code is
	// "access_denied": the person pressed Deny on the consent page.
	ErrAccessDenied = errors.New("consent: access denied")

	// ErrNoCredentials means no client ID was found in the environment or
	// the secrets file.
	ErrNoCredentials = errors.New("consent: no client credentials")

	// ErrInvalidGrant means the provider no longer accepts the refresh
	// token: it was already used (Fitbit and Oura tokens work once) or the
	// grant was revoked, so the consent is gone and only a new one helps.
	// Every provider's way of saying so matches it: RFC 6749's
	// "invalid_grant", Fitbit's errors[].errorType and Oura's problem
	// details. It is the same value as tokenstore.ErrInvalidGrant.
	ErrInvalidGrant = tokenerr.ErrInvalidGrant

	// ErrTestingExpiry is matched, beside ErrInvalidGrant, by a refused
	// Google refresh: refresh tokens of apps whose OAuth consent screen is
	// in Testing expire after 7 days, with the answer a revoked token gets,
	// so that is the likely cause; the message says what to do. It is the
	// same value as tokenstore.ErrTestingExpiry.
	ErrTestingExpiry = tokenerr.ErrTestingExpiry

	// ErrEndpointMismatch is matched by an exchange or refresh refused the
	// way Oura's legacy token endpoint refuses apps of its new developer
	// portal; the message names the setting that switches the endpoint
	// (WEARNB_OURA_TOKEN_URL). Set Config.Name for this advice. It is the
	// same value as tokenstore.ErrEndpointMismatch.
	ErrEndpointMismatch = tokenerr.ErrEndpointMismatch

	// ErrNotLoopback means the redirect URL's host is not a loopback address
	// and Config.AllowNonLoopback is not set.
	ErrNotLoopback = errors.New("consent: redirect host is not a loopback address")
)

// DeniedError is an RFC 6749 §4.1.2.1 error response delivered to the
// callback (or pasted): the provider did not grant a code. Code is the
// "error" parameter (access_denied, invalid_scope, unauthorized_client,
// invalid_request, unsupported_response_type, server_error,
// temporarily_unavailable), Description and URI are the optional
// "error_description" and "error_uri", cleaned of control characters and
// shortened.
type DeniedError struct {
	Code        string
	Description string
	URI         string
}

// Error says what happened and what to do about it.
func (e *DeniedError) Error() string {
	var b strings.Builder
	switch e.Code {
	case "access_denied":
		b.WriteString("consent: access was denied on the consent page (access_denied)")
	case "invalid_scope":
		b.WriteString("consent: the provider rejected the requested scopes (invalid_scope)")
	case "unauthorized_client":
		b.WriteString("consent: the provider does not allow this client to ask for a code (unauthorized_client)")
	case "temporarily_unavailable", "server_error":
		b.WriteString("consent: the provider failed to process the consent (" + e.Code + ")")
	default:
		b.WriteString("consent: the provider returned an error (" + e.Code + ")")
	}
	if e.Description != "" {
		b.WriteString(": ")
		b.WriteString(e.Description)
	}
	switch e.Code {
	case "access_denied":
		b.WriteString("; run the flow again and choose Allow to connect")
	case "temporarily_unavailable", "server_error":
		b.WriteString("; try again in a moment")
	}
	return b.String()
}

// Is makes errors.Is(err, ErrAccessDenied) true for access_denied.
func (e *DeniedError) Is(target error) bool {
	return target == ErrAccessDenied && e.Code == "access_denied"
}

// PortInUseError reports that the callback server could not listen on the
// redirect URL's port because something else holds it. It unwraps to the
// listen error (so errors.Is(err, syscall.EADDRINUSE) holds).
type PortInUseError struct {
	Addr string // the address that could not be bound, e.g. "127.0.0.1:8976"
	Port int
	Err  error
}

// Error names the port and says what to do.
func (e *PortInUseError) Error() string {
	return fmt.Sprintf("consent: port %d is already in use (%s): another cell or notebook may still be waiting for consent, "+
		"so interrupt or finish it, or register a redirect URL with a free port at the provider and set it in the config; %v",
		e.Port, e.Addr, e.Err)
}

// Unwrap returns the listen error.
func (e *PortInUseError) Unwrap() error { return e.Err }

// scrub returns err with every secret, in every form a message may quote
// it (encoded, escaped, cut to a prefix), removed from its message and from
// everything errors.As can reach through it (see redact.Secrets.Error). It
// returns err itself when nothing needed removing.
func scrub(err error, secrets ...string) error { return redact.Known(secrets...).Error(err) }

// scrubText removes the secrets, secret parameters and token-shaped words
// from text a provider sent.
func scrubText(s string, secrets ...string) string { return redact.Known(secrets...).Text(s) }

// cleanText keeps at most max printable characters of provider-supplied
// text (error descriptions), so it cannot smuggle control characters or
// pages of text into a status line.
func cleanText(s string, max int) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		if n >= max {
			b.WriteString("…")
			break
		}
		if !unicode.IsPrint(r) {
			r = ' '
		}
		b.WriteRune(r)
		n++
	}
	return strings.TrimSpace(b.String())
}
