package api

import (
	"container/list"
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
// own, so a key need not name the revision. Safe for concurrent use.
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

// put keeps b for key, dropping the least recently used answers past the
// bounds; an answer larger than a quarter of the byte bound is not kept.
func (pc *pageCache) put(key string, b *body) {
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
	pc.byKey[key] = pc.lru.PushFront(&pageEntry{key: key, b: b, size: size})
	pc.bytes += size
	for pc.lru.Len() > pc.maxEntries || pc.bytes > pc.maxBytes {
		old := pc.lru.Remove(pc.lru.Back()).(*pageEntry)
		delete(pc.byKey, old.key)
		pc.bytes -= old.size
	}
}

// len returns how many answers are kept and their size.
func (pc *pageCache) len() (n, bytes int) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	return pc.lru.Len(), pc.bytes
}

// cached returns the answer of sn kept for key, or encodes it with
// encode, precompresses it and keeps it. encode's errors are not kept.
// An empty key is an answer that will not be asked again: encoded, not
// kept, compressed only for a client that takes gzip.
func (s *Server) cached(sn *snapshot, key string, encode func() ([]byte, error)) (*body, error) {
	if key == "" {
		raw, err := encode()
		if err != nil {
			return nil, err
		}
		return s.newBody(raw), nil
	}
	if b := sn.pages.get(key); b != nil {
		return b, nil
	}
	raw, err := encode()
	if err != nil {
		return nil, err
	}
	b := s.encodedBody(raw)
	sn.pages.put(key, b)
	return b, nil
}
