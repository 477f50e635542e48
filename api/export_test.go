package api

// PageCacheSize returns how many encoded answers the current snapshot
// keeps and their bytes, and the bounds: for the tests of api_test.
func PageCacheSize(s *Server) (n, bytes, maxEntries, maxBytes int) {
	sn := s.cache.cur.Load()
	if sn == nil {
		return 0, 0, pageCacheEntries, pageCacheBytes
	}
	n, bytes = sn.pages.len()
	return n, bytes, sn.pages.maxEntries, sn.pages.maxBytes
}
