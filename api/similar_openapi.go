package api

import (
	"gridmap/data"
)

// similarOpenAPI returns the path item of GET /incidents/similar for the
// document served at base (…/ogc); like the incident list it lives under
// /api and names its own server.
func similarOpenAPI(base string) obj {
	q := func(name, desc string, schema obj) obj {
		return obj{"name": name, "in": "query", "required": false, "description": desc, "schema": schema}
	}
	str := obj{"type": "string"}
	reason := oasObject([]string{"reason", "days"}, obj{
		"reason": obj{"type": "string", "enum": []string{data.ReasonNearbySameType, data.ReasonSameParties},
			"description": "nearby_same_type: the same type within 100 m, reported within 90 days; same_parties: a party is the same resident, or has the same name and phone, and the case is open or reported within 90 days."},
		"distance_m": obj{"type": "number", "description": "With nearby_same_type: metres from the point given."},
		"days":       obj{"type": "integer", "minimum": 0, "description": "Days since the case was reported."},
	})
	candidate := obj{"allOf": []obj{incidentSchema(), oasObject([]string{"reasons"}, obj{"reasons": oasArray(reason)})}}
	answer := oasObject([]string{"candidates", "history", "history_total"}, obj{
		"candidates":    oasArray(candidate),
		"history":       oasArray(incidentSchema()),
		"history_total": obj{"type": "integer", "minimum": 0},
	})
	errorAnswer := func(desc string) obj {
		return obj{"description": desc, "content": obj{"application/json": obj{"schema": oasRef("schemas", "Error")}}}
	}
	get := obj{
		"operationId": "similarIncidents",
		"summary":     "Cases that may be the dispute being reported",
		"description": "Before a report is sent: the open and recent cases that may be the same dispute (at most 20, newest first), " +
			"with the reasons for each, and the earlier disputes of its parties (history, at most 20 newest first, of history_total), " +
			"only among the incidents the caller may list and shown as GET /incidents shows them. A case that is one may be linked " +
			"instead of opening another: POST /incidents with duplicate_of files the report as its duplicate. Duplicates are never listed.",
		"security": oasSecurity(true),
		"parameters": []obj{
			q("lon", "The report's longitude; with lat.", obj{"type": "number", "minimum": -180, "maximum": 180}),
			q("lat", "The report's latitude; with lon.", obj{"type": "number", "minimum": -90, "maximum": 90}),
			q("type", "The report's incident type; nearby cases need it.", str),
			q("parties", "Comma-separated: resident:<id> for a resident, <name>:<phone> for anyone else (a name alone matches nobody). "+
				"Only for callers who read in full what a match would confirm: not leaders, who see the parties of cases masked, "+
				"and not mediators by a resident, whom they see masked (403 naming parties).", str),
		},
		"responses": obj{
			"200": oasOK(typeJSON, "The candidates and the parties' earlier disputes.", answer),
			"400": errorAnswer("A bad parameter (error.field names it)."),
			"401": oasRef("responses", "Unauthorized"),
			"403": errorAnswer("The account may not list incidents, or may not look them up by the parties given (error.field names parties)."),
		},
	}
	return obj{"servers": appServers(base), "get": get}
}
