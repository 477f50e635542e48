package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gridmap/data"
	"gridmap/data/storetest/stores"
	"gridmap/importer/importtest"
	"gridmap/roster/rostertest"
)

// walkthroughCommands returns the commands of the README's walkthrough
// (between its <!-- walkthrough --> markers, in its sh block), each split
// into words.
func walkthroughCommands(t *testing.T) [][]string {
	t.Helper()
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(string(b), "<!-- walkthrough -->")
	if len(parts) != 3 {
		t.Fatalf("README.md has %d walkthrough markers; want 2", len(parts)-1)
	}
	_, block, ok := strings.Cut(parts[1], "```sh\n")
	if !ok {
		t.Fatal("the README's walkthrough has no sh block")
	}
	block, _, ok = strings.Cut(block, "```")
	if !ok {
		t.Fatal("the README's walkthrough sh block is not closed")
	}
	var cmds [][]string
	for _, line := range strings.Split(block, "\n") {
		if line, _, _ = strings.Cut(line, "#"); strings.TrimSpace(line) != "" {
			if strings.ContainsAny(line, `'"\$|;&<>`+"`") {
				t.Fatalf("the walkthrough's %q needs a shell; keep its commands plain words", line)
			}
			cmds = append(cmds, strings.Fields(line))
		}
	}
	return cmds
}

// TestREADMEWalkthrough runs the README's walkthrough as it is written, on
// each store: the town's boundaries from a GBK shapefile in Gauss-Krüger
// zone 36 written by ogr2ogr, its households and staff from sheets written
// by excelize, then the server, which must serve the town's 138 cells with
// their residents, and let a grid worker whose account the staff import
// opened see the residents of their cell.
func TestREADMEWalkthrough(t *testing.T) {
	t.Parallel()
	cmds := walkthroughCommands(t)
	if len(cmds) < 2 || strings.Join(cmds[0], " ") != "go build -o gridmap ./cmd/gridmap" {
		t.Fatalf("the walkthrough begins %q; want go build -o gridmap ./cmd/gridmap", cmds[0])
	}
	cmds = cmds[1:]
	for _, c := range cmds {
		if c[0] != "./gridmap" {
			t.Fatalf("walkthrough command %q: want ./gridmap and its arguments", strings.Join(c, " "))
		}
	}
	serve := cmds[len(cmds)-1]
	if len(serve) < 2 || serve[1] == "import" || serve[1] == "template" {
		t.Fatalf("the walkthrough ends with %q; want the server", strings.Join(serve, " "))
	}

	_, full := rostertest.Town(t)
	residents := rostertest.Residents(full, 300)
	staff := rostertest.Staff(full)
	households := map[any]bool{}
	for _, r := range residents[1:] {
		households[r[0]] = true
	}
	for _, kind := range stores.Kinds {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			// The district's file: a zipped GBK shapefile in EPSG:4524.
			shp := importtest.Shapefile(t, filepath.Join(dir, "src"), "网格", importtest.Cells(full), "GBK", "EPSG:4524", true)
			zipped := importtest.ZipShapefile(t, shp)
			if err := os.Rename(zipped, filepath.Join(dir, "网格.zip")); err != nil {
				t.Fatal(err)
			}
			for name, rows := range map[string][][]any{"居民.xlsx": residents, "工作人员.xlsx": staff} {
				if err := os.WriteFile(filepath.Join(dir, name), rostertest.XLSX(t, rows), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			db := filepath.Join(dir, "town.db")
			if kind != "sqlite" {
				db = stores.URL(t, kind)
			}
			// args are a command's arguments with its files in dir and
			// town.db the store of the kind.
			args := func(c []string) []string {
				out := make([]string, len(c)-1)
				for i, a := range c[1:] {
					switch {
					case a == "town.db":
						a = db
					case !strings.HasPrefix(a, "-") && strings.ContainsAny(a, "./") && !strings.Contains(a, "://"):
						a = filepath.Join(dir, a)
					}
					out[i] = a
				}
				return out
			}
			var outputs strings.Builder
			for _, c := range cmds[:len(cmds)-1] {
				out, err := runGridmap(t, args(c)...)
				fmt.Fprintf(&outputs, "$ %s\n%s", strings.Join(c, " "), out)
				if err != nil {
					t.Fatalf("%s: %v\n%s", strings.Join(c, " "), err, outputs.String())
				}
			}
			wantOutput(t, "the walkthrough", outputs.String(), "新建乡镇 500110119000 安稳镇：15 个村（社区），138 个网格",
				"编码 GBK，坐标系 EPSG:4524", "已写入：边界版本 1", fmt.Sprintf("居民：新增 %d", len(residents)-1),
				fmt.Sprintf("户：新增 %d", len(households)), "网格员：新增 1", "调解员：新增 3")
			for _, f := range []string{"居民导入模板.xlsx", "工作人员导入模板.xlsx"} {
				if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
					t.Errorf("the walkthrough wrote no %s: %v", f, err)
				}
			}
			checkServes(t, args(serve), full, residents, len(households), filepath.Join(dir, "账号密码.csv"))
		})
	}
}

