package nb

import (
	"context"
	"errors"
	"fmt"
	"html"
	"net"
	"strings"
	"syscall"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/consent"
	"wearnb.dev/wearnb/fetch"
	"wearnb.dev/wearnb/providers"
	"wearnb.dev/wearnb/providers/fitbit/takeout"
	"wearnb.dev/wearnb/tokenstore"
)

// errInterrupted stops a cell that did not stop by itself after SIGINT.
var errInterrupted = fmt.Errorf("nb: %w", context.Canceled)

// UnknownProviderError is the error of Open for a provider name that is not
// in the registry.
type UnknownProviderError struct{ Name string }

func (e *UnknownProviderError) Error() string {
	return fmt.Sprintf("nb: unknown provider %q (known: %s)", e.Name, strings.Join(providers.Names(), ", "))
}

// box is an error as the person reads it: what happened, the error itself,
// and what to do.
type box struct {
	title  string
	detail string // the error's own message, when the title is not it
	fix    string
}

// Fixes, also what notebook tests look for in the box.
const (
	fixReconsent = "Connect again: add connect.Reconsent() to the nb.Open call, run the cell and approve on the consent page, then remove it. " +
		"(Access may have been removed in the provider's app settings, or the saved refresh token was used up.)"
	fixNetwork = "Check the network connection (and any proxy settings) and run the cell again. " +
		"To work without a network, read what the cache holds with nb.Open(…, connect.Offline()), or use the built-in sandbox with connect.Sandbox()."
	fixInterrupted = "The cell was stopped. Run it again when you are ready."
	// fixTestingExpiry: Google's answer is the same for a revoked token, so
	// the box says "likely" and gives both ways on.
	fixTestingExpiry = "Connect again: add connect.Reconsent() to the nb.Open call, run the cell and approve, then remove it. " +
		"To stop this every week, publish the app (Google Cloud console → Google Auth Platform → Audience → Publish app) " +
		"and consent once more after publishing: tokens issued in Testing keep their 7 days."
	fixOuraPortal = "Apps created in Oura's new developer portal (developer.ouraring.com) get their tokens from " +
		"https://moi.ouraring.com/oauth/v2/ext/oauth-token: set WEARNB_OURA_TOKEN_URL to it where Jupyter reads its environment " +
		"(or \"token_url\" under \"oura\" in the secrets file), restart the kernel and run the cell again. " +
		"For an app from cloud.ouraring.com, check its client id and secret instead."
)

