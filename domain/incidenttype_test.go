package domain

import (
	"errors"
	"gridmap/data"
	"reflect"
	"strings"
	"testing"
)

func TestParseIncidentTypes(t *testing.T) {
	defaults := DefaultIncidentTypes()
	plain := strings.Join(IncidentTypeNames(defaults), ",")
	if got, err := ParseIncidentTypes(plain); err != nil || !reflect.DeepEqual(got, defaults) {
		t.Errorf("ParseIncidentTypes(%q) = %+v, %v; want the default records", plain, got, err)
	}
	cases := []struct {
		name, in string
		want     []data.IncidentType
	}{
		{"new type by name: its name as label, its position as code", "其他, 宅基地纠纷",
			[]data.IncidentType{defaults[7], {Name: "宅基地纠纷", English: "宅基地纠纷", Code: "type-2", Category: data.CategoryOther}}},
		{"new type with label, code and flags", "宅基地纠纷|Homestead plot|homestead|legal+volatile",
			[]data.IncidentType{{Name: "宅基地纠纷", English: "Homestead plot", Code: "homestead", Legal: true, Volatile: true, Category: data.CategoryOther}}},
		{"default type with a new label keeps its code and flags", "劳资|Wages",
			[]data.IncidentType{{Name: "劳资", English: "Wages", Code: "labour", Legal: true, Category: "labour"}}},
		{"an empty flags part clears the default's flags", "劳资|||",
			[]data.IncidentType{{Name: "劳资", English: "Labour and wages", Code: "labour", Category: "labour"}}},
		{"a flags part replaces the default's", "邻里纠纷|||legal",
			[]data.IncidentType{{Name: "邻里纠纷", English: "Neighbour dispute", Code: "neighbour", Legal: true, Category: "neighbour"}}},
		{"a category by its code", "宅基地纠纷|Homestead plot|homestead||housing",
			[]data.IncidentType{{Name: "宅基地纠纷", English: "Homestead plot", Code: "homestead", Category: "housing"}}},
		{"a category by its name replaces the default's", "环境||||其他",
			[]data.IncidentType{{Name: "环境", English: "Environment", Code: "environment", Category: data.CategoryOther}}},
		{"a type named as a category counts under it", "物业纠纷",
			[]data.IncidentType{{Name: "物业纠纷", English: "物业纠纷", Code: "type-1", Category: "property"}}},
	}
	for _, c := range cases {
		if got, err := ParseIncidentTypes(c.in); err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: ParseIncidentTypes(%q) = %+v, %v; want %+v", c.name, c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{
		"", "其他,其他", "邻里纠纷,,其他", "a|b|c|d|e", "甲||||天灾", "a|b|c|d|e|f", "甲|A|a|urgent", "甲|A|a b", "甲|A|x,乙|B|x",
		"甲,乙|B|type-1", "甲|A|" + strings.Repeat("x", 33), strings.Repeat("长", data.MaxTypeLen+1),
	} {
		if got, err := ParseIncidentTypes(bad); err == nil {
			t.Errorf("ParseIncidentTypes(%q) = %+v; want an error", bad, got)
		}
	}
}

func TestLookupIncidentType(t *testing.T) {
	ts := []data.IncidentType{{Name: "劳资", English: "Wages", Code: "wages"}}
	if got, ok := LookupIncidentType(ts, "劳资"); !ok || got.Code != "wages" {
		t.Errorf("LookupIncidentType(劳资) = %+v, %v; want the configured record", got, ok)
	}
	if got, ok := LookupIncidentType(ts, "婚姻家庭"); !ok || got.Code != "family" || !got.Volatile {
		t.Errorf("LookupIncidentType(婚姻家庭) = %+v, %v; want the default record", got, ok)
	}
	if got, ok := LookupIncidentType(ts, "宅基地纠纷"); ok {
		t.Errorf("LookupIncidentType(宅基地纠纷) = %+v; want none", got)
	}
	var e *data.Error
	if err := CheckIncidentType(ts, "婚姻家庭"); !errors.As(err, &e) || e.Field != "type" {
		t.Errorf("CheckIncidentType(婚姻家庭) = %v; want an error naming type (not configured)", err)
	}
}
