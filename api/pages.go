package api

import (
	"container/list"
	"slices"
	"sync"
)

// The bounds of a snapshot's page cache: how many encoded answers it keeps
// and how many bytes (plain and gzip) they may take in all.
const (
	pageCacheEntries = 256
	pageCacheBytes   = 64 << 20
)

// pageCache keeps the encoded answers of one snapshot (pages of the OGC
// collections, single features, the hotspot series) by their request's
// key, least recently used first out, within a count and a byte bound:
// arbitrary parameters cannot grow it past them. Each snapshot has its
// own, so a key need not name the revision; a snapshot made by an
// incident write starts with the answers of the one before that show
// nothing the write changed (carry). Safe for concurrent use.
type pageCache struct {
	maxEntries, maxBytes int

	mu    sync.Mutex
	bytes int
	lru   list.List // of *pageEntry, most recently used first
	byKey map[string]*list.Element
}

type pageEntry struct {
	key  string
	b    *body
	size int
	deps pageDeps
}

// pageDeps says what of the incidents an answer shows: an answer that
// counts incidents (a hotspot series) is encoded again after every
// incident write, one that shows open incident counts of cells only after
// a write that changed one of them, any other is kept until the shapes,
// names or people change (and with them the whole snapshot).
type pageDeps struct {
	incidents bool
	cells     []int // the positions of the cells whose counts it shows
}

func newPageCache(maxEntries, maxBytes int) *pageCache {
	return &pageCache{maxEntries: maxEntries, maxBytes: maxBytes, byKey: map[string]*list.Element{}}
}

// get returns the answer kept for key, or nil.
func (pc *pageCache) get(key string) *body {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	e, ok := pc.byKey[key]
	if !ok {
		return nil
	}
	pc.lru.MoveToFront(e)
	return e.Value.(*pageEntry).b
}

// put keeps b, which shows deps, for key, dropping the least recently
// used answers past the bounds; an answer larger than a quarter of the
// byte bound is not kept.
func (pc *pageCache) put(key string, b *body, deps pageDeps) {
	size := len(key) + b.size()
	if size > pc.maxBytes/4 {
		return
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if e, ok := pc.byKey[key]; ok { // another request encoded it meanwhile
		pc.lru.MoveToFront(e)
		return
	}
	pc.byKey[key] = pc.lru.PushFront(&pageEntry{key: key, b: b, size: size, deps: deps})
	pc.bytes += size
	for pc.lru.Len() > pc.maxEntries || pc.bytes > pc.maxBytes {
		old := pc.lru.Remove(pc.lru.Back()).(*pageEntry)
		delete(pc.byKey, old.key)
		pc.bytes -= old.size
	}
}

// carry returns a new cache, of the same bounds and in the same order,
// with the answers of pc that show neither incidents nor the counts of the
// cells changed (positions among n cells).
func (pc *pageCache) carry(n int, changed []int) *pageCache {
	moved := make([]bool, n)
	for _, i := range changed {
		moved[i] = true
	}
	out := newPageCache(pc.maxEntries, pc.maxBytes)
	pc.mu.Lock()
	defer pc.mu.Unlock()
	for e := pc.lru.Back(); e != nil; e = e.Prev() {
		pe := e.Value.(*pageEntry)
		if pe.deps.incidents || slices.ContainsFunc(pe.deps.cells, func(i int) bool { return moved[i] }) {
			continue
		}
		out.byKey[pe.key] = out.lru.PushFront(pe)
		out.bytes += pe.size
	}
	return out
}

// len returns how many answers are kept and their size.
func (pc *pageCache) len() (n, bytes int) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	return pc.lru.Len(), pc.bytes
}

// cached returns the answer of sn kept for key, or encodes it with
// encode, precompresses it and keeps it until the next incident write.
// encode's errors are not kept. An empty key is an answer that will not
// be asked again: encoded, not kept, compressed only for a client that
// takes gzip.
func (s *Server) cached(sn *snapshot, key string, encode func() ([]byte, error)) (*body, error) {
	return s.cachedShowing(sn, key, func() ([]byte, pageDeps, error) {
		raw, err := encode()
		return raw, pageDeps{incidents: true}, err
	})
}

// cachedShowing is cached for an answer whose encode says what of the
// incidents it shows, so that incident writes that change none of it
// keep it.
func (s *Server) cachedShowing(sn *snapshot, key string, encode func() ([]byte, pageDeps, error)) (*body, error) {
	if key == "" {
		raw, _, err := encode()
		if err != nil {
			return nil, err
		}
		return s.newBody(raw), nil
	}
	if b := sn.pages.get(key); b != nil {
		return b, nil
	}
	raw, deps, err := encode()
	if err != nil {
		return nil, err
	}
	b := s.encodedBody(raw)
	sn.pages.put(key, b, deps)
	return b, nil
}
