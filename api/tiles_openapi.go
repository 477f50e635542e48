package api

import (
	"strconv"
	"strings"
)

// tilesOpenAPI returns the path items of the vector tiles and their
// TileJSON for the document served at base (…/ogc). They are not OGC
// routes, so each item names its own server, the service's root.
func tilesOpenAPI(base string) obj {
	servers := []obj{{"url": strings.TrimSuffix(base, "/ogc"), "description": "Vector tiles"}}
	errorAnswer := func(desc string) obj {
		return obj{"description": desc, "content": obj{"application/json": obj{"schema": oasRef("schemas", "Error")}}}
	}
	layer := obj{"name": "layer", "in": "path", "required": true,
		"description": "cells and units (polygons, for anyone) or incidents (points, for accounts that may list incidents, limited to the account's area).",
		"schema":      obj{"type": "string", "enum": tileLayers}}
	coord := func(name, desc string, most int) obj {
		return obj{"name": name, "in": "path", "required": true, "description": desc,
			"schema": obj{"type": "integer", "minimum": 0, "maximum": most}}
	}
	answers := func(ok obj, what string) obj {
		return obj{
			"200": ok,
			"304": obj{"description": "The tile or document is the one whose ETag If-None-Match names."},
			"400": errorAnswer("z, x or y is not a tile of the zoom (error.field names it)."),
			"401": oasRef("responses", "Unauthorized"),
			"403": errorAnswer("The account may not list incidents."),
			"404": errorAnswer("No such layer" + what + " (error.field names it)."),
		}
	}
	tileJSON := oasObject([]string{"tilejson", "tiles", "vector_layers"}, obj{
		"tilejson": obj{"type": "string", "enum": []string{"3.0.0"}},
		"name":     obj{"type": "string"},
		"tiles":    oasArray(obj{"type": "string"}),
		"minzoom":  obj{"type": "integer", "minimum": 0},
		"maxzoom":  obj{"type": "integer", "maximum": tileMaxZoom},
		"bounds":   obj{"type": "array", "minItems": 4, "maxItems": 4, "items": obj{"type": "number"}},
		"center":   obj{"type": "array", "minItems": 3, "maxItems": 3, "items": obj{"type": "number"}},
		"vector_layers": oasArray(oasObject([]string{"id", "fields"}, obj{
			"id":          obj{"type": "string", "enum": tileLayers},
			"fields":      obj{"type": "object", "additionalProperties": obj{"type": "string"}},
			"description": obj{"type": "string"},
			"minzoom":     obj{"type": "integer"},
			"maxzoom":     obj{"type": "integer"},
		})),
	})
	return obj{
		"/tiles/{layer}.json": obj{"servers": servers, "get": obj{
			"operationId": "getTileJSON", "summary": "TileJSON of a vector tile layer",
			"description": "TileJSON 3.0.0: the layer's tile URL, zooms, bounds and fields, for MapLibre, QGIS or GDAL.",
			"security":    oasSecurity(false), "parameters": []obj{layer},
			"responses": answers(oasOK(typeJSON, "The TileJSON document", tileJSON), ""),
		}},
		"/tiles/{layer}/{z}/{x}/{y}.mvt": obj{"servers": servers, "get": obj{
			"operationId": "getTile", "summary": "A vector tile",
			"description": "A Mapbox Vector Tile 2.1 (gzip-compressed when the client accepts gzip) with one layer named as the path's, " +
				"extent 4096. Cells and units are simplified at each zoom by about a pixel on their shared boundaries, so that neighbours " +
				"never show gaps or overlaps. Cells carry code, name, unit_code, unit_name, kind, population and households; units code, " +
				"name, kind, cells, population and households. Incidents (no personal data) are points with id, type and status from zoom " +
				strconv.Itoa(incidentPointZoom) + "; below it, one point per cell with incidents at the cell's label point, with code and count.",
			"security": oasSecurity(false),
			"parameters": []obj{layer,
				coord("z", "The zoom.", tileMaxZoom),
				coord("x", "The column, from 0 to 2^z-1.", 1<<tileMaxZoom-1),
				coord("y", "The row from the north, from 0 to 2^z-1.", 1<<tileMaxZoom-1)},
			"responses": answers(oasOK(typeMVT, "The tile", obj{"type": "string", "format": "binary"}), " or format"),
		}},
	}
}
