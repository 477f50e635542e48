package imaging

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
)

// secret is what a phone writes into a photo that must not be kept.
const secret = "GPS 29.0512N 106.6518E Xiaomi"

// exifAPP1 is an APP1 segment with an EXIF IFD0 of an orientation and a
// text tag holding secret, in the given byte order.
func exifAPP1(order binary.ByteOrder, orientation uint16) []byte {
	tiff := make([]byte, 8+2+2*12+4)
	if order == binary.LittleEndian {
		copy(tiff, "II")
	} else {
		copy(tiff, "MM")
	}
	order.PutUint16(tiff[2:], 42)
	order.PutUint32(tiff[4:], 8)
	order.PutUint16(tiff[8:], 2)
	e := tiff[10:]
	order.PutUint16(e[0:], 0x010F) // Make, ASCII, its text after the IFD
	order.PutUint16(e[2:], 2)
	order.PutUint32(e[4:], uint32(len(secret)))
	order.PutUint32(e[8:], uint32(len(tiff)))
	order.PutUint16(e[12:], 0x0112) // Orientation, SHORT
	order.PutUint16(e[14:], 3)
	order.PutUint32(e[16:], 1)
	order.PutUint16(e[20:], orientation)
	payload := append([]byte("Exif\x00\x00"), append(tiff, secret...)...)
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	return append(seg, payload...)
}

func segment(marker byte, payload string) []byte {
	seg := []byte{0xFF, marker, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	return append(seg, payload...)
}

// phoneJPEG is a small JPEG as a phone writes it: JFIF, EXIF with the
// orientation, XMP, IPTC and a comment, all but JFIF holding secret.
func phoneJPEG(t *testing.T, order binary.ByteOrder, orientation uint16) (withMeta, plain []byte) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 16, 8))
	for x := range 16 {
		img.Set(x, x%8, color.RGBA{uint8(x * 15), 80, 160, 255})
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	plain = b.Bytes()
	rest := plain[2:]
	var app0 []byte
	if rest[1] == 0xE0 { // Go writes no JFIF segment today; keep one first if it does
		n := int(binary.BigEndian.Uint16(rest[2:]))
		app0, rest = rest[:2+n], rest[2+n:]
	}
	withMeta = append([]byte{0xFF, 0xD8}, app0...)
	withMeta = append(withMeta, segment(0xE0, "JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")...)
	withMeta = append(withMeta, exifAPP1(order, orientation)...)
	withMeta = append(withMeta, segment(0xE1, "http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta>"+secret+"</x:xmpmeta>")...)
	withMeta = append(withMeta, segment(0xED, "Photoshop 3.0\x00"+secret)...)
	withMeta = append(withMeta, segment(0xFE, secret)...)
	withMeta = append(withMeta, rest...)
	return withMeta, plain
}

// app1s returns the payloads of a JPEG's APP1 segments before its scan.
func app1s(b []byte) [][]byte {
	var out [][]byte
	for i := 2; i+4 <= len(b) && b[i+1] != 0xDA; {
		n := int(binary.BigEndian.Uint16(b[i+2:]))
		if b[i+1] == 0xE1 {
			out = append(out, b[i+4:i+2+n])
		}
		i += 2 + n
	}
	return out
}

