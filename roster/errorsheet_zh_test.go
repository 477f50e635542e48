package roster_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"gridmap/api"
	"gridmap/data"
	"gridmap/roster"
)

// TestErrorSheetChinese writes an error sheet with the API's zh-CN
// catalogue, as `gridmap import` does for offices.
func TestErrorSheetChinese(t *testing.T) {
	t.Parallel()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range [][]any{
		{"户号", "户主姓名", "姓名", "与户主关系", "公民身份号码", "联系电话", "所属网格"},
		{"1", "张三", "张三", "本人", "11010519491231002X", "12345", ""},
	} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow("Sheet1", cell, &r)
	}
	var src bytes.Buffer
	f.Write(&src)
	s, err := roster.ReadResidents(bytes.NewReader(src.Bytes()), roster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Errors) != 2 {
		t.Fatalf("errors = %v; want the phone and the missing place", s.Errors)
	}
	var out bytes.Buffer
	zh := func(e *data.Error) string { return api.Message(api.LangZH, e) }
	if err := roster.WriteErrors(&out, bytes.NewReader(src.Bytes()), roster.Options{}, s.Errors, zh); err != nil {
		t.Fatal(err)
	}
	g, err := excelize.OpenReader(&out)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	got, _ := g.GetCellValue("Sheet1", "H2")
	want := "联系电话：\"12345\" 既不是手机号码（以 13 至 19 开头的 11 位数字），也不是带区号的固定电话（如 023-12345678）。\n所属网格：户 1 没有位置：请填写所属网格（编码或名称）或经纬度。"
	if got != want {
		t.Errorf("错误 = %q; want %q", got, want)
	}
	if strings.Contains(got, "neither") {
		t.Error("the error sheet is in English")
	}
}
