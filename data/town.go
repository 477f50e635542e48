package data

import "github.com/paulmach/orb"

// Town is the township a gridmap instance governs (乡镇/街道).
type Town struct {
	Code     string      `json:"code"` // 12-digit division code, e.g. 500110119000
	Name     string      `json:"name"`
	County   string      `json:"county"`   // 区县, e.g. 綦江区
	Province string      `json:"province"` // e.g. 重庆市
	Note     string      `json:"note,omitempty"`
	Geometry orb.Polygon `json:"-"`
}

// Unit kinds: a community (社区) or an administrative village (行政村).
const (
	UnitCommunity = "community"
	UnitVillage   = "village"
)

// Unit is a village or community (村/社区) of the town; its geometry is the
// union of its cells.
type Unit struct {
	Code       string      `json:"code"` // 12-digit code: 500110119001-003 communities, 500110119200-211 villages
	Name       string      `json:"name"`
	Kind       string      `json:"kind"` // UnitCommunity or UnitVillage
	TownCode   string      `json:"town_code"`
	Geometry   orb.Polygon `json:"-"`
	Cells      int         `json:"cells"`      // derived by stores
	Population int         `json:"population"` // derived by stores: sum over its cells
	Households int         `json:"households"` // derived by stores: sum over its cells
}
