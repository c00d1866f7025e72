// Package providers names every provider wearnb supports, so code that takes
// a provider's name ("oura") from a person or a config file gets the right
// client, real or sandboxed. Each provider lives in its own folder below this
// one; adding one means adding its folder and a line here.
package providers

import (
	"fmt"
	"sort"
	"strings"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/providers/fitbit"
	"wearnb.dev/wearnb/providers/googlehealth"
	"wearnb.dev/wearnb/providers/jawbone"
	"wearnb.dev/wearnb/providers/oura"
)

type entry struct {
	real    func() wearnb.Provider
	sandbox func(root string) wearnb.Provider
	about   string
}

var registry = map[string]entry{
	"oura": {
		func() wearnb.Provider { return oura.New() },
		func(root string) wearnb.Provider { return oura.Sandbox(root) },
		"Oura API v2 (live)",
	},
	"googlehealth": {
		func() wearnb.Provider { return googlehealth.New() },
		func(root string) wearnb.Provider { return googlehealth.Sandbox(root) },
		"Google Health API v4, the Fitbit Web API's successor (live)",
	},
	"fitbit": {
		func() wearnb.Provider { return fitbit.New() },
		func(root string) wearnb.Provider { return fitbit.Sandbox(root) },
		"Fitbit Web API (retired autumn 2026; archived deployments, exports, sandbox)",
	},
	"jawbone": {
		func() wearnb.Provider { return jawbone.New() },
		func(root string) wearnb.Provider { return jawbone.Sandbox(root) },
		"Jawbone UP (defunct since 2018; old exports and the sandbox)",
	},
}

// Names returns the provider names, sorted.
func Names() []string {
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// About returns a one-line description of the named provider and its status.
func About(name string) string { return registry[strings.ToLower(name)].about }

// New returns the named provider with its real endpoints.
func New(name string) (wearnb.Provider, error) {
	e, err := lookup(name)
	if err != nil {
		return nil, err
	}
	return e.real(), nil
}

// Sandbox returns the named provider pointed at a sandbox server whose root
// URL is root (see package sandbox).
func Sandbox(name, root string) (wearnb.Provider, error) {
	e, err := lookup(name)
	if err != nil {
		return nil, err
	}
	return e.sandbox(root), nil
}

func lookup(name string) (entry, error) {
	e, ok := registry[strings.ToLower(strings.TrimSpace(name))]
	if !ok {
		return entry{}, fmt.Errorf("providers: unknown provider %q (known: %s)", name, strings.Join(Names(), ", "))
	}
	return e, nil
}
