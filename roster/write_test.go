package roster

import (
	"bytes"
	"slices"
	"testing"
)

// TestSheetWriterReadsBack writes a ledger row in each sheet format and
// reads it back with ReadIncidents: the same incident.
func TestSheetWriterReadsBack(t *testing.T) {
	t.Parallel()
	tw := sampleTown(t)
	cell := tw.ds.Cells[3].Code
	row := map[string]string{"number": "2021-001", "type": "邻里纠纷", "source": "群众来访", "status": "已化解",
		"reported_at": "2021-03-01 09:30:00", "summary": "排水沟纠纷", "parties": "张三、李四", "cell": cell,
		"resolved_at": "2021-03-10 00:00:00", "unknown": "ignored"}
	for _, format := range []string{"xlsx", "csv"} {
		t.Run(format, func(t *testing.T) {
			var b bytes.Buffer
			w, err := NewSheetWriter(&b, Incidents, format)
			if err != nil {
				t.Fatal(err)
			}
			if err := w.Write(row); err != nil {
				t.Fatal(err)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			s, err := ReadIncidents(bytes.NewReader(b.Bytes()), tw.options())
			if err != nil || !s.OK() || len(s.Incidents) != 1 {
				t.Fatalf("ReadIncidents = %+v, %v; want one incident", s, err)
			}
			in := s.Incidents[0]
			if in.Number != "2021-001" || in.CellCode != cell || in.Summary != "排水沟纠纷" || !slices.Equal(in.Parties, []string{"张三", "李四"}) {
				t.Errorf("read back %+v", in)
			}
		})
	}
	if _, err := NewSheetWriter(&bytes.Buffer{}, Incidents, "ods"); err == nil {
		t.Error("NewSheetWriter(ods) succeeded; want an error")
	}
}
