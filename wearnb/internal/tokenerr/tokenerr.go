// Package tokenerr reads a token endpoint's refusal the same way for every
// provider, so that "this refresh token is dead" is one error whichever
// provider said it: RFC 6749's {"error":"invalid_grant"} (Google, Jawbone),
// Fitbit's {"errors":[{"errorType":"invalid_grant"}]} and Oura's RFC 7807
// {"title","detail":"Token already used or revoked"}. consent and tokenstore
// both use it; their ErrInvalidGrant is [ErrInvalidGrant].
package tokenerr

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// ErrInvalidGrant is matched (with errors.Is) by every error that reports
// a refresh token the provider no longer accepts: used already, expired or
// revoked. Only a new consent gets a working one.
var ErrInvalidGrant = errors.New("wearnb: the consent is gone: the refresh token was already used or has been revoked; consent again")

// body is the union of the error shapes token endpoints answer with.
type body struct {
	Error  string `json:"error"`
	Desc   string `json:"error_description"`
	Errors []struct {
		ErrorType string `json:"errorType"`
		Message   string `json:"message"`
	} `json:"errors"`
	Title  string `json:"title"`
	Detail string `json:"detail"`
}

func parse(re *oauth2.RetrieveError) body {
	var b body
	if json.Unmarshal(re.Body, &b) != nil {
		b = body{}
	}
	if b.Error == "" && len(b.Errors) == 0 && b.Title == "" {
		b.Error, b.Desc = re.ErrorCode, re.ErrorDescription // a form-encoded answer
	}
	return b
}

// Code returns the error code of a token endpoint's answer: RFC 6749's
// "error", Fitbit's errors[0].errorType, or an RFC 7807 title (Oura).
func Code(re *oauth2.RetrieveError) string {
	if re.ErrorCode != "" {
		return re.ErrorCode
	}
	b := parse(re)
	code, _ := b.fitbit()
	return cmp.Or(code, b.Error, b.Title)
}

// Message returns the provider's explanation: error_description, Fitbit's
// errors[0].message, or an RFC 7807 detail.
func Message(re *oauth2.RetrieveError) string {
	if re.ErrorDescription != "" {
		return re.ErrorDescription
	}
	b := parse(re)
	_, msg := b.fitbit()
	return cmp.Or(msg, b.Desc, b.Detail)
}

// fitbit returns the first errorType and the first message of Fitbit's
// errors list that are not empty.
func (b body) fitbit() (code, msg string) {
	for _, e := range b.Errors {
		code, msg = cmp.Or(code, e.ErrorType), cmp.Or(msg, e.Message)
	}
	return code, msg
}

// spentRE matches what Oura's problem details say about a dead refresh
// token ("Token already used or revoked") when the title is not a code.
var spentRE = regexp.MustCompile(`(?i)already used|revoked`)

// InvalidGrant reports whether re says the grant is gone: the code is
// invalid_grant, or a problem-details answer (Oura) says the token was
// already used or revoked.
func InvalidGrant(re *oauth2.RetrieveError) bool {
	if Code(re) == "invalid_grant" {
		return true
	}
	b := parse(re)
	return b.Error == "" && len(b.Errors) == 0 && b.Detail != "" && spentRE.MatchString(b.Detail)
}

// Describe summarises an answer on one line: "the token endpoint answered
// HTTP 400 "invalid_grant" (Token already used or revoked)". It adds no
// text beyond re's fields; scrub re first.
func Describe(re *oauth2.RetrieveError) string {
	s := "the token endpoint answered"
	if re.Response != nil {
		s += " HTTP " + strconv.Itoa(re.Response.StatusCode)
	}
	if code := Code(re); code != "" {
		s += " " + strconv.Quote(code)
	}
	if msg := strings.TrimSpace(Message(re)); msg != "" {
		s += " (" + msg + ")"
	}
	return s
}

// Gone returns an error with message msg that matches [ErrInvalidGrant] and
// wraps err (the provider's answer).
func Gone(msg string, err error) error { return &gone{msg: msg, err: err} }

type gone struct {
	msg string
	err error
}

func (e *gone) Error() string   { return e.msg }
func (e *gone) Unwrap() []error { return []error{ErrInvalidGrant, e.err} }

// ErrTestingExpiry is matched, beside [ErrInvalidGrant], by a refused
// Google refresh that fits the 7-day life of refresh tokens issued to apps
// whose OAuth consent screen is in Testing: "A Google Cloud Platform project
// with an OAuth consent screen configured for an external user type and a
// publishing status of 'Testing' is issued a refresh token expiring in 7
// days" (https://developers.google.com/identity/protocols/oauth2#expiration).
// Google answers it with invalid_grant "Token has been expired or revoked.",
// the same body as a revocation, so this is likely, not certain.
var ErrTestingExpiry = errors.New("wearnb: Google ended the consent, likely because the app's OAuth consent screen is in Testing, whose refresh tokens expire after 7 days")

