package oura_test

// The regression tests of issue 11's defects 2 and 3 for Oura. They use
// only what the package had before the fix (the decoders, Normalize,
// fetch.DecodeError), so this file also runs against the code before it,
// where every test fails.

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/fetch"
	"wearnb.dev/wearnb/internal/peakmem"
	"wearnb.dev/wearnb/providers/oura"
)

// documented returns the body of sleep_documented.json (the sleep document
// of the reference, providers.md §2) after edit changes its one document.
func documented(t testing.TB, edit func(doc map[string]any)) []byte {
	t.Helper()
	var page map[string]any
	if err := json.Unmarshal(readTestdata(t, "sleep_documented.json"), &page); err != nil {
		t.Fatal(err)
	}
	edit(page["data"].([]any)[0].(map[string]any))
	b, err := json.Marshal(page)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func normalizeOne(t testing.TB, body []byte) (wearnb.Sleep, error) {
	t.Helper()
	p, err := oura.DecodeSleepPage(body)
	if err != nil {
		return wearnb.Sleep{}, err
	}
	if len(p.Data) != 1 {
		t.Fatalf("%d documents", len(p.Data))
	}
	return p.Data[0].Normalize()
}

// wantDecodeError fails unless err is a *fetch.DecodeError for oura's
// sleep endpoint and field whose message contains every word of want.
func wantDecodeError(t *testing.T, err error, field string, want ...string) {
	t.Helper()
	var de *fetch.DecodeError
	if !errors.As(err, &de) || de.Provider != "oura" || de.Endpoint != "sleep" || de.Field != field {
		t.Fatalf("err = %v (%T), want a DecodeError for oura sleep %s", err, err, field)
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not say %q", err, w)
		}
	}
}

// Issue 11 defect 2: a sleep_phase_5_min string of megabytes, or a "night"
// of decades, expanded into millions of stages (52 MB took the process to
// ~6 GB and out of memory). Now both are decode errors naming provider,
// endpoint and field, found before any stage is built, and decoding stays
// within trustcheck's memory bound. On the code before the fix the first
// two cases give no error (the string is only clipped at bedtime_end; the
// decades-long night builds a stage per character).
func TestDefect2_OuraUnboundedStages(t *testing.T) {
	huge := strings.Repeat("12", 1<<20) // 2 MB, alternating: one stage per character if expanded
	for _, tc := range []struct {
		name  string
		edit  func(map[string]any)
		field string
		words []string
	}{
		{"a 2 MB phase string over a week", func(d map[string]any) {
			d["bedtime_end"] = "2022-07-19T01:05:14-07:00"
			d["sleep_phase_5_min"] = huge
		}, "data.sleep_phase_5_min", []string{"2097152 phase characters", "7 days"}},
		{"a 2 MB phase string over decades", func(d map[string]any) {
			d["bedtime_start"] = "1990-07-12T01:05:14-07:00"
			d["sleep_phase_5_min"] = huge
		}, "data.bedtime_end", []string{"more than 7 days"}},
		{"a night of decades", func(d map[string]any) { d["bedtime_end"] = "2052-07-12T09:25:14-07:00" },
			"data.bedtime_end", []string{"more than 7 days"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := documented(t, tc.edit)
			var err error
			var s wearnb.Sleep
			used := peakmem.Allocated(func() { s, err = normalizeOne(t, body) })
			if len(s.Stages) > 0 {
				t.Errorf("%d stages built", len(s.Stages))
			}
			if limit := uint64(8 * len(body)); used > limit {
				t.Errorf("decoding a %d-byte body allocated %d bytes, more than %d", len(body), used, limit)
			}
			wantDecodeError(t, err, tc.field, tc.words...)
		})
	}
	// The longest string a record may have still decodes (a week of
	// slots), into at most that many stages.
	s, err := normalizeOne(t, documented(t, func(d map[string]any) {
		d["bedtime_end"] = "2022-07-19T01:05:14-07:00"
		d["time_in_bed"] = 7 * 24 * 3600
		d["sleep_phase_5_min"] = strings.Repeat("12", 1008)
	}))
	if err != nil || len(s.Stages) != 2016 {
		t.Errorf("a week of slots: %d stages, %v", len(s.Stages), err)
	}
}

// Issue 11 defect 3: negative durations gave a row with −5 s asleep and −1 h
// deep, and 9.3e9 s overflowed time.Duration into −2.5 million hours
// asleep. Each is now a decode error naming provider, endpoint and field.
// On the code before the fix every case normalizes without an error.
func TestDefect3_OuraImpossibleDurations(t *testing.T) {
	for _, tc := range []struct {
		field string
		value any
		words []string
	}{
		{"total_sleep_duration", -5, []string{"-5 s", "negative"}},
		{"deep_sleep_duration", -3600, []string{"negative"}},
		{"latency", -1, []string{"negative"}},
		{"time_in_bed", -30000, []string{"negative"}},
		{"total_sleep_duration", 9.3e9, []string{"9300000000 s", "more than 7 days"}},
		{"awake_time", 9.3e9, []string{"more than 7 days"}},
	} {
		t.Run(tc.field, func(t *testing.T) {
			_, err := normalizeOne(t, documented(t, func(d map[string]any) { d[tc.field] = tc.value }))
			wantDecodeError(t, err, "data."+tc.field, tc.words...)
			if !strings.HasPrefix(err.Error(), "fetch: oura sleep: decoding data."+tc.field+": ") {
				t.Errorf("message %q does not name provider, endpoint and field first", err)
			}
		})
	}
	// A week exactly is still a duration, if an implausible (flagged) one.
	if _, err := normalizeOne(t, documented(t, func(d map[string]any) {
		d["awake_time"] = 7 * 24 * 3600
	})); err != nil {
		t.Errorf("awake_time of exactly 7 days: %v", err)
	}
}
