// Package googlehealth is the wearnb client for the Google Health API v4,
// the successor of the Fitbit Web API: sleep sessions and 1-minute steps
// from GET https://health.googleapis.com/v4/users/me/dataTypes/{sleep,steps}/dataPoints,
// with Google OAuth 2.0.
//
//	p := googlehealth.New()                  // or googlehealth.Sandbox(sandboxURL)
//	c := p.Client(httpClient)                // from oauth2.Config.Client
//	b, err := c.Sleeps(ctx, r)               // sessions ending on r's dates: b.Sleeps
//	b, err = c.Steps(ctx, r)                 // steps per local hour and day: b.Hours, b.Days
//	points, err := c.List(ctx, "sleep", googlehealth.SleepFilter(r), 25) // Google's own data points
//
// Lists are filtered with AIP-160 expressions on the civil (local) end time
// of sleeps and start time of steps ([SleepFilter], [StepsFilter]), come
// newest first, and are paged with pageToken / nextPageToken (sleep pages
// hold at most 25 points, steps pages up to 10000). int64 values arrive as
// JSON strings ([Int64]); instants are UTC with separate UTC offsets
// ("-18000s", [Offset]), so normalized times carry the offset the person
// had at that moment, through trips and DST changes.
//
// Google issues a refresh token only when the consent URL asks for offline
// access: Auth carries [AuthParams] (access_type=offline, prompt=consent),
// which consent.New puts on the URL. Errors are *fetch.APIError values
// whose Code is Google's status (e.g. "UNAUTHENTICATED"); malformed
// payloads are *fetch.DecodeError values naming the field.
package googlehealth
