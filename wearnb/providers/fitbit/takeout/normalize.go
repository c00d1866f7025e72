package takeout

import (
	"encoding/json"
	"slices"
	"sort"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/providers/fitbit"
)

// zoneAt is the person's zone at instant t.
func (a *Archive) zoneAt(t time.Time) *time.Location {
	if a.cfg.zoneAt != nil {
		if l := a.cfg.zoneAt(t); l != nil {
			return l
		}
	}
	return a.Zone
}

// zonesOn gives the zone of each local date, for the sleep logs.
func (a *Archive) zonesOn() fitbit.Zones {
	if a.cfg.zones != nil {
		return a.cfg.zones
	}
	return fitbit.FixedZones(a.Zone)
}

// localDate is the person's local date at instant t.
func (a *Archive) localDate(t time.Time) wearnb.Date { return wearnb.DateOf(t.In(a.zoneAt(t))) }

// Span returns the local dates the archive has sleeps, activity, heart
// rate or nightly vitals for; ok is false for an archive with none.
func (a *Archive) Span() (r wearnb.Range, ok bool) {
	add := func(d wearnb.Date) {
		if !ok || d.Before(r.From) {
			r.From = d
		}
		if !ok || d.After(r.To) {
			r.To = d
		}
		ok = true
	}
	for _, l := range a.Sleeps {
		add(l.DateOfSleep.Date)
	}
	for _, s := range [][]Sample{a.Steps, a.Distance, a.Calories} {
		if len(s) > 0 {
			add(a.localDate(s[0].At))
			add(a.localDate(s[len(s)-1].At))
		}
	}
	for _, v := range a.ActiveMinutes {
		if len(v) > 0 {
			add(v[0].Date)
			add(v[len(v)-1].Date)
		}
	}
	if n := len(a.HeartRate); n > 0 {
		add(a.localDate(a.HeartRate[0].At))
		add(a.localDate(a.HeartRate[n-1].At))
	}
	for _, v := range [][]DayValue{a.RestingHR, a.RespiratoryRate, a.SkinTemp} {
		if len(v) > 0 {
			add(v[0].Date)
			add(v[len(v)-1].Date)
		}
	}
	if n := len(a.HRV); n > 0 {
		add(a.HRV[0].Date)
		add(a.HRV[n-1].Date)
	}
	return r, ok
}

// window returns the samples whose instants may fall on a local date of r:
// a day's local midnight lies within 14 h either side of UTC midnight.
func window(s []Sample, r wearnb.Range) []Sample {
	return windowOf(s, func(x Sample) time.Time { return x.At }, r)
}

// windowOf is window for any samples in time order, at giving the instant.
func windowOf[T any](s []T, at func(T) time.Time, r wearnb.Range) []T {
	from := r.From.In(time.UTC).Add(-15 * time.Hour)
	to := r.To.AddDays(1).In(time.UTC).Add(15 * time.Hour)
	i := sort.Search(len(s), func(i int) bool { return !at(s[i]).Before(from) })
	j := sort.Search(len(s), func(i int) bool { return !at(s[i]).Before(to) })
	return s[i:j]
}

// Batch normalizes the archive's records dated in r the way the Fitbit
// client normalizes the API's answers, with the same functions: sleeps
// (fitbit.NormalizeSleeps, the logs' local times in the person's zone),
// days (fitbit.NormalizeDays over per-day sums of the minutes: steps,
// distance, calories, and the daily active minutes) and hours
// (fitbit.NormalizeHours over each day's steps, as the client's Hours
// reads 1-minute steps), with the resting heart rates
// (fitbit.WithRestingRates), heart rate (fitbit.NormalizeHeartRate over
// each day's per-minute means, as the client reads 1-minute heart rate)
// and nightly vitals (fitbit.NormalizeVitals over the HRV, respiratory
// rate and skin temperature summaries). Raw holds the sleep logs of r in
// the shape of the API's answer ({"sleep": [...]}); the per-minute files
// are not copied.
func (a *Archive) Batch(r wearnb.Range) (*wearnb.Batch, error) {
	return a.batch(r, "")
}

