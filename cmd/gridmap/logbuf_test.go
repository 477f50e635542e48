package main

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// TestLogBuffer: info lines wait for a flush, a warning takes them out at
// once, a full batch is written before the line that overfills it, a line
// longer than a batch goes straight through, and flushEvery writes what is
// left when its context ends.
func TestLogBuffer(t *testing.T) {
	var out syncBuffer
	lb := newLogBuffer(&out, 200)
	log := slog.New(bufferedHandler{slog.NewTextHandler(lb, nil), lb})
	log.Info("first")
	if out.String() != "" {
		t.Fatalf("an info line was written at once: %q", out.String())
	}
	log.Warn("second")
	if s := out.String(); !strings.Contains(s, "msg=first") || !strings.Contains(s, "msg=second") {
		t.Fatalf("after a warning the buffer holds %q; want both lines", s)
	}
	before := len(out.String())
	for range 4 { // 4 lines of ~60 bytes overfill 200
		log.Info("filler line")
	}
	if len(out.String()) == before {
		t.Error("a full batch was not written")
	}
	long := strings.Repeat("x", 300)
	log.With("k", "v").Info(long)
	if !strings.Contains(out.String(), long) {
		t.Error("a line longer than a batch was kept")
	}
	log.Info("last")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { lb.flushEvery(ctx, time.Hour); close(done) }()
	cancel()
	<-done
	if !strings.HasSuffix(out.String(), "msg=last\n") {
		t.Errorf("the last line was not flushed when the context ended: %q", out.String())
	}
}
