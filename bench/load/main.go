// Command load is the HTTP load generator of the bench scripts
// (compare-servers.sh; wrk is not installed here): -c
// connections, each a keep-alive client sending GET requests one after
// another for -d, then it prints the name, the requests per second
// answered 200 with their whole body read, the mean body size and the
// other answers:
//
//	load -c 16 -d 5s -name cells-gzip -gzip http://127.0.0.1:18100/api/cells
//	cells-gzip 11500.2 req/s 41234 B/answer 0 failed
//
// With -once it sends one request and prints its time in milliseconds
// instead (the first answer of a cold cache):
//
//	load -once -name tile-first http://127.0.0.1:18100/tiles/cells/10/822/420.mvt
//	tile-first 1234.5 ms 56789 B
//
// With -writes N it measures reads without and with N writes a second
// (bench/writes.sh; see writes.go): load -writes 40 -password P http://127.0.0.1:18101
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"

	"gridmap/bench/rate"
)

func main() {
	conns := flag.Int("c", 16, "connections")
	dur := flag.Duration("d", 5*time.Second, "how long to send requests")
	gz := flag.Bool("gzip", false, "send Accept-Encoding: gzip (the body is read, not decompressed)")
	once := flag.Bool("once", false, "send one request and print its time")
	name := flag.String("name", "", "name printed before the figures; the URL when empty")
	writes := flag.Int("writes", 0, "writes mode: reports a second while reading; the argument is the server's base URL")
	rounds := flag.Int("rounds", 3, "writes mode: rounds of every route without and with writes")
	user := flag.String("user", "admin", "writes mode: the administrator's username")
	only := flag.String("routes", "", "writes mode: the routes to measure, by name, comma-separated (cells, cells-gzip, ogc, ogc-gzip, locate); all when empty")
	password := flag.String("password", os.Getenv("GRIDMAP_ADMIN_PASSWORD"), "writes mode: the administrator's password ($GRIDMAP_ADMIN_PASSWORD)")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: load [-c N] [-d T] [-gzip] [-once] [-name NAME] URL\n       load -writes N [-rounds R] [-c N] [-d T] [-user U] [-password P] BASE_URL")
		os.Exit(2)
	}
	url := flag.Arg(0)
	if *writes > 0 {
		if err := writesMode(url, *user, *password, *writes, *rounds, *conns, *dur, *only); err != nil {
			fmt.Fprintln(os.Stderr, "load:", err)
			os.Exit(1)
		}
		return
	}
	if *name == "" {
		*name = url
	}
	newWorker := worker(url, *gz)
	if *once {
		w, _ := newWorker()
		start := time.Now()
		n, err := w(context.Background())
		if err != nil {
			fmt.Fprintln(os.Stderr, "load:", err)
			os.Exit(1)
		}
		fmt.Printf("%s %.1f ms %d B\n", *name, float64(time.Since(start).Microseconds())/1000, n)
		return
	}
	r, _ := rate.Run(context.Background(), *name, *conns, *dur, newWorker)
	fmt.Println(r)
}

// worker returns the request functions of rate.Run: each GETs url on its
// own connection.
func worker(url string, gz bool) func() (func(context.Context) (int, error), error) {
	return func() (func(context.Context) (int, error), error) {
		// One transport per connection: each keeps its one connection. A
		// server that stops answering fails the request rather than
		// holding the run (which waits for the requests under way).
		c := &http.Client{Timeout: time.Minute, Transport: &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: 1}}
		return func(ctx context.Context) (int, error) { return get(ctx, c, url, gz) }, nil
	}
}

// get sends one GET and reads the whole answer; anything but 200 is an
// error.
func get(ctx context.Context, c *http.Client, url string, gz bool) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	if gz {
		req.Header.Set("Accept-Encoding", "gzip")
	}
	res, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	n, err := io.Copy(io.Discard, res.Body)
	if err != nil {
		return 0, err
	}
	if res.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("%s: %s", url, res.Status)
	}
	return int(n), nil
}
