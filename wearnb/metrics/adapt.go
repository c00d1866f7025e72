package metrics

import (
	"fmt"
	"math"
	"time"

	"wearnb.dev/wearnb"
)

// This file is the one place that reads wearnb's records. Everything else
// works on Night, SleepWake and Series, whose inputs say explicitly when
// they are missing. A value a record does not report (a missing
// wearnb.Opt) becomes NaN or a zero time here, never 0.

// NightsFromSleeps turns normalized sleeps into Nights, in input order:
//
//   - Bed, Rise: Start, End; TIB: InBed; TST: Asleep (NaN when the record
//     does not report them).
//   - With stages: Onset is the start of the first sleep stage
//     ([wearnb.Onset]), Wake the end of the last, REM the start of the first
//     REM stage, WASO [wearnb.WASO] and WakeBouts the runs of wake stages
//     between them (consecutive wake stages are one bout).
//   - Without stages: Onset is Start + Latency and Wake is End (the
//     wake before rising cannot be told apart); REM, WASO and WakeBouts are
//     missing. When the latency is not reported either, Onset is unknown
//     (the zero time), and so are the measures that need it (SOL, the
//     sleep period, midsleep); the final awakening is still End.
//   - Flag: [Plausible]'s reason.
func NightsFromSleeps(sleeps []wearnb.Sleep) []Night {
	out := make([]Night, 0, len(sleeps))
	for i := range sleeps {
		s := &sleeps[i]
		n := Night{
			Date: s.Date, Main: s.IsMain, Flag: Plausible(*s),
			Bed: s.Start, Rise: s.End,
			TIB: optMinutes(s.InBed), TST: optMinutes(s.Asleep),
			WASO: nan,
		}
		first, last := wearnb.SleepSpan(s.Stages)
		if first >= 0 {
			n.Onset = s.Stages[first].Start
			n.Wake = s.Stages[last].End()
			n.WASO = optMinutes(wearnb.WASO(s.Stages))
			n.WakeBouts = []float64{}
			var bout time.Duration
			for k := first + 1; k <= last; k++ {
				st := s.Stages[k]
				if st.Level == wearnb.StageWake {
					bout += st.Duration
					continue
				}
				if bout > 0 {
					n.WakeBouts = append(n.WakeBouts, bout.Minutes())
					bout = 0
				}
			}
			for _, st := range s.Stages[first:] {
				if st.Level == wearnb.StageREM {
					n.REM = st.Start
					break
				}
			}
		} else if len(s.Stages) == 0 && !s.Start.IsZero() {
			n.Wake = s.End
			if lat, ok := s.Latency.Get(); ok {
				n.Onset = s.Start.Add(lat)
			}
		}
		out = append(out, n)
	}
	return out
}

// optMinutes is a reported duration in minutes, NaN when it is missing.
func optMinutes(d wearnb.Opt[time.Duration]) float64 {
	if v, ok := d.Get(); ok {
		return v.Minutes()
	}
	return math.NaN()
}

// Plausible returns why a sleep record cannot be right, or "" when nothing
// is wrong with it: the reason of its wearnb.Flag (which every provider
// client sets: zero length, no sleep at all, ending before it starts, more
// than 24 hours in bed, more time asleep than in bed), or for a record built
// by hand without a flag, the reason wearnb.Sleep.Check finds. Nights with
// a reason are left out of the metrics by default (Options.IncludeFlagged).
func Plausible(s wearnb.Sleep) string {
	if s.Flag != "" {
		return s.Flag.Reason()
	}
	return s.Check().Reason()
}

