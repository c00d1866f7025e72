// Package wirejson holds the small JSON helpers the provider clients' wire
// types share: reading a JSON string that may be null or empty, and
// reporting a value a type cannot read so that encoding/json names the
// field.
package wirejson

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"unicode/utf8"
)

// maxShown is how many bytes of a bad value an error message shows.
const maxShown = 40

// TypeError reports raw JSON that does not fit v (a pointer to the type
// being decoded) as a *json.UnmarshalTypeError. An UnmarshalJSON method
// returns it so that encoding/json adds the path of the field, and
// fetch.DecodeJSON turns that into the DecodeError's Field. The message
// shows the kind of value and, for strings and numbers, at most 40 bytes of
// it.
func TypeError(raw []byte, v any) error {
	desc := "value"
	if b := bytes.TrimSpace(raw); len(b) > 0 {
		switch b[0] {
		case '"':
			s := string(b)
			if len(s) > maxShown {
				s = s[:maxShown] + `..."`
			}
			desc = "string " + s
		case '{':
			desc = "object"
		case '[':
			desc = "array"
		case 't', 'f':
			desc = "bool"
		default:
			s := string(b)
			if len(s) > maxShown {
				s = s[:maxShown] + "..."
			}
			desc = "number " + s
		}
	}
	return &json.UnmarshalTypeError{Value: desc, Type: reflect.TypeOf(v).Elem()}
}

// String decodes raw as a JSON string. isNull reports JSON null (s is then
// empty); ok is false for anything that is neither a string nor null.
func String(raw []byte) (s string, isNull, ok bool) {
	b := bytes.TrimSpace(raw)
	if bytes.Equal(b, []byte("null")) {
		return "", true, true
	}
	if len(b) == 0 || b[0] != '"' {
		return "", false, false
	}
	if in, plain := plainString(b); plain {
		return string(in), false, true
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return "", false, false
	}
	return s, false, true
}

// plainString returns the contents of b, a quoted JSON string, when they need
// no unescaping: no backslash, no quote, no control character and valid
// UTF-8, the form almost every provider value has. Then the contents are
// exactly what encoding/json would decode, without a second decoder pass
// per value. Anything else is left to encoding/json.
func plainString(b []byte) ([]byte, bool) {
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return nil, false
	}
	in := b[1 : len(b)-1]
	ascii := true
	for _, c := range in {
		if c < 0x20 || c == '"' || c == '\\' {
			return nil, false
		}
		if c >= utf8.RuneSelf {
			ascii = false
		}
	}
	if !ascii && !utf8.Valid(in) {
		return nil, false
	}
	return in, true
}

// Bytes is [String] without copying: for a plain string (see plainString)
// it returns the bytes between the quotes of raw itself, valid only as long
// as raw is. Use it to parse a value in place.
func Bytes(raw []byte) (b []byte, isNull, ok bool) {
	t := bytes.TrimSpace(raw)
	if bytes.Equal(t, []byte("null")) {
		return nil, true, true
	}
	if in, plain := plainString(t); plain {
		return in, false, true
	}
	s, isNull, ok := String(raw)
	return []byte(s), isNull, ok
}

// ParseString is the body of an UnmarshalJSON method of v for a value sent
// as a JSON string that may be null or "": those give the zero T, any other
// string what parse makes of it. Anything but a string or null, and a
// string parse rejects, is a [TypeError] for v.
//
//	func (d *Day) UnmarshalJSON(b []byte) error {
//		v, err := wirejson.ParseString(b, d, wearnb.ParseDate)
//		if err == nil {
//			d.Date = v
//		}
//		return err
//	}
func ParseString[T any](raw []byte, v any, parse func(string) (T, error)) (T, error) {
	var zero T
	s, isNull, ok := String(raw)
	if !ok {
		return zero, TypeError(raw, v)
	}
	if isNull || s == "" {
		return zero, nil
	}
	x, err := parse(s)
	if err != nil {
		return zero, TypeError(raw, v)
	}
	return x, nil
}

// ParseBytes is [ParseString] for a parse that reads the string's bytes in
// place ([Bytes]), so a plain value is parsed without a copy.
func ParseBytes[T any](raw []byte, v any, parse func([]byte) (T, error)) (T, error) {
	var zero T
	s, isNull, ok := Bytes(raw)
	if !ok {
		return zero, TypeError(raw, v)
	}
	if isNull || len(s) == 0 {
		return zero, nil
	}
	x, err := parse(s)
	if err != nil {
		return zero, TypeError(raw, v)
	}
	return x, nil
}

// NullableFloats decodes raw, a valid JSON array of numbers and nulls (as
// a decoder hands it to an UnmarshalJSON method), into one pointer per item
// (nil for null) that all point into a single backing array: one
// allocation for the whole series instead of one per number. ok is false
// for anything else (JSON null, other item kinds, a number float64 cannot
// hold); the caller then decodes raw the usual way, which also words the
// error.
func NullableFloats(raw []byte) (out []*float64, ok bool) {
	b := bytes.TrimSpace(raw)
	if len(b) < 2 || b[0] != '[' || b[len(b)-1] != ']' {
		return nil, false
	}
	n := 0
	inner := bytes.TrimSpace(b[1 : len(b)-1])
	if len(inner) > 0 {
		n = bytes.Count(inner, []byte(",")) + 1
	}
	vals := make([]float64, n)
	out = make([]*float64, n)
	for i := 0; i < n; i++ {
		item := inner
		if j := bytes.IndexByte(inner, ','); j >= 0 {
			item, inner = inner[:j], inner[j+1:]
		} else {
			inner = nil
		}
		item = bytes.TrimSpace(item)
		if string(item) == "null" {
			continue
		}
		if len(item) == 0 || !(item[0] == '-' || item[0] >= '0' && item[0] <= '9') {
			return nil, false
		}
		if v, ok := smallInt(item); ok {
			vals[i] = v
		} else if v, err := strconv.ParseFloat(string(item), 64); err == nil {
			vals[i] = v
		} else {
			return nil, false
		}
		out[i] = &vals[i]
	}
	return out, true
}

// smallInt reads an unsigned integer of at most 15 digits, which float64
// holds exactly, as strconv.ParseFloat would (the usual reading: "56").
func smallInt(b []byte) (float64, bool) {
	if len(b) == 0 || len(b) > 15 {
		return 0, false
	}
	var v int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	return float64(v), true
}
