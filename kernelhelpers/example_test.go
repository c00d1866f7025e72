package kernelhelpers_test

import (
	"os"

	"wearnb.dev/kernelhelpers"
)

// Outside a notebook, every display call prints a terminal-friendly form.
func Example() {
	d := kernelhelpers.New(os.Stdout)
	d.Link("http://localhost:8976/", "Connect your Oura ring")
	d.HTML("<b>7h 12m</b> asleep last night")
	s := d.NewStatus()
	s.Set("⏳", "waiting for consent (4:59 left)")
	s.Set("✅", "connected")
	// Output:
	// Connect your Oura ring: http://localhost:8976/
	// 7h 12m asleep last night
	// ⏳ waiting for consent (4:59 left)
	// ✅ connected
}
