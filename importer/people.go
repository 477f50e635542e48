package importer

import (
	"cmp"
	"context"
	"io"
	"slices"
	"strings"

	"github.com/paulmach/orb"

	"gridmap/auth"
	"gridmap/data"
	"gridmap/geo"
	"gridmap/roster"
)

// SheetStore is what ImportSheet needs of a store: the cells to place
// rows in, and the imports.
type SheetStore interface {
	Cells(ctx context.Context) ([]data.Cell, error)
	// UserByName finds the accounts a staff sheet names, to refuse
	// usernames taken by accounts of another role before writing.
	UserByName(ctx context.Context, username string) (*data.User, error)
	data.PeopleStore
}

// SheetOptions say how to read a sheet (roster.Options, whose Cells and
// Locate ImportSheet fills from the store) and what to do with it.
type SheetOptions struct {
	roster.Options
	DryRun bool // check and report; write nothing
	// Accounts opens an account, with a new password, for each staff row
	// that asks for one (是否开通账号: 是).
	Accounts bool
	// Progress, when set, is called as rows are read (total is 0 while
	// unknown), when writing begins (done 0 of the rows read) and once the
	// sheet is written (done = total).
	Progress func(done, total int)
}

// NewAccount is an account a staff import opened: its password is shown
// this once.
type NewAccount struct {
	Username string `json:"username"`
	Name     string `json:"name"`
	Role     string `json:"role"`
	Scope    string `json:"scope"` // the grid worker's cells, or the mediator's unit
	Password string `json:"password"`
}

// SheetResult is what ImportSheet found and did.
type SheetResult struct {
	Kind   roster.Kind    `json:"kind"`
	Report *roster.Report `json:"report"`
	// Written is what the store did per noun; nil when nothing was
	// written (a dry run, or rows wrong without SkipInvalid).
	Written  []data.ImportCount `json:"written"`
	Accounts []NewAccount       `json:"accounts"`
	// NoAccount are the staff rows that asked for an account that cannot
	// be opened (a town-centre mediator belongs to no unit, which a
	// mediator's account needs), or that asked without Accounts.
	NoAccount []roster.RowError `json:"no_account"`
}

// ImportSheet reads a sheet of a kind (residents, staff or incidents)
// with package roster, placing rows in the store's cells (a cell by code
// or name; coordinates inside the named cell; without coordinates, the
// cell's label point, marked approximate), and unless opt.DryRun writes
// it through the store in one transaction. While any row is wrong it
// writes nothing, unless SkipInvalid. An error is fatal (an unreadable
// file, a missing column, the store); problems with rows are in
// Report.Errors.
func ImportSheet(ctx context.Context, st SheetStore, kind roster.Kind, src io.Reader, opt SheetOptions) (*SheetResult, error) {
	cells, err := st.Cells(ctx)
	if err != nil {
		return nil, err
	}
	opt.Cells = cells
	opt.Locate = Locator(cells)
	if opt.Progress != nil {
		opt.Options.Progress = func(rows int) { opt.Progress(rows, 0) }
	}
	res := &SheetResult{Kind: kind, Accounts: []NewAccount{}, NoAccount: []roster.RowError{}}
	var write func() ([]data.ImportCount, error)
	switch kind {
	case roster.Residents:
		sheet, err := roster.ReadResidents(src, opt.Options)
		if err != nil {
			return nil, err
		}
		res.Report = &sheet.Report
		hs := make([]data.HouseholdImport, len(sheet.Households))
		for i, h := range sheet.Households {
			hs[i] = data.HouseholdImport{Household: h.Household, Residents: h.Residents}
		}
		write = func() ([]data.ImportCount, error) { return st.ImportHouseholds(ctx, hs) }
	case roster.Staff:
		sheet, err := roster.ReadStaff(src, opt.Options)
		if err != nil {
			return nil, err
		}
		res.Report = &sheet.Report
		staff := planStaff(sheet.People, opt, res)
		if staff, err = checkUsernames(ctx, st, sheet.People, staff, opt, res.Report); err != nil {
			return nil, err
		}
		write = func() ([]data.ImportCount, error) { return importStaff(ctx, st, staff, res) }
	case roster.Incidents:
		sheet, err := roster.ReadIncidents(src, opt.Options)
		if err != nil {
			return nil, err
		}
		res.Report = &sheet.Report
		ins := make([]data.Incident, len(sheet.Incidents))
		for i, in := range sheet.Incidents {
			ins[i] = in.Incident
			ins[i].LedgerNumber = in.Number
		}
		write = func() ([]data.ImportCount, error) { return st.ImportIncidents(ctx, ins) }
	default:
		return nil, data.Errorf(data.EINVALID, "There is no template for %q; the kinds are residents, staff and incidents.", string(kind))
	}
	if opt.DryRun || !res.Report.OK() && !opt.SkipInvalid {
		return res, nil
	}
	if opt.Progress != nil {
		opt.Progress(0, res.Report.Rows)
	}
	if res.Written, err = write(); err != nil {
		return nil, err
	}
	if opt.Progress != nil {
		opt.Progress(res.Report.Rows, res.Report.Rows)
	}
	return res, nil
}

