package fitbit

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"wearnb.dev/wearnb/fetch"
)

// ErrRetired is wrapped (with the *fetch.APIError, which matches
// fetch.ErrGone) by every request answered with HTTP 410 Gone.
var ErrRetired = errors.New("fitbit: the Fitbit Web API was retired in autumn 2026 (HTTP 410 Gone); " +
	"use the Google Health provider (wearnb.dev/wearnb/providers/googlehealth) instead")

// ErrTokenExpired is wrapped (with the *fetch.APIError, which matches
// fetch.ErrUnauthorized) by a 401 answer with errorType "expired_token".
var ErrTokenExpired = errors.New("fitbit: access token expired; refresh it (a tokenstore token source does so " +
	"automatically) or run the consent flow again")

// ErrTokenInvalid is wrapped by a 401 answer with errorType "invalid_token"
// or "invalid_client": the token was revoked or is not a Fitbit token.
var ErrTokenInvalid = errors.New("fitbit: access token invalid or revoked; run the consent flow again")

// ParseError reads Fitbit's error body {"errors":[{"errorType","message"}],
// "success":false} for fetch: code is the first errorType, message the
// messages joined by "; ". Other bodies fall back to
// fetch.DefaultErrorParser. It never panics.
func ParseError(status int, body []byte) (code, message string) {
	var v struct {
		Errors []struct {
			ErrorType string `json:"errorType"`
			FieldName string `json:"fieldName"`
			Message   string `json:"message"`
		} `json:"errors"`
	}
	if json.Unmarshal(body, &v) != nil || len(v.Errors) == 0 {
		return fetch.DefaultErrorParser(status, body)
	}
	msgs := make([]string, 0, len(v.Errors))
	for _, e := range v.Errors {
		m := e.Message
		if e.FieldName != "" && !strings.Contains(m, e.FieldName) {
			m = e.FieldName + ": " + m
		}
		msgs = append(msgs, m)
	}
	return v.Errors[0].ErrorType, strings.Join(msgs, "; ")
}

// explain adds Fitbit's meaning to well-known API errors.
func explain(err error) error {
	var api *fetch.APIError
	if !errors.As(err, &api) {
		return err
	}
	switch {
	case api.StatusCode == http.StatusGone:
		return fmt.Errorf("%w: %w", ErrRetired, err)
	case api.StatusCode == http.StatusUnauthorized && api.Code == "expired_token":
		return fmt.Errorf("%w: %w", ErrTokenExpired, err)
	case api.StatusCode == http.StatusUnauthorized && (api.Code == "invalid_token" || api.Code == "invalid_client"):
		return fmt.Errorf("%w: %w", ErrTokenInvalid, err)
	}
	return err
}
