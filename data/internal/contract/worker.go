package contract

import (
	"cmp"
	"slices"

	"gridmap/data"
)

// Workers returns the distinct grid workers of the cells, ordered by ID,
// each with the codes of the cells it serves in ascending order: the rows a
// store writes to its worker and cell-worker tables. A worker listed under
// several cells must have the same name and phone each time, and appear
// once per cell; otherwise EINVALID.
func Workers(cells []data.Cell) ([]data.GridWorker, error) {
	byID := make(map[int64]*data.GridWorker)
	for i, c := range cells {
		for j, w := range c.GridWorkers {
			f := field("cells", i) + field(".grid_workers", j)
			seen, ok := byID[w.ID]
			if !ok {
				byID[w.ID] = &data.GridWorker{ID: w.ID, Name: w.Name, Phone: w.Phone, Cells: []string{c.Code}}
				continue
			}
			if seen.Name != w.Name || seen.Phone != w.Phone {
				return nil, data.FieldErrorf(f, "Grid worker %d has two different names or phones.", w.ID)
			}
			if slices.Contains(seen.Cells, c.Code) {
				return nil, data.FieldErrorf(f, "Grid worker %d is listed twice in cell %s.", w.ID, c.Code)
			}
			seen.Cells = append(seen.Cells, c.Code)
		}
	}
	out := make([]data.GridWorker, 0, len(byID))
	for _, w := range byID {
		slices.Sort(w.Cells)
		out = append(out, *w)
	}
	slices.SortFunc(out, func(a, b data.GridWorker) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// WorkerLink is one row of a store's cell-worker link table joined with the
// worker it names.
type WorkerLink struct {
	CellCode string
	ID       int64
	Name     string
	Phone    string
}

// WorkersByCell assembles link rows, in any order, into each cell's grid
// workers: ordered by ID, each with every cell it serves (not only those of
// the cell in hand) in ascending order.
func WorkersByCell(links []WorkerLink) map[string][]data.GridWorker {
	workers := make(map[int64]*data.GridWorker)
	for _, l := range links {
		w, ok := workers[l.ID]
		if !ok {
			w = &data.GridWorker{ID: l.ID, Name: l.Name, Phone: l.Phone}
			workers[l.ID] = w
		}
		w.Cells = append(w.Cells, l.CellCode)
	}
	byCell := make(map[string][]data.GridWorker)
	for _, w := range workers {
		slices.Sort(w.Cells)
		for _, c := range w.Cells {
			copied := *w
			copied.Cells = slices.Clone(w.Cells)
			byCell[c] = append(byCell[c], copied)
		}
	}
	for _, ws := range byCell {
		slices.SortFunc(ws, func(a, b data.GridWorker) int { return cmp.Compare(a.ID, b.ID) })
	}
	return byCell
}

// CellWorkers returns a cell's workers from the result of WorkersByCell,
// never nil, so that JSON shows [] for a cell without any.
func CellWorkers(byCell map[string][]data.GridWorker, code string) []data.GridWorker {
	if ws := byCell[code]; ws != nil {
		return ws
	}
	return []data.GridWorker{}
}
