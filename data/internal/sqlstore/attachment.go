package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"gridmap/data"
)

// attachmentCols are the metadata columns, in data.Attachment's order.
const attachmentCols = `a.id, a.incident_id, a.name, a.content_type, a.size, a.sha256, a.uploader_id, a.created_at`

// AddAttachment implements data.Store.
func (s *Store) AddAttachment(ctx context.Context, a *data.Attachment, content []byte) (int64, error) {
	n, err := data.NewAttachment(a, content, time.Now())
	if err != nil {
		return 0, err
	}
	version, err := s.addToIncident(ctx, "attachments", data.CheckAttachmentCount, func(tx conn) error {
		err := tx.row(ctx, `INSERT INTO attachments (incident_id, name, content_type, size, sha256, uploader_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			n.IncidentID, n.Name, n.ContentType, n.Size, n.SHA256, n.UploaderID, s.time(n.CreatedAt)).Scan(&n.ID)
		if err != nil {
			return err
		}
		_, err = tx.exec(ctx, `INSERT INTO attachment_contents (attachment_id, content) VALUES (?, ?)`, n.ID, content)
		return err
	}, data.IncidentEvent{IncidentID: n.IncidentID, At: n.CreatedAt, ActorID: n.UploaderID, Kind: data.EventAttachment, Note: n.Name})
	if err != nil {
		return 0, s.translate("add attachment", err)
	}
	*a = n
	return version, nil
}

// Attachments implements data.Store.
func (s *Store) Attachments(ctx context.Context, incidentID int64) ([]data.Attachment, error) {
	var as []data.Attachment
	err := s.snapshot(ctx, func(tx conn) error {
		if err := requireIncident(ctx, tx, incidentID); err != nil {
			return err
		}
		rows, err := tx.query(ctx, `SELECT `+attachmentCols+` FROM attachments a
			WHERE incident_id = ? ORDER BY created_at, id`, incidentID)
		as, err = collect(rows, err, func(row scanner) (data.Attachment, error) { return s.scanAttachment(row) })
		return err
	})
	if err != nil {
		return nil, s.translate("attachments", err)
	}
	return as, nil
}

// AttachmentContent implements data.Store.
func (s *Store) AttachmentContent(ctx context.Context, id int64) (*data.Attachment, []byte, error) {
	var content []byte
	a, err := s.scanAttachment(s.reader().row(ctx, `SELECT `+attachmentCols+`, c.content
		FROM attachments a JOIN attachment_contents c ON c.attachment_id = a.id WHERE a.id = ?`, id), &content)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, notFound("attachment", id)
	}
	if err != nil {
		return nil, nil, s.translate("attachment content", err)
	}
	return &a, content, nil
}

// scanAttachment reads attachmentCols, then any extra columns into extra.
func (s *Store) scanAttachment(row scanner, extra ...any) (data.Attachment, error) {
	var a data.Attachment
	err := row.Scan(append([]any{&a.ID, &a.IncidentID, &a.Name, &a.ContentType, &a.Size, &a.SHA256, &a.UploaderID,
		s.at(&a.CreatedAt)}, extra...)...)
	return a, err
}
