package googlehealth

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/fetch"
	"wearnb.dev/wearnb/internal/trustcheck"
)

func addFiles(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.json")
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

func decodeErrorOnly(t *testing.T, err error) {
	t.Helper()
	var de *fetch.DecodeError
	if err != nil && !errors.As(err, &de) {
		t.Fatalf("error is %T, want *fetch.DecodeError: %v", err, err)
	}
}

// FuzzDataPoints decodes any body as a sleep page and as a steps page,
// normalizes what decodes, checks invariants and the JSON round trip, and
// issue 9's: a summary value the point does not send is missing in the
// record (unless the stages give it) and NaN in the frame, never 0; steps
// points give steps only; memory stays bounded by the body size.
func FuzzDataPoints(f *testing.F) {
	addFiles(f)
	f.Add([]byte(`{"dataPoints":[{"sleep":{"interval":{"startTime":"2024-11-03T03:00:00Z","endTime":"2024-11-03T03:00:00Z"},"summary":{"minutesAsleep":"0"}}}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, typ := range []string{"sleep", "steps"} {
			var (
				page      *ListResponse
				err, nerr error
				sleeps    []wearnb.Sleep
				hours     []wearnb.HourMoves
				days      []wearnb.DayMoves
			)
			trustcheck.Alloc(t, body, func() {
				if page, err = DecodeList(typ, body); err != nil {
					return
				}
				if typ == "sleep" {
					sleeps, nerr = NormalizeSleeps(page.DataPoints)
				} else {
					hours, days, nerr = NormalizeSteps(page.DataPoints)
				}
			})
			decodeErrorOnly(t, err)
			if err != nil {
				continue
			}
			decodeErrorOnly(t, nerr)
			enc, err := json.Marshal(page)
			if err != nil {
				t.Fatal(err)
			}
			again, err := DecodeList(typ, enc)
			if err != nil || !reflect.DeepEqual(page, again) {
				t.Fatalf("round trip: %v\n%s", err, enc)
			}
			if nerr != nil {
				continue
			}
			if typ == "sleep" {
				for i, s := range sleeps {
					if (s.End.Before(s.Start) != (s.Flag == wearnb.FlagEndsBeforeStart)) || (i > 0 && s.Start.Before(sleeps[i-1].Start)) {
						t.Fatalf("sleep %d out of order, or reversed and not flagged (%q)", i, s.Flag)
					}
					// The time in bed adds up where all four are known,
					// unless minutesAsleep alone overruns it.
					if s.Latency.Or(0) < 0 || s.Awake.Or(0) < 0 ||
						(s.Awake.OK() && s.Asleep.Or(0) <= s.InBed.Or(0) && wearnb.Sum(s.Latency, s.Asleep, s.Awake) != s.InBed) {
						t.Fatalf("sleep %d: %s", i, trustcheck.Describe(s))
					}
					if len(s.Stages) == 0 && (s.Awakenings.OK() || s.Deep.OK() && !hasBreakdown(page.DataPoints)) {
						t.Fatalf("sleep %d without stages: %s", i, trustcheck.Describe(s))
					}
					for j := 1; j < len(s.Stages); j++ {
						if s.Stages[j].Start.Before(s.Stages[j-1].End()) || s.Stages[j].Duration <= 0 {
							t.Fatalf("sleep %d stage %d overlaps or is empty", i, j)
						}
					}
				}
				if len(page.DataPoints) == 1 && len(sleeps) == 1 {
					sum, s := page.DataPoints[0].Sleep.Summary, sleeps[0]
					if len(s.Stages) == 0 && (sum == nil || sum.MinutesAsleep == nil) && s.Asleep.OK() {
						t.Fatalf("no minutesAsleep and no stages, but asleep %v", s.Asleep)
					}
					if len(s.Stages) == 0 && (sum == nil || sum.MinutesToFallAsleep == nil) && s.Latency.OK() {
						t.Fatalf("no minutesToFallAsleep and no stages, but latency %v", s.Latency)
					}
				}
				trustcheck.Frames(t, sleeps, nil, nil)
				continue
			}
			h, d := 0, 0
			for _, x := range hours {
				h += x.Steps.Or(0)
				if x.DistanceM.OK() || x.CaloriesKcal.OK() || x.ActiveSeconds.OK() {
					t.Fatalf("a steps point gave %+v", x)
				}
			}
			for _, x := range days {
				d += x.Steps.Or(0)
				if x.DistanceM.OK() || x.CaloriesKcal.OK() || x.ActiveMinutes.OK() || x.RestingHR.OK() {
					t.Fatalf("a steps point gave %+v", x)
				}
			}
			if h != d {
				t.Fatalf("hours sum %d, days sum %d", h, d)
			}
			for _, p := range page.DataPoints {
				if p.Steps != nil && p.Steps.Count == nil && len(page.DataPoints) == 1 && (len(days) > 0 && days[0].Steps.OK()) {
					t.Fatalf("a point without a count gave steps %v", days[0].Steps)
				}
			}
			trustcheck.Frames(t, nil, days, hours)
		}
	})
}

// hasBreakdown reports whether some point's summary lists deep, light or
// REM minutes.
func hasBreakdown(points []DataPoint) bool {
	for _, p := range points {
		if p.Sleep != nil && p.Sleep.Summary != nil {
			for _, ss := range p.Sleep.Summary.StagesSummary {
				if ss.Type == StageDeep || ss.Type == StageLight || ss.Type == StageREM {
					return true
				}
			}
		}
	}
	return false
}
