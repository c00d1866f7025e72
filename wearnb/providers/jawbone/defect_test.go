package jawbone_test

// The regression tests of issue 11's defects 2 and 3 for Jawbone. They use
// only what the package had before the fix (DecodeSleepsPage, DecodeTicks,
// SleepItem.Sleep, Stages, fetch.DecodeError), so this file also runs
// against the code before it, where every test fails.

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"wearnb.dev/wearnb/fetch"
	"wearnb.dev/wearnb/providers/jawbone"
)

func wantJawboneDecodeError(t *testing.T, err error, endpoint, field string, words ...string) {
	t.Helper()
	var de *fetch.DecodeError
	if !errors.As(err, &de) || de.Provider != "jawbone" || de.Endpoint != endpoint || de.Field != field {
		t.Fatalf("err = %v (%T), want a DecodeError for jawbone %s %s", err, err, endpoint, field)
	}
	for _, w := range words {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not say %q", err, w)
		}
	}
}

// Issue 11 defect 2, Jawbone's stage builder: no sleep has more than a
// week of 30-second ticks. Before the fix every tick became a stage.
func TestDefect2_JawboneTicks(t *testing.T) {
	const n = 20161
	var b strings.Builder
	b.WriteString(`{"meta":{"code":200},"data":{"items":[`)
	start := int64(1438657500)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"depth":%d,"time":%d}`, 2+i%2, start+int64(i)*15)
	}
	b.WriteString(`]}}`)
	env, err := jawbone.DecodeTicks([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	st, err := jawbone.Stages(env.Data.Items, time.Unix(start, 0), time.Unix(start+n*15, 0))
	if len(st) > 0 {
		t.Errorf("%d stages built", len(st))
	}
	wantJawboneDecodeError(t, err, "ticks", "data.items", "20161 ticks")
}

// Issue 11 defect 3, Jawbone: negative and overflowing durations were
// accepted silently (a sleep with −1 h of light sleep). Each is now a
// decode error naming the field.
func TestDefect3_JawboneImpossibleDurations(t *testing.T) {
	for _, tc := range []struct {
		field string
		value string
	}{
		{"duration", "-29400"}, {"light", "-3600"}, {"sound", "-1"}, {"rem", "-60"}, {"awake", "-5"},
		{"light", "9300000000"}, {"duration", "9300000000"},
	} {
		t.Run(tc.field+"="+tc.value, func(t *testing.T) {
			details := map[string]string{"duration": "29400", "light": "14400", "sound": "13500", "awake": "1500", "rem": "0", "asleep_time": "1438657500"}
			details[tc.field] = tc.value
			var d []string
			for k, v := range details {
				d = append(d, fmt.Sprintf("%q:%s", k, v))
			}
			// The documented sleep item (providers.md §3) with one total changed.
			body := `{"data":{"items":[{"xid":"s","title":"for 7h 45m","date":20150804,"time_created":1438657500,"time_completed":1438686900,` +
				`"details":{` + strings.Join(d, ",") + `}}]}}`
			env, err := jawbone.DecodeSleepsPage([]byte(body))
			if err != nil {
				t.Fatal(err)
			}
			_, err = env.Data.Items[0].Sleep(nil)
			wantJawboneDecodeError(t, err, "sleeps", "data.items.details."+tc.field, tc.value)
		})
	}
}
