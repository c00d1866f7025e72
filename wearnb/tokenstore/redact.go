package tokenstore

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// Redacted describes tok without any secret characters, for example
//
//	token{access:redacted refresh:redacted type:Bearer expiry:2026-11-24T01:02:03Z scope:"sleep"}
//
// Absent tokens show as "none", a zero expiry as "never".
func Redacted(tok *oauth2.Token) string {
	if tok == nil {
		return "token{nil}"
	}
	var b strings.Builder
	b.WriteString("token{access:")
	b.WriteString(presence(tok.AccessToken))
	b.WriteString(" refresh:")
	b.WriteString(presence(tok.RefreshToken))
	b.WriteString(" type:")
	b.WriteString(tok.Type())
	b.WriteString(" expiry:")
	if tok.Expiry.IsZero() {
		b.WriteString("never")
	} else {
		b.WriteString(tok.Expiry.UTC().Format(time.RFC3339))
	}
	if s, ok := tok.Extra("scope").(string); ok && s != "" {
		b.WriteString(" scope:")
		b.WriteString(strconv.Quote(s))
	}
	b.WriteString("}")
	return b.String()
}

func presence(s string) string {
	if s == "" {
		return "none"
	}
	return "redacted"
}

// SafeToken wraps a token so that printing, logging or marshalling it shows
// only [Redacted]. The token itself stays reachable through the field.
type SafeToken struct{ *oauth2.Token }

// String returns [Redacted].
func (t SafeToken) String() string { return Redacted(t.Token) }

// GoString returns [Redacted], so %#v hides the token too.
func (t SafeToken) GoString() string { return Redacted(t.Token) }

// Format implements [fmt.Formatter]: every verb prints [Redacted] (%q
// quoted).
func (t SafeToken) Format(s fmt.State, verb rune) {
	if verb == 'q' {
		fmt.Fprint(s, strconv.Quote(Redacted(t.Token)))
		return
	}
	fmt.Fprint(s, Redacted(t.Token))
}

// MarshalJSON encodes the [Redacted] string, never the token fields.
func (t SafeToken) MarshalJSON() ([]byte, error) { return json.Marshal(Redacted(t.Token)) }

// LogValue implements [slog.LogValuer] with the [Redacted] string.
func (t SafeToken) LogValue() slog.Value { return slog.StringValue(Redacted(t.Token)) }
