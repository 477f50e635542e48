package storetest

import (
	"math"
	"time"

	"github.com/paulmach/orb"

	"gridmap/data"
)

// Codes of the fixture town: two units of two cells each, laid out as four
// 0.01° squares that share edges and vertices.
//
//	29.02 +-----+-----+
//	      | A2  | B2  |   A = community 500110119001
//	29.01 +-----+-----+   B = village   500110119200
//	      | A1  | B1  |
//	29.00 +-----+-----+
//	   106.60 106.61 106.62
const (
	TownCode = "500110119000"
	UnitA    = "500110119001"
	UnitB    = "500110119200"
	CellA1   = "500110119001001"
	CellA2   = "500110119001002"
	CellB1   = "500110119200001"
	CellB2   = "500110119200002"
)

const (
	x0, x1, x2 = 106.60, 106.61, 106.62
	y0, y1, y2 = 29.00, 29.01, 29.02
)

// cst is China Standard Time: fixture times are given in it and must come
// back as the same instants in UTC.
var cst = time.FixedZone("CST", 8*3600)

func square(minx, miny, maxx, maxy float64) orb.Polygon {
	return orb.Polygon{{{minx, miny}, {maxx, miny}, {maxx, maxy}, {minx, maxy}, {minx, miny}}}
}

func worker(id int64, name, phone string, cells ...string) data.GridWorker {
	return data.GridWorker{ID: id, Name: name, Phone: phone, Cells: cells}
}

// Fixture returns a new copy of the small, hand-checkable data set the
// conformance suite loads; store packages use it in their own tests too.
// Derived fields are left zero: stores compute them.
func Fixture() *data.Dataset {
	w11 := worker(11, "张伟", "13800000011", CellA1, CellA2)
	w12 := worker(12, "李娜", "13800000012", CellA1)
	w13 := worker(13, "王芳", "13800000013", CellB1)
	b2 := square(x1, y1, x2, y2) // with a hole: a reservoir outside the cell
	b2 = append(b2, orb.Ring{{106.614, 29.014}, {106.614, 29.016}, {106.616, 29.016}, {106.616, 29.014}, {106.614, 29.014}})
	return &data.Dataset{
		Town: data.Town{Code: TownCode, Name: "安稳镇", County: "綦江区", Province: "重庆市",
			Note: "fixture", Geometry: square(x0, y0, x2, y2)},
		Units: []data.Unit{
			{Code: UnitA, Name: "东街社区", Kind: data.UnitCommunity, TownCode: TownCode, Geometry: square(x0, y0, x1, y2)},
			{Code: UnitB, Name: "石龙村", Kind: data.UnitVillage, TownCode: TownCode, Geometry: square(x1, y0, x2, y2)},
		},
		Cells: []data.Cell{
			{Code: CellA1, Name: "东街一网格", UnitCode: UnitA, Kind: data.CellCommunity, Population: 120, Households: 40,
				AreaM2: 1075000.5, GridWorkers: []data.GridWorker{w11, w12}, Geometry: square(x0, y0, x1, y1)},
			{Code: CellA2, Name: "东街二网格", UnitCode: UnitA, Kind: data.CellCommunity, Population: 80, Households: 30,
				AreaM2: 1075000.25, GridWorkers: []data.GridWorker{w11}, Geometry: square(x0, y1, x1, y2)},
			{Code: CellB1, Name: "石龙一社", UnitCode: UnitB, Kind: data.CellRural, Population: 200, Households: 70,
				AreaM2: 1074000, GridWorkers: []data.GridWorker{w13}, Geometry: square(x1, y0, x2, y1)},
			{Code: CellB2, Name: "石龙二社", UnitCode: UnitB, Kind: data.CellRural, Population: 15, Households: 5,
				AreaM2: 1069000, Geometry: b2},
		},
		Households: []data.Household{
			{ID: 201, CellCode: CellA1, Address: "东街1号", Location: orb.Point{106.603, 29.004}},
			{ID: 202, CellCode: CellA1, Address: "东街2号", Location: orb.Point{106.607, 29.006}},
			{ID: 203, CellCode: CellA2, Address: "东街9号", Location: orb.Point{106.605, 29.015}},
			{ID: 204, CellCode: CellB1, Address: "石龙村一社3号", Location: orb.Point{106.615, 29.005}},
		},
		Residents: []data.Resident{
			{ID: 301, HouseholdID: 201, CellCode: CellA1, Name: "张三", Gender: "M", BirthDate: "1970-05-01",
				IDNumber: "500110197005010011", Phone: "13900000301", Relation: "户主", Location: orb.Point{106.603, 29.004}},
			{ID: 302, HouseholdID: 201, CellCode: CellA1, Name: "李四", Gender: "F", BirthDate: "1972-08-15",
				IDNumber: "500110197208150022", Phone: "13900000302", Relation: "配偶", Location: orb.Point{106.603, 29.004}},
			{ID: 303, HouseholdID: 202, CellCode: CellA1, Name: "王五", Gender: "M", BirthDate: "1985-01-20",
				IDNumber: "500110198501200033", Phone: "", Relation: "户主", Location: orb.Point{106.607, 29.006}},
			{ID: 304, HouseholdID: 203, CellCode: CellA2, Name: "赵六", Gender: "F", BirthDate: "1990-12-31",
				IDNumber: "50011019901231004X", Phone: "13900000304", Relation: "户主", Location: orb.Point{106.605, 29.015}},
			{ID: 305, HouseholdID: 204, CellCode: CellB1, Name: "孙七", Gender: "M", BirthDate: "1960-03-03",
				IDNumber: "500110196003030055", Phone: "13900000305", Relation: "户主", Location: orb.Point{106.615, 29.005}},
		},
		Mediators: []data.Mediator{
			{ID: 401, Name: "周调解", Role: "专职调解员", Category: data.MediatorTownCentre, Phone: "02348600401"},
			{ID: 402, Name: "吴乡贤", Role: "和议员", Category: data.MediatorTownElder, Phone: "13700000402"},
			{ID: 403, Name: "郑书记", Role: "社区书记", Category: data.MediatorCadre, UnitCode: UnitA, Phone: "13700000403"},
			{ID: 404, Name: "冯警官", Role: "驻片民警", Category: data.MediatorPolice, UnitCode: UnitA, Phone: "13700000404"},
			{ID: 405, Name: "陈律师", Role: "驻村律师", Category: data.MediatorLawyer, UnitCode: UnitB, Phone: "13700000405"},
			{ID: 406, Name: "褚老", Role: "乡贤和议员", Category: data.MediatorElder, UnitCode: UnitB, Phone: "13700000406"},
		},
		Incidents: fixtureIncidents(),
	}
}

