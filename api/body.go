package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"reflect"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"

	"gridmap/data"
)

// decodeJSON reads a JSON request body into v, strictly: the content type
// must be JSON, unknown fields and trailing data are refused, and a wrongly
// typed field is named in the error.
func decodeJSON(c echo.Context, v any) error {
	ct, _, _ := mime.ParseMediaType(c.Request().Header.Get(echo.HeaderContentType))
	if ct != "application/json" {
		return data.FieldErrorf("Content-Type", "Send the body as application/json.")
	}
	raw, err := io.ReadAll(c.Request().Body)
	if err != nil {
		return err // the body limit's error, or a broken connection
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		var se *json.SyntaxError
		switch {
		case errors.As(err, &te):
			return typeError(raw, te)
		case errors.As(err, &se), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			return data.FieldErrorf("body", "The body is not valid JSON.")
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			f, _ := findFault(raw, reflect.TypeOf(v))
			field := f.path
			if !f.unknown {
				field = strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
			}
			return data.FieldErrorf(field, "Unknown field %q.", field)
		}
		return data.FieldErrorf("body", "The body is not valid JSON.")
	}
	if dec.More() {
		return data.FieldErrorf("body", "The body must hold one JSON value.")
	}
	if t := reflect.TypeOf(v); holdsPointCached(t) {
		if f, ok := findFault(raw, t); ok {
			return data.FieldErrorf(f.path, "A position is two numbers, longitude and latitude (a third, the height, is ignored); %s has %d.", f.path, f.numbers)
		}
	}
	return nil
}

// typeError words a JSON value of the wrong type for people, not in Go's
// type names, naming the field by its full path with indexes
// (operations[3].from) where encoding/json gives only operations.from.
func typeError(raw []byte, te *json.UnmarshalTypeError) error {
	field := jsonPath(raw, te.Offset)
	if field == "" {
		field = te.Field
	}
	if field == "" {
		field = "body"
	}
	t := te.Type
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == reflect.TypeFor[orb.Point]():
		return data.FieldErrorf(field, "%s must be a point: [longitude, latitude].", field)
	case strings.HasPrefix(te.Value, "number ") && (t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64):
		return data.FieldErrorf(field, "%s is a number out of range.", field) // such as 1e400
	}
	switch t.Kind() {
	case reflect.Float32, reflect.Float64:
		return data.FieldErrorf(field, "%s must be a number.", field)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return data.FieldErrorf(field, "%s must be a whole number.", field)
	case reflect.String:
		return data.FieldErrorf(field, "%s must be text.", field)
	case reflect.Bool:
		return data.FieldErrorf(field, "%s must be true or false.", field)
	case reflect.Slice, reflect.Array:
		return data.FieldErrorf(field, "%s must be a list.", field)
	}
	return data.FieldErrorf(field, "%s must be an object.", field)
}