// explain maps an error to its box. It is the one place that knows which
// library errors mean what to the person: the sentinels of consent,
// tokenstore and fetch, the network errors of package net.
func explain(err error) box {
	msg := err.Error()
	var (
		unknown *UnknownProviderError
		port    *consent.PortInUseError
		file    *tokenstore.FileError
		shape   *takeout.ShapeError
	)
	switch {
	case errors.As(err, &unknown):
		return box{
			title: fmt.Sprintf("There is no provider called %q.", unknown.Name),
			fix: fmt.Sprintf("Use one of: %s (for example nb.Open(%q, connect.Sandbox()) for the offline sandbox).",
				strings.Join(quoted(providers.Names()), ", "), providers.Names()[0]),
		}
	case errors.Is(err, consent.ErrNoCredentials):
		return box{
			title:  "No client ID and secret for this provider.",
			detail: msg,
			fix: "Register an app with the provider and put its credentials where Jupyter can read them, never in the notebook " +
				"(the message above says where), or try the built-in sandbox with connect.Sandbox().",
		}
	case errors.Is(err, tokenstore.ErrTestingExpiry):
		return box{title: "Google ended this consent, likely because the app's OAuth consent screen is in Testing (its refresh tokens last 7 days).",
			detail: msg, fix: fixTestingExpiry}
	case errors.Is(err, tokenstore.ErrEndpointMismatch):
		return box{title: "Oura's token endpoint does not accept this app: it may come from Oura's other developer portal.",
			detail: msg, fix: fixOuraPortal}
	case errors.Is(err, tokenstore.ErrInvalidGrant), errors.Is(err, fetch.ErrUnauthorized),
		errors.Is(err, tokenstore.ErrNoToken), errors.As(err, &file):
		return box{title: "The saved access to this account no longer works.", detail: msg, fix: fixReconsent}
	case errors.Is(err, wearnb.ErrNothingToImport):
		return box{title: "There is nothing to import there.", detail: msg,
			fix: "Give the .zip you downloaded from takeout.google.com (with Fitbit selected when you asked for the archive), " +
				"a glob of its parts (\"takeout-*.zip\"), or the folder you extracted it to."}
	case errors.As(err, &shape):
		return box{title: "A file in the archive does not hold what its name says.", detail: msg,
			fix: "Import the archive as Google Takeout made it: a file saved over one of its files (an API response, an edited CSV) " +
				"cannot be read in its place. Saved API responses are read by fitbit.Import."}
	case errors.Is(err, consent.ErrAccessDenied):
		return box{title: "Access was denied on the consent page.", detail: msg, fix: "Run the cell again and choose Allow."}
	case errors.Is(err, consent.ErrTimeout):
		return box{title: "No consent arrived in time.", detail: msg,
			fix: "Run the cell again and approve on the consent page before the countdown ends."}
	case errors.As(err, &port):
		return box{title: fmt.Sprintf("Port %d, where the consent flow listens, is in use.", port.Port), detail: msg,
			fix: "Another cell or notebook is probably waiting for consent: finish or interrupt it, then run this cell again."}
	case errors.Is(err, syscall.EADDRINUSE):
		return box{title: "An address this cell listens on is in use.", detail: msg,
			fix: "Another notebook or program probably runs the built-in sandbox there: let it finish, then run this cell again."}
	case errors.Is(err, consent.ErrInterrupted), errors.Is(err, context.Canceled):
		return box{title: "Interrupted.", detail: msg, fix: fixInterrupted}
	case errors.Is(err, fetch.ErrGone):
		return box{title: "The provider has shut this API down (HTTP 410 Gone).", detail: msg,
			fix: "Use its successor (Fitbit's is \"googlehealth\"), or read what the cache holds with connect.Offline()."}
	case isNetwork(err):
		return box{title: "The provider cannot be reached.", detail: msg, fix: fixNetwork}
	}
	return box{title: msg}
}

// isNetwork reports whether err is a failure to reach a server: refused or
// unreachable, a name that does not resolve, a timeout. (Failing to listen
// is not one: that is a port in use here.)
func isNetwork(err error) bool {
	var (
		op  *net.OpError
		dns *net.DNSError
		ne  net.Error
	)
	return errors.As(err, &op) && op.Op != "listen" || errors.As(err, &dns) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ENETUNREACH) || errors.Is(err, syscall.EHOSTUNREACH) ||
		errors.As(err, &ne) && ne.Timeout()
}

func quoted(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = fmt.Sprintf("%q", n)
	}
	return out
}

// HTML is the notebook form: a box with class "wearnb-error" (how notebook
// tests find it).
func (b box) HTML() string {
	var s strings.Builder
	s.WriteString(`<div class="wearnb-error" style="border-left:4px solid #c62828;background:#fdecea;color:#3b0a0a;` +
		`padding:8px 12px;margin:4px 0;font-family:sans-serif;max-width:100%">`)
	s.WriteString(`<div><b>⛔ ` + html.EscapeString(b.title) + `</b></div>`)
	if b.detail != "" {
		s.WriteString(`<div style="font-family:monospace;font-size:90%;margin:4px 0">` + html.EscapeString(b.detail) + `</div>`)
	}
	if b.fix != "" {
		s.WriteString(`<div class="wearnb-error-fix">👉 ` + html.EscapeString(b.fix) + `</div>`)
	}
	s.WriteString(`</div>`)
	return s.String()
}

// Text is the terminal form: "error: title", then the detail and the fix,
// indented.
func (b box) Text() string {
	var s strings.Builder
	s.WriteString("error: " + b.title + "\n")
	if b.detail != "" {
		s.WriteString("  " + b.detail + "\n")
	}
	if b.fix != "" {
		s.WriteString("  fix: " + b.fix + "\n")
	}
	return s.String()
}
