package domain

import (
	"strings"

	"gridmap/data"
	"gridmap/imaging"
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
// header names a size within MaxPhotoSide and MaxPhotoPixels (see
// imaging.Size: a bomb costs nothing to refuse; a WebP canvas too large
// for the decoder is refused for its size, as any other). ctype is one of
// AttachmentTypes.
func CheckPhotoSize(ctype string, content []byte) error {
	if !IsAttachmentType(ctype) {
		return data.FieldErrorf("content_type", "Attach a photo (%s), not %q.", strings.Join(data.AttachmentTypes, ", "), ctype)
	}
	w, h, err := imaging.Size(ctype, content)
	if err != nil && w*h <= MaxPhotoPixels {
		return data.FieldErrorf("content", "The photo's size cannot be read from its header.")
	}
	if w < 1 || h < 1 || w > MaxPhotoSide || h > MaxPhotoSide || w*h > MaxPhotoPixels {
		return data.FieldErrorf("content", "The photo is %d × %d pixels; a photo may have at most %d pixels a side and %d million in all.",
			w, h, MaxPhotoSide, MaxPhotoPixels/1_000_000)
	}
	return nil
}
