package geofile

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// textEncoding is an encoding of attribute text: its usual name and its
// decoder (nil for UTF-8, which needs none).
type textEncoding struct {
	name string
	enc  encoding.Encoding
}

var utf8Encoding = textEncoding{name: "UTF-8"}

// lookupEncoding finds an encoding by any of the names .cpg files, dBASE
// code pages and people give it: "UTF-8", "GBK", "936", "CP936",
// "GB18030", "ANSI 936", ...
func lookupEncoding(name string) (textEncoding, bool) {
	key := strings.ToUpper(strings.TrimSpace(name))
	key = strings.NewReplacer("-", "", "_", "", " ", "", "ANSI", "", "WINDOWS", "CP", "MS", "CP").Replace(key)
	switch key {
	case "UTF8", "65001", "CP65001":
		return utf8Encoding, true
	case "GBK", "936", "CP936", "GB2312", "EUCCN", "CHINESE":
		return textEncoding{"GBK", simplifiedchinese.GBK}, true
	case "GB18030", "54936", "CP54936":
		return textEncoding{"GB18030", simplifiedchinese.GB18030}, true
	case "BIG5", "950", "CP950":
		return textEncoding{"Big5", traditionalchinese.Big5}, true
	case "LATIN1", "ISO88591", "88591", "28591", "CP28591":
		return textEncoding{"ISO-8859-1", charmap.ISO8859_1}, true
	case "CP1252", "1252":
		return textEncoding{"CP1252", charmap.Windows1252}, true
	}
	return textEncoding{}, false
}

// decode returns b as UTF-8 text, and false when b is not valid in e.
func (e textEncoding) decode(b []byte) (string, bool) {
	if e.enc == nil {
		return string(b), utf8.Valid(b)
	}
	s, err := e.enc.NewDecoder().Bytes(b)
	if err != nil {
		return "", false
	}
	return string(s), !strings.ContainsRune(string(s), utf8.RuneError)
}
