package sqlstore

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"gridmap/data"
)

// A fact page (see factpages.go) holds the data.IncidentFact of the
// incidents of IDs page<<pageShift to (page+1)<<pageShift - 1, packed as
//
//	uvarint n, then n strings (uvarint length, bytes): the page's cell
//	codes, types and statuses;
//	then per incident, by ID: uvarint ID - page<<pageShift, uvarint
//	indexes of its cell code, type and status among the strings, uvarint
//	escalation, a byte of flags (factPassed, factResolved, factReply),
//	then varints of the report time, the stage time and, when flagged, the
//	resolution time and the start of the reply clock, in Unix
//	microseconds.
//
// Databases hold pages: the format stays.
const pageShift = 10

// The flags of a fact; below 0x80, so that their byte is also their
// uvarint.
const (
	factPassed = 1 << iota
	factResolved
	factReply
)

// encodePage packs facts (of one page, by ID) as a page.
func encodePage(facts []data.IncidentFact) []byte {
	index := map[string]uint64{}
	var strs []string
	idx := func(v string) uint64 {
		i, ok := index[v]
		if !ok {
			i = uint64(len(strs))
			index[v] = i
			strs = append(strs, v)
		}
		return i
	}
	recs := make([]byte, 0, 24*len(facts)) // about a record's size
	for i := range facts {
		f := &facts[i]
		flags := flag(f.FollowupPassed, factPassed) | flag(!f.ResolvedAt.IsZero(), factResolved) | flag(!f.ReplySince.IsZero(), factReply)
		recs = appendUvarints(recs, uint64(f.ID&(1<<pageShift-1)), idx(f.CellCode), idx(f.Type), idx(f.Status), uint64(f.Escalation), flags)
		recs = binary.AppendVarint(binary.AppendVarint(recs, f.ReportedAt.UnixMicro()), f.StageSince.UnixMicro())
		if flags&factResolved != 0 {
			recs = binary.AppendVarint(recs, f.ResolvedAt.UnixMicro())
		}
		if flags&factReply != 0 {
			recs = binary.AppendVarint(recs, f.ReplySince.UnixMicro())
		}
	}
	out := appendUvarints(make([]byte, 0, len(recs)+16*len(strs)), uint64(len(strs)))
	for _, v := range strs {
		out = append(appendUvarints(out, uint64(len(v))), v...)
	}
	return append(out, recs...)
}

// appendUvarints appends each of vs to b as a uvarint.
func appendUvarints(b []byte, vs ...uint64) []byte {
	for _, v := range vs {
		b = binary.AppendUvarint(b, v)
	}
	return b
}

// flag is f when set, else 0.
func flag(set bool, f uint64) uint64 {
	if set {
		return f
	}
	return 0
}

var errBadPage = errors.New("sqlstore: a fact page does not decode")

// decodePage calls fn with each fact of page p, packed as b, in ID order;
// f is reused.
func decodePage(p int64, b []byte, fn func(f *data.IncidentFact) error) error {
	r := pageReader{b: b}
	strs := make([]string, r.count())
	for i := range strs {
		strs[i] = string(r.bytes())
	}
	str := func() string {
		if i := r.uvarint(); i < uint64(len(strs)) {
			return strs[i]
		}
		r.fail()
		return ""
	}
	var f data.IncidentFact
	for len(r.b) > 0 && r.err == nil {
		f = data.IncidentFact{ID: p<<pageShift | int64(r.uvarint()), CellCode: str(), Type: str(), Status: str(),
			Escalation: int(r.uvarint())}
		flags := r.uvarint()
		f.FollowupPassed = flags&factPassed != 0
		f.ReportedAt, f.StageSince = r.micros(), r.micros()
		if flags&factResolved != 0 {
			f.ResolvedAt = r.micros()
		}
		if flags&factReply != 0 {
			f.ReplySince = r.micros()
		}
		if r.err == nil {
			if err := fn(&f); err != nil {
				return err
			}
		}
	}
	if r.err != nil {
		return fmt.Errorf("%w: page %d", r.err, p)
	}
	return nil
}

// pageReader reads a page's uvarints; its first failure sticks, after
// which it reads zeros.
type pageReader struct {
	b   []byte
	err error
}

func (r *pageReader) fail() { r.b, r.err = nil, errBadPage }

func (r *pageReader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

// count reads a count of items of a byte at least.
func (r *pageReader) count() uint64 {
	if n := r.uvarint(); n <= uint64(len(r.b)) {
		return n
	}
	r.fail()
	return 0
}

// bytes reads a count of bytes, then the bytes.
func (r *pageReader) bytes() []byte {
	n := r.count()
	b := r.b[:n]
	r.b = r.b[n:]
	return b
}

// micros reads a varint (a zig-zag uvarint, see binary.Varint) of Unix
// microseconds as a time in UTC.
func (r *pageReader) micros() time.Time {
	u := r.uvarint()
	return time.UnixMicro(int64(u>>1) ^ -int64(u&1)).UTC()
}
