package data

// IncidentType is one type of dispute an instance accepts (gridmap
// -incident-types). The Name is what incidents store; everything that
// depends on the type (the English label, the Open311 service code, the
// mediator suggestions) reads this record, so that a configured type
// carries them with it.
type IncidentType struct {
	Name    string `json:"name"`    // the Chinese name incidents store, e.g. 邻里纠纷
	English string `json:"english"` // the English label; the Name when none is given
	Code    string `json:"code"`    // ASCII and stable: the Open311 service_code
	// Legal marks disputes that turn on law (rights, contracts, wages, land
	// acquisition): the resident lawyer leads their mediation.
	Legal bool `json:"legal"`
	// Volatile marks disputes that may turn violent (neighbours, family):
	// the resident police officer helps keep them calm.
	Volatile bool `json:"volatile"`
	// Category is the row of the 司法部's monthly mediation statistics
	// that counts the type (a MediationCategories code): the one place
	// that maps the town's types onto the report's.
	Category string `json:"category"`
}

// MaxTypeLen is the longest incident type name, in characters.
const MaxTypeLen = 32
