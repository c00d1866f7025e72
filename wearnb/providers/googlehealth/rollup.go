package googlehealth

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/fetch"
	"wearnb.dev/wearnb/providers/base"
)

// The daily roll-up: POST /v4/users/me/dataTypes/{type}/dataPoints:dailyRollUp
// sums a data type over civil days (DailyRollUpDataPointsRequest and
// DailyRollUpDataPointsResponse in health:v4, revision 20260527). One
// request covers at most [RollupMaxDays] days of its type.

// Data types of the daily activity totals.
const (
	TypeSteps         = "steps"
	TypeDistance      = "distance"
	TypeTotalCalories = "total-calories" // roll-ups only: not a DataPoint type
	TypeActiveMinutes = "active-minutes"
)

// DayTypes are the types the "days" stream rolls up, in request order.
var DayTypes = []string{TypeSteps, TypeDistance, TypeTotalCalories, TypeActiveMinutes}

// RollupMaxDays is the longest range one rollUp or dailyRollUp request of
// dataType may cover: 14 days for heart-rate, total-calories,
// active-minutes and calories-in-heart-rate-zone, 90 days for every other
// type (the methods' descriptions in health:v4).
func RollupMaxDays(dataType string) int {
	switch dataType {
	case "heart-rate", TypeTotalCalories, TypeActiveMinutes, "calories-in-heart-rate-zone":
		return 14
	}
	return 90
}

// DaysStreamDays is the chunk of the "days" stream: 84 days, six windows of
// the 14-day types and one of the 90-day types, so that splitting a range
// into chunks costs no request more than splitting each type by its own
// limit (a year: 5 + 5 + 27 + 27 = 64 requests, the fewest the limits
// allow).
const DaysStreamDays = 84

// civilDay is a CivilDateTime with the date only (midnight).
type civilDay struct {
	Date CivilDate `json:"date"`
}

func civilDayOf(d wearnb.Date) civilDay {
	return civilDay{CivilDate{Year: d.Year, Month: int(d.Month), Day: d.Day}}
}

// DailyRollUpRequest is the body of a dailyRollUp call. Range is a
// CivilTimeInterval: start inclusive, end exclusive (as google.type.Interval;
// the discovery text does not say, and the sandbox follows this reading).
type DailyRollUpRequest struct {
	Range struct {
		Start civilDay `json:"start"`
		End   civilDay `json:"end"`
	} `json:"range"`
	WindowSizeDays int    `json:"windowSizeDays"`
	PageSize       int    `json:"pageSize,omitempty"`
	PageToken      string `json:"pageToken,omitempty"`
}

// DailyRollUpResponse is the answer of a dailyRollUp call. Revision
// 20260527 documents no nextPageToken; one is followed if it ever comes.
type DailyRollUpResponse struct {
	RollupDataPoints []DailyRollupDataPoint `json:"rollupDataPoints"`
	NextPageToken    string                 `json:"nextPageToken,omitempty"`
}

// DailyRollupDataPoint is one window of a daily roll-up: its civil days and
// the rolled-up value of the type asked for (the others are nil). A window
// without any data is not returned at all.
type DailyRollupDataPoint struct {
	CivilStartTime *civilDay `json:"civilStartTime"`
	CivilEndTime   *civilDay `json:"civilEndTime"`

	Steps *struct {
		CountSum *Int64 `json:"countSum"`
	} `json:"steps,omitempty"`
	Distance *struct {
		MillimetersSum *Int64 `json:"millimetersSum"`
	} `json:"distance,omitempty"`
	TotalCalories *struct {
		KcalSum *float64 `json:"kcalSum"`
	} `json:"totalCalories,omitempty"`
	ActiveMinutes *struct {
		ByLevel []struct {
			ActivityLevel    string `json:"activityLevel"` // LIGHT, MODERATE, VIGOROUS
			ActiveMinutesSum *Int64 `json:"activeMinutesSum"`
		} `json:"activeMinutesRollupByActivityLevel"`
	} `json:"activeMinutes,omitempty"`
	HeartRate *struct {
		BeatsPerMinuteAvg *float64 `json:"beatsPerMinuteAvg"`
		BeatsPerMinuteMin *float64 `json:"beatsPerMinuteMin"`
		BeatsPerMinuteMax *float64 `json:"beatsPerMinuteMax"`
	} `json:"heartRate,omitempty"`
}

