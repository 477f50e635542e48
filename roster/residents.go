package roster

import (
	"io"
	"slices"
	"strings"

	"gridmap/data"
)

// Household is a household read from a sheet: the store's household, with
// the key the office gives it (Number, 户号: with the identity numbers,
// the key a re-import updates by) and whether its location is only its
// cell's label point (Approximate), and its residents.
type Household struct {
	data.Household
	HeadName  string
	Residents []data.Resident // CellCode and Location are the household's
	Rows      []int           // the sheet rows of its residents
}

// ResidentSheet is a checked residents sheet.
type ResidentSheet struct {
	// Households in the order of their first row; nil when a row is
	// invalid and SkipInvalid is off.
	Households []Household
	Report
}

// relationHead are the words offices write for the head of household;
// the head's relation is stored as 户主.
var relationHead = map[string]bool{"本人": true, "户主": true, "本人(户主)": true, "户主本人": true, "head": true, "self": true}

// ReadResidents reads and checks a residents sheet (.xlsx or CSV). Each
// row is a resident; rows with the same 户号 are one household, which
// needs exactly one head (与户主关系 本人 or 户主) whose name is the
// 户主姓名 of its rows. An error returned is fatal (unreadable file,
// missing column); row errors are in the report.
func ReadResidents(src io.Reader, opt Options) (*ResidentSheet, error) {
	type member struct {
		res   data.Resident
		row   int
		head  bool
		named string // 户主姓名 on the row
		pos   position
		given bool // the row names a cell or coordinates (maybe wrongly)
		ok    bool // the row is valid so far
	}
	type hh struct {
		number  string
		address string
		members []member
	}
	var order []*hh
	byNumber := map[string]*hh{}
	seenID := map[string]int{}
	pl := newPlaces(opt.Cells, opt.Locate)
	today := opt.today()
	var errs []RowError
	rep, l, err := scan(src, Residents, opt, func(r *row) {
		m := member{row: r.n}
		no := r.get("household_no")
		if no == "" {
			r.fail(data.FieldErrorf(r.col("household_no"), "The household number is empty."))
		}
		m.res.Name = r.get("name")
		if m.res.Name == "" {
			r.fail(data.FieldErrorf(r.col("name"), "The name is empty."))
		}
		rel := r.get("relation")
		switch {
		case rel == "":
			r.fail(data.FieldErrorf(r.col("relation"), "The relation to the head of household is empty; write 本人 for the head."))
		case relationHead[normHeader(rel)]:
			m.head, m.res.Relation = true, "户主"
		default:
			m.res.Relation = rel
		}
		m.named = r.get("head_name")
		idCol := r.col("id_number")
		if s := r.get("id_number"); s == "" {
			r.fail(data.FieldErrorf(idCol, "The identity number is empty."))
		} else if id, err := parseIDNumber(idCol, s, today); err != nil {
			r.fail(err)
		} else {
			m.res.IDNumber = id.number
			m.res.BirthDate = id.birth.Format("2006-01-02")
			m.res.Gender = id.gender
			if first, dup := seenID[id.number]; dup {
				r.fail(data.FieldErrorf(idCol, "The identity number %s is also in row %d.", id.number, first))
			} else {
				seenID[id.number] = r.n
			}
			if s := r.get("birth_date"); s != "" {
				col := r.col("birth_date")
				if d, err := parseDate(col, s, false); err != nil {
					r.fail(err)
				} else if d.Format("20060102") != id.birth.Format("20060102") {
					r.fail(data.FieldErrorf(col, "The birth date %s differs from the one in the identity number (%s).", d.Format("2006-01-02"), id.birth.Format("2006-01-02")))
				}
			}
			if s := r.get("gender"); s != "" {
				col := r.col("gender")
				if g, ok := genders[strings.ToLower(s)]; !ok {
					r.fail(data.FieldErrorf(col, "%q is not a gender; write 男 or 女.", s))
				} else if g != id.gender {
					r.fail(data.FieldErrorf(col, "The gender %s differs from the one the identity number gives (its 17th digit).", s))
				}
			}
		}
		if s := r.get("phone"); s != "" {
			p, err := normPhone(r.col("phone"), s)
			r.fail(err)
			m.res.Phone = p
		}
		cellText := r.cell(pl)
		pos, perrs := pl.place(r.col("cell"), cellText, r.col("lon"), r.get("lon"), r.col("lat"), r.get("lat"))
		r.fail(perrs...)
		m.pos = pos
		m.given = cellText != "" || r.get("lon") != "" || r.get("lat") != ""
		m.ok = len(r.errs) == 0
		errs = append(errs, r.errs...)
		if no == "" {
			return
		}
		h := byNumber[no]
		if h == nil {
			h = &hh{number: no}
			byNumber[no] = h
			order = append(order, h)
		}
		if a := r.get("address"); a != "" && h.address == "" {
			h.address = a
		}
		h.members = append(h.members, m)
	})
	if err != nil {
		return nil, err
	}
	headCol, nameCol, cellCol := l.col(Residents, "relation"), l.col(Residents, "head_name"), l.col(Residents, "cell")
	var extra []int
	out := make([]Household, 0, len(order))
	for _, h := range order {
		var heads []member
		valid := true
		for _, m := range h.members {
			if m.head {
				heads = append(heads, m)
			}
			valid = valid && m.ok
		}
		switch {
		case len(heads) == 0:
			errs = append(errs, RowError{Row: h.members[0].row, Column: headCol, Err: data.FieldErrorf(headCol, "Household %s has no head: no member's relation is 本人 or 户主.", h.number)})
			valid = false
		case len(heads) > 1:
			for _, m := range heads[1:] {
				errs = append(errs, RowError{Row: m.row, Column: headCol, Err: data.FieldErrorf(headCol, "Household %s has a second head; its head is in row %d.", h.number, heads[0].row)})
			}
			valid = false
		}
		var head member
		if len(heads) > 0 {
			head = heads[0]
		}
		hh := Household{HeadName: head.res.Name}
		hh.Number = h.number
		hh.Address = h.address
		// The household's place: the first row with coordinates, else the
		// first row's cell. Every member must be in the same cell.
		var at *member
		for i := range h.members {
			m := &h.members[i]
			if m.pos.cell == "" {
				continue
			}
			if at == nil || at.pos.approximate && !m.pos.approximate {
				at = m
			}
		}
		for _, m := range h.members {
			if head.res.Name != "" && m.named != "" && m.named != head.res.Name {
				errs = append(errs, RowError{Row: m.row, Column: nameCol, Err: data.FieldErrorf(nameCol, "The head of household %s is %s (row %d), not %s.", h.number, head.res.Name, head.row, m.named)})
				valid = false
			}
			if at != nil && m.pos.cell != "" && m.pos.cell != at.pos.cell {
				errs = append(errs, RowError{Row: m.row, Column: cellCol, Err: data.FieldErrorf(cellCol, "Household %s is in cell %s (row %d); this member is in cell %s.", h.number, at.pos.cell, at.row, m.pos.cell)})
				valid = false
			}
		}
		if at == nil && !slices.ContainsFunc(h.members, func(m member) bool { return m.given }) {
			errs = append(errs, RowError{Row: h.members[0].row, Column: cellCol, Err: data.FieldErrorf(cellCol, "Household %s has no place: give its cell (code or name) or its longitude and latitude.", h.number)})
			valid = false
		}
		if !valid {
			for _, m := range h.members {
				extra = append(extra, m.row)
			}
			continue
		}
		hh.CellCode, hh.Location, hh.Approximate = at.pos.cell, at.pos.point, at.pos.approximate
		for _, m := range h.members {
			res := m.res
			res.CellCode, res.Location = hh.CellCode, hh.Location
			hh.Residents = append(hh.Residents, res)
			hh.Rows = append(hh.Rows, m.row)
		}
		out = append(out, hh)
	}
	rep.Errors = errs
	s := &ResidentSheet{Report: *rep}
	if s.finish(opt, extra) {
		s.Households = out
	}
	return s, nil
}

// genders maps what offices write in 性别 to the stored M or F.
var genders = map[string]string{"男": "M", "女": "F", "m": "M", "f": "F", "male": "M", "female": "F", "男性": "M", "女性": "F"}
