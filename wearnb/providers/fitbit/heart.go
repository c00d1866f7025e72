package fitbit

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/fetch"
	"wearnb.dev/wearnb/providers/base"
)

// Heart rate and nightly vitals: intraday heart rate at one minute (one day
// per request, the API's limit), and the HRV, breathing-rate and
// skin-temperature summaries of the main sleep (30 days per request).

// MaxVitalsDays is the longest range of one HRV, breathing-rate or
// skin-temperature summary request ("Maximum range: 30 days").
const MaxVitalsDays = 30

// Endpoint names of the nightly summaries, used in errors.
const (
	EndpointHRV       = "hrv"
	EndpointBreathing = "br"
	EndpointSkinTemp  = "temp-skin"
)

// HeartPoint is one sample of an intraday heart-rate dataset. Value is
// missing when the sample carries no bpm (null or absent): no reading.
type HeartPoint struct {
	Time  ClockTime          `json:"time"`
	Value wearnb.Opt[Number] `json:"value"`
}

// heartSet is the "activities-heart-intraday" object.
type heartSet struct {
	Dataset         []HeartPoint `json:"dataset"`
	DatasetInterval int          `json:"datasetInterval"`
	DatasetType     string       `json:"datasetType"`
}

// HRVDay is one day of GET /1/user/-/hrv/date/{start}/{end}.json: the
// RMSSD of the main sleep that ends on DateTime, ms.
type HRVDay struct {
	DateTime Day `json:"dateTime"`
	Value    struct {
		DailyRmssd *float64 `json:"dailyRmssd"`
		DeepRmssd  *float64 `json:"deepRmssd"`
	} `json:"value"`
}

// BreathingRateDay is one day of GET /1/user/-/br/date/{start}/{end}.json:
// breaths per minute over the main sleep.
type BreathingRateDay struct {
	DateTime Day `json:"dateTime"`
	Value    struct {
		BreathingRate *float64 `json:"breathingRate"`
	} `json:"value"`
}

// SkinTempDay is one day of GET /1/user/-/temp/skin/date/{start}/{end}.json:
// the main sleep's skin temperature relative to the person's baseline, °C
// (requests carry no Accept-Language, so Celsius). LogType is kept as sent.
type SkinTempDay struct {
	DateTime Day `json:"dateTime"`
	Value    struct {
		NightlyRelative *float64 `json:"nightlyRelative"`
	} `json:"value"`
	LogType string `json:"logType"`
}

// DecodeHRV decodes an HRV summary response ({"hrv":[…]}).
func DecodeHRV(body []byte) ([]HRVDay, error) {
	var v struct {
		Days []HRVDay `json:"hrv"`
	}
	return decodeDays(EndpointHRV, "hrv", body, &v, &v.Days)
}

// DecodeBreathingRate decodes a breathing-rate summary response
// ({"br":[…]}).
func DecodeBreathingRate(body []byte) ([]BreathingRateDay, error) {
	var v struct {
		Days []BreathingRateDay `json:"br"`
	}
	return decodeDays(EndpointBreathing, "br", body, &v, &v.Days)
}

// DecodeSkinTemp decodes a skin-temperature summary response
// ({"tempSkin":[…]}).
func DecodeSkinTemp(body []byte) ([]SkinTempDay, error) {
	var v struct {
		Days []SkinTempDay `json:"tempSkin"`
	}
	return decodeDays(EndpointSkinTemp, "tempSkin", body, &v, &v.Days)
}

// decodeDays decodes body into v and checks that the array at key was
// there: an error body with a 200 status has none.
func decodeDays[T any](endpoint, key string, body []byte, v any, days *[]T) ([]T, error) {
	if err := fetch.DecodeJSON(Name, endpoint, "", body, v); err != nil {
		return nil, err
	}
	if *days == nil {
		return nil, decodeError(endpoint, key, errors.New("fitbit: missing "+key+" array"))
	}
	return *days, nil
}

// vitalsSummary gets one nightly summary over r, one request per
// [MaxVitalsDays] days.
func vitalsSummary[T any](ctx context.Context, c *Client, endpoint, path string, r wearnb.Range, decode func([]byte) ([]T, error)) ([]T, error) {
	out := []T{}
	for _, ch := range r.Split(MaxVitalsDays) {
		body, err := c.get(ctx, endpoint, "/1/user/-/"+path+"/date/"+ch.From.String()+"/"+ch.To.String()+".json")
		if err != nil {
			return nil, err
		}
		days, err := decode(body)
		if err != nil {
			return nil, err
		}
		out = append(out, days...)
	}
	return out, nil
}

// HRVSummary gets the daily HRV of the main sleeps over r.
func (c *Client) HRVSummary(ctx context.Context, r wearnb.Range) ([]HRVDay, error) {
	return vitalsSummary(ctx, c, EndpointHRV, "hrv", r, DecodeHRV)
}

