package api

import (
	"strings"

	"github.com/labstack/echo/v4"
)

// ogcOpenAPI answers GET /ogc/api: the OpenAPI 3.0 definition of the OGC
// endpoints.
func (s *Server) ogcOpenAPI(c echo.Context) error {
	if err := ogcQuery(c, ogcParams); err != nil {
		return err
	}
	return s.sendJSON(c, typeOpenAPI, openAPIDoc(s.baseURL(c)+"/ogc"))
}

// obj is a JSON object of the OpenAPI document.
type obj = map[string]any

// Who may call a route: the public ones take anonymous callers, an API
// token or the app's session cookie; a collection that anonymous callers
// may not see needs one of the latter two.
func oasSecurity(personal bool) []obj {
	signedIn := []obj{{"bearerAuth": []string{}}, {"sessionCookie": []string{}}}
	if personal {
		return signedIn
	}
	return append([]obj{{}}, signedIn...)
}

// openAPIDoc is the API definition served at base. It is built from what
// the routes check (the collections, their properties and who may see them,
// each route's query parameters and f values), so that the two agree.
func openAPIDoc(base string) obj {
	paths := obj{
		"/": oasGet("getLandingPage", "Landing page",
			"Links to the API definition, the conformance classes and the collections.",
			oasParams(ogcParams, nil), oasJSON("The landing page", "LandingPage"), false),
		"/conformance": oasGet("getConformance", "Conformance classes",
			"The OGC API - Features conformance classes this server implements.",
			oasParams(ogcParams, nil), oasJSON("The conformance classes", "Conformance"), false),
		"/api": oasGet("getAPI", "API definition", "This OpenAPI 3.0 document.",
			oasParams(ogcParams, nil), oasOK(typeOpenAPI, "This document", obj{"type": "object"}), false),
		"/collections": oasGet("getCollections", "Feature collections",
			"The collections the caller may read: cells and units for anyone, incidents for accounts that may list incidents.",
			oasParams(ogcParams, nil), oasJSON("The collections", "Collections"), false),
	}
	schemas := obj{
		"Error": oasObject([]string{"error"}, obj{"error": oasObject([]string{"code", "message"}, obj{
			"code":    obj{"type": "string", "description": "A stable code: invalid, unauthorized, forbidden, not_found, ..."},
			"message": obj{"type": "string", "description": "For people, in the language of Accept-Language (zh-CN by default, or en)."},
			"field":   obj{"type": "string", "description": "The parameter or header at fault, if any."},
		})}),
		"Link": oasObject([]string{"href", "rel"}, obj{
			"href": obj{"type": "string"}, "rel": obj{"type": "string"},
			"type": obj{"type": "string"}, "title": obj{"type": "string"},
		}),
		"LandingPage": oasObject([]string{"links"}, obj{
			"title": obj{"type": "string"}, "description": obj{"type": "string"}, "links": oasLinks(),
		}),
		"Conformance": oasObject([]string{"conformsTo"}, obj{"conformsTo": oasArray(obj{"type": "string"})}),
		"Collection": oasObject([]string{"id", "links"}, obj{
			"id": obj{"type": "string"}, "title": obj{"type": "string"}, "description": obj{"type": "string"},
			"itemType": obj{"type": "string"}, "crs": oasArray(obj{"type": "string"}),
			"extent": oasObject(nil, obj{
				"spatial": oasObject(nil, obj{
					"bbox": oasArray(obj{"type": "array", "minItems": 4, "maxItems": 6, "items": obj{"type": "number"}}),
					"crs":  obj{"type": "string"},
				}),
				"temporal": oasObject(nil, obj{
					"interval": oasArray(obj{"type": "array", "minItems": 2, "maxItems": 2,
						"items": obj{"type": "string", "format": "date-time", "nullable": true}}),
					"trs": obj{"type": "string"},
				}),
			}),
			"links": oasLinks(),
		}),
		"Collections": oasObject([]string{"links", "collections"}, obj{
			"links": oasLinks(), "collections": oasArray(oasRef("schemas", "Collection")),
		}),
	}
	parameters := obj{
		"f": obj{"name": "f", "in": "query", "description": "The format of the answer: JSON (GeoJSON for features) only.",
			"schema": obj{"type": "string", "enum": ogcFormats}},
		"limit": obj{"name": "limit", "in": "query", "description": "Features per page; a larger value is taken as the maximum.",
			"schema": obj{"type": "integer", "minimum": 1, "maximum": ogcMaxLimit, "default": ogcDefLimit}},
		"offset": obj{"name": "offset", "in": "query", "description": "Features to skip, for paging (the next link carries it).",
			"schema": obj{"type": "integer", "minimum": 0, "default": 0}},
		"bbox": obj{"name": "bbox", "in": "query", "style": "form", "explode": false,
			"description": "minLon,minLat,maxLon,maxLat in CRS84 (a 6-number 3D box is taken without its heights).",
			"schema":      obj{"type": "array", "minItems": 4, "maxItems": 6, "items": obj{"type": "number"}}},
		"bbox-crs": obj{"name": "bbox-crs", "in": "query", "description": "The CRS of bbox: CRS84 only.",
			"schema": obj{"type": "string", "enum": []string{crs84}}},
		"datetime": obj{"name": "datetime", "in": "query",
			"description": "The reported time: an instant or an interval (RFC 3339 times or dates, '..' for an open end).",
			"schema":      obj{"type": "string"}},
		"featureId": obj{"name": "featureId", "in": "path", "required": true, "description": "The feature's id.",
			"schema": obj{"type": "string"}},
	}
	for i := range ogcCollections {
		d := &ogcCollections[i]
		who := !d.visibleTo(&principal{})
		path := "/collections/" + d.id
		name := strings.ToUpper(d.id[:1]) + d.id[1:]
		paths[path] = oasGet("describe"+name, d.title, d.description,
			oasParams(ogcParams, d), oasJSON("The collection", "Collection"), who)
		paths[path+"/items"] = oasGet("get"+name, d.title+": features", "A page of features, with paging links.",
			oasParams(d.itemsParams(), d), oasOK(typeGeoJSON, "A page of features", oasRef("schemas", name+"Page")), who)
		paths[path+"/items/{featureId}"] = oasGet("get"+name+"Feature", d.title+": one feature", "One feature by id.",
			append(oasParams(ogcItemParams, d), oasRef("parameters", "featureId")), oasOK(typeGeoJSON, "The feature", oasRef("schemas", name+"Feature")), who)
		parameters["properties-"+d.id] = obj{"name": "properties", "in": "query", "style": "form", "explode": false,
			"description": "The properties to return, comma-separated; all when absent.",
			"schema":      oasArray(obj{"type": "string", "enum": d.propertyNames()})}
		schemas[name+"Feature"] = d.featureSchema()
		schemas[name+"Page"] = oasObject([]string{"type", "features"}, obj{
			"type":           obj{"type": "string", "enum": []string{"FeatureCollection"}},
			"features":       oasArray(oasRef("schemas", name+"Feature")),
			"numberMatched":  obj{"type": "integer", "minimum": 0},
			"numberReturned": obj{"type": "integer", "minimum": 0},
			"links":          oasLinks(),
		})
	}
	importPath, importSchemas := importOpenAPI(base)
	paths["/import/boundaries"] = importPath
	paths["/export/{layer}"] = exportOpenAPI(base)
	paths["/incidents"] = incidentsOpenAPI(base)
	paths["/residents"] = residentsOpenAPI(base)
	paths["/incidents/{id}/followups"] = followupsOpenAPI(base)
	paths["/incidents/{id}/parties"] = partiesOpenAPI(base)
	paths["/incidents/{id}/extend"] = extendOpenAPI(base)
	for k, v := range documentsOpenAPI(base) {
		paths[k] = v
	}
	paths["/stats"] = statsOpenAPI(base)
	for k, v := range mediationStatsOpenAPI(base) {
		paths[k] = v
	}
	paths["/incidents/similar"] = similarOpenAPI(base)
	for k, v := range tilesOpenAPI(base) {
		paths[k] = v
	}
	for k, v := range notificationsOpenAPI(base) {
		paths[k] = v
	}
	for k, v := range calendarOpenAPI(base) {
		paths[k] = v
	}
	for k, v := range importSchemas {
		schemas[k] = v
	}
	sheetPaths, sheetSchemas := sheetImportOpenAPI(base)
	for k, v := range sheetPaths {
		paths[k] = v
	}
	for k, v := range sheetSchemas {
		schemas[k] = v
	}
	errorAnswer := func(desc string) obj {
		return obj{"description": desc, "content": obj{"application/json": obj{"schema": oasRef("schemas", "Error")}}}
	}
	// Any route may also answer a status it does not list (413 for a body
	// past the limit, 429, 500, 503): in the same error shape.
	for _, v := range paths {
		item, _ := v.(obj)
		for _, method := range []string{"get", "post", "put", "patch", "delete"} {
			if op, ok := item[method].(obj); ok {
				if rs, ok := op["responses"].(obj); ok && rs["default"] == nil {
					rs["default"] = errorAnswer("Any other error, in the same shape (413 for a body past the limit, 429, 500, 503).")
				}
			}
		}
	}
	return obj{
		"openapi": "3.0.3",
		"info": obj{"title": "gridmap OGC API - Features", "version": "1.0.0",
			"description": "Grid cells, villages/communities and incidents (without personal data) of the town. " +
				"Cells and units are open to anyone. The incidents collection needs an account that may list incidents: " +
				"send an API token as `Authorization: Bearer <token>` (create one in the app, or with POST /api/auth/tokens logged in); " +
				"the app's session cookie works too. Each account sees the incidents of its own area.",
		},
		"servers":  []obj{{"url": base}},
		"security": oasSecurity(false),
		"paths":    paths,
		"components": obj{
			"securitySchemes": obj{
				"bearerAuth": obj{"type": "http", "scheme": "bearer",
					"description": "A gridmap API token. A wrong, expired or revoked token is refused with 401 on every route."},
				"sessionCookie": obj{"type": "apiKey", "in": "cookie", "name": sessionCookie,
					"description": "The session of the map app, set by POST /api/auth/login."},
			},
			"parameters": parameters,
			"schemas":    schemas,
			"responses": obj{
				"BadRequest":   errorAnswer("A query parameter is unknown or invalid; error.field names it."),
				"Unauthorized": errorAnswer("No account where one is needed, or a wrong, expired or revoked token (error.field: Authorization)."),
				"Forbidden":    errorAnswer("The account may not read this collection."),
				"NotFound":     errorAnswer("No such feature, or none that the caller may see."),
			},
		},
	}
}

