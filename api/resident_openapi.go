package api

// GET /api/residents in the OpenAPI document: a cell's residents, or those
// found by name within the caller's scope. Like the imports it lives under
// /api, so its path item names its own server.

// residentsOpenAPI returns the path item of GET /residents for the
// document served at base (…/ogc).
func residentsOpenAPI(base string) obj {
	q := oasQuery
	str := obj{"type": "string"}
	params := []obj{
		q("cell", "A cell's 15-digit code: its residents. Required without q.", str),
		q("q", "Part of a name: the residents whose name contains it (ASCII letters in either case; % and _ are plain characters), "+
			"at least one Chinese character or two letters. Required without cell; with cell, within that cell. "+
			"Callers who see names masked (leaders, mediators) search by what they see: q is matched against the masked names "+
			"(张, 丰 or 张*丰 finds 张*丰; a full-width ＊ is read as *), and a q holding more of a name than masking shows "+
			"(two characters in a row that are not *, such as 张三丰) is refused (403 naming q), so that no search confirms a name guessed in full.",
			obj{"type": "string", "minLength": 1, "maxLength": maxNameQuery}),
		q("limit", "The page size: at most 1000 for a cell, 50 with q.", obj{"type": "integer", "minimum": 1, "maximum": 1000, "default": 50}),
		q("offset", "How many to skip.", obj{"type": "integer", "minimum": 0, "default": 0}),
	}
	masked := func(desc string) obj {
		return obj{"type": "string", "description": desc + " Masked for callers who see the resident masked."}
	}
	resident := oasObject([]string{"id", "household_id", "cell", "name", "gender", "birth_date", "id_number", "phone", "relation"}, obj{
		"id":           obj{"type": "integer"},
		"household_id": obj{"type": "integer"},
		"cell":         obj{"type": "string", "description": "The code of the resident's cell."},
		"name":         masked("The name (张*三)."),
		"gender":       obj{"type": "string", "enum": []string{"M", "F"}},
		"birth_date":   masked("YYYY-MM-DD."),
		"id_number":    masked("The 18-character identity number."),
		"phone":        masked("The phone number, \"\" when none."),
		"relation":     obj{"type": "string", "description": "To the head of household: 户主, 配偶, 子女, ..."},
	})
	page := oasPage("residents", resident)
	errorAnswer := oasErrorAnswer
	get := obj{
		"operationId": "listResidents",
		"summary":     "List or find residents",
		"description": "A page of a cell's residents ordered by ID, or of the residents whose name contains q within the caller's scope: " +
			"the town for leaders (masked) and administrators, the unit for unit cadres and (masked) mediators, their cells for grid workers. " +
			"Each resident is masked or in full as the caller's access to their cell says; full reads are written to the audit log.",
		"security":   oasSecurity(true),
		"parameters": params,
		"responses": obj{
			"200": oasOK(typeJSON, "A page of residents and how many match.", page),
			"400": errorAnswer("A bad parameter (error.field names it): no cell nor q, q too short or too long, a limit past its bound."),
			"401": oasRef("responses", "Unauthorized"),
			"403": errorAnswer("The account may not see residents, or not those of the cell named (error.field names cell), " +
				"or sees names masked and q asks for more of a name than masking shows (error.field names q)."),
			"404": errorAnswer("No such cell (error.field is cell)."),
		},
	}
	return obj{"servers": appServers(base), "get": get}
}
