// Command table turns the figures compare-servers.sh gathers into its
// Markdown table: one row per case with gridmap's figure, the
// reference's, their ratio, the target for it and whether it is
// met. It reads records from stdin, one a line,
//
//	town/sqlite/cells-gzip gridmap 11500.2
//	town/sqlite/cells-gzip ref 23200.0
//	# load average 6.1 5.2 4.3 on 2 cores
//
// where a case is SAMPLE/STORE/KIND and a side is gridmap or ref; a case
// measured over several rounds has several records per side, and the
// table gives each side's median. Lines starting with # are notes,
// printed under the table.
package main

import (
	"fmt"
	"os"
)

func main() {
	rs, notes, err := parse(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "table:", err)
		os.Exit(1)
	}
	if err := write(os.Stdout, rs, notes); err != nil {
		fmt.Fprintln(os.Stderr, "table:", err)
		os.Exit(1)
	}
}
