package roster

import (
	"io"
	"slices"
	"strings"
	"unicode"

	"gridmap/data"
)

// Kind is the kind of sheet: which columns it has and what its rows become.
type Kind string

// The sheets a town office keeps.
const (
	Residents Kind = "residents" // households and their residents (户籍/常住人口)
	Staff     Kind = "staff"     // grid workers and mediators (网格员、调解员)
	Incidents Kind = "incidents" // the historical ledger of disputes (矛盾纠纷台账)
)

// Kinds lists every kind of sheet.
var Kinds = []Kind{Residents, Staff, Incidents}

// column describes one field of a sheet: its Chinese header as templates
// write it, the other headers offices use for it, and what it means.
type column struct {
	field    string   // the field name; what -map names
	header   string   // the header templates write
	aliases  []string // other headers, Chinese and English
	required bool     // a sheet without this column is refused
	help     string   // the 填写说明 of the template
	choices  []string // a validation list in the template
}

// ignored is the field of columns that are known and deliberately unread:
// the 错误 column of an error sheet sent back after fixing, and row numbers.
const ignored = "-"

var columns = map[Kind][]column{
	Residents: {
		{field: "household_no", header: "户号", aliases: []string{"户编号", "household", "household_no", "household_number"}, required: true, help: "户籍或网格登记的户号，同一户的成员填写相同户号；再次导入时按户号更新。"},
		{field: "head_name", header: "户主姓名", aliases: []string{"户主", "head", "head_name"}, help: "户主的姓名，须与该户“与户主关系”为本人（户主）的成员姓名一致。"},
		{field: "name", header: "姓名", aliases: []string{"name"}, required: true, help: "居民姓名。"},
		{field: "relation", header: "与户主关系", aliases: []string{"关系", "relation"}, required: true, help: "本人（或户主）、配偶、子女、父母等；每户有且只有一位本人（户主）。", choices: []string{"本人", "户主", "配偶", "子", "女", "子女", "父亲", "母亲", "父母", "孙子女", "兄弟姐妹", "儿媳", "女婿", "其他"}},
		{field: "id_number", header: "公民身份号码", aliases: []string{"身份证号", "身份证号码", "身份证", "证件号码", "id_number", "id", "idcard"}, required: true, help: "18 位公民身份号码（末位可为 X）；请将此列设为文本格式，以免 Excel 丢失位数。再次导入时按身份号码更新。"},
		{field: "gender", header: "性别", aliases: []string{"gender", "sex"}, help: "男或女；须与身份号码第 17 位一致。可不填，由身份号码得出。", choices: []string{"男", "女"}},
		{field: "birth_date", header: "出生日期", aliases: []string{"出生年月日", "生日", "birth_date", "birthday", "dob"}, help: "如 1980-03-04、1980/3/4、1980年3月4日或 19800304；须与身份号码中的出生日期一致。可不填。"},
		{field: "phone", header: "联系电话", aliases: []string{"手机号码", "手机号", "手机", "电话", "phone", "mobile", "tel"}, help: "11 位手机号码（可带空格、横线或 +86）或固定电话（如 023-12345678）。可不填。"},
		{field: "address", header: "现住址", aliases: []string{"住址", "地址", "家庭住址", "address"}, help: "现居住地址。"},
		{field: "cell", header: "所属网格", aliases: []string{"网格", "网格编码", "网格名称", "网格代码", "cell", "grid", "cell_code"}, help: "网格的 15 位编码或名称；与经纬度至少填写一项。"},
		{field: "lon", header: "经度", aliases: []string{"lon", "lng", "longitude"}, help: "住所经度（WGS 84 / CGCS2000，十进制度，如 106.65）。与纬度同时填写；不填时取网格中心点并标记为近似位置。"},
		{field: "lat", header: "纬度", aliases: []string{"lat", "latitude"}, help: "住所纬度（十进制度，如 28.95）。"},
	},
	Staff: {
		{field: "name", header: "姓名", aliases: []string{"name"}, required: true, help: "工作人员姓名。"},
		{field: "category", header: "类别", aliases: []string{"身份", "人员类别", "category", "type"}, required: true, help: "网格员，或调解员的类别：镇中心调解员、镇乡贤和议员、村干部、驻村民警、驻村律师、乡贤和议员。", choices: []string{"网格员", "镇中心调解员", "镇乡贤和议员", "村干部", "驻村民警", "驻村律师", "乡贤和议员"}},
		{field: "role", header: "职务", aliases: []string{"岗位", "role", "post", "title"}, help: "如 政法书记、综治专干、驻村律师。"},
		{field: "phone", header: "联系电话", aliases: []string{"手机号码", "手机号", "工作电话", "电话", "phone", "mobile"}, help: "工作电话，公示于网格公示牌。"},
		{field: "cells", header: "所属网格", aliases: []string{"网格", "负责网格", "网格编码", "cells", "cell", "grid"}, help: "网格员负责的网格（编码或名称），多个用顿号、逗号、分号或空格分隔。"},
		{field: "unit", header: "所属村社区", aliases: []string{"所属村（社区）", "所属村(社区)", "村社区", "村（社区）", "所属单位", "unit", "unit_code"}, help: "村（社区）调解员所属的村或社区（名称或 12 位编码）；镇中心调解员不填。"},
		{field: "account", header: "是否开通账号", aliases: []string{"开通账号", "账号", "account"}, help: "填“是”为其开通登录账号。", choices: []string{"是", "否"}},
		{field: "username", header: "用户名", aliases: []string{"账号名", "登录名", "username", "login"}, help: "开通账号时的用户名（字母、数字、. _ -）；不填时自动生成。"},
	},
	Incidents: {
		{field: "number", header: "编号", aliases: []string{"台账编号", "案件编号", "序号", "number", "no"}, required: true, help: "台账中的编号；再次导入时按编号更新。"},
		{field: "type", header: "类型", aliases: []string{"纠纷类型", "案件类型", "type"}, required: true}, // help and choices: the town's types (withTypes)
		{field: "source", header: "来源", aliases: []string{"source"}, help: "网格员上报、群众来访、12345热线或信访；来源为信访的是信访事项。"},
		{field: "status", header: "状态", aliases: []string{"办理状态", "status"}, required: true, help: "上报、受理、调解中、已化解、上交、办结。"},
		{field: "reported_at", header: "发生时间", aliases: []string{"登记时间", "受理时间", "reported_at", "date"}, required: true, help: "如 2021-03-04 或 2021-03-04 09:30。"},
		{field: "summary", header: "摘要", aliases: []string{"简要情况", "基本情况", "summary"}, required: true, help: "简要情况，不写当事人姓名。"},
		{field: "parties", header: "当事人", aliases: []string{"parties"}, help: "当事人姓名，多人用顿号分隔。"},
		{field: "description", header: "详细情况", aliases: []string{"情况说明", "具体情况", "description"}, help: "纠纷的详细情况，可不填；再次导入时留空则保留已有的内容。"},
		{field: "lon", header: "经度", aliases: []string{"lon", "lng", "longitude"}, help: "发生地经度；与纬度同时填写。"},
		{field: "lat", header: "纬度", aliases: []string{"lat", "latitude"}, help: "发生地纬度。"},
		{field: "cell", header: "所属网格", aliases: []string{"网格", "网格编码", "网格名称", "cell", "grid"}, help: "网格编码或名称；与经纬度至少填写一项。"},
		{field: "resolved_at", header: "办结时间", aliases: []string{"化解时间", "resolved_at"}, help: "已化解或办结的时间。"},
		{field: "followup_at", header: "回访时间", aliases: []string{"回访日期", "回访通过时间", "followup_at", "followup_passed_at"},
			help: "已化解或办结的案件经回访、协议已履行且当事人没有不满意的，填写回访时间；不填的案件不计入“基层化解”（回访通过后方计入）。"},
		{field: "followup_method", header: "回访方式", aliases: []string{"followup_method"}, help: "入户或电话；填了回访时间而不填的，按入户计。", choices: []string{"入户", "电话"}},
		{field: "followup_performed", header: "履行情况", aliases: []string{"协议履行情况", "followup_performed"}, help: "回访时协议的履行情况：已履行（回访时间所记的回访须已履行）；不填按已履行计。", choices: []string{"已履行"}},
		{field: "followup_satisfaction", header: "满意度", aliases: []string{"当事人满意度", "followup_satisfaction"}, help: "满意或基本满意；不填按基本满意计（回访通过只说明当事人没有不满意）。", choices: []string{"满意", "基本满意"}},
	},
}

