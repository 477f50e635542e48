package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"strings"
	"text/tabwriter"

	"gridmap/api"
	"gridmap/data"
	"gridmap/importer"
	"gridmap/roster"
)

// sheetKinds are what "gridmap import" reads from a town office's sheets.
var sheetKinds = map[string]roster.Kind{"residents": roster.Residents, "staff": roster.Staff, "incidents": roster.Incidents}

// maxSheetBytes bounds a sheet read into memory (it is read twice: to
// import, and to write the error sheet).
const maxSheetBytes = 512 << 20

// importSheetCommand runs "gridmap import residents|staff|incidents FILE
// [flags]": it reads and checks a sheet against the town in the database,
// reports per row and column what is wrong (and writes the error sheet
// with -errors), and unless -dry-run or a row is wrong (without
// -skip-invalid) writes it in one transaction.
func importSheetCommand(ctx context.Context, kind roster.Kind, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("gridmap import "+string(kind), flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, `Usage:
  gridmap import %s FILE.xlsx|FILE.csv [flags]
Reads the sheet against the town in the database (its cells by code or name;
coordinates must lie in the named cell; without them a household stands at its
cell's label point, marked approximate) and writes it, updating what an earlier
import wrote (households by 户号, residents by identity number, incidents by
编号, staff by name and phone). Nothing is written while any row is wrong,
unless -skip-invalid. "gridmap template %s" writes the template.
Flags:
`, kind, kind)
		fs.PrintDefaults()
	}
	db := fs.String("db", firstEnv(getenv, "gridmap.db", "GRIDMAP_DB", "DATABASE_URL"), "SQLite file path or postgres:// URL")
	var opt importer.SheetOptions
	fs.StringVar(&opt.Sheet, "sheet", "", "the worksheet of an .xlsx (default: the first)")
	mapping := fs.String("map", "", "headers of the file mapped to fields, e.g. '身份证=id_number,网格=cell'")
	fs.BoolVar(&opt.DryRun, "dry-run", false, "check and report, write nothing (exit status 1 when there are problems)")
	fs.BoolVar(&opt.SkipInvalid, "skip-invalid", false, "write the valid rows and report the invalid ones (and, for residents, their households) as skipped")
	errorsFile := fs.String("errors", "", "write the sheet back with an added 错误 column and the wrong cells marked red, to this .xlsx file")
	if kind == roster.Staff {
		fs.BoolVar(&opt.Accounts, "accounts", false, "open an account for each row whose 是否开通账号 is 是, with a new password")
	}
	passwords := fs.String("passwords", "", "with -accounts: write the new accounts' passwords to this CSV file (mode 0600) instead of printing them")
	types := typesFlag(fs, kind, getenv)
	lang := fs.String("lang", "zh-CN", "language of the report: zh-CN or en")
	file, err := parseWithFile(fs, args, "import "+string(kind))
	if err != nil {
		return err
	}
	l := reportLang(*lang)
	if opt.Map, err = roster.ParseMap(*mapping); err != nil {
		return errors.New(api.Message(string(l), err))
	}
	if opt.IncidentTypes, err = types(); err != nil {
		return err
	}
	if *passwords != "" && !opt.Accounts {
		return errors.New("import: -passwords needs -accounts")
	}
	src, err := readSheet(file)
	if err != nil {
		return errors.New(api.Message(string(l), err))
	}
	opt.Name = file
	store, err := openTown(ctx, *db, l.Sprintf("the database holds no town yet: import its boundaries first (gridmap import boundaries)"))
	if err != nil {
		return err
	}
	defer store.Close()
	bar := newProgressBar(stderr, l)
	opt.Progress = bar.update
	res, err := importer.ImportSheet(ctx, store, kind, bytes.NewReader(src), opt)
	bar.done()
	if err != nil {
		return fmt.Errorf("%s: %s", file, api.Message(string(l), err))
	}
	printSheetReport(stdout, l, file, res)
	rep := res.Report
	if *errorsFile != "" && !rep.OK() {
		if err := writeErrorSheet(*errorsFile, src, opt.Options, rep.Errors, l); err != nil {
			return err
		}
		fmt.Fprintln(stdout, l.Sprintf("the rows with errors are marked in %s", *errorsFile))
	}
	switch {
	case opt.DryRun && rep.OK():
		fmt.Fprintln(stdout, l.Sprintf("dry run: nothing was written"))
		return nil
	case opt.DryRun:
		fmt.Fprintln(stdout, l.Sprintf("dry run: nothing was written"))
		return errProblems
	case res.Written == nil:
		fmt.Fprintln(stdout, l.Sprintf("nothing was written: correct the rows above, or import the valid ones with -skip-invalid"))
		return errProblems
	}
	for _, c := range res.Written {
		fmt.Fprintln(stdout, l.Sprintf("%s: %d created, %d updated, %d unchanged", l.noun(c.Noun), c.Created, c.Updated, c.Unchanged))
	}
	return reportAccounts(stdout, l, res.Accounts, *passwords)
}

