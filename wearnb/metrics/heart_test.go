package metrics

import (
	"math"
	"testing"
	"time"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/sandbox/synth"
)

func hr(t time.Time, bpm float64, local bool) wearnb.HeartRate {
	return wearnb.HeartRate{Time: t, BPM: bpm, Local: local}
}

func TestHeartRateSeriesHandComputed(t *testing.T) {
	est := time.FixedZone("EST", -5*3600)
	edt := time.FixedZone("EDT", -4*3600)
	s := HeartRateSeries([]wearnb.HeartRate{
		// 2024-11-02 23:59:10 and :40 local: one epoch, mean 55.
		hr(time.Date(2024, 11, 2, 23, 59, 10, 0, edt), 50, true),
		hr(time.Date(2024, 11, 2, 23, 59, 40, 0, edt), 60, true),
		// The hour repeated in autumn: 01:30 EDT and 01:30 EST are one clock
		// epoch of 2024-11-03, mean 51.
		hr(time.Date(2024, 11, 3, 1, 30, 0, 0, edt), 48, true),
		hr(time.Date(2024, 11, 3, 1, 30, 20, 0, est), 54, true),
		// Oura-style UTC sample, read in New York: 2024-11-03 12:00 UTC is
		// 07:00 EST.
		hr(time.Date(2024, 11, 3, 12, 0, 0, 0, time.UTC), 70, false),
	}, time.Minute, nyc)
	if got := len(s.Values); got != 2*1440 {
		t.Fatalf("%d values, want two local days of minutes", got)
	}
	if !s.Start.Equal(time.Date(2024, 11, 2, 0, 0, 0, 0, time.UTC)) || s.Epoch != time.Minute {
		t.Fatalf("start %v epoch %v", s.Start, s.Epoch)
	}
	near(t, "23:59 of Nov 2", s.Values[1439], 55, 0)
	near(t, "01:30 of Nov 3 (both occurrences)", s.Values[1440+90], 51, 0)
	near(t, "07:00 of Nov 3 (UTC sample in New York)", s.Values[1440+7*60], 70, 0)
	missing := 0
	for k := range s.Values {
		if s.IsMissing(k) {
			missing++
		}
	}
	if missing != 2*1440-3 {
		t.Errorf("%d missing epochs, want all but 3: no sample is not 0 bpm", missing)
	}
	// Without a location the UTC sample stays at 12:00.
	u := HeartRateSeries([]wearnb.HeartRate{hr(time.Date(2024, 11, 3, 12, 0, 0, 0, time.UTC), 70, false)}, 5*time.Minute, nil)
	if len(u.Values) != 288 || u.Values[144] != 70 {
		t.Errorf("UTC sample: %d values, [144] = %v", len(u.Values), u.Values[144])
	}
	if e := HeartRateSeries(nil, time.Minute, nil); len(e.Values) != 0 || e.Epoch != time.Minute {
		t.Errorf("no samples: %+v", e)
	}
}

// personHR is the synthetic person's heart rate over r, one sample a
// minute, as a provider that gives local offsets sends it.
func personHR(p *synth.Person, r wearnb.Range) []wearnb.HeartRate {
	from, _ := p.DaySpan(r.From)
	_, to := p.DaySpan(r.To)
	var out []wearnb.HeartRate
	for _, s := range p.HeartRate(from, to, time.Minute) {
		out = append(out, wearnb.HeartRate{Time: s.Time, Local: true, BPM: float64(s.BPM), Context: s.Context})
	}
	return out
}

func TestHeartRateRhythmOfThePerson(t *testing.T) {
	// Four weeks of the person's heart rate: the least active five hours
	// of the heart are the night (L5 starts between 23:00 and 03:00), the
	// rhythm is day-locked (IS well above noise) and the off-wrist gaps are
	// missing, not 0 bpm (L5 near the sleeping rate, not pulled down).
	r := wearnb.Range{From: wearnb.MustDate("2023-06-05"), To: wearnb.MustDate("2023-07-02")}
	typ := RestActivity(HeartRateSeries(personHR(synth.New(synth.Config{Seed: 1, NoTrips: true}), r), time.Minute, nil), RhythmOptions{})
	if typ.Days < 24 {
		t.Fatalf("%d valid days of heart rate in 28", typ.Days)
	}
	if s := typ.L5Start; !(s >= 23*60 || s <= 3*60) {
		t.Errorf("L5 of heart rate starts at %v min, want in the night", s)
	}
	if typ.L5 < 40 || typ.L5 > 65 || typ.M10 < typ.L5+10 {
		t.Errorf("L5 %.1f bpm, M10 %.1f bpm", typ.L5, typ.M10)
	}
	if typ.IS < 0.3 || math.IsNaN(typ.RA) || typ.RA > 0.5 {
		t.Errorf("IS %.3f, RA %.3f", typ.IS, typ.RA)
	}
	// An irregular sleeper's heart keeps a weaker day rhythm.
	irr := RestActivity(HeartRateSeries(personHR(synth.New(synth.Config{Seed: 1, NoTrips: true, Preset: synth.Irregular}), r), time.Minute, nil), RhythmOptions{})
	t.Logf("heart rate: typical IS %.3f IV %.3f L5 %.1f@%v M10 %.1f RA %.3f days %d; irregular IS %.3f RA %.3f", typ.IS, typ.IV, typ.L5, typ.L5Start, typ.M10, typ.RA, typ.Days, irr.IS, irr.RA)
	if irr.IS > typ.IS-0.05 {
		t.Errorf("IS of heart rate: irregular %.3f, typical %.3f: want at least 0.05 lower", irr.IS, typ.IS)
	}
}
