package storetest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
	"time"

	"gridmap/data"
)

// photo encodes a small image as PNG or JPEG.
func photo(t *testing.T, format string, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		for y := range h {
			img.Set(x, y, color.RGBA{uint8(x * 7), uint8(y * 13), uint8(x ^ y), 255})
		}
	}
	var b bytes.Buffer
	var err error
	if format == "png" {
		err = png.Encode(&b, img)
	} else {
		err = jpeg.Encode(&b, img, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func hexSum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// testAttachments: photos come back byte for byte, listed oldest first
// without their content, each adding an "attachment" event by its
// uploader, a new version and a revision; names are reduced to a safe base
// name. An unknown incident has none.
func testAttachments(t *testing.T, s data.Store) {
	load(t, s)
	ctx := t.Context()
	pngBytes, jpegBytes := photo(t, "png", 8, 6), photo(t, "jpeg", 16, 16)
	later := &data.Attachment{IncidentID: 3, Name: `C:\Users\张\现场.png`, ContentType: "image/png", UploaderID: 11,
		CreatedAt: time.Date(2024, 3, 20, 16, 0, 0, 0, cst)}
	var versions []int64 // the incident's versions the three uploads return
	added := func(name string, a *data.Attachment, content []byte) {
		t.Helper()
		v, err := s.AddAttachment(ctx, a, content)
		ok(t, "AddAttachment("+name+")", err)
		versions = append(versions, v)
	}
	added("later", later, pngBytes)
	earlier := &data.Attachment{IncidentID: 3, Name: "../../etc/\x00passwd\u202e.jpg", ContentType: "image/jpeg", UploaderID: 12,
		CreatedAt: time.Date(2024, 3, 17, 9, 0, 0, 0, cst)}
	added("earlier", earlier, jpegBytes)
	plain := &data.Attachment{IncidentID: 3, Name: " / ", ContentType: "image/png"}
	before := time.Now()
	added("plain", plain, pngBytes)
	between(t, "AddAttachment(plain).CreatedAt", plain.CreatedAt, before, time.Now())
	if later.ID == 0 || later.ID == earlier.ID || plain.ID == earlier.ID || plain.ID == later.ID {
		t.Errorf("AddAttachment IDs = %d, %d, %d; want three different IDs", later.ID, earlier.ID, plain.ID)
	}
	want := []data.Attachment{
		{ID: earlier.ID, IncidentID: 3, Name: "passwd.jpg", ContentType: "image/jpeg", Size: int64(len(jpegBytes)),
			SHA256: hexSum(jpegBytes), UploaderID: 12, CreatedAt: time.Date(2024, 3, 17, 1, 0, 0, 0, time.UTC)},
		{ID: later.ID, IncidentID: 3, Name: "现场.png", ContentType: "image/png", Size: int64(len(pngBytes)),
			SHA256: hexSum(pngBytes), UploaderID: 11, CreatedAt: time.Date(2024, 3, 20, 8, 0, 0, 0, time.UTC)},
		{ID: plain.ID, IncidentID: 3, Name: "photo", ContentType: "image/png", Size: int64(len(pngBytes)),
			SHA256: hexSum(pngBytes), CreatedAt: plain.CreatedAt},
	}
	equal(t, "AddAttachment(later) sets", *later, want[1])
	got, err := s.Attachments(ctx, 3)
	ok(t, "Attachments(3)", err)
	equal(t, "Attachments(3)", got, want)

	for i, content := range [][]byte{jpegBytes, pngBytes} {
		a, b, err := s.AttachmentContent(ctx, want[i].ID)
		ok(t, fmt.Sprint("AttachmentContent(", want[i].ID, ")"), err)
		equal(t, fmt.Sprint("AttachmentContent(", want[i].ID, ") metadata"), *a, want[i])
		if !bytes.Equal(b, content) {
			t.Errorf("AttachmentContent(%d) = %d bytes; want the %d stored, byte for byte", want[i].ID, len(b), len(content))
		}
	}
	_, _, err = s.AttachmentContent(ctx, 999999)
	wantCode(t, "AttachmentContent(999999)", err, data.ENOTFOUND)

	stored, err := s.Incident(ctx, 3)
	ok(t, "Incident(3)", err)
	if stored.Version != 4 || stored.UpdatedAt != plain.CreatedAt {
		t.Errorf("Incident(3) after three photos = version %d, updated %v; want 4, %v", stored.Version, stored.UpdatedAt, plain.CreatedAt)
	}
	equal(t, "AddAttachment versions returned", versions, []int64{2, 3, 4})
	es, err := s.IncidentEvents(ctx, 3)
	ok(t, "IncidentEvents(3)", err)
	var notes []string
	for _, e := range es {
		if e.Kind == data.EventAttachment {
			if e.ActorName != "" || e.At.IsZero() {
				t.Errorf("attachment event %+v; want one by an unnamed uploader at the upload time", e)
			}
			notes = append(notes, e.Note)
		}
	}
	equal(t, "IncidentEvents(3) attachment notes", notes, []string{"passwd.jpg", "现场.png", "photo"})
	rev, err := s.Revision(ctx)
	ok(t, "Revision()", err)
	equal(t, "Revision() after three photos", rev, data.Revision{Cells: 1, Incidents: 4})

	none, err := s.Attachments(ctx, 1)
	ok(t, "Attachments(1)", err)
	if none == nil || len(none) != 0 {
		t.Errorf("Attachments(1) = %#v; want an empty, non-nil list", none)
	}
	for _, id := range []int64{0, 99} { // no incident's: none
		got, err := s.Attachments(ctx, id)
		ok(t, fmt.Sprint("Attachments(", id, ")"), err)
		equal(t, fmt.Sprint("Attachments(", id, ")"), got, []data.Attachment{})
	}
}

// testAttachmentInvalid: empty, oversized, mistyped or mislabelled content
// is EINVALID naming its field, an unknown incident ENOTFOUND, and none of
// them changes anything.
func testAttachmentInvalid(t *testing.T, s data.Store) {
	load(t, s)
	ctx := t.Context()
	pngBytes := photo(t, "png", 4, 4)
	big := append(append([]byte{}, pngBytes...), make([]byte, data.MaxAttachmentBytes)...)
	tests := []struct {
		name    string
		a       *data.Attachment
		content []byte
		code    string
		field   string
	}{
		{"empty", &data.Attachment{IncidentID: 3, ContentType: "image/png"}, nil, data.EINVALID, "content"},
		{"oversized", &data.Attachment{IncidentID: 3, ContentType: "image/png"}, big, data.EINVALID, "content"},
		{"html", &data.Attachment{IncidentID: 3, ContentType: "text/html"}, []byte("<html><script>alert(1)</script>"), data.EINVALID, "content_type"},
		{"svg", &data.Attachment{IncidentID: 3, ContentType: "image/svg+xml"}, []byte("<svg/>"), data.EINVALID, "content_type"},
		{"text labelled png", &data.Attachment{IncidentID: 3, ContentType: "image/png"}, []byte("not a photo"), data.EINVALID, "content"},
		{"png labelled jpeg", &data.Attachment{IncidentID: 3, ContentType: "image/jpeg"}, pngBytes, data.EINVALID, "content"},
		{"unknown incident", &data.Attachment{IncidentID: 99, ContentType: "image/png"}, pngBytes, data.ENOTFOUND, ""},
		{"nil", nil, pngBytes, data.EINVALID, ""},
	}
	for _, tt := range tests {
		v, err := s.AddAttachment(ctx, tt.a, tt.content)
		wantField(t, "AddAttachment("+tt.name+")", err, tt.code, tt.field)
		if v != 0 {
			t.Errorf("AddAttachment(%s) = version %d with an error; want 0", tt.name, v)
		}
	}
	got, err := s.Attachments(ctx, 3)
	ok(t, "Attachments(3)", err)
	equal(t, "Attachments(3) after bad photos", got, []data.Attachment{})
	stored, err := s.Incident(ctx, 3)
	ok(t, "Incident(3)", err)
	equal(t, "Incident(3) after bad photos", *stored, wantIncidents(3)[0])
	rev, err := s.Revision(ctx)
	ok(t, "Revision()", err)
	equal(t, "Revision() after bad photos", rev, data.Revision{Cells: 1, Incidents: 1})
}
