package frames

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
)

// FlattenOption changes how Flatten works.
type FlattenOption func(*flattenConfig)

type flattenConfig struct {
	maxDepth int
}

// MaxDepth stops flattening below depth levels of objects: an object found
// at that depth is kept whole, as compact JSON text, in a String column.
// Top-level keys are depth 1, so MaxDepth(2) turns {"details":{"steps":1,
// "hourly_totals":{...}}} into details.steps and a details.hourly_totals
// column of JSON. The default (0) flattens everything.
func MaxDepth(depth int) FlattenOption {
	return func(c *flattenConfig) { c.maxDepth = depth }
}

// cell is one flattened value of one item.
type cell struct {
	kind cellKind
	text string // the number's JSON text, the string, or compact JSON
	b    bool
}

type cellKind uint8

const (
	missing cellKind = iota // key absent in this item
	null
	number
	text
	boolean
	rawJSON // an array, or an object below MaxDepth
)

// FlattenJSON is Flatten for a JSON array of objects, such as Jawbone's
// data.items or Oura's data. JSON null gives an empty frame.
func FlattenJSON(array []byte, opts ...FlattenOption) (dataframe.DataFrame, error) {
	var items []json.RawMessage
	if err := json.Unmarshal(array, &items); err != nil {
		return dataframe.DataFrame{}, fmt.Errorf("frames: flatten: want a JSON array of objects: %w", err)
	}
	return Flatten(items, opts...)
}

// Flatten turns provider-native JSON objects (one per row) into a frame
// without going through strings: nested objects become dotted column names
// (details.steps, details.hourly_totals.2016012800.steps), in order of first
// appearance. Each column gets one type from all its values:
//
//   - only numbers: Int if every number is an integer that fits in an int,
//     else Float;
//   - only booleans: Bool;
//   - arrays, or any non-empty string, or booleans mixed with numbers:
//     String, holding numbers as their JSON text, booleans as true/false and
//     arrays as compact JSON;
//   - only null or "": a Float column of NaN, or String if some value is "".
//
// A key absent from an item, or null, is missing (NaN in Gota terms, for
// every type). An empty string in a column that is otherwise numeric or
// boolean is missing too: Jawbone sends fields such as smart_alarm_fire,
// body and quality as "" on some nights and 0 (or an epoch) on others, and
// those columns stay numeric with "" as NaN.
//
// A key that itself contains dots shares a column with the nested path of
// the same name ({"a.b":1} and {"a":{"b":1}} both fill a.b; within one item
// the later value wins). Gota names an empty key X0, X1, ... and treats the
// string "NaN" as missing. Flatten fails if an item is not a JSON object.
func Flatten(items []json.RawMessage, opts ...FlattenOption) (dataframe.DataFrame, error) {
	var cfg flattenConfig
	for _, o := range opts {
		o(&cfg)
	}
	f := flattener{cfg: cfg, index: map[string]int{}, n: len(items)}
	for i, item := range items {
		f.row = i
		if err := f.item(item); err != nil {
			return dataframe.DataFrame{}, fmt.Errorf("frames: flatten item %d: %w", i, err)
		}
	}
	if len(f.cols) == 0 {
		return dataframe.DataFrame{}, nil
	}
	out := make([]series.Series, len(f.cols))
	for i, c := range f.cols {
		out[i] = c.series()
	}
	return newFrame(out...)
}

type flatColumn struct {
	name  string
	cells []cell
}

type flattener struct {
	cfg   flattenConfig
	cols  []*flatColumn
	index map[string]int
	n     int // items
	row   int // current item
}

func (f *flattener) set(name string, c cell) {
	i, ok := f.index[name]
	if !ok {
		i = len(f.cols)
		f.index[name] = i
		f.cols = append(f.cols, &flatColumn{name: name, cells: make([]cell, f.n)})
	}
	f.cols[i].cells[f.row] = c
}

// item flattens one JSON object. It walks the object with one decoder, so
// the work is linear in the size of the item however deep it nests.
func (f *flattener) item(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return fmt.Errorf("not a JSON object")
	}
	if err := f.object(dec, data, "", 1); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("data after the object")
	}
	return nil
}

