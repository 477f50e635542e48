// Package frontend holds the map app that the API server serves at "/": plain
// HTML, CSS and ES modules with Leaflet vendored, so that nothing is built or
// downloaded at run time.
package frontend

import (
	"embed"
	"io/fs"
)

//go:embed static
var static embed.FS

// FS returns the app's files rooted at the static directory (index.html at
// its top), ready for http.FS or Echo's static handler.
func FS() fs.FS {
	sub, err := fs.Sub(static, "static")
	if err != nil {
		// fs.Sub fails only for an invalid path; "static" is a constant.
		panic(err)
	}
	return sub
}
