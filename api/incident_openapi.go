package api

// GET /api/incidents in the OpenAPI document: the list of incidents the
// caller may see, for scripts that look cases up by number (ID or ledger
// number) or by place and time. Like the imports it lives under /api, so
// its path item names its own server.

// incidentsOpenAPI returns the path item of GET /incidents for the
// document served at base (…/ogc).
func incidentsOpenAPI(base string) obj {
	q := oasQuery
	str := obj{"type": "string"}
	params := []obj{
		q("number", "An incident's number as people quote it: its ID, or its ledger number (台账编号) when it was imported from a ledger.",
			obj{"type": "string", "maxLength": maxNumber}),
		q("cell", "A cell's 15-digit code; a grid worker must name one of their own cells.", str),
		q("unit", "A village's or community's 12-digit code; a unit cadre must name their own.", str),
		q("status", "Statuses, comma-separated, or open for every open status.", str),
		q("type", "Incident types (纠纷类型), comma-separated: any of them; each must be a configured type.", str),
		q("mediator", "A mediator's ID: the incidents assigned to them. A mediator may name only themselves.", obj{"type": "integer", "minimum": 1}),
		q("from", "Reported at or after this time (RFC 3339, or a date in China Standard Time).", str),
		q("to", "Reported before this time.", str),
		q("bbox", "Within this box: min lon, min lat, max lon, max lat.", str),
		q("overdue", "true for incidents past their stage's deadline.", obj{"type": "string", "enum": []string{"true"}}),
		q("limit", "The page size.", obj{"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}),
		q("offset", "How many to skip.", obj{"type": "integer", "minimum": 0, "default": 0}),
	}
	incident := incidentSchema()
	page := oasPage("incidents", incident)
	errorAnswer := oasErrorAnswer
	get := obj{
		"operationId": "listIncidents",
		"summary":     "List incidents",
		"description": "The incidents the caller may list, newest first, without their personal parts (parties, description): " +
			"the town for leaders and administrators, the unit for unit cadres, their cells for grid workers, those assigned to them for mediators. " +
			"Filters outside that scope find nothing (a cell or unit named outside it is refused).",
		"security":   oasSecurity(true),
		"parameters": params,
		"responses": obj{
			"200": oasOK(typeJSON, "A page of incidents and how many match.", page),
			"400": errorAnswer("A bad parameter (error.field names it)."),
			"401": oasRef("responses", "Unauthorized"),
			"403": errorAnswer("The account may not list incidents, or not of the cell, unit or mediator named (error.field names that parameter)."),
			"404": errorAnswer("The cell, unit or mediator named does not exist (error.field names it)."),
		},
	}
	return obj{"servers": appServers(base), "get": get}
}

// incidentSchema is an incident as GET /api/incidents lists it (incidentOut).
func incidentSchema() obj {
	str := obj{"type": "string"}
	return oasObject([]string{"id", "kind", "type", "source", "status", "cell", "reported_at", "version"}, obj{
		"id": obj{"type": "integer"}, "kind": str, "type": str, "source": str, "status": str, "priority": str,
		"summary":         obj{"type": "string", "description": "Masked for callers who see the incident masked."},
		"cell":            str,
		"lon":             obj{"type": "number"},
		"lat":             obj{"type": "number"},
		"near_cell":       str,
		"near_distance_m": obj{"type": "number"},
		"reported_at":     obj{"type": "string", "format": "date-time"},
		"updated_at":      obj{"type": "string", "format": "date-time"},
		"resolved_at":     obj{"type": "string", "format": "date-time", "nullable": true},
		"stage_since":     obj{"type": "string", "format": "date-time"},
		"due_at":          obj{"type": "string", "format": "date-time", "nullable": true},
		"overdue":         obj{"type": "boolean"},
		"reply_due": obj{"type": "string", "format": "date-time",
			"description": "A petition's reply deadline while it runs (受理 + -petition-days calendar days, 《信访工作条例》 art. 32, with any extension)."},
		"extension_days": obj{"type": "integer", "minimum": 1, "maximum": 30, "description": "The days a petition's reply deadline was extended by (once)."},
		"escalation":     obj{"type": "integer"},
		"duplicate_of":   obj{"type": "integer"},
		"ledger_number":  obj{"type": "string", "description": "The ledger number (台账编号) of an incident imported from a ledger."},
		"version":        obj{"type": "integer"},
	})
}

// oasQuery is an optional query parameter of the app API.
func oasQuery(name, desc string, schema obj) obj {
	return obj{"name": name, "in": "query", "required": false, "description": desc, "schema": schema}
}

// oasPage is the schema of a page of an app API list: the items under key,
// how many match in all, the limit and the offset.
func oasPage(key string, item obj) obj {
	return oasObject([]string{key, "total", "limit", "offset"}, obj{
		key:      oasArray(item),
		"total":  obj{"type": "integer", "minimum": 0},
		"limit":  obj{"type": "integer"},
		"offset": obj{"type": "integer"},
	})
}

// oasErrorAnswer is an error answer of the app API, in the Error schema.
func oasErrorAnswer(desc string) obj {
	return obj{"description": desc, "content": obj{"application/json": obj{"schema": oasRef("schemas", "Error")}}}
}
