package handlers

import (
	"github.com/gofiber/fiber/v2"

	"ecomdash/charts"
	"ecomdash/charts/firstpaint"
	"ecomdash/handlers/clientip"
	"ecomdash/handlers/respcache"
)

// First paint: pages and embeds arrive with their charts drawn as SVG
// (charts/firstpaint draws and cleans them); here is only what HTTP adds:
// the render limit for charts anyone can ask for by URL, and the cache the
// SVGs are kept in.

// paintIfAllowed is h.painter.Paint for charts anyone can ask for by URL (a
// comparison's state): drawing SVGs not yet cached costs the client render
// tokens like an image; without tokens the page comes without its first
// paint (the script draws the chart), never with a 429.
func (h *Handler) paintIfAllowed(c *fiber.Ctx, v charts.View, jobs []firstpaint.Job) map[string]firstpaint.Paint {
	missing, err := h.painter.Uncached(v, jobs)
	if err != nil {
		return nil
	}
	if missing > 0 {
		if ok, _ := h.renderLimit.AllowN(clientip.Of(c), missing); !ok {
			return nil
		}
	}
	return h.painter.Paint(c.UserContext(), v, jobs)
}

// paintCache keeps first paints in a response cache, at data version 0:
// they are keyed by what they draw, not by the data they were drawn from.
type paintCache struct {
	cache *respcache.Cache[firstpaint.Key]
}

// Get returns the SVG of key, drawing it once if it is not cached.
func (p paintCache) Get(key firstpaint.Key, draw func() ([]byte, error)) ([]byte, error) {
	e, err := p.cache.Get(0, key, func() (*respcache.Entry, error) {
		svg, err := draw()
		if err != nil {
			return nil, err
		}
		return respcache.New(svg, "image/svg+xml", ""), nil
	})
	if err != nil {
		return nil, err
	}
	return e.Body(), nil
}

// Contains reports whether the SVG of key is cached.
func (p paintCache) Contains(key firstpaint.Key) bool { return p.cache.Contains(0, key) }
