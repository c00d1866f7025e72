package fitbit

import (
	"math"
	"strconv"
	"testing"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/frames"
	"wearnb.dev/wearnb/internal/heartcheck"
)

// TestVitalsMissingIsMissing: a summary without a value for a date (null,
// or no key) leaves that measure missing in the record, in the cache and
// in the frame, while a real 0 stays 0; Fitbit has no nightly heart rate.
func TestVitalsMissingIsMissing(t *testing.T) {
	hrv, err := DecodeHRV(readFile(t, "hrv.json"))
	if err != nil {
		t.Fatal(err)
	}
	br, err := DecodeBreathingRate(readFile(t, "br.json"))
	if err != nil {
		t.Fatal(err)
	}
	temp, err := DecodeSkinTemp(readFile(t, "temp-skin.json"))
	if err != nil {
		t.Fatal(err)
	}
	if temp[0].LogType != "dedicated_temp_sensor" || hrv[1].Value.DeepRmssd == nil || *hrv[1].Value.DeepRmssd != 39.2 {
		t.Errorf("decoded %+v %+v", temp[0], hrv[1])
	}
	vs := NormalizeVitals(hrv, br, temp)
	type want struct{ hrv, br, temp float64 } // NaN: missing
	nan := math.NaN()
	wants := map[string]want{
		"2023-06-01": {44.565, 17.8, -0.31},
		"2023-06-02": {nan, 16.2, nan},
		"2023-06-03": {nan, nan, 0},
	}
	check := func(stage string, vs []wearnb.Vitals) {
		t.Helper()
		if len(vs) != 3 {
			t.Fatalf("%s: %d vitals", stage, len(vs))
		}
		for _, v := range vs {
			w := wants[v.Date.String()]
			for name, c := range map[string]struct {
				got  wearnb.Opt[float64]
				want float64
			}{"hrv": {v.AverageHRV, w.hrv}, "br": {v.RespiratoryRate, w.br}, "temp": {v.SkinTempDev, w.temp},
				"lowest": {v.LowestHR, nan}, "average": {v.AverageHR, nan}} {
				g, ok := c.got.Get()
				if ok == math.IsNaN(c.want) || (ok && g != c.want) {
					t.Errorf("%s %v %s: %v, want %v", stage, v.Date, name, c.got, c.want)
				}
			}
			if v.SleepID != "" || !v.Start.IsZero() || v.Provider != Name {
				t.Errorf("%s %v: keyed by date, got %+v", stage, v.Date, v)
			}
		}
	}
	check("record", vs)
	_, cached := heartcheck.ThroughCache(t, Name, &wearnb.Batch{Vitals: vs})
	check("cache", cached)
	df := frames.NightlyVitals(cached)
	if got := df.Col("hrv_rmssd_ms").Float(); got[0] != 44.565 || !math.IsNaN(got[1]) || !math.IsNaN(got[2]) {
		t.Errorf("frame hrv %v", got)
	}
	if got := df.Col("skin_temp_dev_c").Float(); !math.IsNaN(got[1]) || got[2] != 0 {
		t.Errorf("frame skin temperature %v", got)
	}
	if got := df.Col("lowest_hr_bpm").Float(); !math.IsNaN(got[0]) {
		t.Errorf("frame lowest %v", got)
	}
}

// TestHeartIntradayGaps: samples without a value are no readings, a gap
// stays a gap, and the day without a resting rate has none.
func TestHeartIntradayGaps(t *testing.T) {
	in, err := DecodeHeartIntraday(readFile(t, "heart-intraday-gaps.json"))
	if err != nil {
		t.Fatal(err)
	}
	if in.Days[0].Value.RestingHeartRate != nil {
		t.Errorf("resting %v, want none", *in.Days[0].Value.RestingHeartRate)
	}
	loc := newYork(t)
	hs, err := NormalizeHeartRate(wearnb.MustDate("2023-06-01"), in, loc)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"2023-06-01T00:00:00-04:00 64", "2023-06-01T00:01:00-04:00 63", "2023-06-01T07:30:00-04:00 71"}
	check := func(stage string, hs []wearnb.HeartRate) {
		t.Helper()
		if len(hs) != len(want) {
			t.Fatalf("%s: %d samples, want %d", stage, len(hs), len(want))
		}
		for i, h := range hs {
			if got := h.Time.Format(time.RFC3339) + " " + fmtF(h.BPM); got != want[i] || !h.Local || h.Context != wearnb.ContextUnknown {
				t.Errorf("%s sample %d: %s (local %v, context %q), want %s", stage, i, got, h.Local, h.Context, want[i])
			}
		}
	}
	check("record", hs)
	cached, _ := heartcheck.ThroughCache(t, Name, &wearnb.Batch{HeartRate: hs})
	check("cache", cached)
	df := frames.HeartRate(cached)
	if ctx := df.Col("context"); !ctx.Elem(0).IsNA() || df.Col("utc_offset_min").Elem(0).Val() != -240 {
		t.Errorf("frame: context %v, offset %v", ctx.Records(), df.Col("utc_offset_min").Records())
	}
}

