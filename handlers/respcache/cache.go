package respcache

import (
	"container/list"
	"fmt"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/singleflight"
)

// Cache holds entries built for one data version, under keys of type K (a
// URL for pages and API answers, a struct naming the image for images), up
// to a bound in bytes. Asking for another version (a change, or a restored
// backup) drops everything built before; past the bound, the least recently
// used entries go. Concurrent requests for one missing key share one build.
type Cache[K comparable] struct {
	flight singleflight.Group

	mu       sync.Mutex
	version  int64
	capacity int64      // bytes
	size     int64      // bytes held
	order    *list.List // of *item, most recently used first
	items    map[versioned[K]]*list.Element

	hits, misses atomic.Uint64
}

// versioned is a key at one data version, so an entry is never served for
// another version even while requests that read different versions race.
type versioned[K comparable] struct {
	version int64
	key     K
}

// item is one cached entry and what it costs.
type item[K comparable] struct {
	key   versioned[K]
	entry *Entry
	size  int64
}

// NewCache returns a cache holding at most capacity bytes of entries (see
// Entry.Size).
func NewCache[K comparable](capacity int64) (*Cache[K], error) {
	if capacity <= 0 {
		return nil, fmt.Errorf("response cache of %d bytes: the capacity must be positive", capacity)
	}
	return &Cache[K]{capacity: capacity, order: list.New(), items: map[versioned[K]]*list.Element{}}, nil
}

// at moves the cache to version, dropping what older versions built; the
// caller holds mu.
func (c *Cache[K]) at(version int64) {
	if version != c.version {
		c.version = version
		c.order.Init()
		clear(c.items)
		c.size = 0
	}
}

// Peek returns the entry for key at data version if it is cached, counting
// a hit; it builds nothing.
func (c *Cache[K]) Peek(version int64, key K) (*Entry, bool) {
	c.mu.Lock()
	c.at(version)
	el, ok := c.items[versioned[K]{version, key}]
	if ok {
		c.order.MoveToFront(el)
	}
	c.mu.Unlock()
	if !ok {
		return nil, false
	}
	c.hits.Add(1)
	return el.Value.(*item[K]).entry, true
}

// Contains reports whether key is cached at data version, without counting
// a hit or touching its recency.
func (c *Cache[K]) Contains(version int64, key K) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.items[versioned[K]{version, key}]
	return ok
}

// add keeps e under k, evicting the least recently used entries to stay
// within the capacity; an entry larger than the whole capacity is not kept.
func (c *Cache[K]) add(k versioned[K], e *Entry) {
	size := e.Size()
	c.mu.Lock()
	defer c.mu.Unlock()
	if k.version != c.version || size > c.capacity {
		return
	}
	if el, ok := c.items[k]; ok {
		c.size -= el.Value.(*item[K]).size
		c.order.Remove(el)
	}
	for c.size+size > c.capacity {
		last := c.order.Back()
		it := last.Value.(*item[K])
		c.order.Remove(last)
		delete(c.items, it.key)
		c.size -= it.size
	}
	c.items[k] = c.order.PushFront(&item[K]{key: k, entry: e, size: size})
	c.size += size
}

// Get returns the entry for key at data version, calling build at most once
// for concurrent requests of the same key. The cache keeps key: it must not
// change afterwards (Fiber's strings point into a buffer the next request
// reuses; pass a copy). An error from build is returned
// to every waiting caller and nothing is cached, so the next request tries
// again.
func (c *Cache[K]) Get(version int64, key K, build func() (*Entry, error)) (*Entry, error) {
	if e, ok := c.Peek(version, key); ok {
		return e, nil
	}
	built := false
	v, err, _ := c.flight.Do(fmt.Sprintf("%d\x00%v", version, key), func() (any, error) {
		k := versioned[K]{version, key}
		c.mu.Lock()
		el, ok := c.items[k]
		c.mu.Unlock()
		if ok {
			return el.Value.(*item[K]).entry, nil
		}
		built = true
		c.misses.Add(1)
		e, err := build()
		if err != nil {
			return nil, err
		}
		c.add(k, e)
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

// Stats reports the cache's hit and miss counts since it was made, the
// number of entries it holds, their size and its capacity in bytes.
func (c *Cache[K]) Stats() (hits, misses uint64, entries int, bytes, capacity int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits.Load(), c.misses.Load(), len(c.items), c.size, c.capacity
}
