package handlers

// Stats is a snapshot of the handler's caches and image renderer, read by
// the /metrics endpoint.
type Stats struct {
	// Responses, Images and Paints describe the page and API cache, the
	// image cache and the first-paint SVG cache.
	Responses, Images, Paints CacheStats
	// RenderVMs, RenderBusy and RenderWaiting describe the renderer's VM
	// pool: all zero until the first image is drawn.
	RenderVMs, RenderBusy, RenderWaiting int
	// RenderMemory is the drawing memory renders hold now, and
	// RenderMemoryBudget its bound (zero until the first image).
	RenderMemory, RenderMemoryBudget int64
	// DataVersion is the data version the caches serve.
	DataVersion int64
	// RateLimited counts requests refused with 429 by the render and import
	// limits.
	RateLimited uint64
}

// CacheStats describes one cache.
type CacheStats struct {
	// Hits counts requests served from the cache; Misses those that built
	// (for images: rendered) what they served.
	Hits, Misses uint64
	// Entries is the number of entries held, Bytes their size and Capacity
	// the bound on it.
	Entries         int
	Bytes, Capacity int64
}

// Stats returns the current figures. It does not touch the database.
func (h *Handler) Stats() Stats {
	var s Stats
	r := &s.Responses
	r.Hits, r.Misses, r.Entries, r.Bytes, r.Capacity = h.responses.Stats()
	i := &s.Images
	i.Hits, i.Misses, i.Entries, i.Bytes, i.Capacity = h.images.Stats()
	f := &s.Paints
	f.Hits, f.Misses, f.Entries, f.Bytes, f.Capacity = h.paints.Stats()
	p := h.renderer.Stats()
	s.RenderVMs, s.RenderBusy, s.RenderWaiting = p.Size, p.Busy, p.Waiting
	s.RenderMemory, s.RenderMemoryBudget = p.MemoryInUse, p.MemoryBudget
	s.DataVersion = h.charts.CachedVersion()
	s.RateLimited = h.rateLimited.Load()
	return s
}
