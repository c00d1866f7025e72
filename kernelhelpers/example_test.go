package kernelhelpers_test

import (
	"os"

	"wearnb.dev/kernelhelpers"
)

// Outside a notebook, every display call prints a terminal-friendly form.
func Example() {
	kernelhelpers.SetOutput(os.Stdout)
	kernelhelpers.Link("http://localhost:8976/", "Connect your Oura ring")
	kernelhelpers.HTML("<b>7h 12m</b> asleep last night")
	s := kernelhelpers.NewStatus()
	s.Set("⏳", "waiting for consent (4:59 left)")
	s.Set("✅", "connected")
	// Output:
	// Connect your Oura ring: http://localhost:8976/
	// 7h 12m asleep last night
	// ⏳ waiting for consent (4:59 left)
	// ✅ connected
}
