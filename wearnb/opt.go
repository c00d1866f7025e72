package wearnb

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
)

// Opt is a measured value that may be missing: a provider did not send it,
// or a value derived from it could not be computed. The zero Opt is "not
// reported"; [Some] wraps a reported value, and Some(0) is a real zero. Unknown
// is never zero: code that reads an Opt must say what a missing value means
// (Get, OK, Or), so a missing number cannot silently become 0 in a mean or a
// chart.
//
// In JSON a missing Opt is null. In the cache it is NULL, in frames NaN.
type Opt[T any] struct {
	v  T
	ok bool
}

// Some returns a reported value. For floating-point T, NaN counts as missing:
// Some(math.NaN()) is the zero Opt.
func Some[T any](v T) Opt[T] {
	switch f := any(v).(type) {
	case float64:
		if math.IsNaN(f) {
			return Opt[T]{}
		}
	case float32:
		if math.IsNaN(float64(f)) {
			return Opt[T]{}
		}
	}
	return Opt[T]{v: v, ok: true}
}

// OptOf returns *p as a reported value, or the missing Opt for a nil p: how
// a wire type's nullable pointer field becomes a record's value.
func OptOf[T any](p *T) Opt[T] {
	if p == nil {
		return Opt[T]{}
	}
	return Some(*p)
}

// Get returns the value and whether it was reported.
func (o Opt[T]) Get() (T, bool) { return o.v, o.ok }

// OK reports whether the value was reported.
func (o Opt[T]) OK() bool { return o.ok }

// Or returns the value, or def when it is missing.
func (o Opt[T]) Or(def T) T {
	if o.ok {
		return o.v
	}
	return def
}

// String formats the value with %v, or "NA" when it is missing.
func (o Opt[T]) String() string {
	if !o.ok {
		return "NA"
	}
	return fmt.Sprint(o.v)
}

// MarshalJSON encodes the value, or null when it is missing.
func (o Opt[T]) MarshalJSON() ([]byte, error) {
	if !o.ok {
		return []byte("null"), nil
	}
	return json.Marshal(o.v)
}

// UnmarshalJSON decodes null (or an absent field) as missing and anything
// else as a reported value.
func (o *Opt[T]) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		*o = Opt[T]{}
		return nil
	}
	var v T
	// A T that decodes itself is asked directly: the decoder calling us
	// has already checked b, and json.Unmarshal would check and copy it
	// again for every value.
	if u, ok := any(&v).(json.Unmarshaler); ok {
		if err := u.UnmarshalJSON(b); err != nil {
			return err
		}
	} else if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*o = Some(v)
	return nil
}

// number is what the Opt arithmetic helpers accept.
type number interface {
	~int | ~int64 | ~float64
}

// Sum adds reported values; it is missing when any input is missing (a
// derived value with a missing input is missing). Sum() is Some(0).
func Sum[T number](xs ...Opt[T]) Opt[T] {
	var s T
	for _, x := range xs {
		if !x.ok {
			return Opt[T]{}
		}
		s += x.v
	}
	return Some(s)
}

// Diff returns a − b − c…, missing when any input is missing.
func Diff[T number](a Opt[T], bs ...Opt[T]) Opt[T] {
	if !a.ok {
		return Opt[T]{}
	}
	d := a.v
	for _, b := range bs {
		if !b.ok {
			return Opt[T]{}
		}
		d -= b.v
	}
	return Some(d)
}
