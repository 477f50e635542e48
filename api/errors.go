package api

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"gridmap/data"
)

// statuses maps each error code to its HTTP status: the one place where
// codes become statuses.
var statuses = map[string]int{
	data.EINVALID:      http.StatusBadRequest,
	data.ENOTFOUND:     http.StatusNotFound,
	data.ECONFLICT:     http.StatusConflict,
	data.EFORBIDDEN:    http.StatusForbidden,
	data.EUNAUTHORIZED: http.StatusUnauthorized,
	data.EUNAVAILABLE:  http.StatusServiceUnavailable,
	data.EINTERNAL:     http.StatusInternalServerError,
	codeMethod:         http.StatusMethodNotAllowed,
	codeTooLarge:       http.StatusRequestEntityTooLarge,
	codeLocked:         http.StatusTooManyRequests,
	codeRateLimited:    http.StatusTooManyRequests,
}

// Codes for the HTTP-only failures that the data layer never produces.
const (
	codeMethod   = "method_not_allowed"
	codeTooLarge = "too_large"
)

// errorBody is the one JSON shape of every error answer.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

// handleError is Echo's HTTPErrorHandler: handlers return errors and this
// answers them, logging internal ones and never showing their text. The
// message is in the client's language (see negotiate), which the answer
// names in Content-Language.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	var he *echo.HTTPError
	if errors.As(err, &he) { // Echo's own: unknown route, body too large, ...
		err = fromEcho(he)
	}
	if cause, ok := isBodyReadError(err); ok { // the client's fault: no ERROR
		s.log.Warn("request body broke off", "method", c.Request().Method, "path", c.Request().URL.Path, "err", cause)
	}
	code := data.ErrorCode(err)
	status, ok := statuses[code]
	if !ok {
		status = http.StatusInternalServerError
	}
	lang := langOf(c)
	detail := errorDetail{Code: code, Message: message(lang, err)}
	var de *data.Error
	if errors.As(err, &de) {
		detail.Field = de.Field
	}
	if status == http.StatusInternalServerError {
		detail.Code = data.EINTERNAL
		detail.Message = translate(lang, internalMessage, nil)
		s.log.Error("internal error", "method", c.Request().Method, "path", c.Request().URL.Path, "err", err)
	}
	if isOpen311(c) {
		sendOpen311Error(c, status, detail)
		return
	}
	var ew *errorWith
	if errors.As(err, &ew) {
		body := map[string]any{"error": detail}
		for k, v := range ew.extra {
			body[k] = v
		}
		_ = c.JSON(status, body)
		return
	}
	var sc *stateConflict
	if errors.As(err, &sc) {
		_ = c.JSON(status, struct {
			errorBody
			Incident incidentOut `json:"incident"`
		}{errorBody{detail}, s.conflictOut(c, &sc.current)})
		return
	}
	_ = c.JSON(status, errorBody{detail})
}

// fromEcho turns Echo's errors into ours with a user-safe message.
func fromEcho(he *echo.HTTPError) error {
	switch he.Code {
	case http.StatusNotFound:
		return data.Errorf(data.ENOTFOUND, "No such resource.")
	case http.StatusMethodNotAllowed:
		return data.Errorf(codeMethod, "Method not allowed.")
	case http.StatusRequestEntityTooLarge:
		return data.Errorf(codeTooLarge, "Request body too large.")
	}
	if he.Code >= 400 && he.Code < 500 {
		return data.Errorf(data.EINVALID, "The request was refused (HTTP %d).", he.Code)
	}
	return he
}

// errorWith is an error whose answer carries more members beside "error":
// the problems of an invalid boundary change, the versions committed since
// a stale base.
type errorWith struct {
	err   error
	extra map[string]any
}

func (e *errorWith) Error() string { return e.err.Error() }
func (e *errorWith) Unwrap() error { return e.err }
