package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"

	"gridmap/data"
	"gridmap/domain"
	"gridmap/geo"
	"gridmap/geofile"
	"gridmap/importer"
)

// The boundary import of the admin page 数据导入: the same import service
// (package importer) as "gridmap import boundaries", over HTTP. The upload
// is read, mapped to cells and checked, and answered with a preview (the
// cells by status, the problems where they are, the impact of a new
// version as the boundary editor gives it); a commit writes the new town
// or the new boundary version, never while there are problems.

// importRoute is the route pattern of the boundary import, whose body has
// its own limit (Config.MaxImportBytes) in place of the global one.
const importRoute = "/api/import/boundaries"

// importFraming is the room a multipart body needs beside the file: the
// option fields and the part headers.
const importFraming = 64 << 10

// maxSnapM is the largest snapping distance taken: beyond it snapping
// would move boundaries rather than mend digitising slips.
const maxSnapM = 10.0

// importFieldBytes caps what is read of one option field: more than any
// field's limit in characters can take.
const importFieldBytes = 8 << 10

// importForm is the multipart form of POST /api/import/boundaries.
type importForm struct {
	name  string   // the uploaded file's name
	file  *os.File // its bytes, spooled to a temporary file
	size  int64
	limit int64 // the largest file taken
	read  importer.ReadOptions
	plan  importer.BoundaryOptions
	sheet importer.SheetOptions // of a sheet import (sheetimport.go)
	dry   bool
}

// importOption is one option field of the form: its limit in characters
// (for text) and where it goes.
type importOption struct {
	max int
	set func(f *importForm, v string) error
}

// importOptions are the form's fields besides file; any other is refused.
var importOptions = map[string]importOption{
	"layer":          {100, func(f *importForm, v string) error { f.read.Layer = v; return nil }},
	"encoding":       {50, func(f *importForm, v string) error { f.read.Encoding = v; return nil }},
	"srs":            {100, func(f *importForm, v string) error { f.read.SRS = v; return nil }},
	"snap":           {50, setSnap},
	"code_field":     {100, func(f *importForm, v string) error { f.plan.CodeField = v; return nil }},
	"name_field":     {100, func(f *importForm, v string) error { f.plan.NameField = v; return nil }},
	"unit_field":     {100, func(f *importForm, v string) error { f.plan.UnitField = v; return nil }},
	"town_code":      {20, func(f *importForm, v string) error { f.plan.TownCode = v; return nil }},
	"town_name":      {data.MaxCellName, func(f *importForm, v string) error { f.plan.TownName = v; return nil }},
	"reason":         {data.MaxReason, func(f *importForm, v string) error { f.plan.Reason = v; return nil }},
	"effective_date": {10, func(f *importForm, v string) error { f.plan.EffectiveDate = v; return nil }},
	"dry_run":        {10, setDryRun},
}

func setSnap(f *importForm, v string) error {
	if v == "" {
		return nil
	}
	m, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(m) || math.IsInf(m, 0) {
		return data.FieldErrorf("snap", "%s must be a number, got %q.", "snap", v)
	}
	if m < 0 || m > maxSnapM {
		return data.FieldErrorf("snap", "%s must be between %g and %g, got %g.", "snap", 0.0, maxSnapM, m)
	}
	f.read.SnapM = m
	return nil
}

func setDryRun(f *importForm, v string) error {
	if v == "" {
		return nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return data.FieldErrorf("dry_run", "%s must be true or false, got %q.", "dry_run", v)
	}
	f.dry = b
	return nil
}

// maxImportBytes is the largest boundary file taken.
func (s *Server) maxImportBytes() int64 {
	if s.cfg.MaxImportBytes > 0 {
		return s.cfg.MaxImportBytes
	}
	return geofile.DefaultMaxBytes
}

// tooLargeFile is the 413 of an upload past the limit, naming the field.
func tooLargeFile(limit int64) error {
	return data.Errorf(codeTooLarge, "The file is larger than %d KiB.", (limit+1023)>>10).WithField("file")
}

