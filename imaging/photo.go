// Package imaging cleans the photos attached to incidents: it removes the
// metadata a phone writes into a JPEG, PNG or WebP file (position, time,
// device) and keeps what changes how the picture looks.
package imaging

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
)

// Photos of disputes are taken on grid workers' phones, which write where
// and when and with what into the file: EXIF (GPS position, time, device),
// XMP, IPTC, comments. Strip removes all of it before a photo is
// stored, keeping only what changes how it looks: the JPEG orientation
// (written back as a minimal EXIF block), colour profiles and the image.

// ErrDamaged is the error for a file whose structure cannot be read.
var ErrDamaged = errors.New("the photo's file structure is damaged")

// Strip returns the photo of media type ctype without its metadata; a type
// other than image/jpeg, image/png and image/webp comes back unchanged.
func Strip(ctype string, b []byte) ([]byte, error) {
	switch ctype {
	case "image/jpeg":
		return stripJPEG(b)
	case "image/png":
		return stripPNG(b)
	case "image/webp":
		return stripWebP(b)
	}
	return b, nil
}

// JPEG markers that matter here.
const (
	jpegSOI  = 0xD8
	jpegSOS  = 0xDA
	jpegEOI  = 0xD9
	jpegAPP0 = 0xE0
	jpegAPP1 = 0xE1 // EXIF, XMP
	jpegAPP2 = 0xE2 // ICC profiles (kept), multi-picture index (dropped)
	jpegIPTC = 0xED // APP13: Photoshop resources, IPTC
	jpegCOM  = 0xFE
)

// stripJPEG drops APP1 (EXIF, XMP), APP13 (IPTC), comment and
// multi-picture (MPF) segments, before and between scans, and writes the
// EXIF orientation, when there was one other than 1, back as an EXIF block
// holding nothing else. It ends the file at the end-of-image marker, so the
// further pictures a phone appends (depth maps, gain maps, each with its
// own EXIF) and any trailer are gone.
func stripJPEG(b []byte) ([]byte, error) {
	if len(b) < 4 || b[0] != 0xFF || b[1] != jpegSOI {
		return nil, ErrDamaged
	}
	out := make([]byte, 0, len(b))
	out = append(out, 0xFF, jpegSOI)
	orientation := uint16(0)
	var kept [][]byte
	i := 2
	for {
		if i+2 > len(b) || b[i] != 0xFF {
			return nil, ErrDamaged
		}
		marker := b[i+1]
		if marker == 0xFF { // fill byte
			i++
			continue
		}
		if marker == jpegEOI {
			kept = append(kept, b[i:i+2])
			break // and nothing after it
		}
		if i+4 > len(b) {
			return nil, ErrDamaged
		}
		n := int(binary.BigEndian.Uint16(b[i+2:]))
		if n < 2 || i+2+n > len(b) {
			return nil, ErrDamaged
		}
		seg := b[i : i+2+n]
		if marker == jpegSOS {
			// The scan's entropy-coded data runs to the next marker that
			// is not a stuffed byte (FF 00), a restart (FF D0-D7) or fill.
			j := i + 2 + n
			for j < len(b) {
				if b[j] != 0xFF {
					j++
					continue
				}
				if j+1 >= len(b) {
					return nil, ErrDamaged
				}
				if m := b[j+1]; m == 0x00 || (m >= 0xD0 && m <= 0xD7) {
					j += 2
					continue
				}
				if b[j+1] == 0xFF {
					j++
					continue
				}
				break
			}
			if j >= len(b) {
				return nil, ErrDamaged // no end of image
			}
			kept = append(kept, b[i:j])
			i = j
			continue
		}
		switch {
		case marker == jpegAPP1:
			if o := exifOrientation(seg[4:]); o != 0 {
				orientation = o
			}
		case marker == jpegIPTC || marker == jpegCOM || (marker == jpegAPP2 && bytes.HasPrefix(seg[4:], []byte("MPF\x00"))):
		default:
			kept = append(kept, seg)
		}
		i += 2 + n
	}
	// The orientation goes after JFIF's APP0 when there is one, which
	// must come first.
	k := 0
	if len(kept) > 0 && len(kept[0]) > 1 && kept[0][1] == jpegAPP0 {
		out = append(out, kept[0]...)
		k = 1
	}
	if orientation > 1 {
		out = append(out, orientationEXIF(orientation)...)
	}
	for _, seg := range kept[k:] {
		out = append(out, seg...)
	}
	return out, nil
}

