// Package sandbox is wearnb's offline provider: an OAuth2 authorization
// server with a real consent page, plus the data APIs of Fitbit, Oura v2,
// Google Health v4 and Jawbone UP, speaking each provider's wire format and
// serving a deterministic synthetic person from package sandbox/synth.
//
// Notebooks and tests run it in their own process, with no socket: a
// provider pointed at [InProcessURL] and an HTTP client on
// [Server.Transport] reach the handler directly.
//
//	srv := sandbox.New(sandbox.Options{})
//	p, _ := providers.Sandbox("fitbit", sandbox.InProcessURL)
//	tok, _ := srv.IssueToken(sandbox.Fitbit, sandbox.DemoClientID, []string{"sleep"})
//	hc := &http.Client{Transport: &oauth2.Transport{Source: oauth2.StaticTokenSource(tok), Base: srv.Transport()}}
//
// A port is needed only where a browser comes in: [Server.Listen] opens
// the consent page (on a free loopback port) for the length of a consent
// flow, and Close frees it again; the Transport works throughout. Start
// and StartAt run a listening server, as the command
// examples/sandbox-server does standalone:
//
//	srv, err := sandbox.Start(sandbox.Options{})
//	defer srv.Close()
//	cfg := &oauth2.Config{
//		ClientID: sandbox.DemoClientID, ClientSecret: sandbox.DemoClientSecret,
//		Endpoint: srv.Endpoint(sandbox.Fitbit), RedirectURL: sandbox.DemoRedirectURIs[0],
//		Scopes: []string{"sleep", "activity"},
//	}
//	// ... consent, Exchange, then GET srv.APIBase(sandbox.Fitbit)+"/1.2/user/-/sleep/list.json?..."
//
// [Server.WriteTakeoutZip] and [Server.WriteTakeoutDir] write the person's
// Fitbit data as a Google Takeout archive, for the Takeout importer: sleep,
// steps, distance, calories, active minutes, resting heart rate, the
// nightly HRV, respiratory-rate and skin-temperature files, and on request
// intraday heart rate and the newer CSV files.
//
// Data-API tests can skip the consent page with [Server.IssueToken], and
// headless flows with Options.AutoApprove. With Options.StateFile, grants
// and tokens outlive the process; several processes (two notebooks, each
// with its own in-process sandbox) may share the file at once.
//
// # URL layout
//
// Each flavour lives under its own prefix on the server root B
// ([Server.URL]) and then uses the provider's real paths:
//
//	Fitbit        B/fitbit        authorize /oauth2/authorize   token /oauth2/token        revoke /oauth2/revoke
//	Oura          B/oura          authorize /oauth/authorize    token /oauth/token         revoke /oauth/revoke
//	Google Health B/googlehealth  authorize /o/oauth2/auth      token /token               revoke /revoke
//	Jawbone       B/jawbone       authorize /auth/oauth2/auth   token /auth/oauth2/token   disconnect DELETE /nudge/api/v.1.0/users/@me/PartnerAppMembership
//
// Oura also serves its new developer portal's endpoints,
// B/oura/oauth/v2/ext/oauth-authorize, …/oauth-token and …/oauth-revoke
// (moi.ouraring.com's paths, as reported by third parties).
//
// [Server.Endpoint] returns the oauth2.Endpoint with AuthStyle set the
// provider's way; [Server.RevokeURL] the revoke (disconnect) URL;
// [Server.APIBase] returns B/flavour. In-process, B is [InProcessURL].
//
// # OAuth2 behaviour
//
//   - Clients: every flavour has the demo client (ID [DemoClientID], secret
//     [DemoClientSecret], redirect URIs [DemoRedirectURIs] with any port:
//     RFC 8252 §7.3, as Google's desktop clients); add more with
//     [Server.RegisterClient]. redirect_uri must match a registered URI
//     exactly (a client with AnyLoopbackPort: but for the port of a
//     loopback URI); it may be omitted only when the client has just one.
//   - Google clients follow Google's rules by type (Client.Type):
//     [GoogleWeb] allows only its registered redirect URIs, exactly (such as
//     the https://www.google.com of Google's set-up guide, for paste mode);
//     [GoogleDesktop] any loopback redirect on any port; the out-of-band
//     redirect is refused for both, and redirect_uri is required. Every
//     Google client must send its secret to the token endpoint ("client_secret
//     is missing." otherwise), PKCE or not. A Client.Testing client's refresh
//     tokens die 7 days after consent with the answer a revoked one gets.
//   - Oura apps have a portal (Client.Portal): a new-portal app at the
//     legacy token endpoint gets 401 invalid_client for a code and 400
//     invalid_request "Invalid request" for a refresh (spending nothing), a
//     legacy app at the new endpoint 401; the demo client works at both.
//     Oura's legacy revoke takes GET only (its method is undocumented), so
//     a client's POST-then-GET fallback runs.
//   - Authorize: GET shows the consent page (title with the app's name,
//     requested scopes listed with descriptions, buttons #allow and #deny in
//     a POST form carrying a single-use nonce valid 10 minutes). Fitbit's page
//     has a checkbox per scope, so the person can grant part of the request.
//     Allow redirects with code and state, Deny with
//     error=access_denied&state=…. An unknown client_id or a redirect_uri
//     that does not match shows an error page (HTTP 400) and never
//     redirects. Other problems (response_type, unknown scope) redirect with
//     the RFC 6749 error. Fitbit's redirects end with "#_=_", like the real
//     ones. Scope is required at Fitbit and Google; Oura defaults to every
//     scope, Jawbone to basic_read.
//   - PKCE: Fitbit and Google verify code_challenge (S256, or plain, the
//     default when code_challenge_method is absent) against code_verifier;
//     Oura and Jawbone accept and ignore the parameters.
//   - Codes are valid 10 minutes and single-use; replaying a used code fails
//     with invalid_grant and revokes the tokens it issued. A redirect_uri
//     sent at the token endpoint must equal the authorize one; Fitbit and
//     Google also require it when it was sent at authorize.
//   - Client authentication: Fitbit needs the Basic header from confidential
//     clients (client_id in the body for Public ones; a secret in the body is
//     refused with invalid_client); Oura and Jawbone need client_id and
//     client_secret in the body (a Basic header is refused); Google accepts
//     either. Fitbit and Jawbone also read parameters from the query string
//     (as old scripts did); Jawbone accepts GET at its token endpoint.
//   - Tokens: access lifetimes Fitbit 8 h, Oura 24 h, Google 1 h, Jawbone
//     1 year (Options.TokenLifetimes overrides). Responses carry
//     access_token, expires_in, refresh_token and token_type; Fitbit adds
//     scope and user_id, Google adds scope.
//   - Refresh tokens are single-use and rotate on every refresh, for every
//     flavour (real Google keeps its refresh token; the sandbox is stricter).
//     Fitbit's rule: an identical retry with the old refresh token returns
//     the same new pair until that pair (its access or refresh token) is
//     used. A spent token is refused in the provider's shape: Fitbit
//     {"errors":[{"errorType":"invalid_grant","message":"Refresh token invalid: …"}],"success":false},
//     Oura {"status":400,"title":"invalid_grant","detail":"Token already used or revoked"},
//     Google and Jawbone {"error":"invalid_grant","error_description":"…"}.
//   - Revoke: Fitbit POST token=… (client auth as at the token endpoint)
//     revokes every token of the app; Oura ?access_token=…; Google
//     token=… (400 invalid_token for an unknown token); Jawbone DELETE
//     PartnerAppMembership with the bearer token. [Server.RevokeConsent]
//     revokes a whole flavour at once.
//
// # Data APIs
//
// Every data request needs "Authorization: Bearer <access token>" (Google
// also accepts ?access_token=) with one of the endpoint's scopes. Failures
// use the provider's error shape: Fitbit 401 invalid_token or expired_token
// (with WWW-Authenticate), 403 insufficient_scope; Oura 401
// {"status","title","detail"}; Google 401 UNAUTHENTICATED or 403
// PERMISSION_DENIED as {"error":{"code","message","status"}}; Jawbone 401
// with meta.error_type. Data ends at the clock's now: sleeps that have
// ended, complete hours, today's totals so far.
//
// Fitbit (B/fitbit; user "-" or the synthetic user id):
//
//	GET /1.2/user/-/sleep/date/{date}.json                 scope sleep
//	GET /1.2/user/-/sleep/date/{start}/{end}.json          at most 100 days (else 400 validation)
//	GET /1.2/user/-/sleep/list.json?beforeDate=…&sort=desc&limit=≤100&offset=0
//	GET /1.2/user/-/sleep/list.json?afterDate=…&sort=asc&limit=≤100&offset=0
//	    beforeDate/afterDate are exclusive (yyyy-MM-dd, or yyyy-MM-ddTHH:mm:ss
//	    compared with the log's end/start); pagination.next/previous are
//	    absolute URLs ("" at the end), carrying offset like the real ones
//	GET /1/user/-/activities/{res}/date/{start}/{end}.json scope activity, at most 1095 days
//	GET /1/user/-/activities/{res}/date/{date}/{1d|7d|30d|1w|1m|3m|6m|1y}.json
//	    res: steps distance calories caloriesBMR activityCalories floors
//	    elevation minutesSedentary minutesLightlyActive minutesFairlyActive
//	    minutesVeryActive, and tracker/… variants; values are strings, one
//	    per day (days without data are "0"); date may be "today";
//	    Accept-Language: en_US gives miles and feet
//	GET /1/user/-/activities/{steps|distance|calories|floors|elevation}/date/{date}/1d/{1min|15min}.json
//	GET /1/user/-/activities/…/date/{date}/{date}/{1min|15min}.json    intraday, one day at most,
//	    optional /time/HH:mm/HH:mm before .json
//	GET /1/user/-/activities/heart/date/{date}/1d/{1sec|1min}.json     scope heartrate, one day
//	    ("1sec" samples every 5 s, datasetType "second")
//	GET /1/user/-/activities/heart/date/{start}/{end}.json             at most 1 year
//	GET /1/user/-/activities/heart/date/{date}/{1d|7d|30d|1w|1m}.json
//	GET /1/user/-/activities/date/{date}.json               daily summary (heartRateZones and
//	    restingHeartRate only with scope heartrate)
//	GET /1/user/-/hrv/date/{date}[/{end}].json              scope heartrate, at most 30 days:
//	    {"hrv":[{"dateTime","value":{"dailyRmssd","deepRmssd"}}]}
//	GET /1/user/-/br/date/{date}[/{end}].json               scope respiratory_rate, at most 30 days:
//	    {"br":[{"dateTime","value":{"breathingRate"}}]}
//	GET /1/user/-/temp/skin/date/{date}[/{end}].json        scope temperature, at most 30 days:
//	    {"tempSkin":[{"dateTime","value":{"nightlyRelative"},"logType"}]}
//
// Heart rate is the person's, minute by minute (none while the device is off
// the wrist); restingHeartRate is the person's resting rate, absent on days
// whose night was not recorded. The HRV, breathing-rate and skin-temperature
// summaries are those of the main sleep, keyed by the date it ends on, and
// list only dates with a value.
//
// Sleep logs are "stages" for main sleeps of 3 h or more with stage data
// (short wakes of at most 3 minutes go to levels.shortData), otherwise
// "classic" (infoCode 2 under 3 h). In a stages log the summary minutes of
// deep, light and REM add up to minutesAsleep (the time asleep rounded to
// the minute), wake's is minutesAwake (every wake minute, the wake before
// falling asleep and before getting up included, with minutesToFallAsleep
// and minutesAfterWakeup 0, as in real stages logs), and timeInBed is their
// sum, the duration in minutes. A classic log keeps the wake before its
// first and after its last asleep segment in minutesToFallAsleep and
// minutesAfterWakeup, and restless time in minutesAwake. Intraday times are the person's clock: on a travel
// day the new zone's after the switch (clock times jump forward flying
// east and repeat flying west, as on DST days). Every authorized data
// response carries Fitbit-Rate-Limit-Limit, -Remaining and -Reset (seconds
// to the top of the clock's hour); request 151 in an hour gets 429 with
// Retry-After.
//
// Oura (B/oura), each {"data":[…],"next_token":…}, 50 documents a page:
//
//	GET /v2/usercollection/sleep?start_date=&end_date=            scope daily
//	GET /v2/usercollection/daily_sleep?start_date=&end_date=      scope daily
//	GET /v2/usercollection/daily_activity?start_date=&end_date=   scope daily
//	GET /v2/usercollection/heartrate?start_datetime=&end_datetime=  scope heartrate, 5-minute
//	    samples, 1000 a page; timestamp in UTC, source sleep (main sleeps),
//	    rest (naps) or awake
//	GET /v2/usercollection/personal_info                          scope personal (email with scope email)
//
// Dates are inclusive; end_date defaults to today and start_date to the day
// before end_date (heartrate: the last 24 h). Pass next_token with the same
// other parameters. 5000 requests per 5-minute window, then 429 with
// Retry-After.
//
// Google Health (B/googlehealth), newest first, int64 values as strings:
//
//	GET /v4/users/me/dataTypes/steps/dataPoints?filter=&pageSize=&pageToken=
//	    scope googlehealth.activity_and_fitness(.readonly); one point per
//	    minute with steps, its UTC offsets where the person was then;
//	    pageSize default 1440, max 10000
//	GET /v4/users/me/dataTypes/sleep/dataPoints?filter=&pageSize=&pageToken=
//	    scope googlehealth.sleep(.readonly); pageSize default and max 25
//	GET /v4/users/me/dataTypes/heart-rate/dataPoints?filter=&pageSize=&pageToken=
//	    scope googlehealth.health_metrics_and_measurements(.readonly); one
//	    sample a minute, sampleTime with utcOffset, motionContext ACTIVE
//	    when the person took steps that minute
//	GET /v4/users/me/dataTypes/{daily-resting-heart-rate|daily-heart-rate-variability|
//	    daily-respiratory-rate|daily-sleep-temperature-derivations}/dataPoints
//	    same scope; one point per date with a value (the main sleep's)
//	POST /v4/users/me/dataTypes/{steps|distance|total-calories|active-minutes}/dataPoints:dailyRollUp
//	    scope activity_and_fitness; {"range":{"start":{"date":{…}},"end":{"date":{…}}},
//	    "windowSizeDays":n}: end exclusive, at most 14 days for total-calories
//	    and active-minutes, 90 for the others (else 400); windows without
//	    data are left out; no nextPageToken
//	GET /v4/users/me/identity
//
// filter is the AIP-160 subset the API documents: comparisons (>=, >, <=,
// <, =) of {steps|sleep}.interval.{start_time,end_time} or
// heart_rate.sample_time.physical_time with a quoted RFC 3339 timestamp,
// or of civil_start_time/civil_end_time, sample_time.civil_time or a daily
// type's date with a quoted "YYYY-MM-DD[THH:MM:SS]", joined by AND. Anything else is 400
// INVALID_ARGUMENT. nextPageToken is absent on the last page; a page token
// only works with the filter it came from.
//
// Jawbone (B/jawbone), {"meta":{…},"data":{"items":[…],"links":{"next":…},"size":n}}:
//
//	GET /nudge/api/v.1.1/users/@me/moves    scope move_read
//	GET /nudge/api/v.1.1/users/@me/sleeps   scope sleep_read
//	GET /nudge/api/v.1.1/users/@me/heartrates  scope heartrate_read: one item a
//	    day with resting_heartrate (dates whose night was recorded)
//	    date=YYYYMMDD, start_time/end_time (epoch s, on time_created),
//	    updated_after (with start_time), page_token, limit (default 10,
//	    max 100); newest first; links is absent on the last page, and
//	    links.next is host-relative like the real one: resolve it as
//	    APIBase(Jawbone) + next
//	GET /nudge/api/v.1.1/moves/{xid}, /moves/{xid}/ticks
//	GET /nudge/api/v.1.1/sleeps/{xid}, /sleeps/{xid}/ticks  (depth 1 awake, 2 light, 3 sound)
//	    (also under /users/@me/)
//	POST /nudge/api/v.1.1/users/@me/refreshToken  (form secret) returns the refresh token
//
// Moves carry int dates, hourly_totals keyed YYYYMMDDHH (local clock hours
// with steps; an hour the clock repeats sums both), tz (the zone the day
// ends in), and tzs: the zone at midnight, then on a travel day the new
// zone's name at the switch, on a DST day the new UTC offset in seconds at
// the change, as in real payloads.
//
// # Faults, clock and counters
//
// [Server.Faults] injects failures per flavour: Next(kind, n) for the next n
// data requests, NextToken for the token endpoint (a FaultDropConnection
// there loses a processed refresh, for testing Fitbit's recovery rule),
// Always until Clear. Kinds: [FaultRateLimit], [FaultServerError],
// [FaultUnavailable], [FaultDropConnection], [FaultTruncatedJSON],
// [FaultGone] (Fitbit's retirement 410, also at its OAuth endpoints),
// [FaultRevokedConsent], [FaultRefreshReused]. [Server.Requests] counts data
// requests (every answer, faults and 429s included) and
// [Server.ResetRequests] zeroes the count. Options.Clock (a *[FakeClock] in
// tests) drives code and token expiry, rate-limit windows and today.
//
// # State across processes
//
// GoNB runs every notebook cell as a new program, so a sandbox started in
// one cell is gone in the next. With Options.StateFile the server writes its
// grants, tokens and unexpired codes to that file (0600, atomic rename) on
// every change and loads them at start ([NewWithState] reports a corrupt
// file; StartAt refuses it), so a token saved in one cell still works, and
// Fitbit's identical-retry window survives a restart. One running server per
// state file; the data itself is regenerated from the synthetic person.
package sandbox
