// Package fitbit is the wearnb client for the Fitbit Web API: sleep logs
// (v1.2), activity time series, intraday steps, heart rate, the daily
// activity summary and the profile, plus an importer for Fitbit data
// exports.
//
// The Fitbit Web API was retired in autumn 2026; after the shutdown every
// request answers HTTP 410 Gone, which this package reports as [ErrRetired]
// (pointing to wearnb.dev/wearnb/providers/googlehealth). The client stays
// for archived deployments, the sandbox and exports.
//
// # Use
//
//	p := fitbit.New(fitbit.WithTimeZone(loc)) // or fitbit.Sandbox(sandboxURL)
//	c := p.Client(httpClient)                 // httpClient from oauth2.Config.Client
//	b, err := c.Sleeps(ctx, wearnb.Range{From: from, To: to}) // b.Sleeps, b.Raw
//	logs, err := c.SleepLogs(ctx, r)           // Fitbit's own payload
//
// As a wearnb.Provider, p offers the streams "sleep" (100 days per
// request), "days" (six activity series, 1095 days per request, with the
// resting heart rate from the heart-rate series), "hours" (intraday steps,
// one day per request), "heartrate" (intraday heart rate at one minute, one
// day per request: a year is 365 requests) and "vitals" (the HRV,
// breathing-rate and skin-temperature summaries of the main sleep, 30 days
// per request each, keyed by the date the sleep ends on).
//
// # Time zones
//
// Fitbit timestamps are local clock readings without an offset. The
// normalizers read them in the user's zone, DST aware: from [WithTimeZone],
// from [WithZones] for travellers (a zone per local date), or else from the
// profile's user.timezone, fetched once. Start and End of a wearnb.Sleep
// carry their own offsets; stages carry the offset of the night's start.
//
// # Rate limits and errors
//
// Requests go through wearnb.dev/wearnb/fetch with Fitbit's rate-limit
// headers (150 requests per hour per user): when Fitbit-Rate-Limit-Remaining
// reaches 0 the next request waits Fitbit-Rate-Limit-Reset seconds instead
// of running into a 429. Errors are *fetch.APIError values with Fitbit's
// errorType as Code; 401 expired_token also matches [ErrTokenExpired].
// Malformed payloads are *fetch.DecodeError values naming the field.
package fitbit
