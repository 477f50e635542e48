package data

import "testing"

// TestPartyKey: a person is told apart by name and phone, the phone as
// people write it; a name alone is nobody in particular.
func TestPartyKey(t *testing.T) {
	for _, tt := range []struct {
		p    Party
		want string
	}{
		{Party{Name: " 张三 ", Phone: "139-0000 0301"}, "张三|13900000301"},
		{Party{Name: "张三"}, ""},
		{Party{Name: "张三", Phone: "  "}, ""},
	} {
		if got := tt.p.Key(); got != tt.want {
			t.Errorf("%+v.Key() = %q; want %q", tt.p, got, tt.want)
		}
	}
	if err := CheckParties("party_details", []Party{{Name: "甲", Phone: "+8613900000301"}, {ResidentID: 5}}); err != nil {
		t.Errorf("CheckParties(valid) = %v", err)
	}
	for _, tt := range []struct {
		name  string
		ps    []Party
		field string
	}{
		{"no name", []Party{{Phone: "1"}}, "party_details[0].name"},
		{"a plus inside", []Party{{Name: "甲", Phone: "139+1"}}, "party_details[0].phone"},
		{"too long a phone", []Party{{Name: "甲", Phone: "123456789012345678901"}}, "party_details[0].phone"},
		{"a resident twice", []Party{{ResidentID: 5}, {ResidentID: 5}}, "party_details[1].resident_id"},
		{"a negative resident", []Party{{ResidentID: -1}}, "party_details[0].resident_id"},
		{"21 parties", make([]Party, MaxParties+1), "party_details"},
	} {
		err := CheckParties("party_details", tt.ps)
		if e, ok := err.(*Error); !ok || e.Code != EINVALID || e.Field != tt.field {
			t.Errorf("CheckParties(%s) = %v; want EINVALID naming %s", tt.name, err, tt.field)
		}
	}
}
