package domain

import (
	"gridmap/data"
	"slices"
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

// TestParseParties: FormatParties and ParseParties round-trip parties with
// phones and residents; names alone, however separated, make no details.
func TestParseParties(t *testing.T) {
	ps := []data.Party{{Name: "张三", Phone: "13800001111"}, {Name: "李四", Phone: "13900000302", ResidentID: 302}, {Name: "王五"}}
	s := FormatParties(ps)
	if s != "张三 13800001111；李四 13900000302 #302；王五" {
		t.Errorf("FormatParties = %q", s)
	}
	names, got := ParseParties(s)
	if !slices.Equal(names, []string{"张三", "李四", "王五"}) || !slices.Equal(got, ps) {
		t.Errorf("ParseParties(%q) = %q, %+v; want the names and %+v", s, names, got, ps)
	}
	for _, in := range []string{"张三、李四", "张三 李四", "张三，李四\n"} {
		if names, got := ParseParties(in); !slices.Equal(names, []string{"张三", "李四"}) || got != nil {
			t.Errorf("ParseParties(%q) = %q, %+v; want two names, no details", in, names, got)
		}
	}
	if names, got := ParseParties("赵六 138-0000-2222、孙七"); !slices.Equal(names, []string{"赵六", "孙七"}) ||
		!slices.Equal(got, []data.Party{{Name: "赵六", Phone: "13800002222"}, {Name: "孙七"}}) {
		t.Errorf("ParseParties(a phone with dashes) = %q, %+v", names, got)
	}
}

// TestResolveParties: a resident party takes its record's name and phone,
// and must live in the incident's cell; every phone is normalised; the
// first party at fault is named.
func TestResolveParties(t *testing.T) {
	residents := []data.Resident{{ID: 3, CellCode: "A", Name: "张三", Phone: "138 0000 0001"}, {ID: 4, CellCode: "B", Name: "李四"}}
	for _, tt := range []struct {
		name  string
		ps    []data.Party
		want  []data.Party
		names []string
		field string
	}{
		{"none", []data.Party{}, []data.Party{}, []string{}, ""},
		{"a resident and a stranger", []data.Party{{ResidentID: 3, Name: "别名"}, {Name: "王五", Phone: "139-0000-0002"}},
			[]data.Party{{ResidentID: 3, Name: "张三", Phone: "13800000001"}, {Name: "王五", Phone: "13900000002"}},
			[]string{"张三", "王五"}, ""},
		{"an unknown resident", []data.Party{{Name: "王五"}, {ResidentID: 9}}, nil, nil, "party_details[1].resident_id"},
		{"a resident of another cell", []data.Party{{ResidentID: 4}}, nil, nil, "party_details[0].resident_id"},
	} {
		ps := slices.Clone(tt.ps)
		got, names, err := ResolveParties("A", ps, residents)
		if tt.field != "" {
			if e, ok := err.(*data.Error); !ok || e.Code != data.EINVALID || e.Field != tt.field {
				t.Errorf("ResolveParties(%s) = %v; want EINVALID naming %s", tt.name, err, tt.field)
			}
			continue
		}
		if err != nil || !slices.Equal(got, tt.want) || !slices.Equal(names, tt.names) {
			t.Errorf("ResolveParties(%s) = %v, %q, %v; want %v, %q", tt.name, got, names, err, tt.want, tt.names)
		}
		if !slices.Equal(ps, tt.ps) {
			t.Errorf("ResolveParties(%s) changed its argument to %v", tt.name, ps)
		}
	}
}
