package api

// The boundary import in the OpenAPI document: the one route of the app
// API that it describes, for scripts that load a town's boundaries. It
// lives under /api, not under the OGC endpoint, so its path item names its
// own server.

// importOpenAPI returns the path item of POST /import/boundaries for the
// document served at base (…/ogc), and the schemas it refers to.
func importOpenAPI(base string) (obj, obj) {
	text := func(desc string) obj { return obj{"type": "string", "description": desc} }
	codes := func(desc string) obj {
		return obj{"type": "array", "items": obj{"type": "string"}, "description": desc}
	}
	moves := oasArray(oasRef("schemas", "ImportMove"))
	form := oasObject([]string{"file"}, obj{
		"file":           obj{"type": "string", "format": "binary", "description": "The boundary file: GeoJSON (.geojson, .json), Shapefile (.zip, .shp), KML/KMZ or GeoPackage (.gpkg)."},
		"layer":          text("A GeoPackage's or zip's layer; empty when there is one."),
		"encoding":       text("A Shapefile's attribute encoding (GBK, ...); empty reads its .cpg, else UTF-8 or GB18030."),
		"srs":            text("The coordinate system when the file declares none or the wrong one: EPSG:4490, EPSG:4527, gcj02 (Amap, Tencent maps), ..."),
		"snap":           obj{"type": "number", "minimum": 0, "maximum": maxSnapM, "default": 0.5, "description": "Snap vertices and edges of neighbours closer than this many metres; 0 for none."},
		"code_field":     text("The attribute with the 15-digit cell code; empty tries code, 网格编码, WGBM, ..."),
		"name_field":     text("The attribute with the cell's name; empty tries name, 网格名称, WGMC, ..."),
		"unit_field":     text("The attribute with the unit's 12-digit code or name; empty takes units from the cell codes."),
		"town_code":      text("For a database without a town: the town's 9-digit division code, e.g. 500110119."),
		"town_name":      text("For a database without a town: the town's name."),
		"reason":         text("For a new boundary version: why the boundaries change (required to commit one)."),
		"effective_date": obj{"type": "string", "format": "date", "description": "For a new boundary version: the date it takes effect."},
		"dry_run":        obj{"type": "boolean", "default": true, "description": "Check and preview only; false commits when the file has no problems."},
	})
	answer := func(desc string) obj { return oasJSON(desc, "ImportAnswer") }
	errorAnswer := func(desc string) obj {
		return obj{"description": desc, "content": obj{"application/json": obj{"schema": oasRef("schemas", "Error")}}}
	}
	post := obj{
		"operationId": "importBoundaries",
		"summary":     "Import a town's grid boundaries",
		"description": "Reads a boundary file, maps its features to cells and checks them, and answers what importing it would write: " +
			"a new town (mode create, into a database without one), a new boundary version with its impact (mode change), or nothing (unchanged). " +
			"A dry run (the default) writes nothing; a commit writes the town or the version, unless the file has problems. Administrators only; " +
			"with the app's session cookie, send its CSRF token in X-CSRF-Token.",
		"security":    oasSecurity(true),
		"requestBody": obj{"required": true, "content": obj{"multipart/form-data": obj{"schema": form}}},
		"responses": obj{
			"200": answer("The dry run's preview, or a file that holds the current boundaries."),
			"201": answer("Written: the new town or boundary version (version)."),
			"400": obj{"description": "An option or the file is invalid (error.field names it), or a commit of a file with problems: then read, plan, cells and problems are given beside error.",
				"content": obj{"application/json": obj{"schema": oasRef("schemas", "ImportRefusal")}}},
			"401": oasRef("responses", "Unauthorized"),
			"403": errorAnswer("The account is not an administrator's."),
			"409": errorAnswer("The boundaries changed while the import was checked: check again."),
			"413": errorAnswer("The file is larger than the server takes (error.field: file)."),
		},
	}
	preview := obj{
		"dry_run": obj{"type": "boolean"},
		"written": obj{"type": "boolean", "description": "Whether the town or a version was written."},
		"read": oasObject([]string{"file", "format", "features"}, obj{
			"file": obj{"type": "string"}, "format": obj{"type": "string"}, "layer": obj{"type": "string"},
			"encoding": obj{"type": "string"}, "srs": text("The coordinate system the file was read in."),
			"features": obj{"type": "integer", "minimum": 0},
		}),
		"plan": oasObject([]string{"mode", "town", "units", "cells", "base", "added", "reshaped", "removed", "impact"}, obj{
			"mode":     obj{"type": "string", "enum": []string{"create", "change", "unchanged"}},
			"town":     oasObject([]string{"code", "name"}, obj{"code": obj{"type": "string"}, "name": obj{"type": "string"}}),
			"units":    obj{"type": "integer", "minimum": 0},
			"cells":    obj{"type": "integer", "minimum": 0},
			"base":     obj{"type": "integer", "minimum": 0, "description": "The version a change is made on; 0 for a new town."},
			"added":    codes("Cells the file adds."),
			"reshaped": codes("Cells whose shape, name or unit the file changes."),
			"removed":  codes("Cells of the town the file lacks."),
			"impact": obj{"type": "object", "nullable": true, "description": "A change's impact, as the boundary editor's dry run gives it; null for a new town or while there are problems.",
				"required": []string{"households", "residents", "incidents", "grid_workers", "users", "summary"},
				"properties": obj{
					"households": moves, "residents": obj{"type": "integer", "minimum": 0}, "incidents": moves,
					"grid_workers": moves, "users": moves,
					"summary": oasArray(oasObject([]string{"from", "to", "households", "residents", "incidents"}, obj{
						"from": obj{"type": "string"}, "to": obj{"type": "string"}, "households": obj{"type": "integer"},
						"residents": obj{"type": "integer"}, "incidents": obj{"type": "integer"},
					})),
				}},
		}),
		"cells": oasObject([]string{"type", "features"}, obj{
			"type":     obj{"type": "string", "enum": []string{"FeatureCollection"}},
			"features": oasArray(oasRef("schemas", "ImportCell")),
		}),
		"problems": oasArray(oasRef("schemas", "ImportProblem")),
		"version": obj{"type": "object", "nullable": true, "description": "The boundary version written; null for a dry run.",
			"required": []string{"number"}, "properties": obj{"number": obj{"type": "integer", "minimum": 1}}},
	}
	schemas := obj{
		"ImportAnswer":  oasObject([]string{"dry_run", "written", "read", "plan", "cells", "problems", "version"}, preview),
		"ImportRefusal": obj{"allOf": []obj{oasRef("schemas", "Error"), oasObject(nil, preview)}},
		"ImportMove": oasObject([]string{"id", "from", "to"}, obj{
			"id": obj{"type": "integer"}, "from": obj{"type": "string"}, "to": obj{"type": "string"},
			"residents": obj{"type": "integer", "description": "For a household: how many residents move with it."},
		}),
		"ImportCell": oasObject([]string{"type", "geometry", "properties"}, obj{
			"type":     obj{"type": "string", "enum": []string{"Feature"}},
			"id":       obj{"type": "string"},
			"geometry": geometrySchema("Polygon", 3),
			"properties": obj{"type": "object", "additionalProperties": false, "required": []string{"code", "name", "unit", "status"}, "properties": obj{
				"code": obj{"type": "string"}, "name": obj{"type": "string"}, "unit": text("The unit's 12-digit code."),
				"unit_name": obj{"type": "string"},
				"status":    obj{"type": "string", "enum": []string{"added", "reshaped", "unchanged", "problem"}},
			}},
		}),
		"ImportProblem": oasObject([]string{"feature", "code", "kind", "at", "field", "message"}, obj{
			"feature": obj{"type": "integer", "minimum": 0, "description": "The feature, counted from 1 in file order; 0 for the file as a whole."},
			"code":    obj{"type": "string"},
			"kind":    obj{"type": "string", "description": "code, unit, attribute, impact, or a geometry problem: overlap, gap, vertex, hole, invalid, ..."},
			"at": obj{"type": "array", "nullable": true, "minItems": 2, "maxItems": 2, "items": obj{"type": "number"},
				"description": "Where to show it: [longitude, latitude]."},
			"field":   text("The attribute at fault, or geometry."),
			"message": obj{"type": "string", "description": "In the language of Accept-Language."},
		}),
	}
	return obj{"servers": appServers(base), "post": post}, schemas
}
