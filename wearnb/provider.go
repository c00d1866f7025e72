package wearnb

import (
	"context"
	"net/http"
	"slices"

	"golang.org/x/oauth2"
)

// Provider is one wearable service. Each provider package (providers/fitbit,
// providers/oura, ...) implements it, so the consent flow, the cache and the
// notebooks never switch on a provider's name.
type Provider interface {
	// Name is a short lower-case identifier: "fitbit", "oura", ...
	Name() string
	// Auth describes how to get consent at the provider.
	Auth() Auth
	// Streams lists the data this provider can fetch, one entry per endpoint
	// family, in a stable order.
	Streams() []Stream
}

// Auth is what the consent flow needs to know about a provider.
type Auth struct {
	Endpoint oauth2.Endpoint // with AuthStyle set explicitly, never auto-detect
	// RevokeURL is the token revocation endpoint (RFC 7009, or the
	// provider's own way to end a consent); "" if the provider has none.
	RevokeURL string
	// Revoke says how RevokeURL takes a token; the zero value is RFC 7009:
	// a form POST of token=<refresh token> with the client's credentials.
	Revoke RevokeStyle
	Scopes []string // default scopes for sleep and activity
	PKCE   bool     // whether the provider supports PKCE S256
	// AuthParams are extra authorization-URL parameters the provider
	// requires, e.g. Google's access_type=offline and prompt=consent,
	// without which it issues no refresh token. Nil for none.
	AuthParams map[string]string
}

// RevokeStyle is how a provider's revocation endpoint differs from RFC
// 7009's form POST of the refresh token.
type RevokeStyle struct {
	// Param names the parameter that carries the token: "token" when
	// empty; Oura's documented URL reads "access_token".
	Param string
	// Access revokes the access token instead of the refresh token
	// (Oura's documented revoke takes the access token). Revoking the
	// refresh token ends the whole grant at RFC 7009 providers (§2.1).
	Access bool
	// GetFallback retries as a GET with the parameters in the query when
	// the POST is answered 404 or 405 (Oura: the method is undocumented).
	GetFallback bool
	// NoClientAuth sends only the token, no client credentials.
	NoClientAuth bool
	// Delete sends DELETE to RevokeURL authorized by the access token
	// (Jawbone's PartnerAppMembership, which disconnects the app).
	Delete bool
}

// Kind says which normalized records a Stream yields; each kind has its
// own Batch field.
type Kind string

// Stream kinds.
const (
	KindSleeps      Kind = "sleeps"       // Sleep (with Stages)
	KindDayMoves    Kind = "day_moves"    // DayMoves
	KindHourlyMoves Kind = "hourly_moves" // HourMoves
	KindHeartRate   Kind = "heart_rate"   // HeartRate samples
	KindVitals      Kind = "vitals"       // Vitals, one per sleep
)

// Stream is one endpoint family of a provider, fetched in date chunks.
type Stream struct {
	Name string // "sleep", "steps", "moves", ... unique within the provider
	Kind Kind   // the records it is fetched for
	// Also lists the other kinds its batches carry, read from the same
	// pages at no extra cost (Google's 1-minute steps give hours and day
	// totals; Jawbone's moves give days and hourly_totals). Nil for none.
	Also []Kind
	// MaxDays is the longest range one Fetch call may cover (the API's limit,
	// e.g. 100 for Fitbit sleep). The cache splits ranges with Range.Split.
	MaxDays int
	// Settles is how many recent days may still change at the provider
	// (late syncs, edited logs); the cache re-fetches those.
	Settles int
	// Fetch gets one chunk. It follows the API's paging itself.
	Fetch func(ctx context.Context, c *http.Client, r Range) (*Batch, error)
}

// Yields reports whether the stream's batches carry records of kind k.
func (s Stream) Yields(k Kind) bool { return s.Kind == k || slices.Contains(s.Also, k) }

// Batch is what one Stream.Fetch returns: the raw responses as received (kept
// by the cache for re-normalizing and debugging) and the normalized records.
type Batch struct {
	Raw    []RawPage
	Sleeps []Sleep
	Days   []DayMoves
	Hours  []HourMoves
	// HeartRate holds the heart-rate samples, in time order.
	HeartRate []HeartRate
	// Vitals holds the nightly vitals, one per sleep (or per date, for a
	// provider that keys them by date).
	Vitals []Vitals
}

// Only returns a copy of b that keeps the raw pages and the records of kind
// k and drops the others, for a client's Days or Hours whose pages also
// bring another kind. A nil b gives nil.
func (b *Batch) Only(k Kind) *Batch {
	if b == nil {
		return nil
	}
	out := &Batch{Raw: b.Raw}
	switch k {
	case KindSleeps:
		out.Sleeps = b.Sleeps
	case KindDayMoves:
		out.Days = b.Days
	case KindHourlyMoves:
		out.Hours = b.Hours
	case KindHeartRate:
		out.HeartRate = b.HeartRate
	case KindVitals:
		out.Vitals = b.Vitals
	}
	return out
}

// RawPage is one HTTP response body as received.
type RawPage struct {
	URL  string // request URL with any secrets removed
	Body []byte
}
