package frames

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
)

// jawboneSleeps is shaped like the sleeps the original notebook printed:
// body and quality are "" on some nights and 0 on others, sunrise is null,
// smart_alarm_fire is "" or an epoch.
const jawboneSleeps = `[
 {"date": 20160128, "xid": "1zcGUfR4KpPVnjNu", "shared": true, "sub_type": 0, "title": "for 6h 41m",
  "details": {"asleep_time": 1453962674, "awake": 1171, "awakenings": 1, "body": "", "duration": 25256,
   "light": 12407, "quality": "", "smart_alarm_fire": "", "sound": 11678, "sunrise": null, "tz": "America/New_York"}},
 {"date": 20160125, "xid": "VPXBDG6bvPn8UR0f", "shared": true, "sub_type": 0, "title": "for 0m",
  "details": {"asleep_time": 1453706348, "awake": 0, "awakenings": 0, "body": 0, "duration": 0,
   "light": 0, "quality": 0, "smart_alarm_fire": 1453729200, "sound": 0, "sunrise": null, "tz": "America/New_York"}},
 {"date": 20160121, "xid": "VPXBDG6bvPkv2qsQ", "shared": false, "sub_type": 2, "title": "for 43m",
  "details": {"asleep_time": 1453353911, "awake": 120.5, "awakenings": 0, "body": 0, "duration": 2632,
   "light": 2512, "quality": 77, "sound": 0, "sunrise": null, "tz": "America/New_York", "extra": {"x": 1}}}
]`

func TestFlattenJawboneSleeps(t *testing.T) {
	df, err := FlattenJSON([]byte(jawboneSleeps))
	if err != nil {
		t.Fatal(err)
	}
	// Order of first appearance, dotted names; extra.x appears only in the
	// third item, so it comes last.
	wantTypes := "date:int xid:string shared:bool sub_type:int title:string details.asleep_time:int " +
		"details.awake:float details.awakenings:int details.body:int details.duration:int details.light:int " +
		"details.quality:int details.smart_alarm_fire:int details.sound:int details.sunrise:float " +
		"details.tz:string details.extra.x:int"
	if got := strings.Join(typesOf(df), " "); got != wantTypes {
		t.Errorf("columns\n got %s\nwant %s", got, wantTypes)
	}
	checkColumns(t, df, map[string][]string{
		"date":                     {"20160128", "20160125", "20160121"},
		"shared":                   {"true", "true", "false"},
		"details.awake":            {"1171", "0", "120.5"},
		"details.body":             {"NaN", "0", "0"},            // "" is missing
		"details.quality":          {"NaN", "0", "77"},           // "" is missing
		"details.smart_alarm_fire": {"NaN", "1453729200", "NaN"}, // "", epoch, absent
		"details.sunrise":          {"NaN", "NaN", "NaN"},        // always null
		"details.extra.x":          {"NaN", "NaN", "1"},          // absent, absent, 1
		"details.tz":               {"America/New_York", "America/New_York", "America/New_York"},
	})
}

