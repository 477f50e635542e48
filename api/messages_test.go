package api

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"gridmap/data"
	"gridmap/geo"
)

// sourceFormat is a format string of an error built in the module's code.
type sourceFormat struct {
	format string
	at     string // file:line of the call
}

// moduleFormats parses the module's non-test Go files (every package, so
// that one moved out of api/ stays checked) and returns the string-literal formats given to data.Errorf and
// data.FieldErrorf (Errorf and FieldErrorf inside package data), and to the
// helpers that pass a format parameter on to them (such as errOp), together
// with the calls whose format is neither a literal nor such a parameter.
func moduleFormats(t *testing.T) (formats []sourceFormat, dynamic []string) {
	t.Helper()
	fset := token.NewFileSet()
	type parsed struct {
		pkg  string // directory: helpers are matched within one package
		file *ast.File
	}
	var files []parsed
	for _, dir := range []string{".."} {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && path != dir && (d.Name() == "testdata" || d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				return err
			}
			files = append(files, parsed{filepath.Dir(path), f})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	// formatArg is the index of the format argument of a call to one of
	// the constructors, or -1.
	formatArg := func(f *ast.File, call *ast.CallExpr) int {
		name := ""
		switch fn := call.Fun.(type) {
		case *ast.SelectorExpr:
			if x, ok := fn.X.(*ast.Ident); ok && x.Name == "data" {
				name = fn.Sel.Name
			}
		case *ast.Ident:
			if f.Name.Name == "data" {
				name = fn.Name
			}
		}
		if name == "Errorf" || name == "FieldErrorf" {
			return 1
		}
		return -1
	}
	// Helpers: functions passing one of their parameters on as the format.
	type helper struct{ pkg, name string }
	helpers := map[helper]int{}
	for _, p := range files {
		for _, decl := range p.file.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Recv != nil {
				continue
			}
			var params []string
			for _, field := range fd.Type.Params.List {
				for _, n := range field.Names {
					params = append(params, n.Name)
				}
			}
			ast.Inspect(fd, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				if i := formatArg(p.file, call); i >= 0 && i < len(call.Args) {
					if id, ok := call.Args[i].(*ast.Ident); ok {
						if j := slices.Index(params, id.Name); j >= 0 {
							helpers[helper{p.pkg, fd.Name.Name}] = j
						}
					}
				}
				return true
			})
		}
	}
	for _, p := range files {
		ast.Inspect(p.file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			i := formatArg(p.file, call)
			if id, ok := call.Fun.(*ast.Ident); ok && i < 0 {
				if j, ok := helpers[helper{p.pkg, id.Name}]; ok {
					i = j
				}
			}
			if i < 0 || i >= len(call.Args) {
				return true
			}
			at := fset.Position(call.Pos()).String()
			if lit, ok := call.Args[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				s, err := strconv.Unquote(lit.Value)
				if err != nil {
					t.Fatalf("%s: %v", at, err)
				}
				formats = append(formats, sourceFormat{s, at})
				return true
			}
			if id, ok := call.Args[i].(*ast.Ident); ok {
				if fd := enclosing(p.file, call); fd != nil && isParam(fd, id.Name) {
					return true // a helper's own call: its callers are checked
				}
			}
			dynamic = append(dynamic, at)
			return true
		})
	}
	return formats, dynamic
}

// enclosing returns the function declaration of f that holds n.
func enclosing(f *ast.File, n ast.Node) *ast.FuncDecl {
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Pos() <= n.Pos() && n.End() <= fd.End() {
			return fd
		}
	}
	return nil
}

func isParam(fd *ast.FuncDecl, name string) bool {
	for _, field := range fd.Type.Params.List {
		for _, n := range field.Names {
			if n.Name == name {
				return true
			}
		}
	}
	return false
}

// verbRE matches a fmt verb with its flags, width, precision and an
// optional explicit argument index.
var verbRE = regexp.MustCompile(`%(?:\[(\d+)\])?[-+# 0]*\d*(?:\.\d*)?([a-zA-Z%])`)

