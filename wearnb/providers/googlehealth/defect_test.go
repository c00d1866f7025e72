package googlehealth

// The regression test of issue 11's defect 2 for Google Health. It uses
// only what the package had before the fix (DecodeList, NormalizeSleeps,
// fetch.DecodeError, JSON bodies), so this file also runs against the code
// before it, where it fails. (Google's summary minutes and intervals were
// already range-checked: defect 3 has no Google case.)

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"wearnb.dev/wearnb/fetch"
)

// londonNight returns sleep-page-2.json (the London night, shaped after the
// health:v4 discovery document) after edit changes its sleep.
func londonNight(t testing.TB, edit func(sleep map[string]any)) []byte {
	t.Helper()
	var page map[string]any
	if err := json.Unmarshal(readFile(t, "sleep-page-2.json"), &page); err != nil {
		t.Fatal(err)
	}
	edit(page["dataPoints"].([]any)[0].(map[string]any)["sleep"].(map[string]any))
	b, err := json.Marshal(page)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Issue 11 defect 2, Google's stage builder: a session may not expand into
// more than wearnb.MaxStages (a week of 30-second stages), however short
// they are (here 15 s, 3.5 days). Before the fix every stage was
// built, however many.
func TestDefect2_GoogleStageBound(t *testing.T) {
	start := time.Date(2024, 10, 19, 22, 30, 0, 0, time.UTC)
	const n = 20161
	stages := make([]any, n)
	for i := range stages {
		typ := "LIGHT"
		if i%2 == 1 {
			typ = "DEEP"
		}
		from := start.Add(time.Duration(i) * 15 * time.Second)
		stages[i] = map[string]any{"startTime": from.Format(time.RFC3339), "startUtcOffset": "3600s",
			"endTime": from.Add(15 * time.Second).Format(time.RFC3339), "endUtcOffset": "3600s", "type": typ}
	}
	body := londonNight(t, func(s map[string]any) {
		s["interval"].(map[string]any)["endTime"] = start.Add(n * 15 * time.Second).Format(time.RFC3339)
		delete(s["interval"].(map[string]any), "civilEndTime")
		s["stages"] = stages
	})
	page, err := DecodeList("sleep", body)
	if err != nil {
		t.Fatal(err)
	}
	sleeps, err := NormalizeSleeps(page.DataPoints)
	if len(sleeps) > 0 {
		t.Errorf("%d stages built", len(sleeps[0].Stages))
	}
	var de *fetch.DecodeError
	if !errors.As(err, &de) || de.Provider != Name || de.Endpoint != EndpointSleep || de.Field != "dataPoints[0].sleep.stages" ||
		!strings.Contains(err.Error(), "20161 stages") {
		t.Fatalf("err = %v, want a DecodeError for googlehealth sleep dataPoints[0].sleep.stages", err)
	}
}
