package providers_test

import (
	"fmt"

	"wearnb.dev/wearnb/providers"
	"wearnb.dev/wearnb/providers/base"
)

// The registry: every provider's name, display name and streams.
func ExampleAll() {
	for _, e := range providers.All() {
		var streams []string
		for _, s := range e.New().Streams() {
			streams = append(streams, s.Name)
		}
		fmt.Printf("%-12s %-13s %v\n", e.Name, e.DisplayName, streams)
	}
	// Output:
	// fitbit       Fitbit        [sleep days hours heartrate vitals]
	// googlehealth Google Health [sleep steps days heart-rate vitals]
	// jawbone      Jawbone UP    [moves sleeps]
	// oura         Oura          [sleep daily_activity heartrate]
}

// The same base options work for every provider: here an endpoint moved
// elsewhere, as a config file or the environment may ask.
func ExampleNew() {
	p, err := providers.New("oura", base.WithTokenURL("https://proxy.example/oura/token"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Auth().Endpoint.TokenURL)
	_, err = providers.New("whoop")
	fmt.Println(err)
	// Output:
	// https://proxy.example/oura/token
	// providers: unknown provider "whoop" (known: fitbit, googlehealth, jawbone, oura)
}
