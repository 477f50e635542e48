package api

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"gridmap/data"
	"gridmap/importer"
	"gridmap/roster"
)

// The people import of the admin page 数据导入: the office's sheets
// (residents, staff, the incident ledger) through the same import service
// (importer.ImportSheet) as "gridmap import residents|staff|incidents".
// Reading and writing 100,000 rows takes seconds, so every upload, a dry
// run as well as a commit, runs as a job (sheetjobs.go): POST answers 202
// with the job, whose state, progress and result GET
// /api/import/jobs/{id} gives. A dry run is a job too, so that the page
// shows the progress of reading a large sheet alike for both.

// sheetRoutes is the prefix of the sheet import's routes, one per kind,
// whose bodies have their own limit (Config.MaxSheetBytes) in place of the
// global one.
const sheetRoutes = "/api/import/"

// isSheetRoute reports whether a route is a sheet import's.
func isSheetRoute(route string) bool {
	_, err := kindOf(strings.TrimPrefix(route, sheetRoutes))
	return strings.HasPrefix(route, sheetRoutes) && err == nil
}

// defaultMaxSheetBytes is the largest sheet taken by default: an .xlsx is
// read into memory, and 100,000 rows of residents take some 8 MiB.
const defaultMaxSheetBytes = 64 << 20

// maxShownRowErrors is how many row errors a job's answer lists; the
// error sheet has them all.
const maxShownRowErrors = 500

// typeXLSX is the media type of an .xlsx workbook.
const typeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// maxSheetBytes is the largest sheet taken.
func (s *Server) maxSheetBytes() int64 {
	if s.cfg.MaxSheetBytes > 0 {
		return s.cfg.MaxSheetBytes
	}
	return defaultMaxSheetBytes
}

// sheetOptions are the fields of a sheet import's form besides file.
var sheetOptions = map[string]importOption{
	"sheet":        {100, func(f *importForm, v string) error { f.sheet.Sheet = v; return nil }},
	"map":          {4000, setSheetMap},
	"dry_run":      {10, setDryRun},
	"skip_invalid": {10, func(f *importForm, v string) error { return setBool("skip_invalid", v, &f.sheet.SkipInvalid) }},
	"accounts":     {10, func(f *importForm, v string) error { return setBool("accounts", v, &f.sheet.Accounts) }},
}

func setSheetMap(f *importForm, v string) error {
	m, err := roster.ParseMap(v)
	if err != nil {
		return err
	}
	f.sheet.Map = m
	return nil
}

func setBool(field, v string, to *bool) error {
	if v == "" {
		return nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return data.FieldErrorf(field, "%s must be true or false, got %q.", field, v)
	}
	*to = b
	return nil
}

// kindOf reads a kind of sheet: residents, staff or incidents; any other
// is not found.
func kindOf(name string) (roster.Kind, error) {
	for _, known := range roster.Kinds {
		if roster.Kind(name) == known {
			return known, nil
		}
	}
	return "", data.Errorf(data.ENOTFOUND, "There is no import of %q; the kinds are boundaries, residents, staff and incidents.", name).WithField("kind")
}

// mayImportPeople is the people import's rule of the access policy:
// administrators only, as for boundaries.
func mayImportPeople(p *principal) error {
	return p.requireRole("data imports", data.RoleAdmin)
}

// sheetTemplate answers GET /api/import/templates/{kind}: the empty .xlsx
// a town office fills (roster.Template). Admins only.
func (s *Server) sheetTemplate(c echo.Context) error {
	if err := mayImportPeople(who(c)); err != nil {
		return err
	}
	kind, err := kindOf(c.Param("kind"))
	if err != nil {
		return err
	}
	b, err := roster.Template(kind, s.cfg.IncidentTypes)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentDisposition, "attachment; filename*=UTF-8''"+encodeRFC5987(roster.TemplateNames[kind]))
	h.Set(echo.HeaderCacheControl, "no-store")
	return c.Blob(http.StatusOK, typeXLSX, b)
}

