package sample

import (
	"bytes"
	"flag"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the committed sample files from the generator")

// TestCommittedFiles regenerates the town from scratch and compares the
// result with the committed files byte for byte: the generator is
// deterministic and the files are its output. With -update it rewrites
// them instead.
func TestCommittedFiles(t *testing.T) {
	g, err := generate()
	if err != nil {
		t.Fatalf("generate() error: %v", err)
	}
	out, err := g.encode()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{townFile, unitsFile, cellsFile, plantedFile} {
		if *update {
			if err := os.WriteFile(name, out[name], 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		committed, err := files.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(committed, out[name]) {
			t.Errorf("%s differs from the generator's output (%d bytes, want %d); run go test ./data/sample -run TestCommittedFiles -update if the change is intended", name, len(committed), len(out[name]))
		}
	}
}
