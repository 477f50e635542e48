package data

import (
	"time"
)

// MaxAttachmentBytes is the largest attachment a store accepts: 5 MiB, room
// for a phone photo.
const MaxAttachmentBytes = 5 << 20

// AttachmentTypes lists the media types an attachment may have: photos in
// the formats phones and browsers make. Anything else (HTML, SVG, PDF, ...)
// could carry script or be mistaken for a page, so it is refused.
var AttachmentTypes = []string{"image/jpeg", "image/png", "image/webp"}

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
