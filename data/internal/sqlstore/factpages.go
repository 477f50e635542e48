package sqlstore

import (
	"context"
	"slices"
	"sync"

	"gridmap/data"
)

// The fact pages (table incident_fact_pages) hold every incident's
// data.IncidentFact packed (see pagecodec.go), the incidents of one range
// of 1<<pageShift IDs in one row: reading a million incidents' facts is
// then a thousand rows of about 40 KB, not a million rows (a tenth of the
// time on SQLite). countIncidentWrite rewrites the pages of the incidents
// a write wrote; FillFactPages fills them for incidents written without
// (a database of an earlier version, a bulk load); revision.fact_pages
// says they are filled.

// eachPagedFact calls fn with every incident's facts from the pages, in
// ID order.
func (s *Store) eachPagedFact(ctx context.Context, tx conn, fn func(*data.IncidentFact) error) error {
	var p int64
	var b []byte
	return each(ctx, tx, `SELECT page, facts FROM incident_fact_pages ORDER BY page`, func(row scanner) error {
		if err := row.Scan(&p, &b); err != nil {
			return err
		}
		return decodePage(p, b, fn)
	})
}

// pageFacts keeps buffers of a page's facts for writePages: a page of
// 1<<pageShift facts is about 150 KB, which each incident write would
// otherwise allocate again.
var pageFacts = sync.Pool{New: func() any { b := make([]data.IncidentFact, 0, 1<<pageShift); return &b }}

// writePages writes the pages of the incidents of ids (sorted), in a
// write transaction that has counted the write (so that concurrent writes
// of one page queue on the revision row): each page read, its incidents
// of ids read again from their rows, and written back.
func (s *Store) writePages(ctx context.Context, tx conn, ids []int64) error {
	buf := pageFacts.Get().(*[]data.IncidentFact)
	defer pageFacts.Put(buf)
	facts := (*buf)[:0]
	for len(ids) > 0 {
		p := ids[0] >> pageShift
		n := 0
		for n < len(ids) && ids[n]>>pageShift == p {
			n++
		}
		facts = facts[:0]
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
		err = s.eachFact(ctx, tx, `id IN `+s.elements("bigint"), func(f *data.IncidentFact) error {
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