func fmtF(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// TestHeartTravelDay reads a travel day's clock times in the zone of each
// side of the switch, across a gap: flying east the clock jumps forward,
// flying west it goes back.
func TestHeartTravelDay(t *testing.T) {
	ny := newYork(t)
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip(err)
	}
	d := wearnb.MustDate("2023-07-01")
	mk := func(clock ...string) *HeartIntraday {
		in := &HeartIntraday{}
		for _, c := range clock {
			ct, err := ParseClockTime(c)
			if err != nil {
				t.Fatal(err)
			}
			in.Dataset = append(in.Dataset, HeartPoint{Time: ct, Value: wearnb.Some(Number(60))})
		}
		return in
	}
	// East at 13:00 New York = 19:00 Berlin; a 20-minute gap before.
	east, err := normalizeHeartRate(d, mk("12:30:00", "12:39:00", "19:00:00", "19:01:00"), ny, berlin)
	if err != nil {
		t.Fatal(err)
	}
	wantEast := []string{"2023-07-01T12:30:00-04:00", "2023-07-01T12:39:00-04:00", "2023-07-01T19:00:00+02:00", "2023-07-01T19:01:00+02:00"}
	// West at 13:00 Berlin = 07:00 New York: the clock goes back.
	west, err := normalizeHeartRate(d, mk("12:58:00", "12:59:00", "07:00:00", "07:01:00"), berlin, ny)
	if err != nil {
		t.Fatal(err)
	}
	wantWest := []string{"2023-07-01T12:58:00+02:00", "2023-07-01T12:59:00+02:00", "2023-07-01T07:00:00-04:00", "2023-07-01T07:01:00-04:00"}
	for name, c := range map[string]struct {
		got  []wearnb.HeartRate
		want []string
	}{"east": {east, wantEast}, "west": {west, wantWest}} {
		if len(c.got) != len(c.want) {
			t.Fatalf("%s: %d samples", name, len(c.got))
		}
		for i, h := range c.got {
			if s := h.Time.Format(time.RFC3339); s != c.want[i] {
				t.Errorf("%s sample %d: %s, want %s", name, i, s, c.want[i])
			}
		}
	}
	// A bpm out of range is an error naming the sample.
	bad := mk("01:00:00")
	bad.Dataset[0].Value = wearnb.Some(Number(0))
	if _, err := NormalizeHeartRate(d, bad, ny); err == nil {
		t.Error("0 bpm accepted")
	}
}

// TestWithRestingHR: a day gets the resting heart rate of its date; a date
// whose series entry has none stays missing, never 0.
func TestWithRestingHR(t *testing.T) {
	heart, err := DecodeHeartSeries(readFile(t, "heart-series.json"))
	if err != nil {
		t.Fatal(err)
	}
	days := WithRestingHR([]wearnb.DayMoves{
		{Date: heart[0].DateTime.Date, Steps: wearnb.Some(100)},
		{Date: heart[1].DateTime.Date, Steps: wearnb.Some(200)},
		{Date: heart[1].DateTime.Date.AddDays(30), Steps: wearnb.Some(300)},
	}, heart)
	if days[0].RestingHR != wearnb.Some(65.0) || days[1].RestingHR.OK() || days[2].RestingHR.OK() {
		t.Errorf("resting rates %v %v %v, want 65, missing, missing", days[0].RestingHR, days[1].RestingHR, days[2].RestingHR)
	}
	cachedDays := heartcheck.DaysThroughCache(t, Name, days)
	df := frames.Moves(cachedDays)
	if got := df.Col("resting_hr_bpm").Float(); got[0] != 65 || !math.IsNaN(got[1]) || !math.IsNaN(got[2]) {
		t.Errorf("frame resting_hr_bpm %v", got)
	}
}