func TestStripJPEG(t *testing.T) {
	for _, tc := range []struct {
		name        string
		order       binary.ByteOrder
		orientation uint16
	}{
		{"big-endian EXIF, rotated 90°", binary.BigEndian, 6},
		{"little-endian EXIF, upside down", binary.LittleEndian, 3},
		{"upright", binary.LittleEndian, 1},
	} {
		in, plain := phoneJPEG(t, tc.order, tc.orientation)
		out, err := Strip("image/jpeg", in)
		if err != nil {
			t.Fatalf("%s: Strip = %v", tc.name, err)
		}
		if bytes.Contains(out, []byte(secret)) || !bytes.Contains(in, []byte(secret)) {
			t.Errorf("%s: the stripped photo still holds the phone's metadata", tc.name)
		}
		exif := app1s(out)
		switch {
		case tc.orientation == 1 && len(exif) != 0:
			t.Errorf("%s: %d APP1 segments; want none for an upright photo", tc.name, len(exif))
		case tc.orientation != 1 && (len(exif) != 1 || exifOrientation(exif[0]) != tc.orientation):
			t.Errorf("%s: APP1 segments %q; want one EXIF with orientation %d", tc.name, exif, tc.orientation)
		}
		a, err := jpeg.Decode(bytes.NewReader(out))
		if err != nil {
			t.Fatalf("%s: the stripped photo does not decode: %v", tc.name, err)
		}
		b, _ := jpeg.Decode(bytes.NewReader(plain))
		if a.Bounds() != b.Bounds() || a.At(5, 5) != b.At(5, 5) {
			t.Errorf("%s: the stripped photo's pixels differ from the original's", tc.name)
		}
		if !bytes.Contains(out, []byte("JFIF")) {
			t.Errorf("%s: the JFIF segment was dropped", tc.name)
		}
	}
}

// pngChunk is one PNG chunk with its CRC.
func pngChunk(typ, data string) []byte {
	c := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	c = append(c, typ+data...)
	return binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE([]byte(typ+data)))
}

