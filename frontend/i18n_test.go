package frontend

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// catalogues returns the keys of each language's table in static/i18n.js.
func catalogues(t *testing.T) map[string]map[string]bool {
	t.Helper()
	src, err := os.ReadFile("static/i18n.js")
	if err != nil {
		t.Fatal(err)
	}
	s := string(src)
	zh := strings.Index(s, "\n  'zh-CN': {\n")
	en := strings.Index(s, "\n  en: {\n")
	end := strings.Index(s, "\n};\n")
	if zh < 0 || en < zh || end < en {
		t.Fatalf("static/i18n.js: no 'zh-CN' table followed by an en table (at %d, %d, %d)", zh, en, end)
	}
	key := regexp.MustCompile(`(?m)^\s*'([^']+)':`)
	keys := func(part string) map[string]bool {
		out := map[string]bool{}
		for _, m := range key.FindAllStringSubmatch(part, -1) {
			out[m[1]] = true
		}
		return out
	}
	return map[string]map[string]bool{"zh-CN": keys(s[zh:en]), "en": keys(s[en:end])}
}

// stringConsts returns the values of the string constants in a Go file
// whose names start with prefix.
func stringConsts(t *testing.T, file, prefix string) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, spec := range g.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, name := range vs.Names {
				if !strings.HasPrefix(name.Name, prefix) || i >= len(vs.Values) {
					continue
				}
				if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					v, err := strconv.Unquote(lit.Value)
					if err != nil {
						t.Fatal(err)
					}
					out = append(out, v)
				}
			}
		}
	}
	return out
}

// TestEventKindsTranslated: every kind of timeline event the server can
// send (the Event* constants of data/workflow.go) has its words in both
// languages of the app, so that no timeline shows a bare "event.attachment".
func TestEventKindsTranslated(t *testing.T) {
	kinds := stringConsts(t, "../data/workflow.go", "Event")
	if len(kinds) < 6 {
		t.Fatalf("found only %d Event* constants in data/workflow.go (%v): is the parser looking in the right place?", len(kinds), kinds)
	}
	for lang, keys := range catalogues(t) {
		for _, k := range kinds {
			if !keys["event."+k] {
				t.Errorf("static/i18n.js %s: no text for the event kind %q (key event.%s)", lang, k, k)
			}
		}
		for key := range keys {
			if kind, ok := strings.CutPrefix(key, "event."); ok && !slices.Contains(kinds, kind) {
				t.Errorf("static/i18n.js %s: %s names no event kind of data/workflow.go", lang, key)
			}
		}
	}
}

// TestNoEmojiIcons: the app draws its icons as SVG, not as emoji, which
// show as empty boxes where no colour emoji font is installed (office
// desktops on Kylin or UOS, this test machine): the header's bell was one.
func TestNoEmojiIcons(t *testing.T) {
	emoji := regexp.MustCompile(`[\x{1F300}-\x{1FAFF}\x{2600}-\x{27BF}\x{2B00}-\x{2BFF}\x{2300}-\x{23FF}]`)
	files, err := os.ReadDir("static")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if f.IsDir() || !slices.Contains([]string{".js", ".html", ".css"}, f.Name()[strings.LastIndex(f.Name(), "."):]) {
			continue
		}
		src, err := os.ReadFile("static/" + f.Name())
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(src), "\n") {
			if m := emoji.FindString(line); m != "" {
				t.Errorf("static/%s:%d: %q (U+%04X) is an emoji: draw the icon as SVG", f.Name(), i+1, m, []rune(m)[0])
			}
		}
	}
}
