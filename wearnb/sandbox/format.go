package sandbox

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"

	secretfree "wearnb.dev/wearnb/internal/redact"
)

// A Server holds every code, access token and refresh token it issued, and
// its clients' secrets; a Client holds its secret. Go's printing of a value
// with a wrong verb walks nested pointers and maps, so both print only
// what they are, with every verb, as JSON and through log/slog.

// String describes the server by its URL ("" for one made with New).
func (s *Server) String() string {
	if s == nil {
		return "sandbox.Server(nil)"
	}
	if s.base == "" {
		return "sandbox.Server(not listening)"
	}
	return "sandbox.Server(" + s.base + ")"
}

// GoString is String.
func (s *Server) GoString() string { return s.String() }

// Format prints String for every verb (%q quoted).
func (s *Server) Format(f fmt.State, verb rune) { secretfree.Format(f, verb, s.String()) }

// MarshalJSON encodes String.
func (s *Server) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

// LogValue implements [slog.LogValuer] with String.
func (s *Server) LogValue() slog.Value { return slog.StringValue(s.String()) }

// String describes the client with its secret redacted.
func (c Client) String() string {
	secret := "none"
	if c.Secret != "" {
		secret = secretfree.Mark
	}
	return fmt.Sprintf("sandbox.Client{ID: %q, Secret: %s, RedirectURIs: [%s], Public: %t, Name: %q}",
		c.ID, secret, strings.Join(c.RedirectURIs, " "), c.Public, c.Name)
}

// GoString is String.
func (c Client) GoString() string { return c.String() }

// Format prints String for every verb (%q quoted).
func (c Client) Format(f fmt.State, verb rune) { secretfree.Format(f, verb, c.String()) }

// MarshalJSON encodes the client without its secret.
func (c Client) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		ID           string
		Secret       string
		RedirectURIs []string
		Public       bool
		Name         string
	}{c.ID, c.secretShown(), c.RedirectURIs, c.Public, c.Name})
}

func (c Client) secretShown() string {
	if c.Secret == "" {
		return ""
	}
	return secretfree.Mark
}

// LogValue implements [slog.LogValuer] with String.
func (c Client) LogValue() slog.Value { return slog.StringValue(c.String()) }