// ignoredHeaders are headers every sheet may carry and no field reads.
var ignoredHeaders = []string{"错误", "序号", "行号", "备注", "error", "row"}

// normHeader folds the ways one header is typed: spaces, underscores and
// dashes (ID Number, id_number), full-width brackets, a leading * or trailing (必填) that marks
// required columns, and letter case.
func normHeader(h string) string {
	h = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r), r == '*', r == '＊', r == '_', r == '-':
			return -1
		case r == '（':
			return '('
		case r == '）':
			return ')'
		}
		return unicode.ToLower(r)
	}, h)
	h = strings.TrimSuffix(h, "(必填)")
	h = strings.TrimSuffix(h, "(选填)")
	return h
}

// ParseMap reads the -map flag: comma- or newline-separated pairs
// column=field, e.g. "身份证=id_number,家庭地址=address"; a field may also be
// given by its Chinese header ("身份证=公民身份号码"), and "-" ignores the
// column. Which fields exist is checked when a sheet is read.
func ParseMap(s string) (map[string]string, error) {
	m := map[string]string{}
	for _, pair := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == '\n' || r == ';' }) {
		col, field, ok := strings.Cut(pair, "=")
		col, field = strings.TrimSpace(col), strings.TrimSpace(field)
		if !ok || col == "" || field == "" {
			return nil, data.FieldErrorf("map", "%q is not column=field.", pair)
		}
		m[normHeader(col)] = field
	}
	return m, nil
}