// appServers is the server of an app API path item (a route under /api)
// in the document served at base (…/ogc). It overrides the document's
// OGC server, and so marks the item as the app's: the OGC tests pass over
// such items, which their own OpenAPI tests check.
func appServers(base string) []obj {
	return []obj{{"url": strings.TrimSuffix(base, "/ogc") + "/api", "description": "The app API"}}
}

// oasGet describes a GET route; every route may refuse a parameter
// (400) or a token (401), a personal route, which needs an account, refuses
// those outside its scope (403), and a feature may be absent (404).
func oasGet(id, summary, description string, params []obj, answer obj, personal bool) obj {
	resp := obj{"200": answer, "400": oasRef("responses", "BadRequest"), "401": oasRef("responses", "Unauthorized")}
	if personal {
		resp["403"] = oasRef("responses", "Forbidden")
	}
	for _, p := range params {
		if p["$ref"] == "#/components/parameters/featureId" {
			resp["404"] = oasRef("responses", "NotFound")
		}
	}
	return obj{"get": obj{"operationId": id, "summary": summary, "description": description,
		"parameters": params, "responses": resp, "security": oasSecurity(personal)}}
}

// oasParams refers to the parameters named, properties being d's own.
func oasParams(names []string, d *collectionDef) []obj {
	out := []obj{}
	for _, n := range names {
		if n == "properties" {
			n += "-" + d.id
		}
		out = append(out, oasRef("parameters", n))
	}
	return out
}

