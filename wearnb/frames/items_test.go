package frames

import (
	"encoding/json"
	"strings"
	"testing"
)

// Pages shaped like Jawbone's moves envelope (providers.md; the sandbox's
// jawbone flavour serves the same), two fetches overlapping on one day.
const (
	jawbonePage1 = `{"meta":{"code":200},"data":{"items":[{"xid":"a","date":20250501,"details":{"steps":100}},{"xid":"b","date":20250502,"details":{"steps":200}}],"links":{}}}`
	jawbonePage2 = `{"meta":{"code":200},"data":{"items":[{"xid":"b","date":20250502,"details":{"steps":250}},{"xid":"c","date":20250503,"details":{"steps":300}}]}}`
)

func compact(items []json.RawMessage) string {
	var s []string
	for _, it := range items {
		s = append(s, string(it))
	}
	return strings.Join(s, "\n")
}

func TestItems(t *testing.T) {
	got, err := Items([][]byte{[]byte(jawbonePage1), []byte(jawbonePage2)}, "data.items", "xid")
	if err != nil {
		t.Fatal(err)
	}
	want := `{"xid":"a","date":20250501,"details":{"steps":100}}
{"xid":"b","date":20250502,"details":{"steps":250}}
{"xid":"c","date":20250503,"details":{"steps":300}}`
	if compact(got) != want {
		t.Errorf("items:\n%s\nwant (b once, as fetched last, in its first place):\n%s", compact(got), want)
	}
	df, err := Flatten(got, MaxDepth(2))
	if err != nil || df.Nrow() != 3 || df.Col("details.steps").Elem(1).String() != "250" {
		t.Errorf("flattened: %v, %v", df, err)
	}

	// No key: every item; top-level arrays with an empty path.
	got, err = Items([][]byte{[]byte(`[{"id":1},{"id":1},{"x":2}]`)}, "", "")
	if err != nil || len(got) != 3 {
		t.Errorf("no key: %d items, %v", len(got), err)
	}
	// Items without the key field are kept.
	got, err = Items([][]byte{[]byte(`[{"id":1},{"x":2},{"id":1},{"x":2}]`)}, "", "id")
	if err != nil || compact(got) != "{\"id\":1}\n{\"x\":2}\n{\"x\":2}" {
		t.Errorf("keyless items: %s, %v", compact(got), err)
	}
	if got, err := Items(nil, "data", "id"); err != nil || len(got) != 0 {
		t.Errorf("no pages: %v, %v", got, err)
	}
}

func TestItemsErrors(t *testing.T) {
	for _, tc := range []struct{ page, path, want string }{
		{`{"data":{}}`, "data.items", `page 0: no "items" in "data.items"`},
		{`{"data":[1]}`, "data.items", `page 0: no object to find "items"`},
		{`{"data":{"items":{}}}`, "data.items", `page 0: no array at "data.items"`},
		{`not json`, "", `page 0: no array at ""`},
	} {
		_, err := Items([][]byte{[]byte(tc.page)}, tc.path, "id")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Items(%s, %q) = %v, want %q", tc.page, tc.path, err, tc.want)
		}
	}
	// The error names the page.
	_, err := Items([][]byte{[]byte(jawbonePage1), []byte(`{"data":{}}`)}, "data.items", "xid")
	if err == nil || !strings.Contains(err.Error(), "page 1:") {
		t.Errorf("second page broken: %v", err)
	}
}

// FuzzItems checks that any page either fails cleanly or gives items that
// are each valid JSON, with each key value at most once.
func FuzzItems(f *testing.F) {
	for _, s := range []string{jawbonePage1, jawbonePage2, `[]`, `null`, `{"data":null}`, `[{"xid":1},{"xid":"1"},{"xid":1}]`, `{`} {
		f.Add([]byte(s), "data.items", "xid")
		f.Add([]byte(s), "", "xid")
	}
	f.Fuzz(func(t *testing.T, page []byte, path, key string) {
		items, err := Items([][]byte{page, page}, path, key)
		if err != nil {
			if items != nil {
				t.Errorf("error %v with items", err)
			}
			return
		}
		seen := map[string]bool{}
		for _, it := range items {
			if !json.Valid(it) {
				t.Fatalf("invalid item %q", it)
			}
			var fields map[string]json.RawMessage
			if key != "" && json.Unmarshal(it, &fields) == nil && fields[key] != nil {
				if id := string(fields[key]); seen[id] {
					t.Errorf("key %s twice", id)
				} else {
					seen[id] = true
				}
			}
		}
	})
}
