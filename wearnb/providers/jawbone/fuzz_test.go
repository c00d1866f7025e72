package jawbone_test

import (
	"errors"
	"testing"
	"testing/fstest"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/fetch"
	"wearnb.dev/wearnb/internal/trustcheck"
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

// FuzzMovesPage decodes and normalizes any moves page: a DecodeError or
// days and hours, never a panic; what an item does not send is missing in
// the records (a day's steps may come from its title) and NaN in the
// frames; memory stays bounded by the body size.
func FuzzMovesPage(f *testing.F) {
	seeds(f, "moves_documented.json", "moves_seed000.json", "moves_trips.json")
	f.Fuzz(func(t *testing.T, body []byte) {
		var (
			env   jawbone.Envelope[jawbone.MoveItem]
			err   error
			days  []wearnb.DayMoves
			hours []wearnb.HourMoves
		)
		trustcheck.Alloc(t, body, func() {
			if env, err = jawbone.DecodeMovesPage(body); err != nil {
				return
			}
			for i := range env.Data.Items {
				days = append(days, env.Data.Items[i].DayMoves())
				hs, err := env.Data.Items[i].Hours()
				checkErr(t, err)
				for j := 1; j < len(hs); j++ {
					if hs[j].Start.Before(hs[j-1].Start) {
						t.Fatalf("hours out of order")
					}
				}
				hours = append(hours, hs...)
			}
		})
		checkErr(t, err)
		for i, d := range days {
			det := &env.Data.Items[i].Details
			if !det.Distance.OK() && !det.Km.OK() && d.DistanceM.OK() || !det.ActiveTime.OK() && d.ActiveMinutes.OK() ||
				!det.Calories.OK() && d.CaloriesKcal.OK() || !det.BMR.OK() && !det.BMRDay.OK() && d.CaloriesKcal.OK() ||
				d.RestingHR.OK() {
				t.Fatalf("day %d: a value the item does not send is in %+v", i, d)
			}
		}
		trustcheck.Frames(t, nil, days, hours)
	})
}

// FuzzSleepsPage decodes and normalizes any sleeps page with the same
// invariants, and: the time in bed splits where all four are known; a
// sleep whose totals are missing is missing them (or takes its time asleep
// from the title); a flagged sleep is never main, even after MarkMain.
func FuzzSleepsPage(f *testing.F) {
	seeds(f, "sleeps_documented.json", "sleeps_seed000.json")
	f.Fuzz(func(t *testing.T, body []byte) {
		var (
			env    jawbone.Envelope[jawbone.SleepItem]
			err    error
			sleeps []wearnb.Sleep
			items  []*jawbone.SleepItem
		)
		trustcheck.Alloc(t, body, func() {
			if env, err = jawbone.DecodeSleepsPage(body); err != nil {
				return
			}
			for i := range env.Data.Items {
				s, err := env.Data.Items[i].Sleep(nil)
				checkErr(t, err)
				if err == nil {
					sleeps, items = append(sleeps, s), append(items, &env.Data.Items[i])
				}
			}
		})
		checkErr(t, err)
		for i, s := range sleeps {
			d := &items[i].Details
			if s.End.Before(s.Start) != (s.Flag == wearnb.FlagEndsBeforeStart) || s.Awake.Or(0) < 0 || s.Latency.Or(0) < 0 ||
				(s.Awake.OK() && s.Asleep.Or(0) <= s.InBed.Or(0) && wearnb.Sum(s.Latency, s.Asleep, s.Awake) != s.InBed) {
				t.Fatalf("sleep %s", trustcheck.Describe(s))
			}
			if !d.Sound.OK() && s.Deep.OK() || !d.Light.OK() && s.Light.OK() || !d.REM.OK() && s.REM.OK() ||
				items[i].Details.AsleepTime == 0 && s.Latency.OK() {
				t.Fatalf("sleep %d: a total the item does not send is in %s", i, trustcheck.Describe(s))
			}
		}
		jawbone.MarkMain(sleeps)
		trustcheck.Frames(t, sleeps, nil, nil)
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
		var st []wearnb.Stage
		trustcheck.Alloc(t, body, func() { st, err = jawbone.Stages(env.Data.Items, start, end) })
		checkErr(t, err)
		if len(st) > wearnb.MaxStages {
			t.Fatalf("%d stages", len(st))
		}
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
		var tzs []jawbone.TZChange
		var err error
		trustcheck.Alloc(t, b, func() { tzs, err = jawbone.DecodeTZs(b) })
		checkErr(t, err)
		m := jawbone.MoveItem{Details: jawbone.MoveDetails{TZs: tzs, HourlyTotals: map[string]jawbone.HourTotal{"2015080500": {Steps: jawbone.OptInt{Opt: wearnb.Some[int64](1)}}, "2015080512": {Steps: jawbone.OptInt{Opt: wearnb.Some[int64](2)}}}}}
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
		var b *wearnb.Batch
		var err error
		trustcheck.Alloc(t, body, func() {
			var d *jawbone.Dump
			if d, err = jawbone.Import(fstest.MapFS{"QkfTizSpRdvIs6MMJbKP6ulqeYwu5c2v/f.json": {Data: body}}); err != nil {
				err = nil // the error names the file; its type is checked in TestImportErrors
				return
			}
			if b, err = d.Batch(); err != nil {
				checkErr(t, errors.Unwrap(err))
			}
		})
		if err == nil && b != nil {
			trustcheck.Frames(t, b.Sleeps, b.Days, b.Hours)
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
