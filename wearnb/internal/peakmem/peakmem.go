// Package peakmem measures the peak heap of a piece of work, for the
// benchmarks that report "peak memory" beside time and allocations.
package peakmem

import (
	"runtime"
	"sync/atomic"
	"time"
)

// Track starts sampling the heap in use every millisecond (after a
// collection, so earlier garbage does not count) and returns a function
// that stops sampling and returns the highest heap in use seen, in bytes.
// The sampling misses peaks shorter than a millisecond and costs a little
// CPU; it is for benchmarks, not production.
func Track() (stop func() uint64) {
	runtime.GC()
	var peak atomic.Uint64
	var ms runtime.MemStats
	read := func() {
		runtime.ReadMemStats(&ms)
		if ms.HeapInuse > peak.Load() {
			peak.Store(ms.HeapInuse)
		}
	}
	read()
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				read()
			}
		}
	}()
	return func() uint64 {
		close(done)
		<-finished
		read()
		return peak.Load()
	}
}

// Allocated runs f and returns the bytes it allocated on the heap (the
// growth of runtime.MemStats.TotalAlloc, so other goroutines allocating at
// the same time count too). Fuzz targets use it to bound a decoder's
// memory by the size of its input.
func Allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// Bound is the memory a decoder may allocate for an input of n bytes in the
// fuzz targets: perByte bytes per input byte plus a fixed 64 KiB.
func Bound(n, perByte int) uint64 { return uint64(n*perByte + 64<<10) }
