package api

// extendOpenAPI returns the path item of /incidents/{id}/extend (the
// extension of a petition's reply deadline) for the document served at
// base (…/ogc); it lives under /api and names its own server.
func extendOpenAPI(base string) obj {
	id := obj{"name": "id", "in": "path", "required": true, "description": "The incident's ID.",
		"schema": obj{"type": "integer", "minimum": 1}}
	body := oasObject([]string{"days", "reason"}, obj{
		"days":    obj{"type": "integer", "minimum": 1, "maximum": 30, "description": "Days to add to the reply deadline: at most 30 (《信访工作条例》 art. 32)."},
		"reason":  obj{"type": "string", "minLength": 1, "maxLength": 500, "description": "Why the petition needs longer: shown in the timeline."},
		"version": obj{"type": "integer", "minimum": 1, "description": "The incident's version the caller saw (or If-Match); required."},
	})
	answer := oasObject([]string{"id", "kind", "status", "version", "due_at", "reply_due", "extension_days"}, obj{
		"id": obj{"type": "integer"}, "kind": obj{"type": "string", "enum": []string{"petition"}}, "status": obj{"type": "string"},
		"version":        obj{"type": "integer"},
		"due_at":         obj{"type": "string", "format": "date-time"},
		"reply_due":      obj{"type": "string", "format": "date-time"},
		"extension_days": obj{"type": "integer", "minimum": 1, "maximum": 30},
	})
	conflict := obj{"description": "The incident has moved past version, is no petition whose reply clock runs, or was extended before: " +
		"the error and the incident as it is.",
		"content": obj{"application/json": obj{"schema": obj{"allOf": []obj{oasRef("schemas", "Error"),
			oasObject([]string{"incident"}, obj{"incident": obj{"type": "object"}})}}}}}
	post := obj{
		"operationId": "extendReply",
		"summary":     "Extend a petition's reply deadline once",
		"description": "By the cadres of the petition's unit and admins. A petition is due to be answered -petition-days (60) calendar days " +
			"after its 受理, whatever its stage; this extends that once by 1 to 30 days with a reason. The timeline gains an extended event " +
			"(the days and the reason), the audit log an extend_reply entry.",
		"security": oasSecurity(true),
		"parameters": []obj{id,
			{"name": "If-Match", "in": "header", "required": false, "schema": obj{"type": "string"}}},
		"requestBody": obj{"required": true, "content": obj{"application/json": obj{"schema": body}}},
		"responses": obj{
			"200": oasOK(typeJSON, "The petition after the extension.", answer),
			"400": oasErrorAnswer("A bad field: days not 1 to 30, no reason, no version (error.field names it)."),
			"401": oasRef("responses", "Unauthorized"),
			"403": oasErrorAnswer("The account may not extend this petition's deadline."),
			"404": oasErrorAnswer("No such incident."),
			"409": conflict,
		},
	}
	return obj{"servers": appServers(base), "post": post}
}
