package data

// Mediator categories, after the town's 2021 report: the town centre's
// mediators and its elders (和议员), and in each village or community its
// cadres, resident police officer, resident lawyer and elders.
const (
	MediatorTownCentre = "town_centre" // 镇综治中心人民调解员
	MediatorTownElder  = "town_elder"  // 镇综治中心乡贤和议员
	MediatorCadre      = "cadre"       // 书记, 主任, 综治专干
	MediatorPolice     = "police"      // 驻片民警
	MediatorLawyer     = "lawyer"      // 驻村律师
	MediatorElder      = "elder"       // 村(社区)乡贤和议员
)

// Mediator is a people's mediator (人民调解员).
type Mediator struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Role     string `json:"role"`                // the post, e.g. 政法书记, 驻村律师
	Category string `json:"category"`            // one of the Mediator* constants
	UnitCode string `json:"unit_code,omitempty"` // "" for the town centre
	Phone    string `json:"phone"`
}

// MediatorFilter selects mediators. An empty filter selects all of them;
// CellCode selects the mediators of the cell's unit; UnitCode those of a unit.
type MediatorFilter struct {
	CellCode string
	UnitCode string
}
