package api

import (
	"os"
	"sync"
	"time"

	"gridmap/data"
	"gridmap/importer"
	"gridmap/roster"
)

// The jobs of the sheet import (sheetimport.go), held in memory by the
// server: one runs at a time, since an import writes in one transaction
// and two would only wait on each other; at most maxSheetJobs are kept,
// and a finished job expires sheetJobTTL after it finished, its spooled
// sheet (for the error sheet) removed with it.

const (
	maxSheetJobs = 8
	sheetJobTTL  = time.Hour
)

// sheetJob is one import of a sheet. Its mutable fields are guarded by
// sheetJobs.mu.
type sheetJob struct {
	id       string
	kind     roster.Kind
	owner    int64  // the admin who started it: the only one who sees it
	username string // theirs, for the audit log
	remote   string // their address, for the audit log
	file     string // the uploaded file's name
	path     string // the spooled upload
	opt      importer.SheetOptions

	started, finished time.Time
	read, written     int // rows read; rows written once done
	total             int // rows of the sheet, known once read
	writing           bool
	res               *importer.SheetResult
	err               error
	cols              *roster.Columns // the header row of a sheet refused as a whole
	passwordsGiven    bool            // the accounts' passwords were in an answer, and are forgotten
	jobs              *sheetJobs
}

// sheetJobs are a server's jobs.
type sheetJobs struct {
	mu   sync.Mutex
	jobs []*sheetJob // oldest first
}

// start adds j, started at now, unless another job runs (ECONFLICT).
// Expired jobs go, and the oldest finished ones past maxSheetJobs.
func (js *sheetJobs) start(now time.Time, j *sheetJob) (*sheetJob, error) {
	js.mu.Lock()
	defer js.mu.Unlock()
	js.prune(now)
	for _, o := range js.jobs {
		if o.finished.IsZero() {
			return nil, data.Errorf(data.ECONFLICT, "Another import (%s, %s) is running: wait until it has finished.", string(o.kind), o.file)
		}
	}
	for len(js.jobs) >= maxSheetJobs {
		js.drop(0)
	}
	j.started, j.jobs = now, js
	js.jobs = append(js.jobs, j)
	return j, nil
}

// prune drops the jobs that finished sheetJobTTL or more before now.
func (js *sheetJobs) prune(now time.Time) {
	for i := 0; i < len(js.jobs); {
		if j := js.jobs[i]; !j.finished.IsZero() && now.Sub(j.finished) >= sheetJobTTL {
			js.drop(i)
			continue
		}
		i++
	}
}

// drop removes the ith job, which has finished, and its spooled sheet.
func (js *sheetJobs) drop(i int) {
	os.Remove(js.jobs[i].path)
	js.jobs = append(js.jobs[:i], js.jobs[i+1:]...)
}

// get returns the job of an id, nil when there is none (or it expired).
func (js *sheetJobs) get(now time.Time, id string) *sheetJob {
	js.mu.Lock()
	defer js.mu.Unlock()
	js.prune(now)
	for _, j := range js.jobs {
		if j.id == id {
			return j
		}
	}
	return nil
}

// progress records importer.SheetOptions.Progress: rows read while total
// is 0; then writing, done of total written.
func (js *sheetJobs) progress(j *sheetJob, done, total int) {
	js.mu.Lock()
	defer js.mu.Unlock()
	if total == 0 {
		j.read = done
		return
	}
	j.read, j.total, j.written, j.writing = total, total, done, done < total
}

// finish records the outcome of a job.
func (js *sheetJobs) finish(now time.Time, j *sheetJob, res *importer.SheetResult, err error, cols *roster.Columns) {
	js.mu.Lock()
	defer js.mu.Unlock()
	j.finished, j.res, j.err, j.cols, j.writing = now, res, err, cols, false
	if res != nil {
		j.read, j.total = res.Report.Rows, res.Report.Rows
		if res.Written != nil {
			j.written = res.Report.Rows - res.Report.Counts.Skipped
		}
	}
}

// rowErrors returns the row errors of a finished job (those of the sheet
// and the accounts not opened), or running.
func (j *sheetJob) rowErrors() (errs []roster.RowError, running bool) {
	j.jobs.mu.Lock()
	defer j.jobs.mu.Unlock()
	if j.finished.IsZero() {
		return nil, true
	}
	if j.res == nil {
		return nil, false
	}
	errs = append(errs, j.res.Report.Errors...)
	return append(errs, j.res.NoAccount...), false
}

// sheetJobOut is a job as GET /api/import/jobs/{id} gives it.
type sheetJobOut struct {
	ID          string          `json:"id"`
	Kind        roster.Kind     `json:"kind"`
	File        string          `json:"file"`
	DryRun      bool            `json:"dry_run"`
	SkipInvalid bool            `json:"skip_invalid"`
	Accounts    bool            `json:"accounts"`
	State       string          `json:"state"` // running, done, failed
	Progress    sheetProgress   `json:"progress"`
	StartedAt   time.Time       `json:"started_at"`
	FinishedAt  *time.Time      `json:"finished_at"`
	Result      *sheetResultOut `json:"result"`
	Error       *errorDetail    `json:"error"`
	Columns     *sheetColumns   `json:"columns"`
	Fields      []roster.Field  `json:"fields"`
}

