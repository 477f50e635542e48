package api

import (
	"gridmap/data"
)

// notificationsOpenAPI returns the path items of the in-app inbox
// (/notifications, marking read) and of the webhook outbox's delivery log
// (/notifications/deliveries, admins), and of the units' own webhooks
// (/notifications/webhooks, /units/{code}/webhook) for the document served at base
// (…/ogc); routes of the app API, they name their own server.
func notificationsOpenAPI(base string) map[string]obj {
	servers := appServers(base)
	errorAnswer := func(desc string) obj {
		return obj{"description": desc, "content": obj{"application/json": obj{"schema": oasRef("schemas", "Error")}}}
	}
	time := obj{"type": "string", "format": "date-time"}
	notification := oasObject([]string{"id", "kind", "created_at", "read_at"}, obj{
		"id": obj{"type": "integer"},
		"kind": obj{"type": "string", "enum": data.NotificationKinds,
			"description": "assigned 案件分派, returned 案件退回, mentioned 提到您, overdue 超期, followup_due 回访到期."},
		"incident_id": obj{"type": "integer", "description": "The case; absent when the notice names none."},
		"stage":       obj{"type": "string", "description": "The status whose deadline passed (overdue, followup_due)."},
		"created_at":  time,
		"read_at":     obj{"type": "string", "format": "date-time", "nullable": true},
	})
	page := oasObject([]string{"items", "unread"}, obj{
		"items":  oasArray(notification),
		"unread": obj{"type": "integer", "minimum": 0, "description": "Of the whole inbox, not the page."},
		"next":   obj{"type": "integer", "description": "The before of the next page; absent on the last."},
	})
	delivery := oasObject([]string{"id", "outbox_id", "attempt", "at", "status", "error"}, obj{
		"id": obj{"type": "integer"}, "outbox_id": obj{"type": "integer"}, "attempt": obj{"type": "integer", "minimum": 1},
		"at":     time,
		"status": obj{"type": "integer", "description": "The receiver's HTTP status; 0 when none came."},
		"error":  obj{"type": "string", "description": "Why the attempt failed; empty when it did not."},
	})
	message := oasObject([]string{"id", "key", "body", "created_at", "attempts", "next_at", "delivered_at", "failed", "target", "deliveries"}, obj{
		"target": obj{"type": "string", "description": "The webhook: empty for the town's (-notify-webhook), else the unit's code whose own it is."},
		"id":     obj{"type": "integer"}, "key": obj{"type": "string"},
		"body":       obj{"type": "string", "description": "The message as JSON: the case's number, type, cell and link, no personal data."},
		"created_at": time, "attempts": obj{"type": "integer", "minimum": 0}, "next_at": time,
		"delivered_at": obj{"type": "string", "format": "date-time", "nullable": true},
		"failed":       obj{"type": "boolean", "description": "Given up after the last attempt."},
		"deliveries":   oasArray(delivery),
	})
	limit := func(def, hi int) obj {
		return obj{"name": "limit", "in": "query", "schema": obj{"type": "integer", "minimum": 1, "maximum": hi, "default": def}}
	}
	id := obj{"name": "id", "in": "path", "required": true, "description": "The notification's ID.",
		"schema": obj{"type": "integer", "minimum": 1}}
	format := obj{"type": "string", "enum": data.WebhookFormats, "description": "wecom 企业微信 group robot, dingtalk 钉钉 robot, json."}
	webhook := oasObject([]string{"unit", "unit_name", "url", "format", "secret", "updated_at"}, obj{
		"unit": obj{"type": "string"}, "unit_name": obj{"type": "string"},
		"url": obj{"type": "string", "format": "uri", "description": "The URL with every query value (the robot's key, access_token) masked but for its last 4 characters: " +
			"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=****a1b2. Never answered in full."}, "format": format,
		"secret":     obj{"type": "string", "description": "The 钉钉 signing secret masked (its first 3 and last 2 characters), or empty for none."},
		"updated_at": time,
	})
	unit := obj{"name": "code", "in": "path", "required": true, "description": "The unit's (村/社区) code.", "schema": obj{"type": "string"}}
	return map[string]obj{
		"/notifications/webhooks": {"servers": servers, "get": obj{
			"operationId": "listWebhooks",
			"summary":     "The units' own webhooks (admins)",
			"description": "Each unit's webhook that gets its cases' notifications besides the town's, by unit code.",
			"security":    oasSecurity(true),
			"responses": obj{
				"200": oasOK(typeJSON, "The webhooks.", oasObject([]string{"webhooks"}, obj{"webhooks": oasArray(webhook)})),
				"401": oasRef("responses", "Unauthorized"),
				"403": errorAnswer("Not an admin."),
			},
		}},
		"/units/{code}/webhook": {"servers": servers, "put": obj{
			"operationId": "setWebhook",
			"summary":     "Set a unit's own webhook (admins)",
			"description": "An http(s) URL without credentials in it, and its format; the URL kept as before when left out or sent back masked " +
				"as answered (a masked URL refused otherwise); secret only for 钉钉, kept as before when left out, none when empty. Audited (webhook_set).",
			"security":   oasSecurity(true),
			"parameters": []obj{unit},
			"requestBody": obj{"required": true, "content": obj{"application/json": obj{"schema": obj{"type": "object", "additionalProperties": false,
				"required": []string{"format"}, "properties": obj{
					"url": obj{"type": "string", "description": "Required for a unit without a webhook yet."}, "format": format, "secret": obj{"type": "string", "maxLength": 200}}}}}},
			"responses": obj{
				"200": oasOK(typeJSON, "The webhook as set, its secret masked.", webhook),
				"400": errorAnswer("A bad field (error.field names it)."),
				"401": oasRef("responses", "Unauthorized"),
				"403": errorAnswer("Not an admin."),
				"404": errorAnswer("No such unit."),
			},
		}, "delete": obj{
			"operationId": "deleteWebhook",
			"summary":     "Remove a unit's own webhook (admins)",
			"description": "Audited (webhook_deleted).",
			"security":    oasSecurity(true),
			"parameters":  []obj{unit},
			"responses": obj{
				"204": obj{"description": "Removed."},
				"401": oasRef("responses", "Unauthorized"),
				"403": errorAnswer("Not an admin."),
				"404": errorAnswer("The unit has no webhook."),
			},
		}},
		"/notifications/deliveries/{id}/retry": {"servers": servers, "post": obj{
			"operationId": "retryDelivery",
			"summary":     "Try a failed webhook message once more (admins)",
			"description": "The message is due again at once. Audited (delivery_retried).",
			"security":    oasSecurity(true),
			"parameters": []obj{{"name": "id", "in": "path", "required": true, "description": "The message's ID (outbox_id).",
				"schema": obj{"type": "integer", "minimum": 1}}},
			"responses": obj{
				"204": obj{"description": "Due again."},
				"400": errorAnswer("A bad id."),
				"401": oasRef("responses", "Unauthorized"),
				"403": errorAnswer("Not an admin."),
				"404": errorAnswer("No such message."),
				"409": errorAnswer("The message has not failed: delivered, or still being tried."),
			},
		}},
		"/notifications": {"servers": servers, "get": obj{
			"operationId": "listNotifications",
			"summary":     "The caller's in-app notifications",
			"description": "The caller's own notices, newest first, with the unread count of the whole inbox. A notice names a case and " +
				"what happened, never a note's text or anyone's personal data.",
			"security": oasSecurity(true),
			"parameters": []obj{limit(20, 100), {"name": "before", "in": "query", "description": "Only notices with IDs below this (the next of the page before).",
				"schema": obj{"type": "integer", "minimum": 1}}},
			"responses": obj{
				"200": oasOK(typeJSON, "A page of the inbox.", page),
				"400": errorAnswer("A bad limit or before (error.field names it)."),
				"401": oasRef("responses", "Unauthorized"),
			},
		}},
		"/notifications/read": {"servers": servers, "post": obj{
			"operationId": "readAllNotifications",
			"summary":     "Mark all the caller's notifications read",
			"security":    oasSecurity(true),
			"responses": obj{
				"200": oasOK(typeJSON, "How many were unread and are now read.",
					oasObject([]string{"marked"}, obj{"marked": obj{"type": "integer", "minimum": 0}})),
				"401": oasRef("responses", "Unauthorized"),
			},
		}},
		"/notifications/{id}/read": {"servers": servers, "post": obj{
			"operationId": "readNotification",
			"summary":     "Mark one of the caller's notifications read",
			"description": "The first reading's time stays.",
			"security":    oasSecurity(true),
			"parameters":  []obj{id},
			"responses": obj{
				"204": obj{"description": "Read."},
				"400": errorAnswer("A bad id."),
				"401": oasRef("responses", "Unauthorized"),
				"404": errorAnswer("The caller has no such notification."),
			},
		}},
		"/notifications/deliveries": {"servers": servers, "get": obj{
			"operationId": "listDeliveries",
			"summary":     "The webhook messages and their delivery attempts (admins)",
			"description": "The newest outbound messages, newest first, each with every attempt to deliver it.",
			"security":    oasSecurity(true),
			"parameters":  []obj{limit(50, 100)},
			"responses": obj{
				"200": oasOK(typeJSON, "The messages.", oasObject([]string{"messages"}, obj{"messages": oasArray(message)})),
				"400": errorAnswer("A bad limit."),
				"401": oasRef("responses", "Unauthorized"),
				"403": errorAnswer("Not an admin."),
			},
		}},
	}
}
