package sandbox

import (
	"fmt"
	"net/url"
	"strconv"
	"testing"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/sandbox/synth"
)

// clockDays returns the 2025 days on which the default person's clock
// jumps: the four travel days (the zone switches at midday) and the two DST
// days.
func clockDays(t *testing.T, person *synth.Person) (travel, dst []wearnb.Date) {
	t.Helper()
	for d := wearnb.MustDate("2025-01-01"); d.Year == 2025; d = d.AddDays(1) {
		if _, ok := person.Switch(d); ok {
			travel = append(travel, d)
		}
	}
	if len(travel) != 4 {
		t.Fatalf("2025 has travel days %v, want four (two trips)", travel)
	}
	return travel, []wearnb.Date{wearnb.MustDate("2025-03-09"), wearnb.MustDate("2025-11-02")}
}

// TestClockOnTravelDays checks every flavour's per-minute and per-hour
// labels on travel and DST days against the person's clock: minute i of a
// day starts at midnight in the day's zone plus i minutes, and its label
// is that instant where the person is (ZoneAt), so after a midday switch
// the new zone's. The labels used to stay in the day's first zone, which
// moved a flight west's evening onto the next date (Google steps) and put
// Jawbone's zone change on the wrong day.
func TestClockOnTravelDays(t *testing.T) {
	e, person := newSynthEnv(t)
	travel, dst := clockDays(t, person)
	days := append(append([]wearnb.Date(nil), travel...), dst...)
	tok := map[string]string{}
	for _, f := range Flavors {
		tok[f] = e.token(f)
	}
	label := func(at time.Time) time.Time { return at.In(person.ZoneAt(at)) }

	for _, d := range days {
		start, end := person.DaySpan(d)
		mins := person.Minutes(d)
		day := person.Days(wearnb.Range{From: d, To: d})[0]
		if len(mins) != int(end.Sub(start)/time.Minute) {
			t.Fatalf("%v: %d minutes for a day of %v", d, len(mins), end.Sub(start))
		}

		t.Run("google steps "+d.String(), func(t *testing.T) {
			f := `steps.interval.civil_start_time >= "` + d.String() + `T00:00:00" AND steps.interval.civil_start_time < "` + d.AddDays(1).String() + `T00:00:00"`
			resp, v := e.get("/googlehealth/v4/users/me/dataTypes/steps/dataPoints?pageSize=10000&filter="+url.QueryEscape(f), tok[GoogleHealth])
			if resp.StatusCode != 200 {
				t.Fatalf("%d %v", resp.StatusCode, v)
			}
			points := v.(map[string]any)["dataPoints"].([]any)
			sum, n := 0, 0
			for _, p := range points {
				st := p.(map[string]any)["steps"].(map[string]any)
				iv := st["interval"].(map[string]any)
				at, err := time.Parse(time.RFC3339, iv["startTime"].(string))
				if err != nil {
					t.Fatal(err)
				}
				_, off := label(at).Zone()
				if iv["startUtcOffset"] != strconv.Itoa(off)+"s" {
					t.Errorf("point at %v: offset %v, the person was at %ds", at, iv["startUtcOffset"], off)
				}
				count, _ := strconv.Atoi(st["count"].(string))
				sum += count
				n++
			}
			want := 0
			for _, m := range mins {
				if m > 0 {
					want++
				}
			}
			if n != want || sum != val(day.Steps) {
				t.Errorf("%d points with %d steps on the civil date; the day has %d minutes with %d steps", n, sum, want, val(day.Steps))
			}
		})

		t.Run("fitbit intraday "+d.String(), func(t *testing.T) {
			resp, v := e.get("/fitbit/1/user/-/activities/steps/date/"+d.String()+"/1d/1min.json", tok[Fitbit])
			if resp.StatusCode != 200 {
				t.Fatalf("%d %v", resp.StatusCode, v)
			}
			set := v.(map[string]any)["activities-steps-intraday"].(map[string]any)["dataset"].([]any)
			if len(set) != len(mins) {
				t.Fatalf("%d samples, the day has %d minutes", len(set), len(mins))
			}
			for i, x := range set {
				p := x.(map[string]any)
				want := label(start.Add(time.Duration(i) * time.Minute)).Format("15:04:05")
				if p["time"] != want || int(p["value"].(float64)) != mins[i] {
					t.Fatalf("sample %d: %v %v, want %s %d", i, p["time"], p["value"], want, mins[i])
				}
			}
			resp, v = e.get("/fitbit/1/user/-/activities/heart/date/"+d.String()+"/1d/1min.json", tok[Fitbit])
			if resp.StatusCode != 200 {
				t.Fatalf("heart: %d %v", resp.StatusCode, v)
			}
			// Every sample of the person's day (the off-wrist stretches
			// have none), labelled with the local clock where the person
			// was.
			hr := v.(map[string]any)["activities-heart-intraday"].(map[string]any)["dataset"].([]any)
			_, end := person.DaySpan(d)
			truth := person.HeartRate(start, end, time.Minute)
			if len(hr) != len(truth) || len(hr) < len(mins)-4*60 {
				t.Fatalf("heart: %d samples, the person has %d in the day's %d minutes", len(hr), len(truth), len(mins))
			}
			for i, x := range hr {
				p := x.(map[string]any)
				if want := label(truth[i].Time).Format("15:04:05"); p["time"] != want || int(p["value"].(float64)) != truth[i].BPM {
					t.Fatalf("heart sample %d: %v %v, want %s %d", i, p["time"], p["value"], want, truth[i].BPM)
				}
			}
		})

		t.Run("jawbone move "+d.String(), func(t *testing.T) {
			resp, v := e.get(fmt.Sprintf("/jawbone/nudge/api/v.1.1/users/@me/moves?date=%d", jawboneDateInt(d)), tok[Jawbone])
			if resp.StatusCode != 200 {
				t.Fatalf("%d %v", resp.StatusCode, v)
			}
			items := v.(map[string]any)["data"].(map[string]any)["items"].([]any)
			if len(items) != 1 {
				t.Fatalf("%d items for %v", len(items), d)
			}
			it := items[0].(map[string]any)
			det := it["details"].(map[string]any)
			// The day's zones: the start's, then the new one at the switch
			// (by name) or the new offset at the DST change (in seconds).
			want := []any{[]any{float64(start.Unix()), person.Zone(d).String()}}
			wantTZ := person.Zone(d).String()
			if sw, ok := person.Switch(d); ok {
				want = append(want, []any{float64(sw.Unix()), person.Zone(d.AddDays(1)).String()})
				wantTZ = person.Zone(d.AddDays(1)).String()
			} else {
				_, change := start.ZoneBounds()
				_, off := change.Zone()
				want = append(want, []any{float64(change.Unix()), float64(off)})
			}
			if fmt.Sprint(det["tzs"]) != fmt.Sprint(want) || det["tz"] != wantTZ {
				t.Errorf("tz %v tzs %v, want %v %v", det["tz"], det["tzs"], wantTZ, want)
			}
			// Hourly totals are keyed by clock hour; a repeated hour sums
			// both, so the hours add up to the day.
			byKey := map[string]int{}
			for _, h := range person.Hours(wearnb.Range{From: d, To: d}) {
				if val(h.Steps) > 0 {
					byKey[h.Start.Format("2006010215")] += val(h.Steps)
				}
			}
			hourly := det["hourly_totals"].(map[string]any)
			sum := 0
			for k, x := range hourly {
				n := int(x.(map[string]any)["steps"].(float64))
				if n != byKey[k] {
					t.Errorf("hour %s: %d steps, the person's clock hour has %d", k, n, byKey[k])
				}
				sum += n
			}
			if len(hourly) != len(byKey) || sum != val(day.Steps) || int(det["steps"].(float64)) != val(day.Steps) {
				t.Errorf("%d hours with %d steps (details %v); the person has %d hours with %d", len(hourly), sum, det["steps"], len(byKey), val(day.Steps))
			}
		})
	}

	// Every move and sleep of the trips can be fetched by xid, also on the
	// first day abroad (whose midnight falls on the day before in UTC).
	for _, d := range travel {
		for _, dd := range []wearnb.Date{d.AddDays(-1), d, d.AddDays(1)} {
			resp, v := e.get(fmt.Sprintf("/jawbone/nudge/api/v.1.1/users/@me/moves?date=%d", jawboneDateInt(dd)), tok[Jawbone])
			if resp.StatusCode != 200 {
				t.Fatalf("%v: %d %v", dd, resp.StatusCode, v)
			}
			for _, it := range v.(map[string]any)["data"].(map[string]any)["items"].([]any) {
				xid := it.(map[string]any)["xid"].(string)
				if resp, v := e.get("/jawbone/nudge/api/v.1.1/moves/"+xid, tok[Jawbone]); resp.StatusCode != 200 {
					t.Errorf("move of %v by xid: %d %v", dd, resp.StatusCode, v)
				}
			}
		}
	}
}
