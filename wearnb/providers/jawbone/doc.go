// Package jawbone is the Jawbone UP provider: OAuth2 endpoint, wire types
// for moves, sleeps and sleep ticks that accept the API's loose typing,
// normalization to wearnb's records, an importer for saved API responses,
// and a client for the sandbox (the real API has been gone since 2018).
//
// # Getting data
//
//	p := jawbone.Sandbox(srv.URL())          // or jawbone.New()
//	c := p.Client(hc)                        // hc: the authenticated client
//	moves, err := c.Moves(ctx, r)            // Days and Hours
//	sleeps, err := c.Sleeps(ctx, r)          // Sleeps, stages from ticks
//	items, err := c.SleepItems(ctx, r)       // Jawbone's own items
//
// Lists are asked for by start_time/end_time (two days beyond each end of
// the range, since items are keyed by local dates) with limit=100, follow
// data.links.next (host-relative; rebased on the provider's base URL, and
// never sent to another host) and keep the items whose date lies in the
// range. Sleeps fetches /sleeps/{xid}/ticks for every sleep. Requests
// go through wearnb.dev/wearnb/fetch: retries on 429, 5xx, dropped
// connections and truncated bodies; errors are *fetch.APIError (code and
// message from the envelope's meta, see ParseError) or *fetch.DecodeError
// naming the endpoint and field.
//
// # Quirks handled
//
//   - Numbers arrive as numbers, as "" or as null, field by field and item
//     by item: Num, Int, Epoch and Flag accept all of them. The totals the
//     normalizers read are OptNum and OptInt, which keep "" and null apart
//     from 0: a total Jawbone did not give is missing in the records, never
//     0.
//   - date is an integer YYYYMMDD (DateInt).
//   - tzs is a list of [epoch, tz] pairs where tz is an Olson name or an
//     offset in seconds (Zone, TZChange). hourly_totals keys are local
//     "YYYYMMDDHH"; an hour is placed in the latest zone of tzs in whose
//     span it ends, so a trip changes the zone mid-day.
//   - distance and hourly_totals may be missing (km is the fallback).
//   - sound is deep sleep; awake includes the time before falling asleep.
//   - Jawbone has no main-sleep flag: MarkMain picks the longest plausible
//     sleep of each date; a flagged one (the real "for 0m" item: no sleep
//     at all) is never main.
//   - A sleep's title ("for 7h 24m") is Jawbone's own time asleep, used
//     when the light and sound totals are missing; a move's title ("4,659
//     steps") its step count, used when details.steps is.
//
// # Old dumps
//
// Jawbone's account export format is not documented in our references.
// Import and ImportDir read a folder of saved API responses instead (full
// envelopes, data objects, bare item arrays, single items; ticks files
// named after their sleep's xid) into a Dump, whose Batch normalizes them
// like the client does.
package jawbone
