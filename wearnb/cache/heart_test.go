package cache

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"wearnb.dev/wearnb"
)

func fmtHR(h wearnb.HeartRate) string {
	off, ok := h.UTCOffset()
	return fmt.Sprintf("%s|%s|%v|%v|%v|%q|%s", h.Provider, h.Time.Format(time.RFC3339Nano), off, ok, h.BPM, h.Context, h.Time.Location())
}

// TestHeartRoundTrip stores samples with and without a known offset and
// context, and vitals with measures missing, and reads them back as they
// were: unknown offsets and contexts stay unknown (NULL in the table), a
// measure not reported stays missing (NULL), never 0.
func TestHeartRoundTrip(t *testing.T) {
	c := openTemp(t)
	ny := time.FixedZone("", -5*3600)
	hs := []wearnb.HeartRate{
		{Provider: "rt", Time: time.Date(2024, 3, 9, 23, 59, 0, 250e6, ny), Local: true, BPM: 61, Context: wearnb.ContextAwake},
		{Provider: "rt", Time: time.Date(2024, 3, 10, 3, 0, 0, 0, ny), Local: true, BPM: 48.5, Context: wearnb.ContextSleep},
		{Provider: "rt", Time: time.Date(2024, 3, 10, 12, 0, 0, 0, time.UTC), BPM: 70}, // offset unknown, UTC date
		{Provider: "rt", Time: time.Date(2024, 3, 10, 18, 0, 0, 0, time.FixedZone("", 0)), Local: true, BPM: 90, Context: wearnb.ContextWorkout},
	}
	vs := []wearnb.Vitals{
		{Provider: "rt", SleepID: "s1", Date: wearnb.MustDate("2024-03-10"), Start: at("2024-03-09T23:15:00-05:00"),
			LowestHR: wearnb.Some(44.0), AverageHR: wearnb.Some(51.25), AverageHRV: wearnb.Some(0.0), RespiratoryRate: wearnb.Some(14.5)},
		{Provider: "rt", Date: wearnb.MustDate("2024-03-11"), SkinTempDev: wearnb.Some(-0.12)}, // keyed by date
	}
	p := batchProvider{name: "rt", streams: []wearnb.Stream{
		fixedStream("hr", wearnb.KindHeartRate, &wearnb.Batch{HeartRate: hs}),
		fixedStream("vitals", wearnb.KindVitals, &wearnb.Batch{Vitals: vs}),
	}}
	rep := sync1(t, c, p, rng("2024-03-09", "2024-03-11"), "2024-06-01")
	if rep.RowsWritten != len(hs)+len(vs) {
		t.Errorf("%d rows written, want %d", rep.RowsWritten, len(hs)+len(vs))
	}
	ctx := context.Background()
	got, err := c.HeartRate(ctx, "rt", "me", rng("2024-03-09", "2024-03-11"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(hs) {
		t.Fatalf("%d samples, want %d", len(got), len(hs))
	}
	for i := range hs {
		want := hs[i]
		if !want.Local {
			want.Time = want.Time.UTC()
		}
		if got[i].Local != want.Local || got[i].Context != want.Context || got[i].BPM != want.BPM || !got[i].Time.Equal(want.Time) {
			t.Errorf("sample %d: %s, want %s", i, fmtHR(got[i]), fmtHR(want))
		}
		if off, ok := got[i].UTCOffset(); ok {
			if wo, _ := want.UTCOffset(); off != wo {
				t.Errorf("sample %d: offset %v, want %v", i, off, wo)
			}
		}
	}
	// By date: the unknown-offset sample is dated by its UTC day.
	if one, _ := c.HeartRate(ctx, "rt", "me", rng("2024-03-09", "2024-03-09")); len(one) != 1 || one[0].BPM != 61 {
		t.Errorf("2024-03-09: %d samples", len(one))
	}
	var nullOff, nullCtx int
	if err := c.db.QueryRow(`SELECT count(*) FILTER (WHERE utc_offset_s IS NULL), count(*) FILTER (WHERE context IS NULL) FROM heart_rate`).Scan(&nullOff, &nullCtx); err != nil {
		t.Fatal(err)
	}
	if nullOff != 1 || nullCtx != 1 {
		t.Errorf("NULL offsets %d, contexts %d; want 1 and 1", nullOff, nullCtx)
	}

	gotV, err := c.Vitals(ctx, "rt", "me", rng("2024-03-09", "2024-03-11"))
	if err != nil {
		t.Fatal(err)
	}
	if len(gotV) != 2 || !reflect.DeepEqual(gotV[0].AverageHRV, wearnb.Some(0.0)) || gotV[0].SkinTempDev.OK() || gotV[0].SleepID != "s1" ||
		!gotV[0].Start.Equal(vs[0].Start) || gotV[0].LowestHR != wearnb.Some(44.0) || gotV[0].AverageHR != wearnb.Some(51.25) {
		t.Fatalf("vitals = %+v", gotV)
	}
	if v := gotV[1]; v.SleepID != "" || !v.Start.IsZero() || v.LowestHR.OK() || v.AverageHR.OK() || v.AverageHRV.OK() || v.RespiratoryRate.OK() ||
		v.SkinTempDev != wearnb.Some(-0.12) {
		t.Errorf("vitals keyed by date = %+v", v)
	}
	var nulls int
	if err := c.db.QueryRow(`SELECT count(*) FROM vitals WHERE key = 'date:2024-03-11'
		AND lowest_hr IS NULL AND average_hr IS NULL AND average_hrv IS NULL AND respiratory_rate IS NULL AND start_time IS NULL`).Scan(&nulls); err != nil || nulls != 1 {
		t.Errorf("vitals keyed by date: want NULL measures in the table (%d, %v)", nulls, err)
	}
}

// TestVitalsAttachToMainSleep: vitals keyed by date come back with the id
// and start of that date's cached main sleep, not a nap's.
func TestVitalsAttachToMainSleep(t *testing.T) {
	c := openTemp(t)
	night := wearnb.Sleep{Provider: "p", SourceID: "night", Start: at("2024-05-01T23:00:00-04:00"), End: at("2024-05-02T07:00:00-04:00"),
		Date: wearnb.MustDate("2024-05-02"), IsMain: true}
	nap := wearnb.Sleep{Provider: "p", SourceID: "nap", Start: at("2024-05-02T14:00:00-04:00"), End: at("2024-05-02T14:30:00-04:00"),
		Date: wearnb.MustDate("2024-05-02")}
	p := batchProvider{name: "p", streams: []wearnb.Stream{
		fixedStream("sleep", wearnb.KindSleeps, &wearnb.Batch{Sleeps: []wearnb.Sleep{night, nap}}),
		fixedStream("vitals", wearnb.KindVitals, &wearnb.Batch{Vitals: []wearnb.Vitals{
			{Provider: "p", Date: wearnb.MustDate("2024-05-02"), AverageHRV: wearnb.Some(41.5)},
			{Provider: "p", Date: wearnb.MustDate("2024-05-03"), AverageHRV: wearnb.Some(40.0)}, // no sleep cached
		}}),
	}}
	sync1(t, c, p, rng("2024-05-01", "2024-05-03"), "2024-06-01")
	vs, err := c.Vitals(context.Background(), "p", "me", rng("2024-05-01", "2024-05-03"))
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 2 || vs[0].SleepID != "night" || !vs[0].Start.Equal(night.Start) || vs[1].SleepID != "" || !vs[1].Start.IsZero() {
		t.Errorf("vitals = %+v", vs)
	}
}

// TestMigrateFromVersion2 opens a cache written before the heart-rate
// tables existed (schema 2): its data stays, and the new tables are there.
func TestMigrateFromVersion2(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v2.db")
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(schema + "PRAGMA user_version = 2;"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO day_moves (provider, account, date, stream, source_id, steps, utc_offset_s)
		VALUES ('p', 'me', '2024-01-01', 'days', '', 100, 0)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	c, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var v int
	if err := c.db.QueryRow("PRAGMA user_version").Scan(&v); err != nil || v != schemaVersion {
		t.Errorf("user_version %d, %v; want %d", v, err, schemaVersion)
	}
	if d, err := c.Days(context.Background(), "p", "me", rng("2024-01-01", "2024-01-01")); err != nil || len(d) != 1 || d[0].Steps != wearnb.Some(100) {
		t.Errorf("old data: %v, %v", d, err)
	}
	if hs, err := c.HeartRate(context.Background(), "p", "me", rng("2024-01-01", "2024-01-01")); err != nil || len(hs) != 0 {
		t.Errorf("heart rate after migration: %v, %v", hs, err)
	}
	if vs, err := c.Vitals(context.Background(), "p", "me", rng("2024-01-01", "2024-01-01")); err != nil || len(vs) != 0 {
		t.Errorf("vitals after migration: %v, %v", vs, err)
	}
}

// TestHeartRefetchReplaces: a re-fetched chunk replaces the stream's
// samples dated in it, so a sample the provider dropped is gone.
func TestHeartRefetchReplaces(t *testing.T) {
	c := openTemp(t)
	loc := time.FixedZone("", 3600)
	b := &wearnb.Batch{}
	for i := range 3 {
		b.HeartRate = append(b.HeartRate, wearnb.HeartRate{Provider: "p", Time: time.Date(2024, 6, 1, 10, i, 0, 0, loc), Local: true, BPM: 60})
	}
	p := batchProvider{name: "p", streams: []wearnb.Stream{fixedStream("hr", wearnb.KindHeartRate, b)}}
	sync1(t, c, p, rng("2024-06-01", "2024-06-01"), "2024-06-01")
	b.HeartRate = b.HeartRate[:2]
	b.HeartRate[0].BPM = 58
	sync1(t, c, p, rng("2024-06-01", "2024-06-01"), "2024-06-01")
	hs, err := c.HeartRate(context.Background(), "p", "me", rng("2024-06-01", "2024-06-01"))
	if err != nil || len(hs) != 2 || hs[0].BPM != 58 {
		t.Errorf("after re-fetch: %v, %v", hs, err)
	}
}
