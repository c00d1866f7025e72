package wearnb

import "time"

// Bounds on what one sleep record may claim.
//
// A record longer than MaxNight is kept but flagged [FlagTooLong]: people
// do not sleep for more than a day, but a tracker left in sleep mode
// records such periods, and the provider's raw data stays worth seeing. A
// record beyond MaxSpan (a "night" of weeks, decades, or a duration that
// overflows time.Duration) is not data but garbage: provider clients reject
// it with a decode error naming the field, and never build its stages.
// MaxStages bounds the stages one record may produce (MaxSpan at the finest
// resolution any provider uses, 30 seconds), so no payload expands into
// millions of stages.
const (
	MaxNight  = 24 * time.Hour
	MaxSpan   = 7 * 24 * time.Hour
	MaxStages = int(MaxSpan / (30 * time.Second)) // 20160
)

// Flag says why a sleep record cannot be a real sleep. The empty Flag
// marks a plausible record. A flagged record is kept as the provider sent
// it, is never the main sleep of its date, and charts and metrics leave it
// out unless asked to include it ([Sleeps.Plausible], [Sleeps.Flagged]).
type Flag string

// The flags, in the order [Sleep.Check] tests them: the first that applies
// is the record's flag.
const (
	// FlagEndsBeforeStart: End is before Start.
	FlagEndsBeforeStart Flag = "ends_before_start"
	// FlagTooLong: End − Start or the time in bed is more than MaxNight.
	FlagTooLong Flag = "too_long"
	// FlagZeroLength: End equals Start, or the provider's own time in bed
	// is zero.
	FlagZeroLength Flag = "zero_length"
	// FlagNoSleep: the provider reports no sleep at all: time asleep zero,
	// or stages of which none is a sleep stage (Jawbone's "for 0m" record
	// with every stage 0; an Oura period whose total_sleep_duration is 0).
	FlagNoSleep Flag = "no_sleep"
	// FlagAsleepOverInBed: more time asleep than in bed.
	FlagAsleepOverInBed Flag = "asleep_over_in_bed"
)

// Reason returns the flag as a phrase a person reads ("no sleep at all"),
// or "" for the empty Flag.
func (f Flag) Reason() string {
	switch f {
	case "":
		return ""
	case FlagEndsBeforeStart:
		return "ends before it starts"
	case FlagTooLong:
		return "more than 24 h in bed"
	case FlagZeroLength:
		return "zero time in bed"
	case FlagNoSleep:
		return "no sleep at all"
	case FlagAsleepOverInBed:
		return "more time asleep than in bed"
	}
	return "implausible (" + string(f) + ")"
}

// Check returns the flag the record deserves from its own fields, or "" for
// a plausible one. Missing values are not evidence: a record whose time
// asleep is unknown is not "no sleep". A record without Start and End (built
// by hand) skips the tests on its interval.
func (s Sleep) Check() Flag {
	timed := !s.Start.IsZero() || !s.End.IsZero()
	span := s.End.Sub(s.Start)
	inBed, okBed := s.InBed.Get()
	asleep, okAsleep := s.Asleep.Get()
	switch {
	case timed && s.End.Before(s.Start):
		return FlagEndsBeforeStart
	case timed && span > MaxNight, okBed && inBed > MaxNight:
		return FlagTooLong
	case timed && span == 0, okBed && inBed == 0:
		return FlagZeroLength
	case okAsleep && asleep == 0:
		return FlagNoSleep
	case !okAsleep && len(s.Stages) > 0:
		if _, ok := Onset(s.Stages); !ok {
			return FlagNoSleep
		}
	case okAsleep && okBed && asleep > inBed:
		return FlagAsleepOverInBed
	}
	return ""
}

// SetFlag sets Flag to [Sleep.Check] of the record, unless a provider
// client has already set a flag of its own, and clears IsMain when the
// record is flagged: an implausible record is never the main sleep of its
// date. Every provider client calls it on every sleep it returns.
func (s *Sleep) SetFlag() {
	if s.Flag == "" {
		s.Flag = s.Check()
	}
	if s.Flag != "" {
		s.IsMain = false
	}
}