func TestFlatten(t *testing.T) {
	for _, tc := range []struct {
		name  string
		in    string
		opts  []FlattenOption
		types string              // "name:type ..."
		want  map[string][]string // column values
	}{
		{
			name:  "arrays stay JSON text",
			in:    `[{"tzs": [[1453957259, "America/New_York"]], "n": 1}, {"tzs": [], "n": 2}]`,
			types: "tzs:string n:int",
			want:  map[string][]string{"tzs": {`[[1453957259,"America/New_York"]]`, "[]"}},
		},
		{
			name:  "ints and floats mix to float",
			in:    `[{"v": 1}, {"v": 2.5}, {"v": -3e2}, {}]`,
			types: "v:float",
			want:  map[string][]string{"v": {"1", "2.5", "-300", "NaN"}},
		},
		{
			name:  "too big for int",
			in:    `[{"v": 12345678901234567890}, {"v": 1}]`,
			types: "v:float",
			want:  map[string][]string{"v": {"1.2345678901234567e+19", "1"}},
		},
		{
			name:  "real strings win over numbers",
			in:    `[{"tz": "America/Denver"}, {"tz": -21600}, {"tz": ""}, {"tz": true}]`,
			types: "tz:string",
			want:  map[string][]string{"tz": {"America/Denver", "-21600", "", "true"}},
		},
		{
			name:  "bools with missing",
			in:    `[{"b": true}, {"b": null}, {"b": ""}, {"b": false}]`,
			types: "b:bool",
			want:  map[string][]string{"b": {"true", "NaN", "NaN", "false"}},
		},
		{
			name:  "bool and number is text",
			in:    `[{"b": true}, {"b": 0}]`,
			types: "b:string",
			want:  map[string][]string{"b": {"true", "0"}},
		},
		{
			name:  "only empty strings",
			in:    `[{"s": ""}, {"s": null}]`,
			types: "s:string",
			want:  map[string][]string{"s": {"", "NaN"}},
		},
		{
			name: "deep nesting and depth limit",
			in: `[{"details": {"steps": 10, "hourly_totals": {"2016012800": {"steps": 4}, "2016012801": {"steps": 6}}}},
			      {"details": {"steps": 11, "hourly_totals": {}}}]`,
			types: "details.steps:int details.hourly_totals.2016012800.steps:int details.hourly_totals.2016012801.steps:int",
			want:  map[string][]string{"details.hourly_totals.2016012801.steps": {"6", "NaN"}},
		},
		{
			name:  "MaxDepth keeps deeper objects as JSON",
			in:    `[{"details": {"steps": 10, "hourly_totals": {"2016012800": {"steps": 4}}}}]`,
			opts:  []FlattenOption{MaxDepth(2)},
			types: "details.steps:int details.hourly_totals:string",
			want:  map[string][]string{"details.hourly_totals": {`{"2016012800":{"steps":4}}`}},
		},
		{
			name:  "MaxDepth 1",
			in:    `[{"a": {"b": 1}, "c": 2}]`,
			opts:  []FlattenOption{MaxDepth(1)},
			types: "a:string c:int",
			want:  map[string][]string{"a": {`{"b":1}`}},
		},
		{
			name:  "object in one item, scalar in another",
			in:    `[{"a": {"b": 1}}, {"a": 5}]`,
			types: "a.b:int a:int",
			want:  map[string][]string{"a.b": {"1", "NaN"}, "a": {"NaN", "5"}},
		},
		{
			name:  "duplicate key: last wins",
			in:    `[{"a": 1, "a": 2}]`,
			types: "a:int",
			want:  map[string][]string{"a": {"2"}},
		},
		{
			name:  "unicode and escapes",
			in:    `[{"name": "Schlaf \u00fcber \"Nacht\"", "x": 1}]`,
			types: "name:string x:int",
			want:  map[string][]string{"name": {`Schlaf über "Nacht"`}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			df, err := FlattenJSON([]byte(tc.in), tc.opts...)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(typesOf(df), " "); got != tc.types {
				t.Errorf("columns\n got %s\nwant %s", got, tc.types)
			}
			checkColumns(t, df, tc.want)
		})
	}
}