// featureSchema is the GeoJSON schema of one of d's features: its
// properties exactly.
func (d *collectionDef) featureSchema() obj {
	props := obj{}
	for _, p := range d.properties {
		typ, nullable := strings.CutSuffix(p.typ, "?")
		s := obj{"type": typ}
		if typ == "date-time" {
			s = obj{"type": "string", "format": "date-time"}
		}
		if nullable {
			s["nullable"] = true
		}
		props[p.name] = s
	}
	id := obj{"type": "string"}
	geometry := geometrySchema("Polygon", 3)
	if d.id == "incidents" {
		id, geometry = obj{"type": "integer"}, geometrySchema("Point", 1)
	}
	return oasObject([]string{"type", "geometry", "properties"}, obj{
		"type":       obj{"type": "string", "enum": []string{"Feature"}},
		"id":         id,
		"geometry":   geometry,
		"properties": obj{"type": "object", "properties": props, "additionalProperties": false},
		"links":      oasLinks(),
	})
}

// geometrySchema is a GeoJSON geometry of one type whose coordinates nest
// depth arrays of positions deep.
func geometrySchema(typ string, depth int) obj {
	coords := obj{"type": "array", "minItems": 2, "items": obj{"type": "number"}}
	for range depth - 1 {
		coords = oasArray(coords)
	}
	return oasObject([]string{"type", "coordinates"}, obj{
		"type": obj{"type": "string", "enum": []string{typ}}, "coordinates": coords,
	})
}

func oasRef(kind, name string) obj { return obj{"$ref": "#/components/" + kind + "/" + name} }

func oasArray(items obj) obj { return obj{"type": "array", "items": items} }

func oasLinks() obj { return oasArray(oasRef("schemas", "Link")) }

func oasObject(required []string, props obj) obj {
	o := obj{"type": "object", "properties": props}
	if len(required) > 0 {
		o["required"] = required
	}
	return o
}

func oasOK(mediaType, desc string, schema obj) obj {
	mt, _, _ := strings.Cut(mediaType, ";")
	if strings.HasPrefix(mediaType, "application/vnd.oai.openapi") {
		mt = mediaType // its version parameter is part of the type
	}
	return obj{"description": desc, "content": obj{mt: obj{"schema": schema}}}
}

func oasJSON(desc, schema string) obj { return oasOK(typeJSON, desc, oasRef("schemas", schema)) }