// importSheet answers POST /api/import/{kind}: multipart/form-data with
// the sheet in "file" and the options of "gridmap import" as fields
// (sheet, map, dry_run, skip_invalid, accounts). dry_run defaults to true.
// It starts a job and answers 202 with it (Location: the job); 409 while
// another import of people runs. Admins only; the start and a commit's
// outcome are audited.
func (s *Server) importSheet(c echo.Context) error {
	p := who(c)
	if err := mayImportPeople(p); err != nil {
		return err
	}
	kind, err := kindOf(strings.TrimPrefix(c.Path(), sheetRoutes))
	if err != nil {
		return err
	}
	form, err := readImportUpload(c, &importForm{dry: true, limit: s.maxSheetBytes()}, sheetOptions)
	if err != nil {
		closeImportForm(form)
		return err
	}
	if form.sheet.Accounts && kind != roster.Staff {
		closeImportForm(form)
		return data.FieldErrorf("accounts", "Accounts are opened from a staff sheet only.")
	}
	opt := form.sheet
	opt.DryRun = form.dry
	opt.Name = form.name // a .xlsx that is no workbook is refused as such
	j, err := s.sheets.start(s.now(), &sheetJob{
		id: newJobID(), kind: kind, owner: p.user.ID, file: form.name, path: form.file.Name(),
		opt: opt, remote: c.RealIP(), username: p.user.Username,
	})
	if err != nil {
		closeImportForm(form)
		return err
	}
	form.file.Close() // the job reads it by its path, and removes it when it expires
	detail := fmt.Sprintf("%s %s: dry_run=%t skip_invalid=%t accounts=%t", kind, form.name, opt.DryRun, opt.SkipInvalid, opt.Accounts)
	s.auditAs(c, p.user, p.user.Username, "sheet_import_started", "import_job:"+j.id, detail)
	go s.runSheetJob(j)
	out := j.out(langOf(c), false)
	c.Response().Header().Set(echo.HeaderLocation, "/api/import/jobs/"+j.id)
	return c.JSON(http.StatusAccepted, out)
}

// newJobID returns a random job id: 16 hex digits, not guessable, since a
// job holds the passwords of the accounts it opened until they are read.
func newJobID() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// runSheetJob reads (and unless a dry run writes) the job's sheet, and
// records the outcome in the job; a commit that wrote is audited.
func (s *Server) runSheetJob(j *sheetJob) {
	ctx := context.Background()
	res, err := s.importSheetFile(ctx, j)
	s.cache.changed() // its writes, made after its request's answer
	var cols *roster.Columns
	if err != nil && data.ErrorCode(err) == data.EINVALID {
		// A sheet refused as a whole (a missing column, most often): give
		// its headers, for the page to map them.
		if f, ferr := os.Open(j.path); ferr == nil {
			cols, _ = roster.ReadColumns(f, j.kind, j.opt.Options)
			f.Close()
		}
	}
	if err != nil && data.ErrorCode(err) != data.EINVALID {
		s.log.Error("sheet import", "job", j.id, "kind", j.kind, "err", err)
	}
	// The audit entry is written before the job shows as finished: whoever
	// sees the result finds the entry.
	defer s.sheets.finish(s.now(), j, res, err, cols)
	if res == nil || res.Written == nil {
		return
	}
	parts := make([]string, 0, len(res.Written))
	for _, n := range res.Written {
		parts = append(parts, fmt.Sprintf("%s %d created, %d updated, %d unchanged", n.Noun, n.Created, n.Updated, n.Unchanged))
	}
	detail := fmt.Sprintf("%s %s: %d rows, %d skipped; %s", j.kind, j.file, res.Report.Rows, res.Report.Counts.Skipped, strings.Join(parts, "; "))
	if err := s.store.AppendAudit(ctx, &data.AuditEntry{At: s.now(), UserID: j.owner, Username: j.username, Action: "sheet_imported",
		Record: "import_job:" + j.id, Remote: j.remote, Detail: detail}); err != nil {
		s.log.Error("writing the audit log", "action", "sheet_imported", "record", j.id, "err", err)
	}
}

