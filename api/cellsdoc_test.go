package api

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"testing"
)

// TestCellsDocRecount: after one cell's count changes, the /api/cells body
// built from the one before is the body built from nothing, its gzip form
// decodes to it, and of the gzip chunks only the one holding that cell
// was compressed again.
func TestCellsDocRecount(t *testing.T) {
	t.Parallel()
	s := benchServer(t)
	sn, err := s.snapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	before := s.cellsDoc(sn)
	if len(before.chunks) < 3 {
		t.Fatalf("the town's /api/cells (%d bytes) has %d gzip chunks; want several", len(joined(before.b, false)), len(before.chunks))
	}
	const moved = 70
	open := make([]int, len(sn.cells))
	for i := range sn.cells {
		open[i] = sn.cells[i].OpenIncidents
	}
	open[moved] += 3
	rev := sn.rev
	rev.Incidents++
	next := s.recount(sn, rev, open)
	if next.index != sn.index || &next.cells[0] == &sn.cells[0] || sn.cells[moved].OpenIncidents+3 != next.cells[moved].OpenIncidents {
		t.Fatalf("recount: index shared %v, cells copied %v, count %d -> %d; want the index shared, the cells copied, the count up 3",
			next.index == sn.index, &next.cells[0] != &sn.cells[0], sn.cells[moved].OpenIncidents, next.cells[moved].OpenIncidents)
	}
	after := next.cellsBody()
	fresh := s.encodeCells(next, nil)
	if !bytes.Equal(joined(after, false), joined(fresh.b, false)) || after.etag != fresh.b.etag {
		t.Fatalf("the recounted /api/cells differs from one encoded afresh")
	}
	if bytes.Equal(joined(after, false), joined(before.b, false)) {
		t.Fatalf("the recounted /api/cells is the body before the change")
	}
	for _, b := range [][]byte{joined(after, true), joined(fresh.b, true)} {
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		plain, err := io.ReadAll(zr)
		if err != nil || !bytes.Equal(plain, joined(after, false)) {
			t.Fatalf("the gzip form decodes to %d bytes, %v; want the %d bytes of the body", len(plain), err, len(joined(after, false)))
		}
	}
	d := next.shapes.cells.Load()
	recompressed := 0
	for k := range d.chunks {
		holds := d.bounds[k] <= moved && moved < d.bounds[k+1]
		same := &d.chunks[k][0] == &before.chunks[k][0]
		if same != (&d.plain[k][0] == &before.plain[k][0]) {
			t.Errorf("chunk %d: plain bytes kept %v, compressed kept %v; want both or neither", k, !same, same)
		}
		if holds == same {
			t.Errorf("chunk %d (cells %d to %d): kept %v; want it compressed again only when it holds cell %d", k, d.bounds[k], d.bounds[k+1]-1, same, moved)
		}
		if !same {
			recompressed++
		}
	}
	if recompressed != 1 {
		t.Errorf("%d chunks compressed again; want 1", recompressed)
	}

	// The first and the last cell: the chunks with the document's opening
	// and closing.
	open[0]++
	open[len(open)-1] += 2
	rev.Incidents++
	last := s.recount(next, rev, open)
	if got, want := joined(last.cellsBody(), false), joined(s.encodeCells(last, nil).b, false); !bytes.Equal(got, want) {
		t.Fatalf("after the first and last cells' counts changed, /api/cells differs from one encoded afresh")
	}
}

// joined is b's plain bytes or gzip form in one piece.
func joined(b *body, gz bool) []byte {
	switch {
	case gz:
		return b.gz()
	case b.parts != nil:
		return bytes.Join(b.parts, nil)
	}
	return b.raw
}
