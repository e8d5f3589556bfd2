package respcache

import (
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"

	lru "github.com/hashicorp/golang-lru/v2"
	"golang.org/x/sync/singleflight"
)

// Cache holds entries for one data version. Asking for another version (a
// change, or a restored backup) drops everything built before; a bounded
// LRU keeps the number of distinct URLs (query strings vary) from growing
// without limit.
type Cache struct {
	entries *lru.Cache[string, *Entry]
	flight  singleflight.Group

	mu      sync.Mutex
	version int64

	hits, misses atomic.Uint64
}

// NewCache returns a cache holding at most size entries.
func NewCache(size int) (*Cache, error) {
	entries, err := lru.New[string, *Entry](size)
	if err != nil {
		return nil, fmt.Errorf("response cache of %d entries: %w", size, err)
	}
	return &Cache{entries: entries}, nil
}

// Get returns the entry for key at data version, calling build at most once
// for concurrent requests of the same key. An error from build is returned
// to every waiting caller and nothing is cached, so the next request tries
// again.
func (c *Cache) Get(version int64, key string, build func() (*Entry, error)) (*Entry, error) {
	c.mu.Lock()
	if version != c.version {
		c.version = version
		c.entries.Purge()
	}
	c.mu.Unlock()
	k := strconv.FormatInt(version, 10) + "\x00" + key
	if e, ok := c.entries.Get(k); ok {
		c.hits.Add(1)
		return e, nil
	}
	built := false
	v, err, _ := c.flight.Do(k, func() (any, error) {
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
func (c *Cache) Stats() (hits, misses uint64, entries int) {
	return c.hits.Load(), c.misses.Load(), c.entries.Len()
}
