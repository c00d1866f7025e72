// Package redact removes secrets from text, errors and printed values. It is
// the one place wearnb decides what a secret looks like; consent (and its
// trace transport), fetch, tokenstore and the sandbox all use it.
//
// Redaction works in two nets:
//
//  1. Known values first ([Secrets]). The client knows its access and
//     refresh tokens, its client secret, the PKCE verifier and the
//     authorization code, so it removes exactly those wherever they appear:
//     plain, percent-encoded (%2B/%2F, or '+' for a space, in any mix and
//     hex case), JSON-escaped (\/ and \u00XX), inside base64 (an HTTP Basic
//     header's "id:secret"), and as a prefix or suffix of 6 or more
//     characters (Fitbit quotes "Refresh token invalid: 2f3c1a…"). Known
//     values are safe to remove from any text, paths and URLs included.
//  2. Shapes second, for values nobody told us about: [Params] removes the
//     values of access_token=, refresh_token=, code=, client_secret= and
//     similar parameters in URLs, forms and JSON, and "Bearer …";
//     [Shapes] removes words that look like tokens (long random-looking
//     runs, letters-only runs of 24 or more, prefixed tokens such as
//     tok_9f8e7d6c). Shapes may also hit harmless long identifiers, so it
//     is meant for text a provider sent, not for wearnb's own messages,
//     which carry file paths.
//
// Removed values become [Mark] ("[redacted]"); [URL] uses "REDACTED",
// which needs no escaping inside a query.
package redact
