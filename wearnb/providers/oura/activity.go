package oura

import (
	"fmt"
	"sort"
	"time"

	"wearnb.dev/wearnb"
)

// DayMoves maps a daily_activity document to wearnb.DayMoves: steps,
// equivalent_walking_distance (metres), total_calories, and as active
// minutes the sum of low, medium and high activity time. A field the
// document does not send is missing, and so are the active minutes when one
// of the three times is. Oura's activity documents carry no resting heart
// rate. UTCOffset is the offset of the document's timestamp (the 04:00
// start of Oura's activity day).
func (a *DailyActivity) DayMoves() wearnb.DayMoves {
	_, off := a.Timestamp.Zone()
	d := wearnb.DayMoves{
		Provider:     Name,
		SourceID:     a.ID,
		Date:         a.Day.Date,
		Steps:        wearnb.OptOf(a.Steps),
		DistanceM:    wearnb.OptOf(a.EquivalentWalkingDistance),
		CaloriesKcal: wearnb.OptOf(a.TotalCalories),
		UTCOffset:    wearnb.Some(time.Duration(off) * time.Second),
	}
	if active, ok := wearnb.Sum(wearnb.OptOf(a.LowActivityTime), wearnb.OptOf(a.MediumActivityTime), wearnb.OptOf(a.HighActivityTime)).Get(); ok {
		d.ActiveMinutes = wearnb.Some(active / 60)
	}
	return d
}

// HourActivity is one local clock hour of an Oura activity day, built from
// class_5_min and met. Oura reports no steps, distance or calories per hour,
// so these are what an hour can say.
type HourActivity struct {
	Start time.Time // start of the local hour, with the day's UTC offset

	// MeanMET is the mean of the non-null MET readings in the hour; zero
	// when there are none (METMinutes is then zero too).
	MeanMET    float64
	METMinutes float64 // sum of MET * minutes over the readings in the hour

	// Time in each class_5_min class, 5 minutes per character.
	NonWear, Rest, Inactive, Low, Medium, High time.Duration
	// Slots counts the class_5_min characters in the hour; zero for an
	// hour known only from its MET readings.
	Slots int
}

// Active returns the time in low, medium and high activity.
func (h HourActivity) Active() time.Duration { return h.Low + h.Medium + h.High }

// HourMoves converts h to a wearnb.HourMoves. Only Start and ActiveSeconds
// are known: Steps, DistanceM and CaloriesKcal are missing because Oura has
// no hourly steps, distance or energy, and ActiveSeconds is missing for an
// hour without class_5_min characters.
func (h HourActivity) HourMoves() wearnb.HourMoves {
	m := wearnb.HourMoves{Provider: Name, Start: h.Start}
	if h.Slots > 0 {
		m.ActiveSeconds = wearnb.Some(int(h.Active() / time.Second))
	}
	return m
}

// maxDaySpan bounds what one activity document may cover: a day of 25
// hours (clocks falling back) and an hour to spare. A class_5_min string or
// a met series reaching further is garbage, rejected before any hour is
// built.
const maxDaySpan = 26 * time.Hour

// Hours splits the activity day into local clock hours from class_5_min
// (one character per 5 minutes from Timestamp) and met (one reading per
// Interval seconds from its own timestamp). Only hours that have a class
// character or a non-null MET reading appear, in time order. A class
// character other than '0'-'5' is a *fetch.DecodeError for
// data.class_5_min.
func (a *DailyActivity) Hours() ([]HourActivity, error) {
	byHour := map[int64]*HourActivity{}
	metCount := map[int64]int{}
	loc := a.Timestamp.Location()
	hour := func(t time.Time) *HourActivity {
		t = t.In(loc)
		y, m, d := t.Date()
		start := time.Date(y, m, d, t.Hour(), 0, 0, 0, loc)
		k := start.Unix()
		h := byHour[k]
		if h == nil {
			h = &HourActivity{Start: start}
			byHour[k] = h
		}
		return h
	}
	if a.Class5Min != nil && *a.Class5Min != "" {
		if n := len(*a.Class5Min); n > int(maxDaySpan/phaseSlot) {
			return nil, decodeError("daily_activity", "data.class_5_min",
				fmt.Errorf("oura: daily_activity %q: %d class characters, more than %d (26 h of 5-minute slots)", a.ID, n, int(maxDaySpan/phaseSlot)))
		}
		if a.Timestamp.IsZero() {
			return nil, decodeError("daily_activity", "data.timestamp",
				fmt.Errorf("oura: daily_activity %q has class_5_min but no timestamp", a.ID))
		}
		for i, c := range []byte(*a.Class5Min) {
			h := hour(a.Timestamp.Add(time.Duration(i) * phaseSlot))
			h.Slots++
			switch c {
			case '0':
				h.NonWear += phaseSlot
			case '1':
				h.Rest += phaseSlot
			case '2':
				h.Inactive += phaseSlot
			case '3':
				h.Low += phaseSlot
			case '4':
				h.Medium += phaseSlot
			case '5':
				h.High += phaseSlot
			default:
				return nil, decodeError("daily_activity", "data.class_5_min",
					fmt.Errorf("oura: daily_activity %q: unknown class %q at position %d (want 0-5)", a.ID, c, i))
			}
		}
	}
	if a.MET != nil && len(a.MET.Items) > 0 {
		if a.MET.Timestamp.IsZero() || a.MET.Interval <= 0 {
			return nil, decodeError("daily_activity", "data.met",
				fmt.Errorf("oura: daily_activity %q: met needs a timestamp and a positive interval", a.ID))
		}
		if cover := a.MET.Interval * float64(len(a.MET.Items)); cover > maxDaySpan.Seconds() {
			return nil, decodeError("daily_activity", "data.met",
				fmt.Errorf("oura: daily_activity %q: %d met readings every %v s cover more than 26 h", a.ID, len(a.MET.Items), a.MET.Interval))
		}
		mins := a.MET.Interval / 60
		for _, p := range a.MET.Points() {
			h := hour(p.Time)
			h.METMinutes += p.Value * mins
			metCount[h.Start.Unix()]++
			h.MeanMET += p.Value // a sum until divided below
		}
	}
	out := make([]HourActivity, 0, len(byHour))
	for k, h := range byHour {
		if n := metCount[k]; n > 0 {
			h.MeanMET /= float64(n)
		}
		out = append(out, *h)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start.Before(out[j].Start) })
	return out, nil
}
