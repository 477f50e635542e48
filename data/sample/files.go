package sample

import (
	"embed"
	"encoding/json"
	"fmt"

	"github.com/paulmach/orb"
)

// The committed output of the generator, read at run time. The test
// TestCommittedFiles regenerates them and compares byte for byte; run it
// with -update to rewrite them.
//
//go:embed town.geojson units.geojson cells.geojson planted.json
var files embed.FS

// File names of the committed geometry and plants.
const (
	townFile    = "town.geojson"
	unitsFile   = "units.geojson"
	cellsFile   = "cells.geojson"
	plantedFile = "planted.json"
)

// encode returns the content of every committed file.
func (g *geometry) encode() (map[string][]byte, error) {
	town := []feature{{props: [][2]string{
		{"code", townCode}, {"name", townName}, {"county", townCounty}, {"province", townProvince}, {"note", note},
	}, polygon: g.town}}
	var us, cs []feature
	for _, u := range g.units {
		us = append(us, feature{props: [][2]string{
			{"code", u.spec.code}, {"name", u.spec.name}, {"kind", u.spec.kind}, {"town_code", townCode}, {"note", note},
		}, polygon: u.polygon})
	}
	for _, c := range g.cells {
		cs = append(cs, feature{props: [][2]string{
			{"code", c.code}, {"name", c.name}, {"unit_code", units[c.unit].code}, {"kind", cellKind(units[c.unit])}, {"note", note},
		}, polygon: c.polygon})
	}
	plants, err := json.MarshalIndent(g.plants, "", "  ")
	if err != nil {
		return nil, err
	}
	return map[string][]byte{
		townFile:    encodeFeatures(town),
		unitsFile:   encodeFeatures(us),
		cellsFile:   encodeFeatures(cs),
		plantedFile: append(plants, '\n'),
	}, nil
}

// readGeometry reads the committed geometry back, checking that it names
// the units and cells the generator would.
func readGeometry() (*geometry, error) {
	g := &geometry{}
	read := func(name string) ([]rawFeature, []orb.Polygon, error) {
		b, err := files.ReadFile(name)
		if err != nil {
			return nil, nil, err
		}
		return decodeFeatures(name, b)
	}
	_, town, err := read(townFile)
	if err != nil {
		return nil, err
	}
	if len(town) != 1 {
		return nil, fmt.Errorf("%s: %d features; want 1", townFile, len(town))
	}
	g.town = town[0]
	uf, up, err := read(unitsFile)
	if err != nil {
		return nil, err
	}
	unitIndex := make(map[string]int)
	for i, f := range uf {
		if i >= len(units) || f.Properties["code"] != units[i].code {
			return nil, fmt.Errorf("%s: feature %d is unit %q; want %s", unitsFile, i, f.Properties["code"], units[min(i, len(units)-1)].code)
		}
		unitIndex[units[i].code] = i
		g.units = append(g.units, unitShape{units[i], up[i]})
	}
	cf, cp, err := read(cellsFile)
	if err != nil {
		return nil, err
	}
	for i, f := range cf {
		u, ok := unitIndex[f.Properties["unit_code"]]
		if !ok {
			return nil, fmt.Errorf("%s: cell %q is in an unknown unit", cellsFile, f.Properties["code"])
		}
		g.cells = append(g.cells, cellShape{code: f.Properties["code"], name: f.Properties["name"], unit: u, polygon: cp[i]})
	}
	return g, nil
}