// verbs returns the verbs of a format in argument order: "%q %d" and
// "%[2]d %[1]q" both give [q d].
func verbs(format string) ([]string, bool) {
	byArg := map[int]string{}
	next := 1
	for _, m := range verbRE.FindAllStringSubmatch(format, -1) {
		if m[2] == "%" {
			continue
		}
		n := next
		if m[1] != "" {
			n, _ = strconv.Atoi(m[1])
		}
		if old, ok := byArg[n]; ok && old != m[2] {
			return nil, false
		}
		byArg[n] = m[2]
		next = n + 1
	}
	out := make([]string, len(byArg))
	for n, v := range byArg {
		if n < 1 || n > len(out) {
			return nil, false // an argument skipped
		}
		out[n-1] = v
	}
	return out, true
}

func TestVerbs(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		format string
		want   []string
	}{
		{"No cell %s.", []string{"s"}},
		{"%q is %d%% done", []string{"q", "d"}},
		{"第 %[2]d 项：%[1]q", []string{"q", "d"}},
		{"%5.2f and %-3s", []string{"f", "s"}},
	} {
		got, ok := verbs(tc.format)
		if !ok || !slices.Equal(got, tc.want) {
			t.Errorf("verbs(%q) = %v, %v; want %v", tc.format, got, ok, tc.want)
		}
	}
	if _, ok := verbs("%[2]s"); ok {
		t.Error("verbs accepts a format that skips its first argument")
	}
}

// TestCatalogue checks the zh-CN catalogue against the code: every format
// has an entry, every entry has the verbs of its English format, and no
// entry is left over from a message the code no longer builds.
func TestCatalogue(t *testing.T) {
	t.Parallel()
	formats, dynamic := moduleFormats(t)
	if len(formats) < 100 {
		t.Fatalf("found only %d formats: is the parser looking in the right places?", len(formats))
	}
	for _, at := range dynamic {
		t.Errorf("%s: the format of an error is not a string literal, so it cannot be checked against the catalogue", at)
	}
	used := map[string]bool{}
	for _, f := range formats {
		used[f.format] = true
		if _, ok := zhCN[f.format]; !ok {
			t.Errorf("%s: no zh-CN message for %q", f.at, f.format)
		}
	}
	for _, s := range fixedMessages {
		used[s] = true
	}
	for en, zh := range zhCN {
		if !used[en] {
			t.Errorf("stale zh-CN entry: no code builds %q", en)
		}
		ve, ok1 := verbs(en)
		vz, ok2 := verbs(zh)
		if !ok1 || !ok2 || !slices.Equal(ve, vz) {
			t.Errorf("zh-CN %q has verbs %v, its English %q has %v", zh, vz, en, ve)
		}
		if words := verbRE.ReplaceAllString(en, ""); strings.ContainsFunc(words, unicode.IsLetter) && zh == en {
			t.Errorf("zh-CN entry for %q is not translated", en)
		}
	}
	t.Logf("%d formats at %d call sites; %d zh-CN entries", len(used), len(formats), len(zhCN))
}

// TestProblemKinds checks that every problem kind of geo has a zh-CN text
// with one %s per cell it names.
func TestProblemKinds(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("../geo/partition.go")
	if err != nil {
		t.Fatal(err)
	}
	kinds := regexp.MustCompile(`(?m)^\s*Problem\w+\s*=\s*"(\w+)"`).FindAllStringSubmatch(string(src), -1)
	if len(kinds) == 0 {
		t.Fatal("no Problem* constants in geo/partition.go")
	}
	for _, k := range kinds {
		if _, ok := problemZH[k[1]]; !ok {
			t.Errorf("no zh-CN text for problem kind %q", k[1])
		}
	}
	for kind := range problemZH {
		if !slices.ContainsFunc(kinds, func(k []string) bool { return k[1] == kind }) {
			t.Errorf("stale zh-CN text for problem kind %q", kind)
		}
	}
	got := problemMessage(langZH, geo.Problem{Kind: geo.ProblemCross, Message: "edges cross"}, []string{"A01", "A02"})
	if got != "网格 A01 与 A02 的边界相交。" {
		t.Errorf("cross in zh-CN = %q", got)
	}
	if got := problemMessage(langEN, geo.Problem{Kind: geo.ProblemCross, Message: "edges cross"}, []string{"A01", "A02"}); got != "edges cross" {
		t.Errorf("cross in English = %q", got)
	}
}