// parseWithFile parses flags with one FILE before, between or after
// them, and returns the file.
func parseWithFile(fs *flag.FlagSet, args []string, what string) (string, error) {
	var file string
	for len(args) > 0 {
		if err := fs.Parse(args); err != nil {
			return "", err
		}
		if args = fs.Args(); len(args) > 0 {
			if file != "" {
				return "", fmt.Errorf("%s: one file at a time, not %q and %q", what, file, args[0])
			}
			file, args = args[0], args[1:]
		}
	}
	if file == "" {
		fs.Usage()
		return "", fmt.Errorf("%s: name the file", what)
	}
	return file, nil
}

// readSheet reads a sheet into memory, up to maxSheetBytes; its errors
// name the file.
func readSheet(file string) ([]byte, error) {
	cannot := func(err error) error {
		if pe, ok := err.(*os.PathError); ok {
			err = pe.Err
		}
		return data.FieldErrorf("file", "%s cannot be opened: %s", file, err.Error())
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, cannot(err)
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, maxSheetBytes+1))
	if err != nil {
		return nil, cannot(err)
	}
	if len(src) > maxSheetBytes {
		return nil, data.FieldErrorf("file", "%s is larger than %d MiB.", file, maxSheetBytes>>20)
	}
	return src, nil
}

// printSheetReport prints what reading the sheet found: counts, unknown
// headers, each row's errors, and the accounts that were not opened.
func printSheetReport(w io.Writer, l reportLang, file string, res *importer.SheetResult) {
	rep := res.Report
	fmt.Fprintln(w, l.Sprintf("%s: %d rows, %d valid, %d with errors", file, rep.Rows, rep.Valid, rep.Invalid))
	if len(rep.Unknown) > 0 {
		fmt.Fprintln(w, l.Sprintf("columns not read (no field; map them with -map): %s", strings.Join(rep.Unknown, ", ")))
	}
	printRowErrors(w, l, rep.Errors)
	if len(rep.Skipped) > 0 && res.Written != nil {
		fmt.Fprintln(w, l.Sprintf("skipped %d rows: %s", len(rep.Skipped), joinInts(rep.Skipped)))
	}
	if len(res.NoAccount) > 0 {
		fmt.Fprintln(w, l.Sprintf("%d accounts not opened:", len(res.NoAccount)))
		printRowErrors(w, l, res.NoAccount)
	}
}

func printRowErrors(w io.Writer, l reportLang, errs []roster.RowError) {
	for _, e := range errs {
		where := l.Sprintf("row %d", e.Row)
		if e.Column != "" {
			where += ", " + e.Column
		}
		fmt.Fprintln(w, "  "+where+": "+api.Message(string(l), e.Err))
	}
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = fmt.Sprint(n)
	}
	return strings.Join(s, ", ")
}

// writeErrorSheet writes the error sheet (roster.WriteErrors) to file,
// its messages in the report's language.
func writeErrorSheet(file string, src []byte, opt roster.Options, errs []roster.RowError, l reportLang) error {
	var b bytes.Buffer
	if err := roster.WriteErrors(&b, bytes.NewReader(src), opt, errs, func(e *data.Error) string { return api.Message(string(l), e) }); err != nil {
		return err
	}
	return os.WriteFile(file, b.Bytes(), 0o644)
}

// reportAccounts prints the accounts a staff import opened, with their
// passwords unless they go to a file (0600, which must not exist yet).
func reportAccounts(w io.Writer, l reportLang, accounts []importer.NewAccount, file string) error {
	if len(accounts) == 0 {
		return nil
	}
	if file != "" {
		f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return fmt.Errorf("the accounts were opened, but their passwords cannot be written: %w (reset them with gridmap user passwd)", err)
		}
		cw := csv.NewWriter(f)
		cw.Write([]string{"username", "name", "role", "scope", "password"})
		for _, a := range accounts {
			cw.Write([]string{a.Username, a.Name, a.Role, a.Scope, a.Password})
		}
		cw.Flush()
		if err := errors.Join(cw.Error(), f.Close()); err != nil {
			return err
		}
		fmt.Fprintln(w, l.Sprintf("%d accounts opened; their passwords are in %s", len(accounts), file))
		return nil
	}
	fmt.Fprintln(w, l.Sprintf("%d accounts opened; their passwords are shown this once:", len(accounts)))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, l.Sprintf("USERNAME\tNAME\tROLE\tSCOPE\tPASSWORD"))
	for _, a := range accounts {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", a.Username, a.Name, a.Role, a.Scope, a.Password)
	}
	return tw.Flush()
}

