package wirejson

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"
)

// parseSlow is what the providers did before ParseRFC3339: time.Parse.
func parseSlow(s string) (time.Time, int, error) {
	v, err := time.Parse(time.RFC3339Nano, s)
	_, off := v.Zone()
	return v.UTC(), off, err
}

var rfc3339Seeds = []string{
	"2022-07-12T01:05:14-07:00", // Oura's documented form
	"2022-07-12T01:05:14.000-07:00",
	"2024-01-01T05:00:00Z", // Google Health
	"2024-01-01T05:00:00.123456789Z",
	"2024-02-29T23:59:59+05:30",
	"2023-02-29T00:00:00Z", // no such day
	"2024-13-01T00:00:00Z",
	"2024-01-01T24:00:00Z",
	"2024-01-01T1:00:00Z", // time.Parse takes a one-digit hour
	"2024-01-01T10:00:00,5Z",
	"2024-01-01T10:00:00.Z",
	"2024-01-01T10:00:00.1234567891Z",
	"2024-01-01T10:00:00+24:00",
	"2024-01-01T10:00:00+0100",
	"2024-01-01T10:00:00z",
	"0000-01-01T00:00:00Z",
	"9999-12-31T23:59:59.999999999-23:59",
	"2022-07-12 01:05:14Z",
	"",
}

func TestParseRFC3339(t *testing.T) {
	for _, s := range rfc3339Seeds {
		checkRFC3339(t, s)
	}
	got, off, err := ParseRFC3339([]byte("2022-07-12T01:05:14.5-07:00"))
	want := time.Date(2022, 7, 12, 8, 5, 14, 5e8, time.UTC)
	if err != nil || !got.Equal(want) || got.Location() != time.UTC || off != -7*3600 {
		t.Errorf("got %v %d %v, want %v -25200", got, off, err, want)
	}
}

func checkRFC3339(t *testing.T, s string) {
	t.Helper()
	got, off, err := ParseRFC3339([]byte(s))
	want, woff, werr := parseSlow(s)
	if (err == nil) != (werr == nil) || (err != nil && err.Error() != werr.Error()) {
		t.Fatalf("%q: err %v, time.Parse says %v", s, err, werr)
	}
	if err == nil && (got != want || off != woff) {
		t.Fatalf("%q: got %v (offset %d), time.Parse gives %v (offset %d)", s, got, off, want, woff)
	}
}

// FuzzParseRFC3339 checks the fixed-layout parser against time.Parse on any
// input: same instant, offset and error.
func FuzzParseRFC3339(f *testing.F) {
	for _, s := range rfc3339Seeds {
		f.Add(s)
	}
	f.Fuzz(checkRFC3339)
}

func TestParseLocal(t *testing.T) {
	for s, want := range map[string]time.Time{
		"2020-10-10T01:46:30.000": time.Date(2020, 10, 10, 1, 46, 30, 0, time.UTC),
		"2020-10-10T01:46:30":     time.Date(2020, 10, 10, 1, 46, 30, 0, time.UTC),
		"2020-10-10T01:46:30.25":  time.Date(2020, 10, 10, 1, 46, 30, 25e7, time.UTC),
	} {
		got, ok := ParseLocal([]byte(s))
		if !ok || got != want {
			t.Errorf("ParseLocal(%q) = %v, %v; want %v", s, got, ok, want)
		}
	}
	for _, s := range []string{"2020-10-10T01:46", "2020-10-10T01:46:30Z", "2020-10-10T01:46:30.", "2020-02-30T00:00:00"} {
		if got, ok := ParseLocal([]byte(s)); ok {
			t.Errorf("ParseLocal(%q) = %v, want not ok", s, got)
		}
	}
}

// FuzzParseLocal checks that whatever ParseLocal accepts, time.Parse reads
// the same with the layout of seconds (which also takes any fraction).
func FuzzParseLocal(f *testing.F) {
	for _, s := range []string{"2020-10-10T01:46:30.000", "2020-10-10T01:46:30", "2020-10-10T01:46", "2020-10-10T01:46:30.123456789"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := ParseLocal([]byte(s))
		want, err := time.Parse("2006-01-02T15:04:05", s)
		if ok && (err != nil || got != want) {
			t.Fatalf("ParseLocal(%q) = %v, time.Parse gives %v, %v", s, got, want, err)
		}
		if !ok && err == nil && len(s) >= 19 && s[0] != ' ' && len(s) <= 29 && !hasComma(s) {
			// time.Parse accepted it; only forms it reads leniently
			// (one-digit hour, comma fraction) may miss the fast path.
			if s[11] >= '0' && s[11] <= '9' && s[12] >= '0' && s[12] <= '9' {
				t.Fatalf("ParseLocal(%q) refused what time.Parse reads as %v", s, want)
			}
		}
	})
}

func hasComma(s string) bool {
	for i := range len(s) {
		if s[i] == ',' {
			return true
		}
	}
	return false
}

func BenchmarkParseRFC3339(b *testing.B) {
	s := []byte("2022-07-12T01:05:14.000-07:00")
	b.Run("fixed", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := ParseRFC3339(s); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("time.Parse", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := parseSlow(string(s)); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// FuzzString checks String's fast path against encoding/json, and Bytes
// against String.
func FuzzString(f *testing.F) {
	for _, s := range []string{`"abc"`, `"a\"b"`, `"\u00e9t\u00e9"`, `"été"`, "\"\xff\"", `null`, ` "x" `, `"a"b"`, "\"a\tb\"", `""`, `5`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got, isNull, ok := String([]byte(raw))
		var want *string
		// What String did before its fast path: trim, then encoding/json.
		err := json.Unmarshal(bytes.TrimSpace([]byte(raw)), &want)
		switch {
		case err != nil || (want == nil && !isNull):
			if ok && err != nil {
				t.Fatalf("String(%q) = %q, ok; encoding/json says %v", raw, got, err)
			}
		case want == nil:
			if !isNull || !ok {
				t.Fatalf("String(%q) not null", raw)
			}
		default:
			if !ok || got != *want {
				t.Fatalf("String(%q) = %q, %v; encoding/json gives %q", raw, got, ok, *want)
			}
		}
		b, bnull, bok := Bytes([]byte(raw))
		if string(b) != got || bnull != isNull || bok != ok {
			t.Fatalf("Bytes(%q) = %q %v %v, String gives %q %v %v", raw, b, bnull, bok, got, isNull, ok)
		}
	})
}

// FuzzNullableFloats checks NullableFloats against encoding/json decoding
// into []*float64 on whatever encoding/json accepts as JSON.
func FuzzNullableFloats(f *testing.F) {
	for _, s := range []string{`[1,null,2.5]`, `[]`, ` [ -1e3 , null ] `, `[1e400]`, `["x"]`, `null`, `[[1]]`, `[true]`, `[0.1,1E-5,-0]`, `[1,]`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		if !json.Valid([]byte(raw)) {
			return // decoders only hand valid JSON to UnmarshalJSON
		}
		got, ok := NullableFloats([]byte(raw))
		var want []*float64
		err := json.Unmarshal([]byte(raw), &want)
		if !ok {
			return // the caller falls back to encoding/json
		}
		if err != nil || len(got) != len(want) || (got == nil) != (want == nil) {
			t.Fatalf("NullableFloats(%q) = %d items; encoding/json: %d items, %v", raw, len(got), len(want), err)
		}
		for i := range got {
			if (got[i] == nil) != (want[i] == nil) || got[i] != nil && *got[i] != *want[i] {
				t.Fatalf("NullableFloats(%q)[%d] differs", raw, i)
			}
		}
	})
}
