package domain

import (
	"strings"
	"testing"

	"gridmap/data"
)

// TestCheckMediatorUnit: a mediator's account has its mediator's unit,
// the town centre's ("") included.
func TestCheckMediatorUnit(t *testing.T) {
	tests := []struct {
		name          string
		account, unit string // the account's unit, the mediator's
		ok            bool
	}{
		{"the mediator's unit", "U1", "U1", true},
		{"the town centre's mediator, no unit", "", "", true},
		{"another unit's mediator", "U1", "U2", false},
		{"the town centre's mediator, a unit", "U1", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := &data.User{Role: data.RoleMediator, UnitCode: tt.account, MediatorID: 7}
			err := CheckMediatorUnit(u, tt.unit)
			if (err == nil) != tt.ok || (err != nil && data.ErrorCode(err) != data.EINVALID) {
				t.Errorf("CheckMediatorUnit(unit %q, mediator's %q) = %v; want ok %v", tt.account, tt.unit, err, tt.ok)
			}
		})
	}
}

// TestCheckToken: a token needs its secret's hash, and a name of one line
// within data.MaxTokenName.
func TestCheckToken(t *testing.T) {
	tests := []struct {
		name  string
		t     data.Token
		field string // "" when valid
	}{
		{"a named token", data.Token{Name: "QGIS", Hash: "h"}, ""},
		{"no name", data.Token{Hash: "h"}, ""},
		{"no hash", data.Token{Name: "QGIS"}, "hash"},
		{"a name past the limit", data.Token{Name: strings.Repeat("n", data.MaxTokenName+1), Hash: "h"}, "name"},
		{"a control character", data.Token{Name: "a\nb", Hash: "h"}, "name"},
	}
	for _, tt := range tests {
		err := CheckToken(&tt.t)
		var field string
		if e, ok := err.(*data.Error); ok {
			field = e.Field
		}
		if (err == nil) != (tt.field == "") || field != tt.field {
			t.Errorf("CheckToken(%s) = %v; want field %q (\"\": no error)", tt.name, err, tt.field)
		}
	}
}
