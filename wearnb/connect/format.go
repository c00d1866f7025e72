package connect

import (
	"encoding/json"
	"fmt"
	"log/slog"

	"wearnb.dev/wearnb/internal/redact"
)

// An Account holds the client secret (in its oauth2.Config), an HTTP
// client whose token source holds the tokens, and for the sandbox a server
// full of tokens. Go's printing of a value with a wrong verb walks nested
// pointers, so an Account prints only what it is, with every verb, as JSON
// and through log/slog. The methods have value receivers so that an
// Account printed by value is covered too.

// String describes the account: provider, name, and where its token is.
func (a Account) String() string {
	provider := "none"
	if a.provider != nil {
		provider = a.provider.Name()
	}
	s := fmt.Sprintf("connect.Account{provider: %s, account: %s", provider, a.name)
	if a.sb != nil {
		s += ", sandbox: " + a.sb.URL()
	}
	if a.tokens != nil {
		s += ", token file: " + a.tokens.Path()
	} else {
		s += ", offline"
	}
	return s + "}"
}

// GoString is String.
func (a Account) GoString() string { return a.String() }

// Format prints String for every verb (%q quoted).
func (a Account) Format(f fmt.State, verb rune) { redact.Format(f, verb, a.String()) }

// MarshalJSON encodes String.
func (a Account) MarshalJSON() ([]byte, error) { return json.Marshal(a.String()) }

// LogValue implements [slog.LogValuer] with String.
func (a Account) LogValue() slog.Value { return slog.StringValue(a.String()) }
