package fetch

import (
	"encoding/json"
	"reflect"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	jsonv1 "github.com/go-json-experiment/json/v1"
)

// v1Semantics makes the encoding/json/v2 decoder behave as encoding/json
// (case-insensitive names, invalid UTF-8 and duplicate names allowed,
// UnmarshalJSON methods called with the raw value, ...). It is the same
// emulation Go itself ships as encoding/json under GOEXPERIMENT=jsonv2.
var v1Semantics = jsonv1.DefaultOptionsV1()

// decodeFast decodes body into v in a single pass and reports whether that
// worked. encoding/json.Unmarshal scans the whole body once to validate it
// and then again to decode it; the v2 decoder validates as it decodes,
// which halves the work on large pages (see bench/README.md for the
// measurements behind this choice). A target of *json.RawMessage only
// needs validating, and then shares body instead of copying it.
//
// On failure v is reset to its zero value, so the caller can decode again
// with encoding/json to get that package's error, field path included.
func decodeFast(body []byte, v any) bool {
	if raw, ok := v.(*json.RawMessage); ok {
		// json.Valid's grammar (invalid UTF-8 and repeated names allowed),
		// checked by the v2 scanner at twice json.Valid's speed.
		if !jsontext.Value(body).IsValid(jsontext.AllowInvalidUTF8(true), jsontext.AllowDuplicateNames(true)) {
			return false
		}
		*raw = trimSpace(body)
		return true
	}
	if jsonv2.Unmarshal(body, v, v1Semantics) == nil {
		return true
	}
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer && !rv.IsNil() {
		rv.Elem().SetZero()
	}
	return false
}

// trimSpace drops the JSON whitespace around a valid JSON value, as
// encoding/json does when it copies one into a json.RawMessage.
func trimSpace(b []byte) []byte {
	isSpace := func(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}
