package api

import (
	"strings"

	"gridmap/export"
)

// exportOpenAPI returns the path item of GET|HEAD /export/{layer} for the
// document served at base (…/ogc): like the boundary import, a route of
// the app API, so the item names its own server.
func exportOpenAPI(base string) obj {
	content := obj{}
	for _, f := range export.Formats {
		mt, _, _ := strings.Cut(export.ContentType(f), ";")
		content[mt] = obj{"schema": obj{"type": "string", "format": "binary"}}
	}
	errorAnswer := func(desc string) obj {
		return obj{"description": desc, "content": obj{"application/json": obj{"schema": oasRef("schemas", "Error")}}}
	}
	params := []obj{
		{"name": "layer", "in": "path", "required": true, "description": "The layer: cells, units (polygons), incidents or residents (points).",
			"schema": obj{"type": "string", "enum": export.Layers}},
		{"name": "format", "in": "query", "required": true,
			"description": "gpkg (GeoPackage), shp (a .zip of .shp, .shx, .dbf, .prj and a .cpg saying UTF-8; field names of at most ten ASCII characters), " +
				"kml, geojson, or the office sheets xlsx and csv (UTF-8 with a byte order mark) in the import templates' columns, so that they import back unchanged.",
			"schema": obj{"type": "string", "enum": export.Formats}},
	}
	responses := func(withBody bool) obj {
		ok := obj{"description": "The file, named in Content-Disposition (the town, the layer and the date; e.g. 安稳镇-网格-20261206.zip).",
			"headers": obj{"Content-Disposition": obj{"schema": obj{"type": "string"}}}}
		if withBody {
			ok["content"] = content
		}
		return obj{
			"200": ok,
			"400": errorAnswer("An unknown layer or format (error.field names it)."),
			"401": oasRef("responses", "Unauthorized"),
			"403": errorAnswer("The account may not export the layer: residents are for administrators alone; incidents for accounts that may list them."),
		}
	}
	desc := "A layer of the town as a file to download. Cells and units are open to anyone who sees the map; the cells' workers (grid workers' names) " +
		"are left empty for the anonymous and viewers where the server keeps staff contacts from them. " +
		"Incidents are for accounts that may list them, limited to the account's area; only administrators get their parties, " +
		"descriptions and unmasked summaries (others get none, and summaries masked as the app shows them). " +
		"Residents (names, identity numbers, phones) are for administrators alone. Every export with personal data is audited."
	op := func(id string, withBody bool) obj {
		return obj{"operationId": id, "summary": "Export a layer", "description": desc, "security": oasSecurity(false),
			"parameters": params, "responses": responses(withBody)}
	}
	return obj{"servers": appServers(base),
		"get": op("exportLayer", true), "head": op("exportLayerHead", false)}
}
