// Package tokenstore keeps OAuth2 tokens for wearable-data providers in one
// JSON file per provider account, and refreshes them safely.
//
// # Why it exists
//
// Fitbit and Oura hand out single-use refresh tokens: every refresh returns a
// new access token and a new refresh token, and the old refresh token stops
// working once the new pair is used. golang.org/x/oauth2 keeps the rotated
// refresh token only in memory (golang/oauth2#84, open since 2015), so a
// program that exits after a refresh, as every GoNB notebook cell does (each
// cell is a new process), loses the only refresh token that still works and
// the person has to go through the consent flow again.
//
// This package closes that gap:
//
//   - [File.TokenSource] is a re-implementation of x/oauth2's reuse token
//     source that writes every refreshed pair to disk before anyone can use
//     it, and that serialises refreshes across goroutines and processes with
//     a lock file (path + ".lock"), so two notebooks or a notebook and a cron
//     job can share one token file. Under the lock it re-reads the file first:
//     if another process has refreshed already, it takes that token instead
//     of spending a refresh token that is already used.
//   - If a refresh response is lost (connection dropped, 5xx), it retries the
//     identical request with the old refresh token, which Fitbit answers with
//     the same new pair until that pair is used. If saving the new pair fails,
//     the pair is not used either, so the same retry still works later.
//   - A refresh token that is already used or revoked (invalid_grant) gives
//     an error matching [ErrInvalidGrant] that says to run the consent flow.
//   - Files are written atomically (temporary file in the same directory,
//     fsync, rename, fsync of the directory) with mode 0600 in a 0700
//     directory. A corrupt, truncated or foreign file gives a [*FileError]
//     that names the file and the way back, never a panic.
//   - A process killed after writing its temporary file but before the
//     rename leaves the newest token, for Oura the only refresh token that
//     still works, in that temporary file. Load, token sources and Save
//     recover it under the lock: a complete, valid temporary file newer
//     than the file (every save increments a generation counter in the
//     file) replaces it; partial, older and foreign ones are removed.
//   - Like ssh with ~/.ssh, the store refuses a symbolic link at the token
//     or lock path (never following or replacing it), a token file other
//     users may read or change (mode wider than 0600), and a folder every
//     user may write to; each error gives the chmod or the step that fixes
//     it.
//   - [DefaultDir] keeps token files out of GoNB's temporary directory
//     ($GONB_TMP_DIR), which is deleted when the kernel stops.
//   - Token values never appear in output: [Redacted], [SafeToken] and every
//     error of this package print no secret characters.
//
// # Use
//
//	dir, err := tokenstore.DefaultDir()
//	...
//	f := tokenstore.OpenFor(dir, "fitbit", "default")
//	client := f.Client(ctx, cfg) // refreshes and saves as needed
//
// Set cfg.Endpoint.AuthStyle explicitly (InHeader or InParams): with
// auto-detection x/oauth2 may send a second refresh request after a failure,
// which spends a single-use token on a probe.
package tokenstore
