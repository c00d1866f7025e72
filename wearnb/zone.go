package wearnb

import (
	"fmt"
	"sync"
	"time"
)

var fixedZones sync.Map // offset seconds (int) -> *time.Location

// FixedZone returns the fixed zone offsetSeconds east of UTC, named like
// "-05:00" or "+05:30" (any seconds are left out of the name), or time.UTC
// for zero. The zones are cached: every call with one offset returns the
// same *time.Location, so times the provider clients read at one offset
// share it. It is safe for concurrent use.
func FixedZone(offsetSeconds int) *time.Location {
	if offsetSeconds == 0 {
		return time.UTC
	}
	if l, ok := fixedZones.Load(offsetSeconds); ok {
		return l.(*time.Location)
	}
	sign, a := '+', offsetSeconds
	if a < 0 {
		sign, a = '-', -a
	}
	name := fmt.Sprintf("%c%02d:%02d", sign, a/3600, a%3600/60)
	l, _ := fixedZones.LoadOrStore(offsetSeconds, time.FixedZone(name, offsetSeconds))
	return l.(*time.Location)
}
