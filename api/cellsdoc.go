package api

import (
	"compress/flate"
	"encoding/binary"
	"hash/crc32"
	"hash/fnv"
	"slices"

	"gridmap/data"
)

// The /api/cells body is the largest answer and the one every incident
// write changes: one cell's open_incidents. It is kept in parts so that a
// new count re-encodes that cell's feature and recompresses the stretch of
// the gzip form that holds it, not the whole document.
//
// The gzip form is one deflate stream made of chunks, each a run of
// consecutive features compressed on its own and ended with a sync flush
// (an empty stored block), so that the chunks join byte-aligned and each
// can be replaced alone (as pigz joins its blocks); a final empty block,
// the CRC-32 and the length of the whole body close it. Chunks of
// cellsChunkBytes lose a per cent or two of compression against one
// stream; they decode the same with every gzip reader. Which cells a chunk
// holds depends on the shapes alone (cellsPerChunk), so that every instance
// makes the same bytes of the same data, and the ETag is a hash of the
// chunks' hashes, so that a new count hashes one chunk again, not the
// whole body.

// cellsChunkBytes is about the plain size of a gzip chunk of /api/cells.
const cellsChunkBytes = 64 << 10

// cellsPerChunk is how many cells a chunk holds: about cellsChunkBytes
// of features, estimated from the cells' vertices.
func cellsPerChunk(cells []data.Cell) int {
	if len(cells) == 0 {
		return 1
	}
	bytes := 0
	for i := range cells {
		bytes += 320 // properties and label
		for _, r := range cells[i].Geometry {
			bytes += 38 * len(r) // "[106.6061234567,29.0045678901]," and so on
		}
	}
	return max(1, cellsChunkBytes*len(cells)/max(1, bytes))
}

// cellsDoc is one /api/cells body in parts.
type cellsDoc struct {
	counts []int // the open incident counts it shows, by cell position
	// bounds[k] to bounds[k+1]-1 are the cells of chunk k; plain[k] is its
	// features (with the comma before each but the first cell's), the
	// first chunk's with the document's opening, the last's with its
	// closing, and chunks[k] the same compressed.
	bounds []int
	plain  [][]byte
	chunks [][]byte
	// segs[i] is the offset in its chunk's plain bytes of cell i's feature.
	segs []int
	sums []uint64 // the FNV-1a hash of each chunk's plain bytes
	b    *body
}

const (
	cellsOpen  = `{"type":"FeatureCollection","features":[`
	cellsClose = `]}`
)

// cellsDoc returns sn's /api/cells body in parts, made from the last one
// built for its shapes: only the features whose counts differ are encoded,
// and only the chunks that hold them encoded and compressed again.
func (s *Server) cellsDoc(sn *snapshot) *cellsDoc {
	prev := sn.shapes.cells.Load()
	d := s.encodeCells(sn, prev)
	sn.shapes.cells.Store(d)
	return d
}

// encodeCells builds sn's body from prev (nil: from nothing). The plain
// body is served in its chunks, never joined (a new count copies one
// chunk, not megabytes); the gzip form is joined (see gzipOfChunks).
func (s *Server) encodeCells(sn *snapshot, prev *cellsDoc) *cellsDoc {
	n := len(sn.cells)
	d := &cellsDoc{counts: make([]int, n), segs: make([]int, n)}
	for i := range sn.cells {
		d.counts[i] = sn.cells[i].OpenIncidents
	}
	if prev != nil {
		d.bounds = prev.bounds
	} else {
		for i := 0; i < n; i += sn.shapes.perChunk {
			d.bounds = append(d.bounds, i)
		}
		d.bounds = append(d.bounds, n)
		if n == 0 {
			d.bounds = []int{0, 0}
		}
	}
	k := len(d.bounds) - 1
	d.plain, d.chunks, d.sums = make([][]byte, k), make([][]byte, k), make([]uint64, k)
	size := 0
	crc := uint32(0)
	for j := range k {
		from, to := d.bounds[j], d.bounds[j+1]
		if prev != nil && slices.Equal(prev.counts[from:to], d.counts[from:to]) {
			d.plain[j], d.chunks[j], d.sums[j] = prev.plain[j], prev.chunks[j], prev.sums[j]
			copy(d.segs[from:to], prev.segs[from:to])
		} else {
			d.plain[j] = s.encodeChunk(sn, d, prev, j)
			d.chunks[j] = s.deflateChunk(d.plain[j])
			h := fnv.New64a()
			h.Write(d.plain[j])
			d.sums[j] = h.Sum64()
		}
		size += len(d.plain[j])
		crc = crc32.Update(crc, crc32.IEEETable, d.plain[j])
	}
	var sums []byte
	for _, x := range d.sums {
		sums = binary.LittleEndian.AppendUint64(sums, x)
	}
	d.b = (&body{parts: d.plain, etag: etagOf(sums)}).withTags()
	if size >= minGzip {
		gz := gzipOfChunks(d.chunks, crc, size)
		d.b.gz, d.b.gzSize = func() []byte { return gz }, len(gz)
	}
	return d
}

// encodeChunk encodes the features of chunk j at d's counts, copying
// those whose counts prev (when not nil) shows already, and records their
// offsets in d.segs.
func (s *Server) encodeChunk(sn *snapshot, d, prev *cellsDoc, j int) []byte {
	from, to := d.bounds[j], d.bounds[j+1]
	var out []byte
	if prev != nil {
		out = make([]byte, 0, len(prev.plain[j])+64)
	} else {
		out = make([]byte, 0, cellsChunkBytes+cellsChunkBytes/4)
	}
	if j == 0 {
		out = append(out, cellsOpen...)
	}
	for i := from; i < to; i++ {
		d.segs[i] = len(out)
		if prev != nil && prev.counts[i] == d.counts[i] {
			out = append(out, prev.feature(i, j)...)
			continue
		}
		if i > 0 {
			out = append(out, ',')
		}
		out = appendFeature(out, sn.cellFeature(i), nil)
	}
	if j == len(d.bounds)-2 {
		out = append(out, cellsClose...)
	}
	return out
}

// feature returns cell i's feature in d's chunk j, with its comma.
func (d *cellsDoc) feature(i, j int) []byte {
	c := d.plain[j]
	end := len(c)
	switch {
	case i+1 < d.bounds[j+1]:
		end = d.segs[i+1]
	case j == len(d.bounds)-2:
		end -= len(cellsClose)
	}
	return c[d.segs[i]:end]
}

// deflateChunk compresses raw as one chunk of a joined deflate stream:
// not final, ended with a sync flush.
func (s *Server) deflateChunk(raw []byte) []byte {
	return compressed(&s.flatePool, raw, (*flate.Writer).Flush)
}

// gzipOfChunks wraps deflate chunks as a gzip member: the header
// gzip.Writer writes, the chunks, a final empty fixed-Huffman block, and
// the CRC-32 and length of the plain bytes. It is one piece: the gzip form
// is an eighth of the plain size, and sent in chunks of a few kilobytes it
// would cost a write(2) each.
func gzipOfChunks(chunks [][]byte, crc uint32, size int) []byte {
	n := 10 + 2 + 8
	for _, c := range chunks {
		n += len(c)
	}
	out := make([]byte, 0, n)
	out = append(out, 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255)
	for _, c := range chunks {
		out = append(out, c...)
	}
	out = append(out, 3, 0)
	out = binary.LittleEndian.AppendUint32(out, crc)
	return binary.LittleEndian.AppendUint32(out, uint32(size))
}
