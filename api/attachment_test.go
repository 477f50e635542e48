package api_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"gridmap/api"
	"gridmap/data"
)

// uploadBoundary is the multipart boundary of test uploads; a body that
// starts with it is sent as multipart/form-data.
const uploadBoundary = "gridmap-test-boundary"

// tinyPNG encodes a real 3x2 PNG.
func tinyPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 3, 2))
	img.Set(1, 1, color.RGBA{200, 30, 30, 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// nthPNG encodes a real 2x2 PNG that differs for every n below 2^24: the
// server keeps one copy of a photo per incident, so a test of many uploads
// sends different ones.
func nthPNG(t *testing.T, n int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 2, 2))
	img.Set(0, 0, color.RGBA{uint8(n), uint8(n >> 8), uint8(n >> 16), 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// multipartBody is a multipart/form-data body with one file in field.
func multipartBody(t *testing.T, field, name, ctype string, content []byte) string {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	if err := w.SetBoundary(uploadBoundary); err != nil {
		t.Fatal(err)
	}
	h := make(map[string][]string)
	h["Content-Disposition"] = []string{fmt.Sprintf(`form-data; name=%q; filename=%q`, field, name)}
	h["Content-Type"] = []string{ctype}
	part, err := w.CreatePart(h)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := part.Write(content); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// upload posts a multipart body as the actor.
func (a *actor) upload(t *testing.T, h http.Handler, path, body string) response {
	t.Helper()
	return do(t, h, http.MethodPost, path, strings.NewReader(body),
		append(a.header(), "Content-Type: multipart/form-data; boundary="+uploadBoundary)...)
}

func TestAttachments(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	path := fmt.Sprintf("/api/incidents/%d/attachments", sc.inIncident)
	photo := tinyPNG(t)
	gw := sc.actors["grid_worker"]

	// The client claims JPEG; the bytes say PNG, and PNG is what is kept.
	r := gw.upload(t, s, path, multipartBody(t, "file", `..\现场 "1";.png`, "image/jpeg", photo))
	if r.status != http.StatusCreated {
		t.Fatalf("upload a PNG as grid worker = %d %s; want 201", r.status, r.body)
	}
	v := r.json(t)
	if v["content_type"] != "image/png" || v["size"] != float64(len(photo)) || v["name"] != `现场 "1";.png` ||
		v["uploader_id"] != float64(gw.user.ID) || len(v["sha256"].(string)) != 64 {
		t.Errorf("upload = %s; want the PNG's metadata", r.body)
	}
	id := int64(v["id"].(float64))
	if loc := r.header.Get("Location"); loc != fmt.Sprintf("/api/attachments/%d", id) {
		t.Errorf("upload Location = %q; want /api/attachments/%d", loc, id)
	}

	// A WebP header is enough for the sniffer, and WebP is the third type kept.
	webp := []byte("RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00")
	if r := gw.upload(t, s, path, multipartBody(t, "file", "x.webp", "application/octet-stream", webp)); r.status != http.StatusCreated || r.json(t)["content_type"] != "image/webp" {
		t.Errorf("upload a WebP = %d %s; want 201 with image/webp", r.status, r.body)
	}

	list := get(t, s, path, sc.actors["mediator"].header()...)
	if list.status != http.StatusOK {
		t.Fatalf("GET %s as mediator = %d %s; want 200", path, list.status, list.body)
	}
	as := list.json(t)["attachments"].([]any)
	if len(as) != 2 || as[0].(map[string]any)["id"] != float64(id) {
		t.Errorf("GET %s = %s; want the PNG, then the WebP", path, list.body)
	}

	photoPath := fmt.Sprintf("/api/attachments/%d", id)
	record := fmt.Sprintf("attachment:%d", id)
	before := auditCount(t, sc.store, "read_attachment", record)
	d := get(t, s, photoPath, sc.actors["unit_cadre"].header()...)
	if d.status != http.StatusOK || !bytes.Equal(d.body, photo) {
		t.Fatalf("GET %s as cadre = %d, %d bytes; want 200 and the %d bytes uploaded", photoPath, d.status, len(d.body), len(photo))
	}
	for k, want := range map[string]string{
		"Content-Type":            "image/png",
		"X-Content-Type-Options":  "nosniff",
		"Content-Disposition":     "inline; filename*=UTF-8''%E7%8E%B0%E5%9C%BA%20%221%22%3B.png",
		"Content-Security-Policy": "sandbox; default-src 'none'",
		"Cache-Control":           "no-store",
	} {
		if got := d.header.Get(k); got != want {
			t.Errorf("GET %s %s = %q; want %q", photoPath, k, got, want)
		}
	}
	if n := auditCount(t, sc.store, "read_attachment", record); n != before+1 {
		t.Errorf("read_attachment audit entries for %s = %d; want %d", record, n, before+1)
	}

	for _, role := range []string{"leader", "viewer"} {
		if r := get(t, s, photoPath, sc.actors[role].header()...); r.status != http.StatusForbidden {
			t.Errorf("GET %s as %s = %d; want 403", photoPath, role, r.status)
		}
	}
	outPath := fmt.Sprintf("/api/incidents/%d/attachments", sc.outIncident)
	if r := gw.upload(t, s, outPath, multipartBody(t, "file", "a.png", "image/png", photo)); r.status != http.StatusForbidden {
		t.Errorf("upload to an incident out of scope = %d %s; want 403", r.status, r.body)
	}
	if n := auditCount(t, sc.store, "read_attachment", record); n != before+1 {
		t.Errorf("refused reads were audited: %d entries; want %d", n, before+1)
	}
	ev := get(t, s, fmt.Sprintf("/api/incidents/%d/events", sc.inIncident), gw.header()...).json(t)["events"].([]any)
	if last := ev[len(ev)-1].(map[string]any); last["kind"] != data.EventAttachment || last["note"] != "x.webp" {
		t.Errorf("last event = %v; want the attachment's", last)
	}
}

func TestAttachmentRefused(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	path := fmt.Sprintf("/api/incidents/%d/attachments", sc.inIncident)
	cadre := sc.actors["unit_cadre"]
	huge := append(tinyPNG(t), make([]byte, 6<<20)...)
	justOver := append(tinyPNG(t), make([]byte, data.MaxAttachmentBytes)...)
	tests := []struct {
		name   string
		body   string
		status int
		field  string
	}{
		{"text renamed .png", multipartBody(t, "file", "photo.png", "image/png", []byte("just some text, not a photo")), http.StatusBadRequest, "file"},
		{"html claiming to be a png", multipartBody(t, "file", "x.png", "image/png", []byte("<html><script>alert(1)</script></html>")), http.StatusBadRequest, "file"},
		{"svg", multipartBody(t, "file", "x.svg", "image/svg+xml", []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`)), http.StatusBadRequest, "file"},
		{"empty file", multipartBody(t, "file", "x.png", "image/png", nil), http.StatusBadRequest, "file"},
		{"another field", multipartBody(t, "photo", "x.png", "image/png", tinyPNG(t)), http.StatusBadRequest, "file"},
		{"6 MiB", multipartBody(t, "file", "big.png", "image/png", huge), http.StatusRequestEntityTooLarge, ""},
		{"just over 5 MiB", multipartBody(t, "file", "big.png", "image/png", justOver), http.StatusRequestEntityTooLarge, "file"},
	}
	for _, tt := range tests {
		r := cadre.upload(t, s, path, tt.body)
		if r.status != tt.status {
			t.Errorf("%s: upload = %d %.200s; want %d", tt.name, r.status, r.body, tt.status)
			continue
		}
		if _, field := r.errorOf(t); field != tt.field {
			t.Errorf("%s: error field = %q; want %q", tt.name, field, tt.field)
		}
	}
	if r := cadre.post(t, s, path, `{"file":"iVBORw0KGgo="}`); r.status != http.StatusBadRequest {
		t.Errorf("upload as JSON = %d; want 400", r.status)
	}
	if r := cadre.post(t, s, "/api/cells", strings.Repeat("x", 2<<20)); r.status != http.StatusRequestEntityTooLarge {
		t.Errorf("POST 2 MiB elsewhere = %d; want 413: the larger limit is the upload's alone", r.status)
	}
	list := get(t, s, path, cadre.header()...).json(t)["attachments"].([]any)
	if len(list) != 0 {
		t.Errorf("attachments after refused uploads = %v; want none", list)
	}
	if r := get(t, s, "/api/attachments/999999", cadre.header()...); r.status != http.StatusNotFound {
		t.Errorf("GET an unknown attachment = %d; want 404", r.status)
	}
}

// TestAttachmentWithoutMetadata uploads a phone photo whose comment and
// EXIF hold a position: what is stored and served holds neither, and is
// still the photo.
func TestAttachmentWithoutMetadata(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewRGBA(image.Rect(0, 0, 8, 8)), nil); err != nil {
		t.Fatal(err)
	}
	const gps = "GPSLatitude 29.0512 N"
	comment := append([]byte{0xFF, 0xFE, 0, byte(len(gps) + 2)}, gps...)
	exif := append([]byte{0xFF, 0xE1, 0, byte(len(gps) + 8)}, "Exif\x00\x00"+gps...)
	photo := append(append(append([]byte{0xFF, 0xD8}, exif...), comment...), b.Bytes()[2:]...)
	gw := sc.actors["grid_worker"]
	r := gw.upload(t, s, fmt.Sprintf("/api/incidents/%d/attachments", sc.inIncident), multipartBody(t, "file", "现场.jpg", "image/jpeg", photo))
	if r.status != http.StatusCreated {
		t.Fatalf("upload = %d %s", r.status, r.body)
	}
	d := get(t, s, fmt.Sprintf("/api/attachments/%v", r.json(t)["id"]), gw.header()...)
	if d.status != http.StatusOK || bytes.Contains(d.body, []byte(gps)) || len(d.body) != b.Len() {
		t.Errorf("the stored photo = %d, %d bytes, position kept %v; want the %d bytes of the photo alone",
			d.status, len(d.body), bytes.Contains(d.body, []byte(gps)), b.Len())
	}
	if _, err := jpeg.Decode(bytes.NewReader(d.body)); err != nil {
		t.Errorf("the stored photo does not decode: %v", err)
	}
	damaged := append([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0x7F, 0x00}, b.Bytes()[2:40]...)
	r = gw.upload(t, s, fmt.Sprintf("/api/incidents/%d/attachments", sc.inIncident), multipartBody(t, "file", "坏.jpg", "image/jpeg", damaged))
	if _, field := r.errorOf(t); r.status != http.StatusBadRequest || field != "file" {
		t.Errorf("a damaged JPEG = %d %s; want 400 naming file", r.status, r.body)
	}
}

// A photo resent to the same incident (its first answer lost on the way) is
// answered with the photo kept the first time, never stored twice; another
// photo is stored.
func TestAttachmentResend(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	path := fmt.Sprintf("/api/incidents/%d/attachments", sc.inIncident)
	gw := sc.actors["grid_worker"]
	photo := tinyPNG(t)

	first := gw.upload(t, s, path, multipartBody(t, "file", "现场.png", "image/png", photo))
	if first.status != http.StatusCreated {
		t.Fatalf("upload = %d %s; want 201", first.status, first.body)
	}
	again := gw.upload(t, s, path, multipartBody(t, "file", "现场-重发.png", "image/png", photo))
	if again.status != http.StatusOK {
		t.Fatalf("the same photo again = %d %s; want 200", again.status, again.body)
	}
	f, a := first.json(t), again.json(t)
	if a["id"] != f["id"] || a["name"] != "现场.png" || a["sha256"] != f["sha256"] {
		t.Errorf("the same photo again = %s; want the first %s", again.body, first.body)
	}
	if a["incident_version"] != f["incident_version"] {
		t.Errorf("incident_version after the resend = %v; want %v, unchanged", a["incident_version"], f["incident_version"])
	}
	if loc := again.header.Get("Location"); loc != fmt.Sprintf("/api/attachments/%d", int64(f["id"].(float64))) {
		t.Errorf("Location of the resend = %q; want the first photo's", loc)
	}

	if r := gw.upload(t, s, path, multipartBody(t, "file", "另一张.png", "image/png", nthPNG(t, 1))); r.status != http.StatusCreated {
		t.Errorf("another photo = %d %s; want 201", r.status, r.body)
	}
	list := get(t, s, path, gw.header()...).json(t)["attachments"].([]any)
	if len(list) != 2 {
		t.Errorf("GET %s = %d photos; want 2 (the resend not stored)", path, len(list))
	}
}
