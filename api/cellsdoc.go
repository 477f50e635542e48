package api

import (
	"compress/flate"
	"encoding/binary"
	"hash/crc32"
	"hash/fnv"
	"sort"

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
	// segs[i] is the offset in b.raw of cell i's feature, with the comma
	// before it; segs[len(cells)] is the offset of the closing "]}".
	segs []int
	// chunks[k] holds the cells from bounds[k] to bounds[k+1]-1, compressed;
	// the first holds the document's opening too, the last its closing.
	bounds []int
	chunks [][]byte
	sums   []uint64 // the FNV-1a hash of each chunk's plain bytes
	b      *body
}

const (
	cellsOpen  = `{"type":"FeatureCollection","features":[`
	cellsClose = `]}`
)

// cellsDoc returns sn's /api/cells body in parts, made from the last one
// built for its shapes: only the features whose counts differ are encoded,
// and only the chunks that hold them compressed.
func (s *Server) cellsDoc(sn *snapshot) *cellsDoc {
	prev := sn.shapes.cells.Load()
	d := s.encodeCells(sn, prev)
	sn.shapes.cells.Store(d)
	return d
}

// encodeCells builds sn's body from prev (nil: from nothing).
func (s *Server) encodeCells(sn *snapshot, prev *cellsDoc) *cellsDoc {
	n := len(sn.cells)
	d := &cellsDoc{counts: make([]int, n), segs: make([]int, n+1)}
	raw := make([]byte, 0, 64*32*n)
	if prev != nil {
		raw = make([]byte, 0, len(prev.b.raw)+64)
	}
	raw = append(raw, cellsOpen...)
	changed := make([]int, 0, 4)
	for i := range sn.cells {
		d.counts[i] = sn.cells[i].OpenIncidents
		d.segs[i] = len(raw)
		if prev != nil && prev.counts[i] == d.counts[i] {
			raw = append(raw, prev.b.raw[prev.segs[i]:prev.segs[i+1]]...)
			continue
		}
		changed = append(changed, i)
		if i > 0 {
			raw = append(raw, ',')
		}
		raw = appendFeature(raw, sn.cellFeature(i), nil)
	}
	d.segs[n] = len(raw)
	raw = append(raw, cellsClose...)

	if prev != nil {
		d.bounds = prev.bounds
	} else {
		m := sn.shapes.perChunk
		for i := 0; i < n; i += m {
			d.bounds = append(d.bounds, i)
		}
		d.bounds = append(d.bounds, n)
		if n == 0 {
			d.bounds = []int{0, 0}
		}
	}
	k := len(d.bounds) - 1
	dirty := make([]bool, k)
	if prev == nil {
		for j := range dirty {
			dirty[j] = true
		}
	}
	for _, i := range changed {
		if prev != nil {
			dirty[sort.SearchInts(d.bounds[1:], i+1)] = true
		}
	}
	d.chunks, d.sums = make([][]byte, k), make([]uint64, k)
	for j := range d.chunks {
		if !dirty[j] {
			d.chunks[j], d.sums[j] = prev.chunks[j], prev.sums[j]
			continue
		}
		from, to := d.segs[d.bounds[j]], d.segs[d.bounds[j+1]]
		if j == 0 {
			from = 0
		}
		if j == k-1 {
			to = len(raw)
		}
		d.chunks[j] = s.deflateChunk(raw[from:to])
		h := fnv.New64a()
		h.Write(raw[from:to])
		d.sums[j] = h.Sum64()
	}
	var sums []byte
	for _, x := range d.sums {
		sums = binary.LittleEndian.AppendUint64(sums, x)
	}
	d.b = &body{raw: raw, etag: etagOf(sums)}
	if len(raw) >= minGzip {
		gz := gzipOfChunks(raw, d.chunks)
		d.b.gz, d.b.gzSize = func() []byte { return gz }, len(gz)
	}
	return d
}

// deflateChunk compresses raw as one chunk of a joined deflate stream:
// not final, ended with a sync flush.
func (s *Server) deflateChunk(raw []byte) []byte {
	return compressed(&s.flatePool, raw, (*flate.Writer).Flush)
}

// gzipOfChunks wraps the deflate chunks of raw as a gzip member: the
// header gzip.Writer writes, the chunks, a final empty fixed-Huffman
// block, and raw's CRC-32 and length.
func gzipOfChunks(raw []byte, chunks [][]byte) []byte {
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
	out = binary.LittleEndian.AppendUint32(out, crc32.ChecksumIEEE(raw))
	return binary.LittleEndian.AppendUint32(out, uint32(len(raw)))
}
