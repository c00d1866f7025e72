// Package fetch is the HTTP machinery every wearnb provider client shares:
// GET with retries, rate-limit scheduling, typed API errors and decode errors
// that name the provider, endpoint and field.
//
// A provider builds one [Client] with [New], passing its name, the
// authenticated *http.Client (usually from golang.org/x/oauth2) and options:
//
//	c := fetch.New("fitbit", hc,
//		fetch.WithErrorParser(parseFitbitError),
//		fetch.WithRateLimit(fetch.RateLimit{
//			RemainingHeader: "Fitbit-Rate-Limit-Remaining",
//			ResetHeader:     "Fitbit-Rate-Limit-Reset",
//		}))
//	var page sleepPage
//	raw, err := c.GetJSON(ctx, "sleep", url, &page)
//
// # Retries
//
// [Client.Get] retries, with jittered exponential backoff, on 429 (honouring
// Retry-After as seconds or an HTTP date, or the configured reset header), on
// 500, 502, 503 and 504, and on dropped connections (EOF, unexpected EOF,
// connection reset). [Client.GetJSON] also retries a 200 whose body is
// truncated JSON. Other 4xx answers are never retried. Every wait honours the
// context at once, so a Jupyter interrupt stops a long fetch immediately.
//
// # Errors
//
// Non-2xx answers become an [*APIError] (or a [*RateLimitError] for a 429
// that outlived the retries) built in one place, [CheckResponse]. Sentinels
// [ErrGone] (410) and [ErrUnauthorized] (401) match through errors.Is.
// Malformed payloads become a [*DecodeError]; provider clients decoding a
// body themselves use [DecodeJSON] to get the same error, with the path of
// the offending field. Error strings never contain
// tokens: URL query secrets are stripped and token-like words in provider
// messages are redacted.
//
// A Client is safe for concurrent use; [Client.Using] derives a client for
// another *http.Client that shares the rate-limit state.
package fetch
