package api

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// TestCleanSpools: the spool directory of a process that is gone is
// removed with its files; those of running processes stay.
func TestCleanSpools(t *testing.T) {
	t.Parallel()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skip("no true(1) to get the ID of a finished process:", err)
	}
	dir := t.TempDir()
	spoolOf := func(pid int) string {
		d := filepath.Join(dir, "gridmap-spool-"+strconv.Itoa(pid)+"-123")
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "import-1"), []byte("名单"), 0o600); err != nil {
			t.Fatal(err)
		}
		return d
	}
	dead, parent, self := spoolOf(cmd.Process.Pid), spoolOf(os.Getppid()), spoolOf(os.Getpid())
	other := filepath.Join(dir, "gridmap-spool-notapid-1")
	if err := os.Mkdir(other, 0o700); err != nil {
		t.Fatal(err)
	}
	cleanSpools(dir)
	if _, err := os.Stat(dead); !os.IsNotExist(err) {
		t.Errorf("the spool of finished process %d is still there (%v)", cmd.Process.Pid, err)
	}
	for _, d := range []string{parent, self, other} {
		if _, err := os.Stat(filepath.Join(d)); err != nil {
			t.Errorf("%s was removed: %v", filepath.Base(d), err)
		}
	}
}
