package wearnb

import (
	"testing"
	"time"
)

func TestBatchOnlyHeart(t *testing.T) {
	b := &Batch{Sleeps: []Sleep{{}}, HeartRate: []HeartRate{{BPM: 60}}, Vitals: []Vitals{}}
	if o := b.Only(KindHeartRate); len(o.HeartRate) != 1 || o.Vitals != nil || o.Sleeps != nil {
		t.Errorf("Only(heart rate) = %+v", o)
	}
	if o := b.Only(KindVitals); o.Vitals == nil || o.HeartRate != nil {
		t.Errorf("Only(vitals) = %+v", o)
	}
}

func TestHeartRateOffsetAndDate(t *testing.T) {
	at := time.Date(2024, 3, 1, 23, 30, 0, 0, FixedZone(-5*3600))
	local := HeartRate{Time: at, Local: true}
	if off, ok := local.UTCOffset(); !ok || off != -5*time.Hour || local.Date() != MustDate("2024-03-01") {
		t.Errorf("local sample: %v %v %v", off, ok, local.Date())
	}
	utc := HeartRate{Time: at.UTC()}
	if off, ok := utc.UTCOffset(); ok || off != 0 || utc.Date() != MustDate("2024-03-02") {
		t.Errorf("sample without offset: %v %v, dated %v", off, ok, utc.Date())
	}
}

func TestSortHeartRate(t *testing.T) {
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	hs := []HeartRate{{Time: t0.Add(2 * time.Minute), BPM: 3}, {Time: t0, BPM: 1}, {Time: t0.Add(time.Minute), BPM: 2},
		{Time: t0.Add(time.Minute).In(FixedZone(3600)), BPM: 9}} // the same instant again
	got := SortHeartRate(hs)
	if len(got) != 3 || got[0].BPM != 1 || got[1].BPM != 2 || got[2].BPM != 3 {
		t.Errorf("SortHeartRate = %+v", got)
	}
}

func TestAttachVitals(t *testing.T) {
	night := Sleep{SourceID: "n", Date: MustDate("2024-05-02"), Start: time.Date(2024, 5, 1, 23, 0, 0, 0, time.UTC), IsMain: true}
	nap := Sleep{SourceID: "nap", Date: MustDate("2024-05-02"), Start: time.Date(2024, 5, 2, 14, 0, 0, 0, time.UTC)}
	vs := []Vitals{
		{Date: MustDate("2024-05-02"), AverageHRV: Some(40.0)},
		{SleepID: "own", Date: MustDate("2024-05-02")},
		{Date: MustDate("2024-05-03")},
	}
	got := AttachVitals(vs, []Sleep{nap, night})
	if got[0].SleepID != "n" || !got[0].Start.Equal(night.Start) || got[1].SleepID != "own" || got[2].SleepID != "" || vs[0].SleepID != "" {
		t.Errorf("AttachVitals = %+v (input %+v)", got, vs)
	}
	if got[0].Key() != "n" || got[2].Key() != "date:2024-05-03" {
		t.Errorf("keys %q %q", got[0].Key(), got[2].Key())
	}
}
