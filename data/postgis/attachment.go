package postgis

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"gridmap/data"
	"gridmap/data/internal/contract"
)

// attachmentCols are the metadata columns, in data.Attachment's order.
const attachmentCols = `a.id, a.incident_id, a.name, a.content_type, a.size, a.sha256, a.uploader_id, a.created_at`

// AddAttachment implements data.Store.
func (s *Store) AddAttachment(ctx context.Context, a *data.Attachment, content []byte) (int64, error) {
	n, err := contract.NewAttachment(a, content, time.Now())
	if err != nil {
		return 0, err
	}
	var version int64
	err = s.update(ctx, func(tx pgx.Tx) error {
		if _, err := lockIncident(ctx, tx, n.IncidentID, 0); err != nil {
			return err
		}
		var count int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM attachments WHERE incident_id = $1`, n.IncidentID).Scan(&count); err != nil {
			return err
		}
		if err := contract.CheckAttachmentCount(count); err != nil {
			return err
		}
		err := tx.QueryRow(ctx, `INSERT INTO attachments (incident_id, name, content_type, size, sha256, uploader_id, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			n.IncidentID, n.Name, n.ContentType, n.Size, n.SHA256, n.UploaderID, n.CreatedAt).Scan(&n.ID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO attachment_contents (attachment_id, content) VALUES ($1, $2)`, n.ID, content); err != nil {
			return err
		}
		actor, err := userName(ctx, tx, n.UploaderID)
		if err != nil {
			return err
		}
		version, err = touchIncident(ctx, tx, data.IncidentEvent{IncidentID: n.IncidentID, At: n.CreatedAt, ActorID: n.UploaderID,
			ActorName: actor, Kind: data.EventAttachment, Note: n.Name})
		return err
	})
	if err != nil {
		return 0, translate("add attachment", err)
	}
	*a = n
	return version, nil
}

// Attachments implements data.Store.
func (s *Store) Attachments(ctx context.Context, incidentID int64) ([]data.Attachment, error) {
	as := []data.Attachment{}
	err := s.snapshot(ctx, func(tx pgx.Tx) error {
		if err := requireIncident(ctx, tx, incidentID); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT `+attachmentCols+` FROM attachments a
			WHERE incident_id = $1 ORDER BY created_at, id`, incidentID)
		if err != nil {
			return err
		}
		for rows.Next() {
			a, err := scanAttachment(rows)
			if err != nil {
				rows.Close()
				return err
			}
			as = append(as, a)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, translate("attachments", err)
	}
	return as, nil
}

// AttachmentContent implements data.Store.
func (s *Store) AttachmentContent(ctx context.Context, id int64) (*data.Attachment, []byte, error) {
	var content []byte
	a, err := scanAttachment(s.pool.QueryRow(ctx, `SELECT `+attachmentCols+`, c.content
		FROM attachments a JOIN attachment_contents c ON c.attachment_id = a.id WHERE a.id = $1`, id), &content)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil, contract.AttachmentNotFound(id)
	}
	if err != nil {
		return nil, nil, translate("attachment content", err)
	}
	return &a, content, nil
}

// scanAttachment reads attachmentCols, then any extra columns into extra.
func scanAttachment(r pgx.Row, extra ...any) (data.Attachment, error) {
	var a data.Attachment
	dest := append([]any{&a.ID, &a.IncidentID, &a.Name, &a.ContentType, &a.Size, &a.SHA256, &a.UploaderID, &a.CreatedAt}, extra...)
	err := r.Scan(dest...)
	a.CreatedAt = a.CreatedAt.UTC()
	return a, err
}