func TestFlattenEmptyAndErrors(t *testing.T) {
	for _, in := range []string{`[]`, `null`, `[{}, {}]`} {
		df, err := FlattenJSON([]byte(in))
		if err != nil || df.Ncol() != 0 {
			t.Errorf("FlattenJSON(%s) = %d columns, %v; want an empty frame", in, df.Ncol(), err)
		}
	}
	if df, err := Flatten(nil); err != nil || df.Ncol() != 0 || df.Err != nil {
		t.Errorf("Flatten(nil) = %v, %v", df, err)
	}
	for _, tc := range []struct{ in, want string }{
		{`{"a": 1}`, "want a JSON array of objects"},
		{`[1, 2]`, "flatten item 0: not a JSON object"},
		{`[{"a": 1}, null]`, "flatten item 1: not a JSON object"},
		{`[{"a": 1}, "x"]`, "flatten item 1: not a JSON object"},
		{`[{"a": 1`, "want a JSON array"},
	} {
		_, err := FlattenJSON([]byte(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "frames: ") {
			t.Errorf("FlattenJSON(%s) error %v, want it to mention %q", tc.in, err, tc.want)
		}
	}
	// Raw messages can be passed one by one, e.g. from a provider page.
	df, err := Flatten([]json.RawMessage{json.RawMessage(`{"steps": 3}`), json.RawMessage(` {"steps": 4} `)})
	if err != nil || strings.Join(values(t, df, "steps"), ",") != "3,4" {
		t.Errorf("Flatten raw messages: %v", err)
	}
}

// FuzzFlatten checks that any input either fails cleanly or gives a frame
// with one row per item, unique column names, and the same result twice.
func FuzzFlatten(f *testing.F) {
	for _, s := range []string{
		jawboneSleeps, `[]`, `null`, `[{"a":{"b":[1,{"c":2}]},"d":""}]`, `[{"a":1},{"a":""},{"a":true}]`,
		`[{"":1,".":{"":2}}]`, `[{"x":1e999}]`, `[{"a":"NaN"}]`, `[1]`, `{`,
	} {
		f.Add([]byte(s), uint8(0))
	}
	f.Fuzz(func(t *testing.T, data []byte, depth uint8) {
		opts := []FlattenOption{MaxDepth(int(depth % 4))}
		df, err := FlattenJSON(data, opts...)
		if err != nil {
			if df.Ncol() != 0 {
				t.Errorf("error %v with a non-empty frame", err)
			}
			return
		}
		var items []json.RawMessage
		if err := json.Unmarshal(data, &items); err != nil {
			t.Fatalf("FlattenJSON accepted input json rejects: %v", err)
		}
		if df.Ncol() > 0 && df.Nrow() != len(items) {
			t.Errorf("%d rows for %d items", df.Nrow(), len(items))
		}
		names := df.Names()
		sorted := slices.Clone(names)
		slices.Sort(sorted)
		if len(slices.Compact(sorted)) != len(names) {
			t.Errorf("duplicate column names %v", names)
		}
		for i, typ := range df.Types() {
			if typ != series.Int && typ != series.Float && typ != series.String && typ != series.Bool {
				t.Errorf("column %s has type %s", names[i], typ)
			}
		}
		again, err := FlattenJSON(data, opts...)
		if err != nil || !sameFrame(df, again) {
			t.Errorf("second run differs (%v)", err)
		}
	})
}

func sameFrame(a, b dataframe.DataFrame) bool {
	if !slices.Equal(a.Names(), b.Names()) || !slices.Equal(a.Types(), b.Types()) {
		return false
	}
	ra, rb := a.Records(), b.Records()
	if len(ra) != len(rb) {
		return false
	}
	for i := range ra {
		if !slices.Equal(ra[i], rb[i]) {
			return false
		}
	}
	return true
}

func TestFlattenFrameErrIsReturned(t *testing.T) {
	// A frame carrying a Gota error is reported by the helpers, not used.
	bad := dataframe.DataFrame{Err: errors.New("gota: broken")}
	if _, err := WeeklyMean(bad, "x"); err == nil || !strings.Contains(err.Error(), "gota: broken") {
		t.Errorf("WeeklyMean on a broken frame: %v", err)
	}
}

func TestFlattenDeepNesting(t *testing.T) {
	// 5000 levels: one column with a 5000-part dotted name, in linear time.
	const depth = 5000
	in := "[" + strings.Repeat(`{"a":`, depth) + "1" + strings.Repeat("}", depth) + "]"
	df, err := FlattenJSON([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if names := df.Names(); len(names) != 1 || names[0] != strings.Repeat("a.", depth-1)+"a" {
		t.Errorf("got %d columns", len(names))
	}
	if v := values(t, df, df.Names()[0]); !slices.Equal(v, []string{"1"}) {
		t.Errorf("value %v", v)
	}
}
