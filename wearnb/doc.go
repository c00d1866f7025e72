// Package wearnb is the shared vocabulary of the wearnb toolkit: the normalized
// records every provider is mapped to (Sleep, Stage, DayMoves, HourMoves,
// HeartRate samples and each night's Vitals), whose measured fields say
// when they were not reported ([Opt]: unknown is never zero) and whose
// implausible sleeps carry a [Flag], the
// civil Date and Range types used to ask for data, selectors that pick the
// records an analysis needs ([Sleeps]: main sleeps, last night, the last N
// weeks, a date range, weekdays and weekends), and the Provider interface
// that the cache and the notebooks drive. It also holds the rules every
// provider client applies the same way: what counts as an awakening
// ([Awakenings], [WASO]), how stages merge ([MergeStages], [AppendStage]),
// how the time in bed splits into latency, sleep and wake after onset, so that
// InBed = Latency + Asleep + Awake ([Sleep], [Sleep.SumStages],
// [Sleep.SetAwake]), and the named fixed zones times carry ([FixedZone]).
//
// The pieces live in sub-packages, one job each:
//
//   - connect: the front door for notebooks and programs: Open a provider
//     account (token file, or consent in the cell), sync, read records.
//   - consent: the OAuth2 authorization-code flow with PKCE, run inside one
//     blocking notebook cell, plus each step as a public function for teaching.
//   - tokenstore: token files (0600, atomic, cross-process lock) and a token
//     source that persists every rotated refresh token before using it.
//   - providers/fitbit, providers/oura, providers/googlehealth,
//     providers/jawbone: one folder per provider (endpoints, wire types,
//     decoders, normalization, export importers); package providers names
//     them.
//   - fetch: the HTTP machinery the providers share (retry with backoff,
//     rate limits, typed API errors).
//   - sandbox: an offline OAuth2 server and data API that speaks every
//     provider's wire format, fed by sandbox/synth's synthetic people.
//   - cache: SQLite cache with incremental sync.
//   - frames: Gota data frames with typed columns and time helpers.
//   - charts: gonum/plot charts, each a function returning *plot.Plot.
//
// Package wearnb itself depends only on the standard library and
// golang.org/x/oauth2 (for Auth's endpoint).
package wearnb
