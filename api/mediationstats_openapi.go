package api

import (
	"gridmap/data"
)

// mediationStatsOpenAPI returns the path items of /stats/mediation and
// /stats/mediation.xlsx (the monthly mediation statistics) for the
// document served at base (…/ogc); routes of the app API, they name their
// own server.
func mediationStatsOpenAPI(base string) obj {
	codes := make([]string, len(data.MediationCategories))
	for i, c := range data.MediationCategories {
		codes[i] = c.Code
	}
	row := obj{"type": "object", "additionalProperties": false,
		"required": []string{"category", "name", "english", "accepted", "mediated", "success_rate", "amount_agreed",
			"prevented_crime", "prevented_petition"},
		"properties": obj{
			"category": obj{"type": "string", "enum": append(codes, "total"), "description": "The 司法部 dispute type; total for the totals row."},
			"name":     obj{"type": "string"}, "english": obj{"type": "string"},
			"accepted": obj{"type": "integer", "minimum": 0, "description": "受理: reported in the month, accepted, not duplicates."},
			"mediated": obj{"type": "integer", "minimum": 0, "description": "调解成功: of those, the cases with an agreement."},
			"success_rate": obj{"type": "number", "minimum": 0, "maximum": 1, "nullable": true,
				"description": "mediated of accepted, to four digits; null when none was accepted."},
			"amount_agreed":      obj{"type": "number", "minimum": 0, "description": "涉及金额: the agreements' amounts, 元."},
			"prevented_crime":    obj{"type": "integer", "minimum": 0, "description": "防止民转刑 cases."},
			"prevented_petition": obj{"type": "integer", "minimum": 0, "description": "防止群体性上访 cases."},
		}}
	table := oasObject([]string{"rows", "total"}, obj{"rows": oasArray(row), "total": row})
	place := oasObject([]string{"code", "name"}, obj{"code": obj{"type": "string"}, "name": obj{"type": "string"}})
	category := oasObject([]string{"code", "name", "english", "types"}, obj{"code": obj{"type": "string", "enum": codes},
		"name": obj{"type": "string"}, "english": obj{"type": "string"}, "types": oasArray(obj{"type": "string"})})
	place["nullable"] = true
	answer := oasObject([]string{"month", "town", "unit", "table", "units", "categories"}, obj{
		"month": obj{"type": "string", "pattern": `^\d{4}-\d{2}$`}, "town": obj{"type": "string"}, "unit": place,
		"table": table,
		"units": oasArray(oasObject([]string{"code", "name", "table"}, obj{"code": obj{"type": "string"}, "name": obj{"type": "string"},
			"table": table})),
		"categories": oasArray(category),
	})
	errorOf := func(desc string) obj {
		return obj{"description": desc, "content": obj{"application/json": obj{"schema": oasRef("schemas", "Error")}}}
	}
	params := []obj{
		{"name": "month", "in": "query", "description": "A calendar month (China time), YYYY-MM; the current one by default.",
			"schema": obj{"type": "string", "pattern": `^\d{4}-\d{2}$`}},
		{"name": "unit", "in": "query", "description": "A unit's code; the town by default, the cadre's own unit for a cadre.",
			"schema": obj{"type": "string"}},
	}
	op := func(id, summary string, ok obj) obj {
		return obj{"operationId": id, "summary": summary,
			"description": "The 司法部's 人民调解 statistics for a month: per dispute type, cases accepted, mediated to an agreement, " +
				"the success rate, the amounts agreed (元), 防止民转刑 and 防止群体性上访 cases; for the town with a table per unit, or for one unit. " +
				"Leaders and admins: the town or any unit; unit cadres: their own unit.",
			"security":   oasSecurity(true),
			"parameters": params,
			"responses": obj{"200": ok, "400": errorOf("A bad month (error.field names it)."),
				"401": oasRef("responses", "Unauthorized"),
				"403": errorOf("Not a leader, admin or unit cadre, or a cadre asking for another unit (error.field names unit)."),
				"404": errorOf("No such unit.")},
		}
	}
	server := appServers(base)
	return obj{
		"/stats/mediation": obj{"servers": server,
			"get": op("getMediationStats", "The monthly mediation statistics (调解统计月报)", oasOK(typeJSON, "The month's tables.", answer))},
		"/stats/mediation.xlsx": obj{"servers": server,
			"get": op("getMediationStatsSheet", "The monthly mediation statistics as a workbook",
				obj{"description": "The workbook: title, place, month, a row per dispute type and the totals; for the town a sheet per unit too.",
					"content": obj{typeXLSX: obj{"schema": obj{"type": "string", "format": "binary"}}}})},
	}
}