// sheetProgress is how far a job is: reading (rows read so far, total
// unknown), writing (all rows read, the write under way), done.
type sheetProgress struct {
	Phase   string `json:"phase"`
	Read    int    `json:"read"`
	Written int    `json:"written"`
	Total   int    `json:"total"`
}

// sheetResultOut is what a finished job found and did.
type sheetResultOut struct {
	Rows        int                   `json:"rows"`
	Valid       int                   `json:"valid"`
	Invalid     int                   `json:"invalid"`
	Skipped     int                   `json:"skipped"`
	Unknown     []string              `json:"unknown"`
	Written     bool                  `json:"written"`
	Counts      []data.ImportCount    `json:"counts"`
	Errors      []sheetRowError       `json:"errors"`
	ErrorsTotal int                   `json:"errors_total"`
	NoAccount   []sheetRowError       `json:"no_account"`
	Accounts    []importer.NewAccount `json:"accounts"`
	// PasswordsGiven says the accounts' passwords were given in an
	// earlier answer and are no longer known.
	PasswordsGiven bool `json:"passwords_given"`
}

// sheetRowError is a row error in the caller's language.
type sheetRowError struct {
	Row     int    `json:"row"`
	Column  string `json:"column"`
	Message string `json:"message"`
}

// sheetColumns is the header row of a sheet refused as a whole.
type sheetColumns struct {
	Row     int      `json:"row"`
	Headers []string `json:"headers"`
	Unknown []string `json:"unknown"`
	Missing []string `json:"missing"`
}

// out gives the job in lang. With give, a finished job's passwords are
// given this once and forgotten.
func (j *sheetJob) out(lang string, give bool) sheetJobOut {
	j.jobs.mu.Lock()
	defer j.jobs.mu.Unlock()
	o := sheetJobOut{ID: j.id, Kind: j.kind, File: j.file, DryRun: j.opt.DryRun, SkipInvalid: j.opt.SkipInvalid, Accounts: j.opt.Accounts,
		State: "running", StartedAt: j.started, Fields: roster.Fields(j.kind),
		Progress: sheetProgress{Phase: "reading", Read: j.read, Written: j.written, Total: j.total}}
	if j.writing {
		o.Progress.Phase = "writing"
	}
	if j.finished.IsZero() {
		return o
	}
	f := j.finished
	o.FinishedAt, o.State, o.Progress.Phase = &f, "done", "done"
	if j.err != nil {
		o.State = "failed"
		d := errorDetail{Code: data.ErrorCode(j.err), Message: message(lang, j.err)}
		if de, ok := j.err.(*data.Error); ok {
			d.Field = de.Field
		}
		if d.Code == data.EINTERNAL || statuses[d.Code] == 0 {
			d.Code, d.Message = data.EINTERNAL, translate(lang, internalMessage, nil)
		}
		o.Error = &d
		if j.cols != nil {
			o.Columns = &sheetColumns{Row: j.cols.Row, Headers: nonNil(j.cols.Headers), Unknown: nonNil(j.cols.Unknown), Missing: nonNil(j.cols.Missing)}
		}
		return o
	}
	rep := j.res.Report
	r := &sheetResultOut{Rows: rep.Rows, Valid: rep.Valid, Invalid: rep.Invalid, Skipped: rep.Counts.Skipped, Unknown: nonNil(rep.Unknown),
		Written: j.res.Written != nil, Counts: j.res.Written, ErrorsTotal: len(rep.Errors),
		Errors: rowErrorsOut(lang, rep.Errors[:min(len(rep.Errors), maxShownRowErrors)]), NoAccount: rowErrorsOut(lang, j.res.NoAccount),
		Accounts: make([]importer.NewAccount, len(j.res.Accounts)), PasswordsGiven: j.passwordsGiven}
	if r.Counts == nil {
		r.Counts = []data.ImportCount{}
	}
	copy(r.Accounts, j.res.Accounts)
	if !give {
		for i := range r.Accounts {
			r.Accounts[i].Password = ""
		}
	} else if len(j.res.Accounts) > 0 && !j.passwordsGiven {
		j.passwordsGiven = true
		for i := range j.res.Accounts {
			j.res.Accounts[i].Password = ""
		}
	}
	o.Result = r
	return o
}

func rowErrorsOut(lang string, errs []roster.RowError) []sheetRowError {
	out := make([]sheetRowError, len(errs))
	for i, e := range errs {
		out[i] = sheetRowError{Row: e.Row, Column: e.Column, Message: message(lang, e.Err)}
	}
	return out
}
