package sandbox

import (
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"wearnb.dev/wearnb"
)

var hourKey = regexp.MustCompile(`^\d{10}$`)

// shape collects every key path of v with the JSON kind of its value;
// array elements are merged under "[]", Jawbone hour keys generalized.
func shape(v any, prefix string, out map[string]map[string]bool) {
	add := func(p, kind string) {
		if out[p] == nil {
			out[p] = map[string]bool{}
		}
		out[p][kind] = true
	}
	switch x := v.(type) {
	case map[string]any:
		for k, c := range x {
			if hourKey.MatchString(k) {
				k = "<YYYYMMDDHH>"
			}
			p := prefix + "." + k
			add(p, kindOf(c))
			shape(c, p, out)
		}
	case []any:
		for _, c := range x {
			add(prefix+"[]", kindOf(c))
			shape(c, prefix+"[]", out)
		}
	}
}

func kindOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "bool"
	case float64:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	}
	return "object"
}

// varies lists paths whose kind differs between real payloads (the seed
// notebook shows "" where the documentation shows 0).
var varies = map[string]bool{
	".data.items[].details.body": true, ".data.items[].details.quality": true, ".data.items[].details.smart_alarm_fire": true,
}

// compareShape fails for every documented key the sandbox lacks, and for
// kinds that disagree (null on either side is allowed: both are documented
// as nullable in places).
func compareShape(t *testing.T, name string, real, got any) {
	t.Helper()
	want, have := map[string]map[string]bool{}, map[string]map[string]bool{}
	shape(real, "", want)
	shape(got, "", have)
	var missing, wrong []string
	for p, kinds := range want {
		hk, ok := have[p]
		if !ok {
			missing = append(missing, p)
			continue
		}
		if varies[p] {
			continue
		}
		for k := range kinds {
			if k == "null" || hk[k] || hk["null"] && len(hk) == 1 {
				continue
			}
			wrong = append(wrong, p+": real "+k+", sandbox "+keys(hk))
		}
	}
	sort.Strings(missing)
	sort.Strings(wrong)
	if len(missing) > 0 {
		t.Errorf("%s: sandbox lacks documented fields:\n  %s", name, strings.Join(missing, "\n  "))
	}
	if len(wrong) > 0 {
		t.Errorf("%s: kinds differ:\n  %s", name, strings.Join(wrong, "\n  "))
	}
}

func keys(m map[string]bool) string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return strings.Join(out, "|")
}

func readReal(t *testing.T, name string) any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "real", name))
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return v
}

// TestPayloadKeys compares every emulated response with the documented
// real payload of the same endpoint, on hand-built data.
func TestPayloadKeys(t *testing.T) {
	checkPayloadKeys(t, newEnv(t, Options{AutoApprove: true}), wearnb.MustDate("2024-03-12"))
}

