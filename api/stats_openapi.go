package api

// statsOpenAPI returns the path item of /stats (the measures of the
// dashboards) for the document served at base (…/ogc); a route of the app
// API, it names its own server.
func statsOpenAPI(base string) obj {
	count := obj{"type": "integer", "minimum": 0}
	share := obj{"type": "number", "minimum": 0, "maximum": 1}

	sharesOf := func(codes []string, desc string) obj {
		props := obj{}
		for _, c := range codes {
			props[c] = share
		}
		return obj{"type": "object", "nullable": true, "required": codes, "additionalProperties": false, "properties": props,
			"description": desc}
	}
	followups := obj{"type": "object", "additionalProperties": false,
		"required":    []string{"total", "reached", "passed", "performance_shares", "satisfaction_shares"},
		"description": "The 回访 records of the incidents measured.",
		"properties": obj{
			"total": count, "reached": obj{"type": "integer", "minimum": 0, "description": "Those that reached the parties."},
			"passed": obj{"type": "integer", "minimum": 0, "description": "Those that passed: performed yes, not dissatisfied."},
			"performance_shares": sharesOf([]string{"yes", "partly", "no"},
				"Of the 回访 that reached the parties, the shares of 已履行 (yes), 部分履行 (partly) and 未履行 (no); null when none did."),
			"satisfaction_shares": sharesOf([]string{"satisfied", "basically_satisfied", "dissatisfied"},
				"Of the 回访 that reached the parties, the shares of 满意, 基本满意 and 不满意; null when none did."),
		}}
	counts := obj{"type": "object", "additionalProperties": count}
	measures := obj{"type": "object",
		"required": []string{"total", "by_type", "by_status", "open", "overdue", "followup_overdue", "resolved", "resolved_at_grassroots",
			"grassroots_share", "median_days_to_resolve", "repeats", "repeats_same_place", "repeats_same_parties", "followups"},
		"properties": obj{
			"total": count, "by_type": counts, "by_status": counts, "open": count,
			"overdue": obj{"type": "integer", "minimum": 0, "description": "Open and past the deadline of their stage."},
			"followup_overdue": obj{"type": "integer", "minimum": 0,
				"description": "Resolved, past the deadline of their 回访 (-deadlines resolved=…) without a passed one."},
			"resolved": obj{"type": "integer", "minimum": 0, "description": "Resolved or closed."},
			"resolved_at_grassroots": obj{"type": "integer", "minimum": 0,
				"description": "Resolved at the grassroots: closed after a passed 回访, never escalated."},
			"grassroots_share":       obj{"type": "number", "minimum": 0, "maximum": 1, "nullable": true, "description": "resolved_at_grassroots of resolved; null when none resolved."},
			"median_days_to_resolve": obj{"type": "number", "minimum": 0, "nullable": true},
			"repeats":                count, "repeats_same_place": count, "repeats_same_parties": count,
			"followups": followups,
		}}

	cell := obj{"allOf": []obj{measures, oasObject([]string{"code"}, obj{"code": obj{"type": "string"}})}}
	errorAnswer := obj{"description": "A bad parameter (error.field names it).",
		"content": obj{"application/json": obj{"schema": oasRef("schemas", "Error")}}}
	date := obj{"type": "string", "description": "A date (YYYY-MM-DD) or an RFC 3339 time."}
	get := obj{
		"operationId": "getStats",
		"summary":     "The measures of the town, a unit or a cell",
		"description": "Over the incidents reported in [from, to): counts, open and overdue cases, resolution at the grassroots, " +
			"repeats and the 回访 records' satisfaction and performance shares, with a row per cell. Aggregates only.",
		"security": oasSecurity(false),
		"parameters": []obj{
			{"name": "unit", "in": "query", "description": "A unit's code.", "schema": obj{"type": "string"}},
			{"name": "cell", "in": "query", "description": "A cell's code.", "schema": obj{"type": "string"}},
			{"name": "from", "in": "query", "schema": date},
			{"name": "to", "in": "query", "schema": date},
		},
		"responses": obj{
			"200": oasOK(typeJSON, "The measures and the cells' rows.", oasObject([]string{"unit", "cell", "from", "to", "stats", "cells"}, obj{
				"unit": obj{"type": "string"}, "cell": obj{"type": "string"},
				"from":  obj{"type": "string", "format": "date-time", "nullable": true},
				"to":    obj{"type": "string", "format": "date-time", "nullable": true},
				"stats": measures, "cells": oasArray(cell),
			})),
			"400": errorAnswer,
			"401": oasRef("responses", "Unauthorized"),
			"404": obj{"description": "No such unit or cell.", "content": obj{"application/json": obj{"schema": oasRef("schemas", "Error")}}},
		},
	}
	return obj{"servers": appServers(base), "get": get}
}
