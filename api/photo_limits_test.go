package api_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/jpeg"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"gridmap/api"
	"gridmap/data"
)

// pngClaiming is a PNG of a signature, an IHDR claiming w × h RGB pixels
// and IEND, with no image data: a decompression bomb's header.
func pngClaiming(w, h uint32) []byte {
	b := []byte("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, payload []byte) {
		b = binary.BigEndian.AppendUint32(b, uint32(len(payload)))
		start := len(b)
		b = append(append(b, typ...), payload...)
		b = binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b[start:]))
	}
	ihdr := binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(nil, w), h)
	chunk("IHDR", append(ihdr, 8, 2, 0, 0, 0))
	chunk("IEND", nil)
	return b
}

// TestPhotoBombsRefused: photos whose headers claim more pixels than
// domain.MaxPhotoPixels or domain.MaxPhotoSide answer 400 naming "file", in
// the caller's language, and are not stored.
func TestPhotoBombsRefused(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	path := fmt.Sprintf("/api/incidents/%d/attachments", sc.inIncident)
	gw := sc.actors[data.RoleGridWorker]
	var small bytes.Buffer
	if err := jpeg.Encode(&small, image.NewGray(image.Rect(0, 0, 8, 8)), nil); err != nil {
		t.Fatal(err)
	}
	bigJPEG := bytes.Clone(small.Bytes())
	i := bytes.Index(bigJPEG, []byte{0xFF, 0xC0})
	binary.BigEndian.PutUint16(bigJPEG[i+5:], 60000) // SOF0 height
	binary.BigEndian.PutUint16(bigJPEG[i+7:], 60000) // and width
	// A VP8X chunk whose canvas is 100000 × 100000.
	webp := []byte("RIFF\x16\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00\x00\x00\x00\x00\x9f\x86\x01\x9f\x86\x01")
	for _, tt := range []struct {
		name    string
		file    string
		content []byte
	}{
		{"PNG claiming 100000 × 100000", "bomb.png", pngClaiming(100_000, 100_000)},
		{"JPEG claiming 60000 × 60000", "bomb.jpg", bigJPEG},
		{"WebP canvas of 100000 × 100000", "bomb.webp", webp},
	} {
		r := gw.upload(t, s, path, multipartBody(t, "file", tt.file, "image/png", tt.content))
		if r.status != http.StatusBadRequest {
			t.Errorf("%s: upload = %d %.300s; want 400", tt.name, r.status, r.body)
			continue
		}
		code, field := r.errorOf(t)
		msg := r.json(t)["error"].(map[string]any)["message"].(string)
		if code != data.EINVALID || field != "file" || !strings.Contains(msg, "像素") {
			t.Errorf("%s: error %s, field %q, %q; want invalid, file, a message about pixels", tt.name, code, field, msg)
		}
	}
	if r := gw.upload(t, s, path, multipartBody(t, "file", "ok.jpg", "image/jpeg", small.Bytes())); r.status != http.StatusCreated {
		t.Errorf("upload an 8 × 8 JPEG = %d %.300s; want 201", r.status, r.body)
	}
	as := get(t, s, path, gw.header()...).json(t)["attachments"].([]any)
	if len(as) != 1 {
		t.Errorf("attachments after refused bombs = %d; want only the small JPEG", len(as))
	}
}

// TestPhotoUploadRateLimit: an account uploads Config.PhotoUploads photos
// in a burst; the next answers 429 rate_limited with Retry-After, while
// another account still may; the bucket refills with time.
func TestPhotoUploadRateLimit(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	var mu sync.Mutex
	now := time.Now()
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	s := api.New(sc.store, api.Config{PhotoUploads: 3, PhotoWindow: 10 * time.Minute, Now: clock}, quietLog())
	path := fmt.Sprintf("/api/incidents/%d/attachments", sc.inIncident)
	n := 0
	next := func() string { // another photo each time: the same one again is no new upload
		n++
		return multipartBody(t, "file", "p.png", "image/png", nthPNG(t, n))
	}
	gw, admin := sc.actors[data.RoleGridWorker], sc.actors[data.RoleAdmin]
	for i := 1; i <= 3; i++ {
		if r := gw.upload(t, s, path, next()); r.status != http.StatusCreated {
			t.Fatalf("photo %d of 3 = %d %.300s; want 201", i, r.status, r.body)
		}
	}
	r := gw.upload(t, s, path, next())
	if r.status != http.StatusTooManyRequests {
		t.Fatalf("photo 4 of 3 = %d %.300s; want 429", r.status, r.body)
	}
	if code, _ := r.errorOf(t); code != "rate_limited" {
		t.Errorf("photo 4 of 3: code %q; want rate_limited", code)
	}
	if ra := r.header.Get("Retry-After"); ra != "200" {
		t.Errorf("photo 4 of 3: Retry-After %q; want 200 (one photo per 10 minutes / 3)", ra)
	}
	if r := admin.upload(t, s, path, next()); r.status != http.StatusCreated {
		t.Errorf("another account's photo = %d; want 201: the limit is per account", r.status)
	}
	mu.Lock()
	now = now.Add(200 * time.Second)
	mu.Unlock()
	if r := gw.upload(t, s, path, next()); r.status != http.StatusCreated {
		t.Errorf("photo after 200 s = %d; want 201", r.status)
	}
	if r := gw.upload(t, s, path, next()); r.status != http.StatusTooManyRequests {
		t.Errorf("the next photo = %d; want 429 again", r.status)
	}
}