func TestStripPNG(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	img.Set(2, 2, color.RGBA{10, 200, 30, 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	plain := b.Bytes()
	ihdrEnd := 8 + 12 + 13 // the signature and IHDR come first
	var in []byte
	in = append(in, plain[:ihdrEnd]...)
	for _, typ := range []string{"tEXt", "zTXt", "iTXt", "eXIf", "tIME"} {
		in = append(in, pngChunk(typ, "Comment\x00"+secret)...)
	}
	in = append(in, plain[ihdrEnd:]...)
	out, err := Strip("image/png", in)
	if err != nil {
		t.Fatalf("Strip(png) = %v", err)
	}
	if !bytes.Equal(out, plain) {
		t.Errorf("Strip(png) = %d bytes; want the %d bytes of the PNG without its text and EXIF chunks", len(out), len(plain))
	}
	if _, err := png.Decode(bytes.NewReader(out)); err != nil {
		t.Errorf("the stripped PNG does not decode: %v", err)
	}
	bad := bytes.Clone(in)
	bad[ihdrEnd+10] ^= 0xFF // inside the tEXt chunk: its CRC fails
	if _, err := Strip("image/png", bad); !errors.Is(err, ErrDamaged) {
		t.Errorf("Strip(png with a bad CRC) = %v; want ErrDamaged", err)
	}
}

// webpChunk is one RIFF chunk, padded to an even length.
func webpChunk(fourcc, data string) []byte {
	c := append([]byte(fourcc), binary.LittleEndian.AppendUint32(nil, uint32(len(data)))...)
	c = append(c, data...)
	if len(data)%2 == 1 {
		c = append(c, 0)
	}
	return c
}

func webpFile(chunks ...[]byte) []byte {
	body := []byte("WEBP")
	for _, c := range chunks {
		body = append(body, c...)
	}
	return append(append([]byte("RIFF"), binary.LittleEndian.AppendUint32(nil, uint32(len(body)))...), body...)
}

func TestStripWebP(t *testing.T) {
	vp8x := func(flags byte) []byte { return webpChunk("VP8X", string([]byte{flags, 0, 0, 0, 15, 0, 0, 7, 0, 0})) }
	image := webpChunk("VP8L", "\x2f\x0f\xc0\x01\x10\x07\x10\x11\x11\x88\x88\xfe\x07") // odd: padded
	in := webpFile(vp8x(0x08|0x04|0x10), image, webpChunk("EXIF", "MM\x00*"+secret), webpChunk("XMP ", "<x>"+secret+"</x>"))
	want := webpFile(vp8x(0x10), image)
	out, err := Strip("image/webp", in)
	if err != nil {
		t.Fatalf("Strip(webp) = %v", err)
	}
	if !bytes.Equal(out, want) {
		t.Errorf("Strip(webp) = %q;\nwant %q", out, want)
	}
	if _, err := Strip("image/webp", in[:len(in)-3]); !errors.Is(err, ErrDamaged) {
		t.Errorf("Strip(truncated webp) = %v; want ErrDamaged", err)
	}
}

func TestStripDamagedJPEG(t *testing.T) {
	in, _ := phoneJPEG(t, binary.BigEndian, 6)
	for name, b := range map[string][]byte{
		"no start marker":    in[2:],
		"cut in a segment":   in[:30],
		"segment past end":   append([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0x40, 0x00}, make([]byte, 10)...),
		"garbage after SOI":  {0xFF, 0xD8, 0x00, 0x01, 0x02, 0x03},
		"only the SOI":       {0xFF, 0xD8},
		"a length below two": {0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x01, 0, 0},
	} {
		if _, err := Strip("image/jpeg", b); !errors.Is(err, ErrDamaged) {
			t.Errorf("Strip(%s) = %v; want ErrDamaged", name, err)
		}
	}
}

// FuzzStripPhoto: whatever the bytes, stripping never panics, and what it
// keeps of a JPEG never holds more EXIF than the orientation.
func FuzzStripPhoto(f *testing.F) {
	f.Add([]byte{0xFF, 0xD8, 0xFF, 0xD9}, uint8(0))
	f.Add(webpFile(webpChunk("VP8X", "\x08\x00\x00\x00\x0f\x00\x00\x07\x00\x00"), webpChunk("EXIF", "x")), uint8(2))
	f.Add(append([]byte("\x89PNG\r\n\x1a\n"), pngChunk("IEND", "")...), uint8(1))
	types := []string{"image/jpeg", "image/png", "image/webp"}
	f.Fuzz(func(t *testing.T, b []byte, kind uint8) {
		ctype := types[int(kind)%len(types)]
		out, err := Strip(ctype, b)
		if err != nil {
			return
		}
		if ctype == "image/jpeg" {
			for _, p := range app1s(out) {
				if len(p) != 32 {
					t.Fatalf("Strip kept an APP1 of %d bytes; only the 32-byte orientation block may stay", len(p))
				}
			}
		}
	})
}

// TestStripJPEGAfterTheScan: a comment after the scan and a second picture
// appended after the end of image (as phones store depth and gain maps,
// each with its own EXIF) are gone too; the first picture stays whole.
func TestStripJPEGAfterTheScan(t *testing.T) {
	in, plain := phoneJPEG(t, binary.BigEndian, 1)
	eoi := len(in) - 2
	if in[eoi] != 0xFF || in[eoi+1] != 0xD9 {
		t.Fatal("the test photo does not end with its end-of-image marker")
	}
	mpo := append(bytes.Clone(in[:eoi]), segment(0xFE, secret)...) // a comment between the scan and the end
	mpo = append(mpo, 0xFF, 0xD9)
	second := append([]byte{0xFF, 0xD8}, exifAPP1(binary.LittleEndian, 6)...)
	mpo = append(mpo, append(second, plain[2:]...)...)
	out, err := Strip("image/jpeg", mpo)
	if err != nil {
		t.Fatalf("Strip(multi-picture) = %v", err)
	}
	if bytes.Contains(out, []byte(secret)) {
		t.Errorf("the stripped multi-picture file still holds metadata")
	}
	if len(app1s(out)) != 0 || !bytes.HasSuffix(out, []byte{0xFF, 0xD9}) || bytes.Count(out, []byte{0xFF, 0xD8}) != 1 {
		t.Errorf("Strip(multi-picture) kept %d APP1 segments and %d pictures; want none and one, ending at its end of image",
			len(app1s(out)), bytes.Count(out, []byte{0xFF, 0xD8}))
	}
	a, err := jpeg.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("the stripped picture does not decode: %v", err)
	}
	b, _ := jpeg.Decode(bytes.NewReader(plain))
	if a.Bounds() != b.Bounds() || a.At(3, 3) != b.At(3, 3) {
		t.Errorf("the stripped picture differs from the first picture")
	}
	if _, err := Strip("image/jpeg", in[:eoi]); !errors.Is(err, ErrDamaged) {
		t.Errorf("Strip(no end of image) = %v; want ErrDamaged", err)
	}
}
