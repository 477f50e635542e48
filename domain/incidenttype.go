package domain

import (
	"cmp"
	"errors"
	"fmt"
	"gridmap/data"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxTypeCodeLen and maxTypeEnglishLen bound a type's code (bytes) and
// English label (characters).
const (
	maxTypeCodeLen    = 32
	maxTypeEnglishLen = 64
)

// DefaultIncidentTypes are the dispute types an instance accepts unless it
// configures its own, in the order forms offer them.
func DefaultIncidentTypes() []data.IncidentType {
	return []data.IncidentType{
		{Name: "邻里纠纷", English: "Neighbour dispute", Code: "neighbour", Volatile: true, Category: "neighbour"},
		{Name: "婚姻家庭", English: "Marriage and family", Code: "family", Volatile: true, Category: "family"},
		{Name: "土地山林权属", English: "Land and forest rights", Code: "land_rights", Legal: true, Category: "land"},
		{Name: "劳资", English: "Labour and wages", Code: "labour", Legal: true, Category: "labour"},
		{Name: "合同债务", English: "Contract and debt", Code: "contract_debt", Legal: true, Category: "contract"},
		{Name: "征地拆迁", English: "Land acquisition", Code: "land_acquisition", Legal: true, Category: "acquisition"},
		{Name: "环境", English: "Environment", Code: "environment", Category: "pollution"},
		{Name: "其他", English: "Other", Code: "other", Category: data.CategoryOther},
	}
}

// defaultIncidentType returns the default type of that name.
func defaultIncidentType(name string) (data.IncidentType, bool) {
	ds := DefaultIncidentTypes()
	if i := slices.IndexFunc(ds, func(t data.IncidentType) bool { return t.Name == name }); i >= 0 {
		return ds[i], true
	}
	return data.IncidentType{}, false
}

// CompleteIncidentTypes returns ts with what each leaves out filled in: a
// type given by its name alone that is a default type is that default
// type; otherwise a missing English label is the default type's or the
// name, and a missing code the default type's or "type-N", N its position
// from 1; a missing category the default type's, or the report category
// the name is (邻里纠纷 counts as 邻里), or else "other". It does not check
// the result (CheckIncidentTypes does).
func CompleteIncidentTypes(ts []data.IncidentType) []data.IncidentType {
	out := slices.Clone(ts)
	for i, t := range out {
		d, known := defaultIncidentType(t.Name)
		switch {
		case known && t == data.IncidentType{Name: t.Name}:
			out[i] = d
			continue
		case t.English != "":
		case known:
			t.English = d.English
		default:
			t.English = t.Name
		}
		switch {
		case t.Code != "":
		case known:
			t.Code = d.Code
		default:
			t.Code = "type-" + strconv.Itoa(i+1)
		}
		if c, ok := mediationCategory(t.Category); ok {
			t.Category = c.Code
		} else if t.Category == "" {
			switch c, ok := mediationCategory(t.Name); {
			case known:
				t.Category = d.Category
			case ok:
				t.Category = c.Code
			default:
				t.Category = data.CategoryOther
			}
		}
		out[i] = t
	}
	return out
}

// CheckIncidentTypes returns an error for a list an instance cannot offer:
// none at all, a name empty, longer than MaxTypeLen characters or
// repeated, an English label longer than 64 characters or with control
// characters or commas, or a code that is not 1 to 32 ASCII letters,
// digits, '_', '-' or '.', or is repeated.
func CheckIncidentTypes(ts []data.IncidentType) error {
	if len(ts) == 0 {
		return errors.New("no incident types")
	}
	for i, t := range ts {
		switch {
		case strings.TrimSpace(t.Name) != t.Name || t.Name == "" || utf8.RuneCountInString(t.Name) > data.MaxTypeLen ||
			strings.ContainsAny(t.Name, ",|") || strings.ContainsFunc(t.Name, unicode.IsControl):
			return fmt.Errorf("%q is not a type name of 1 to %d characters", t.Name, data.MaxTypeLen)
		case slices.ContainsFunc(ts[:i], func(o data.IncidentType) bool { return o.Name == t.Name }):
			return fmt.Errorf("type %q is repeated", t.Name)
		case utf8.RuneCountInString(t.English) > maxTypeEnglishLen || strings.ContainsAny(t.English, ",|") ||
			strings.ContainsFunc(t.English, unicode.IsControl):
			return fmt.Errorf("the English label %q of type %q is longer than %d characters or has a comma, bar or control character",
				t.English, t.Name, maxTypeEnglishLen)
		case !validTypeCode(t.Code):
			return fmt.Errorf("the code %q of type %q is not 1 to %d ASCII letters, digits, '_', '-' or '.'", t.Code, t.Name, maxTypeCodeLen)
		case slices.ContainsFunc(ts[:i], func(o data.IncidentType) bool { return o.Code == t.Code }):
			return fmt.Errorf("the code %q of type %q is repeated", t.Code, t.Name)
		case !slices.ContainsFunc(data.MediationCategories, func(c data.MediationCategory) bool { return c.Code == t.Category }):
			return fmt.Errorf("the category %q of type %q is none of the mediation statistics' (%s)", t.Category, t.Name, categoryCodes())
		}
	}
	return nil
}

func validTypeCode(c string) bool {
	if c == "" || len(c) > maxTypeCodeLen {
		return false
	}
	for _, r := range c {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-' || r == '.') {
			return false
		}
	}
	return true
}

