// Package consent gets an OAuth2 token from a wearable provider the way a
// notebook needs it: one blocking cell that shows a consent link, waits for
// the person to approve, and saves the token for later cells (GoNB runs
// every cell as a new process, so nothing may outlive the cell).
//
// # One call
//
//	id, secret, err := consent.Credentials("oura", nil) // env or secrets file, never the notebook
//	cfg := consent.New("Oura", oura.New().Auth(), id, secret)
//	cfg.Save = tokenstore.OpenFor(dir, "oura", "default")
//	tok, err := consent.Run(ctx, cfg)
//
// Against the built-in sandbox provider use its demo client
// (sandbox.DemoClientID, sandbox.DemoClientSecret) and the provider from
// providers.Sandbox; examples/connect does exactly this from the command
// line.
//
// [Run] shows a link, a status line counting down ("Waiting for consent at
// Fitbit: 4:59 left."), and when the person has chosen Allow: received,
// exchanged, saved, and finally who is connected with which scopes until
// when. It never shows a token. What is shown goes through Config.Display:
// plain lines on standard output by default, a live status line and a
// clickable link when a notebook front (kernelhelpers/nb) passes its own.
//
// # The flow, step by step
//
// The authorization-code grant (RFC 6749 §4.1) with PKCE (RFC 7636) has
// these steps, each a public function so that a notebook can run and show
// them one at a time:
//
//  1. [NewAuthorization] builds the URL of the provider's consent page. It
//     carries the client ID, the scopes, the redirect URL, a random state
//     (which the provider sends back, so the program can tell its own
//     redirect from a forged one) and a PKCE challenge: the SHA-256 of a
//     random verifier that only this program knows.
//  2. [Listen] starts the callback server on the redirect URL's loopback
//     address and port. The link shown to the person is the server's own
//     root, which redirects to the consent page, so a link that works
//     proves the server is up. Ports are fixed because providers compare
//     the redirect URL exactly; "localhost" is served on both 127.0.0.1 and
//     ::1 because browsers may pick either.
//  3. [Server.Wait] returns the code from the first redirect whose state
//     matches (checked in constant time, see [ParseCallback]). Favicon
//     requests, other paths, wrong or missing states and second callbacks
//     are answered and ignored; an error=access_denied redirect ends the
//     wait with a [*DeniedError]. On a remote kernel, where the browser's
//     localhost is not the kernel's, the person pastes the redirected URL
//     instead ([ParsePasted], Paste mode).
//  4. [Exchange] trades the code and the verifier for a token at the token
//     endpoint. A stolen code is useless without the verifier.
//  5. [Inspect] shows what came back: type, expiry, granted scopes, user id,
//     and fingerprints instead of the secret values.
//  6. [Get] calls the API with the access token.
//  7. [Refresh] trades the refresh token for a new pair and saves it first:
//     Fitbit and Oura refresh tokens work once. A refresh token the provider
//     no longer accepts gives an error matching [ErrInvalidGrant], whatever
//     the provider's error shape, that says how to consent again.
//  8. [Revoke] withdraws the grant (RFC 7009).
//
// Set Config.Logf (in a notebook to kernelhelpers' Display.Logf) to see
// every HTTP exchange with the provider, and what the callback server
// received, with access tokens, refresh tokens, codes, verifiers and the
// client secret replaced by [redacted] ([TraceTransport], [Redact]):
// plain, percent-encoded, JSON-escaped or quoted in part. Errors are
// scrubbed the same way, down to the response body an *oauth2.RetrieveError
// carries.
//
// # Interrupts and timeouts
//
// Jupyter's stop button makes GoNB send SIGINT to the cell and SIGKILL 5 s
// later. Run catches SIGINT while it waits, closes the callback server (at
// most 500 ms for requests in flight) and returns an error matching
// [ErrInterrupted]. After Config.Timeout (5 minutes by default) it returns
// one matching [ErrTimeout]. Paste mode has the same deadline, so a
// headless run, where no one can type, ends with a clear error instead of
// hanging. A port that is taken fails at once with a [*PortInUseError]: often
// another cell or notebook is still waiting on it.
//
// # Credentials
//
// Client IDs and secrets come from WEARNB_<PROVIDER>_CLIENT_ID and
// WEARNB_<PROVIDER>_CLIENT_SECRET or from the secrets file at
// [SecretsPath], never from notebook source ([Credentials]). Printing a
// [Config] or an [Authorization] with any verb, as JSON or through log/slog
// redacts the secret and the verifier.
package consent
