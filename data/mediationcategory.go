package data

// MediationCategory is one row of the 司法部's 人民调解 statistics report
// (纠纷类型): the monthly mediation statistics count each incident type
// under one of them (IncidentType.Category).
type MediationCategory struct {
	Code    string `json:"code"`    // ASCII and stable
	Name    string `json:"name"`    // as the report names it, e.g. 婚姻家庭
	English string `json:"english"` // the English label
}

// CategoryOther is the category of a type that names none.
const CategoryOther = "other"

// MediationCategories are the report's dispute types, in its order.
var MediationCategories = []MediationCategory{
	{"family", "婚姻家庭", "Marriage and family"},
	{"neighbour", "邻里", "Neighbours"},
	{"housing", "房屋宅基地", "Housing and homestead plots"},
	{"contract", "合同", "Contracts"},
	{"business", "生产经营", "Production and business"},
	{"damages", "损害赔偿", "Damages"},
	{"land", "山林土地", "Forest and land"},
	{"acquisition", "征地拆迁", "Land acquisition and demolition"},
	{"pollution", "环境污染", "Environmental pollution"},
	{"labour", "劳动争议", "Labour disputes"},
	{"medical", "医疗", "Medical disputes"},
	{"property", "物业", "Property management"},
	{"traffic", "道路交通", "Road traffic"},
	{CategoryOther, "其他", "Other"},
}
