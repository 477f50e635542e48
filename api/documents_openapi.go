package api

import (
	"gridmap/casefile"
)

// documentsOpenAPI returns the path items of /incidents/{id}/documents
// (the case file's checklist) and /incidents/{id}/documents/{kind} (one
// printable document) for the document served at base (…/ogc).
func documentsOpenAPI(base string) map[string]obj {
	id := obj{"name": "id", "in": "path", "required": true, "description": "The incident's ID.",
		"schema": obj{"type": "integer", "minimum": 1}}
	kind := obj{"name": "kind", "in": "path", "required": true, "description": "The document: 人民调解申请书 (application), " +
		"权利义务告知书 (notice), 调解记录 (record), 人民调解协议书 (agreement), 回访记录 (followup).",
		"schema": obj{"type": "string", "enum": casefile.Kinds}}
	errorAnswer := func(desc string) obj {
		return obj{"description": desc, "content": obj{"application/json": obj{"schema": oasRef("schemas", "Error")}}}
	}
	item := oasObject([]string{"kind", "title", "present"}, obj{
		"kind":    obj{"type": "string", "enum": casefile.Kinds},
		"title":   obj{"type": "string", "description": "The document's title, e.g. 人民调解协议书."},
		"present": obj{"type": "boolean"},
		"missing": obj{"type": "string", "description": "Why the case has no such document yet; absent when present.",
			"enum": []string{casefile.MissingParties, casefile.MissingAccepted, casefile.MissingMediation, casefile.MissingAgreement, casefile.MissingFollowup}},
	})
	window := oasObject([]string{"agreement_date", "deadline", "days_left", "closing", "expired"}, obj{
		"agreement_date": obj{"type": "string", "format": "date", "description": "The day the agreement was reached (China's calendar)."},
		"deadline":       obj{"type": "string", "format": "date", "description": "The last day the parties may jointly apply for 司法确认 (30 days on, 《人民调解法》 art. 33)."},
		"days_left":      obj{"type": "integer", "description": "Days from today to the deadline; negative once it has passed."},
		"closing":        obj{"type": "boolean", "description": "Still open, with fewer than 7 days left."},
		"expired":        obj{"type": "boolean"},
	})
	window["nullable"] = true
	list := obj{
		"operationId": "listDocuments",
		"summary":     "An incident's case file (卷宗) checklist",
		"description": "Each document of the case file, present or missing and why, and the window for judicial confirmation (司法确认) " +
			"of its agreement (null without one). It holds no personal data: all who may see the incident read it; readable says whether " +
			"the caller may open the documents.",
		"security":   oasSecurity(true),
		"parameters": []obj{id},
		"responses": obj{
			"200": oasOK(typeJSON, "The checklist.", oasObject([]string{"incident_id", "items", "window", "readable"}, obj{
				"incident_id": obj{"type": "integer"}, "items": oasArray(item), "window": window, "readable": obj{"type": "boolean"},
			})),
			"400": errorAnswer("A bad id."),
			"401": oasRef("responses", "Unauthorized"),
			"403": errorAnswer("The account may not see the incident."),
			"404": errorAnswer("No such incident."),
		},
	}
	doc := obj{
		"operationId": "getDocument",
		"summary":     "One printable document of an incident's case file",
		"description": "An HTML page in the 司法部 2010 format of the document (A4 print style sheet), made from the data entered: " +
			"the parties (with sex, age, phone and address when a party is a resident of the incident's cell and the caller reads " +
			"that cell's residents in full), the facts, the mediators, dates and signature lines. Only for those with full access " +
			"to the incident's personal data; every fetch is audited as read_document.",
		"security":   oasSecurity(true),
		"parameters": []obj{id, kind},
		"responses": obj{
			"200": obj{"description": "The document.", "content": obj{"text/html": obj{"schema": obj{"type": "string"}}}},
			"400": errorAnswer("A bad id."),
			"401": oasRef("responses", "Unauthorized"),
			"403": errorAnswer("The account may not see the incident, or sees it masked."),
			"404": errorAnswer("No such incident; or kind names no document, or one the case does not have yet (error.field is kind)."),
		},
	}
	servers := appServers(base)
	return map[string]obj{
		"/incidents/{id}/documents":        {"servers": servers, "get": list},
		"/incidents/{id}/documents/{kind}": {"servers": servers, "get": doc},
	}
}
