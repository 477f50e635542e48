package domain

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/jpeg"
	"image/png"
	"runtime"
	"strings"
	"testing"

	"gridmap/data"

	"golang.org/x/image/webp"
)

// pngHeader is a PNG file of a signature, an IHDR claiming w × h RGB pixels
// and IEND: no image data at all, as a bomb's header would be read.
func pngHeader(w, h uint32) []byte {
	b := []byte("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		b = binary.BigEndian.AppendUint32(b, uint32(len(data)))
		start := len(b)
		b = append(b, typ...)
		b = append(b, data...)
		b = binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b[start:]))
	}
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	chunk("IHDR", append(ihdr, 8, 2, 0, 0, 0))
	chunk("IEND", nil)
	return b
}

// jpegClaiming is a real 8 × 8 JPEG whose frame header (SOF0) is changed
// to claim w × h pixels.
func jpegClaiming(t *testing.T, w, h uint16) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, image.NewGray(image.Rect(0, 0, 8, 8)), nil); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	i := bytes.Index(b, []byte{0xFF, 0xC0})
	if i < 0 {
		t.Fatal("the encoded JPEG has no SOF0")
	}
	binary.BigEndian.PutUint16(b[i+5:], h)
	binary.BigEndian.PutUint16(b[i+7:], w)
	return b
}

// webpCanvas is a WebP file of one VP8X chunk whose canvas is w × h.
func webpCanvas(w, h uint32) []byte {
	b := []byte("RIFF\x16\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00\x00\x00\x00\x00")
	b = append(b, byte(w-1), byte((w-1)>>8), byte((w-1)>>16), byte(h-1), byte((h-1)>>8), byte((h-1)>>16))
	return b
}

// webpLossless is a WebP file whose VP8L frame header claims the largest
// frame VP8L can name, 16,384 × 16,384.
var webpLossless = []byte("RIFF\x12\x00\x00\x00WEBPVP8L\x05\x00\x00\x00\x2f\xff\xff\xff\x0f\x00")

func TestCheckPhotoSize(t *testing.T) {
	tests := []struct {
		name    string
		ctype   string
		content []byte
		ok      bool
	}{
		{"small PNG", "image/png", pngHeader(3, 2), true},
		{"PNG at the pixel limit", "image/png", pngHeader(MaxPhotoSide, MaxPhotoPixels/MaxPhotoSide), true},
		{"PNG bomb", "image/png", pngHeader(100_000, 100_000), false},
		{"PNG one pixel too wide", "image/png", pngHeader(MaxPhotoSide+1, 1), false},
		{"PNG one row past the pixel limit", "image/png", pngHeader(MaxPhotoSide, MaxPhotoPixels/MaxPhotoSide+1), false},
		{"PNG of zero pixels", "image/png", pngHeader(0, 0), false},
		{"PNG header cut short", "image/png", pngHeader(3, 2)[:20], false},
		{"small JPEG", "image/jpeg", jpegClaiming(t, 8, 8), true},
		{"JPEG bomb", "image/jpeg", jpegClaiming(t, 65_000, 65_000), false},
		{"JPEG panorama too long", "image/jpeg", jpegClaiming(t, 30_000, 2_000), false},
		{"small WebP canvas", "image/webp", webpCanvas(640, 480), true},
		{"WebP canvas bomb", "image/webp", webpCanvas(100_000, 100_000), false},
		{"WebP lossless frame of 16384 × 16384", "image/webp", webpLossless, false},
		{"not a photo", "image/gif", []byte("GIF89a"), false},
	}
	for _, tt := range tests {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		err := CheckPhotoSize(tt.ctype, tt.content)
		runtime.ReadMemStats(&after)
		if (err == nil) != tt.ok {
			t.Errorf("%s: CheckPhotoSize = %v; want ok %v", tt.name, err, tt.ok)
		}
		if err != nil && data.ErrorCode(err) != data.EINVALID {
			t.Errorf("%s: CheckPhotoSize = %v; want EINVALID", tt.name, err)
		}
		// Decoding a bomb would take gigabytes; reading its header, next to nothing.
		if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
			t.Errorf("%s: CheckPhotoSize allocated %d bytes; want the header read only", tt.name, n)
		}
	}
}

// TestCheckPhotoSizeWebPCanvasBomb: a canvas that golang.org/x/image
// refuses to read (over 2^31 pixels) is refused for its size, naming it,
// like any other bomb, not as an unreadable header.
func TestCheckPhotoSizeWebPCanvasBomb(t *testing.T) {
	err := CheckPhotoSize("image/webp", webpCanvas(100_000, 100_000))
	if err == nil || !strings.Contains(err.Error(), "100000 × 100000 pixels") {
		t.Errorf("CheckPhotoSize(WebP canvas of 100000 × 100000) = %v; want it refused for its pixels", err)
	}
}

// FuzzCheckPhotoSize: any bytes, under any photo type, are accepted or
// refused as invalid input without a panic, and what is accepted has a
// header naming a size within the limits.
func FuzzCheckPhotoSize(f *testing.F) {
	f.Add("image/png", pngHeader(3, 2))
	f.Add("image/png", pngHeader(100_000, 100_000))
	f.Add("image/webp", webpCanvas(640, 480))
	f.Add("image/webp", webpLossless)
	f.Fuzz(func(t *testing.T, ctype string, b []byte) {
		err := CheckPhotoSize(ctype, b)
		if err != nil && data.ErrorCode(err) != data.EINVALID {
			t.Fatalf("CheckPhotoSize(%q) = %v; want nil or EINVALID", ctype, err)
		}
		if err != nil {
			return
		}
		var cfg image.Config
		switch ctype {
		case "image/png":
			cfg, err = png.DecodeConfig(bytes.NewReader(b))
		case "image/jpeg":
			cfg, err = jpeg.DecodeConfig(bytes.NewReader(b))
		case "image/webp":
			cfg, err = webp.DecodeConfig(bytes.NewReader(b))
		default:
			t.Fatalf("CheckPhotoSize accepts type %q", ctype)
		}
		if err != nil || cfg.Width > MaxPhotoSide || cfg.Height > MaxPhotoSide || cfg.Width*cfg.Height > MaxPhotoPixels {
			t.Fatalf("CheckPhotoSize(%q) accepts %d × %d (%v)", ctype, cfg.Width, cfg.Height, err)
		}
	})
}