// Locator locates points in cells (each with its geometry) by their
// code, for roster.Options.Locate.
func Locator(cells []data.Cell) roster.Locator {
	polys := make([]orb.Polygon, len(cells))
	for i, c := range cells {
		polys[i] = c.Geometry
	}
	ix := geo.NewIndex(polys)
	return func(p orb.Point) (string, bool) {
		i, ok := ix.Locate(p)
		if !ok {
			return "", false
		}
		return cells[i].Code, true
	}
}

// planStaff returns the staff members of a sheet's people, with an
// account (but no password yet) for each who asks for one when
// opt.Accounts, and lists in res.NoAccount those who ask for one that
// cannot be opened.
func planStaff(people []roster.Person, opt SheetOptions, res *SheetResult) []data.StaffMember {
	staff := make([]data.StaffMember, len(people))
	for i, p := range people {
		staff[i] = data.StaffMember{GridWorker: p.GridWorker, Mediator: p.Mediator}
		if !p.Account {
			continue
		}
		name := personName(p)
		switch {
		case !opt.Accounts:
			res.NoAccount = append(res.NoAccount, roster.RowError{Row: p.Row,
				Err: data.Errorf(data.EINVALID, "%s asks for an account, but accounts were not asked for (-accounts).", name)})
		case p.Mediator != nil && p.Mediator.UnitCode == "":
			res.NoAccount = append(res.NoAccount, roster.RowError{Row: p.Row,
				Err: data.Errorf(data.EINVALID, "%s is a town-centre mediator, of no village or community, and a mediator's account needs one: open it with gridmap user add (for instance as a leader or viewer).", name)})
		default:
			staff[i].Account = &data.User{Username: p.Username, Name: name}
		}
	}
	return staff
}

// checkUsernames refuses the rows that ask for an account under a
// username an account of another role holds, which the store would refuse
// at the commit: in a dry run too, and naming the row. With SkipInvalid
// those rows are skipped; the staff left are returned.
func checkUsernames(ctx context.Context, st SheetStore, people []roster.Person, staff []data.StaffMember, opt SheetOptions, rep *roster.Report) ([]data.StaffMember, error) {
	var keep []data.StaffMember
	for i, m := range staff {
		if m.Account == nil || m.Account.Username == "" {
			keep = append(keep, m)
			continue
		}
		u, err := st.UserByName(ctx, m.Account.Username)
		switch {
		case data.ErrorCode(err) == data.ENOTFOUND:
			keep = append(keep, m)
			continue
		case err != nil:
			return nil, err
		}
		role := data.RoleMediator
		if m.GridWorker != nil {
			role = data.RoleGridWorker
		}
		if u.Role == role {
			keep = append(keep, m)
			continue
		}
		col := rep.Column("username")
		rep.Errors = append(rep.Errors, roster.RowError{Row: people[i].Row, Column: col,
			Err: data.FieldErrorf(col, "The username %s is taken by %s, an account of another role (%s).", u.Username, u.Name, u.Role)})
		rep.Valid--
		rep.Invalid++
		if opt.SkipInvalid {
			rep.Skipped = append(rep.Skipped, people[i].Row)
		}
	}
	slices.SortFunc(rep.Errors, func(a, b roster.RowError) int { return cmp.Compare(a.Row, b.Row) })
	slices.Sort(rep.Skipped)
	return keep, nil
}

// importStaff gives each account asked for a new password, writes the
// staff and lists the accounts opened, with their passwords, in res.
func importStaff(ctx context.Context, st SheetStore, staff []data.StaffMember, res *SheetResult) ([]data.ImportCount, error) {
	passwords := make([]string, len(staff))
	for i, m := range staff {
		if m.Account == nil {
			continue
		}
		pw, err := auth.NewPassword()
		if err != nil {
			return nil, err
		}
		if m.Account.PasswordHash, err = auth.HashPassword(pw); err != nil {
			return nil, err
		}
		passwords[i] = pw
	}
	counts, err := st.ImportStaff(ctx, staff)
	if err != nil {
		return nil, err
	}
	for i, m := range staff {
		if !m.AccountCreated {
			continue
		}
		u := m.Account
		scope := u.UnitCode
		if len(u.Cells) > 0 {
			scope = strings.Join(u.Cells, ",")
		}
		res.Accounts = append(res.Accounts, NewAccount{Username: u.Username, Name: u.Name, Role: u.Role, Scope: scope, Password: passwords[i]})
	}
	return counts, nil
}

func personName(p roster.Person) string {
	if p.GridWorker != nil {
		return p.GridWorker.Name
	}
	return p.Mediator.Name
}
