package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"strings"

	"github.com/labstack/echo/v4"

	"gridmap/data"
)

// decodeJSON reads a JSON request body into v, strictly: the content type
// must be JSON, unknown fields and trailing data are refused, and a wrongly
// typed field is named in the error.
func decodeJSON(c echo.Context, v any) error {
	ct, _, _ := mime.ParseMediaType(c.Request().Header.Get(echo.HeaderContentType))
	if ct != "application/json" {
		return data.FieldErrorf("Content-Type", "Send the body as application/json.")
	}
	raw, err := io.ReadAll(c.Request().Body)
	if err != nil {
		return err // the body limit's error, or a broken connection
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		var se *json.SyntaxError
		switch {
		case errors.As(err, &te):
			return data.FieldErrorf(te.Field, "%s must be a %s.", te.Field, te.Type.Kind())
		case errors.As(err, &se), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			return data.FieldErrorf("body", "The body is not valid JSON.")
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
			return data.FieldErrorf(field, "Unknown field %q.", field)
		}
		return data.FieldErrorf("body", "The body is not valid JSON.")
	}
	if dec.More() {
		return data.FieldErrorf("body", "The body must hold one JSON value.")
	}
	return nil
}
