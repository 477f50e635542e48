package sqlstore

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"time"

	"gridmap/data"
)

// The fact pages (table incident_fact_pages) hold every incident's
// data.IncidentFact packed, the incidents of IDs page<<pageShift to
// (page+1)<<pageShift - 1 in one row: reading a million incidents' facts
// is then a thousand rows of about 40 KB, not a million rows (a tenth of
// the time on SQLite). A page is
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
// countIncidentWrite rewrites the pages of the incidents a write wrote;
// FillFactPages fills them for incidents written without (a database of an
// earlier version, a bulk load); revision.fact_pages says they are filled.
const pageShift = 10

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
	var recs []byte
	for i := range facts {
		f := &facts[i]
		recs = binary.AppendUvarint(recs, uint64(f.ID&(1<<pageShift-1)))
		recs = binary.AppendUvarint(recs, idx(f.CellCode))
		recs = binary.AppendUvarint(recs, idx(f.Type))
		recs = binary.AppendUvarint(recs, idx(f.Status))
		recs = binary.AppendUvarint(recs, uint64(f.Escalation))
		var flags byte
		if f.FollowupPassed {
			flags |= factPassed
		}
		if !f.ResolvedAt.IsZero() {
			flags |= factResolved
		}
		if !f.ReplySince.IsZero() {
			flags |= factReply
		}
		recs = append(recs, flags)
		recs = binary.AppendVarint(recs, f.ReportedAt.UnixMicro())
		recs = binary.AppendVarint(recs, f.StageSince.UnixMicro())
		if flags&factResolved != 0 {
			recs = binary.AppendVarint(recs, f.ResolvedAt.UnixMicro())
		}
		if flags&factReply != 0 {
			recs = binary.AppendVarint(recs, f.ReplySince.UnixMicro())
		}
	}
	out := binary.AppendUvarint(make([]byte, 0, len(recs)+16*len(strs)), uint64(len(strs)))
	for _, v := range strs {
		out = binary.AppendUvarint(out, uint64(len(v)))
		out = append(out, v...)
	}
	return append(out, recs...)
}

var errBadPage = errors.New("sqlstore: a fact page does not decode")

// decodePage calls fn with each fact of page p, packed as b, in ID order;
// f is reused.
func decodePage(p int64, b []byte, fn func(f *data.IncidentFact) error) error {
	r := pageReader{b: b}
	strs := make([]string, r.uvarint())
	for i := range strs {
		n := r.uvarint()
		if r.err != nil || n > uint64(len(r.b)) {
			return errBadPage
		}
		strs[i] = string(r.b[:n])
		r.b = r.b[n:]
	}
	str := func(i uint64) string {
		if i >= uint64(len(strs)) {
			r.err = errBadPage
			return ""
		}
		return strs[i]
	}
	micros := func() time.Time { return time.UnixMicro(r.varint()).UTC() }
	var f data.IncidentFact
	for len(r.b) > 0 && r.err == nil {
		f = data.IncidentFact{ID: p<<pageShift | int64(r.uvarint()), CellCode: str(r.uvarint()), Type: str(r.uvarint()),
			Status: str(r.uvarint()), Escalation: int(r.uvarint())}
		flags := r.byte()
		f.FollowupPassed = flags&factPassed != 0
		f.ReportedAt, f.StageSince = micros(), micros()
		if flags&factResolved != 0 {
			f.ResolvedAt = micros()
		}
		if flags&factReply != 0 {
			f.ReplySince = micros()
		}
		if r.err != nil {
			break
		}
		if err := fn(&f); err != nil {
			return err
		}
	}
	return r.err
}

// pageReader reads a page's varints; its first failure sticks.
type pageReader struct {
	b   []byte
	err error
}

func (r *pageReader) uvarint() uint64 { return readVarint(r, binary.Uvarint) }
func (r *pageReader) varint() int64   { return readVarint(r, binary.Varint) }

// readVarint reads one number with read (binary.Uvarint or Varint).
func readVarint[T any](r *pageReader, read func([]byte) (T, int)) T {
	v, n := read(r.b)
	if n <= 0 {
		var zero T
		r.err, r.b = errBadPage, nil
		return zero
	}
	r.b = r.b[n:]
	return v
}