// SleepWakeFromSleeps builds the sleep/wake grid of the local dates of r
// from sleeps (main sleeps and naps), for [SRI]:
//
//   - every epoch starts as wake;
//   - an epoch is sleep when at least half of it is covered by sleep stages
//     (every level but wake counts, [wearnb.StageLevel.IsSleep]), or, for a
//     sleep without stages, by Start + Latency .. End;
//   - a sleep without stages whose latency is not reported began somewhere
//     in its time in bed: its epochs are missing, not wake, except the last
//     Asleep of it (when reported), which is sleep however long the latency;
//   - a date of r without a main sleep was not recorded: its night window,
//     from 18:00 the evening before to 12:00 on the date, is missing;
//   - stages are placed on the local clock of each instant (see the package
//     documentation): the clock hour skipped in spring is missing, the hour
//     repeated in autumn is sleep when either occurrence is.
//
// Flagged sleeps (Plausible) are left out unless includeFlagged, and the
// window of their date is missing when no other main sleep covers it.
// The epoch must divide a day; SleepWakeFromSleeps panics otherwise.
func SleepWakeFromSleeps(sleeps []wearnb.Sleep, r wearnb.Range, epoch time.Duration, includeFlagged bool) SleepWake {
	g := NewSleepWake(r.From, r.Days(), epoch)
	for i := range g.State {
		g.State[i] = Wake
	}
	cover := make([]float64, len(g.State))   // seconds asleep per epoch
	unknown := make([]float64, len(g.State)) // seconds in bed, asleep or not
	gap := make([]bool, len(g.State))        // clock time that did not exist
	main := map[wearnb.Date]bool{}
	for i := range sleeps {
		s := &sleeps[i]
		if Plausible(*s) != "" && !includeFlagged {
			continue
		}
		if s.IsMain {
			main[s.Date] = true
		}
		if len(s.Stages) == 0 {
			if s.Start.IsZero() || !s.End.After(s.Start) {
				continue
			}
			// Without stages, asleep from Start + Latency to End.
			if lat, ok := s.Latency.Get(); ok {
				g.stamp(s.Start.Add(lat), s.End, cover, gap)
				continue
			}
			// Without the latency, sleep began somewhere in the time in
			// bed: by End − Asleep at the latest, when Asleep is reported.
			from := s.End
			if a, ok := s.Asleep.Get(); ok && a > 0 && a <= s.End.Sub(s.Start) {
				from = s.End.Add(-a)
				g.stamp(from, s.End, cover, gap)
			}
			g.stamp(s.Start, from, unknown, gap)
			continue
		}
		for _, st := range s.Stages {
			if st.Level.IsSleep() {
				g.stamp(st.Start, st.End(), cover, gap)
			}
		}
	}
	half := epoch.Seconds() / 2
	for i, c := range cover {
		switch {
		case c >= half:
			g.State[i] = Sleep
		case unknown[i] > 0:
			g.State[i] = Missing
		}
		if gap[i] {
			g.State[i] = Missing
		}
	}
	m := g.M()
	for d := r.From; !d.After(r.To); d = d.AddDays(1) {
		if main[d] {
			continue
		}
		row := d.Sub(r.From)
		// 18:00 the evening before (previous row) to 12:00 on d.
		lo := (row-1)*m + m*18/24
		hi := row*m + m/2
		for i := max(lo, 0); i < hi; i++ {
			g.State[i] = Missing
		}
	}
	return g
}

// stamp adds the sleep in [a, b) to cover on the local clock: the interval
// is cut where its UTC offset changes (DST), each piece placed at its own
// wall clock, and the clock time a forward change skips is marked in gap.
func (g *SleepWake) stamp(a, b time.Time, cover []float64, gap []bool) {
	for a.Before(b) {
		_, off := a.Zone()
		end := b
		if _, next := a.ZoneBounds(); !next.IsZero() && next.Before(b) {
			end = next
		}
		g.addNaive(naiveSec(a, off), naiveSec(a, off)+end.Sub(a).Seconds(), cover)
		if end.Before(b) {
			_, off2 := end.Zone()
			if off2 > off { // spring forward: the clock skips [T+off, T+off2)
				g.markGap(naiveSec(end, off), naiveSec(end, off2), gap)
			}
		}
		a = end
	}
}

// naiveSec is the wall-clock reading of t at offset off, as seconds on a
// clock that never jumps (Unix seconds plus the offset).
func naiveSec(t time.Time, off int) float64 {
	return float64(t.Unix()+int64(off)) + float64(t.Nanosecond())/1e9
}

// origin is the naive second of the grid's first epoch.
func (g *SleepWake) origin() float64 {
	return float64(g.First.In(time.UTC).Unix())
}

func (g *SleepWake) addNaive(lo, hi float64, cover []float64) {
	e := g.Epoch.Seconds()
	o := g.origin()
	if hi <= o || lo >= o+float64(len(cover))*e {
		return // outside the grid's dates
	}
	for i := int((lo - o) / e); float64(i)*e+o < hi; i++ {
		if i < 0 || i >= len(cover) {
			if i >= len(cover) {
				break
			}
			continue
		}
		s0, s1 := max(lo, o+float64(i)*e), min(hi, o+float64(i+1)*e)
		if s1 > s0 {
			cover[i] = min(e, cover[i]+s1-s0)
		}
	}
}

func (g *SleepWake) markGap(lo, hi float64, gap []bool) {
	e := g.Epoch.Seconds()
	o := g.origin()
	for i := int((lo - o) / e); i < len(gap) && float64(i)*e+o < hi; i++ {
		if i >= 0 {
			gap[i] = true
		}
	}
}

