package data

import (
	"net/http"
	"slices"
	"strings"
	"time"
)

// MaxAttachmentBytes is the largest attachment a store accepts: 5 MiB, room
// for a phone photo.
const MaxAttachmentBytes = 5 << 20

// AttachmentTypes lists the media types an attachment may have: photos in
// the formats phones and browsers make. Anything else (HTML, SVG, PDF, ...)
// could carry script or be mistaken for a page, so it is refused.
var AttachmentTypes = []string{"image/jpeg", "image/png", "image/webp"}

// IsAttachmentType reports whether an attachment may have media type t.
func IsAttachmentType(t string) bool {
	return slices.Contains(AttachmentTypes, t)
}

// SniffType is the media type of content by its first bytes (the WHATWG
// sniffing algorithm), without parameters: what a file is, whatever its
// sender says.
func SniffType(content []byte) string {
	t, _, _ := strings.Cut(http.DetectContentType(content), ";")
	return t
}

// Attachment describes a photo of an incident. The content is stored
// apart and read only by AttachmentContent, so lists never load it. A photo
// of a dispute is personal data.
type Attachment struct {
	ID          int64     `json:"id"`
	IncidentID  int64     `json:"incident_id"`
	Name        string    `json:"name"`         // the original file name, reduced to a safe base name
	ContentType string    `json:"content_type"` // one of AttachmentTypes
	Size        int64     `json:"size"`         // bytes
	SHA256      string    `json:"sha256"`       // hex digest of the content
	UploaderID  int64     `json:"uploader_id"`
	CreatedAt   time.Time `json:"created_at"`
}