func (r *pageReader) byte() byte {
	if len(r.b) == 0 {
		r.err = errBadPage
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

// eachPagedFact calls fn with every incident's facts from the pages, in
// ID order.
func (s *Store) eachPagedFact(ctx context.Context, tx conn, fn func(*data.IncidentFact) error) error {
	var p int64
	var b []byte
	return each(ctx, tx, `SELECT page, facts FROM incident_fact_pages ORDER BY page`, func(row scanner) error {
		if err := row.Scan(&p, &b); err != nil {
			return err
		}
		if err := decodePage(p, b, fn); err != nil {
			if errors.Is(err, errBadPage) {
				return fmt.Errorf("%w: page %d", err, p)
			}
			return err
		}
		return nil
	})
}

// writePages writes the pages of the incidents of ids (sorted), in a
// write transaction that has counted the write (so that concurrent writes
// of one page queue on the revision row): each page read, its incidents
// of ids read again from their rows, and written back.
func (s *Store) writePages(ctx context.Context, tx conn, ids []int64) error {
	for len(ids) > 0 {
		p := ids[0] >> pageShift
		n := 0
		for n < len(ids) && ids[n]>>pageShift == p {
			n++
		}
		var facts []data.IncidentFact
		var b []byte
		err := tx.row(ctx, `SELECT facts FROM incident_fact_pages WHERE page = ?`, p).Scan(&b)
		if err == nil {
			err = decodePage(p, b, func(f *data.IncidentFact) error {
				if _, found := slices.BinarySearch(ids[:n], f.ID); !found {
					facts = append(facts, *f)
				}
				return nil
			})
		}
		if err = noRows(err, nil); err != nil { // no row: a page of new incidents only
			return err
		}
		err = s.eachFact(ctx, tx, `id IN (SELECT value FROM `+s.d.Elements("bigint")+`)`, func(f *data.IncidentFact) error {
			facts = append(facts, *f)
			return nil
		}, s.d.List(ids[:n]))
		if err != nil {
			return err
		}
		slices.SortFunc(facts, func(a, b data.IncidentFact) int { return int(a.ID - b.ID) })
		if _, err := tx.exec(ctx, `INSERT INTO incident_fact_pages (page, facts) VALUES (?, ?)
			ON CONFLICT (page) DO UPDATE SET facts = excluded.facts`, p, encodePage(facts)); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

// fillPages writes every page from the incidents' rows and marks the
// pages filled, in a write transaction. The pages are packed as the rows
// come and written after (a PostgreSQL connection runs one statement at a
// time): some 40 bytes an incident held meanwhile.
func (s *Store) fillPages(ctx context.Context, tx conn) error {
	if _, err := tx.exec(ctx, `DELETE FROM incident_fact_pages`); err != nil {
		return err
	}
	var pages [][]byte
	var numbers []int64
	var facts []data.IncidentFact
	pack := func() {
		if len(facts) > 0 {
			pages, numbers = append(pages, encodePage(facts)), append(numbers, facts[0].ID>>pageShift)
			facts = facts[:0]
		}
	}
	err := s.eachFact(ctx, tx, `TRUE ORDER BY id`, func(f *data.IncidentFact) error {
		if len(facts) > 0 && facts[0].ID>>pageShift != f.ID>>pageShift {
			pack()
		}
		facts = append(facts, *f)
		return nil
	})
	if err != nil {
		return err
	}
	pack()
	b := &batch{ctx: ctx, tx: tx}
	for i, page := range pages {
		b.exec(`INSERT INTO incident_fact_pages (page, facts) VALUES (?, ?)`, numbers[i], page)
	}
	b.exec(`UPDATE revision SET fact_pages = 1`)
	return b.err
}

// FillFactPages fills the fact pages when they are not (a database
// migrated from an earlier version): the stores call it as they open. Of
// processes opening one database at once, one fills them and the others
// find them filled.
func (s *Store) FillFactPages(ctx context.Context) error {
	var filled bool
	err := s.reader().row(ctx, `SELECT fact_pages = 1 FROM revision`).Scan(&filled)
	if err != nil || filled {
		return s.d.Translate("fill fact pages", err)
	}
	return s.d.Translate("fill fact pages", s.update(ctx, func(tx conn) error {
		// Taking the revision row's lock makes concurrent fills and
		// incident writes queue; then check again.
		if err := tx.row(ctx, `UPDATE revision SET fact_pages = fact_pages RETURNING fact_pages = 1`).Scan(&filled); err != nil || filled {
			return err
		}
		return s.fillPages(ctx, tx)
	}))
}
