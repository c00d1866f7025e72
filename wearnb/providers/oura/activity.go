package oura

import (
	"fmt"
	"sort"
	"time"

	"wearnb.dev/wearnb"
)

// DayMoves maps a daily_activity document to wearnb.DayMoves: steps,
// equivalent_walking_distance (metres), total_calories, and as active
// minutes the sum of low, medium and high activity time. UTCOffset is the
// offset of the document's timestamp (the 04:00 start of Oura's activity
// day).
func (a *DailyActivity) DayMoves() wearnb.DayMoves {
	_, off := a.Timestamp.Zone()
	return wearnb.DayMoves{
		Provider:      Name,
		SourceID:      a.ID,
		Date:          a.Day.Date,
		Steps:         a.Steps,
		DistanceM:     a.EquivalentWalkingDistance,
		CaloriesKcal:  a.TotalCalories,
		ActiveMinutes: (a.LowActivityTime + a.MediumActivityTime + a.HighActivityTime) / 60,
		UTCOffset:     time.Duration(off) * time.Second,
	}
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
}

// Active returns the time in low, medium and high activity.
func (h HourActivity) Active() time.Duration { return h.Low + h.Medium + h.High }

// HourMoves converts h to a wearnb.HourMoves. Only Start and ActiveSeconds
// are known: Steps, DistanceM and CaloriesKcal are zero because Oura has no
// hourly steps, distance or energy. Do not feed these to step-based rhythm
// metrics (IS, IV, L5, M10).
func (h HourActivity) HourMoves() wearnb.HourMoves {
	return wearnb.HourMoves{
		Provider:      Name,
		Start:         h.Start,
		ActiveSeconds: int(h.Active() / time.Second),
	}
}

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
		if a.Timestamp.IsZero() {
			return nil, decodeError("daily_activity", "data.timestamp",
				fmt.Errorf("oura: daily_activity %q has class_5_min but no timestamp", a.ID))
		}
		for i, c := range []byte(*a.Class5Min) {
			h := hour(a.Timestamp.Add(time.Duration(i) * phaseSlot))
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
