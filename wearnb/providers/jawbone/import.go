package jawbone

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"

	"wearnb.dev/wearnb"
	"wearnb.dev/wearnb/fetch"
)

// Dump is what Import found in a folder of saved Jawbone API responses.
//
// Jawbone's own account export format is not documented in our references,
// so Import reads what people kept from the API: each *.json file may be a
// full response ({"meta":..,"data":{"items":[..]}}), just its data object
// ({"items":[..]}), a bare array of items, or a single-item response
// (/moves/{xid}, /sleeps/{xid}). Moves, sleeps and sleep ticks may be mixed
// in one folder and one file; each item is recognized by its fields. Ticks
// carry no sleep id, so a ticks file must have the sleep's xid somewhere in
// its path (e.g. "sleeps/<xid>/ticks.json" or "<xid>_ticks.json").
type Dump struct {
	Moves  []MoveItem        // by date; one per xid (the latest time_updated)
	Sleeps []SleepItem       // by time_created; one per xid
	Ticks  map[string][]Tick // sleep xid -> its ticks
	// Files lists the JSON files read, in walk order.
	Files []string
	// Orphans lists ticks files whose path names no sleep of the dump (or
	// several), so their ticks are unused.
	Orphans []string
	// Skipped counts items that looked like neither a move, a sleep nor a
	// tick (workouts, meals, move ticks, ...).
	Skipped int

	raw []wearnb.RawPage
}

// ImportDir is Import on the folder dir.
func ImportDir(dir string) (*Dump, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, errorf("import: %w", err)
	}
	return Import(os.DirFS(dir))
}

// Import reads every *.json file under the root of fsys (see Dump). A file
// that is not JSON, a saved error response (meta.error_type), or an item
// whose fields cannot be read, is an error naming the file (wrapping a
// *fetch.DecodeError with the field). A tree with no move, sleep or tick
// at all (an empty folder, another provider's files) is an error matching
// wearnb.ErrNothingToImport, not an empty Dump.
func Import(fsys fs.FS) (*Dump, error) {
	d := &Dump{Ticks: map[string][]Tick{}}
	type tickFile struct {
		path  string
		ticks []Tick
	}
	var tickFiles []tickFile
	moves := map[string]MoveItem{}
	sleeps := map[string]SleepItem{}
	var anonMoves []MoveItem
	var anonSleeps []SleepItem

	err := fs.WalkDir(fsys, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() || !strings.EqualFold(path.Ext(p), ".json") {
			return nil
		}
		body, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		if e := savedError(body); e != "" {
			return errorf("import %s: a saved Jawbone error response (%s), not data", p, e)
		}
		items, err := fileItems(body)
		if err != nil {
			return errorf("import %s: %w", p, err)
		}
		d.Files = append(d.Files, p)
		d.raw = append(d.raw, wearnb.RawPage{URL: "file:" + p, Body: body})
		var ticks []Tick
		for _, raw := range items {
			switch kindOf(raw) {
			case endpointMoves:
				var m MoveItem
				if err := fetch.DecodeJSON(Name, endpointMoves, "", raw, &m); err != nil {
					return errorf("import %s: %w", p, err)
				}
				if m.XID == "" {
					anonMoves = append(anonMoves, m)
				} else if old, ok := moves[m.XID]; !ok || m.TimeUpdated >= old.TimeUpdated {
					moves[m.XID] = m
				}
			case endpointSleeps:
				var s SleepItem
				if err := fetch.DecodeJSON(Name, endpointSleeps, "", raw, &s); err != nil {
					return errorf("import %s: %w", p, err)
				}
				if s.XID == "" {
					anonSleeps = append(anonSleeps, s)
				} else if old, ok := sleeps[s.XID]; !ok || s.TimeUpdated >= old.TimeUpdated {
					sleeps[s.XID] = s
				}
			case endpointTicks:
				var t Tick
				if err := fetch.DecodeJSON(Name, endpointTicks, "", raw, &t); err != nil {
					return errorf("import %s: %w", p, err)
				}
				ticks = append(ticks, t)
			default:
				d.Skipped++
			}
		}
		if len(ticks) > 0 {
			tickFiles = append(tickFiles, tickFile{p, ticks})
		}
		return nil
	})
	if err != nil {
		return nil, errorf("import: %w", err)
	}
	if len(moves)+len(anonMoves)+len(sleeps)+len(anonSleeps)+len(tickFiles) == 0 {
		return nil, errorf("import: %w: %d JSON files, none with Jawbone moves, sleeps or sleep ticks "+
			"(saved responses of /users/@me/moves, /users/@me/sleeps or /sleeps/{xid}/ticks, whole or just their items)",
			wearnb.ErrNothingToImport, len(d.Files))
	}

	for _, m := range moves {
		d.Moves = append(d.Moves, m)
	}
	d.Moves = append(d.Moves, anonMoves...)
	sort.SliceStable(d.Moves, func(i, j int) bool {
		a, b := d.Moves[i], d.Moves[j]
		if a.Date != b.Date {
			return a.Date.Before(b.Date.Date)
		}
		return a.XID < b.XID
	})
	for _, s := range sleeps {
		d.Sleeps = append(d.Sleeps, s)
	}
	d.Sleeps = append(d.Sleeps, anonSleeps...)
	sort.SliceStable(d.Sleeps, func(i, j int) bool {
		a, b := d.Sleeps[i], d.Sleeps[j]
		if a.TimeCreated != b.TimeCreated {
			return a.TimeCreated < b.TimeCreated
		}
		return a.XID < b.XID
	})
	for _, tf := range tickFiles {
		var owner string
		n := 0
		for xid := range sleeps {
			if strings.Contains(tf.path, xid) {
				owner = xid
				n++
			}
		}
		if n != 1 {
			d.Orphans = append(d.Orphans, tf.path)
			continue
		}
		d.Ticks[owner] = tf.ticks
	}
	return d, nil
}

