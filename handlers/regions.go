package handlers

import (
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"ecomdash/charts"
	"ecomdash/charts/firstpaint"
	"ecomdash/models"
	"ecomdash/seed/divisions"
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

// regionsSearchLimit caps the regions a search lists (/regions?q=,
// /api/regions?q=): a query as short as 区 matches a thousand.
const regionsSearchLimit = 200

// regionsPage is what templates/regions.html needs: every region by
// province, each province folded, or a search's results.
type regionsPage struct {
	Page
	// Q is the search; Results its regions (at most regionsSearchLimit),
	// with More set when there were more.
	Q       string
	Results []listedRegion
	More    bool
	// Nation is 全国; Provinces the province-level regions with what lies
	// under them; Others the regions no province encloses (an
	// administrator's, under the nation or under a region the table lacks).
	Nation    *listedRegion
	Provinces []provinceGroup
	Others    []listedRegion
	// Total counts the regions; Edition names the divisions shipped.
	Total   int
	Edition divisions.Edition
}

// listedRegion is a region as the /regions list shows it: its name, whether it has
// figures, and its parent's name (for search results).
type listedRegion struct {
	models.Region
	HasFigures bool
	ParentName string
}

// provinceGroup is a province with its own county-level regions (a
// municipality's districts, the counties a province governs directly) and
// its cities, each with theirs.
type provinceGroup struct {
	listedRegion
	Direct []listedRegion
	Cities []cityGroup
	// Count is the number of regions under the province; Figures is true
	// when it or one of them has figures.
	Count   int
	Figures bool
}

// cityGroup is a prefecture-level region with the regions under it.
type cityGroup struct {
	listedRegion
	Children []listedRegion
}

// regionsList answers /regions: every region by province, or with ?q=
// the regions whose name, short name or code matches.
func (h *Handler) regionsList(c *fiber.Ctx) error {
	p := regionsPage{Page: Page{Title: "地区", Nav: "regions"}, Q: strings.TrimSpace(c.Query("q")), Edition: divisions.ShippedHeader()}
	withFigures, err := models.RegionCodesWithFigures(h.db)
	if err != nil {
		return err
	}
	all, err := models.Regions.List(h.db)
	if err != nil {
		return err
	}
	p.Total = len(all)
	names := make(map[string]string, len(all))
	for _, r := range all {
		names[r.Code] = r.NameZH
	}
	item := func(r models.Region) listedRegion {
		it := listedRegion{Region: r, HasFigures: withFigures[r.Code]}
		if r.ParentCode != nil {
			it.ParentName = names[*r.ParentCode]
		}
		return it
	}
	if p.Q != "" {
		found, err := models.FindRegions(h.db, models.RegionQuery{Q: p.Q, Limit: regionsSearchLimit + 1})
		if err != nil {
			return err
		}
		if len(found) > regionsSearchLimit {
			found, p.More = found[:regionsSearchLimit], true
		}
		for _, r := range found {
			p.Results = append(p.Results, item(r))
		}
		p.Page.Title = "地区：查找“" + p.Q + "”"
		return h.sendPage(c, "regions", p)
	}
	children := make(map[string][]models.Region, 400)
	for _, r := range all { // in List's order: by level, then code
		if r.ParentCode != nil {
			children[*r.ParentCode] = append(children[*r.ParentCode], r)
		}
	}
	placed := map[string]bool{}
	for _, r := range all {
		if r.Level == models.LevelNational && p.Nation == nil {
			it := item(r)
			p.Nation, placed[r.Code] = &it, true
		}
	}
	for _, r := range all {
		if r.Level != models.LevelProvince || r.ParentCode == nil || !placed[*r.ParentCode] {
			continue
		}
		g := provinceGroup{listedRegion: item(r)}
		placed[r.Code] = true
		g.Figures = g.HasFigures
		for _, ch := range children[r.Code] {
			placed[ch.Code] = true
			g.Count++
			g.Figures = g.Figures || withFigures[ch.Code]
			if len(children[ch.Code]) == 0 && ch.Level != models.LevelCity {
				g.Direct = append(g.Direct, item(ch))
				continue
			}
			cg := cityGroup{listedRegion: item(ch)}
			for _, gc := range children[ch.Code] {
				placed[gc.Code] = true
				g.Count++
				g.Figures = g.Figures || withFigures[gc.Code]
				cg.Children = append(cg.Children, item(gc))
			}
			g.Cities = append(g.Cities, cg)
		}
		p.Provinces = append(p.Provinces, g)
	}
	for _, r := range all {
		if !placed[r.Code] {
			p.Others = append(p.Others, item(r))
		}
	}
	return h.sendPage(c, "regions", p)
}

// regionJSONRow is a region as /api/regions lists it: its English name
// only where it has one, no timestamps.
type regionJSONRow struct {
	Code       string  `json:"code"`
	NameZH     string  `json:"name_zh"`
	ShortName  string  `json:"short_name"`
	NameEN     string  `json:"name_en,omitempty"`
	Level      string  `json:"level"`
	ParentCode *string `json:"parent_code"`
}

// apiRegions answers /api/regions: every region, nation first, then
// provinces, cities and the rest, each by code; ?q= keeps those whose name,
// short name or English name holds it or whose code starts with it (at
// most regionsSearchLimit), ?parent=CODE the children of CODE.
func (h *Handler) apiRegions(c *fiber.Ctx) error {
	q := models.RegionQuery{Q: strings.TrimSpace(c.Query("q")), Parent: c.Query("parent")}
	if q.Parent != "" && !models.ValidRegionCode(q.Parent) {
		return badRequest("parent=" + q.Parent + "：地区代码应为6位数字 (region code must be 6 digits)")
	}
	if q.Q != "" {
		q.Limit = regionsSearchLimit
	}
	rows, err := models.FindRegions(h.db, q)
	if err != nil {
		return err
	}
	out := make([]regionJSONRow, len(rows))
	for i, r := range rows {
		out[i] = regionJSONRow{Code: r.Code, NameZH: r.NameZH, ShortName: r.Short(), NameEN: r.NameEN, Level: r.Level, ParentCode: r.ParentCode}
	}
	return c.JSON(out)
}