// ParseIncidentTypes reads the types of gridmap -incident-types: entries
// separated by commas, each a name or name|English|code|flags|category,
// where any part but the name may be left empty, flags are "legal" and
// "volatile" separated by '+' and category is the row of the monthly
// mediation statistics, a MediationCategories code or name (see
// IncidentType). A plain list of names
// (邻里纠纷,婚姻家庭,...) takes the default types' labels, codes and
// flags for the names that are default types; an entry with a flags part
// has exactly those flags. The result is complete and checked
// (CompleteIncidentTypes, CheckIncidentTypes).
func ParseIncidentTypes(s string) ([]data.IncidentType, error) {
	var ts []data.IncidentType
	for _, entry := range strings.Split(s, ",") {
		parts := strings.Split(strings.TrimSpace(entry), "|")
		if len(parts) > 5 {
			return nil, fmt.Errorf("%q has more than name|English|code|flags|category", entry)
		}
		for i := range parts {
			parts[i] = strings.TrimSpace(parts[i])
		}
		parts = append(parts, "", "", "", "")
		t := data.IncidentType{Name: parts[0], English: parts[1], Code: parts[2], Category: parts[4]}
		if _, ok := mediationCategory(t.Category); !ok && t.Category != "" {
			return nil, fmt.Errorf("%q: unknown category %q; use one of %s", entry, t.Category, categoryCodes())
		}
		if d, ok := defaultIncidentType(t.Name); ok {
			t.English, t.Code = cmp.Or(t.English, d.English), cmp.Or(t.Code, d.Code)
			if strings.Count(entry, "|") < 3 { // no flags part: the default's flags
				t.Legal, t.Volatile = d.Legal, d.Volatile
			}
		}
		if parts[3] != "" {
			for _, f := range strings.Split(parts[3], "+") {
				switch strings.TrimSpace(f) {
				case "legal":
					t.Legal = true
				case "volatile":
					t.Volatile = true
				default:
					return nil, fmt.Errorf("%q: unknown flag %q; use legal or volatile", entry, f)
				}
			}
		}
		ts = append(ts, t)
	}
	ts = CompleteIncidentTypes(ts)
	if err := CheckIncidentTypes(ts); err != nil {
		return nil, err
	}
	return ts, nil
}

// IncidentTypeNames lists the names of ts, in order.
func IncidentTypeNames(ts []data.IncidentType) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Name
	}
	return out
}

// LookupIncidentType returns the type of that name among ts, or else the
// default type of that name (an incident of a default type the instance no
// longer offers keeps its label and rules); false when neither has it.
func LookupIncidentType(ts []data.IncidentType, name string) (data.IncidentType, bool) {
	if i := slices.IndexFunc(ts, func(t data.IncidentType) bool { return t.Name == name }); i >= 0 {
		return ts[i], true
	}
	return defaultIncidentType(name)
}

// CheckIncidentType returns EINVALID naming "type" when name is not one of
// ts: the types a new incident may have.
func CheckIncidentType(ts []data.IncidentType, name string) error {
	if slices.ContainsFunc(ts, func(t data.IncidentType) bool { return t.Name == name }) {
		return nil
	}
	return data.FieldErrorf("type", "Unknown incident type %q; use one of %s.", name, strings.Join(IncidentTypeNames(ts), ", "))
}

// categoryCodes lists the codes of MediationCategories.
func categoryCodes() string {
	cs := make([]string, len(data.MediationCategories))
	for i, c := range data.MediationCategories {
		cs[i] = c.Code
	}
	return strings.Join(cs, ", ")
}

// mediationCategory returns the category whose code or name is s
// (a name with or without 纠纷), and whether there is one.
func mediationCategory(s string) (data.MediationCategory, bool) {
	s = strings.TrimSpace(s)
	i := slices.IndexFunc(data.MediationCategories, func(c data.MediationCategory) bool {
		return c.Code == s || c.Name == s || c.Name+"纠纷" == s
	})
	if i < 0 {
		return data.MediationCategory{}, false
	}
	return data.MediationCategories[i], true
}

// CategoryOf returns the report category of the incident type name among
// ts (LookupIncidentType): its own, or "other" for a type no longer known.
func CategoryOf(ts []data.IncidentType, name string) string {
	if t, ok := LookupIncidentType(ts, name); ok && t.Category != "" {
		return t.Category
	}
	return data.CategoryOther
}
