package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"ecomdash/charts"
	"ecomdash/charts/firstpaint"
	"ecomdash/models"
)

// regionPage is what templates/region.html needs: a region's profile
// (charts.RegionProfile).
type regionPage struct {
	Page
	*charts.Profile
}

// regionPage answers /regions/:code: the region's profile.
func (h *Handler) regionPage(c *fiber.Ctx) error {
	code := c.Params("code")
	if !models.ValidRegionCode(code) {
		return badRequest("地区代码格式不正确：应为6位数字 (region code must be 6 digits)")
	}
	r, err := models.Regions.Get(h.db, code)
	if errors.Is(err, models.ErrNotFound) {
		return notFound("没有这个地区：" + code)
	}
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