// BreathingRate gets the breathing rate of the main sleeps over r (scope
// respiratory_rate).
func (c *Client) BreathingRate(ctx context.Context, r wearnb.Range) ([]BreathingRateDay, error) {
	return vitalsSummary(ctx, c, EndpointBreathing, "br", r, DecodeBreathingRate)
}

// SkinTemp gets the nightly relative skin temperature over r (scope
// temperature).
func (c *Client) SkinTemp(ctx context.Context, r wearnb.Range) ([]SkinTempDay, error) {
	return vitalsSummary(ctx, c, EndpointSkinTemp, "temp/skin", r, DecodeSkinTemp)
}

// Vitals gets the HRV, breathing-rate and skin-temperature summaries over r
// (three requests per 30 days) and joins them per date with
// [NormalizeVitals]. Raw holds the pages. An empty range gives an empty
// batch without a request. It is the "vitals" stream's Fetch.
func (c *Client) Vitals(ctx context.Context, r wearnb.Range) (*wearnb.Batch, error) {
	if base.Empty(r) {
		return &wearnb.Batch{Vitals: []wearnb.Vitals{}}, nil
	}
	c, b := c.recording()
	hrv, err := c.HRVSummary(ctx, r)
	if err != nil {
		return nil, err
	}
	br, err := c.BreathingRate(ctx, r)
	if err != nil {
		return nil, err
	}
	temp, err := c.SkinTemp(ctx, r)
	if err != nil {
		return nil, err
	}
	b.Vitals = NormalizeVitals(hrv, br, temp)
	return b, nil
}

// NormalizeVitals joins the nightly summaries into one wearnb.Vitals per
// date, in date order: AverageHRV from dailyRmssd, RespiratoryRate from
// breathingRate, SkinTempDev from nightlyRelative, each missing when its
// summary has no value for the date. Fitbit computes them for the date's
// main sleep and names no sleep: SleepID is empty and Start zero (the
// cache attaches them to the main sleep of the date). Fitbit has no
// nightly lowest or average heart rate: LowestHR and AverageHR stay
// missing. Days without a date are left out.
func NormalizeVitals(hrv []HRVDay, br []BreathingRateDay, temp []SkinTempDay) []wearnb.Vitals {
	byDate := map[wearnb.Date]*wearnb.Vitals{}
	at := func(d Day) *wearnb.Vitals {
		v := byDate[d.Date]
		if v == nil {
			v = &wearnb.Vitals{Provider: Name, Date: d.Date}
			byDate[d.Date] = v
		}
		return v
	}
	for _, x := range hrv {
		if !x.DateTime.IsZero() && x.Value.DailyRmssd != nil {
			at(x.DateTime).AverageHRV = wearnb.Some(*x.Value.DailyRmssd)
		}
	}
	for _, x := range br {
		if !x.DateTime.IsZero() && x.Value.BreathingRate != nil {
			at(x.DateTime).RespiratoryRate = wearnb.Some(*x.Value.BreathingRate)
		}
	}
	for _, x := range temp {
		if !x.DateTime.IsZero() && x.Value.NightlyRelative != nil {
			at(x.DateTime).SkinTempDev = wearnb.Some(*x.Value.NightlyRelative)
		}
	}
	out := make([]wearnb.Vitals, 0, len(byDate))
	for _, v := range byDate {
		out = append(out, *v)
	}
	slices.SortFunc(out, func(a, b wearnb.Vitals) int { return a.Date.Sub(b.Date) })
	return out
}

// HeartRate gets intraday heart rate at one minute for every day of r, one
// request per day (the API's limit: a year is 365 requests), and
// normalizes each day with the zones of that day and the next (see
// [NormalizeHeartRate]). Raw holds the pages (with the profile's, as for
// Sleeps). An empty range gives an empty batch without a request. It is the
// "heartrate" stream's Fetch; intraday access needs a Personal app or
// Fitbit's approval.
func (c *Client) HeartRate(ctx context.Context, r wearnb.Range) (*wearnb.Batch, error) {
	out := []wearnb.HeartRate{}
	if base.Empty(r) {
		return &wearnb.Batch{HeartRate: out}, nil
	}
	c, b := c.recording()
	zones, err := c.Zones(ctx)
	if err != nil {
		return nil, err
	}
	for d := r.From; !d.After(r.To); d = d.AddDays(1) {
		in, err := c.HeartIntraday(ctx, d, "1min")
		if err != nil {
			return nil, err
		}
		h, err := normalizeHeartRate(d, in, zones.at(d), zones.at(d.AddDays(1)))
		if err != nil {
			return nil, err
		}
		out = append(out, h...)
	}
	b.HeartRate = out
	return b, nil
}

