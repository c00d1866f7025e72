package synth

import (
	"sync"
	"time"

	"wearnb.dev/wearnb"
)

// day is everything generated for one local date: the main sleep that ends
// on it, its naps and its flags. Moves are derived lazily because they also
// need the next night.
type day struct {
	d       wearnb.Date
	dn      int64 // days since 1970-01-01, the per-date random key
	zone    *time.Location
	night   period   // the main sleep ending on d (generated even when missing)
	naps    []period // naps whose Date is d
	noSteps bool     // device not worn during the day: no moves, no daytime HR
	// restBase is the day's draw of the resting heart rate, bpm; rest is
	// it with the effect of the week's activity (restHR), once computed.
	restBase float64
	restOnce sync.Once
	rest     float64
	offWrist [][2]time.Time // device off the wrist: no heart rate (OffWrist)

	movesOnce sync.Once
	mv        *dayMoves
}

var epoch1970 = wearnb.Date{Year: 1970, Month: time.January, Day: 1}

// day returns the memoized generation of date d.
func (p *Person) day(d wearnb.Date) *day {
	dn := int64(d.Sub(epoch1970))
	p.mu.Lock()
	dd, ok := p.days[dn]
	p.mu.Unlock()
	if ok {
		return dd
	}
	dd = p.genDay(d, dn)
	p.mu.Lock()
	if old, ok := p.days[dn]; ok {
		dd = old // another goroutine won; keep one copy
	} else {
		if len(p.days) >= maxCachedDays {
			// Drop about half, in map order: entries are pure functions of
			// the date, so what stays does not change any output.
			n := 0
			for k := range p.days {
				delete(p.days, k)
				if n++; n >= maxCachedDays/2 {
					break
				}
			}
		}
		p.days[dn] = dd
	}
	p.mu.Unlock()
	return dd
}

func (p *Person) genDay(d wearnb.Date, dn int64) *day {
	r := newRNG(p.cfg.Seed, dn, streamDay)
	dd := &day{d: d, dn: dn, zone: p.Zone(d)}
	missing := p.pickedInBlock(dn, missingNightBlock, streamMissing)
	dd.noSteps = p.pickedInBlock(dn, noStepsBlock, streamNoSteps)
	dd.restBase = r.normal(restHRMean, restHRSpread)
	dd.night = p.genNight(d, dn)
	dd.night.missing = missing
	dd.offWrist = p.genOffWrist(dd)
	_, travel := p.Switch(d)
	if !dd.noSteps && !travel {
		dd.naps = p.genNaps(d, dn)
	}
	return dd
}

// pickedInBlock reports whether day dn is the one day picked at random in
// its block of n consecutive days (blocks aligned on day 0, 1970-01-01).
// Stratifying rare events this way keeps their rate at exactly 1/n over any
// stretch of a few blocks, for every seed, while each day stays a function of
// (seed, date) alone.
func (p *Person) pickedInBlock(dn int64, n int64, stream uint64) bool {
	blk := floorDiv(dn, n)
	r := newRNG(p.cfg.Seed, blk, stream)
	return dn-blk*n == int64(r.intn(int(n)))
}

// moves returns the memoized moves of d.
func (p *Person) moves(d wearnb.Date) *dayMoves {
	dd := p.day(d)
	dd.movesOnce.Do(func() { dd.mv = p.genMoves(dd) })
	return dd.mv
}