// exifOrientation reads the orientation tag (0x0112) of IFD0 from the
// payload of an APP1 segment; 0 when it is not EXIF or has none.
func exifOrientation(p []byte) uint16 {
	if !bytes.HasPrefix(p, []byte("Exif\x00\x00")) || len(p) < 14 {
		return 0
	}
	t := p[6:]
	var order binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		order = binary.LittleEndian
	case "MM":
		order = binary.BigEndian
	default:
		return 0
	}
	ifd := int(order.Uint32(t[4:]))
	if ifd < 8 || ifd+2 > len(t) {
		return 0
	}
	count := int(order.Uint16(t[ifd:]))
	for e := 0; e < count; e++ {
		at := ifd + 2 + 12*e
		if at+12 > len(t) {
			return 0
		}
		if order.Uint16(t[at:]) == 0x0112 && order.Uint16(t[at+2:]) == 3 {
			if o := order.Uint16(t[at+8:]); o >= 1 && o <= 8 {
				return o
			}
		}
	}
	return 0
}

// orientationEXIF is an APP1 segment whose EXIF holds only the
// orientation: a big-endian TIFF header and one IFD of one entry.
func orientationEXIF(o uint16) []byte {
	seg := []byte{0xFF, jpegAPP1, 0, 34, 'E', 'x', 'i', 'f', 0, 0,
		'M', 'M', 0, 42, 0, 0, 0, 8, // TIFF header, IFD0 at 8
		0, 1, // one entry
		0x01, 0x12, 0, 3, 0, 0, 0, 1, byte(o >> 8), byte(o), 0, 0, // orientation, SHORT, 1
		0, 0, 0, 0} // no next IFD
	return seg
}

// pngDropped are the PNG chunks that carry metadata rather than image:
// EXIF, text of any kind and the modification time.
var pngDropped = map[string]bool{"eXIf": true, "tEXt": true, "zTXt": true, "iTXt": true, "tIME": true}

// stripPNG drops the metadata chunks, checking each chunk's CRC on the way.
func stripPNG(b []byte) ([]byte, error) {
	const sig = "\x89PNG\r\n\x1a\n"
	if !bytes.HasPrefix(b, []byte(sig)) {
		return nil, ErrDamaged
	}
	out := append(make([]byte, 0, len(b)), sig...)
	for i := len(sig); i < len(b); {
		if i+12 > len(b) {
			return nil, ErrDamaged
		}
		n := int(binary.BigEndian.Uint32(b[i:]))
		if n < 0 || i+12+n > len(b) {
			return nil, ErrDamaged
		}
		chunk := b[i : i+12+n]
		if crc32.ChecksumIEEE(chunk[4:8+n]) != binary.BigEndian.Uint32(chunk[8+n:]) {
			return nil, ErrDamaged
		}
		if !pngDropped[string(chunk[4:8])] {
			out = append(out, chunk...)
		}
		i += 12 + n
		if string(chunk[4:8]) == "IEND" {
			break
		}
	}
	return out, nil
}

// stripWebP drops the EXIF and XMP chunks of a WebP file, clears their
// flags in its VP8X header and fixes the RIFF size.
func stripWebP(b []byte) ([]byte, error) {
	if len(b) < 12 || string(b[:4]) != "RIFF" || string(b[8:12]) != "WEBP" {
		return nil, ErrDamaged
	}
	end := 8 + int(binary.LittleEndian.Uint32(b[4:]))
	if end > len(b) || end < 12 {
		return nil, ErrDamaged
	}
	out := append(make([]byte, 0, len(b)), b[:12]...)
	for i := 12; i < end; {
		if i+8 > end {
			return nil, ErrDamaged
		}
		n := int(binary.LittleEndian.Uint32(b[i+4:]))
		size := 8 + n + n%2 // chunks are padded to an even length
		if n < 0 || i+8+n > end {
			return nil, ErrDamaged
		}
		chunk := b[i:min(i+size, end)]
		switch string(chunk[:4]) {
		case "EXIF", "XMP ":
		case "VP8X":
			c := bytes.Clone(chunk)
			if len(c) > 8 {
				c[8] &^= 0x08 | 0x04 // EXIF and XMP present
			}
			out = append(out, c...)
		default:
			out = append(out, chunk...)
		}
		i += size
	}
	binary.LittleEndian.PutUint32(out[4:], uint32(len(out)-8))
	return out, nil
}
