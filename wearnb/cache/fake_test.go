package cache

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"sync"
	"time"
	_ "time/tzdata" // America/New_York without relying on the host's zoneinfo

	"wearnb.dev/wearnb"
)

// fakeProvider is a deterministic wearnb.Provider for tests. Every day except
// the 13th of each month has one main sleep (ending on that date, with four
// stages), every 7th day also a nap, one DayMoves and an HourMoves every three
// hours of elapsed time from local midnight, all in America/New_York (so DST nights have two offsets). Fetch
// records each call, can append it to a log file (for other processes), can
// sleep, and can be made to fail or cancel through hook.
type fakeProvider struct {
	name    string
	specs   []streamSpec
	loc     *time.Location
	logPath string        // if set, each Fetch appends "stream from to\n" here first
	delay   time.Duration // slept inside each Fetch (honouring ctx)

	mu      sync.Mutex
	calls   []fakeCall
	version int             // added to values, to see replacement
	drop    map[string]bool // source ids to leave out
	// hook runs at the start of Fetch with the 1-based call number; a
	// non-nil error is returned from Fetch.
	hook func(ctx context.Context, n int, c fakeCall) error
}

type streamSpec struct {
	name             string
	kind             wearnb.Kind
	maxDays, settles int
}

type fakeCall struct {
	Stream string
	Range  wearnb.Range
}

func (c fakeCall) String() string {
	return c.Stream + " " + c.Range.From.String() + " " + c.Range.To.String()
}

var (
	sleepSpec = streamSpec{"sleep", wearnb.KindSleeps, 100, 2}
	daySpec   = streamSpec{"activity", wearnb.KindDayMoves, 100, 2}
	hourSpec  = streamSpec{"steps", wearnb.KindHourlyMoves, 30, 1}
)

func newFake(specs ...streamSpec) *fakeProvider {
	if len(specs) == 0 {
		specs = []streamSpec{sleepSpec, daySpec, hourSpec}
	}
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		panic(err)
	}
	return &fakeProvider{name: "fake", specs: specs, loc: loc, drop: map[string]bool{}}
}

func (p *fakeProvider) Name() string      { return p.name }
func (p *fakeProvider) Auth() wearnb.Auth { return wearnb.Auth{} }

func (p *fakeProvider) Streams() []wearnb.Stream {
	var out []wearnb.Stream
	for _, s := range p.specs {
		s := s
		out = append(out, wearnb.Stream{
			Name: s.name, Kind: s.kind, MaxDays: s.maxDays, Settles: s.settles,
			Fetch: func(ctx context.Context, _ *http.Client, r wearnb.Range) (*wearnb.Batch, error) {
				return p.fetch(ctx, s, r)
			},
		})
	}
	return out
}

