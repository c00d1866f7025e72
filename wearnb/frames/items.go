package frames

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Items collects the records of a provider's raw pages (the response
// bodies the cache keeps, see cache.RawPage) for Flatten: in each page it
// follows path, dot-separated object keys, to an array ("data.items" for
// Jawbone's envelope {"meta": …, "data": {"items": [...]}}, "data" for
// Oura's, "" for a top-level array) and takes its items in order. With a
// key field ("xid", "id"), an item whose key was seen before replaces the
// earlier one in place: the cache keeps a day fetched twice while it could
// still change, and the later fetch is the one to keep. Items without the
// key are all kept. A page without the path, or with something other than
// an array there, is an error naming the page.
func Items(pages [][]byte, path, key string) ([]json.RawMessage, error) {
	var out []json.RawMessage
	at := map[string]int{}
	for i, page := range pages {
		v := json.RawMessage(page)
		for k := range strings.SplitSeq(path, ".") {
			if k == "" {
				continue
			}
			var obj map[string]json.RawMessage
			if err := json.Unmarshal(v, &obj); err != nil {
				return nil, fmt.Errorf("frames: items of page %d: no object to find %q in: %w", i, k, err)
			}
			if v = obj[k]; v == nil {
				return nil, fmt.Errorf("frames: items of page %d: no %q in %q", i, k, path)
			}
		}
		var items []json.RawMessage
		if err := json.Unmarshal(v, &items); err != nil {
			return nil, fmt.Errorf("frames: items of page %d: no array at %q: %w", i, path, err)
		}
		for _, it := range items {
			var fields map[string]json.RawMessage
			if key != "" && json.Unmarshal(it, &fields) == nil && fields[key] != nil {
				id := string(fields[key])
				if j, ok := at[id]; ok {
					out[j] = it
					continue
				}
				at[id] = len(out)
			}
			out = append(out, it)
		}
	}
	return out, nil
}
