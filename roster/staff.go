package roster

import (
	"io"
	"strings"

	"gridmap/data"
	"gridmap/domain"
)

// Person is one row of a staff sheet: a grid worker or a mediator, and
// whether the office wants an account for them.
type Person struct {
	Row        int
	GridWorker *data.GridWorker // a 网格员, with the cells they serve
	Mediator   *data.Mediator   // a mediator, with category and unit
	Account    bool             // 是否开通账号: 是
	Username   string           // "" lets the store choose one
}

// StaffSheet is a checked staff sheet.
type StaffSheet struct {
	People []Person // nil when a row is invalid and SkipInvalid is off
	Report
}

// gridWorkerCategory is what a staff sheet writes for a grid worker.
const gridWorkerCategory = "网格员"

// mediatorCategories map what offices write in 类别 to data.Mediator*.
// "town" says whether the category belongs to the town centre (no unit)
// or to a village or community (a unit is required).
var mediatorCategories = map[string]struct {
	category string
	town     bool
}{
	"镇中心调解员":     {data.MediatorTownCentre, true},
	"镇综治中心人民调解员": {data.MediatorTownCentre, true},
	"镇综治中心调解员":   {data.MediatorTownCentre, true},
	"镇乡贤和议员":     {data.MediatorTownElder, true},
	"镇和议员":       {data.MediatorTownElder, true},
	"调解员":        {data.MediatorTownCentre, true}, // without a unit: the town centre's
	"人民调解员":      {data.MediatorTownCentre, true},
	"村干部":        {data.MediatorCadre, false},
	"社区干部":       {data.MediatorCadre, false},
	"村(社区)干部":    {data.MediatorCadre, false},
	"驻村民警":       {data.MediatorPolice, false},
	"驻片民警":       {data.MediatorPolice, false},
	"驻村律师":       {data.MediatorLawyer, false},
	"乡贤和议员":      {data.MediatorElder, false},
	"乡贤":         {data.MediatorElder, false},
	"和议员":        {data.MediatorElder, false},
}

// splitList splits a cell listing several values: 、 , ， ; ； or spaces.
func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		switch r {
		case '、', ',', '，', ';', '；', ' ', '\u3000', '\n':
			return true
		}
		return false
	})
}

// ReadStaff reads and checks a staff sheet: each row a grid worker (with
// the cells they serve) or a mediator (with category and, in a village or
// community, the unit), and whether to open an account.
func ReadStaff(src io.Reader, opt Options) (*StaffSheet, error) {
	pl := newPlaces(opt.Cells, opt.Locate)
	var people []Person
	var errs []RowError
	usernames := map[string]int{}
	rep, _, err := scan(src, Staff, opt, func(r *row) {
		p, ok := staffRow(r, pl, usernames)
		errs = append(errs, r.errs...)
		if ok {
			people = append(people, p)
		}
	})
	if err != nil {
		return nil, err
	}
	rep.Errors = errs
	s := &StaffSheet{Report: *rep}
	if s.finish(opt, nil) {
		s.People = people
	}
	return s, nil
}

// staffRow checks one row of a staff sheet; its errors go to r.
func staffRow(r *row, pl *places, usernames map[string]int) (Person, bool) {
	p := Person{Row: r.n}
	name := r.get("name")
	if name == "" {
		r.fail(data.FieldErrorf(r.col("name"), "The name is empty."))
	}
	phone := r.get("phone")
	if phone != "" {
		var perr *data.Error
		phone, perr = normPhone(r.col("phone"), phone)
		r.fail(perr)
	}
	var cells []string
	cellCol := r.col("cells")
	for _, s := range splitList(r.get("cells")) {
		c, err := pl.cell(cellCol, s)
		r.fail(err)
		if c != nil {
			cells = append(cells, c.Code)
		}
	}
	unit := ""
	if s := r.get("unit"); s != "" {
		var uerr *data.Error
		unit, uerr = pl.unit(r.col("unit"), s)
		r.fail(uerr)
	}
	catCol := r.col("category")
	switch cat := normHeader(r.get("category")); {
	case cat == gridWorkerCategory || cat == "grid_worker":
		if r.get("cells") == "" {
			r.fail(data.FieldErrorf(cellCol, "A grid worker needs the cells they serve."))
		}
		p.GridWorker = &data.GridWorker{Name: name, Phone: phone, Cells: cells}
	case cat == "":
		r.fail(data.FieldErrorf(catCol, "The category is empty; write 网格员 or the kind of mediator."))
	default:
		mc, ok := mediatorCategories[cat]
		if !ok {
			r.fail(data.FieldErrorf(catCol, "%q is not a category; write 网格员, 镇中心调解员, 镇乡贤和议员, 村干部, 驻村民警, 驻村律师 or 乡贤和议员.", r.get("category")))
			break
		}
		// A village mediator's unit may follow from the cells given.
		if unit == "" && !mc.town && len(cells) > 0 {
			unit = pl.cells[cells[0]].UnitCode
		}
		switch {
		case mc.category == data.MediatorElder && unit == "" && r.get("unit") == "":
			mc.category, mc.town = data.MediatorTownElder, true // an elder of no village serves the town centre
		case cat == "调解员" || cat == "人民调解员":
			if unit != "" || r.get("unit") != "" {
				r.fail(data.FieldErrorf(catCol, "A mediator of a village or community needs the kind: write 村干部, 驻村民警, 驻村律师 or 乡贤和议员."))
				return p, false
			}
		}
		switch {
		case mc.town && unit != "":
			r.fail(data.FieldErrorf(r.col("unit"), "A town-centre mediator (%s) belongs to no village or community; leave %s empty.", r.get("category"), r.col("unit")))
		case !mc.town && unit == "" && r.get("unit") == "":
			r.fail(data.FieldErrorf(r.col("unit"), "A %s serves a village or community: give it in %s.", r.get("category"), r.col("unit")))
		}
		p.Mediator = &data.Mediator{Name: name, Role: r.get("role"), Category: mc.category, UnitCode: unit, Phone: phone}
	}
	accountOK := true
	if s := r.get("account"); s != "" {
		p.Account, accountOK = yesNo[strings.ToLower(s)]
		if !accountOK {
			r.fail(data.FieldErrorf(r.col("account"), "%q is neither 是 nor 否.", s))
		}
	}
	if u := r.get("username"); u != "" {
		col := r.col("username")
		if err := domain.CheckUsername(u); err != nil {
			r.fail(data.FieldErrorf(col, "The username %q is not 1 to %d letters, digits, '.', '_' or '-'.", u, data.MaxUsername))
		} else if first, dup := usernames[strings.ToLower(u)]; dup {
			r.fail(data.FieldErrorf(col, "The username %s is also in row %d.", u, first))
		} else {
			usernames[strings.ToLower(u)] = r.n
		}
		if accountOK && !p.Account {
			r.fail(data.FieldErrorf(col, "A username is given but %s is not 是.", r.col("account")))
		}
		p.Username = u
	}
	return p, len(r.errs) == 0
}

// yesNo reads a yes/no cell.
var yesNo = map[string]bool{"是": true, "否": false, "y": true, "n": false, "yes": true, "no": false, "true": true, "false": false, "1": true, "0": false, "开通": true, "不开通": false}
