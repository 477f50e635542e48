package roster

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestUnreadableFiles(t *testing.T) {
	t.Parallel()
	// An encrypted workbook is an OLE2 file, as an .xls is.
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"户号", "姓名"})
	var enc bytes.Buffer
	if err := f.Write(&enc, excelize.Options{Password: "secret"}); err != nil {
		t.Fatal(err)
	}
	f.Close()
	zipped := xlsx(t, family(t))
	cases := []struct {
		name, content, want string
	}{
		{"encrypted or .xls", enc.String(), ".xls"},
		{"truncated .xlsx", string(zipped[:len(zipped)/2]), "not a readable .xlsx"},
		{"empty", "", "empty"},
	}
	for _, c := range cases {
		_, err := ReadResidents(strings.NewReader(c.content), Options{})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: ReadResidents = %v; want …%s…", c.name, err, c.want)
		}
	}
}