// layout is where each field of a sheet is: the column index of each
// field, and the headers as the file writes them.
type layout struct {
	index map[string]int // field -> column index
	// second is a second column of the cell: sheets often have both
	// 网格编码 and 网格名称. It is read when the first is empty and must
	// name the same cell when both are filled.
	second  map[string]int
	headers []string // as in the file
	unknown []string // headers that map to no field
	missing []string // the headers of required fields without a column
}

// mapHeaders maps a header row (row n) to fields. The -map overrides come first,
// then headers and aliases. A required field without a column is fatal,
// and so are a -map naming an unknown field and two columns for one field.
func mapHeaders(kind Kind, n int, row []string, overrides map[string]string) (*layout, error) {
	l, err := mapColumns(kind, row, overrides)
	if err != nil {
		return nil, err
	}
	if len(l.missing) > 0 {
		found := slices.DeleteFunc(slices.Clone(row), func(s string) bool { return strings.TrimSpace(s) == "" })
		return nil, data.Errorf(data.EINVALID, "The sheet lacks the required columns %s; its header row (row %d) has %s. Name other headers with -map 'column=field'.", quoteList(l.missing), n, quoteList(found))
	}
	return l, nil
}

// mapColumns maps a header row to fields, listing the required fields
// without a column (by their template headers) in missing. A -map naming
// an unknown field and two columns for one field are errors.
func mapColumns(kind Kind, row []string, overrides map[string]string) (*layout, error) {
	cols := columns[kind]
	byName := map[string]string{}
	for _, c := range cols {
		byName[normHeader(c.field)] = c.field
		byName[normHeader(c.header)] = c.field
		for _, a := range c.aliases {
			byName[normHeader(a)] = c.field
		}
	}
	for _, h := range ignoredHeaders {
		if _, ok := byName[normHeader(h)]; !ok {
			byName[normHeader(h)] = ignored
		}
	}
	l := &layout{index: map[string]int{}, second: map[string]int{}, headers: row}
	for i, h := range row {
		n := normHeader(h)
		if n == "" {
			continue
		}
		field, ok := byName[n]
		if f, over := overrides[n]; over {
			if field, ok = byName[normHeader(f)]; !ok && f != ignored {
				return nil, data.FieldErrorf("map", "-map names %q for column %q, which is no field of a %s sheet; the fields are %s.", f, h, string(kind), fieldList(kind))
			}
			if f == ignored {
				field, ok = ignored, true
			}
		}
		switch {
		case !ok:
			l.unknown = append(l.unknown, h)
		case field == ignored:
		default:
			if _, two := l.second[field]; !two && field == "cell" {
				if _, dup := l.index[field]; dup {
					l.second[field] = i
					continue
				}
			}
			if j, dup := l.index[field]; dup {
				return nil, data.FieldErrorf(h, "The columns %q and %q both give %s; remove one or map it with -map.", row[j], h, field)
			}
			l.index[field] = i
		}
	}
	for _, c := range cols {
		if _, ok := l.index[c.field]; c.required && !ok {
			l.missing = append(l.missing, c.header)
		}
	}
	return l, nil
}

// Field is a field of a kind of sheet: its name (what a mapping names),
// the header templates write, and whether a sheet must have it.
type Field struct {
	Name     string `json:"name"`
	Header   string `json:"header"`
	Required bool   `json:"required"`
}

// Fields lists the fields of a kind of sheet in template order; nil for
// an unknown kind.
func Fields(kind Kind) []Field {
	var out []Field
	for _, c := range columns[kind] {
		out = append(out, Field{Name: c.field, Header: c.header, Required: c.required})
	}
	return out
}

// Columns is how a sheet's header row maps to its kind's fields.
type Columns struct {
	Row     int      // the header row, as the sheet numbers it
	Headers []string // the non-empty headers, as the file writes them
	Unknown []string // headers that map to no field
	Missing []string // the headers of required fields no column gives
}

// ReadColumns reads only the header row of a sheet (skipping title rows
// as reading it does) and maps it with opt.Map: what a page needs to let
// someone map the columns of a sheet that is refused for lacking some.
func ReadColumns(src io.Reader, kind Kind, opt Options) (*Columns, error) {
	if _, ok := columns[kind]; !ok {
		return nil, data.Errorf(data.EINVALID, "There is no template for %q; the kinds are residents, staff and incidents.", string(kind))
	}
	rr, err := openRows(src, opt.Sheet, opt.Name)
	if err != nil {
		return nil, err
	}
	defer rr.close()
	n, cells, err := headerRow(rr)
	if err != nil {
		return nil, err
	}
	l, err := mapColumns(kind, cells, opt.Map)
	if err != nil {
		return nil, err
	}
	found := slices.DeleteFunc(slices.Clone(cells), func(s string) bool { return strings.TrimSpace(s) == "" })
	return &Columns{Row: n, Headers: found, Unknown: l.unknown, Missing: l.missing}, nil
}

// fieldList lists the fields of a kind of sheet for messages.
func fieldList(kind Kind) string {
	var fs []string
	for _, c := range columns[kind] {
		fs = append(fs, c.field+" ("+c.header+")")
	}
	return strings.Join(fs, ", ")
}

// quoteList writes names as “a”、“b”: readable in both languages.
func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = "“" + n + "”"
	}
	return strings.Join(q, "、")
}
