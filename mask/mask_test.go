package mask

import (
	"testing"
	"unicode/utf8"
)

func TestMasking(t *testing.T) {
	cases := []struct {
		name string
		fn   func(string) string
		in   string
		want string
	}{
		{"two-character name", Name, "张三", "张*"},
		{"three-character name", Name, "李小明", "李*明"},
		{"four-character name", Name, "欧阳小明", "欧**明"},
		{"one-character name", Name, "王", "王"},
		{"identity number", IDNumber, "500222198001011234", "5002**********1234"},
		{"short identity number", IDNumber, "1234567", "*******"},
		{"phone", Phone, "13812345678", "138****5678"},
		{"birth date", BirthDate, "1978-03-09", "1978-**-**"},
	}
	for _, c := range cases {
		if got := c.fn(c.in); got != c.want {
			t.Errorf("%s: mask(%q) = %q; want %q", c.name, c.in, got, c.want)
		}
	}
}

func TestMaskText(t *testing.T) {
	parties := []string{"张三", "欧阳小明", "王", " 李四 "}
	cases := []struct {
		name string
		in   string
		want string
	}{
		{"plain text", "宅基地边界争执", "宅基地边界争执"},
		{"empty", "", ""},
		{"identity number", "身份证500222198001011234已核实", "身份证5002**********1234已核实"},
		{"identity number with X", "证件号50022219800101123X。", "证件号5002**********123X。"},
		{"identity number with small x", "50022219800101123x", "5002**********123x"},
		{"identity number alone", "500222198001011234", "5002**********1234"},
		{"19 digits are no identity number", "账号5002221980010112345", "账号5002221980010112345"},
		{"17 digits are no identity number", "50022219800101123", "50022219800101123"},
		{"X then a digit is no checksum", "50022219800101123X9", "50022219800101123X9"},
		{"18 digits then X are no identity number", "500222198001011234X", "500222198001011234X"},
		{"full-width identity number", "身份证５００２２２１９８００１０１１２３Ｘ", "身份证５００２**********１２３Ｘ"},
		{"mobile", "电话13812345678", "电话138****5678"},
		{"mobile between Han characters", "联系13912345678张", "联系139****5678张"},
		{"full-width mobile", "手机１３８１２３４５６７８。", "手机１３８****５６７８。"},
		{"12 digits are no mobile", "编号138123456789", "编号138123456789"},
		{"10 digits are no mobile", "1381234567", "1381234567"},
		{"12… is no mobile", "12812345678", "12812345678"},
		{"landline left alone", "023-48612345", "023-48612345"},
		{"+86 mobile", "+8613812345678", "+86138****5678"},
		{"mobile in groups with spaces", "电话 138 1234 5678 找", "电话 138 **** 5678 找"},
		{"mobile in groups with hyphens", "138-1234-5678", "138-****-5678"},
		{"mixed separators are no mobile", "138-1234 5678", "138-1234 5678"},
		{"groups followed by a digit", "138-1234-56789", "138-1234-56789"},
		{"identity number in groups with spaces", "身份证 500222 19800101 1234 已核实", "身份证 5002** ******** 1234 已核实"},
		{"identity number in groups with hyphens and X", "500222-19800101-123X。", "5002**-********-123X。"},
		{"full-width identity number in groups", "５００２２２　１９８００１０１　１２３４", "５００２**　********　１２３４"},
		{"mixed separators are no identity number", "500222-19800101 1234", "500222-19800101 1234"},
		{"identity groups followed by a digit", "500222 19800101 12345", "500222 19800101 12345"},
		{"two numbers", "13812345678/500222198001011234", "138****5678/5002**********1234"},
		{"party names", "张三与欧阳小明争执，李四劝解", "张*与欧**明争执，李*劝解"},
		{"one-character party left alone", "王家院坝", "王家院坝"},
		{"party name and number", "张三（500222198001011234）", "张*（5002**********1234）"},
		{"numbers inside a photo name", "IMG_20260302_13812345678.jpg", "IMG_20260302_138****5678.jpg"},
		{"dates are left alone", "2026年3月2日10时", "2026年3月2日10时"},
	}
	for _, c := range cases {
		if got := Text(c.in, parties); got != c.want {
			t.Errorf("%s: Text(%q) = %q; want %q", c.name, c.in, got, c.want)
		}
	}
	if got := Text("张三 13812345678", nil); got != "张三 138****5678" {
		t.Errorf("Text without parties = %q; want the name kept, the number masked", got)
	}
}

// FuzzMaskText checks what masking must keep whatever the text: its length
// in characters (a masked text reads like the original), and nothing left
// that masking would still hide (masking twice changes nothing).
func FuzzMaskText(f *testing.F) {
	for _, s := range []string{"身份证500222198001011234", "电话 138 1234 5678", "+8613812345678", "５００２２２１９８００１０１１２３Ｘ",
		"张三与李四", "5002221980010112345", "138-1234-56789", "", "\u3000138\u30001234\u30005678", "500222 19800101 123X"} {
		f.Add(s, "张三")
	}
	f.Fuzz(func(t *testing.T, s, party string) {
		if !utf8.ValidString(s) || !utf8.ValidString(party) {
			t.Skip()
		}
		parties := []string{party}
		out := Text(s, parties)
		if n, m := utf8.RuneCountInString(s), utf8.RuneCountInString(out); n != m {
			t.Errorf("Text(%q) = %q: %d characters; want %d", s, out, m, n)
		}
		if again := Text(out, nil); again != out {
			t.Errorf("Text(%q) = %q, which masks again to %q", s, out, again)
		}
	})
}

// TestNameSearch: one who sees names masked searches them by what Name
// shows, never by the name in full, so that a guessed name cannot be
// confirmed by finding it.
func TestNameSearch(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		q, pattern string
		ok         bool
	}{
		{"张", "张", true},
		{"丰", "丰", true},
		{"张*丰", "张*丰", true},
		{" 张＊丰 ", "张*丰", true},
		{"张*", "张*", true},
		{"*丰", "*丰", true},
		{"欧**明", "欧**明", true},
		{"张三", "", false},
		{"三丰", "", false},
		{"张三丰", "", false},
		{"张*三丰", "", false},
		{"Jo", "", false},
		{"J*n", "J*n", true},
	} {
		if pattern, ok := NameQuery(c.q); pattern != c.pattern || ok != c.ok {
			t.Errorf("NameQuery(%q) = %q, %v; want %q, %v", c.q, pattern, ok, c.pattern, c.ok)
		}
	}
	for _, c := range []struct {
		name, pattern string
		want          bool
	}{
		{"张三丰", "张", true},
		{"张三丰", "丰", true},
		{"张三丰", "张*丰", true},
		{"张三丰", "张*", true},
		{"李张华", "张", false}, // 张 is hidden there: 李*华
		{"张三丰", "三", false},
		{"张三", "张*", true},
		{"张三", "张*丰", false},
		{"欧阳小明", "欧**明", true},
		{"欧阳小明", "欧*明", false},
		{"张", "张", true},
		{"John", "j**N", true},
	} {
		if got := NameHas(c.name, c.pattern); got != c.want {
			t.Errorf("NameHas(%q, %q) = %v; want %v", c.name, c.pattern, got, c.want)
		}
	}
}