// readImportForm reads the multipart form: the file into a temporary file
// (removed by the caller with closeImportForm), the options checked as
// they come. The snapping distance defaults to the command line's 0.5 m
// and dry_run to true: a commit is asked for explicitly.
func (s *Server) readImportForm(c echo.Context) (*importForm, error) {
	return readImportUpload(c, &importForm{dry: true, read: importer.ReadOptions{SnapM: 0.5}, limit: s.maxImportBytes()}, importOptions)
}

// readImportUpload reads a multipart form into f: the file into a temporary
// file (removed by the caller with closeImportForm), up to f.limit bytes,
// the fields of options checked as they come, any other refused.
func readImportUpload(c echo.Context, f *importForm, options map[string]importOption) (*importForm, error) {
	r := c.Request()
	mt, _, err := mime.ParseMediaType(r.Header.Get(echo.HeaderContentType))
	if err != nil || mt != echo.MIMEMultipartForm {
		return f, data.FieldErrorf("file", "Send the file as multipart/form-data in the field %q.", "file")
	}
	limit := f.limit
	if r.ContentLength > limit+importFraming {
		return f, tooLargeFile(limit)
	}
	r.Body = http.MaxBytesReader(c.Response(), r.Body, limit+importFraming)
	mr, err := r.MultipartReader()
	if err != nil {
		return f, data.FieldErrorf("file", "Send the file as multipart/form-data in the field %q.", "file")
	}
	seen := map[string]bool{}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return f, importBodyError(limit, err)
		}
		name := part.FormName()
		if seen[name] {
			return f, data.FieldErrorf(name, "The field %q is given twice.", name)
		}
		seen[name] = true
		if name == "file" {
			if err := spoolUpload(f, part); err != nil {
				return f, err
			}
			continue
		}
		opt, ok := options[name]
		if !ok {
			return f, data.FieldErrorf(name, "Unknown field %q.", name)
		}
		b, err := io.ReadAll(io.LimitReader(part, importFieldBytes))
		if err != nil {
			return f, importBodyError(limit, err)
		}
		v := strings.TrimSpace(string(b))
		check := domain.CheckLine
		if name == "reason" || name == "map" {
			check = domain.CheckText
		}
		if err := check(name, v, opt.max); err != nil {
			return f, err
		}
		if err := opt.set(f, v); err != nil {
			return f, err
		}
	}
	if f.file == nil {
		return f, data.FieldErrorf("file", "There is no file in the field %q.", "file")
	}
	return f, nil
}

