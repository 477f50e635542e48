package api

// The people import (sheetimport.go) in the OpenAPI document, beside the
// boundary import: app API routes under /api, each path item naming that
// server.

// sheetImportOpenAPI returns the path items of the people import for the
// document served at base (…/ogc), by path, and the schemas they refer to.
func sheetImportOpenAPI(base string) (obj, obj) {
	servers := appServers(base)
	text := func(desc string) obj { return obj{"type": "string", "description": desc} }
	count := obj{"type": "integer", "minimum": 0}
	errorAnswer := func(desc string) obj {
		return obj{"description": desc, "content": obj{"application/json": obj{"schema": oasRef("schemas", "Error")}}}
	}
	xlsx := func(desc string) obj {
		return obj{"description": desc, "content": obj{typeXLSX: obj{"schema": obj{"type": "string", "format": "binary"}}}}
	}
	admins := "Administrators only; with the app's session cookie, send its CSRF token in X-CSRF-Token."
	pathParam := func(name, desc string, schema obj) obj {
		return obj{"name": name, "in": "path", "required": true, "description": desc, "schema": schema}
	}
	kinds := []string{"residents", "staff", "incidents"}
	kindParam := pathParam("kind", "The kind of sheet: residents (households and their residents), staff (grid workers and mediators) or incidents (the ledger, 台账).",
		obj{"type": "string", "enum": kinds})
	jobParam := pathParam("id", "The job's id, as POST /import/{kind} gave it.", obj{"type": "string"})
	common := obj{
		"401": oasRef("responses", "Unauthorized"),
		"403": errorAnswer("The account is not an administrator's."),
	}
	with := func(more obj) obj {
		out := obj{}
		for k, v := range common {
			out[k] = v
		}
		for k, v := range more {
			out[k] = v
		}
		return out
	}
	template := obj{"get": obj{
		"operationId": "getSheetTemplate",
		"summary":     "The template of an office sheet",
		"description": "The empty .xlsx a town office fills: the Chinese headers (required ones marked), drop-down lists, and a sheet 填写说明 explaining each column. " + admins,
		"security":    oasSecurity(true),
		"parameters":  []obj{kindParam},
		"responses":   with(obj{"200": xlsx("The template."), "404": errorAnswer("No such kind of sheet (error.field: kind).")}),
	}, "servers": servers}
	form := oasObject([]string{"file"}, obj{
		"file":         obj{"type": "string", "format": "binary", "description": "The sheet: .xlsx, or CSV in UTF-8 or GB18030 (GBK)."},
		"sheet":        text("The worksheet of an .xlsx; empty reads the first."),
		"map":          text("Headers of the file mapped to fields, comma- or newline-separated column=field pairs, e.g. 身份证=id_number,家庭地址=address; a field may be named by its template header, and - ignores a column. The fields are in the job's fields."),
		"dry_run":      obj{"type": "boolean", "default": true, "description": "Check and report only; false writes, unless a row is wrong and skip_invalid is false."},
		"skip_invalid": obj{"type": "boolean", "default": false, "description": "Write the valid rows and report the invalid ones (and, for residents, their households) as skipped."},
		"accounts":     obj{"type": "boolean", "default": false, "description": "Staff sheets only: open an account, with a new password, for each row whose 是否开通账号 is 是."},
	})
	job := func(desc string) obj { return oasJSON(desc, "SheetJob") }
	post := obj{"post": obj{
		"operationId": "importSheet",
		"summary":     "Import an office sheet",
		"description": "Reads and checks a sheet against the town (as gridmap import residents|staff|incidents does) and, unless a dry run, writes it in one transaction; " +
			"nothing is written while any row is wrong, unless skip_invalid. Both a dry run and a commit run as a job: the answer is 202 with the job (Location names it); " +
			"follow it with GET /import/jobs/{id}. One import runs at a time. " + admins,
		"security":    oasSecurity(true),
		"parameters":  []obj{kindParam},
		"requestBody": obj{"required": true, "content": obj{"multipart/form-data": obj{"schema": form}}},
		"responses": with(obj{
			"202": obj{"description": "The job, started.", "headers": obj{"Location": obj{"description": "The job's URL.", "schema": obj{"type": "string"}}},
				"content": obj{"application/json": obj{"schema": oasRef("schemas", "SheetJob")}}},
			"400": errorAnswer("An option is invalid, or there is no file (error.field names it)."),
			"404": errorAnswer("No such kind of sheet."),
			"409": errorAnswer("Another import runs: wait until it has finished."),
			"413": errorAnswer("The file is larger than the server takes (error.field: file)."),
		}),
	}, "servers": servers}
	getJob := obj{"get": obj{
		"operationId": "getSheetJob",
		"summary":     "An import job",
		"description": "The job's state, progress and, once finished, result. The passwords of the accounts a staff import opened are in the first answer of the finished job, and then forgotten: " +
			"later answers list the accounts without them (passwords_given). A finished job is kept for an hour. The caller's own jobs only. " + admins,
		"security":   oasSecurity(true),
		"parameters": []obj{jobParam},
		"responses":  with(obj{"200": job("The job."), "404": errorAnswer("No such job of the caller's: it has expired, or the server restarted (error.field: id).")}),
	}, "servers": servers}
	errorsSheet := obj{"get": obj{
		"operationId": "getSheetJobErrors",
		"summary":     "The error sheet of an import job",
		"description": "The sheet back as .xlsx, every cell as text, with an added 错误 column giving each row's errors (in the language of Accept-Language) and the cells at fault in red; " +
			"fixed, it imports as it is. " + admins,
		"security":   oasSecurity(true),
		"parameters": []obj{jobParam},
		"responses": with(obj{
			"200": xlsx("The error sheet."),
			"404": errorAnswer("No such job, or its sheet has no row errors."),
			"409": errorAnswer("The job is still running."),
		}),
	}, "servers": servers}
	rowError := oasObject([]string{"row", "column", "message"}, obj{
		"row":     obj{"type": "integer", "minimum": 1, "description": "The row as the sheet numbers it (the header is row 1, or below title rows)."},
		"column":  text("The column at fault by its header in the file; empty for the row as a whole."),
		"message": obj{"type": "string", "description": "In the language of Accept-Language."},
	})
	names := oasArray(obj{"type": "string"})
	schemas := obj{
		"SheetJob": oasObject([]string{"id", "kind", "file", "dry_run", "skip_invalid", "accounts", "state", "progress", "started_at", "finished_at", "result", "error", "columns", "fields"}, obj{
			"id":           obj{"type": "string"},
			"kind":         obj{"type": "string", "enum": kinds},
			"file":         text("The uploaded file's name."),
			"dry_run":      obj{"type": "boolean"},
			"skip_invalid": obj{"type": "boolean"},
			"accounts":     obj{"type": "boolean"},
			"state":        obj{"type": "string", "enum": []string{"running", "done", "failed"}, "description": "failed: the sheet was refused as a whole (error), or the store failed."},
			"progress": oasObject([]string{"phase", "read", "written", "total"}, obj{
				"phase":   obj{"type": "string", "enum": []string{"reading", "writing", "done"}},
				"read":    obj{"type": "integer", "minimum": 0, "description": "Rows read so far."},
				"written": obj{"type": "integer", "minimum": 0, "description": "Rows written: 0 until the one transaction commits, then the rows written."},
				"total":   obj{"type": "integer", "minimum": 0, "description": "The sheet's rows; 0 while reading."},
			}),
			"started_at":  obj{"type": "string", "format": "date-time"},
			"finished_at": obj{"type": "string", "format": "date-time", "nullable": true},
			"result": obj{"type": "object", "nullable": true, "description": "What the finished job found and did; null while running or when failed.",
				"required": []string{"rows", "valid", "invalid", "skipped", "unknown", "written", "counts", "errors", "errors_total", "no_account", "accounts", "passwords_given"},
				"properties": obj{
					"rows": count, "valid": count, "invalid": count,
					"skipped": obj{"type": "integer", "minimum": 0, "description": "Rows left out with skip_invalid."},
					"unknown": obj{"type": "array", "items": obj{"type": "string"}, "description": "Headers of the file that map to no field: not read; map them with map."},
					"written": obj{"type": "boolean", "description": "Whether anything was written (false for a dry run, or rows wrong without skip_invalid)."},
					"counts": oasArray(oasObject([]string{"noun", "created", "updated", "unchanged"}, obj{
						"noun":    obj{"type": "string", "enum": []string{"households", "residents", "grid_workers", "mediators", "accounts", "incidents"}},
						"created": count, "updated": count, "unchanged": count,
					})),
					"errors":       obj{"type": "array", "items": rowError, "description": "The first 500 row errors, in row order; the error sheet has them all."},
					"errors_total": count,
					"no_account":   obj{"type": "array", "items": rowError, "description": "Staff rows asking for an account that was not opened."},
					"accounts": obj{"type": "array", "description": "The accounts a staff import opened.", "items": oasObject([]string{"username", "name", "role", "scope", "password"}, obj{
						"username": obj{"type": "string"}, "name": obj{"type": "string"}, "role": obj{"type": "string"},
						"scope":    text("The grid worker's cells, or the mediator's unit."),
						"password": text("Given in the first answer of the finished job only; empty afterwards."),
					})},
					"passwords_given": obj{"type": "boolean", "description": "The passwords were given in an earlier answer and are no longer known."},
				}},
			"error": obj{"type": "object", "nullable": true, "description": "Why a failed job failed.", "required": []string{"code", "message"},
				"properties": obj{"code": obj{"type": "string"}, "message": obj{"type": "string"}, "field": obj{"type": "string"}}},
			"columns": obj{"type": "object", "nullable": true, "description": "For a sheet refused as a whole: its header row, for mapping the columns it lacks.",
				"required": []string{"row", "headers", "unknown", "missing"},
				"properties": obj{"row": obj{"type": "integer", "minimum": 1}, "headers": names, "unknown": names,
					"missing": obj{"type": "array", "items": obj{"type": "string"}, "description": "The template headers of required fields no column gives."}}},
			"fields": obj{"type": "array", "description": "The fields of the kind of sheet, for map.", "items": oasObject([]string{"name", "header", "required"}, obj{
				"name": obj{"type": "string"}, "header": obj{"type": "string"}, "required": obj{"type": "boolean"},
			})},
		}),
	}
	paths := obj{
		"/import/templates/{kind}":      template,
		"/import/{kind}":                post,
		"/import/jobs/{id}":             getJob,
		"/import/jobs/{id}/errors.xlsx": errorsSheet,
	}
	return paths, schemas
}
