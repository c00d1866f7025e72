package synth

import (
	"fmt"
	"sync"
	"time"
	_ "time/tzdata" // zones work offline and on hosts without a zoneinfo database

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

	// East is the zone of the yearly two-week trip east (starting between
	// about Jun 10 and Aug 31); default "Europe/Berlin".
	East string
	// West is the zone of the yearly one-week trip west (starting between
	// about Apr 5 and May 15); default "America/Los_Angeles".
	West string
	// NoTrips keeps the person at Home all the time.
	NoTrips bool
	// Preset picks the sleep habits (Typical by default; Regular, Irregular,
	// Disrupted): see Preset.
	Preset Preset
}

// Defaults of Config.
const (
	DefaultHome = "America/New_York"
	DefaultEast = "Europe/Berlin"
	DefaultWest = "America/Los_Angeles"
)

// Default data bounds of Config.
var (
	DefaultFirst = wearnb.Date{Year: 2020, Month: time.January, Day: 1}
	DefaultLast  = wearnb.Date{Year: 2026, Month: time.November, Day: 22}
)

// withDefaults fills in zero fields.
func (c Config) withDefaults() Config {
	if c.Home == "" {
		c.Home = DefaultHome
	}
	if c.East == "" {
		c.East = DefaultEast
	}
	if c.West == "" {
		c.West = DefaultWest
	}
	if c.First.IsZero() {
		c.First = DefaultFirst
	}
	if c.Last.IsZero() {
		c.Last = DefaultLast
	}
	return c
}

// Validate reports whether cfg (with its defaults filled in) describes a
// person: known zone names and First not after Last.
func (c Config) Validate() error {
	c = c.withDefaults()
	for _, z := range []string{c.Home, c.East, c.West} {
		if _, err := time.LoadLocation(z); err != nil {
			return fmt.Errorf("synth: unknown time zone %q: %w", z, err)
		}
	}
	if c.Last.Before(c.First) {
		return fmt.Errorf("synth: Last (%v) is before First (%v)", c.Last, c.First)
	}
	if _, err := c.Preset.habits(); err != nil {
		return err
	}
	return nil
}

// Person is a deterministic synthetic person. Methods are safe for
// concurrent use and return the same data for the same Config.
type Person struct {
	cfg              Config // with defaults filled in
	home, east, west *time.Location
	h                habits // of cfg.Preset

	mu        sync.Mutex
	tripCache map[int][]trip
	days      map[int64]*day // memoized per-date generation, bounded by maxCachedDays
}

// maxCachedDays bounds the memo of generated days (about 10 KB each).
const maxCachedDays = 1500

// New returns the person described by cfg. It panics if cfg is invalid (an
// unknown zone name, Last before First); call cfg.Validate first when the
// config comes from user input.
func New(cfg Config) *Person {
	if err := cfg.Validate(); err != nil {
		panic(err)
	}
	cfg = cfg.withDefaults()
	load := func(name string) *time.Location {
		loc, _ := time.LoadLocation(name) // checked by Validate
		return loc
	}
	h, _ := cfg.Preset.habits() // checked by Validate
	return &Person{
		cfg:       cfg,
		h:         h,
		home:      load(cfg.Home),
		east:      load(cfg.East),
		west:      load(cfg.West),
		tripCache: map[int][]trip{},
		days:      map[int64]*day{},
	}
}

// Default returns the sandbox's default person (seed 1, all defaults).
func Default() *Person { return New(Config{Seed: 1}) }

// Config returns the person's configuration with defaults filled in.
func (p *Person) Config() Config { return p.cfg }

// Home returns the person's home time zone.
func (p *Person) Home() *time.Location { return p.home }

// Bounds returns the range of dates with data, Config.First..Config.Last.
func (p *Person) Bounds() wearnb.Range { return wearnb.Range{From: p.cfg.First, To: p.cfg.Last} }

// clip intersects r with the person's bounds; ok is false when empty.
func (p *Person) clip(r wearnb.Range) (wearnb.Range, bool) {
	if r.From.Before(p.cfg.First) {
		r.From = p.cfg.First
	}
	if r.To.After(p.cfg.Last) {
		r.To = p.cfg.Last
	}
	return r, !r.To.Before(r.From) && !r.From.IsZero()
}

// inBounds reports whether d has data bounds-wise.
func (p *Person) inBounds(d wearnb.Date) bool {
	return !d.Before(p.cfg.First) && !d.After(p.cfg.Last)
}

// Sleeps returns the sleep periods (main sleeps and naps) whose Date lies in
// r, in start order, each with Stages at 30-second resolution that tile
// [Start, End). Provider and SourceID are empty: each sandbox flavour sets its
// own ids. Nights when the device was not worn are absent. The returned
// slices are the caller's to modify.
func (p *Person) Sleeps(r wearnb.Range) []wearnb.Sleep {
	r, ok := p.clip(r)
	if !ok {
		return nil
	}
	var out []wearnb.Sleep
	for d := r.From; !d.After(r.To); d = d.AddDays(1) {
		dd := p.day(d)
		if !dd.night.missing {
			out = append(out, dd.night.sleep())
		}
		for i := range dd.naps {
			out = append(out, dd.naps[i].sleep())
		}
	}
	return out
}

// Hours returns one HourMoves per local clock hour of every day in r that has
// data (days without data are absent), in time order. Every hour of the day
// is present, zero-step hours included; on DST and travel days a day has
// fewer or more than 24 hours (see DaySpan).
func (p *Person) Hours(r wearnb.Range) []wearnb.HourMoves {
	r, ok := p.clip(r)
	if !ok {
		return nil
	}
	var out []wearnb.HourMoves
	for d := r.From; !d.After(r.To); d = d.AddDays(1) {
		out = append(out, p.moves(d).hours...)
	}
	return out
}

// Minutes returns per-minute steps of local date d (1440 values, or 1380/1500
// on DST days, and fewer or more on travel days: one per minute of
// DaySpan(d)), for intraday endpoints. nil for a day without data.
func (p *Person) Minutes(d wearnb.Date) []int {
	if !p.inBounds(d) {
		return nil
	}
	m := p.moves(d)
	if m.minutes == nil {
		return nil
	}
	out := make([]int, len(m.minutes))
	for i, v := range m.minutes {
		out[i] = int(v)
	}
	return out
}

// Days returns one DayMoves per day in r that has data: the sums of Hours.
func (p *Person) Days(r wearnb.Range) []wearnb.DayMoves {
	r, ok := p.clip(r)
	if !ok {
		return nil
	}
	var out []wearnb.DayMoves
	for d := r.From; !d.After(r.To); d = d.AddDays(1) {
		if m := p.moves(d); m.minutes != nil {
			out = append(out, m.total)
		}
	}
	return out
}
