package api

// partiesOpenAPI returns the path item of /incidents/{id}/parties (the
// edit of a case's parties after intake) for the document served at base
// (…/ogc); it lives under /api and names its own server.
func partiesOpenAPI(base string) obj {
	id := obj{"name": "id", "in": "path", "required": true, "description": "The incident's ID.",
		"schema": obj{"type": "integer", "minimum": 1}}
	party := oasObject([]string{}, obj{
		"name":        obj{"type": "string", "description": "The party's name; a resident's comes from the record."},
		"phone":       obj{"type": "string", "description": "Digits, a leading + allowed; a resident's comes from the record."},
		"resident_id": obj{"type": "integer", "minimum": 1, "description": "A resident of the incident's cell."},
	})
	body := oasObject([]string{"party_details"}, obj{
		"party_details": oasArray(party),
		"version":       obj{"type": "integer", "description": "The incident's version the caller saw (or If-Match); 0 or absent for none."},
	})
	errorAnswer := func(desc string) obj {
		return obj{"description": desc, "content": obj{"application/json": obj{"schema": oasRef("schemas", "Error")}}}
	}
	answer := oasObject([]string{"id", "version", "incident_version", "parties", "party_details"}, obj{
		"id": obj{"type": "integer"}, "version": obj{"type": "integer"}, "incident_version": obj{"type": "integer"},
		"parties": oasArray(obj{"type": "string"}), "party_details": oasArray(party),
	})
	conflict := obj{"description": "The incident has moved past version: the error and the incident as it is.",
		"content": obj{"application/json": obj{"schema": obj{"allOf": []obj{oasRef("schemas", "Error"),
			oasObject([]string{"incident"}, obj{"incident": obj{"type": "object"}})}}}}}
	post := obj{
		"operationId": "editParties",
		"summary":     "Replace an incident's parties after intake",
		"description": "By those who read the parties in full: a grid worker of its cell, its unit's cadres, a mediator assigned to it, " +
			"an admin. The parties as a report gives them; a resident newly linked must live in the incident's cell and be one the caller sees in full " +
			"(a mediator, who sees the unit's residents masked, keeps the residents linked but links no other). " +
			"The timeline gains a parties event (the number of parties, no names), the audit log an edit_parties entry.",
		"security": oasSecurity(true),
		"parameters": []obj{id,
			{"name": "If-Match", "in": "header", "required": false, "schema": obj{"type": "string"}}},
		"requestBody": obj{"required": true, "content": obj{"application/json": obj{"schema": body}}},
		"responses": obj{
			"200": oasOK(typeJSON, "The incident after the edit.", answer),
			"400": errorAnswer("A bad field (error.field names it)."),
			"401": oasRef("responses", "Unauthorized"),
			"403": errorAnswer("The account may not edit the parties, or may not name that resident."),
			"404": errorAnswer("No such incident."),
			"409": conflict,
		},
	}
	return obj{"servers": appServers(base), "post": post}
}