// ErrEndpointMismatch is matched by a refused code exchange or refresh that
// looks like an app registered with another developer portal than the one
// the token endpoint serves: Oura's legacy endpoint answering an app of its
// new portal (400 invalid_request for a refresh, 401 for an exchange; see
// [Advise]).
var ErrEndpointMismatch = errors.New("wearnb: the token endpoint does not know this app; it may belong to another developer portal")

// GoogleTestingLife is the refresh-token life of a Google app in Testing.
const GoogleTestingLife = 7 * 24 * time.Hour

// OuraNewPortalTokenURL is the token endpoint of apps from Oura's new
// developer portal, as reported by third parties (oura.NewPortalTokenURL
// documents the sources; a test keeps the two equal).
const OuraNewPortalTokenURL = "https://moi.ouraring.com/oauth/v2/ext/oauth-token"

// Advice is what a token endpoint's refusal probably means beyond its
// code, and what to do about it.
type Advice struct {
	Err  error  // ErrTestingExpiry or ErrEndpointMismatch
	Text string // sentences that say why and name the fix
}

// Request says what was refused.
type Request struct {
	Provider string // registry name ("googlehealth", "oura"); a "-sandbox" suffix is ignored
	TokenURL string // where the request went
	Exchange bool   // a code exchange (else a refresh)
	// Issued is when the refresh token was issued (zero: unknown); with
	// Now it gives the token's age.
	Issued, Now time.Time
	// SettingsFile names the secrets file, for advice that names a
	// setting ("" to leave it out).
	SettingsFile string
}

// Advise returns the advice for re, the refusal of req, or false when
// there is none:
//
//   - Google, a refresh answered invalid_grant: Testing-mode expiry is the
//     likely cause, and the certain one when the token is at least 7 days
//     old; consent again, or publish the app and consent once more.
//   - Oura, the legacy token endpoint answering 401, or 400 invalid_request
//     (what it answers an app of the new developer portal:
//     louispires/Oura-Home-Assistant-Integration #68 and v2.8.7); or the
//     new portal's endpoint answering 401 (a legacy app there): name the
//     WEARNB_OURA_TOKEN_URL setting that switches endpoints.
func Advise(req Request, re *oauth2.RetrieveError) (Advice, bool) {
	provider := strings.TrimSuffix(req.Provider, "-sandbox")
	status := 0
	if re.Response != nil {
		status = re.Response.StatusCode
	}
	switch provider {
	case "googlehealth":
		if req.Exchange || !InvalidGrant(re) {
			return Advice{}, false
		}
		age := time.Duration(0)
		if !req.Issued.IsZero() && !req.Now.IsZero() {
			age = req.Now.Sub(req.Issued)
		}
		const publish = "To consent again, add connect.Reconsent() to the cell once. To stop this every week, publish the app " +
			"(Google Auth Platform → Audience → Publish app; the unverified-app warning stays, which is fine for your own data) " +
			"and consent once more after publishing, since tokens issued in Testing keep their 7 days."
		if age >= GoogleTestingLife-time.Hour {
			return Advice{Err: ErrTestingExpiry, Text: fmt.Sprintf("This refresh token is %d days old, and Google expires the refresh tokens "+
				"of apps whose OAuth consent screen is in Testing after 7 days, so that is the likely cause (Google gives a revoked token "+
				"the same answer). %s", int(age/(24*time.Hour)), publish)}, true
		}
		return Advice{Err: ErrTestingExpiry, Text: "If the app's OAuth consent screen is in Testing, Google expires its refresh tokens " +
			"after 7 days, which is likely what happened (Google answers an expired and a revoked token alike, so wearnb cannot tell " +
			"them apart). " + publish}, true
	case "oura":
		env := "WEARNB_OURA_TOKEN_URL"
		where := env
		if req.SettingsFile != "" {
			where += ` (or "token_url" of "oura" in ` + req.SettingsFile + ")"
		}
		code := Code(re)
		onNew := strings.Contains(req.TokenURL, "/oauth/v2/ext/")
		switch {
		case !onNew && (status == 401 || status == 400 && code == "invalid_request"):
			return Advice{Err: ErrEndpointMismatch, Text: "Oura's legacy token endpoint answered HTTP " + strconv.Itoa(status) + " " + strconv.Quote(code) +
				", which is how it refuses apps created in its new developer portal " +
				"(developer.ouraring.com): for such an app set " + where + " to " + OuraNewPortalTokenURL +
				" and run the cell again (the refused request spent nothing). If the app is from cloud.ouraring.com, check its client id and secret instead."}, true
		case onNew && status == 401:
			return Advice{Err: ErrEndpointMismatch, Text: "Oura's new-portal token endpoint " + req.TokenURL + " refused this app (HTTP 401): " +
				"apps created at cloud.ouraring.com use the documented https://api.ouraring.com/oauth/token, so unset " + where +
				". Otherwise check the client id and secret."}, true
		}
	}
	return Advice{}, false
}

// Advised returns an error with message msg that matches adv.Err and wraps
// err.
func Advised(msg string, adv Advice, err error) error {
	return &advised{msg: msg, errs: []error{adv.Err, err}}
}

type advised struct {
	msg  string
	errs []error
}

func (e *advised) Error() string   { return e.msg }
func (e *advised) Unwrap() []error { return e.errs }
