package oura_test

import (
	"errors"
	"testing"

	"wearnb.dev/wearnb/fetch"
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

func FuzzSleepDoc(f *testing.F) {
	addSeeds(f, "sleep_documented.json", "sleep_multi.json", "sleep_dst.json")
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := oura.DecodeSleepPage(body)
		checkDecodeError(t, "sleep", err)
		if err != nil {
			return
		}
		for i := range p.Data {
			d := &p.Data[i]
			d.HeartRate.Points()
			d.HRV.Points()
			s, err := d.Normalize()
			checkDecodeError(t, "sleep", err)
			if err != nil {
				continue
			}
			if s.Latency < 0 || s.Awake < 0 || (s.Asleep <= s.InBed && s.Latency+s.Asleep+s.Awake != s.InBed) {
				t.Fatalf("in bed %v, latency %v + asleep %v + awake %v", s.InBed, s.Latency, s.Asleep, s.Awake)
			}
			at := s.Start
			for j, st := range s.Stages {
				if !st.Start.Equal(at) || st.Duration <= 0 || st.End().After(s.End) {
					t.Fatalf("stage %d %+v breaks the tiling of [%v, %v)", j, st, s.Start, s.End)
				}
				at = st.End()
			}
		}
	})
}

func FuzzDailyActivity(f *testing.F) {
	addSeeds(f, "daily_activity.json")
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := oura.DecodeDailyActivityPage(body)
		checkDecodeError(t, "daily_activity", err)
		if err != nil {
			return
		}
		for i := range p.Data {
			p.Data[i].DayMoves()
			hours, err := p.Data[i].Hours()
			checkDecodeError(t, "daily_activity", err)
			for j := 1; j < len(hours); j++ {
				if !hours[j-1].Start.Before(hours[j].Start) {
					t.Fatalf("hours out of order: %v then %v", hours[j-1].Start, hours[j].Start)
				}
			}
		}
	})
}

func FuzzHeartRate(f *testing.F) {
	addSeeds(f, "heartrate_page1.json", "heartrate_page2.json")
	f.Fuzz(func(t *testing.T, body []byte) {
		_, err := oura.DecodeHeartRatePage(body)
		checkDecodeError(t, "heartrate", err)
	})
}

func FuzzDailySleep(f *testing.F) {
	addSeeds(f, "daily_sleep.json")
	f.Fuzz(func(t *testing.T, body []byte) {
		_, err := oura.DecodeDailySleepPage(body)
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
