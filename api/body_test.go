package api

import (
	"reflect"
	"testing"
)

// FuzzFindFault feeds changeset bodies, whole or broken, to the walk that
// finds what encoding/json lets pass: it must never panic, and a fault it
// reports is an unknown member, or a position of other than two or three
// numbers named by its path.
func FuzzFindFault(f *testing.F) {
	for _, s := range []string{
		`{"base":1,"operations":[{"op":"move_vertex","from":[106.6,28.9],"to":[106.6]}]}`,
		`{"operations":[{"op":"split","cell":"x","line":[[1,2],[3,4,5],[6,7,8,9]]}]}`,
		`{"operations":[{"op":"insert_vertex","between":[[1,2],[]],"at":null}],"force":true}`,
		`{"operations":[{"from":{"x":1}}]}`, `[`, `{"operations":[{"to":[1,`, `null`, `{"a":{"b":[[[]]]}}`,
	} {
		f.Add([]byte(s))
	}
	typ := reflect.TypeFor[changesetRequest]()
	f.Fuzz(func(t *testing.T, raw []byte) {
		fault, ok := findFault(raw, typ)
		switch {
		case !ok && fault != (bodyFault{}):
			t.Errorf("findFault(%q) = %+v with no fault", raw, fault)
		case ok && !fault.unknown && fault.path == "":
			t.Errorf("findFault(%q) = %+v: a position without a path", raw, fault)
		case ok && !fault.unknown && (fault.numbers == 2 || fault.numbers == 3):
			t.Errorf("findFault(%q) = %+v: a position of %d numbers is no fault", raw, fault, fault.numbers)
		}
	})
}