func (p *fakeProvider) fetch(ctx context.Context, s streamSpec, r wearnb.Range) (*wearnb.Batch, error) {
	c := fakeCall{s.name, r}
	p.mu.Lock()
	p.calls = append(p.calls, c)
	n, hook, version := len(p.calls), p.hook, p.version
	drop := make(map[string]bool, len(p.drop))
	for k, v := range p.drop {
		drop[k] = v
	}
	p.mu.Unlock()
	if p.logPath != "" {
		f, err := os.OpenFile(p.logPath, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
		if err != nil {
			return nil, err
		}
		_, err = f.WriteString(c.String() + "\n")
		f.Close()
		if err != nil {
			return nil, err
		}
	}
	if hook != nil {
		if err := hook(ctx, n, c); err != nil {
			return nil, err
		}
	}
	if p.delay > 0 {
		select {
		case <-time.After(p.delay):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	b := &wearnb.Batch{Raw: []wearnb.RawPage{{
		URL:  fmt.Sprintf("https://fake.test/%s?from=%v&to=%v", s.name, r.From, r.To),
		Body: []byte(fmt.Sprintf(`{"stream":%q,"from":"%v","to":"%v","version":%d}`, s.name, r.From, r.To, version)),
	}}}
	for d := r.From; !d.After(r.To); d = d.AddDays(1) {
		switch s.kind {
		case wearnb.KindSleeps:
			for _, sl := range p.sleepsOn(d, version) {
				if !drop[sl.SourceID] {
					b.Sleeps = append(b.Sleeps, sl)
				}
			}
		case wearnb.KindDayMoves:
			b.Days = append(b.Days, p.dayOn(d, version)...)
		case wearnb.KindHourlyMoves:
			b.Hours = append(b.Hours, p.hoursOn(d, version)...)
		}
	}
	return b, nil
}

func (p *fakeProvider) callList() []fakeCall {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]fakeCall(nil), p.calls...)
}

func (p *fakeProvider) resetCalls() {
	p.mu.Lock()
	p.calls = nil
	p.mu.Unlock()
}

// fixed returns t in a fixed zone with its offset in p.loc, the way
// providers report times.
func (p *fakeProvider) fixed(t time.Time) time.Time {
	_, off := t.In(p.loc).Zone()
	return t.In(time.FixedZone("", off))
}

func hasData(d wearnb.Date) bool { return d.Day != 13 }

func (p *fakeProvider) sleepsOn(d wearnb.Date, version int) []wearnb.Sleep {
	if !hasData(d) {
		return nil
	}
	prev := d.AddDays(-1)
	start := p.fixed(time.Date(prev.Year, prev.Month, prev.Day, 23, 10*(d.Day%4), 0, 0, p.loc))
	levels := []wearnb.StageLevel{wearnb.StageLight, wearnb.StageDeep, wearnb.StageREM, wearnb.StageWake}
	var stages []wearnb.Stage
	t := start
	for i, l := range levels {
		dur := 2*time.Hour + time.Duration(i)*time.Minute
		stages = append(stages, wearnb.Stage{Start: p.fixed(t), Duration: dur, Level: l})
		t = t.Add(dur)
	}
	end := p.fixed(t)
	main := wearnb.Sleep{
		Provider: p.name, SourceID: "sleep-" + d.String(),
		Start: start, End: end, Date: d,
		InBed: wearnb.Some[time.Duration](end.Sub(start)), Asleep: wearnb.Some(6*time.Hour + 3*time.Minute + time.Duration(version)*time.Minute),
		Awake: wearnb.Some(2*time.Hour + 3*time.Minute), Deep: wearnb.Some(2*time.Hour + time.Minute), Light: wearnb.Some(2 * time.Hour),
		REM: wearnb.Some(2*time.Hour + 2*time.Minute), Latency: wearnb.Some(12 * time.Minute),
		Efficiency: wearnb.Some[float64](75.5), Awakenings: wearnb.Some[int](d.Day % 5), IsMain: true, Stages: stages,
	}
	out := []wearnb.Sleep{main}
	if d.Day%7 == 0 {
		ns := p.fixed(time.Date(d.Year, d.Month, d.Day, 14, 0, 0, 0, p.loc))
		out = append(out, wearnb.Sleep{
			Provider: p.name, SourceID: "nap-" + d.String(),
			Start: ns, End: ns.Add(40 * time.Minute), Date: d,
			InBed: wearnb.Some(40 * time.Minute), Asleep: wearnb.Some(35 * time.Minute), Awake: wearnb.Some(5 * time.Minute),
			Efficiency: wearnb.Some[float64](87.5),
		})
	}
	return out
}

func (p *fakeProvider) dayOn(d wearnb.Date, version int) []wearnb.DayMoves {
	if !hasData(d) {
		return nil
	}
	_, off := d.In(p.loc).Add(12 * time.Hour).Zone()
	return []wearnb.DayMoves{{
		Provider: p.name, SourceID: "day-" + d.String(), Date: d,
		Steps: wearnb.Some[int](5000 + 100*d.Day + version), DistanceM: wearnb.Some[float64](3500.25 + float64(d.Day)),
		CaloriesKcal: wearnb.Some[float64](2100.5), ActiveMinutes: wearnb.Some[int](30 + d.Day), UTCOffset: wearnb.Some(time.Duration(off) * time.Second),
	}}
}

func (p *fakeProvider) hoursOn(d wearnb.Date, version int) []wearnb.HourMoves {
	if !hasData(d) {
		return nil
	}
	var out []wearnb.HourMoves
	midnight := d.In(p.loc)
	for h := 0; ; h += 3 { // every third hour, to keep -race runs fast
		t := midnight.Add(time.Duration(h) * time.Hour)
		if wearnb.DateOf(t.In(p.loc)) != d {
			break
		}
		out = append(out, wearnb.HourMoves{
			Provider: p.name, Start: p.fixed(t),
			Steps: wearnb.Some[int](100*h + version), DistanceM: wearnb.Some[float64](70.5 * float64(h)), CaloriesKcal: wearnb.Some[float64](80), ActiveSeconds: wearnb.Some[int](60 * h),
		})
	}
	return out
}

// expected counts the records the fake's streams have for r (before any
// drop).
func (p *fakeProvider) expected(r wearnb.Range) (sleeps, days, hours int) {
	for _, s := range p.specs {
		for d := r.From; !d.After(r.To); d = d.AddDays(1) {
			switch s.kind {
			case wearnb.KindSleeps:
				sleeps += len(p.sleepsOn(d, 0))
			case wearnb.KindDayMoves:
				days += len(p.dayOn(d, 0))
			case wearnb.KindHourlyMoves:
				hours += len(p.hoursOn(d, 0))
			}
		}
	}
	return
}
