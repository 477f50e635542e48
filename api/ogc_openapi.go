package api

import "github.com/labstack/echo/v4"

// ogcOpenAPI answers GET /ogc/api: the OpenAPI 3.0 definition of the OGC
// endpoints, with the collection ids enumerated.
func (s *Server) ogcOpenAPI(c echo.Context) error {
	if err := ogcQuery(c, ogcParams); err != nil {
		return err
	}
	base := s.baseURL(c) + "/ogc"
	ids := make([]string, len(ogcCollections))
	for i, d := range ogcCollections {
		ids[i] = d.id
	}
	type m = map[string]any
	ref := func(name string) m { return m{"$ref": "#/components/parameters/" + name} }
	jsonResp := func(desc string) m {
		return m{"200": m{"description": desc, "content": m{"application/json": m{"schema": m{"type": "object"}}}},
			"400": m{"$ref": "#/components/responses/Error"}}
	}
	geoResp := func(desc string) m {
		return m{"200": m{"description": desc, "content": m{"application/geo+json": m{"schema": m{"type": "object"}}}},
			"400": m{"$ref": "#/components/responses/Error"}, "404": m{"$ref": "#/components/responses/Error"}}
	}
	get := func(id, summary string, params []m, resp m) m {
		return m{"get": m{"operationId": id, "summary": summary, "parameters": params, "responses": resp}}
	}
	doc := m{
		"openapi": "3.0.3",
		"info": m{"title": "gridmap OGC API - Features", "version": "1.0.0",
			"description": "Grid cells, villages/communities and incidents (without personal data) of the town.",
			"license":     m{"name": "Data: illustrative sample; code: see repository"}},
		"servers": []m{{"url": base}},
		"paths": m{
			"/":                           get("getLandingPage", "Landing page", []m{ref("f")}, jsonResp("Links to the API")),
			"/conformance":                get("getConformance", "Conformance classes", []m{ref("f")}, jsonResp("Conformance classes")),
			"/api":                        get("getAPI", "This API definition", nil, m{"200": m{"description": "OpenAPI 3.0", "content": m{typeOpenAPI: m{"schema": m{"type": "object"}}}}}),
			"/collections":                get("getCollections", "Feature collections", []m{ref("f")}, jsonResp("The collections")),
			"/collections/{collectionId}": get("describeCollection", "One collection", []m{ref("collectionId"), ref("f")}, jsonResp("The collection")),
			"/collections/{collectionId}/items": get("getFeatures", "Features of a collection",
				[]m{ref("collectionId"), ref("limit"), ref("offset"), ref("bbox"), ref("bbox-crs"), ref("datetime"), ref("properties"), ref("f")},
				geoResp("A page of features")),
			"/collections/{collectionId}/items/{featureId}": get("getFeature", "One feature",
				[]m{ref("collectionId"), ref("featureId"), ref("f")}, geoResp("The feature")),
		},
		"components": m{
			"parameters": m{
				"collectionId": m{"name": "collectionId", "in": "path", "required": true, "schema": m{"type": "string", "enum": ids}},
				"featureId":    m{"name": "featureId", "in": "path", "required": true, "schema": m{"type": "string"}},
				"f":            m{"name": "f", "in": "query", "schema": m{"type": "string", "enum": []string{"json"}}},
				"limit": m{"name": "limit", "in": "query", "style": "form", "explode": false,
					"schema": m{"type": "integer", "minimum": 1, "maximum": ogcMaxLimit, "default": ogcDefLimit}},
				"offset": m{"name": "offset", "in": "query", "schema": m{"type": "integer", "minimum": 0, "default": 0}},
				"bbox": m{"name": "bbox", "in": "query", "style": "form", "explode": false,
					"schema": m{"type": "array", "minItems": 4, "maxItems": 6, "items": m{"type": "number"}}},
				"bbox-crs":   m{"name": "bbox-crs", "in": "query", "schema": m{"type": "string", "enum": []string{crs84}}},
				"datetime":   m{"name": "datetime", "in": "query", "description": "Incidents only: reported time, an instant or an interval (RFC 3339, '..' for open ends).", "schema": m{"type": "string"}},
				"properties": m{"name": "properties", "in": "query", "style": "form", "explode": false, "schema": m{"type": "array", "items": m{"type": "string"}}},
			},
			"responses": m{"Error": m{"description": "An error", "content": m{"application/json": m{"schema": m{
				"type": "object", "properties": m{"error": m{"type": "object", "properties": m{
					"code": m{"type": "string"}, "message": m{"type": "string"}, "field": m{"type": "string"}}}}}}}}},
		},
	}
	return s.sendJSON(c, typeOpenAPI, doc)
}
