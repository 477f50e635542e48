package domain

import (
	"crypto/sha256"
	"encoding/hex"
	"gridmap/data"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// IsAttachmentType reports whether an attachment may have media type t.
func IsAttachmentType(t string) bool {
	return slices.Contains(data.AttachmentTypes, t)
}

// SniffType is the media type of content by its first bytes (the WHATWG
// sniffing algorithm), without parameters: what a file is, whatever its
// sender says.
func SniffType(content []byte) string {
	t, _, _ := strings.Cut(http.DetectContentType(content), ";")
	return t
}

// maxNameBytes bounds an attachment's stored name.
const maxNameBytes = 200

// NewAttachment returns the metadata AddAttachment stores for a and content,
// or EINVALID naming the field at fault: "content" for no bytes, too many
// or bytes that are not of the declared type, for a photo whose header
// names more pixels than CheckPhotoSize allows or none it can read,
// "content_type" for a type
// that is no photo's. Size and SHA256 come from the content, the name is
// sanitised, CreatedAt defaults to now.
func NewAttachment(a *data.Attachment, content []byte, now time.Time) (data.Attachment, error) {
	if a == nil {
		return data.Attachment{}, data.Errorf(data.EINVALID, "There is no attachment to add.")
	}
	n := *a
	switch {
	case !IsAttachmentType(n.ContentType):
		return n, data.FieldErrorf("content_type", "Attach a photo (%s), not %q.", strings.Join(data.AttachmentTypes, ", "), n.ContentType)
	case len(content) == 0:
		return n, data.FieldErrorf("content", "The file is empty.")
	case len(content) > data.MaxAttachmentBytes:
		return n, data.FieldErrorf("content", "The file is larger than %d MiB.", data.MaxAttachmentBytes>>20)
	case SniffType(content) != n.ContentType:
		return n, data.FieldErrorf("content", "The file is not of type %s.", n.ContentType)
	case n.UploaderID < 0:
		return n, data.FieldErrorf("uploader_id", "There is no user %d.", n.UploaderID)
	}
	if err := CheckPhotoSize(n.ContentType, content); err != nil {
		return n, err
	}
	sum := sha256.Sum256(content)
	n.ID = 0
	n.Name = AttachmentName(n.Name)
	n.Size = int64(len(content))
	n.SHA256 = hex.EncodeToString(sum[:])
	n.CreatedAt = OrTime(n.CreatedAt, StoredTime(now))
	return n, nil
}

// CheckAttachmentCount returns EINVALID naming "content" when an incident
// holding n photos already is full (MaxAttachments).
func CheckAttachmentCount(n int) error {
	if n >= data.MaxAttachments {
		return data.FieldErrorf("content", "The incident has %d photos already, the most it may have.", n)
	}
	return nil
}

// AttachmentName reduces a client's file name to one safe to store and to
// send back in a header: the last path element, without control or
// formatting characters, trimmed, at most 200 bytes of valid UTF-8, and
// "photo" when nothing is left.
func AttachmentName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if r == utf8.RuneError || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	for len(name) > maxNameBytes {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	if name = strings.TrimSpace(name); name == "" || name == "." || name == ".." {
		return "photo"
	}
	return name
}