// fixtureIncidents: by reported time, newest first, the IDs run 6, 5 and 3
// (the same instant), 7, 2, 1, 4. Incident locations probe the edges of the
// A1 square: 1 inside, 2 on its west edge, 6 on its north-east corner, 7 on
// its north edge, 3 just north of it. Mediators: 403 has 2 and 3, 404 has
// 2, 405 has 4 and 5, 401 (town centre) has 5; the reported ones (1, 7) and
// 6 (an empty list) have none; 2 and 5 list theirs out of order. The
// workflow's fields are zero but for 3 (high priority, in mediation since
// before its last update, near cell A1) and 6 (urgent, reported by grid
// worker 11, at version 4): Load fills in the rest (see wantIncidents).
func fixtureIncidents() []data.Incident {
	at := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, cst) }
	resolved2 := time.Date(2024, 2, 10, 15, 30, 0, 0, cst)
	resolved4 := time.Date(2024, 1, 2, 9, 0, 0, 0, time.UTC)
	return []data.Incident{
		{ID: 1, Kind: data.KindDispute, Type: "邻里纠纷", Source: "网格员上报", Status: data.StatusReported,
			Summary: "宅基地滴水纠纷", Description: "两户因屋檐滴水发生争执", Parties: []string{"张三", "王五"},
			CellCode: CellA1, Location: orb.Point{106.605, 29.005}, ReportedAt: at(2024, 1, 5, 10), UpdatedAt: at(2024, 1, 5, 10)},
		{ID: 2, Kind: data.KindPetition, Type: "征地拆迁", Source: "信访", Status: data.StatusResolved,
			Summary: "补偿款发放", Description: "询问补偿款发放进度", Parties: []string{"李四"},
			CellCode: CellA1, Mediators: []int64{404, 403}, Location: orb.Point{x0, 29.003}, ReportedAt: at(2024, 2, 1, 8), UpdatedAt: resolved2, ResolvedAt: &resolved2},
		{ID: 3, Kind: data.KindDispute, Type: "婚姻家庭", Source: "群众来访", Status: data.StatusMediating,
			Summary: "赡养纠纷", Description: "", Parties: []string{},
			CellCode: CellA2, Mediators: []int64{403}, Location: orb.Point{106.605, math.Nextafter(y1, 30)}, ReportedAt: at(2024, 3, 15, 10), UpdatedAt: at(2024, 3, 16, 9),
			Priority: data.PriorityHigh, StageSince: at(2024, 3, 15, 14), NearCell: CellA1, NearDistanceM: 0.25},
		{ID: 4, Kind: data.KindDispute, Type: "劳资", Source: "12345热线", Status: data.StatusClosed,
			Summary: "工资拖欠", Description: "农民工工资拖欠", Parties: nil,
			CellCode: CellB1, Mediators: []int64{405}, Location: orb.Point{106.615, 29.002}, ReportedAt: at(2023, 12, 20, 9), UpdatedAt: resolved4, ResolvedAt: &resolved4},
		{ID: 5, Kind: data.KindPetition, Type: "环境", Source: "信访", Status: data.StatusEscalated,
			Summary: "养殖场异味", Description: "反映养殖场异味扰民", Parties: []string{"孙七"},
			CellCode: CellB1, Mediators: []int64{405, 401}, Location: orb.Point{106.618, 29.008}, ReportedAt: at(2024, 3, 15, 10),
			UpdatedAt: time.Date(2024, 3, 16, 3, 4, 5, 123456789, time.UTC)}, // comes back to the microsecond
		{ID: 6, Kind: data.KindDispute, Type: "合同债务", Source: "网格员上报", Status: data.StatusAccepted,
			Summary: "借款纠纷", Description: "民间借贷纠纷", Parties: []string{"王五", "赵六", "孙七"},
			CellCode: CellA1, Mediators: []int64{}, Location: orb.Point{x1, y1}, ReportedAt: at(2024, 4, 1, 8), UpdatedAt: at(2024, 4, 2, 8),
			Priority: data.PriorityUrgent, ReporterID: 11, Version: 4},
		{ID: 7, Kind: data.KindDispute, Type: "其他", Source: "群众来访", Status: data.StatusReported,
			Summary: "道路占用", Description: "占道堆放杂物", Parties: []string{"赵六"},
			CellCode: CellA2, Location: orb.Point{106.604, y1}, ReportedAt: at(2024, 2, 20, 8), UpdatedAt: at(2024, 2, 20, 8)},
	}
}
