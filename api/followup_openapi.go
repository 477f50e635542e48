package api

// followupsOpenAPI returns the path item of /incidents/{id}/followups (回访)
// for the document served at base (…/ogc); like the incident list it lives
// under /api and names its own server.
func followupsOpenAPI(base string) obj {
	str := obj{"type": "string"}
	id := obj{"name": "id", "in": "path", "required": true, "description": "The incident's ID.",
		"schema": obj{"type": "integer", "minimum": 1}}
	followup := oasObject([]string{"id", "incident_id", "method", "reached", "performed", "satisfaction", "passed", "note", "recorder_id", "at"}, obj{
		"id": obj{"type": "integer"}, "incident_id": obj{"type": "integer"},
		"method":       obj{"type": "string", "enum": []string{"visit", "phone"}, "description": "入户 (visit) or 电话 (phone)."},
		"reached":      obj{"type": "boolean", "description": "Whether the parties were reached."},
		"performed":    obj{"type": "string", "enum": []string{"", "yes", "partly", "no"}, "description": "已履行, 部分履行, 未履行; empty when not reached."},
		"satisfaction": obj{"type": "string", "enum": []string{"", "satisfied", "basically_satisfied", "dissatisfied"}, "description": "满意, 基本满意, 不满意; empty when not reached."},
		"passed":       obj{"type": "boolean", "description": "performed is yes and satisfaction is not dissatisfied."},
		"note":         obj{"type": "string", "description": "Masked like the incident's own text for callers who see it masked."},
		"recorder_id":  obj{"type": "integer"},
		"at":           obj{"type": "string", "format": "date-time"},
	})
	body := oasObject([]string{"method", "reached"}, obj{
		"method":       obj{"type": "string", "enum": []string{"visit", "phone"}},
		"reached":      obj{"type": "boolean"},
		"performed":    obj{"type": "string", "enum": []string{"yes", "partly", "no"}, "description": "Required when reached, absent otherwise."},
		"satisfaction": obj{"type": "string", "enum": []string{"satisfied", "basically_satisfied", "dissatisfied"}, "description": "Required when reached, absent otherwise."},
		"note":         str,
		"version":      obj{"type": "integer", "description": "The incident's version the caller saw (or If-Match); 0 or absent for none."},
	})
	errorAnswer := func(desc string) obj {
		return obj{"description": desc, "content": obj{"application/json": obj{"schema": oasRef("schemas", "Error")}}}
	}
	conflict := obj{"description": "The incident is not resolved, or has moved past version: the error and the incident as it is.",
		"content": obj{"application/json": obj{"schema": obj{"allOf": []obj{oasRef("schemas", "Error"),
			oasObject([]string{"incident"}, obj{"incident": obj{"type": "object"}})}}}}}
	get := obj{
		"operationId": "listFollowups",
		"summary":     "An incident's 回访 records",
		"description": "The verification visits and calls of the incident, oldest first.",
		"security":    oasSecurity(true),
		"parameters":  []obj{id},
		"responses": obj{
			"200": oasOK(typeJSON, "The 回访 records.", oasObject([]string{"followups"}, obj{"followups": oasArray(followup)})),
			"400": errorAnswer("A bad id."),
			"401": oasRef("responses", "Unauthorized"),
			"403": errorAnswer("The account may not see the incident."),
			"404": errorAnswer("No such incident."),
		},
	}
	post := obj{
		"operationId": "addFollowup",
		"summary":     "Record a 回访 of a resolved incident",
		"description": "By the case's unit cadre, a grid worker of its cell, a mediator assigned to it, or an admin. A failed 回访 " +
			"(the parties reached, and the resolution not performed in full or the parties dissatisfied) takes the incident back to mediating " +
			"in the same write; 办结 needs a passed one. Resent with the same Idempotency-Key and version after its answer was lost, it answers 200 with the first.",
		"security": oasSecurity(true),
		"parameters": []obj{id,
			{"name": "Idempotency-Key", "in": "header", "required": false, "schema": obj{"type": "string"}},
			{"name": "If-Match", "in": "header", "required": false, "schema": obj{"type": "string"}}},
		"requestBody": obj{"required": true, "content": obj{"application/json": obj{"schema": body}}},
		"responses": obj{
			"200": oasOK(typeJSON, "A resent 回访: the first.", oasObject([]string{"followup", "incident"}, obj{"followup": followup, "incident": obj{"type": "object"}})),
			"201": oasOK(typeJSON, "The 回访 and the incident after it.", oasObject([]string{"followup", "incident"}, obj{"followup": followup, "incident": obj{"type": "object"}})),
			"400": errorAnswer("A bad field (error.field names it)."),
			"401": oasRef("responses", "Unauthorized"),
			"403": errorAnswer("The account may not record a 回访 of this incident."),
			"404": errorAnswer("No such incident."),
			"409": conflict,
		},
	}
	return obj{"servers": appServers(base), "get": get, "post": post}
}
