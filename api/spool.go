package api

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
)

// Uploads being imported and exports being built are spooled to files in
// a directory of this process's own (gridmap-spool-<pid>-*, in the
// system's temporary directory). A server that was killed leaves its
// directory behind; the next one to spool removes every such directory
// whose process is gone, and leaves the live ones of other instances
// alone.

var spool struct {
	once sync.Once
	dir  string
	err  error
}

// spoolFile creates a temporary file for pattern in the process's spool
// directory.
func spoolFile(pattern string) (*os.File, error) {
	spool.once.Do(func() {
		tmp := os.TempDir()
		cleanSpools(tmp)
		spool.dir, spool.err = os.MkdirTemp(tmp, "gridmap-spool-"+strconv.Itoa(os.Getpid())+"-")
	})
	if spool.err != nil {
		return nil, spool.err
	}
	return os.CreateTemp(spool.dir, pattern)
}

// cleanSpools removes the spool directories in dir of processes that no
// longer run.
func cleanSpools(dir string) {
	names, _ := filepath.Glob(filepath.Join(dir, "gridmap-spool-*-*"))
	for _, name := range names {
		pid, _, _ := strings.Cut(strings.TrimPrefix(filepath.Base(name), "gridmap-spool-"), "-")
		if n, err := strconv.Atoi(pid); err == nil && n > 0 && n != os.Getpid() && !running(n) {
			os.RemoveAll(name)
		}
	}
}

// running reports whether a process of that ID runs (or may: one of
// another user's answers EPERM).
func running(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	err = p.Signal(syscall.Signal(0))
	return err == nil || errors.Is(err, syscall.EPERM)
}