// checkServes runs the server with args until it serves, and checks what
// it serves: the town's cells with the residents and households of the
// sheet, and the residents of a grid worker's cell to the grid worker,
// whose password is in the passwords file.
func checkServes(t *testing.T, args []string, full *data.Dataset, sheet [][]any, households int, passwords string) {
	residents := len(sheet) - 1
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	logs := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, args, env(map[string]string{"GRIDMAP_ADDR": "127.0.0.1:0"}), strings.NewReader(""), io.Discard, logs)
	}()
	defer func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("the server after shutdown: %v", err)
			}
		case <-time.After(30 * time.Second):
			t.Error("the server did not shut down")
		}
		if t.Failed() {
			t.Logf("server output:\n%s", logs)
		}
	}()
	base := "http://" + listening(t, logs, returned(done))
	var res *http.Response
	var err error
	for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if res, err = http.Get(base + "/api/cells"); err == nil {
			break
		}
		select {
		case err := <-done:
			done <- err
			t.Fatalf("the server returned early: %v", err)
		default:
		}
	}
	if err != nil {
		t.Fatalf("the server never answered: %v", err)
	}
	var fc struct {
		Features []struct {
			Properties struct {
				Code       string `json:"code"`
				Population int    `json:"population"`
				Households int    `json:"households"`
			} `json:"properties"`
		} `json:"features"`
	}
	err = json.NewDecoder(res.Body).Decode(&fc)
	res.Body.Close()
	if err != nil || len(fc.Features) != len(full.Cells) {
		t.Fatalf("GET /api/cells: %d cells, %v; want %d", len(fc.Features), err, len(full.Cells))
	}
	pop, hh := 0, 0
	for i, f := range fc.Features {
		if f.Properties.Code != full.Cells[i].Code {
			t.Errorf("cell %d is %s; want %s", i, f.Properties.Code, full.Cells[i].Code)
		}
		pop += f.Properties.Population
		hh += f.Properties.Households
	}
	if pop != residents || hh != households {
		t.Errorf("GET /api/cells: %d residents in %d households; want %d in %d", pop, hh, residents, households)
	}
	if strings.Contains(logs.String(), "seeded") {
		t.Error("the server seeded the sample town")
	}

	// The grid worker's account, opened by the staff import.
	b, err := os.ReadFile(passwords)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var pw string
	for _, r := range recs {
		if r[0] == "zhou.wg" {
			pw = r[4]
		}
	}
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	body, _ := json.Marshal(map[string]string{"username": "zhou.wg", "password": pw})
	res, err = client.Post(base+"/api/auth/login", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("the grid worker's login = %d; want 200", res.StatusCode)
	}
	cell := full.Cells[0].Code
	want := 0
	for _, r := range sheet[1:] {
		if r[9] == cell {
			want++
		}
	}
	res, err = client.Get(base + "/api/residents?cell=" + cell)
	if err != nil {
		t.Fatal(err)
	}
	var page struct {
		Total int `json:"total"`
	}
	err = json.NewDecoder(res.Body).Decode(&page)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || err != nil || page.Total != want {
		t.Errorf("GET /api/residents?cell=%s as the grid worker = %d, %d residents (%v); want 200, %d", cell, res.StatusCode, page.Total, err, want)
	}
}
