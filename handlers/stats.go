package handlers

// Stats is a snapshot of the handler's caches and image renderer, read by
// the /metrics endpoint.
type Stats struct {
	// ResponseHits and ResponseMisses count pages and API answers served
	// from the response cache and built for it; ResponseEntries is its size.
	ResponseHits, ResponseMisses uint64
	ResponseEntries              int
	// ImageHits counts images served from the image cache; ImageRenders
	// counts renders (cache misses).
	ImageHits, ImageRenders uint64
	// RenderVMs, RenderBusy and RenderWaiting describe the renderer's VM
	// pool: all zero until the first image is drawn.
	RenderVMs, RenderBusy, RenderWaiting int
	// DataVersion is the data version the caches serve.
	DataVersion int64
	// RateLimited counts requests refused with 429 by the render and import
	// limits.
	RateLimited uint64
}

// Stats returns the current figures. It does not touch the database.
func (h *Handler) Stats() Stats {
	var s Stats
	s.ResponseHits, s.ResponseMisses, s.ResponseEntries = h.responses.Stats()
	s.ImageHits, s.ImageRenders, _ = h.images.Stats()
	p := h.renderer.poolStats()
	s.RenderVMs, s.RenderBusy, s.RenderWaiting = p.Size, p.Busy, p.Waiting
	s.DataVersion = h.charts.CachedVersion()
	s.RateLimited = h.rateLimited.Load()
	return s
}
