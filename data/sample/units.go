package sample

import "gridmap/data"

// Facts of the town. The code, county and province are real; everything
// drawn or named below the town is illustrative.
const (
	townCode     = "500110119000"
	townName     = "安稳镇"
	townCounty   = "綦江区"
	townProvince = "重庆市"
	townCells    = 138
)

// note is attached to the town and to every feature of the committed
// GeoJSON files, so that nobody mistakes the sample for real data.
const note = "示意数据：镇界、村（社区）界和网格界，以及人名、电话、身份证号、事件均为虚构，" +
	"真实边界未公开。Illustrative data: boundaries, names, people and events are fictional; " +
	"the real boundaries are not public."

// unitSpec describes one village or community: its code, name and kind, how
// many cells it has, and where its generator seeds are centred, in metres
// east and north of the map origin (see origin).
type unitSpec struct {
	code   string
	name   string
	kind   string // data.UnitCommunity or data.UnitVillage
	cells  int
	centre [2]float64
}

// units lists the 15 units in code order: 3 communities (001-003), divided
// by resident population, and 12 villages (200-211), divided by cooperative.
var units = []unitSpec{
	{"500110119001", "安稳社区", data.UnitCommunity, 10, [2]float64{0, 800}},
	{"500110119002", "石佛社区", data.UnitCommunity, 8, [2]float64{1400, 1900}},
	{"500110119003", "松藻社区", data.UnitCommunity, 6, [2]float64{1100, -700}},
	{"500110119200", "崇河村", data.UnitVillage, 10, [2]float64{-4600, 2400}},
	{"500110119201", "新民村", data.UnitVillage, 9, [2]float64{-2400, 5200}},
	{"500110119202", "羊角村", data.UnitVillage, 8, [2]float64{200, 5400}},
	{"500110119203", "大榜村", data.UnitVillage, 9, [2]float64{3300, 4600}},
	{"500110119204", "福林村", data.UnitVillage, 11, [2]float64{4900, 1600}},
	{"500110119205", "青龙村", data.UnitVillage, 8, [2]float64{4700, -2000}},
	{"500110119206", "龙门村", data.UnitVillage, 10, [2]float64{2400, -4300}},
	{"500110119207", "红岩村", data.UnitVillage, 12, [2]float64{-200, -6000}},
	{"500110119208", "白鹤村", data.UnitVillage, 9, [2]float64{-2600, -3600}},
	{"500110119209", "永兴村", data.UnitVillage, 7, [2]float64{-5200, -2600}},
	{"500110119210", "金桥村", data.UnitVillage, 13, [2]float64{-2600, 1000}},
	{"500110119211", "石龙村", data.UnitVillage, 8, [2]float64{-5400, -300}},
}
