// Package providers is the registry of every provider wearnb supports, so
// code that takes a provider's name ("oura") from a person or a config file
// gets the right client, real or sandboxed, and its display name.
//
// Each provider lives in its own folder below this one and has the shape
// package base describes: New(opts ...base.Option) and Sandbox(root,
// opts...) constructors taking the same base options, a Provider embedding
// base.Core, and a Client whose Sleeps, Days and Hours return a
// *wearnb.Batch (provider-native calls have names of their own: Oura's
// ...Docs, Jawbone's ...Items, Fitbit's SleepLogs and Series, Google's
// List).
//
// # Unknown values and implausible sleeps
//
// Every client sets only what the payload says: a value a provider does
// not send, or sends as null (or, at Jawbone, ""), is missing (wearnb.Opt)
// in the record, NULL in the cache and NaN in frames, and so is every value
// derived from it. Each client flags the sleeps that cannot be real
// (wearnb.Flag, set by wearnb.Sleep.SetFlag), keeps them, and never makes
// one the main sleep of its date; values no record can have are decode
// errors (*fetch.DecodeError) naming provider, endpoint and field, raised
// before any stage is built:
//
//	| provider     | flagged: kept, never main                                    | decode error                                                 |
//	|--------------|--------------------------------------------------------------|--------------------------------------------------------------|
//	| every one    | ends before it starts (no stages); longer than 24 h          | longer than 7 days (wearnb.MaxSpan); more stages than        |
//	|              | (wearnb.MaxNight); zero length (end = start, or the          | wearnb.MaxStages (a week of 30-s stages)                     |
//	|              | provider's time in bed 0); no sleep at all (time asleep 0,   |                                                              |
//	|              | or stages none of which is sleep); more asleep than in bed   |                                                              |
//	| oura         | total_sleep_duration 0 (or null with deep, light and REM 0); | a duration negative or over 7 days (9.3e9 s would overflow   |
//	|              | time_in_bed 0; bedtime_end = bedtime_start                   | time.Duration); sleep_phase_5_min over 2016 characters;      |
//	|              |                                                              | class_5_min or met over 26 h; no bedtime_start/bedtime_end   |
//	| fitbit       | minutesAsleep 0; timeInBed 0; endTime before startTime       | a minutes field or duration negative or over 7 days;         |
//	|              | (isMainSleep is overruled)                                   | efficiency outside 0-100; levels.data or shortData over      |
//	|              |                                                              | 20160 segments                                               |
//	| googlehealth | summary minutesAsleep 0, or only AWAKE stages; an empty      | summary minutes negative or over 7 days; over 20160 stages;  |
//	|              | interval                                                     | a stage that ends before it starts                           |
//	| jawbone      | no sleep: the title "for 0m" or light + sound (+ rem) 0; an  | duration, light, sound, rem or awake negative or over 7      |
//	|              | item whose time_completed is before time_created             | days; over 20160 ticks; no time_created, or no end at all    |
//
// The 24-hour bound flags a tracker left in sleep mode for a day; the
// 7-day bound rejects what is not a record at all (a "night" of decades, a
// phase string of megabytes) instead of expanding it into millions of
// stages. Charts and metrics leave flagged sleeps out by default
// (wearnb.Sleeps.Plausible; Main and LastNight never return one).
//
// # Adding a provider
//
// A fifth provider (Withings, WHOOP) is one folder and one line:
//
//  1. providers/whoop: its real settings as a base.Config (base URL,
//     endpoint with AuthStyle, revoke URL, scopes), a Provider embedding
//     base.Core built by base.NewCore, New and Sandbox (base.Sandbox moves
//     every URL under root/whoop), a Client with Sleeps, Days and Hours as
//     its stream methods, and Streams built by base.Streams;
//  2. one entry line in the registry below (name, display name, one-line
//     description, New, Sandbox).
//
// The registry test (registry_test.go) then runs the shared auth, options,
// empty-range, fault and error checks on it against the sandbox; the
// sandbox needs the provider's flavour (wire format) for that, in package
// sandbox.
package providers

import (
	"fmt"
	"strings"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/providers/base"
	"wearnb.dev/wearnb/providers/fitbit"
	"wearnb.dev/wearnb/providers/googlehealth"
	"wearnb.dev/wearnb/providers/jawbone"
	"wearnb.dev/wearnb/providers/oura"
)

// Entry is one provider of the registry.
type Entry struct {
	Name        string // "oura": records, token files, the cache and the sandbox flavour use it
	DisplayName string // "Oura": what a person reads in status lines
	About       string // one line on the API and its status
	// New returns the provider with its real endpoints, opts applied after
	// its defaults.
	New func(opts ...base.Option) wearnb.Provider
	// Sandbox returns the provider pointed at a wearnb sandbox whose root
	// URL is root (see package sandbox), opts applied after the sandbox's
	// URLs.
	Sandbox func(root string, opts ...base.Option) wearnb.Provider
}

// entry adapts a provider package's constructors to an Entry.
func entry[P wearnb.Provider](name, display, about string, newP func(...base.Option) P, sandbox func(string, ...base.Option) P) Entry {
	return Entry{
		Name: name, DisplayName: display, About: about,
		New:     func(opts ...base.Option) wearnb.Provider { return newP(opts...) },
		Sandbox: func(root string, opts ...base.Option) wearnb.Provider { return sandbox(root, opts...) },
	}
}

// registry lists every provider, sorted by name.
var registry = []Entry{
	entry(fitbit.Name, "Fitbit", "Fitbit Web API (retired autumn 2026; archived deployments, exports, sandbox)", fitbit.New, fitbit.Sandbox),
	entry(googlehealth.Name, "Google Health", "Google Health API v4, the Fitbit Web API's successor (live)", googlehealth.New, googlehealth.Sandbox),
	entry(jawbone.Name, "Jawbone UP", "Jawbone UP (defunct since 2018; old exports and the sandbox)", jawbone.New, jawbone.Sandbox),
	entry(oura.Name, "Oura", "Oura API v2 (live)", oura.New, oura.Sandbox),
}

// All returns every registry entry, sorted by name.
func All() []Entry { return append([]Entry(nil), registry...) }

// Names returns the provider names, sorted.
func Names() []string {
	names := make([]string, len(registry))
	for i, e := range registry {
		names[i] = e.Name
	}
	return names
}

// Lookup returns the entry of the named provider (case and surrounding
// space ignored), or an error listing the known names.
func Lookup(name string) (Entry, error) {
	key := strings.ToLower(strings.TrimSpace(name))
	for _, e := range registry {
		if e.Name == key {
			return e, nil
		}
	}
	return Entry{}, fmt.Errorf("providers: unknown provider %q (known: %s)", name, strings.Join(Names(), ", "))
}

// About returns a one-line description of the named provider and its
// status ("" for an unknown name).
func About(name string) string {
	e, _ := Lookup(name)
	return e.About
}

// DisplayName returns the name a person reads ("Google Health"), or name
// itself for an unknown provider.
func DisplayName(name string) string {
	if e, err := Lookup(name); err == nil {
		return e.DisplayName
	}
	return name
}

// New returns the named provider with its real endpoints.
func New(name string, opts ...base.Option) (wearnb.Provider, error) {
	e, err := Lookup(name)
	if err != nil {
		return nil, err
	}
	return e.New(opts...), nil
}

// Sandbox returns the named provider pointed at a sandbox server whose root
// URL is root (see package sandbox).
func Sandbox(name, root string, opts ...base.Option) (wearnb.Provider, error) {
	e, err := Lookup(name)
	if err != nil {
		return nil, err
	}
	return e.Sandbox(root, opts...), nil
}
