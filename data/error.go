package data

import (
	"errors"
	"fmt"
)

// Error codes shared by every layer. The API maps each code to one HTTP status
// (api/errors.go); stores translate driver errors into these codes so that
// callers never see a driver-specific error.
const (
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	ECONFLICT     = "conflict"
	EFORBIDDEN    = "forbidden"
	EUNAUTHORIZED = "unauthorized"
	EUNAVAILABLE  = "unavailable"
	EINTERNAL     = "internal"
)

// Error is the one application error type. Message is safe to show to users;
// Field names the input at fault, when there is one. Message is English; an
// Error built by Errorf or FieldErrorf also keeps the format and arguments it
// was built from, so that the API can give the message in another language.
type Error struct {
	Code    string
	Message string
	Field   string

	format string
	args   []any
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("gridmap: %s: %s (%s)", e.Code, e.Message, e.Field)
	}
	return fmt.Sprintf("gridmap: %s: %s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), format: format, args: args}
}

// FieldErrorf returns an invalid-input *Error naming the field at fault.
func FieldErrorf(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...), format: format, args: args}
}

// WithField returns a copy of e naming field as the input at fault; the
// code, the message and its template stay.
func (e *Error) WithField(field string) *Error {
	c := *e
	c.Field = field
	return &c
}

// Template returns the format and arguments e was built from. An Error
// written as a literal has no format; then format is Message and args is nil.
func (e *Error) Template() (format string, args []any) {
	if e.format == "" {
		return e.Message, nil
	}
	return e.format, e.args
}

// Cause is an error given as an argument of another's message, as in
// FieldErrorf(e.Field, "%s: %s", file, Cause{e}): it prints as its
// message alone, and the API gives it in the reader's language.
type Cause struct{ Err *Error }

func (c Cause) String() string { return c.Err.Message }

// In returns e as an error of file: the same code and field, its message
// after the file's name ("网格.prj: ..."), so that a reader knows which of
// several files is at fault.
func (e *Error) In(file string) *Error {
	in := FieldErrorf(e.Field, "%s: %s", file, Cause{e})
	in.Code = e.Code
	return in
}

// ErrorCode returns the code of err: the Code of an *Error in its chain,
// "" for nil, and EINTERNAL for any other error.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-safe message of err, or a generic one for
// internal errors, whose text may leak implementation details.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != EINTERNAL {
		return e.Message
	}
	return "Internal error."
}

// ItemField is the field name of item i of a list in an error, list[i].
func ItemField(list string, i int) string {
	return fmt.Sprintf("%s[%d]", list, i)
}
