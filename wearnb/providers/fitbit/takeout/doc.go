// Package takeout reads the Fitbit part of a Google Takeout archive (a
// .zip, several split .zip files, or the extracted folder) and turns it
// into the records a Fitbit sync gives: sleeps with stages, daily and
// hourly moves. It is how years of Fitbit history stay usable after the
// Fitbit Web API was shut down (HTTP 410 since November 2026):
// connect.Open("fitbit", connect.Takeout(path)) imports an archive into the
// same cache a sync fills, as its own account, so every frame, metric and
// chart works offline on it.
//
// No file-format specification exists: Google's Takeout help lists
// "Fitbit" as a product only, and the archives ship short per-folder README
// files. The shapes below come from real archives as open-source importers
// show them (sources in testdata/README.md and in each parser's comment);
// where a source is a single third party or an inference, the comment says
// "unverified", and the behaviour is an [Option] rather than a guess.
//
// # Layouts
//
// Three generations of archive are recognised, wherever they sit inside the
// zip (the importer looks for known category folders at any depth and never
// hard-codes the root):
//
//   - fitbit.com's own account export (up to ~2019):
//     <Name>/user-site-export/*.json, sometimes one folder per type;
//   - Google Takeout 2022–2025: Takeout/Fitbit/<Category>/…, JSON files in
//     "Global Export Data" and CSV folders ("Sleep Score", "Heart Rate
//     Variability", "Oxygen Saturation (SpO2)", from late 2024 also
//     "Physical Activity_GoogleData");
//   - Google Takeout after the move to Google accounts (2026):
//     Takeout/Google Health/<Category>/… with the same folders.
//
// # Time
//
// The per-minute JSON files (steps, distance, calories, heart rate) stamp
// samples "MM/DD/YY HH:MM:SS" in UTC: a heart_rate-2015-06-01.json of a
// UTC+10 person begins at "05/31/15 14:00:00", local midnight of 1 June, and
// a JSON value at 16:39 is the CSV twin's 16:39:00Z (research notes: danlsn/
// fitport, FloorLamp/allos). Two other importers read them as local time,
// so [USStampsLocal] switches. Sleep logs carry local wall-clock times
// without offset, like the API's. CSV stamps ending in Z are UTC; naive ones
// are local. The person's zone comes from Your Profile/Profile.csv's
// timezone column when the archive has one, else [Zone] (time.Local by
// default); [ZoneHistory] gives one per instant for people who travelled.
//
// # What is read
//
// Sleep logs, per-minute steps, distance and calories and daily active
// minutes become records (sleeps, days, hours), and so does the heart-rate
// family: intraday heart rate (the JSON files' 5-15 s samples, or the
// newer CSV's, averaged per minute: the API's 1-minute resolution) becomes
// heart-rate samples, resting heart rate the days' RestingHR, and the HRV
// summary (rmssd), daily respiratory rate and computed skin temperature
// nightly vitals keyed by date, as the Fitbit API client gives them (the
// same fitbit functions normalize both). Daily SpO2, the HRV summary's
// non-REM heart rate and entropy, and sleep scores have no record field:
// they stay in [Archive] for notebooks. A missing value stays missing:
// resting heart rate's "date": null days, blank or NaN cells, SpO2's 50.0
// sentinel.
// Files of other families are counted and skipped; the two huge ones
// (UserActivityProbabilities, UserSensorCompressionToken) are never opened.
//
// A file whose name says what it holds but whose content has another shape
// (an API response saved in its place, a CSV without its header) is an
// error naming the file and the problem. An archive, or a folder, with no
// Fitbit file at all is an error matching wearnb.ErrNothingToImport.
package takeout
