package api

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"gridmap/data"
	"gridmap/domain"
	"gridmap/imaging"
)

// uploadBodyLimit is the request body limit of the photo upload route: a
// photo of data.MaxAttachmentBytes and room for the multipart framing. Every
// other route keeps Config.MaxBodyBytes.
const uploadBodyLimit = data.MaxAttachmentBytes + 1<<20

// uploadRoute is the upload's route pattern, which the global body limit
// skips.
const uploadRoute = "/api/incidents/:id/attachments"

// addAttachment answers POST /api/incidents/{id}/attachments, a
// multipart/form-data upload with the photo in the field "file": 201 with
// the attachment's metadata and the incident's new version. Those with full access to the incident may
// upload (mayAttach). The type is sniffed from the bytes, whatever the
// client claims: only JPEG, PNG and WebP photos are kept, and without their
// metadata (imaging.Strip: no GPS position, time or device). The same photo
// sent again to the same incident (an upload whose answer was lost, resent
// from a phone's queue) is not stored twice: 200 with the photo already
// kept, found by the digest of its stripped bytes. A photo whose
// header claims more pixels than domain.CheckPhotoSize allows is refused
// before anything decodes it, and each account may upload
// Config.PhotoUploads photos per Config.PhotoWindow (429 past it).
func (s *Server) addAttachment(c echo.Context) error {
	p, in, unit, err := s.scopedIncident(c)
	if err != nil {
		return err
	}
	ctx, id := c.Request().Context(), in.ID
	if !p.mayAttach(in, unit) {
		return data.Errorf(data.EFORBIDDEN, "Your account (%s) may not attach photos to this incident.", p.role())
	}
	if err := s.limitPhotos(c, p.user.ID); err != nil {
		return err
	}
	name, content, err := readUpload(c.Request(), "file")
	if err != nil {
		return err
	}
	ctype := domain.SniffType(content)
	if !domain.IsAttachmentType(ctype) {
		return data.FieldErrorf("file", "Attach a photo (JPEG, PNG or WebP); this file is %s.", ctype)
	}
	if err := domain.CheckPhotoSize(ctype, content); err != nil {
		return err.(*data.Error).WithField("file")
	}
	if content, err = imaging.Strip(ctype, content); err != nil {
		return data.FieldErrorf("file", "The photo's file is damaged (%s); take or choose it again.", ctype)
	}
	if kept, ok, err := s.keptAttachment(ctx, id, content); err != nil {
		return err
	} else if ok {
		c.Response().Header().Set(echo.HeaderLocation, "/api/attachments/"+strconv.FormatInt(kept.ID, 10))
		return c.JSON(http.StatusOK, attachmentWritten{Attachment: kept, IncidentVersion: in.Version})
	}
	a := &data.Attachment{IncidentID: id, Name: name, ContentType: ctype, UploaderID: p.user.ID, CreatedAt: s.now()}
	version, err := s.store.AddAttachment(ctx, a, content)
	if err != nil {
		var de *data.Error
		if errors.As(err, &de) && de.Code == data.EINVALID && de.Field != "" {
			return de.WithField("file")
		}
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/api/attachments/"+strconv.FormatInt(a.ID, 10))
	return c.JSON(http.StatusCreated, attachmentWritten{Attachment: *a, IncidentVersion: version})
}

// keptAttachment returns the incident's photo whose bytes are content, and
// whether there is one: a resent upload is answered with the first one.
func (s *Server) keptAttachment(ctx context.Context, incident int64, content []byte) (data.Attachment, bool, error) {
	as, err := s.store.Attachments(ctx, incident)
	if err != nil {
		return data.Attachment{}, false, err
	}
	sum := sha256.Sum256(content)
	digest := hex.EncodeToString(sum[:])
	for i := range as {
		if as[i].SHA256 == digest {
			return as[i], true, nil
		}
	}
	return data.Attachment{}, false, nil
}

// readUpload reads the file in the multipart field, streaming the body
// rather than buffering other parts, and refuses one larger than
// data.MaxAttachmentBytes with 413. EINVALID naming the field for a body
// that is not multipart or holds no such file, or an empty file.
func readUpload(r *http.Request, field string) (string, []byte, error) {
	mt, _, err := mime.ParseMediaType(r.Header.Get(echo.HeaderContentType))
	if err != nil || mt != echo.MIMEMultipartForm {
		return "", nil, data.FieldErrorf(field, "Send the photo as multipart/form-data in the field %q.", field)
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return "", nil, data.FieldErrorf(field, "Send the photo as multipart/form-data in the field %q.", field)
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return "", nil, data.FieldErrorf(field, "There is no file in the field %q.", field)
		}
		if err != nil {
			return "", nil, bodyError(err, field)
		}
		if part.FormName() != field || part.FileName() == "" {
			continue
		}
		content, err := io.ReadAll(io.LimitReader(part, data.MaxAttachmentBytes+1))
		if err != nil {
			return "", nil, bodyError(err, field)
		}
		switch {
		case len(content) > data.MaxAttachmentBytes:
			return "", nil, data.Errorf(codeTooLarge, "The photo is larger than %d MiB.", data.MaxAttachmentBytes>>20).WithField(field)
		case len(content) == 0:
			return "", nil, data.FieldErrorf(field, "The file is empty.")
		}
		return part.FileName(), content, nil
	}
}

