// Command load is the HTTP load generator of bench/ceiling.sh and
// bench/writes.sh (wrk is not installed here): -c connections, each a
// keep-alive client sending GET requests one after another for -d, then it
// prints the name, the requests per second answered 200 with their whole
// body read, the mean body size and the other answers:
//
//	load -c 16 -d 5s -name cells-gzip -gzip http://127.0.0.1:18100/api/cells
//	cells-gzip 11500.2 req/s 41234 B/answer 0 failed
//
// With -writes N it measures reads without and with N writes a second
// instead (see writes.go): load -writes 40 -password P http://127.0.0.1:18101
package main

import (
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	conns := flag.Int("c", 16, "connections")
	dur := flag.Duration("d", 5*time.Second, "how long to send requests")
	gz := flag.Bool("gzip", false, "send Accept-Encoding: gzip (the body is read, not decompressed)")
	name := flag.String("name", "", "name printed before the figures; the URL when empty")
	writes := flag.Int("writes", 0, "writes mode: reports a second while reading; the argument is the server's base URL")
	rounds := flag.Int("rounds", 3, "writes mode: rounds of every route without and with writes")
	user := flag.String("user", "admin", "writes mode: the administrator's username")
	password := flag.String("password", os.Getenv("GRIDMAP_ADMIN_PASSWORD"), "writes mode: the administrator's password ($GRIDMAP_ADMIN_PASSWORD)")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: load [-c N] [-d T] [-gzip] [-name NAME] URL\n       load -writes N [-rounds R] [-c N] [-d T] [-user U] [-password P] BASE_URL")
		os.Exit(2)
	}
	url := flag.Arg(0)
	if *writes > 0 {
		if err := writesMode(url, *user, *password, *writes, *rounds, *conns, *dur); err != nil {
			fmt.Fprintln(os.Stderr, "load:", err)
			os.Exit(1)
		}
		return
	}
	if *name == "" {
		*name = url
	}
	r := load(url, *gz, *conns, *dur)
	mean := int64(0)
	if r.ok > 0 {
		mean = r.bytes / r.ok
	}
	fmt.Printf("%s %.1f req/s %d B/answer %d failed\n", *name, r.perSecond(), mean, r.failed)
}

// result is what one load run answered.
type result struct {
	ok, failed, bytes int64
	took              time.Duration
}

func (r result) perSecond() float64 { return float64(r.ok) / r.took.Seconds() }

// load sends GET requests to url from conns connections for dur.
func load(url string, gz bool, conns int, dur time.Duration) result {
	var ok, failed, bytes atomic.Int64
	start := time.Now()
	deadline := start.Add(dur)
	var wg sync.WaitGroup
	for range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// One transport per connection: each keeps its one connection.
			c := &http.Client{Transport: &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: 1}}
			req, _ := http.NewRequest(http.MethodGet, url, nil)
			if gz {
				req.Header.Set("Accept-Encoding", "gzip")
			}
			for time.Now().Before(deadline) {
				res, err := c.Do(req)
				if err != nil {
					failed.Add(1)
					time.Sleep(10 * time.Millisecond)
					continue
				}
				n, err := io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if err != nil || res.StatusCode != http.StatusOK {
					failed.Add(1)
					continue
				}
				ok.Add(1)
				bytes.Add(n)
			}
		}()
	}
	wg.Wait()
	return result{ok: ok.Load(), failed: failed.Load(), bytes: bytes.Load(), took: time.Since(start)}
}