// Batch normalizes the dump: Sleeps (with stages from their ticks, main
// sleep of each date marked, in start order), Days and Hours (in order), and
// Raw with every file read (URL "file:<path>").
func (d *Dump) Batch() (*wearnb.Batch, error) {
	b, err := normalizeMoves(d.Moves)
	if err != nil {
		return nil, errorf("import: %w", err)
	}
	b.Sleeps, err = normalizeSleeps(d.Sleeps, d.Ticks)
	if err != nil {
		return nil, errorf("import: %w", err)
	}
	b.Raw = append([]wearnb.RawPage(nil), d.raw...)
	return b, nil
}

// savedError returns the error of a saved error response's meta
// ({"meta": {"code": 401, "error_type": "authentication_error", ...}}),
// or "".
func savedError(body []byte) string {
	var top struct {
		Meta *struct {
			Code      int    `json:"code"`
			ErrorType string `json:"error_type"`
		} `json:"meta"`
	}
	if json.Unmarshal(body, &top) != nil || top.Meta == nil || top.Meta.ErrorType == "" {
		return ""
	}
	return "HTTP " + strconv.Itoa(top.Meta.Code) + " " + strconv.Quote(top.Meta.ErrorType)
}

// fileItems returns the raw items of one saved response.
func fileItems(body []byte) ([]json.RawMessage, error) {
	body = bytes.TrimSpace(body)
	if len(body) > 0 && body[0] == '[' {
		var items []json.RawMessage
		if err := fetch.DecodeJSON(Name, "import", "", body, &items); err != nil {
			return nil, err
		}
		return items, nil
	}
	var top struct {
		Data  json.RawMessage   `json:"data"`
		Items []json.RawMessage `json:"items"`
	}
	if err := fetch.DecodeJSON(Name, "import", "", body, &top); err != nil {
		return nil, err
	}
	if top.Items != nil {
		return top.Items, nil
	}
	data := bytes.TrimSpace(top.Data)
	if len(data) == 0 || string(data) == "null" {
		return []json.RawMessage{body}, nil // a bare item, or nothing we know
	}
	if data[0] == '[' {
		var items []json.RawMessage
		if err := fetch.DecodeJSON(Name, "import", "data", data, &items); err != nil {
			return nil, err
		}
		return items, nil
	}
	var inner struct {
		Items []json.RawMessage `json:"items"`
	}
	if err := fetch.DecodeJSON(Name, "import", "data", data, &inner); err != nil {
		return nil, err
	}
	if inner.Items != nil {
		return inner.Items, nil
	}
	return []json.RawMessage{data}, nil // /moves/{xid} and /sleeps/{xid}
}

// kindOf tells a move, a sleep and a tick apart by their fields; "" for
// anything else.
func kindOf(raw json.RawMessage) string {
	var p struct {
		Type    string          `json:"type"`
		Depth   json.RawMessage `json:"depth"`
		SubType json.RawMessage `json:"sub_type"`
		Details json.RawMessage `json:"details"`
	}
	if json.Unmarshal(raw, &p) != nil {
		return ""
	}
	var det struct {
		Steps        json.RawMessage `json:"steps"`
		HourlyTotals json.RawMessage `json:"hourly_totals"`
		TZs          json.RawMessage `json:"tzs"`
		AsleepTime   json.RawMessage `json:"asleep_time"`
		Sound        json.RawMessage `json:"sound"`
	}
	_ = json.Unmarshal(p.Details, &det)
	switch {
	case p.Type == "move" || (p.Type == "" && (det.Steps != nil || det.HourlyTotals != nil || det.TZs != nil)):
		return endpointMoves
	case p.Type == "sleep" || (p.Type == "" && (p.SubType != nil || det.AsleepTime != nil || det.Sound != nil)):
		return endpointSleeps
	case p.Details == nil && p.Depth != nil:
		return endpointTicks
	}
	return ""
}
