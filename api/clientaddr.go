package api

import (
	"net"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// proxiedAddress is the client address behind the reverse proxy that
// Config.TrustProxy says gridmap sits behind: the last X-Forwarded-For
// entry, the one that proxy appended for the connection it took. The
// entries before it are the client's to write, so none of them is trusted,
// whatever its range: echo's ExtractIPFromXFFHeader trusts private
// addresses as proxies and so took a forged entry from any client on an
// intranet, which let it lock other addresses out and dodge its own lock.
// Without the header (a request that did not pass the proxy), or with an
// entry that is no address, it is the connection's address.
func proxiedAddress(req *http.Request) string {
	direct := echo.ExtractIPDirect()(req)
	xff := req.Header.Values(echo.HeaderXForwardedFor)
	if len(xff) == 0 {
		return direct
	}
	last := xff[len(xff)-1]
	if i := strings.LastIndexByte(last, ','); i >= 0 {
		last = last[i+1:]
	}
	last = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(last), "["), "]")
	ip := net.ParseIP(last)
	if ip == nil {
		return direct
	}
	return ip.String()
}
