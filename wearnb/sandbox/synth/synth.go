// Package synth generates deterministic synthetic people for the sandbox
// provider: years of nights and steps with realistic structure.
//
// (API skeleton: the implementation is being written.)
package synth

import (
	"time"

	"wearnb.dev/wearnb"
)

// Config sets a synthetic person's habits. The zero value of every field
// means its documented default.
type Config struct {
	Seed int64 // same seed, same person
	// Home is the person's home time zone (IANA name); default "America/New_York".
	Home string
	// First and Last bound the days with data; defaults 2020-01-01 and 2026-11-22.
	First, Last wearnb.Date
}

// Person is a deterministic synthetic person. Methods are safe for
// concurrent use and return the same data for the same Config.
type Person struct {
	cfg Config
}

// New returns the person described by cfg.
func New(cfg Config) *Person { return &Person{cfg: cfg} }

// Default returns the sandbox's default person (seed 1, all defaults).
func Default() *Person { return New(Config{Seed: 1}) }

// Sleeps returns the sleep periods (main sleeps and naps) whose Date lies in
// r, in start order, each with Stages at 30-second resolution that tile
// [Start, End). Provider and SourceID are empty: each sandbox flavour sets its
// own ids.
func (p *Person) Sleeps(r wearnb.Range) []wearnb.Sleep { return nil }

// Hours returns one HourMoves per local clock hour of every day in r that has
// data (days without data are absent), in time order.
func (p *Person) Hours(r wearnb.Range) []wearnb.HourMoves { return nil }

// Minutes returns per-minute steps of local date d (1440 values, or 1380/1500
// on DST days), for intraday endpoints. nil for a day without data.
func (p *Person) Minutes(d wearnb.Date) []int { return nil }

// Days returns one DayMoves per day in r that has data: the sums of Hours.
func (p *Person) Days(r wearnb.Range) []wearnb.DayMoves { return nil }

// HeartRate returns heart-rate samples (bpm) at the given interval over
// [from, to), for heart-rate endpoints.
func (p *Person) HeartRate(from, to time.Time, every time.Duration) []HRSample { return nil }

// HRSample is one heart-rate reading.
type HRSample struct {
	Time time.Time
	BPM  int
}

// Zone returns the time zone the person is in on local date d (it changes
// during trips).
func (p *Person) Zone(d wearnb.Date) *time.Location { return time.UTC }