// spoolUpload writes the file part to a temporary file, so that a large
// upload is not held in memory and the reader can seek in it (a zip's
// directory is at its end).
func spoolUpload(f *importForm, part io.Reader) error {
	type named interface{ FileName() string }
	name := ""
	if p, ok := part.(named); ok {
		name = filepath.Base(strings.ReplaceAll(p.FileName(), `\`, "/"))
	}
	if name == "" || name == "." || name == "/" {
		return data.FieldErrorf("file", "There is no file in the field %q.", "file")
	}
	if err := domain.CheckLine("file", name, 255); err != nil {
		return err
	}
	tmp, err := spoolFile("import-*")
	if err != nil {
		return fmt.Errorf("import: spooling the upload: %w", err)
	}
	f.name, f.file = name, tmp
	limit := f.limit
	n, err := io.Copy(tmp, io.LimitReader(part, limit+1))
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return fmt.Errorf("import: spooling the upload: %w", err)
		}
		return importBodyError(limit, err)
	}
	switch {
	case n > limit:
		return tooLargeFile(limit)
	case n == 0:
		return data.FieldErrorf("file", "The file is empty.")
	}
	f.size = n
	return nil
}

// importBodyError is the error for a body that could not be read: 413
// naming the file when the limit cut it off, 400 naming it when the body
// is not a well-formed multipart form.
func importBodyError(limit int64, err error) error {
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		return tooLargeFile(limit)
	}
	if _, ok := isBodyReadError(err); ok {
		return err
	}
	return data.FieldErrorf("file", "The upload could not be read.")
}

// closeImportForm removes the spooled file.
func closeImportForm(f *importForm) {
	if f != nil && f.file != nil {
		f.file.Close()
		os.Remove(f.file.Name())
	}
}

// importProblem is a problem of an imported file as the API gives it: the
// feature (0 for the file as a whole), the cell code when known, the kind,
// where to show it ([lon, lat], or null), the attribute at fault and the
// message in the caller's language.
type importProblem struct {
	Feature int        `json:"feature"`
	Code    string     `json:"code"`
	Kind    string     `json:"kind"`
	At      *orb.Point `json:"at"`
	Field   string     `json:"field"`
	Message string     `json:"message"`
}

// importPlan is what the import would write: a new town ("create"), a new
// boundary version ("change") or nothing ("unchanged").
type importPlan struct {
	Mode     string     `json:"mode"`
	Town     importTown `json:"town"`
	Units    int        `json:"units"`
	Cells    int        `json:"cells"`
	Base     int64      `json:"base"` // the version a change is made on; 0 for a new town
	Added    []string   `json:"added"`
	Reshaped []string   `json:"reshaped"`
	Removed  []string   `json:"removed"`
	Impact   *impactOut `json:"impact"` // a change's impact, as the boundary editor's dry run gives it
}

type importTown struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// importAnswer is the answer of POST /api/import/boundaries.
type importAnswer struct {
	DryRun   bool                 `json:"dry_run"`
	Written  bool                 `json:"written"`
	Read     *importer.ReadReport `json:"read"`
	Plan     importPlan           `json:"plan"`
	Cells    json.RawMessage      `json:"cells"`
	Problems []importProblem      `json:"problems"`
	Version  any                  `json:"version"` // the boundary version written, or null
}

// importBoundaries answers POST /api/import/boundaries: multipart/form-data
// with the boundary file in "file" and the options of "gridmap import
// boundaries" as fields. 200 with the preview for a dry run (the default),
// 201 with the version written for a commit; a commit of a file with
// problems is refused (400, the problems beside the error) and writes
// nothing. Admins only.
func (s *Server) importBoundaries(c echo.Context) error {
	p := who(c)
	// A boundary change: admins only, every field of the form (grants.go).
	if err := mayEditBoundaries(p); err != nil {
		return err
	}
	form, err := s.readImportForm(c)
	defer closeImportForm(form)
	if err != nil {
		return err
	}
	features, rep, err := importer.ReadBoundariesFrom(form.name, form.file, form.size, form.read)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	opt := form.plan
	opt.AuthorID, opt.AuthorName = p.user.ID, p.user.Name
	plan, err := importer.PlanBoundaries(ctx, s.store, features, opt)
	if err != nil {
		return err
	}
	lang := langOf(c)
	ans := importAnswer{DryRun: form.dry, Read: rep, Plan: s.importPlanOut(ctx, plan), Problems: importProblems(lang, plan.Problems)}
	ans.Cells = importCells(plan)
	if len(plan.Problems) > 0 && !form.dry {
		return &errorWith{
			err:   data.Errorf(data.EINVALID, "The file has %d problems: nothing was imported.", len(plan.Problems)).WithField("file"),
			extra: map[string]any{"dry_run": false, "written": false, "read": rep, "plan": ans.Plan, "cells": ans.Cells, "problems": ans.Problems, "version": nil},
		}
	}
	if form.dry || ans.Plan.Mode == "unchanged" {
		return s.sendJSON(c, typeJSON, ans)
	}
	v, err := plan.Commit(ctx, s.store)
	if err != nil {
		return conflictWithHistory(ctx, s, ans.Plan.Base, err)
	}
	ans.Written = true
	if v != nil {
		ans.Version = localVersion(lang, *v)
	}
	detail := fmt.Sprintf("%s: %s %s, %d cells (%d added, %d reshaped, %d removed)", form.name, ans.Plan.Mode, ans.Plan.Town.Code,
		ans.Plan.Cells, len(ans.Plan.Added), len(ans.Plan.Reshaped), len(ans.Plan.Removed))
	record := "boundaries"
	if v != nil {
		record = "boundary_version:" + strconv.FormatInt(v.Number, 10)
	}
	s.auditAs(c, p.user, p.user.Username, "boundaries_imported", record, detail)
	raw, err := json.Marshal(ans)
	if err != nil {
		return err
	}
	return c.JSONBlob(http.StatusCreated, raw)
}

// importPlanOut sums a plan up: its mode, the town, the counts, the codes
// added, reshaped and removed, and the impact.
func (s *Server) importPlanOut(ctx context.Context, plan *importer.BoundaryPlan) importPlan {
	out := importPlan{Mode: "unchanged", Cells: len(plan.Cells), Added: []string{}, Reshaped: []string{}, Removed: []string{}}
	units := map[string]bool{}
	for _, c := range plan.Cells {
		units[c.UnitCode] = true
	}
	out.Units = len(units)
	switch {
	case plan.Dataset != nil:
		out.Mode = "create"
		out.Town = importTown{Code: plan.Dataset.Town.Code, Name: plan.Dataset.Town.Name}
		out.Units = len(plan.Dataset.Units)
		for _, c := range plan.Cells {
			out.Added = append(out.Added, c.Code)
		}
		return out
	case plan.Change != nil:
		out.Mode = "change"
		out.Base = plan.Change.Base
		for _, c := range plan.Change.Cells {
			if c.New {
				out.Added = append(out.Added, c.Code)
			} else {
				out.Reshaped = append(out.Reshaped, c.Code)
			}
		}
		out.Removed = append(out.Removed, plan.Change.Removed...)
		if plan.Impact != nil {
			imp := summarise(plan.Impact)
			out.Impact = &imp
		}
	}
	if t, err := s.store.Town(ctx); err == nil {
		out.Town = importTown{Code: t.Code, Name: t.Name}
	}
	return out
}

// importProblems gives the plan's problems in lang.
func importProblems(lang string, ps []importer.Problem) []importProblem {
	out := make([]importProblem, 0, len(ps))
	for _, pr := range ps {
		ip := importProblem{Feature: pr.Feature, Code: pr.Code, Kind: pr.Kind, At: pr.At}
		if pr.Err != nil {
			ip.Field, ip.Message = pr.Err.Field, message(lang, pr.Err)
		}
		out = append(out, ip)
	}
	return out
}

// importCells is the preview's GeoJSON: every cell of the file with its
// code, name, unit and status: "problem" when a problem names it, else
// "added", "reshaped" or "unchanged" by the plan.
func importCells(plan *importer.BoundaryPlan) json.RawMessage {
	status := map[string]string{}
	if plan.Dataset != nil {
		for _, c := range plan.Cells {
			status[c.Code] = "added"
		}
	}
	if plan.Change != nil {
		for _, c := range plan.Change.Cells {
			status[c.Code] = "reshaped"
			if c.New {
				status[c.Code] = "added"
			}
		}
	}
	for _, pr := range plan.Problems {
		if pr.Code != "" {
			status[pr.Code] = "problem"
		}
	}
	fs := make([]feature, 0, len(plan.Cells))
	for _, c := range plan.Cells {
		st := status[c.Code]
		if st == "" {
			st = "unchanged"
		}
		fs = append(fs, feature{id: c.Code, geom: geo.RightHand(c.Geometry), props: props{{"code", c.Code}, {"name", c.Name},
			{"unit", c.UnitCode}, {"unit_name", c.UnitName}, {"status", st}}})
	}
	return appendFeatureCollection(nil, fs, nil)
}
