package sqlstore

import (
	"context"
	"time"

	"gridmap/data"
	"gridmap/domain"
)

// attachmentCols are the metadata columns, in data.Attachment's order.
const attachmentCols = `a.id, a.incident_id, a.name, a.content_type, a.size, a.sha256, a.uploader_id, a.created_at`

// AddAttachment implements data.Store.
func (s *Store) AddAttachment(ctx context.Context, a *data.Attachment, content []byte) (int64, error) {
	n, err := domain.NewAttachment(a, content, time.Now())
	if err != nil {
		return 0, err
	}
	in, err := s.addToIncident(ctx, "add attachment", "attachments", n.IncidentID, 0, n.UploaderID,
		func(tx conn, _ *data.Incident, count int, actor string) ([]data.IncidentEvent, error) {
			if err := domain.CheckAttachmentCount(count); err != nil {
				return nil, err
			}
			err := tx.row(ctx, `INSERT INTO attachments (incident_id, name, content_type, size, sha256, uploader_id, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
				n.IncidentID, n.Name, n.ContentType, n.Size, n.SHA256, n.UploaderID, s.time(n.CreatedAt)).Scan(&n.ID)
			if err == nil {
				_, err = tx.exec(ctx, `INSERT INTO attachment_contents (attachment_id, content) VALUES (?, ?)`, n.ID, content)
			}
			return []data.IncidentEvent{{IncidentID: n.IncidentID, At: n.CreatedAt, ActorID: n.UploaderID, ActorName: actor,
				Kind: data.EventAttachment, Note: n.Name}}, err
		})
	if err != nil {
		return 0, err
	}
	*a = n
	return in.Version, nil
}

// Attachments implements data.Store.
func (s *Store) Attachments(ctx context.Context, incidentID int64) ([]data.Attachment, error) {
	return list(ctx, s, "attachments", s.attachmentFields, `SELECT `+attachmentCols+` FROM attachments a
		WHERE incident_id = ? ORDER BY created_at, id`, incidentID)
}

// AttachmentContent implements data.Store.
func (s *Store) AttachmentContent(ctx context.Context, id int64) (*data.Attachment, []byte, error) {
	var a data.Attachment
	var content []byte
	err := s.reader().row(ctx, `SELECT `+attachmentCols+`, c.content
		FROM attachments a JOIN attachment_contents c ON c.attachment_id = a.id WHERE a.id = ?`, id).
		Scan(append(s.attachmentFields(&a), &content)...)
	out, err := found(s, "attachment content", a, err, func() error { return notFound("attachment", id) })
	if err != nil {
		return nil, nil, err
	}
	return out, content, nil
}

// scanAttachment reads attachmentCols, then any extra columns into extra.
func (s *Store) attachmentFields(a *data.Attachment) []any {
	return []any{&a.ID, &a.IncidentID, &a.Name, &a.ContentType, &a.Size, &a.SHA256, &a.UploaderID, s.at(&a.CreatedAt)}
}
