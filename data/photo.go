package data

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"
	"strings"

	"golang.org/x/image/webp"
)

// Photo dimensions a store accepts. A photo is decoded by every phone that
// shows it, at 4 bytes a pixel: a small file can claim 100,000 × 100,000
// pixels (a decompression bomb of 40 GB). A phone camera takes 12 to 50
// megapixels; panoramas are long but not wide.
const (
	MaxPhotoPixels = 50_000_000 // width × height
	MaxPhotoSide   = 20_000     // width and height, each
)

// CheckPhotoSize returns EINVALID naming "content" unless the photo's
// header (JPEG's frame, PNG's IHDR, WebP's VP8X canvas or frame header)
// names a size within MaxPhotoSide and MaxPhotoPixels. It reads the header
// only and never decodes the image, so a bomb costs nothing to refuse.
// ctype is one of AttachmentTypes.
func CheckPhotoSize(ctype string, content []byte) error {
	var cfg image.Config
	var err error
	r := bytes.NewReader(content)
	switch ctype {
	case "image/jpeg":
		cfg, err = jpeg.DecodeConfig(r)
	case "image/png":
		cfg, err = png.DecodeConfig(r)
	case "image/webp":
		cfg, err = webp.DecodeConfig(r)
		if w, h, ok := vp8xCanvas(content); err != nil && ok && w*h > MaxPhotoPixels {
			cfg, err = image.Config{Width: int(w), Height: int(h)}, nil // refused below, for its size
		}
	default:
		return FieldErrorf("content_type", "Attach a photo (%s), not %q.", strings.Join(AttachmentTypes, ", "), ctype)
	}
	if err != nil {
		return FieldErrorf("content", "The photo's size cannot be read from its header.")
	}
	w, h := int64(cfg.Width), int64(cfg.Height)
	if w < 1 || h < 1 || w > MaxPhotoSide || h > MaxPhotoSide || w*h > MaxPhotoPixels {
		return FieldErrorf("content", "The photo is %d × %d pixels; a photo may have at most %d pixels a side and %d million in all.",
			w, h, MaxPhotoSide, MaxPhotoPixels/1_000_000)
	}
	return nil
}

// vp8xCanvas reads the canvas size from a WebP file's VP8X chunk header
// (RIFF, WEBP, VP8X, then the width and height less one, 24 bits each,
// little-endian). golang.org/x/image's DecodeConfig refuses to report a
// canvas over 2^31 pixels; CheckPhotoSize reads it here so that such a
// bomb is refused for its size, as any other.
func vp8xCanvas(b []byte) (w, h int64, ok bool) {
	if len(b) < 30 || string(b[0:4]) != "RIFF" || string(b[8:16]) != "WEBPVP8X" {
		return 0, 0, false
	}
	w = 1 + (int64(b[24]) | int64(b[25])<<8 | int64(b[26])<<16)
	h = 1 + (int64(b[27]) | int64(b[28])<<8 | int64(b[29])<<16)
	return w, h, true
}
