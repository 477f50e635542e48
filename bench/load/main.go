// Command load is the HTTP load generator of bench/ceiling.sh (wrk is not
// installed here): -c connections, each a keep-alive client sending GET
// requests one after another for -d, then it prints the name, the
// requests per second answered 200 with their whole body read, the mean
// body size and the other answers:
//
//	load -c 16 -d 5s -name cells-gzip -gzip http://127.0.0.1:18100/api/cells
//	cells-gzip 11500.2 req/s 41234 B/answer 0 failed
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
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: load [-c N] [-d T] [-gzip] [-name NAME] URL")
		os.Exit(2)
	}
	url := flag.Arg(0)
	if *name == "" {
		*name = url
	}
	var ok, failed, bytes atomic.Int64
	start := time.Now()
	deadline := start.Add(*dur)
	var wg sync.WaitGroup
	for range *conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// One transport per connection: each keeps its one connection.
			c := &http.Client{Transport: &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: 1}}
			req, _ := http.NewRequest(http.MethodGet, url, nil)
			if *gz {
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
	secs := time.Since(start).Seconds()
	mean := int64(0)
	if n := ok.Load(); n > 0 {
		mean = bytes.Load() / n
	}
	fmt.Printf("%s %.1f req/s %d B/answer %d failed\n", *name, float64(ok.Load())/secs, mean, failed.Load())
}
