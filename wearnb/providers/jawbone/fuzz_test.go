package jawbone_test

import (
	"errors"
	"testing"
	"testing/fstest"
	"time"

	"wearnb.dev/wearnb/fetch"
	"wearnb.dev/wearnb/providers/jawbone"
)

// checkErr fails unless err is nil, a *fetch.DecodeError or a
// *fetch.APIError (an error envelope) from jawbone.
func checkErr(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var de *fetch.DecodeError
	var ae *fetch.APIError
	switch {
	case errors.As(err, &de):
		if de.Provider != "jawbone" {
			t.Fatalf("DecodeError from %q: %v", de.Provider, err)
		}
	case errors.As(err, &ae):
		if ae.Provider != "jawbone" {
			t.Fatalf("APIError from %q: %v", ae.Provider, err)
		}
	default:
		t.Fatalf("error %v (%T) is neither a DecodeError nor an APIError", err, err)
	}
}

func seeds(f *testing.F, names ...string) {
	for _, n := range names {
		f.Add(readTestdata(f, n))
	}
	f.Add([]byte(`{"meta":{"code":200},"data":{"items":[],"size":0}}`))
	f.Add([]byte(`{"data":{"items":[null,{}]}}`))
	f.Add([]byte(`{"meta":{"code":404,"error_type":"not_found"},"data":{}}`))
}

func FuzzMovesPage(f *testing.F) {
	seeds(f, "moves_documented.json", "moves_seed000.json", "moves_trips.json")
	f.Fuzz(func(t *testing.T, body []byte) {
		env, err := jawbone.DecodeMovesPage(body)
		checkErr(t, err)
		for i := range env.Data.Items {
			env.Data.Items[i].DayMoves()
			hours, err := env.Data.Items[i].Hours()
			checkErr(t, err)
			for j := 1; j < len(hours); j++ {
				if hours[j].Start.Before(hours[j-1].Start) {
					t.Fatalf("hours out of order")
				}
			}
		}
	})
}

func FuzzSleepsPage(f *testing.F) {
	seeds(f, "sleeps_documented.json", "sleeps_seed000.json")
	f.Fuzz(func(t *testing.T, body []byte) {
		env, err := jawbone.DecodeSleepsPage(body)
		checkErr(t, err)
		for i := range env.Data.Items {
			s, err := env.Data.Items[i].Sleep(nil)
			checkErr(t, err)
			if err == nil && (s.End.Before(s.Start) || s.Awake < 0 || s.Latency < 0 ||
				(s.Asleep <= s.InBed && s.Latency+s.Asleep+s.Awake != s.InBed)) {
				t.Fatalf("sleep %+v", s)
			}
		}
	})
}

func FuzzTicks(f *testing.F) {
	seeds(f, "ticks_documented.json")
	f.Fuzz(func(t *testing.T, body []byte) {
		env, err := jawbone.DecodeTicks(body)
		checkErr(t, err)
		if err != nil {
			return
		}
		start := time.Unix(1438657500, 0)
		end := start.Add(29400 * time.Second)
		st, err := jawbone.Stages(env.Data.Items, start, end)
		checkErr(t, err)
		at := start
		for i, s := range st {
			if s.Start.Before(at) || s.Duration <= 0 || s.End().After(end) {
				t.Fatalf("stage %d %+v outside [%v, %v) or overlapping", i, s, at, end)
			}
			at = s.End()
		}
	})
}

func FuzzTzs(f *testing.F) {
	f.Add([]byte(`[[1438747200,"America/New_York"],[1438778520,"America/Denver"]]`))
	f.Add([]byte(`[[1439994003,-21600]]`))
	f.Add([]byte(`[[1453957259,"America/New_York"]]`))
	f.Add([]byte(`[["1439994003","-21600"],[0,""],[1,null]]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		tzs, err := jawbone.DecodeTZs(b)
		checkErr(t, err)
		m := jawbone.MoveItem{Details: jawbone.MoveDetails{TZs: tzs, HourlyTotals: map[string]jawbone.HourTotal{"2015080500": {Steps: 1}, "2015080512": {Steps: 2}}}}
		m.Date.Date.Year, m.Date.Date.Month, m.Date.Date.Day = 2015, 8, 5
		m.DayMoves()
		if h, err := m.Hours(); err != nil || len(h) != 2 {
			t.Fatalf("Hours = %v, %v", h, err)
		}
		for _, c := range tzs {
			c.Zone.Location()
			_ = c.Zone.String()
		}
	})
}

func FuzzImport(f *testing.F) {
	seeds(f, "moves_trips.json", "sleeps_documented.json", "ticks_documented.json")
	f.Add([]byte(`[{"depth":1,"time":1}]`))
	f.Add([]byte(`{"meta":{"code":200},"data":{"xid":"a","type":"move"}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		d, err := jawbone.Import(fstest.MapFS{"QkfTizSpRdvIs6MMJbKP6ulqeYwu5c2v/f.json": {Data: body}})
		if err != nil {
			return // the error names the file; its type is checked in TestImportErrors
		}
		if _, err := d.Batch(); err != nil {
			checkErr(t, errors.Unwrap(err))
		}
	})
}

func FuzzParseError(f *testing.F) {
	f.Add(`{"meta":{"code":401,"error_type":"authentication_error","error_detail":"x"}}`)
	f.Add(`{"meta":{"time":"x"}}`)
	f.Fuzz(func(t *testing.T, body string) {
		jawbone.ParseError(400, []byte(body))
	})
}