// TestPayloadKeysSynth does the same against the default synthetic person.
func TestPayloadKeysSynth(t *testing.T) {
	clock := NewFakeClock(time.Date(2026, 6, 1, 15, 0, 0, 0, time.UTC))
	s := New(Options{AutoApprove: true, Clock: clock})
	if len(s.src.Sleeps(rangeOf("2026-05-01", "2026-05-31"))) == 0 {
		t.Skip("synth returns no data yet")
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	s.base = ts.URL
	checkPayloadKeys(t, &testEnv{t: t, srv: s, ts: ts, clock: clock}, wearnb.MustDate("2026-05-30"))
}

// checkPayloadKeys runs the comparison for a day with data (and the 30
// days before it, which must include a nap).
func checkPayloadKeys(t *testing.T, e *testEnv, day wearnb.Date) {
	tok := map[string]string{}
	for _, f := range Flavors {
		tok[f] = e.token(f)
	}
	d, from, prev := day.String(), day.AddDays(-29).String(), day.AddDays(-1).String()
	gf := url.QueryEscape(`steps.interval.start_time >= "` + prev + `T00:00:00Z" AND steps.interval.start_time < "` + d + `T00:00:00Z"`)
	cases := []struct{ file, flavor, path string }{
		{"fitbit_sleep_date.json", Fitbit, "/1.2/user/-/sleep/date/" + from + "/" + d + ".json"},
		{"fitbit_sleep_list.json", Fitbit, "/1.2/user/-/sleep/list.json?beforeDate=" + d + "&sort=desc&limit=1&offset=0"},
		{"fitbit_activities_steps.json", Fitbit, "/1/user/-/activities/steps/date/" + from + "/" + d + ".json"},
		{"fitbit_steps_intraday.json", Fitbit, "/1/user/-/activities/steps/date/" + prev + "/1d/1min.json"},
		{"fitbit_heart_series.json", Fitbit, "/1/user/-/activities/heart/date/" + prev + "/7d.json"},
		{"fitbit_daily_summary.json", Fitbit, "/1/user/-/activities/date/" + prev + ".json"},
		{"oura_sleep.json", Oura, "/v2/usercollection/sleep?start_date=" + from + "&end_date=" + d},
		{"oura_daily_sleep.json", Oura, "/v2/usercollection/daily_sleep?start_date=" + from + "&end_date=" + d},
		{"oura_daily_activity.json", Oura, "/v2/usercollection/daily_activity?start_date=" + from + "&end_date=" + d},
		{"oura_heartrate.json", Oura, "/v2/usercollection/heartrate?start_datetime=" + prev + "T00:00:00Z&end_datetime=" + d + "T00:00:00Z"},
		{"jawbone_moves.json", Jawbone, "/nudge/api/v.1.1/users/@me/moves?limit=1"},
		{"jawbone_sleeps.json", Jawbone, "/nudge/api/v.1.1/users/@me/sleeps?limit=1"},
		{"googlehealth_sleep.json", GoogleHealth, "/v4/users/me/dataTypes/sleep/dataPoints?pageSize=1"},
		{"googlehealth_steps.json", GoogleHealth, "/v4/users/me/dataTypes/steps/dataPoints?pageSize=1&filter=" + gf},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			resp, got := e.get("/"+c.flavor+c.path, tok[c.flavor])
			if resp.StatusCode != 200 {
				t.Fatalf("status %d: %v", resp.StatusCode, got)
			}
			compareShape(t, c.file, readReal(t, c.file), got)
		})
	}
	t.Run("jawbone_sleep_ticks.json", func(t *testing.T) {
		_, list := e.get("/jawbone/nudge/api/v.1.1/users/@me/sleeps?limit=1", tok[Jawbone])
		xid := list.(map[string]any)["data"].(map[string]any)["items"].([]any)[0].(map[string]any)["xid"].(string)
		resp, got := e.get("/jawbone/nudge/api/v.1.1/sleeps/"+xid+"/ticks", tok[Jawbone])
		if resp.StatusCode != 200 {
			t.Fatalf("status %d: %v", resp.StatusCode, got)
		}
		compareShape(t, "jawbone_sleep_ticks.json", readReal(t, "jawbone_sleep_ticks.json"), got)
	})
	for _, c := range []struct{ file, flavor, scope string }{{"fitbit_token.json", Fitbit, "activity"}, {"jawbone_token.json", Jawbone, "move_read"}} {
		t.Run(c.file, func(t *testing.T) {
			cfg := e.config(c.flavor, c.scope)
			code := e.authorize(cfg.AuthCodeURL("s")).Get("code")
			form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {cfg.RedirectURL}}
			var m map[string]any
			if c.flavor == Fitbit {
				_, m = postForm(t, cfg.Endpoint.TokenURL, form, DemoClientID, DemoClientSecret)
			} else {
				form.Set("client_id", DemoClientID)
				form.Set("client_secret", DemoClientSecret)
				_, m = postForm(t, cfg.Endpoint.TokenURL, form, "", "")
			}
			compareShape(t, c.file, readReal(t, c.file), any(m))
		})
	}
	t.Run("fitbit_error_refresh.json", func(t *testing.T) {
		_, m := e.refresh(Fitbit, "not-a-token")
		compareShape(t, "fitbit_error_refresh.json", readReal(t, "fitbit_error_refresh.json"), any(m))
	})
}

// TestCompareShapeCatchesMissing makes sure the comparison can fail.
func TestCompareShapeCatchesMissing(t *testing.T) {
	real := map[string]any{"a": []any{map[string]any{"b": 1.0, "c": "x"}}}
	got := map[string]any{"a": []any{map[string]any{"b": "1"}}}
	want, have := map[string]map[string]bool{}, map[string]map[string]bool{}
	shape(real, "", want)
	shape(got, "", have)
	if _, ok := have[".a[].c"]; ok {
		t.Fatal("shape invented a key")
	}
	if !want[".a[].b"]["number"] || !have[".a[].b"]["string"] {
		t.Fatalf("kinds not recorded: %v %v", want, have)
	}
}
