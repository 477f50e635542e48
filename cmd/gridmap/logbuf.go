package main

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"time"
)

// logBuffer gathers log lines and writes them out in batches: every
// interval, when a batch fills, and at once after a warning or an error
// (bufferedHandler). A busy server then makes one write(2) per batch
// instead of one per request: the request log line was an eighth of the
// CPU of a small cached answer.
type logBuffer struct {
	mu  sync.Mutex
	w   io.Writer
	buf []byte
	max int
}

func newLogBuffer(w io.Writer, max int) *logBuffer {
	return &logBuffer{w: w, buf: make([]byte, 0, max), max: max}
}

// Write keeps p for the next flush; it writes the batch first when p
// would overfill it. A slog handler writes a whole record per call.
func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.buf)+len(p) > b.max {
		if err := b.flushLocked(); err != nil {
			return 0, err
		}
	}
	if len(p) > b.max {
		return b.w.Write(p)
	}
	b.buf = append(b.buf, p...)
	return len(p), nil
}

// Flush writes what is kept.
func (b *logBuffer) Flush() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.flushLocked()
}

func (b *logBuffer) flushLocked() error {
	if len(b.buf) == 0 {
		return nil
	}
	_, err := b.w.Write(b.buf)
	b.buf = b.buf[:0]
	return err
}

// flushEvery flushes the buffer every interval until ctx ends, then once
// more.
func (b *logBuffer) flushEvery(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			b.Flush()
			return
		case <-t.C:
			b.Flush()
		}
	}
}

// bufferedHandler is a slog handler writing to a logBuffer that flushes
// it after every record of level warning or above, so that what needs
// attention is out at once.
type bufferedHandler struct {
	slog.Handler
	buf *logBuffer
}

func (h bufferedHandler) Handle(ctx context.Context, r slog.Record) error {
	err := h.Handler.Handle(ctx, r)
	if r.Level >= slog.LevelWarn {
		if ferr := h.buf.Flush(); err == nil {
			err = ferr
		}
	}
	return err
}

func (h bufferedHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return bufferedHandler{h.Handler.WithAttrs(attrs), h.buf}
}

func (h bufferedHandler) WithGroup(name string) slog.Handler {
	return bufferedHandler{h.Handler.WithGroup(name), h.buf}
}
