package sqlstore

import (
	"context"
	"time"

	"gridmap/data"
	"gridmap/domain"
)

// resolveParties completes the party details of incident in, in its
// cell, from the records of the residents they name, read in one query
// (domain.ResolveParties); the names become in.Parties. An incident
// without details keeps its Parties.
func (s *Store) resolveParties(ctx context.Context, tx conn, in *data.Incident) error {
	if len(in.PartyDetails) == 0 {
		return nil
	}
	ids, _ := domain.PartyIdentities(in.PartyDetails)
	var residents []data.Resident
	if len(ids) > 0 {
		rows, err := tx.query(ctx, `SELECT id, name, phone, cell_code FROM residents WHERE id IN `+s.elements("bigint"), s.d.List(ids))
		residents, err = collectFields(rows, err, func(r *data.Resident) []any { return []any{&r.ID, &r.Name, &r.Phone, &r.CellCode} })
		if err != nil {
			return err
		}
	}
	var err error
	in.PartyDetails, in.Parties, err = domain.ResolveParties(in.CellCode, in.PartyDetails, residents)
	return err
}

// insertParties stores the party details of incident id in order.
func (s *Store) insertParties(b *batch, id int64, ps []data.Party) {
	for i, p := range ps {
		b.exec(`INSERT INTO incident_parties (incident_id, pos, name, phone, resident_id, party_key) VALUES (?, ?, ?, ?, ?, ?)`,
			id, i, p.Name, p.Phone, nullID(p.ResidentID), nullString(domain.PartyKey(p)))
	}
}

// checkOriginal returns EINVALID naming duplicate_of unless the incident a
// new report is filed as a duplicate of exists and may be an original
// (domain.CheckOriginal).
func (s *Store) checkOriginal(ctx context.Context, tx conn, id int64) error {
	original := data.Incident{ID: id}
	err := tx.row(ctx, `SELECT status, coalesce(duplicate_of, 0) FROM incidents WHERE id = ?`, id).Scan(&original.Status, &original.DuplicateOf)
	if err != nil {
		return noRows(err, data.FieldErrorf("duplicate_of", "There is no incident %d.", id))
	}
	return domain.CheckOriginal(&original)
}

// sharesParty is the condition and arguments of IncidentFilter.SharesParty.
func (s *Store) sharesParty(ps []data.Party) (string, []any) {
	residents, keys := domain.PartyIdentities(ps)
	ids, texts := s.elements("bigint"), s.elements("text")
	return `id IN (SELECT incident_id FROM incident_parties WHERE resident_id IN ` + ids + ` OR party_key IN ` + texts +
			` OR party_key IN (SELECT name || '|' || phone FROM residents WHERE phone <> '' AND id IN ` + ids + `))`,
		[]any{s.d.List(residents), s.d.List(keys), s.d.List(residents)}
}

// IncidentParties implements data.Store.
func (s *Store) IncidentParties(ctx context.Context, id int64) (*data.PartyLinks, error) {
	return read(ctx, s, "incident parties", func(tx conn) (*data.PartyLinks, error) {
		ps, err := s.partiesOf(ctx, tx, []int64{id})
		if err != nil {
			return nil, err
		}
		out := &data.PartyLinks{Parties: domain.EmptyIfNil(ps[id])}
		// Earlier disputes (not duplicates) with every party of this one
		// that can be told apart: each such party matches a party there.
		err = tx.row(ctx, `SELECT count(*) FROM (
			SELECT o.incident_id FROM incident_parties m
			JOIN incident_parties o ON o.incident_id <> m.incident_id AND (o.resident_id = m.resident_id OR o.party_key = m.party_key)
			JOIN incidents i ON i.id = o.incident_id
			WHERE m.incident_id = ?1 AND i.status <> 'duplicate' AND i.reported_at < (SELECT reported_at FROM incidents WHERE id = ?1)
			GROUP BY o.incident_id
			HAVING count(DISTINCT m.pos) = (SELECT count(*) FROM incident_parties
				WHERE incident_id = ?1 AND (resident_id IS NOT NULL OR party_key IS NOT NULL))) earlier`, id).Scan(&out.Repeats)
		return out, err
	})
}

// EditParties implements data.Store.
func (s *Store) EditParties(ctx context.Context, e data.PartiesEdit) (*data.Incident, error) {
	if err := domain.CheckParties("party_details", e.Parties); err != nil {
		return nil, err
	}
	ev := data.IncidentEvent{IncidentID: e.IncidentID, At: domain.OrTime(e.At, time.Now()), ActorID: e.ActorID,
		ActorName: e.ActorName, Kind: data.EventParties, Note: domain.PartiesNote(len(e.Parties))}
	return s.changeIncident(ctx, "edit parties", e.IncidentID, e.Version, nil, func(tx conn, in *data.Incident) ([]data.IncidentEvent, error) {
		in.PartyDetails, in.Parties = e.Parties, nil
		if err := s.resolveParties(ctx, tx, in); err != nil {
			return nil, err
		}
		b := &batch{ctx: ctx, tx: tx}
		b.exec(`DELETE FROM incident_parties WHERE incident_id = ?`, e.IncidentID)
		s.insertParties(b, e.IncidentID, in.PartyDetails)
		return []data.IncidentEvent{ev}, b.err
	})
}

// PartiesOf implements data.Store.
func (s *Store) PartiesOf(ctx context.Context, ids []int64) (map[int64][]data.Party, error) {
	return read(ctx, s, "parties of incidents", func(tx conn) (map[int64][]data.Party, error) {
		return s.partiesOf(ctx, tx, domain.EmptyIfNil(ids))
	})
}

// partiesOf reads the parties of the incidents ids, in order, by incident.
func (s *Store) partiesOf(ctx context.Context, tx conn, ids []int64) (map[int64][]data.Party, error) {
	out := map[int64][]data.Party{}
	err := each(ctx, tx, `SELECT incident_id, name, phone, coalesce(resident_id, 0) FROM incident_parties
		WHERE incident_id IN `+s.elements("bigint")+` ORDER BY incident_id, pos`,
		func(row scanner) error {
			var id int64
			var p data.Party
			err := row.Scan(&id, &p.Name, &p.Phone, &p.ResidentID)
			out[id] = append(out[id], p)
			return err
		}, s.d.List(ids))
	return out, err
}
