// Package oura is the Oura API v2 provider: OAuth2 endpoint, typed wire
// structs for sleep, daily_sleep, daily_activity and heartrate, decoders that
// name the offending field, and normalization to wearnb's records.
//
// # Getting data
//
// A Provider describes the API (New for the real one, Sandbox for the wearnb
// sandbox); Provider.Client binds it to an authenticated *http.Client, such
// as the one the consent flow or the token store returns:
//
//	p := oura.Sandbox(srv.URL())              // or oura.New()
//	c := p.Client(hc)
//	batch, err := c.Sleeps(ctx, wearnb.Range{From: from, To: to}) // normalized
//	docs, err := c.SleepDocs(ctx, r)             // the typed documents
//	hr, err := c.HeartRateDocs(ctx, start, end)  // start_datetime/end_datetime
//
// Every call follows next_token to the last page and goes through
// wearnb.dev/wearnb/fetch, which retries 429 (honouring Retry-After), 5xx,
// dropped connections and truncated bodies, and keeps under Oura's 5000
// requests per 5 minutes. Errors are *fetch.APIError values (Oura's RFC 7807
// title and detail in Code and Message, see ParseError) or
// *fetch.DecodeError values naming the endpoint and JSON field.
//
// Date-keyed collections are asked for one day beyond each end of the range
// and filtered on their day field, so a range gets exactly the documents
// whose day lies in it whatever Oura's end_date and day-boundary rules are,
// and ranges split into chunks never overlap.
//
// # Normalization
//
// The "sleep" stream also gives each period's nightly vitals
// (SleepDoc.Vitals: lowest and average heart rate, average HRV, average
// breath, readiness temperature deviation, each missing where null), and
// the "heartrate" stream the heart-rate samples (NormalizeHeartRate): in
// UTC, as Oura sends them without saying where the person was, so they are
// dated by UTC day, with source mapped to a context.
//
// SleepDoc.Normalize maps a sleep period to wearnb.Sleep: bedtime_start and
// bedtime_end keep their own UTC offsets (a DST night has two), type
// long_sleep is the main sleep and everything else a nap, deleted periods are
// skipped by NormalizeSleeps, a null total_sleep_duration falls back to
// deep+light+REM (missing when one of them is null too: a value Oura does
// not send is never 0), implausible periods are flagged (wearnb.Flag) and
// never main, and sleep_phase_5_min becomes 5-minute stages ('1' deep,
// '2' light, '3' REM, '4' awake) from bedtime_start, the last one clipped at
// bedtime_end. Nulls in heart_rate and hrv are kept as nil items and skipped
// by Samples.Points.
//
// DailyActivity.DayMoves maps a day's totals to wearnb.DayMoves.
// DailyActivity.Hours splits the day (which starts at 04:00 local, so a DST
// change never falls inside it) into local hours of activity classes and MET.
// Oura has no hourly steps, distance or calories: HourActivity.HourMoves
// fills only ActiveSeconds, and the provider offers no hourly-moves stream.
package oura