// bodyError is the error for a body that could not be read: 413 when the
// body limit cut it off, 400 naming the field when it is malformed.
func bodyError(err error, field string) error {
	var he *echo.HTTPError
	if errors.As(err, &he) && he.Code == http.StatusRequestEntityTooLarge {
		return he
	}
	if _, ok := isBodyReadError(err); ok { // broke off: answered as for any body
		return err
	}
	return data.FieldErrorf(field, "The upload could not be read.")
}

// attachments answers GET /api/incidents/{id}/attachments: the incident's
// photos, oldest first, without their bytes. Photos of a dispute are
// personal data, so only those with full access to the incident list them,
// and every listing is audited (read_attachment_list).
func (s *Server) attachments(c echo.Context) error {
	p, in, unit, err := s.scopedIncident(c)
	if err != nil {
		return err
	}
	ctx, id := c.Request().Context(), in.ID
	if !p.seesAttachments(in, unit) {
		return p.denied("the photos of incident " + c.Param("id"))
	}
	as, err := s.store.Attachments(ctx, id)
	if err != nil {
		return err
	}
	if err := s.audit(c, "read_attachment_list", "incident:"+strconv.FormatInt(id, 10), ""); err != nil {
		return err // the names are the uploaders' free text: read in full, so audited
	}
	return s.sendJSON(c, typeJSON, map[string]any{"attachments": as})
}

// attachmentContent answers GET /api/attachments/{id}: the photo's bytes,
// for those with full access to its incident, every read audited. The
// headers keep a browser from treating it as anything but an image: the
// sniffed type, nosniff, a sandbox policy, inline with a safely encoded
// name, and no caching (each read is audited).
func (s *Server) attachmentContent(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return data.FieldErrorf("id", "id must be a positive integer, got %q.", c.Param("id"))
	}
	ctx := c.Request().Context()
	p := who(c)
	if !p.seesIncidents() {
		return p.denied("photos")
	}
	a, content, err := s.store.AttachmentContent(ctx, id)
	if err != nil {
		return fieldOf(err, "id")
	}
	in, unit, err := s.incidentInScope(ctx, p, a.IncidentID)
	if err != nil {
		return err
	}
	if !p.seesAttachments(in, unit) {
		return p.denied("the photos of incident " + strconv.FormatInt(a.IncidentID, 10))
	}
	if err := s.audit(c, "read_attachment", "attachment:"+c.Param("id"), "incident:"+strconv.FormatInt(a.IncidentID, 10)); err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(echo.HeaderXContentTypeOptions, "nosniff")
	h.Set(echo.HeaderContentDisposition, "inline; filename*=UTF-8''"+encodeRFC5987(a.Name))
	h.Set(echo.HeaderContentSecurityPolicy, "sandbox; default-src 'none'")
	h.Set(echo.HeaderCacheControl, "no-store")
	h.Set("ETag", `"`+a.SHA256+`"`)
	return c.Blob(http.StatusOK, a.ContentType, content)
}

// encodeRFC5987 percent-encodes s as an RFC 5987 ext-value: every byte but
// the attr-chars, so that no quote, semicolon or line break reaches the
// header.
func encodeRFC5987(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if 'a' <= ch && ch <= 'z' || 'A' <= ch && ch <= 'Z' || '0' <= ch && ch <= '9' || strings.IndexByte("!#$&+-.^_`|~", ch) >= 0 {
			b.WriteByte(ch)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[ch>>4])
		b.WriteByte(hex[ch&15])
	}
	return b.String()
}