// templateCommand runs "gridmap template residents|staff|incidents [-o
// FILE]": it writes the empty sheet offices fill.
func templateCommand(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	usage := func() {
		fmt.Fprint(stderr, `Usage:
  gridmap template residents|staff|incidents [-o FILE.xlsx]
Writes the empty sheet a town office fills for "gridmap import": the Chinese
headers, and a second sheet (填写说明) explaining each column.
`)
	}
	if len(args) == 0 || sheetKinds[args[0]] == "" {
		usage()
		return errors.New("template: say which: residents, staff or incidents")
	}
	kind := sheetKinds[args[0]]
	fs := flag.NewFlagSet("gridmap template "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { usage(); fs.PrintDefaults() }
	out := fs.String("o", roster.TemplateNames[kind], "the file to write")
	types := typesFlag(fs, kind, getenv)
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("template: unexpected argument %q", fs.Arg(0))
	}
	ts, err := types()
	if err != nil {
		return err
	}
	b, err := roster.Template(kind, ts)
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, b, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s\n", *out)
	return nil
}

// typesFlag adds -incident-types to fs for an incident ledger (the town's
// dispute types, as "gridmap serve" takes them, GRIDMAP_INCIDENT_TYPES
// too) and returns what parses it after fs.Parse: nil for other kinds.
func typesFlag(fs *flag.FlagSet, kind roster.Kind, getenv func(string) string) func() ([]data.IncidentType, error) {
	if kind != roster.Incidents {
		return func() ([]data.IncidentType, error) { return nil, nil }
	}
	s := fs.String("incident-types", firstEnv(getenv, defaultTypes(), "GRIDMAP_INCIDENT_TYPES"), typesUsage)
	return func() ([]data.IncidentType, error) { return Config{Types: *s}.incidentTypes() }
}

// progressBar shows an import's progress on a terminal, and nothing
// elsewhere.
type progressBar struct {
	w     io.Writer // nil when not a terminal
	l     reportLang
	shown bool
}

func newProgressBar(w io.Writer, l reportLang) *progressBar {
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			return &progressBar{w: w, l: l}
		}
	}
	return &progressBar{l: l}
}

const barWidth = 30

func (p *progressBar) update(done, total int) {
	if p.w == nil {
		return
	}
	p.shown = true
	if total <= 0 {
		fmt.Fprintf(p.w, "\r%s", p.l.Sprintf("reading: %d rows", done))
		return
	}
	n := min(barWidth, done*barWidth/total)
	fmt.Fprintf(p.w, "\r[%s%s] %d/%d", strings.Repeat("=", n), strings.Repeat(" ", barWidth-n), done, total)
}

func (p *progressBar) done() {
	if p.shown {
		fmt.Fprintln(p.w)
	}
}

// noun is an import count's noun in the language.
func (l reportLang) noun(n string) string {
	if zh, ok := reportZH[n]; ok && l != "en" {
		return zh
	}
	return strings.ReplaceAll(n, "_", " ")
}

func init() {
	maps.Copy(reportZH, map[string]string{
		"the database holds no town yet: import its boundaries first (gridmap import boundaries)":  "数据库中还没有乡镇：请先导入网格边界（gridmap import boundaries）",
		"the rows with errors are marked in %s":                                                    "有错误的行已标注在 %s 中",
		"nothing was written: correct the rows above, or import the valid ones with -skip-invalid": "未写入任何内容：请更正以上各行，或用 -skip-invalid 只导入正确的行",
		"%s: %d created, %d updated, %d unchanged":                                                 "%s：新增 %d，更新 %d，未变 %d",
		"%s: %d rows, %d valid, %d with errors":                                                    "%s：共 %d 行，正确 %d 行，有错误 %d 行",
		"columns not read (no field; map them with -map): %s":                                      "未读取的列（无对应字段；可用 -map 指定）：%s",
		"skipped %d rows: %s":     "跳过 %d 行：%s",
		"%d accounts not opened:": "%d 个账号未开通：",
		"row %d":                  "第 %d 行",
		"%d accounts opened; their passwords are in %s":            "已开通 %d 个账号；密码已写入 %s",
		"%d accounts opened; their passwords are shown this once:": "已开通 %d 个账号；密码仅显示这一次：",
		"USERNAME\tNAME\tROLE\tSCOPE\tPASSWORD":                    "用户名\t姓名\t角色\t范围\t密码",
		"reading: %d rows":                                         "已读取 %d 行",
		"households":                                               "户",
		"residents":                                                "居民",
		"grid_workers":                                             "网格员",
		"mediators":                                                "调解员",
		"accounts":                                                 "账号",
		"incidents":                                                "事件",
	})
}