// Day returns the first civil day of the window; ok is false when it is
// missing or impossible.
func (p *DailyRollupDataPoint) Day() (wearnb.Date, bool) {
	if p.CivilStartTime == nil {
		return wearnb.Date{}, false
	}
	return p.CivilStartTime.Date.civilDate()
}

// DecodeDailyRollUp decodes one dailyRollUp answer. Errors are
// *fetch.DecodeError values naming the field.
func DecodeDailyRollUp(dataType string, body []byte) (*DailyRollUpResponse, error) {
	var v DailyRollUpResponse
	if err := fetch.DecodeJSON(Name, dataType+":dailyRollUp", "", body, &v); err != nil {
		return nil, err
	}
	if v.RollupDataPoints == nil {
		v.RollupDataPoints = []DailyRollupDataPoint{} // proto3 JSON leaves out an empty list
	}
	return &v, nil
}

// DailyRollUp rolls dataType up by civil day over r, one request per
// [RollupMaxDays] of the type (following a nextPageToken should one come),
// and returns the windows with data in the order received. Raw pages go
// to the client's batch when it records.
func (c *Client) DailyRollUp(ctx context.Context, dataType string, r wearnb.Range) ([]DailyRollupDataPoint, error) {
	out := []DailyRollupDataPoint{}
	if base.Empty(r) {
		return out, nil
	}
	u := c.p.BaseURL() + "/v4/users/me/dataTypes/" + url.PathEscape(dataType) + "/dataPoints:dailyRollUp"
	for _, ch := range r.Split(RollupMaxDays(dataType)) {
		var req DailyRollUpRequest
		req.Range.Start, req.Range.End = civilDayOf(ch.From), civilDayOf(ch.To.AddDays(1))
		req.WindowSizeDays, req.PageSize = 1, ch.Days()
		seen := map[string]bool{}
		for {
			body, err := json.Marshal(req)
			if err != nil {
				return nil, err
			}
			var raw json.RawMessage
			page, err := c.f.PostJSON(ctx, dataType+":dailyRollUp", u, body, &raw)
			if err != nil {
				return nil, err
			}
			if c.batch != nil {
				c.batch.Raw = append(c.batch.Raw, wearnb.RawPage{URL: fetch.RedactURL(u) + "#" + ch.String(), Body: page})
			}
			resp, err := DecodeDailyRollUp(dataType, page)
			if err != nil {
				return nil, err
			}
			out = append(out, resp.RollupDataPoints...)
			if resp.NextPageToken == "" {
				break
			}
			if seen[resp.NextPageToken] {
				return nil, fmt.Errorf("googlehealth: %s:dailyRollUp: nextPageToken repeats", dataType)
			}
			seen[resp.NextPageToken] = true
			req.PageToken = resp.NextPageToken
		}
	}
	return out, nil
}

// DayTotals is one civil day of activity totals from the daily roll-ups,
// each missing when its type has no window for the day (no data at all:
// unknown, not zero).
type DayTotals struct {
	Date          wearnb.Date
	Steps         wearnb.Opt[int]
	DistanceM     wearnb.Opt[float64]
	CaloriesKcal  wearnb.Opt[float64]
	ActiveMinutes wearnb.Opt[int] // light + moderate + vigorous
}