func TestNegotiate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ header, want string }{
		{"", langZH},
		{"zh-CN,zh;q=0.9", langZH},
		{"en-US,en;q=0.8", langEN},
		{"en", langEN},
		{"fr-FR, en;q=0.5", langEN},
		{"fr-FR, de", langZH},
		{"zh-TW;q=0.4, en-GB;q=0.8", langEN},
		{"en;q=0.3, zh-Hans;q=0.7", langZH},
		{"en;q=0, *", langZH},
		{"EN-us", langEN},
		{"*", langZH},
		{"en;q=garbage, zh;q=0.1", langZH},
	} {
		if got := negotiate(tc.header); got != tc.want {
			t.Errorf("negotiate(%q) = %q, want %q", tc.header, got, tc.want)
		}
	}
}

// TestRoleNamedInChinese: a message that names the caller's account by
// its role ("Your account (%s) ...") gives the role's Chinese name in
// zh-CN (您的账号（调解员）), not its code (mediator).
func TestRoleNamedInChinese(t *testing.T) {
	t.Parallel()
	n := 0
	for en := range zhCN {
		if !strings.HasPrefix(en, "Your account (%s)") {
			continue
		}
		n++
		if !namedArgs[en] {
			t.Errorf("%q names the role, but namedArgs does not list it: zh-CN would say 您的账号（mediator）", en)
		}
	}
	if n < 10 {
		t.Errorf("found %d messages naming the account's role; want the catalogue's", n)
	}
	msg := message(langZH, data.Errorf(data.EFORBIDDEN, "Your account (%s) may see the mediation statistics of its own unit only.", data.RoleUnitCadre))
	if !strings.Contains(msg, "村（社区）干部") {
		t.Errorf("a cadre's refusal in zh-CN = %q; want the role in Chinese", msg)
	}
}

func TestMessage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		err    error
		zh, en string
	}{
		{data.Errorf(data.ENOTFOUND, "There is no %s %s.", "cell", "A01"), "没有编号为 A01 的网格。", "There is no cell A01."},
		{data.Errorf(data.EFORBIDDEN, "Your account (%s) may not see %s.", data.RoleLeader, "the residents of cell A01"),
			"您的账号（镇领导）无权查看网格 A01 的居民。", "Your account (leader) may not see the residents of cell A01."},
		{data.FieldErrorf("x", "The boundaries after the change are not valid: %s", bilingual{en: "boundaries cross", zh: "边界相交。"}),
			"变更后的边界无效：边界相交。", "The boundaries after the change are not valid: boundaries cross"},
		{data.Errorf(data.EINVALID, "No feature %q in %s.", "7", "cells"), `数据集 cells 中没有要素 "7"。`, `No feature "7" in cells.`},
		{data.Errorf(data.EINTERNAL, "The disk %s is full.", "/dev/sda"), "内部错误。", "Internal error."},
		{errors.New("driver: connection reset"), "内部错误。", "Internal error."},
		{&data.Error{Code: data.EINVALID, Message: "A message without a template."}, "A message without a template.", "A message without a template."},
	} {
		if got := message(langZH, tc.err); got != tc.zh {
			t.Errorf("message(zh-CN, %v) = %q; want %q", tc.err, got, tc.zh)
		}
		if got := message(langEN, tc.err); got != tc.en {
			t.Errorf("message(en, %v) = %q; want %q", tc.err, got, tc.en)
		}
	}
}
