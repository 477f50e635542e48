package api

import (
	"encoding/xml"
	"strings"

	"github.com/labstack/echo/v4"

	"gridmap/data"
)

// Open311's two formats. GeoReport v2 makes XML the required one and JSON
// the optional one; a client picks by the extension of the resource
// (services.xml, requests/12.json). The JSON is the spec's "Spark
// convention" mapping of the XML: the root element becomes a list of its
// children.

const (
	open311XML  = "xml"
	open311JSON = "json"

	// typeXML is the content type GeoReport v2 names for XML answers.
	typeXML = "text/xml; charset=utf-8"
)

// isOpen311 reports whether the request is one for the Open311 API, whose
// errors have Open311's shape rather than the app API's.
func isOpen311(c echo.Context) bool {
	p := c.Request().URL.Path
	return p == "/open311" || strings.HasPrefix(p, "/open311/")
}

// open311FormatOf is the format a path asks for by its extension, "" for
// neither .xml nor .json.
func open311FormatOf(path string) string {
	switch {
	case strings.HasSuffix(path, ".xml"):
		return open311XML
	case strings.HasSuffix(path, ".json"):
		return open311JSON
	}
	return ""
}

// open311Format is the format of the request, or the 404 of a resource in
// a format this server does not write (services.csv).
func open311Format(c echo.Context) (string, error) {
	if f := open311FormatOf(c.Request().URL.Path); f != "" {
		return f, nil
	}
	return "", data.Errorf(data.ENOTFOUND, "No such resource.")
}

// open311Doc is an answer of the Open311 API: it is its own JSON, and
// xmlDoc gives it wrapped in the spec's XML elements.
type open311Doc interface {
	xmlDoc() any
}

// open311Send answers doc in the format the request's path asks for (JSON
// unless it ends in .xml), with the XML declaration the spec requires.
func open311Send(c echo.Context, status int, doc open311Doc) error {
	if open311FormatOf(c.Request().URL.Path) != open311XML {
		return c.JSON(status, doc)
	}
	b, err := xml.MarshalIndent(doc.xmlDoc(), "", "  ")
	if err != nil {
		return err
	}
	return c.Blob(status, typeXML, append([]byte(xml.Header), append(b, '\n')...))
}

// open311Error is one error in Open311's shape: the HTTP status as its
// code and a description that names the parameter at fault.
type open311Error struct {
	Code        int    `json:"code" xml:"code"`
	Description string `json:"description" xml:"description"`
}

type open311Errors []open311Error

func (e open311Errors) xmlDoc() any {
	return struct {
		XMLName xml.Name       `xml:"errors"`
		Errors  []open311Error `xml:"error"`
	}{Errors: e}
}

// sendOpen311Error answers an error under /open311 in Open311's shape,
// [{"code":400,"description":"..."}] or <errors><error>...</error></errors>.
// handleError has already chosen the status and the caller's language.
func sendOpen311Error(c echo.Context, status int, d errorDetail) {
	desc := d.Message
	if d.Field != "" && !strings.Contains(desc, d.Field) {
		desc = d.Field + ": " + desc
	}
	_ = open311Send(c, status, open311Errors{{Code: status, Description: desc}})
}

type open311Services []open311Service

func (l open311Services) xmlDoc() any {
	return struct {
		XMLName  xml.Name         `xml:"services"`
		Services []open311Service `xml:"service"`
	}{Services: l}
}

// serviceRequests is a list of requests (open311Request) or of the
// receipts of new ones (open311Receipt): <service_requests><request>.
type serviceRequests[T any] []T

type (
	open311Requests = serviceRequests[open311Request]
	open311Receipts = serviceRequests[open311Receipt]
)

func (l serviceRequests[T]) xmlDoc() any {
	return struct {
		XMLName  xml.Name `xml:"service_requests"`
		Requests []T      `xml:"request"`
	}{Requests: l}
}

func (d *open311Discovery) xmlDoc() any {
	type endpoint struct {
		Specification string   `xml:"specification"`
		URL           string   `xml:"url"`
		Changeset     string   `xml:"changeset"`
		Type          string   `xml:"type"`
		Formats       []string `xml:"formats>format"`
	}
	out := struct {
		XMLName    xml.Name   `xml:"discovery"`
		Changeset  string     `xml:"changeset"`
		Contact    string     `xml:"contact"`
		KeyService string     `xml:"key_service"`
		Endpoints  []endpoint `xml:"endpoints>endpoint"`
	}{Changeset: d.Changeset, Contact: d.Contact, KeyService: d.KeyService}
	for _, e := range d.Endpoints {
		out.Endpoints = append(out.Endpoints, endpoint(e))
	}
	return out
}
