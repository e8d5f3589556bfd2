package handlers

import (
	"github.com/gofiber/fiber/v2"

	"ecomdash/charts"
	"ecomdash/charts/firstpaint"
)

// regionPage is what templates/region.html needs: a region's profile
// (charts.RegionProfile).
type regionPage struct {
	Page
	*charts.Profile
}

// regionPage answers /regions/:code: the region's profile.
func (h *Handler) regionPage(c *fiber.Ctx) error {
	r, err := regionResource.byParam(h, c)
	if err != nil {
		return err
	}
	profile, err := charts.RegionProfile(h.db, r)
	if err != nil {
		return err
	}
	p := regionPage{Page: Page{Title: r.NameZH, Nav: "regions"}, Profile: profile}
	p.Paint = h.painter.Paint(c.UserContext(), charts.View{}, firstpaint.Jobs(profile.Charts(), firstpaint.Card))
	return h.sendPage(c, "region", p)
}
