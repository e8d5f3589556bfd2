package handlers

import (
	"slices"

	"github.com/gofiber/fiber/v2"

	"ecomdash/charts"
	"ecomdash/charts/firstpaint"
)

// regionPage is what templates/region.html needs: a region's profile
// (charts.RegionProfile), and the box class of each of its charts by id.
type regionPage struct {
	Page
	*charts.Profile
	Boxes map[string]string
}

// tallAbove is the most figures a profile's chart of figures drawn together
// shows in a card: one of more gets a tall box (firstpaint.Tall), so that
// on a phone each bar keeps room for its wrapped label, which ECharts
// would otherwise hide where it overlaps the next.
const tallAbove = 5

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
	p := regionPage{Page: Page{Title: r.NameZH, Nav: "regions"}, Profile: profile, Boxes: map[string]string{}}
	var jobs []firstpaint.Job
	for _, ch := range profile.Charts() {
		class := firstpaint.Card
		if slices.Contains(profile.Together, ch) && len(ch.Observations) > tallAbove {
			class = firstpaint.Tall
		}
		p.Boxes[ch.Spec.ID] = class
		jobs = append(jobs, firstpaint.Job{Chart: ch, Class: class})
	}
	p.Paint = h.painter.Paint(c.UserContext(), charts.View{}, jobs)
	return h.sendPage(c, "region", p)
}
