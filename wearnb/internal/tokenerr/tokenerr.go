// Package tokenerr reads a token endpoint's refusal the same way for every
// provider, so that "this refresh token is dead" is one error whichever
// provider said it: RFC 6749's {"error":"invalid_grant"} (Google, Jawbone),
// Fitbit's {"errors":[{"errorType":"invalid_grant"}]} and Oura's RFC 7807
// {"title","detail":"Token already used or revoked"}. consent and tokenstore
// both use it; their ErrInvalidGrant is [ErrInvalidGrant].
package tokenerr

import (
	"encoding/json"
	"errors"
	"regexp"
	"strconv"
	"strings"

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
	for _, e := range b.Errors {
		if e.ErrorType != "" {
			return e.ErrorType
		}
	}
	if b.Error != "" {
		return b.Error
	}
	return b.Title
}

// Message returns the provider's explanation: error_description, Fitbit's
// errors[0].message, or an RFC 7807 detail.
func Message(re *oauth2.RetrieveError) string {
	if re.ErrorDescription != "" {
		return re.ErrorDescription
	}
	b := parse(re)
	for _, e := range b.Errors {
		if e.Message != "" {
			return e.Message
		}
	}
	if b.Desc != "" {
		return b.Desc
	}
	return b.Detail
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