func (s *Server) importSheetFile(ctx context.Context, j *sheetJob) (*importer.SheetResult, error) {
	f, err := os.Open(j.path)
	if err != nil {
		return nil, fmt.Errorf("import: reading the spooled sheet: %w", err)
	}
	defer f.Close()
	if _, err := s.store.Town(ctx); err != nil {
		if data.ErrorCode(err) == data.ENOTFOUND {
			return nil, data.Errorf(data.EINVALID, "The database holds no town yet: import its boundaries first.")
		}
		return nil, err
	}
	opt := j.opt
	opt.IncidentTypes = s.cfg.IncidentTypes
	opt.Progress = func(done, total int) { s.sheets.progress(j, done, total) }
	// The snapshot of cells follows the store's revision, which a write
	// moves: nothing to invalidate here.
	return importer.ImportSheet(ctx, s.store, j.kind, f, opt)
}

// sheetJobOf returns the job of the path's id, if the caller started it.
func (s *Server) sheetJobOf(c echo.Context) (*sheetJob, error) {
	p := who(c)
	if err := mayImportPeople(p); err != nil {
		return nil, err
	}
	j := s.sheets.get(s.now(), c.Param("id"))
	if j == nil || j.owner != p.user.ID {
		return nil, data.Errorf(data.ENOTFOUND, "There is no import job %q: it has expired, or the server restarted. An import writes all its rows or none: look at the records to see whether it was written.", c.Param("id")).WithField("id")
	}
	return j, nil
}

// getSheetJob answers GET /api/import/jobs/{id}: the job's state,
// progress and, once finished, its result. The passwords of the accounts
// a staff import opened are in the first answer of the finished job (not
// to HEAD), and then forgotten. The caller's own jobs only.
func (s *Server) getSheetJob(c echo.Context) error {
	j, err := s.sheetJobOf(c)
	if err != nil {
		return err
	}
	out := j.out(langOf(c), c.Request().Method == http.MethodGet)
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	return c.JSON(http.StatusOK, out)
}

// sheetJobErrors answers GET /api/import/jobs/{id}/errors.xlsx: the
// sheet back with a 错误 column giving each row's errors in the caller's
// language and the cells at fault in red (roster.WriteErrors). 409 while
// the job runs; 404 when the sheet has no row errors.
func (s *Server) sheetJobErrors(c echo.Context) error {
	j, err := s.sheetJobOf(c)
	if err != nil {
		return err
	}
	errs, running := j.rowErrors()
	switch {
	case running:
		return data.Errorf(data.ECONFLICT, "The import job %s is still running.", j.id)
	case len(errs) == 0:
		return data.Errorf(data.ENOTFOUND, "The sheet of import job %s has no row errors.", j.id)
	}
	f, err := os.Open(j.path)
	if err != nil {
		return fmt.Errorf("import: reading the spooled sheet: %w", err)
	}
	defer f.Close()
	lang := langOf(c)
	var b bytes.Buffer
	if err := roster.WriteErrors(&b, f, j.opt.Options, errs, func(e *data.Error) string { return message(lang, e) }); err != nil {
		return err
	}
	name := strings.TrimSuffix(j.file, ".csv")
	name = strings.TrimSuffix(name, ".xlsx")
	h := c.Response().Header()
	h.Set(echo.HeaderContentDisposition, "attachment; filename*=UTF-8''"+encodeRFC5987(name+"-错误.xlsx"))
	h.Set(echo.HeaderCacheControl, "no-store")
	return c.Blob(http.StatusOK, typeXLSX, b.Bytes())
}
