package api

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"

	"github.com/labstack/echo/v4"

	"gridmap/data"
	"gridmap/export"
)

// exportLayer answers GET|HEAD /api/export/{layer}?format=: a layer of
// the town as a file to download (see package export), named in its
// Content-Disposition. Cells and units are for everyone who sees the map
// (the cells' grid workers named as staffGridWorkers would show them);
// incidents for those who may list them, in their area, with parties,
// descriptions and unmasked summaries for admins alone; residents for
// admins alone. An export with personal data is audited before it is
// sent. The file is built in a temporary file first, so that a failure
// still answers with an error, and the download has its length. A HEAD
// builds nothing.
func (s *Server) exportLayer(c echo.Context) error {
	p := who(c)
	layer, format := c.Param("layer"), c.QueryParam("format")
	if err := export.Check(layer, "csv"); err != nil {
		return err
	}
	var opt export.Options
	switch layer {
	case export.Residents:
		if err := p.requireRole("exports of personal data", data.RoleAdmin); err != nil {
			return err
		}
		opt.Personal = true
	case export.Cells:
		opt.HideStaff = !s.seesStaffContacts(p)
	case export.Incidents:
		if err := p.scopeIncidents(&opt.Scope); err != nil {
			return err
		}
		opt.Personal = p.role() == data.RoleAdmin
	}
	if err := export.Check(layer, format); err != nil {
		return err
	}
	ctx := c.Request().Context()
	res := c.Response()
	if c.Request().Method == http.MethodHead {
		s.exportHeaders(ctx, res.Header(), layer, format)
		return c.NoContent(http.StatusOK)
	}
	if opt.Personal {
		if err := s.audit(c, "export_"+layer, "town", format); err != nil {
			return err
		}
	}
	tmp, err := spoolFile("export-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	if _, err := export.Write(ctx, s.store, tmp, layer, format, opt); err != nil {
		return err
	}
	size, err := tmp.Seek(0, io.SeekCurrent)
	if err != nil {
		return err
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return err
	}
	s.exportHeaders(ctx, res.Header(), layer, format)
	res.Header().Set(echo.HeaderContentLength, strconv.FormatInt(size, 10))
	res.WriteHeader(http.StatusOK)
	_, err = io.Copy(res, tmp)
	return err
}

// layerNames are the Chinese names of the layers, for file names.
var layerNames = map[string]string{export.Cells: "网格", export.Units: "村社区", export.Incidents: "事件", export.Residents: "居民"}

// exportHeaders sets the type and the file name of an export: the town's
// name, the layer's and the date in Chinese (安稳镇-网格-20261206.zip),
// with an ASCII name for older clients (500110119000-cells-20261206.zip).
func (s *Server) exportHeaders(ctx context.Context, h http.Header, layer, format string) {
	code, name := "gridmap", "gridmap"
	if t, err := s.store.Town(ctx); err == nil {
		code, name = t.Code, t.Name
	}
	day := s.now().In(data.CST).Format("20060102")
	ext := export.Ext(format)
	ascii := code + "-" + layer + "-" + day + ext
	utf := name + "-" + layerNames[layer] + "-" + day + ext
	h.Set(echo.HeaderContentType, export.ContentType(format))
	h.Set(echo.HeaderContentDisposition, `attachment; filename="`+ascii+`"; filename*=UTF-8''`+url.PathEscape(utf))
}
