package api_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"gridmap/api"
	"gridmap/data/storetest/stores"
	"gridmap/roster/rostertest"
)

// BenchmarkSheetImport100k imports a 100,000-row residents sheet (.xlsx)
// through the API, as the admin page does: POST /api/import/residents
// with dry_run=false, then GET /api/import/jobs/{id} until the job has
// finished; each iteration into a new store holding the sample town
// without people. The target is under a minute.
//
//	go test -run '^$' -bench SheetImport100k -benchtime 1x ./api
func BenchmarkSheetImport100k(b *testing.B) {
	town, full := rostertest.Town(b)
	src := rostertest.XLSX(b, rostertest.Residents(full, 100_000))
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	w.WriteField("dry_run", "false")
	part, err := w.CreateFormFile("file", "居民.xlsx")
	if err != nil {
		b.Fatal(err)
	}
	part.Write(src)
	w.Close()
	for _, kind := range stores.Kinds {
		b.Run(kind, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			var rows int
			for b.Loop() {
				b.StopTimer()
				st := stores.Open(b, kind)
				if err := st.Load(b.Context(), town); err != nil {
					b.Fatal(err)
				}
				s := api.New(st, api.Config{}, quietLog())
				admin := newAdmin(b, st)
				b.StartTimer()
				rows = importThrough(b, s, admin, w.FormDataContentType(), body.Bytes())
			}
			b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// importThrough posts a commit and follows its job to the end; the rows
// written.
func importThrough(b *testing.B, s http.Handler, admin *actor, ctype string, body []byte) int {
	b.Helper()
	req := httptest.NewRequest(http.MethodPost, "/api/import/residents", bytes.NewReader(body))
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("Authorization", "Bearer "+admin.token)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != http.StatusAccepted {
		b.Fatalf("POST = %d %.300s", rec.Code, rec.Body.Bytes())
	}
	var j sheetJob
	if err := json.Unmarshal(rec.Body.Bytes(), &j); err != nil {
		b.Fatal(err)
	}
	for j.State == "running" {
		time.Sleep(50 * time.Millisecond)
		req := httptest.NewRequest(http.MethodGet, "/api/import/jobs/"+j.ID, nil)
		req.Header.Set("Authorization", "Bearer "+admin.token)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if err := json.Unmarshal(rec.Body.Bytes(), &j); err != nil || rec.Code != http.StatusOK {
			b.Fatalf("GET job = %d %.300s", rec.Code, rec.Body.Bytes())
		}
	}
	if j.State != "done" || j.Result == nil || !j.Result.Written || j.Result.Counts[1].Created < 100_000 {
		b.Fatalf("job = %+v, result %+v; want 100,000 residents created", j, j.Result)
	}
	return j.Progress.Written
}
