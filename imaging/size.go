package imaging

import (
	"bytes"
	"errors"
	"image"
	"image/jpeg"
	"image/png"

	"golang.org/x/image/webp"
)

// Size reads the width and height a JPEG, PNG or WebP photo of media type
// ctype declares in its header (JPEG's frame, PNG's IHDR, WebP's VP8X
// canvas or frame header), without decoding the image, so that a
// decompression bomb costs nothing to refuse. On an error, w and h are
// what the header declares where it could still be read: a WebP's VP8X
// canvas, which golang.org/x/image refuses to report past 2^31 pixels;
// else 0.
func Size(ctype string, content []byte) (w, h int64, err error) {
	var cfg image.Config
	r := bytes.NewReader(content)
	switch ctype {
	case "image/jpeg":
		cfg, err = jpeg.DecodeConfig(r)
	case "image/png":
		cfg, err = png.DecodeConfig(r)
	case "image/webp":
		if cfg, err = webp.DecodeConfig(r); err != nil {
			w, h, _ = vp8xCanvas(content)
			return w, h, err
		}
	default:
		return 0, 0, errors.New("imaging: not a JPEG, PNG or WebP photo")
	}
	return int64(cfg.Width), int64(cfg.Height), err
}

// vp8xCanvas reads the canvas size from a WebP file's VP8X chunk header
// (RIFF, WEBP, VP8X, then the width and height less one, 24 bits each,
// little-endian).
func vp8xCanvas(b []byte) (w, h int64, ok bool) {
	if len(b) < 30 || string(b[0:4]) != "RIFF" || string(b[8:16]) != "WEBPVP8X" {
		return 0, 0, false
	}
	w = 1 + (int64(b[24]) | int64(b[25])<<8 | int64(b[26])<<16)
	h = 1 + (int64(b[27]) | int64(b[28])<<8 | int64(b[29])<<16)
	return w, h, true
}
