package oura

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"wearnb.dev/wearnb/fetch"
)

// DecodeSleepPage decodes one page of /v2/usercollection/sleep. Errors are
// *fetch.DecodeError values naming the endpoint and the JSON field.
func DecodeSleepPage(body []byte) (Page[SleepDoc], error) {
	return decodePage[SleepDoc]("sleep", body)
}

// DecodeDailySleepPage decodes one page of /v2/usercollection/daily_sleep.
func DecodeDailySleepPage(body []byte) (Page[DailySleep], error) {
	return decodePage[DailySleep]("daily_sleep", body)
}

// DecodeDailyActivityPage decodes one page of
// /v2/usercollection/daily_activity.
func DecodeDailyActivityPage(body []byte) (Page[DailyActivity], error) {
	return decodePage[DailyActivity]("daily_activity", body)
}

// DecodeHeartRatePage decodes one page of /v2/usercollection/heartrate.
func DecodeHeartRatePage(body []byte) (Page[HeartRate], error) {
	return decodePage[HeartRate]("heartrate", body)
}

func decodePage[T any](endpoint string, body []byte) (Page[T], error) {
	var p Page[T]
	if err := fetch.DecodeJSON(Name, endpoint, "", body, &p); err != nil {
		return Page[T]{}, err
	}
	if err := checkPage(endpoint, body, &p); err != nil {
		return Page[T]{}, err
	}
	return p, nil
}

// checkPage rejects a page without a data member (an error body that came
// with a 2xx status, or something else entirely). "data": null is taken as
// an empty page.
func checkPage[T any](endpoint string, body []byte, p *Page[T]) error {
	if p.Data != nil {
		return nil
	}
	var probe struct {
		Data json.RawMessage `json:"data"`
	}
	if json.Unmarshal(body, &probe) == nil && string(probe.Data) == "null" {
		return nil
	}
	return decodeError(endpoint, "data", errors.New("oura: missing data array"))
}

func decodeError(endpoint, field string, err error) error {
	return &fetch.DecodeError{Provider: Name, Endpoint: endpoint, Field: field, Err: err}
}

// ParseError reads Oura's error bodies for fetch: RFC 7807
// {"status","title","detail"} gives code = title and message = detail; a
// validation error whose detail is a list ({"detail":[{"loc","msg"}]}) gives
// the messages joined by "; ". Anything else falls back to
// fetch.DefaultErrorParser. It never panics.
func ParseError(status int, body []byte) (code, message string) {
	if p, ok := parseProblem(body); ok {
		return p.Title, p.Detail
	}
	return fetch.DefaultErrorParser(status, body)
}

func parseProblem(body []byte) (Problem, bool) {
	var raw struct {
		Status json.RawMessage `json:"status"`
		Title  string          `json:"title"`
		Detail json.RawMessage `json:"detail"`
	}
	if json.Unmarshal(body, &raw) != nil || (raw.Title == "" && len(raw.Detail) == 0) {
		return Problem{}, false
	}
	p := Problem{Title: raw.Title}
	_ = json.Unmarshal(raw.Status, &p.Status)
	var s string
	var list []struct {
		Loc []any  `json:"loc"`
		Msg string `json:"msg"`
	}
	switch {
	case json.Unmarshal(raw.Detail, &s) == nil:
		p.Detail = s
	case json.Unmarshal(raw.Detail, &list) == nil:
		msgs := make([]string, 0, len(list))
		for _, e := range list {
			m := e.Msg
			if len(e.Loc) > 0 {
				parts := make([]string, len(e.Loc))
				for i, l := range e.Loc {
					parts[i] = fmt.Sprint(l)
				}
				m = strings.Join(parts, ".") + ": " + m
			}
			msgs = append(msgs, m)
		}
		p.Detail = strings.Join(msgs, "; ")
	}
	if p.Title == "" && p.Detail == "" {
		return Problem{}, false
	}
	return p, true
}