// NormalizeDayTotals joins the daily windows of the [DayTypes] (any order)
// into one DayTotals per day with any value, in date order. Google writes
// true zeros for steps, distance and total calories while the device is
// worn, and leaves out windows with no data; a window that is there with
// its sum left out (proto3 JSON omits zeros) is 0. Active minutes are the
// sum of the levels listed (none listed: 0). Distance comes in millimetres.
// A window of more than one day, or without a valid start day, is an error
// naming it: the days stream asks for one-day windows.
func NormalizeDayTotals(byType map[string][]DailyRollupDataPoint) ([]DayTotals, error) {
	days := map[wearnb.Date]*DayTotals{}
	for _, typ := range DayTypes {
		for i := range byType[typ] {
			p := &byType[typ][i]
			d, ok := p.Day()
			field := fmt.Sprintf("rollupDataPoints[%d].civilStartTime", i)
			if !ok {
				return nil, fieldErrorf(typ+":dailyRollUp", field, "missing or impossible start day")
			}
			if p.CivilEndTime != nil {
				if e, ok := p.CivilEndTime.Date.civilDate(); ok && e.Sub(d) > 1 {
					return nil, fieldErrorf(typ+":dailyRollUp", field, "window %v..%v is longer than a day", d, e)
				}
			}
			t := days[d]
			if t == nil {
				t = &DayTotals{Date: d}
				days[d] = t
			}
			switch typ {
			case TypeSteps:
				if p.Steps != nil {
					n := int64(0)
					if p.Steps.CountSum != nil {
						n = int64(*p.Steps.CountSum)
					}
					if n < 0 || n > 1e7 {
						return nil, fieldErrorf(typ+":dailyRollUp", fmt.Sprintf("rollupDataPoints[%d].steps.countSum", i), "%d steps in a day", n)
					}
					t.Steps = wearnb.Some(int(n))
				}
			case TypeDistance:
				if p.Distance != nil {
					mm := int64(0)
					if p.Distance.MillimetersSum != nil {
						mm = int64(*p.Distance.MillimetersSum)
					}
					t.DistanceM = wearnb.Some(float64(mm) / 1000)
				}
			case TypeTotalCalories:
				if p.TotalCalories != nil {
					t.CaloriesKcal = wearnb.Some(0.0)
					if p.TotalCalories.KcalSum != nil {
						t.CaloriesKcal = wearnb.Some(*p.TotalCalories.KcalSum)
					}
				}
			case TypeActiveMinutes:
				if p.ActiveMinutes != nil {
					n := 0
					for _, l := range p.ActiveMinutes.ByLevel {
						if l.ActiveMinutesSum != nil {
							n += int(*l.ActiveMinutesSum)
						}
					}
					if n < 0 || n > 24*60*2 {
						return nil, fieldErrorf(typ+":dailyRollUp", fmt.Sprintf("rollupDataPoints[%d].activeMinutes", i), "%d active minutes in a day", n)
					}
					t.ActiveMinutes = wearnb.Some(n)
				}
			}
		}
	}
	out := make([]DayTotals, 0, len(days))
	for _, t := range days {
		out = append(out, *t)
	}
	slices.SortFunc(out, func(a, b DayTotals) int { return a.Date.Sub(b.Date) })
	return out, nil
}

// DayTotals rolls up every type of [DayTypes] by day over r (a year: 64
// requests) and joins them with [NormalizeDayTotals], keeping the days of
// r.
func (c *Client) DayTotals(ctx context.Context, r wearnb.Range) ([]DayTotals, error) {
	byType := map[string][]DailyRollupDataPoint{}
	for _, typ := range DayTypes {
		pts, err := c.DailyRollUp(ctx, typ, r)
		if err != nil {
			return nil, err
		}
		byType[typ] = pts
	}
	all, err := NormalizeDayTotals(byType)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, t := range all {
		if r.Contains(t.Date) {
			out = append(out, t)
		}
	}
	return out, nil
}

// NormalizeDays makes one wearnb.DayMoves per day of totals, in date
// order, with the day's resting heart rate from rest where there is one;
// SourceID is the date. A resting rate of a day without totals (the
// device worn at night only) has no day to go to, as at Fitbit and
// Jawbone.
func NormalizeDays(totals []DayTotals, rest map[wearnb.Date]float64) []wearnb.DayMoves {
	byDate := map[wearnb.Date]*wearnb.DayMoves{}
	day := func(d wearnb.Date) *wearnb.DayMoves {
		x := byDate[d]
		if x == nil {
			x = &wearnb.DayMoves{Provider: Name, SourceID: d.String(), Date: d}
			byDate[d] = x
		}
		return x
	}
	for _, t := range totals {
		x := day(t.Date)
		x.Steps, x.DistanceM, x.CaloriesKcal, x.ActiveMinutes = t.Steps, t.DistanceM, t.CaloriesKcal, t.ActiveMinutes
	}
	for d, v := range rest {
		if x, ok := byDate[d]; ok {
			x.RestingHR = wearnb.Some(v)
		}
	}
	out := make([]wearnb.DayMoves, 0, len(byDate))
	for _, x := range byDate {
		out = append(out, *x)
	}
	slices.SortFunc(out, func(a, b wearnb.DayMoves) int { return a.Date.Sub(b.Date) })
	return out
}
