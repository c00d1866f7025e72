package fetch

import (
	"encoding/json"
	"strings"
)

// DefaultErrorParser understands the common error bodies: OAuth 2.0
// ({"error","error_description"}), Google APIs ({"error":{"status",
// "message"}}), RFC 7807 problem details ({"title","detail"}), Fitbit
// ({"errors":[{"errorType","message"}]}) and Jawbone ({"meta":{"error_type",
// "error_detail"}}). Anything else gives the first 200 bytes of a non-JSON
// body as the message.
func DefaultErrorParser(status int, body []byte) (code, message string) {
	var v struct {
		Error  json.RawMessage `json:"error"`
		Desc   string          `json:"error_description"`
		Title  string          `json:"title"`
		Detail string          `json:"detail"`
		Errors []struct {
			ErrorType string `json:"errorType"`
			Message   string `json:"message"`
		} `json:"errors"`
		Meta struct {
			ErrorType   string `json:"error_type"`
			ErrorDetail string `json:"error_detail"`
		} `json:"meta"`
	}
	if err := json.Unmarshal(body, &v); err != nil {
		s := strings.TrimSpace(string(body))
		if len(s) > 200 {
			s = s[:200] + "..."
		}
		if strings.HasPrefix(s, "<") { // an HTML error page says nothing useful
			s = ""
		}
		return "", s
	}
	switch {
	case len(v.Errors) > 0:
		return v.Errors[0].ErrorType, v.Errors[0].Message
	case v.Meta.ErrorType != "":
		return v.Meta.ErrorType, v.Meta.ErrorDetail
	case len(v.Error) > 0:
		var s string
		if json.Unmarshal(v.Error, &s) == nil {
			return s, v.Desc
		}
		var g struct {
			Status  string `json:"status"`
			Message string `json:"message"`
		}
		if json.Unmarshal(v.Error, &g) == nil {
			return g.Status, g.Message
		}
	case v.Title != "" || v.Detail != "":
		return v.Title, v.Detail
	}
	return "", ""
}
