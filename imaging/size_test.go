package imaging

import (
	"bytes"
	"image"
	"image/png"
	"testing"
)

func TestSize(t *testing.T) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 3, 2))); err != nil {
		t.Fatal(err)
	}
	// A VP8X header whose canvas is 2^24 × 2^24, with no image after it.
	bomb := append([]byte("RIFF\x16\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00\x00\x00\x00\x00"), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)
	for name, c := range map[string]struct {
		ctype   string
		content []byte
		w, h    int64
		ok      bool
	}{
		"png":             {"image/png", buf.Bytes(), 3, 2, true},
		"png cut short":   {"image/png", buf.Bytes()[:10], 0, 0, false},
		"webp canvas":     {"image/webp", bomb, 1 << 24, 1 << 24, false},
		"not a photo":     {"image/gif", []byte("GIF89a"), 0, 0, false},
		"jpeg of nothing": {"image/jpeg", nil, 0, 0, false},
	} {
		w, h, err := Size(c.ctype, c.content)
		if w != c.w || h != c.h || (err == nil) != c.ok {
			t.Errorf("%s: Size = %d, %d, %v; want %d, %d, ok %v", name, w, h, err, c.w, c.h, c.ok)
		}
	}
}