// object flattens the members of the object whose opening brace dec has
// just read, whose keys are at depth, under prefix; it reads the closing
// brace too.
func (f *flattener) object(dec *json.Decoder, data []byte, prefix string, depth int) error {
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		key, ok := tok.(string)
		if !ok {
			return fmt.Errorf("bad key %v", tok)
		}
		name := prefix + key
		if next(data, dec.InputOffset()) == '{' && (f.cfg.maxDepth == 0 || depth < f.cfg.maxDepth) {
			if _, err := dec.Token(); err != nil { // the opening brace
				return err
			}
			if err := f.object(dec, data, name+".", depth+1); err != nil {
				return err
			}
			continue
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return fmt.Errorf("value of %q: %w", name, err)
		}
		if err := f.value(v, name); err != nil {
			return err
		}
	}
	_, err := dec.Token() // the closing brace
	return err
}

// next returns the first byte of the value that follows offset (skipping
// white space and the colon after a key), or 0 at the end.
func next(data []byte, offset int64) byte {
	for i := int(offset); i >= 0 && i < len(data); i++ {
		switch c := data[i]; c {
		case ' ', '\t', '\r', '\n', ':':
		default:
			return c
		}
	}
	return 0
}

// value records the value v of key name: a scalar, an array, or an object
// below MaxDepth.
func (f *flattener) value(v json.RawMessage, name string) error {
	v = bytes.TrimSpace(v)
	if len(v) == 0 {
		return fmt.Errorf("empty value of %q", name)
	}
	switch v[0] {
	case '{', '[':
		return f.raw(v, name)
	case 'n':
		f.set(name, cell{kind: null})
	case 't', 'f':
		f.set(name, cell{kind: boolean, b: v[0] == 't'})
	case '"':
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return fmt.Errorf("value of %q: %w", name, err)
		}
		f.set(name, cell{kind: text, text: s})
	default:
		f.set(name, cell{kind: number, text: string(v)})
	}
	return nil
}

func (f *flattener) raw(v json.RawMessage, name string) error {
	var b bytes.Buffer
	if err := json.Compact(&b, v); err != nil {
		return fmt.Errorf("value of %q: %w", name, err)
	}
	f.set(name, cell{kind: rawJSON, text: b.String()})
	return nil
}

// series picks the column's type (see Flatten) and builds it.
func (c *flatColumn) series() series.Series {
	var nums, ints, strs, empties, bools, raws int
	for _, x := range c.cells {
		switch x.kind {
		case number:
			nums++
			if _, err := strconv.ParseInt(x.text, 10, strconv.IntSize); err == nil {
				ints++
			}
		case text:
			if x.text == "" {
				empties++
			} else {
				strs++
			}
		case boolean:
			bools++
		case rawJSON:
			raws++
		}
	}
	n := len(c.cells)
	switch {
	case raws > 0 || strs > 0 || (bools > 0 && nums > 0):
		v := make([]any, n)
		for i, x := range c.cells {
			switch x.kind {
			case number, text, rawJSON:
				v[i] = x.text
			case boolean:
				v[i] = strconv.FormatBool(x.b)
			}
		}
		return series.New(v, series.String, c.name)
	case bools > 0:
		v := make([]any, n)
		for i, x := range c.cells {
			if x.kind == boolean {
				v[i] = x.b
			}
		}
		return series.New(v, series.Bool, c.name)
	case nums > 0 && ints == nums:
		v := make([]any, n)
		for i, x := range c.cells {
			if x.kind == number {
				k, _ := strconv.ParseInt(x.text, 10, strconv.IntSize)
				v[i] = int(k)
			}
		}
		return series.New(v, series.Int, c.name)
	case nums > 0:
		v := make([]float64, n)
		for i, x := range c.cells {
			v[i] = math.NaN()
			if x.kind == number {
				if fl, err := strconv.ParseFloat(x.text, 64); err == nil {
					v[i] = fl
				} else if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
					v[i] = fl // ±Inf for numbers beyond float64
				}
			}
		}
		return series.New(v, series.Float, c.name)
	case empties > 0:
		v := make([]any, n)
		for i, x := range c.cells {
			if x.kind == text {
				v[i] = x.text
			}
		}
		return series.New(v, series.String, c.name)
	default: // only null or absent
		v := make([]float64, n)
		for i := range v {
			v[i] = math.NaN()
		}
		return series.New(v, series.Float, c.name)
	}
}
