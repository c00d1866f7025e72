package jawbone

import (
	"encoding/json"
	"errors"
	"fmt"

	"wearnb.dev/wearnb/fetch"
)

// Endpoint names used in errors and by fetch.
const (
	endpointMoves  = "moves"
	endpointSleeps = "sleeps"
	endpointTicks  = "ticks"
)

// DecodeMovesPage decodes one page of /users/@me/moves. Errors are
// *fetch.DecodeError values naming the endpoint and the JSON field, or a
// *fetch.APIError when the envelope's meta reports an error.
func DecodeMovesPage(body []byte) (Envelope[MoveItem], error) {
	return decodeEnvelope[MoveItem](endpointMoves, body)
}

// DecodeSleepsPage decodes one page of /users/@me/sleeps.
func DecodeSleepsPage(body []byte) (Envelope[SleepItem], error) {
	return decodeEnvelope[SleepItem](endpointSleeps, body)
}

// DecodeTicks decodes /sleeps/{xid}/ticks.
func DecodeTicks(body []byte) (Envelope[Tick], error) {
	return decodeEnvelope[Tick](endpointTicks, body)
}

// DecodeTZs decodes a tzs array: [[epoch, "Olson/Name"], [epoch, -21600], ...].
func DecodeTZs(b []byte) ([]TZChange, error) {
	var v []TZChange
	if err := fetch.DecodeJSON(Name, endpointMoves, "details.tzs", b, &v); err != nil {
		return nil, err
	}
	return v, nil
}

func decodeEnvelope[T any](endpoint string, body []byte) (Envelope[T], error) {
	var e Envelope[T]
	if err := fetch.DecodeJSON(Name, endpoint, "", body, &e); err != nil {
		return Envelope[T]{}, err
	}
	if err := checkEnvelope(endpoint, &e); err != nil {
		return Envelope[T]{}, err
	}
	return e, nil
}

// checkEnvelope turns an error reported in meta (with a 2xx status) into a
// *fetch.APIError and rejects an envelope without data.items.
func checkEnvelope[T any](endpoint string, e *Envelope[T]) error {
	if m := e.Meta; m.Code >= 400 || m.ErrorType != "" {
		return &fetch.APIError{
			Provider: Name, Endpoint: endpoint, StatusCode: m.Code,
			Code: fetch.Redact(m.ErrorType), Message: fetch.Redact(firstOf(m.ErrorDetail, m.Message)),
		}
	}
	if e.Data.Items == nil {
		// An empty list is [] on the wire; a missing one means this is not
		// a list response at all.
		return decodeError(endpoint, "data.items", errors.New("jawbone: missing data.items"))
	}
	return nil
}

func decodeError(endpoint, field string, err error) error {
	return &fetch.DecodeError{Provider: Name, Endpoint: endpoint, Field: field, Err: err}
}

// ParseError reads Jawbone's error envelope for fetch: code = meta.error_type
// and message = meta.error_detail (or meta.message). Other bodies fall back
// to fetch.DefaultErrorParser. It never panics.
func ParseError(status int, body []byte) (code, message string) {
	var e struct {
		Meta Meta `json:"meta"`
	}
	if json.Unmarshal(body, &e) == nil && (e.Meta.ErrorType != "" || e.Meta.ErrorDetail != "" || e.Meta.Message != "") {
		return e.Meta.ErrorType, firstOf(e.Meta.ErrorDetail, e.Meta.Message)
	}
	return fetch.DefaultErrorParser(status, body)
}

func firstOf(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// errorf builds a package-prefixed error.
func errorf(format string, args ...any) error {
	return fmt.Errorf("jawbone: "+format, args...)
}