// batch is Batch of one kind of record ("" for all).
func (a *Archive) batch(r wearnb.Range, k wearnb.Kind) (*wearnb.Batch, error) {
	b := &wearnb.Batch{Sleeps: []wearnb.Sleep{}, Days: []wearnb.DayMoves{}, Hours: []wearnb.HourMoves{},
		HeartRate: []wearnb.HeartRate{}, Vitals: []wearnb.Vitals{}}
	if k == "" || k == wearnb.KindSleeps {
		if err := a.sleeps(r, b); err != nil {
			return nil, err
		}
	}
	if k == "" || k == wearnb.KindDayMoves {
		b.Days = a.days(r)
	}
	if k == "" || k == wearnb.KindHourlyMoves {
		hours, err := a.hours(r)
		if err != nil {
			return nil, err
		}
		b.Hours = hours
	}
	if k == "" || k == wearnb.KindHeartRate {
		hr, err := a.heartRate(r)
		if err != nil {
			return nil, err
		}
		b.HeartRate = hr
	}
	if k == "" || k == wearnb.KindVitals {
		b.Vitals = a.vitals(r)
	}
	return b, nil
}

// sleeps normalizes the logs dated in r into b, and keeps them in b.Raw
// in the shape of the API's answer ({"sleep": [...]}), so the frames built
// from raw pages of a Fitbit account work on an archive too.
func (a *Archive) sleeps(r wearnb.Range, b *wearnb.Batch) error {
	var logs []fitbit.SleepLog
	for _, l := range a.Sleeps {
		if r.Contains(l.DateOfSleep.Date) {
			logs = append(logs, l)
		}
	}
	if len(logs) == 0 {
		return nil
	}
	s, err := fitbit.NormalizeSleeps(logs, a.zonesOn())
	if err != nil {
		return err
	}
	b.Sleeps = s
	body, err := json.Marshal(fitbit.SleepResponse{Sleep: logs})
	if err != nil {
		return err
	}
	b.Raw = append(b.Raw, wearnb.RawPage{URL: "takeout:" + a.Source + " sleep " + r.String(), Body: body})
	return nil
}

// days sums the minutes per local date of r and joins them with
// fitbit.NormalizeDays, as the client joins the API's daily series, and
// sets each day's resting heart rate as the client does
// (fitbit.WithRestingRates: a day without one keeps it missing).
func (a *Archive) days(r wearnb.Range) []wearnb.DayMoves {
	series := map[string][]fitbit.SeriesPoint{}
	sum := func(res string, s []Sample, scale float64) {
		per := map[wearnb.Date]float64{}
		for _, x := range window(s, r) {
			if d := a.localDate(x.At); r.Contains(d) {
				per[d] += x.Value * scale
			}
		}
		for _, d := range sortedDates(per) {
			series[res] = append(series[res], fitbit.SeriesPoint{DateTime: fitbit.Day{Date: d}, Value: fitbit.Number(per[d])})
		}
	}
	sum("steps", a.Steps, 1)
	sum("distance", a.Distance, 0.001) // metres → km, the API's metric unit
	sum("calories", a.Calories, 1)
	for key, res := range map[string]string{"lightly": "minutesLightlyActive", "moderately": "minutesFairlyActive", "very": "minutesVeryActive"} {
		for _, v := range a.ActiveMinutes[key] {
			if r.Contains(v.Date) {
				series[res] = append(series[res], fitbit.SeriesPoint{DateTime: fitbit.Day{Date: v.Date}, Value: fitbit.Number(v.Value)})
			}
		}
	}
	rest := map[wearnb.Date]float64{}
	for _, v := range a.RestingHR {
		if r.Contains(v.Date) {
			rest[v.Date] = v.Value
		}
	}
	return fitbit.WithRestingRates(fitbit.NormalizeDays(series, a.zonesOn()), rest)
}

