package googlehealth

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"wearnb.dev/wearnb/fetch"
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
// normalizes what decodes, checks invariants and the JSON round trip.
func FuzzDataPoints(f *testing.F) {
	addFiles(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, typ := range []string{"sleep", "steps"} {
			page, err := DecodeList(typ, body)
			decodeErrorOnly(t, err)
			if err != nil {
				continue
			}
			enc, err := json.Marshal(page)
			if err != nil {
				t.Fatal(err)
			}
			again, err := DecodeList(typ, enc)
			if err != nil || !reflect.DeepEqual(page, again) {
				t.Fatalf("round trip: %v\n%s", err, enc)
			}
			if typ == "sleep" {
				sleeps, err := NormalizeSleeps(page.DataPoints)
				decodeErrorOnly(t, err)
				for i, s := range sleeps {
					if s.End.Before(s.Start) || (i > 0 && s.Start.Before(sleeps[i-1].Start)) {
						t.Fatalf("sleep %d out of order or reversed", i)
					}
					// The time in bed adds up, unless minutesAsleep alone
					// overruns it or nothing splits it (no summary, no stages).
					known := s.Latency+s.Asleep+s.Awake > 0
					if s.Latency < 0 || s.Awake < 0 || (known && s.Asleep <= s.InBed && s.Latency+s.Asleep+s.Awake != s.InBed) {
						t.Fatalf("sleep %d: in bed %v, latency %v + asleep %v + awake %v", i, s.InBed, s.Latency, s.Asleep, s.Awake)
					}
					for j := 1; j < len(s.Stages); j++ {
						if s.Stages[j].Start.Before(s.Stages[j-1].End()) || s.Stages[j].Duration <= 0 {
							t.Fatalf("sleep %d stage %d overlaps or is empty", i, j)
						}
					}
				}
				continue
			}
			hours, days, err := NormalizeSteps(page.DataPoints)
			decodeErrorOnly(t, err)
			if err == nil {
				h, d := 0, 0
				for _, x := range hours {
					h += x.Steps
				}
				for _, x := range days {
					d += x.Steps
				}
				if h != d {
					t.Fatalf("hours sum %d, days sum %d", h, d)
				}
			}
		}
	})
}