// jsonPath returns the path (a.b[2].c) of the value of raw that ends at
// offset, where encoding/json reports a type error: after a scalar, or
// after the opening bracket of an object or array. "" when raw does not
// reach it or is the value itself.
func jsonPath(raw []byte, offset int64) string {
	type frame struct {
		array bool
		next  int    // index of the next element
		key   string // of the member being read
		isKey bool   // the next string is a key
	}
	var stack []*frame
	path := func() string {
		var b strings.Builder
		for _, f := range stack {
			if f.array {
				fmt.Fprintf(&b, "[%d]", f.next-1)
			} else {
				if b.Len() > 0 {
					b.WriteByte('.')
				}
				b.WriteString(f.key)
			}
		}
		return b.String()
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // a number out of range is a token too
	for {
		tok, err := dec.Token()
		if err != nil {
			return ""
		}
		d, delim := tok.(json.Delim)
		if delim && (d == '}' || d == ']') {
			stack = stack[:len(stack)-1]
			continue
		}
		if n := len(stack); n > 0 {
			top := stack[n-1]
			if !top.array && top.isKey {
				top.key, top.isKey = tok.(string), false
				continue
			}
			if top.array {
				top.next++
			} else {
				top.isKey = true
			}
		}
		if dec.InputOffset() >= offset {
			return path()
		}
		if delim {
			stack = append(stack, &frame{array: d == '[', isKey: d == '{'})
		}
	}
}

// bodyFault is what a strict decoding into a Go type leaves unsaid: the
// path of a member no field takes (unknown), or of a position that is not
// two or three numbers (numbers, how many it has).
type bodyFault struct {
	found   bool
	path    string
	unknown bool
	numbers int
}

// findFault reads raw as encoding/json reads it into type t, with unknown
// fields disallowed, and returns the first member no field of t takes
// (operations[2].zzz), or the first orb.Point that is not a position of
// two numbers or three, a height being allowed as GeoJSON allows it: a
// JSON array shorter than a Go array leaves the rest zero, and a longer
// one is cut, so [106.6] would read as (106.6, 0).
func findFault(raw []byte, t reflect.Type) (bodyFault, bool) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	// walk reads one value of type t (nil: any) at path and returns the
	// fault in it, or stop when reading must end.
	var walk func(t reflect.Type, path string) (f bodyFault, stop bool)
	walk = func(t reflect.Type, path string) (bodyFault, bool) {
		for t != nil && t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t != nil && (t.Kind() == reflect.Interface || reflect.PointerTo(t).Implements(reflect.TypeFor[json.Unmarshaler]())) {
			t = nil // takes any members
		}
		tok, err := dec.Token()
		if err != nil {
			return bodyFault{}, true
		}
		switch tok {
		case json.Delim('{'):
			for dec.More() {
				key, err := dec.Token()
				if err != nil {
					return bodyFault{}, true
				}
				sub := key.(string)
				if path != "" {
					sub = path + "." + sub
				}
				var ft reflect.Type
				if t != nil && t.Kind() == reflect.Struct {
					var ok bool
					if ft, ok = jsonField(t, key.(string)); !ok {
						return bodyFault{found: true, path: sub, unknown: true}, true
					}
				} else if t != nil && t.Kind() == reflect.Map {
					ft = t.Elem()
				}
				if f, stop := walk(ft, sub); stop {
					return f, true
				}
			}
			_, err = dec.Token()
		case json.Delim('['):
			var et reflect.Type
			if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
				et = t.Elem()
			}
			n := 0
			for ; dec.More(); n++ {
				if f, stop := walk(et, fmt.Sprintf("%s[%d]", path, n)); stop {
					return f, true
				}
			}
			if t == pointType && (n < 2 || n > 3) {
				return bodyFault{found: true, path: path, numbers: n}, true
			}
			_, err = dec.Token()
		}
		return bodyFault{}, err != nil
	}
	f, _ := walk(t, "")
	return f, f.found
}

var pointType = reflect.TypeFor[orb.Point]()

// pointHolders caches holdsPoint by body type (reflect.Type -> bool): the
// answer is the type's, and decodeJSON asks it of every body.
var pointHolders sync.Map

// holdsPointCached is holdsPoint(t), worked out once per type.
func holdsPointCached(t reflect.Type) bool {
	if v, ok := pointHolders.Load(t); ok {
		return v.(bool)
	}
	holds := holdsPoint(t, map[reflect.Type]bool{})
	pointHolders.Store(t, holds)
	return holds
}

// holdsPoint reports whether a value of type t can hold an orb.Point,
// which findFault must then look for.
func holdsPoint(t reflect.Type, seen map[reflect.Type]bool) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == pointType {
		return true
	}
	if seen[t] {
		return false
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Slice, reflect.Array, reflect.Map:
		return holdsPoint(t.Elem(), seen)
	case reflect.Struct:
		for _, f := range reflect.VisibleFields(t) {
			if f.IsExported() && holdsPoint(f.Type, seen) {
				return true
			}
		}
	}
	return false
}

// jsonField returns the type of the field of struct t that takes the JSON
// member key, as encoding/json matches them: by tag or name, embedded
// structs' fields promoted, an exact match before one ignoring case.
func jsonField(t reflect.Type, key string) (reflect.Type, bool) {
	var fold reflect.Type
	for _, f := range reflect.VisibleFields(t) {
		if !f.IsExported() || (f.Anonymous && f.Type.Kind() == reflect.Struct && f.Tag.Get("json") == "") {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case name == "-":
			continue
		case name == "":
			name = f.Name
		}
		if name == key {
			return f.Type, true
		}
		if fold == nil && strings.EqualFold(name, key) {
			fold = f.Type
		}
	}
	return fold, fold != nil
}
