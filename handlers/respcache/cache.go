package respcache

import (
	"fmt"
	"sync"
	"sync/atomic"

	lru "github.com/hashicorp/golang-lru/v2"
	"golang.org/x/sync/singleflight"
)

// Cache holds entries built for one data version, under keys of type K (a
// URL for pages and API answers, a struct naming the image for images).
// Asking for another version (a change, or a restored backup) drops
// everything built before; a bounded LRU keeps the number of distinct keys
// (query strings vary) from growing without limit. Concurrent requests for
// one missing key share one build.
type Cache[K comparable] struct {
	entries *lru.Cache[versioned[K], *Entry]
	flight  singleflight.Group

	mu      sync.Mutex
	version int64

	hits, misses atomic.Uint64
}

// versioned is a key at one data version, so an entry is never served for
// another version even while requests that read different versions race.
type versioned[K comparable] struct {
	version int64
	key     K
}

// NewCache returns a cache holding at most size entries.
func NewCache[K comparable](size int) (*Cache[K], error) {
	entries, err := lru.New[versioned[K], *Entry](size)
	if err != nil {
		return nil, fmt.Errorf("response cache of %d entries: %w", size, err)
	}
	return &Cache[K]{entries: entries}, nil
}

// at moves the cache to version, dropping what older versions built.
func (c *Cache[K]) at(version int64) {
	c.mu.Lock()
	if version != c.version {
		c.version = version
		c.entries.Purge()
	}
	c.mu.Unlock()
}

// Peek returns the entry for key at data version if it is cached, counting
// a hit; it builds nothing.
func (c *Cache[K]) Peek(version int64, key K) (*Entry, bool) {
	c.at(version)
	e, ok := c.entries.Get(versioned[K]{version, key})
	if ok {
		c.hits.Add(1)
	}
	return e, ok
}

// Get returns the entry for key at data version, calling build at most once
// for concurrent requests of the same key. An error from build is returned
// to every waiting caller and nothing is cached, so the next request tries
// again.
func (c *Cache[K]) Get(version int64, key K, build func() (*Entry, error)) (*Entry, error) {
	if e, ok := c.Peek(version, key); ok {
		return e, nil
	}
	built := false
	v, err, _ := c.flight.Do(fmt.Sprintf("%d\x00%v", version, key), func() (any, error) {
		k := versioned[K]{version, key}
		if e, ok := c.entries.Get(k); ok {
			return e, nil
		}
		built = true
		c.misses.Add(1)
		e, err := build()
		if err != nil {
			return nil, err
		}
		c.entries.Add(k, e)
		return e, nil
	})
	if err != nil {
		return nil, err
	}
	if !built { // served by another request's build: a hit for this one
		c.hits.Add(1)
	}
	return v.(*Entry), nil
}

// Stats reports the cache's hit and miss counts since it was made, and the
// number of entries it holds.
func (c *Cache[K]) Stats() (hits, misses uint64, entries int) {
	return c.hits.Load(), c.misses.Load(), c.entries.Len()
}
