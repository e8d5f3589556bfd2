package handlers

import (
	"cmp"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"ecomdash/charts"
	"ecomdash/charts/firstpaint"
	"ecomdash/charts/state"
	"ecomdash/models"
)

// A chart route serves either a built-in chart, named by its id in the path
// (/charts/:id…), or a chart built from the state in the query string
// (/compare…, see charts/state). A chartLookup finds it, with the key its
// images are cached under.
type chartLookup func(h *Handler, c *fiber.Ctx) (ch *charts.Chart, imageID string, err error)

// byID finds the built-in chart named in the path.
func byID(h *Handler, c *fiber.Ctx) (*charts.Chart, string, error) {
	ch, err := h.chartByParam(c)
	if err != nil {
		return nil, "", err
	}
	return ch, ch.Spec.ID, nil
}

// queryState reads the chart state in the request's query string; the
// route's own parameters (the view, an image's size) are left to it.
func queryState(c *fiber.Ctx) (state.State, error) {
	q, err := url.ParseQuery(string(c.Request().URI().QueryString()))
	if err != nil {
		return state.State{}, badRequest(fmt.Sprintf("查询串无法解析 (malformed query string): %v", err))
	}
	return state.FromValues(q)
}

// imageIDByState names the images of the query's state: its canonical
// form, read without touching the database. Parsing a state costs about
// 10 µs, several times a cached image, so the canonical form of each query
// string seen is remembered (at most stateMemoEntries; a query string is at
// most Fiber's 4 KiB header limit, so the memo stays under 40 MiB).
func imageIDByState(h *Handler, c *fiber.Ctx) (string, error) {
	raw := string(c.Request().URI().QueryString()) // a copy: the memo keeps it
	if id, ok := h.stateIDs.Get(raw); ok {
		return id, nil
	}
	st, err := queryState(c)
	if err != nil {
		return "", err
	}
	id := charts.CompareID + "?" + st.String()
	h.stateIDs.Add(raw, id)
	return id, nil
}

// stateMemoEntries bounds the memo of canonical states (imageIDByState).
const stateMemoEntries = 4096

// byState builds the chart the query's state describes. Its images are
// cached under the canonical state, so equal states share them.
func byState(h *Handler, c *fiber.Ctx) (*charts.Chart, string, error) {
	st, err := queryState(c)
	if err != nil {
		return nil, "", err
	}
	ch, err := charts.BuildState(h.db, st, "")
	if err != nil {
		return nil, "", err
	}
	return ch, charts.CompareID + "?" + st.String(), nil
}

// stateOf is the canonical state of a chart built from one, or "".
func stateOf(imageID string) string {
	if len(imageID) > len(charts.CompareID)+1 && imageID[:len(charts.CompareID)+1] == charts.CompareID+"?" {
		return imageID[len(charts.CompareID)+1:]
	}
	return ""
}

// stateError is the 400 of a bad state, naming its key.
func stateError(err error) (int, map[string]any, bool) {
	var se *state.Error
	if !errors.As(err, &se) {
		return 0, nil, false
	}
	return fiber.StatusBadRequest, fiber.Map{"error": fmt.Sprintf("%s=…：%s", se.Key, se.Message), "key": se.Key}, true
}

// defaultCompare is the comparison /compare opens with when the address
// holds no state: Quzhou against its province and neighbours.
const defaultCompare = "metrics=online_retail_sales&regions=330800,siblings:330800,330000&periods=latest&sort=desc&focus=330800"

// comparePage is what templates/compare.html needs: the chart page plus the
// builder's controls.
type comparePage struct {
	chartPage
	// State is the canonical state; Metrics, Regions and Periods its keys
	// as the text fields show them.
	State, Metrics, Regions, Periods string
	// Type is the state's chart type.
	Type state.ChartType
	// AllMetrics and AllRegions feed the pickers; regions are in tree order
	// with their depth.
	AllMetrics []models.Metric
	AllRegions []regionInTree
	// Types are the chart types the builder offers.
	Types []state.ChartType
	// AdminEnabled shows the administrators' save form; Dashboards are
	// what a saved chart can be added to.
	AdminEnabled bool
	Dashboards   []models.Dashboard
}

// regionInTree is a region with its depth in the region tree.
type regionInTree struct {
	models.Region
	Depth int
}

// Indent is the region's name indented by its depth, for a picker.
func (r regionInTree) Indent() string { return strings.Repeat("　", r.Depth) + r.NameZH }

// comparePage answers /compare: the comparison builder. Without a state in
// the address it redirects to the default comparison, so that the address
// always reproduces what is shown.
func (h *Handler) comparePage(c *fiber.Ctx) error {
	if len(c.Request().URI().QueryString()) == 0 {
		return c.Redirect("/compare?"+defaultCompare, fiber.StatusFound)
	}
	ch, imageID, v, opt, err := h.chartInView(c, byState)
	if err != nil {
		return err
	}
	q, _ := url.ParseQuery(stateOf(imageID))
	metrics, err := models.Metrics.List(h.db)
	if err != nil {
		return err
	}
	regions, err := models.Regions.List(h.db)
	if err != nil {
		return err
	}
	dashboards, err := h.charts.Dashboards()
	if err != nil {
		return err
	}
	p := comparePage{
		chartPage: chartPage{
			Page: Page{Title: "对比分析：" + ch.Spec.Title, Nav: "compare", Dark: v.Theme == "dark",
				Paint: h.paintIfAllowed(c, v, []firstpaint.Job{{Chart: ch, ImageID: imageID, Class: firstpaint.Large}})},
			Chart:  ch,
			Option: opt,
			View:   v,
			Quotes: groupBySource(ch.Observations),
			Links:  linksOf(ch, imageID),
		},
		State: stateOf(imageID), Metrics: q.Get("metrics"), Regions: q.Get("regions"),
		Periods: cmp.Or(q.Get("periods"), "all"), Type: ch.Spec.State.Type,
		AllMetrics: metrics, AllRegions: regionTree(regions),
		Types:        state.ChartTypes,
		AdminEnabled: h.admin != nil, Dashboards: dashboards,
	}
	return h.sendPage(c, "compare", p)
}

// regionTree orders regions as a tree, each under its parent, with depths.
func regionTree(regions []models.Region) []regionInTree {
	children := map[string][]models.Region{}
	var roots []models.Region
	known := map[string]bool{}
	for _, r := range regions {
		known[r.Code] = true
	}
	for _, r := range regions {
		if r.ParentCode == nil || !known[*r.ParentCode] {
			roots = append(roots, r)
		} else {
			children[*r.ParentCode] = append(children[*r.ParentCode], r)
		}
	}
	var out []regionInTree
	var walk func(r models.Region, depth int)
	walk = func(r models.Region, depth int) {
		out = append(out, regionInTree{Region: r, Depth: depth})
		for _, ch := range children[r.Code] {
			walk(ch, depth+1)
		}
	}
	for _, r := range roots {
		walk(r, 0)
	}
	return out
}
