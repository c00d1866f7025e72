package oura_test

import (
	"errors"
	"testing"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/fetch"
	"wearnb.dev/wearnb/internal/peakmem"
	"wearnb.dev/wearnb/internal/trustcheck"
	"wearnb.dev/wearnb/providers/oura"
)

// checkDecodeError fails unless err is nil or a *fetch.DecodeError for
// endpoint.
func checkDecodeError(t *testing.T, endpoint string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var de *fetch.DecodeError
	if !errors.As(err, &de) || de.Provider != "oura" || de.Endpoint != endpoint {
		t.Fatalf("error %v (%T) is not a DecodeError for oura %s", err, err, endpoint)
	}
}

func addSeeds(f *testing.F, names ...string) {
	for _, n := range names {
		f.Add(readTestdata(f, n))
	}
	f.Add([]byte(`{"data":[],"next_token":null}`))
	f.Add([]byte(`{"data":[null]}`))
	f.Add([]byte(`{}`))
}

// FuzzSleepDoc decodes and normalizes any body. Beyond "a DecodeError or
// records, never a panic", it checks issue 9's invariants: a duration the
// document does not send (null or absent) is missing in the record and NaN
// in the frame, never 0, as is everything derived from it; the time in bed
// still splits exactly where all four are known; stages tile the night and
// number at most wearnb.MaxStages; and decoding allocates memory bounded by
// the body's size.
func FuzzSleepDoc(f *testing.F) {
	addSeeds(f, "sleep_documented.json", "sleep_multi.json", "sleep_dst.json")
	f.Add([]byte(`{"data":[{"id":"n","type":"long_sleep","bedtime_start":"2022-07-12T01:00:00Z","bedtime_end":"2022-07-12T03:00:00Z","total_sleep_duration":null,"time_in_bed":7200,"deep_sleep_duration":600,"sleep_phase_5_min":"4412"}]}`))
	f.Add([]byte(`{"data":[{"id":"z","type":"long_sleep","bedtime_start":"2022-07-12T01:00:00Z","bedtime_end":"2022-07-12T01:00:00Z","total_sleep_duration":0}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var (
			p      oura.Page[oura.SleepDoc]
			err    error
			docs   []*oura.SleepDoc
			sleeps []wearnb.Sleep
		)
		trustcheck.Alloc(t, body, func() {
			if p, err = oura.DecodeSleepPage(body); err != nil {
				return
			}
			for i := range p.Data {
				d := &p.Data[i]
				d.HeartRate.Points()
				d.HRV.Points()
				s, err := d.Normalize()
				checkDecodeError(t, "sleep", err)
				if err == nil {
					docs, sleeps = append(docs, d), append(sleeps, s)
				}
			}
		})
		checkDecodeError(t, "sleep", err)
		for i, s := range sleeps {
			d := docs[i]
			missing := func(name string, in *int, out wearnb.Opt[time.Duration]) {
				if in == nil && out.OK() {
					t.Fatalf("%s is not in the document but %v in the record", name, out)
				}
			}
			missing("deep_sleep_duration", d.DeepSleepDuration, s.Deep)
			missing("light_sleep_duration", d.LightSleepDuration, s.Light)
			missing("rem_sleep_duration", d.REMSleepDuration, s.REM)
			missing("latency", d.Latency, s.Latency)
			missing("latency (in awake)", d.Latency, s.Awake)
			if d.TotalSleepDuration == nil && (d.DeepSleepDuration == nil || d.LightSleepDuration == nil || d.REMSleepDuration == nil) && s.Asleep.OK() {
				t.Fatalf("neither total_sleep_duration nor every stage total sent, but asleep %v", s.Asleep)
			}
			if !s.Asleep.OK() && (s.Efficiency.OK() || s.Awake.OK()) {
				t.Fatalf("asleep missing, but efficiency %v awake %v", s.Efficiency, s.Awake)
			}
			if len(s.Stages) == 0 && s.Awakenings.OK() {
				t.Fatalf("no stages, but %v awakenings", s.Awakenings)
			}
			if s.Latency.Or(0) < 0 || s.Awake.Or(0) < 0 ||
				(s.Awake.OK() && s.Asleep.Or(0) <= s.InBed.Or(0) && wearnb.Sum(s.Latency, s.Asleep, s.Awake) != s.InBed) {
				t.Fatalf("%s", trustcheck.Describe(s))
			}
			if s.Flag != "" && s.IsMain {
				t.Fatalf("flagged %q but main", s.Flag)
			}
			at := s.Start
			for j, st := range s.Stages {
				if !st.Start.Equal(at) || st.Duration <= 0 || st.End().After(s.End) {
					t.Fatalf("stage %d %+v breaks the tiling of [%v, %v)", j, st, s.Start, s.End)
				}
				at = st.End()
			}
		}
		trustcheck.Frames(t, sleeps, nil, nil)
	})
}

// FuzzDailyActivity checks the same for activity documents: a value not
// sent is missing in DayMoves, hours carry only what Oura has per hour
// (active time), and memory stays bounded.
func FuzzDailyActivity(f *testing.F) {
	addSeeds(f, "daily_activity.json")
	f.Add([]byte(`{"data":[{"day":"2022-07-12","timestamp":"2022-07-12T04:00:00-07:00","steps":12,"low_activity_time":60,"class_5_min":"0123"}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var (
			p     oura.Page[oura.DailyActivity]
			err   error
			days  []wearnb.DayMoves
			hours []wearnb.HourMoves
		)
		trustcheck.Alloc(t, body, func() {
			if p, err = oura.DecodeDailyActivityPage(body); err != nil {
				return
			}
			for i := range p.Data {
				days = append(days, p.Data[i].DayMoves())
				hs, err := p.Data[i].Hours()
				checkDecodeError(t, "daily_activity", err)
				for j := 1; j < len(hs); j++ {
					if !hs[j-1].Start.Before(hs[j].Start) {
						t.Fatalf("hours out of order: %v then %v", hs[j-1].Start, hs[j].Start)
					}
				}
				for _, h := range hs {
					hours = append(hours, h.HourMoves())
				}
			}
		})
		checkDecodeError(t, "daily_activity", err)
		for i, d := range days {
			a := &p.Data[i]
			if a.Steps == nil && d.Steps.OK() || a.TotalCalories == nil && d.CaloriesKcal.OK() ||
				a.EquivalentWalkingDistance == nil && d.DistanceM.OK() ||
				(a.LowActivityTime == nil || a.MediumActivityTime == nil || a.HighActivityTime == nil) && d.ActiveMinutes.OK() ||
				d.RestingHR.OK() {
				t.Fatalf("a value not in the document is in the record: %+v", d)
			}
		}
		for _, h := range hours {
			if h.Steps.OK() || h.DistanceM.OK() || h.CaloriesKcal.OK() {
				t.Fatalf("Oura has no hourly steps, distance or energy, but the hour has %+v", h)
			}
		}
		trustcheck.Frames(t, nil, days, hours)
	})
}

// FuzzHeartRate decodes and normalizes any body as a heartrate page: a
// reading without bpm never becomes a sample (let alone 0 bpm), samples are
// in time order with no offset claimed, and memory stays within a bound of
// the body's size.
func FuzzHeartRate(f *testing.F) {
	addSeeds(f, "heartrate_page1.json", "heartrate_page2.json", "heartrate_nulls.json")
	// Once before measuring: encoding/json builds its type caches on first use.
	if p, err := oura.DecodeHeartRatePage(readTestdata(f, "heartrate_nulls.json")); err == nil {
		oura.NormalizeHeartRate(p.Data)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var (
			p   oura.Page[oura.HeartRate]
			err error
			hs  []wearnb.HeartRate
		)
		used := peakmem.Allocated(func() {
			if p, err = oura.DecodeHeartRatePage(body); err == nil {
				hs = oura.NormalizeHeartRate(p.Data)
			}
		})
		checkDecodeError(t, "heartrate", err)
		if limit := peakmem.Bound(len(body), 64); used > limit {
			t.Fatalf("%d bytes allocated for a %d-byte body (limit %d)", used, len(body), limit)
		}
		withBPM := 0
		for _, h := range p.Data {
			if h.BPM != nil {
				withBPM++
			}
		}
		if len(hs) > withBPM {
			t.Fatalf("%d samples from %d readings with a bpm", len(hs), withBPM)
		}
		for i, h := range hs {
			if _, known := h.UTCOffset(); known || (i > 0 && !h.Time.After(hs[i-1].Time)) {
				t.Fatalf("sample %d: %+v", i, h)
			}
		}
	})
}

// FuzzSleepVitals decodes any body as a sleep page and takes every
// period's vitals: a measure is there only where the document has a value,
// and memory stays within a bound of the body's size.
func FuzzSleepVitals(f *testing.F) {
	addSeeds(f, "sleep_documented.json", "sleep_multi.json")
	if p, err := oura.DecodeSleepPage(readTestdata(f, "sleep_multi.json")); err == nil {
		oura.NormalizeVitals(p.Data)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var (
			p   oura.Page[oura.SleepDoc]
			err error
			vs  []wearnb.Vitals
		)
		used := peakmem.Allocated(func() {
			if p, err = oura.DecodeSleepPage(body); err == nil {
				vs = oura.NormalizeVitals(p.Data)
			}
		})
		checkDecodeError(t, "sleep", err)
		if limit := peakmem.Bound(len(body), 64); used > limit {
			t.Fatalf("%d bytes allocated for a %d-byte body (limit %d)", used, len(body), limit)
		}
		i := 0
		for _, d := range p.Data {
			if d.Type == oura.SleepTypeDeleted {
				continue
			}
			v := vs[i]
			i++
			temp := d.Readiness != nil && d.Readiness.TemperatureDeviation != nil
			if v.LowestHR.OK() != (d.LowestHeartRate != nil) || v.AverageHR.OK() != (d.AverageHeartRate != nil) ||
				v.AverageHRV.OK() != (d.AverageHRV != nil) || v.RespiratoryRate.OK() != (d.AverageBreath != nil) || v.SkinTempDev.OK() != temp {
				t.Fatalf("vitals %+v of document %+v", v, d)
			}
		}
		if i != len(vs) {
			t.Fatalf("%d vitals for %d periods", len(vs), i)
		}
	})
}

func FuzzDailySleep(f *testing.F) {
	addSeeds(f, "daily_sleep.json")
	f.Fuzz(func(t *testing.T, body []byte) {
		var err error
		trustcheck.Alloc(t, body, func() { _, err = oura.DecodeDailySleepPage(body) })
		checkDecodeError(t, "daily_sleep", err)
	})
}

func FuzzParseError(f *testing.F) {
	f.Add(`{"status":401,"title":"Unauthorized","detail":"Token is expired"}`)
	f.Add(`{"detail":[{"loc":["query",1],"msg":"bad"}]}`)
	f.Add(`{"detail":[{"loc":null,"msg":null}]}`)
	f.Fuzz(func(t *testing.T, body string) {
		oura.ParseError(400, []byte(body))
	})
}
