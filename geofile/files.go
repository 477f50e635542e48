package geofile

import (
	"archive/zip"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"gridmap/data"
)

// fileSet is a folder or a zip: the files a layer's parts are looked up in.
type fileSet interface {
	// names lists the files, with folders separated by "/".
	names() []string
	// read returns a file's bytes, or an error naming display.
	read(name string) ([]byte, error)
	// display is how errors name a file of the set.
	display(name string) string
}

// dirFiles is the folder a .shp lies in.
type dirFiles struct{ dir string }

func (d dirFiles) names() []string {
	entries, _ := os.ReadDir(d.dir)
	var out []string
	for _, e := range entries {
		if !e.IsDir() {
			out = append(out, e.Name())
		}
	}
	return out
}

func (d dirFiles) read(name string) ([]byte, error) {
	b, err := os.ReadFile(filepath.Join(d.dir, name))
	if err != nil {
		return nil, data.FieldErrorf("file", "%s cannot be opened: %s", name, errText(err))
	}
	return b, nil
}

func (d dirFiles) display(name string) string { return name }

// zipFiles is a zip archive whose members are read within a budget of
// expanded bytes, however large their headers claim them to be.
type zipFiles struct {
	name   string
	z      *zip.Reader
	budget *int64
}

func (z zipFiles) names() []string {
	var out []string
	for _, f := range z.z.File {
		n := f.Name
		if strings.HasSuffix(n, "/") || strings.HasPrefix(n, "__MACOSX/") || strings.HasPrefix(path.Base(n), "._") {
			continue
		}
		out = append(out, n)
	}
	return out
}

func (z zipFiles) read(name string) ([]byte, error) {
	for _, f := range z.z.File {
		if f.Name != name {
			continue
		}
		if f.UncompressedSize64 > uint64(*z.budget) {
			return nil, z.bomb()
		}
		rc, err := f.Open()
		if err != nil {
			return nil, data.FieldErrorf("file", "%s cannot be opened: %s", z.display(name), errText(err))
		}
		defer rc.Close()
		b, err := io.ReadAll(io.LimitReader(rc, *z.budget+1))
		if err != nil {
			return nil, data.FieldErrorf("file", "%s cannot be opened: %s", z.display(name), errText(err))
		}
		if int64(len(b)) > *z.budget {
			return nil, z.bomb()
		}
		*z.budget -= int64(len(b))
		return b, nil
	}
	return nil, data.FieldErrorf("file", "%s cannot be opened: %s", z.display(name), "not in the zip")
}

func (z zipFiles) bomb() error {
	return data.FieldErrorf("file", "%s would expand to more than %d MB; a file may expand to at most that.", z.name, (*z.budget+1)>>20)
}

func (z zipFiles) display(name string) string { return z.name + ": " + name }

// readZip reads a .zip or .kmz: the shapefile, KML, GeoPackage or GeoJSON
// layer in it.
func readZip(name string, r io.ReaderAt, size int64, opt Options) (*Layer, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, data.FieldErrorf("file", "%s is not a readable zip archive: %s", name, errText(err))
	}
	budget := opt.maxBytes()
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		// Zips made on a Chinese Windows (its 压缩文件夹, WinRAR, 360压缩)
		// store names in the code page, GBK, without the UTF-8 flag.
		if !utf8.ValidString(f.Name) {
			if s, err := simplifiedchinese.GB18030.NewDecoder().String(f.Name); err == nil {
				f.Name = s
			}
		}
	}
	if total > uint64(budget) {
		return nil, data.FieldErrorf("file", "%s would expand to more than %d MB; a file may expand to at most that.", name, budget>>20)
	}
	zf := zipFiles{name: name, z: zr, budget: &budget}
	names := zf.names()
	byExt := func(exts ...string) []string {
		var out []string
		for _, n := range names {
			if slices.Contains(exts, strings.ToLower(path.Ext(n))) {
				out = append(out, n)
			}
		}
		return out
	}
	if shps := byExt(".shp"); len(shps) > 0 {
		layers := make([]string, len(shps))
		for i, s := range shps {
			layers[i] = stem(s)
		}
		l, err := pickLayer(name, layers, opt.Layer)
		if err != nil {
			return nil, err
		}
		shp := shps[slices.Index(layers, l)]
		opt.Layer = ""
		return readShapefile(name, zf, shp, opt)
	}
	if kmls := byExt(".kml"); len(kmls) > 0 {
		return readKMZ(name, zf, kmls, opt)
	}
	if gpkgs := byExt(".gpkg"); len(gpkgs) == 1 {
		b, err := zf.read(gpkgs[0])
		if err != nil {
			return nil, err
		}
		return readGPKGBytes(zf.display(gpkgs[0]), b, opt)
	}
	if js := byExt(".geojson", ".json"); len(js) == 1 {
		b, err := zf.read(js[0])
		if err != nil {
			return nil, err
		}
		return readGeoJSON(zf.display(js[0]), b, opt)
	}
	return nil, data.FieldErrorf("file", "%s holds no layer gridmap reads (a .shp with its .shx and .dbf, a .kml, a .gpkg or a .geojson).", name)
}

// sibling finds the file of set beside shp (same folder, same stem) with
// extension ext, matching case-insensitively, or "".
func sibling(set fileSet, shp, ext string) string {
	want := strings.ToLower(strings.TrimSuffix(shp, path.Ext(shp)) + ext)
	for _, n := range set.names() {
		if strings.ToLower(n) == want {
			return n
		}
	}
	return ""
}

// readKMZ reads the KML of a KMZ: its doc.kml (else its first .kml), or,
// when that only links to others as GDAL's LIBKML driver writes them
// (layers/NAME.kml), the linked file of the chosen layer.
func readKMZ(name string, zf zipFiles, kmls []string, opt Options) (*Layer, error) {
	doc := kmls[0]
	for _, k := range kmls {
		if strings.EqualFold(path.Base(k), "doc.kml") {
			doc = k
			break
		}
	}
	var others, layers []string
	for _, k := range kmls {
		if k != doc {
			others = append(others, k)
			layers = append(layers, stem(k))
		}
	}
	read := func(member string, opt Options) (*Layer, error) {
		b, err := zf.read(member)
		if err != nil {
			return nil, err
		}
		return readKML(zf.display(member), b, "kmz", opt)
	}
	if i := slices.Index(layers, opt.Layer); opt.Layer != "" && i >= 0 {
		opt.Layer = ""
		return read(others[i], opt)
	}
	l, err := read(doc, opt)
	if err != nil || len(l.Features) > 0 || opt.Layer != "" || len(others) == 0 {
		return l, err
	}
	layer, err := pickLayer(name, layers, "")
	if err != nil {
		return nil, err
	}
	return read(others[slices.Index(layers, layer)], opt)
}
