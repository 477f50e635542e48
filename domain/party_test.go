package domain

import (
	"gridmap/data"
	"testing"
)

// TestPartyKey: a person is told apart by name and phone, the phone as
// people write it; a name alone is nobody in particular.
func TestPartyKey(t *testing.T) {
	for _, tt := range []struct {
		p    data.Party
		want string
	}{
		{data.Party{Name: " 张三 ", Phone: "139-0000 0301"}, "张三|13900000301"},
		{data.Party{Name: "张三"}, ""},
		{data.Party{Name: "张三", Phone: "  "}, ""},
	} {
		if got := PartyKey(tt.p); got != tt.want {
			t.Errorf("%+v.Key() = %q; want %q", tt.p, got, tt.want)
		}
	}
	if err := CheckParties("party_details", []data.Party{{Name: "甲", Phone: "+8613900000301"}, {ResidentID: 5}}); err != nil {
		t.Errorf("CheckParties(valid) = %v", err)
	}
	for _, tt := range []struct {
		name  string
		ps    []data.Party
		field string
	}{
		{"no name", []data.Party{{Phone: "1"}}, "party_details[0].name"},
		{"a plus inside", []data.Party{{Name: "甲", Phone: "139+1"}}, "party_details[0].phone"},
		{"too long a phone", []data.Party{{Name: "甲", Phone: "123456789012345678901"}}, "party_details[0].phone"},
		{"a resident twice", []data.Party{{ResidentID: 5}, {ResidentID: 5}}, "party_details[1].resident_id"},
		{"a negative resident", []data.Party{{ResidentID: -1}}, "party_details[0].resident_id"},
		{"21 parties", make([]data.Party, data.MaxParties+1), "party_details"},
	} {
		err := CheckParties("party_details", tt.ps)
		if e, ok := err.(*data.Error); !ok || e.Code != data.EINVALID || e.Field != tt.field {
			t.Errorf("CheckParties(%s) = %v; want EINVALID naming %s", tt.name, err, tt.field)
		}
	}
}
