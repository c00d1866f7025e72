// Package googlehealth is the wearnb client for the Google Health API v4,
// the successor of the Fitbit Web API, with Google OAuth 2.0: sleep
// sessions, 1-minute steps, heart-rate samples and the daily vitals from
// GET https://health.googleapis.com/v4/users/me/dataTypes/{type}/dataPoints,
// and each day's steps, distance, total calories and active minutes from
// POST …/dataPoints:dailyRollUp.
//
//	p := googlehealth.New()                  // or googlehealth.Sandbox(sandboxURL)
//	c := p.Client(httpClient)                // from oauth2.Config.Client
//	b, err := c.Sleeps(ctx, r)               // sessions ending on r's dates: b.Sleeps
//	b, err = c.Hours(ctx, r)                 // steps per local hour: b.Hours
//	b, err = c.Days(ctx, r)                  // the daily roll-up and resting heart rate: b.Days
//	b, err = c.HeartRate(ctx, r)             // heart-rate samples: b.HeartRate
//	b, err = c.Vitals(ctx, r)                // HRV, respiratory rate, sleep temperature: b.Vitals
//	points, err := c.List(ctx, "sleep", googlehealth.SleepFilter(r), 25) // Google's own data points
//
// Data types are named as the discovery document health:v4 names them
// (kebab-case in URLs, snake_case in filters): heart-rate,
// daily-resting-heart-rate, daily-heart-rate-variability,
// daily-respiratory-rate, daily-sleep-temperature-derivations, and for the
// roll-up steps, distance, total-calories and active-minutes. A roll-up
// covers at most 14 days of total-calories and active-minutes and 90 of the
// others ([RollupMaxDays]); the days stream's 84-day chunks make a year 64
// roll-ups, the fewest those limits allow. A day with no data has no
// roll-up window: its totals are missing, never 0.
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
