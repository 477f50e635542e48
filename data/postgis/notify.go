package postgis

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"gridmap/data"
)

var _ data.ChangeNotifier = (*Store)(nil)

// The pause before reconnecting the listener doubles from minPause after
// each failure, up to maxPause, and starts again once it listens.
const (
	minPause = 100 * time.Millisecond
	maxPause = 5 * time.Second
)

// WatchChanges implements data.ChangeNotifier: on a connection of its own,
// outside the pool (a listening connection is never free for queries), it
// LISTENs on the schema's channel (revision_channel, migration 022),
// whose notices the revision row's trigger sends as each commit that moves
// the revision ends.
func (s *Store) WatchChanges(ctx context.Context, changed func(), lost func(error)) {
	pause := minPause
	for ctx.Err() == nil {
		err := s.listen(ctx, changed, func() { pause = minPause })
		if ctx.Err() != nil {
			return
		}
		if lost != nil {
			lost(translate("listen", err))
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(pause):
		}
		pause = min(2*pause, maxPause)
	}
}

// listen connects, listens, calls listening and changed, then changed at
// each notice, until the connection fails or ctx ends.
func (s *Store) listen(ctx context.Context, changed, listening func()) error {
	cfg := s.pool.Config().ConnConfig.Copy()
	cfg.RuntimeParams["application_name"] = "gridmap listener"
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	var channel string
	if err := conn.QueryRow(ctx, `SELECT revision_channel(current_schema())`).Scan(&channel); err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, `LISTEN `+pgx.Identifier{channel}.Sanitize()); err != nil {
		return err
	}
	listening()
	changed()
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return err
		}
		changed()
	}
}
