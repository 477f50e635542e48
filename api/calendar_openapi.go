package api

// calendarOpenAPI returns the path items of the working-day calendar for
// the document served at base (…/ogc): routes of the app API, so each item
// names its own server.
func calendarOpenAPI(base string) map[string]obj {
	servers := appServers(base)
	errorAnswer := func(desc string) obj {
		return obj{"description": desc, "content": obj{"application/json": obj{"schema": oasRef("schemas", "Error")}}}
	}
	kind := obj{"type": "string", "enum": []string{"rest", "work"}, "description": "rest (休, a public holiday) or work (班, a make-up working day)."}
	day := obj{"type": "object", "required": []string{"date", "kind"}, "additionalProperties": false,
		"properties": obj{"date": obj{"type": "string", "format": "date"}, "kind": kind}}
	read := obj{"operationId": "getCalendar", "summary": "The working-day calendar of a year",
		"description": "The marked dates of the year. A date without a mark rests on Saturday and Sunday and works otherwise. " +
			"Stage deadlines given in days count working days on this calendar.",
		"security": oasSecurity(true),
		"parameters": []obj{{"name": "year", "in": "query", "description": "The year, 1900 to 2999; by default this year in China.",
			"schema": obj{"type": "integer", "minimum": 1900, "maximum": 2999}}},
		"responses": obj{
			"200": obj{"description": "The year and its marked dates, by date.", "content": obj{"application/json": obj{"schema": obj{
				"type": "object", "required": []string{"year", "days"}, "additionalProperties": false,
				"properties": obj{"year": obj{"type": "integer"}, "days": oasArray(day)}}}}},
			"400": errorAnswer("A bad year (error.field is year)."),
			"401": oasRef("responses", "Unauthorized"),
		}}
	write := obj{"operationId": "setCalendarDay", "summary": "Mark a date 休 or 班, or return it to its weekday",
		"description": "For administrators; audited (calendar_day_set). Deadlines in working days follow at once.",
		"security":    oasSecurity(true),
		"parameters": []obj{{"name": "date", "in": "path", "required": true, "description": "The date, YYYY-MM-DD (1900 to 2999).",
			"schema": obj{"type": "string", "format": "date"}}},
		"requestBody": obj{"required": true, "content": obj{"application/json": obj{"schema": obj{
			"type": "object", "required": []string{"kind"}, "additionalProperties": false,
			"properties": obj{"kind": obj{"type": "string", "enum": []string{"rest", "work", ""},
				"description": "rest (休), work (班), or \"\" to remove the mark."}}}}}},
		"responses": obj{
			"200": obj{"description": "The date and its kind as set (\"\" for no mark).", "content": obj{"application/json": obj{"schema": obj{
				"type": "object", "required": []string{"date", "kind"}, "additionalProperties": false,
				"properties": obj{"date": obj{"type": "string", "format": "date"}, "kind": obj{"type": "string", "enum": []string{"rest", "work", ""}}}}}}},
			"400": errorAnswer("A bad date or kind (error.field names it)."),
			"401": oasRef("responses", "Unauthorized"),
			"403": errorAnswer("The account is not an administrator's."),
		}}
	return map[string]obj{
		"/calendar":        {"servers": servers, "get": read},
		"/calendar/{date}": {"servers": servers, "patch": write},
	}
}
