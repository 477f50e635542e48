// Command ceiling is the plain Go server that gridmap's reads are measured
// against (bench/compare-servers.sh): it answers each route with bytes held in
// memory, a []byte per route, the gzip form to clients that accept it,
// and nothing else: no routing framework, no middleware, no store. Routes
// come from files, path=plain[,gzip] each, for example
//
//	ceiling -addr 127.0.0.1:18100 /api/cells=cells.json,cells.json.gz /hello=hello.json
//
// A route without a gzip file always answers its plain bytes: that is
// the hello-world server set against /api/locate.
package main

import (
	"flag"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
)

// route is one path's answer.
type route struct {
	ctype    string
	plain, z []byte
}

func main() {
	addr := flag.String("addr", "127.0.0.1:18100", "address to listen on")
	flag.Parse()
	routes := map[string]*route{}
	for _, arg := range flag.Args() {
		path, files, ok := strings.Cut(arg, "=")
		if !ok {
			fail(fmt.Errorf("%q is not path=file[,gzipfile]", arg))
		}
		plainFile, gzFile, _ := strings.Cut(files, ",")
		r := &route{ctype: "application/json; charset=utf-8"}
		var err error
		if r.plain, err = os.ReadFile(plainFile); err != nil {
			fail(err)
		}
		if gzFile != "" {
			if r.z, err = os.ReadFile(gzFile); err != nil {
				fail(err)
			}
		}
		routes[path] = r
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r, ok := routes[req.URL.Path]
		if !ok {
			http.NotFound(w, req)
			return
		}
		hd := w.Header()
		hd.Set("Content-Type", r.ctype)
		out := r.plain
		if r.z != nil && strings.Contains(req.Header.Get("Accept-Encoding"), "gzip") {
			hd.Set("Content-Encoding", "gzip")
			out = r.z
		}
		hd.Set("Content-Length", strconv.Itoa(len(out)))
		w.Write(out)
	})
	fail(http.ListenAndServe(*addr, h))
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "ceiling:", err)
	os.Exit(1)
}