// NormalizeHeartRate turns one day of intraday heart rate into
// wearnb.HeartRate samples in time order, reading the local clock times in
// loc (DST aware, as [NormalizeHours]): Local is true, Context unknown
// (Fitbit says none). A sample without a value is no reading and is left
// out; a bpm outside 1..300 is an error naming the sample.
func NormalizeHeartRate(date wearnb.Date, in *HeartIntraday, loc *time.Location) ([]wearnb.HeartRate, error) {
	return normalizeHeartRate(date, in, loc, nil)
}

// normalizeHeartRate is NormalizeHeartRate for a day that may end in zone
// next (a travel day). Heart rate has gaps (the watch off the wrist), so
// the switch cannot be found by counting samples as for steps: flying west
// the clock goes back, so the first sample whose clock time is not after
// the one before is read in next; flying east it jumps forward by the
// offset change, so the first forward jump of more than that change is
// read in next. (A gap in the data longer than the offset change right at
// the switch would hide it; trips switch zones around midday, when the
// watch is worn.)
func normalizeHeartRate(date wearnb.Date, in *HeartIntraday, loc, next *time.Location) ([]wearnb.HeartRate, error) {
	if in == nil || len(in.Dataset) == 0 {
		return []wearnb.HeartRate{}, nil
	}
	if loc == nil {
		loc = time.UTC
	}
	midnight := time.Date(date.Year, date.Month, date.Day, 0, 0, 0, 0, time.UTC)
	travel := next != nil && next.String() != loc.String()
	var shift time.Duration // offset change at the switch, next − loc
	if travel {
		_, a := midnight.In(loc).Zone()
		_, b := midnight.AddDate(0, 0, 1).In(next).Zone()
		shift = time.Duration(b-a) * time.Second
		travel = shift != 0
	}
	res := resolver{loc: loc}
	// On a day with one offset from midnight to midnight (no DST change,
	// no trip), a clock reading is midnight's instant plus the reading:
	// no zone lookups per sample.
	start := time.Date(date.Year, date.Month, date.Day, 0, 0, 0, 0, loc)
	_, off0 := start.Zone()
	_, off1 := start.AddDate(0, 0, 1).Add(-time.Second).Zone()
	steady := !travel && off0 == off1
	zone := wearnb.FixedZone(off0)
	out := make([]wearnb.HeartRate, 0, len(in.Dataset))
	prevClock := ClockTime(-1)
	for i, p := range in.Dataset {
		field := "activities-heart-intraday.dataset[" + strconv.Itoa(i) + "]"
		ct := time.Duration(p.Time)
		if ct < 0 || ct >= 24*time.Hour {
			return nil, fieldErrorf(EndpointHeartIntra, field+".time", "time %v out of range", ct)
		}
		v, ok := p.Value.Get()
		if !ok {
			continue
		}
		bpm := float64(v)
		if bpm < 1 || bpm > 300 {
			return nil, fieldErrorf(EndpointHeartIntra, field+".value", "heart rate %v bpm out of range", bpm)
		}
		if travel && prevClock >= 0 {
			jump := ct - time.Duration(prevClock)
			if (shift < 0 && jump <= 0) || (shift > 0 && jump > shift) {
				res, travel = resolver{loc: next, prev: res.prev}, false
			}
		}
		prevClock = p.Time
		var t time.Time
		if steady {
			t = midnight.Add(ct - time.Duration(off0)*time.Second).In(zone)
		} else {
			t = fixed(res.at(midnight.Add(ct)))
		}
		out = append(out, wearnb.HeartRate{Provider: Name, Time: t, Local: true, BPM: bpm})
	}
	return wearnb.SortHeartRate(out), nil
}

// WithRestingHR sets the RestingHR of each day of days from the heart-rate
// series (restingHeartRate, absent on days without enough data: missing,
// never 0) and returns days. Only the days given get a rate: a date of the
// series that NormalizeDays left out (no steps, no distance) has none to
// carry it. A resting rate outside 20..250 bpm is left out.
func WithRestingHR(days []wearnb.DayMoves, heart []HeartDay) []wearnb.DayMoves {
	rest := map[wearnb.Date]float64{}
	for _, h := range heart {
		if r := h.Value.RestingHeartRate; r != nil && !h.DateTime.IsZero() {
			rest[h.DateTime.Date] = float64(*r)
		}
	}
	return WithRestingRates(days, rest)
}

// WithRestingRates is [WithRestingHR] for resting rates already keyed by
// date (a Takeout archive's, which carry fractions of a bpm): the same
// rules, a date without a rate stays missing and a rate outside 20..250
// bpm is left out.
func WithRestingRates(days []wearnb.DayMoves, rest map[wearnb.Date]float64) []wearnb.DayMoves {
	for i := range days {
		if v, ok := rest[days[i].Date]; ok && v >= 20 && v <= 250 {
			days[i].RestingHR = wearnb.Some(v)
		}
	}
	return days
}