// StepsFromHours builds an hourly step series on the local clock from
// hourly records, for the rest-activity measures: one value per local clock
// hour from 00:00 of the first record's date to the end of the last's. An
// hour with no record, or whose record does not report steps (Oura's hours
// have none), is missing, not zero; so is the hour the clock skips in
// spring. Two records on the same clock hour (the hour repeated in autumn,
// a trip west) give their mean.
func StepsFromHours(hours []wearnb.HourMoves) Series {
	if len(hours) == 0 {
		return Series{Epoch: time.Hour}
	}
	first, last := wearnb.DateOf(hours[0].Start), wearnb.DateOf(hours[0].Start)
	for _, h := range hours {
		d := wearnb.DateOf(h.Start)
		if d.Before(first) {
			first = d
		}
		if d.After(last) {
			last = d
		}
	}
	n := (last.Sub(first) + 1) * 24
	sum := make([]float64, n)
	cnt := make([]int, n)
	for _, h := range hours {
		steps, ok := h.Steps.Get()
		if !ok {
			continue
		}
		i := wearnb.DateOf(h.Start).Sub(first)*24 + h.Start.Hour()
		sum[i] += float64(steps)
		cnt[i]++
	}
	s := Series{Start: first.In(time.UTC), Epoch: time.Hour, Values: sum, Missing: make([]bool, n)}
	for i, c := range cnt {
		if c == 0 {
			s.Missing[i] = true
			s.Values[i] = nan
		} else {
			s.Values[i] /= float64(c)
		}
	}
	return s
}

// StepsFromSparseHours is [StepsFromHours] for providers that send only the
// hours with steps, such as Google Health: on a local date with at least
// one hour of steps, an hour without a record had no steps and is 0. An
// hour whose record does not report steps stays missing, and so does every
// hour of a date without any steps (the device sent nothing that day).
// Steps alone cannot tell an hour off the wrist from an hour sitting
// still; heart rate can. (The clock hour skipped in spring becomes 0 too:
// it lies in the night, where the steps are 0 anyway.)
func StepsFromSparseHours(hours []wearnb.HourMoves) Series {
	s := StepsFromHours(hours)
	if len(s.Values) == 0 {
		return s
	}
	first := wearnb.DateOf(s.Start)
	record := make([]bool, len(s.Values))
	for _, h := range hours {
		record[wearnb.DateOf(h.Start).Sub(first)*24+h.Start.Hour()] = true
	}
	for lo := 0; lo < len(s.Values); lo += 24 {
		day := false
		for k := lo; k < lo+24; k++ {
			day = day || !s.IsMissing(k)
		}
		for k := lo; day && k < lo+24; k++ {
			if !record[k] {
				s.Values[k], s.Missing[k] = 0, false
			}
		}
	}
	return s
}

// HeartRateSeries turns heart-rate samples into a regular series on the
// local clock, for the rest-activity measures of the heart rate
// ([RestActivity]): the mean bpm of the samples in each epoch, from 00:00
// of the first sample's local date to the end of the last's. An epoch
// without a sample is missing (the device was off the wrist or not worn),
// never 0; so is the clock time skipped in spring, and two samples on the
// same clock epoch (the hour repeated in autumn, a trip west) are averaged.
//
// Each sample is read on its own local clock when the provider said it
// ([wearnb.HeartRate.Local]: Fitbit, Google Health), else in loc (nil:
// UTC): Oura sends UTC only, so pass the person's zone. The epoch must
// divide an hour; use the provider's sampling interval or a multiple of it
// (1 min for Fitbit and Google Health, 5 min for Oura), since a day counts
// for the rhythm when 2/3 of its epochs have a sample.
func HeartRateSeries(samples []wearnb.HeartRate, epoch time.Duration, loc *time.Location) Series {
	if epoch <= 0 || time.Hour%epoch != 0 {
		panic(fmt.Sprintf("metrics: heart-rate epoch %v does not divide an hour", epoch))
	}
	if loc == nil {
		loc = time.UTC
	}
	local := func(h wearnb.HeartRate) time.Time {
		if h.Local {
			return h.Time
		}
		return h.Time.In(loc)
	}
	s := Series{Epoch: epoch}
	if len(samples) == 0 {
		return s
	}
	first, last := wearnb.DateOf(local(samples[0])), wearnb.DateOf(local(samples[0]))
	for _, h := range samples {
		d := wearnb.DateOf(local(h))
		if d.Before(first) {
			first = d
		}
		if d.After(last) {
			last = d
		}
	}
	perDay := int(24 * time.Hour / epoch)
	n := (last.Sub(first) + 1) * perDay
	sum := make([]float64, n)
	cnt := make([]int, n)
	for _, h := range samples {
		t := local(h)
		c := time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute + time.Duration(t.Second())*time.Second
		i := wearnb.DateOf(t).Sub(first)*perDay + int(c/epoch)
		sum[i] += h.BPM
		cnt[i]++
	}
	s.Start, s.Values, s.Missing = first.In(time.UTC), sum, make([]bool, n)
	for i, c := range cnt {
		if c == 0 {
			s.Missing[i], s.Values[i] = true, nan
		} else {
			s.Values[i] /= float64(c)
		}
	}
	return s
}