// hours turns each local date's steps into an intraday dataset of local
// clock times and sums it per hour with fitbit.NormalizeHours. A date
// spent in two zones (a travel day) gives one dataset per zone.
func (a *Archive) hours(r wearnb.Range) ([]wearnb.HourMoves, error) {
	sets := newDaySets(a, r, func() *fitbit.Intraday {
		return &fitbit.Intraday{Resource: "steps", DatasetInterval: 1, DatasetType: "minute"}
	})
	add := func(at time.Time, v float64) {
		if in, clock := sets.at(at); in != nil {
			in.Dataset = append(in.Dataset, fitbit.IntradayPoint{Time: clock, Value: fitbit.Number(v)})
		}
	}
	win := window(a.Steps, r)
	if !a.stepsSparse {
		for _, x := range win {
			add(x.At, x.Value)
		}
	} else {
		// The CSV files leave out minutes without steps: every minute of
		// a local date with steps is there, zero unless listed.
		byMinute := map[int64]float64{}
		dates := map[wearnb.Date]bool{}
		for _, x := range win {
			byMinute[x.At.Unix()/60] += x.Value
			dates[a.localDate(x.At)] = true
		}
		for _, d := range sortedDates(boolDates(dates)) {
			if !r.Contains(d) {
				continue
			}
			start := a.midnight(d)
			end := a.midnight(d.AddDays(1))
			for t := start; t.Before(end); t = t.Add(time.Minute) {
				add(t, byMinute[t.Unix()/60])
			}
		}
	}
	out, err := normalizeSets(sets, fitbit.NormalizeHours)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(x, y wearnb.HourMoves) int { return x.Start.Compare(y.Start) })
	return mergeHours(out), nil
}

// dayKey names one local date's dataset in one zone (a travel day has
// one per zone).
type dayKey struct {
	date wearnb.Date
	zone string
}

// daySets gathers one intraday dataset of type D per local date of r and
// zone the person was in, in the order the dates first appear, for the
// client's intraday normalizers.
type daySets[D any] struct {
	a     *Archive
	r     wearnb.Range
	fresh func() *D
	sets  map[dayKey]*D
	locs  map[dayKey]*time.Location
	order []dayKey
}

func newDaySets[D any](a *Archive, r wearnb.Range, fresh func() *D) *daySets[D] {
	return &daySets[D]{a: a, r: r, fresh: fresh, sets: map[dayKey]*D{}, locs: map[dayKey]*time.Location{}}
}

// at returns the dataset of instant t's local date and zone, and t's
// wall-clock time since that midnight (DST days: the clock, not the
// elapsed time), as the API's datasets give it; nil when the local date
// lies outside r.
func (s *daySets[D]) at(t time.Time) (*D, fitbit.ClockTime) {
	loc := s.a.zoneAt(t)
	t = t.In(loc)
	d := wearnb.DateOf(t)
	if !s.r.Contains(d) {
		return nil, 0
	}
	k := dayKey{d, loc.String()}
	in := s.sets[k]
	if in == nil {
		in = s.fresh()
		s.sets[k], s.locs[k] = in, loc
		s.order = append(s.order, k)
	}
	clock := time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute + time.Duration(t.Second())*time.Second
	return in, fitbit.ClockTime(clock)
}

// normalizeSets normalizes each dataset of s with norm, in order (an
// empty, non-nil slice when there are none).
func normalizeSets[D, T any](s *daySets[D], norm func(wearnb.Date, *D, *time.Location) ([]T, error)) ([]T, error) {
	out := []T{}
	for _, k := range s.order {
		x, err := norm(k.date, s.sets[k], s.locs[k])
		if err != nil {
			return nil, err
		}
		out = append(out, x...)
	}
	return out, nil
}

// mergeHours joins hours that start at the same instant (a travel day's
// two datasets sharing the hour of the switch).
func mergeHours(h []wearnb.HourMoves) []wearnb.HourMoves {
	out := h[:0]
	for _, x := range h {
		if n := len(out); n > 0 && out[n-1].Start.Equal(x.Start) {
			out[n-1].Steps = wearnb.Sum(out[n-1].Steps, x.Steps)
			continue
		}
		out = append(out, x)
	}
	return out
}

// midnight is the instant local date d begins where the person is.
func (a *Archive) midnight(d wearnb.Date) time.Time {
	t := d.In(a.Zone)
	for i := 0; i < 3; i++ { // settle on the zone in force at that midnight
		t = d.In(a.zoneAt(t))
	}
	return t
}

func boolDates(m map[wearnb.Date]bool) map[wearnb.Date]float64 {
	out := make(map[wearnb.Date]float64, len(m))
	for d := range m {
		out[d] = 0
	}
	return out
}

func sortedDates(m map[wearnb.Date]float64) []wearnb.Date {
	out := make([]wearnb.Date, 0, len(m))
	for d := range m {
		out = append(out, d)
	}
	slices.SortFunc(out, func(x, y wearnb.Date) int { return x.Sub(y) })
	return out
}
