package handlers

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/url"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"ecomdash/charts"
	"ecomdash/charts/firstpaint"
	"ecomdash/charts/state"
	"ecomdash/models"
	"ecomdash/seed"
)

// A chart route serves either a saved chart, named by its id in the path
// (/charts/:id…), or a chart built from the state in the query string
// (/compare…, see charts/state). A chartLookup finds it; the chart's Ref
// names its outputs (its cache key, its links).
type chartLookup func(h *Handler, c *fiber.Ctx) (*charts.Chart, error)

// byID finds the saved chart named in the path.
func byID(h *Handler, c *fiber.Ctx) (*charts.Chart, error) {
	id := c.Params("id")
	ch, err := h.charts.Chart(id)
	if errors.Is(err, charts.ErrUnknownChart) {
		return nil, notFound(fmt.Sprintf("没有这个图表：%q (unknown chart)", id))
	}
	return ch, err
}

// byState builds the chart the query's state describes.
func byState(h *Handler, c *fiber.Ctx) (*charts.Chart, error) {
	st, err := queryState(c)
	if err != nil {
		return nil, err
	}
	return charts.BuildState(h.db, st, "")
}

// A refLookup names the chart a request asks for without finding or
// building it, so that a cached image is served (or revalidated) at the
// cost of a map lookup.
type refLookup func(h *Handler, c *fiber.Ctx) (charts.Ref, error)

// refByParam names the saved chart whose id is in the path.
func refByParam(_ *Handler, c *fiber.Ctx) (charts.Ref, error) {
	id := c.Params("id")
	if !models.ValidID(id) {
		return charts.Ref{}, notFound(fmt.Sprintf("没有这个图表：%q (unknown chart)", id))
	}
	return charts.SavedRef(id), nil
}

// refByState names the chart of the query's state, read without touching
// the database. Parsing a state costs about 10 µs, several times a cached
// image, so the Ref of each query string seen is remembered (at most
// stateMemoEntries; a query string is at most Fiber's 4 KiB header limit,
// so the memo stays under 40 MiB).
func refByState(h *Handler, c *fiber.Ctx) (charts.Ref, error) {
	raw := string(c.Request().URI().QueryString()) // a copy: the memo keeps it
	if ref, ok := h.stateRefs.Get(raw); ok {
		return ref, nil
	}
	st, err := queryState(c)
	if err != nil {
		return charts.Ref{}, err
	}
	ref := charts.StateRef(st)
	h.stateRefs.Add(raw, ref)
	return ref, nil
}

// stateMemoEntries bounds the memo of states' Refs (refByState).
const stateMemoEntries = 4096

// queryState reads the chart state in the request's query string; the
// route's own parameters (the view, an image's size) are left to it.
func queryState(c *fiber.Ctx) (state.State, error) {
	q, err := url.ParseQuery(string(c.Request().URI().QueryString()))
	if err != nil {
		return state.State{}, badRequest(fmt.Sprintf("查询串无法解析 (malformed query string): %v", err))
	}
	return state.FromValues(q)
}

// chartsByIDs returns the saved charts ids names, in that order; an unknown
// id is the error unknown makes of its message (a 400 for the ZIP, a 404
// for the report).
func (h *Handler) chartsByIDs(ids []string, unknown func(string) error) ([]*charts.Chart, error) {
	list := make([]*charts.Chart, len(ids))
	for i, id := range ids {
		ch, err := h.charts.Chart(id)
		if errors.Is(err, charts.ErrUnknownChart) {
			return nil, unknown(fmt.Sprintf("没有图表 %q (unknown chart id)", id))
		}
		if err != nil {
			return nil, err
		}
		list[i] = ch
	}
	return list, nil
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
var defaultCompare = func() charts.Ref {
	quzhou := seed.RegionQuzhou
	st := state.New([]string{"online_retail_sales"}, state.Region{Code: quzhou},
		state.Region{Kind: state.RegionSiblings, Code: quzhou}, state.Region{Code: seed.RegionZhejiang})
	st.Periods, st.Sort, st.Focus = state.LatestPeriods(), state.SortDesc, []string{quzhou}
	return charts.StateRef(st)
}()

// comparePage is what templates/compare.html needs: the chart page plus the
// builder's controls.
type comparePage struct {
	chartPage
	// Metrics, Regions and Periods are the state's keys as the text fields
	// show them.
	Metrics, Regions, Periods string
	// Type is the state's chart type.
	Type state.ChartType
	// AllMetrics and AllRegions feed the pickers; regions are in tree order
	// with their depth.
	AllMetrics []models.Metric
	AllRegions []regionInTree
	// Types are the chart types the builder offers.
	Types models.Codes[state.ChartType]
	// Grammar is what static/js/compare.js reads: the canonical state, the
	// grammar's keys (compareGrammar).
	Grammar template.JS
	// AdminEnabled shows the administrators' save form; Dashboards are
	// what a saved chart can be added to.
	AdminEnabled bool
	Dashboards   []models.Dashboard
	// Problem, when set, says why the state in the address cannot be drawn;
	// the page then has no chart.
	Problem string
}

// compareGrammar is the JSON the builder's script reads after the state:
// the grammar's keys in canonical order, with their defaults and values
// (charts/state), and the view parameters the builder keeps from its
// address when it moves to a new state. Written once; "<" is escaped, so
// it is safe in a <script>.
var compareGrammar = func() string {
	b, err := json.Marshal(struct {
		Keys []state.KeyInfo `json:"keys"`
		View []string        `json:"view"`
	}{state.Grammar(), []string{"theme"}})
	if err != nil {
		panic(fmt.Sprintf("compare grammar: %v", err)) // plain strings always marshal
	}
	return string(b[1:]) // the object's members and its closing brace
}()

// compareScript is the builder's JSON for the canonical state st. It is
// JSON with "<" escaped (json.Marshal's HTML escaping), so it cannot close
// its script element.
func compareScript(st string) template.JS {
	quoted, _ := json.Marshal(st) // a string always marshals
	return template.JS(`{"state":` + string(quoted) + "," + compareGrammar)
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
// always reproduces what is shown. A state that cannot be drawn (an unknown
// code, a chart larger than a reader can read …) answers 400 with the
// builder still there: the fields as the address had them, and the reason
// where the chart would be, so the user narrows it there.
func (h *Handler) comparePage(c *fiber.Ctx) error {
	if len(c.Request().URI().QueryString()) == 0 {
		return c.Redirect(defaultCompare.Page(), fiber.StatusFound)
	}
	ch, v, opt, err := h.chartInView(c, byState)
	var bad *state.Error
	if errors.As(err, &bad) {
		return h.compareProblem(c, v, bad)
	}
	if err != nil {
		return err
	}
	p, err := h.newComparePage(v)
	if err != nil {
		return err
	}
	st := ch.Spec.State
	p.Page.Title = "对比分析：" + ch.Spec.Title
	p.Page.Paint = h.paintIfAllowed(c, v, []firstpaint.Job{{Chart: ch, Class: firstpaint.Large}})
	p.Chart, p.Option, p.Quotes = ch, opt, groupBySource(ch.Observations)
	p.Metrics, p.Regions, p.Periods, p.Type = st.Value("metrics"), st.Value("regions"), st.Value("periods"), st.Type
	p.Grammar = compareScript(ch.Ref.State())
	return h.sendPage(c, "compare", p)
}

// compareProblem is the builder page of a state that cannot be drawn: a 400
// whose fields hold what the address asked for, and bad's message.
func (h *Handler) compareProblem(c *fiber.Ctx, v charts.View, bad *state.Error) error {
	p, err := h.newComparePage(v)
	if err != nil {
		return err
	}
	raw := string(c.Request().URI().QueryString())
	q, _ := url.ParseQuery(raw) // it parsed before the state was read
	p.Page.Title = "对比分析：无法绘制"
	p.Problem = fmt.Sprintf("%s=…：%s", bad.Key, bad.Message)
	p.Metrics, p.Regions, p.Periods = q.Get("metrics"), q.Get("regions"), cmp.Or(q.Get("periods"), "all")
	p.Type = state.ChartType(cmp.Or(q.Get("type"), string(state.TypeBar)))
	p.Grammar = compareScript(raw) // the keys without a field (sort, focus …) as asked
	c.Status(fiber.StatusBadRequest)
	return h.sendPage(c, "compare", p)
}

// newComparePage is the builder page in view v without a chart: the
// pickers' lists and the save form's dashboards.
func (h *Handler) newComparePage(v charts.View) (comparePage, error) {
	metrics, err := models.Metrics.List(h.db)
	if err != nil {
		return comparePage{}, err
	}
	regions, err := pickerRegions(h.db)
	if err != nil {
		return comparePage{}, err
	}
	dashboards, err := h.charts.Dashboards()
	if err != nil {
		return comparePage{}, err
	}
	return comparePage{
		chartPage:  chartPage{Page: Page{Nav: "compare", Dark: v.Theme == "dark"}, View: v},
		AllMetrics: metrics, AllRegions: regionTree(regions), Types: state.ChartTypes,
		AdminEnabled: h.admin != nil, Dashboards: dashboards,
	}, nil
}

// pickerRegions are the regions the builder's plain picker lists: the
// nation, the provinces and the prefecture-level cities, and every other
// region that has figures. The other 2,800 county-level regions of the
// divisions would make the page 200 KB larger for options no chart can
// draw; they are reached by code, by children:, or through /api/regions.
func pickerRegions(db *gorm.DB) ([]models.Region, error) {
	all, err := models.Regions.List(db)
	if err != nil {
		return nil, err
	}
	withFigures, err := models.RegionCodesWithFigures(db)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(all, func(r models.Region) bool {
		switch r.Level {
		case models.LevelNational, models.LevelProvince, models.LevelCity:
			return false
		}
		return !withFigures[r.Code]
	}), nil
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

// compareSize is the answer of /api/compare/size: how large the state's
// chart would be, for the builder to show before it draws.
type compareSize struct {
	Regions        int   `json:"regions"`
	Metrics        int   `json:"metrics"`
	Periods        int   `json:"periods"`
	PeriodsAtLeast bool  `json:"periods_at_least,omitempty"`
	Values         int   `json:"values"`
	Figures        int64 `json:"figures"`
	MaxValues      int   `json:"max_values"`
	// OK is false when the chart is over a limit; Problem then says which,
	// and what to narrow, as every output of the state would.
	OK      bool   `json:"ok"`
	Problem string `json:"problem,omitempty"`
	// Summary says the size in a sentence.
	Summary string `json:"summary"`
}

// apiCompareSize answers GET /api/compare/size?STATE: the size of the
// state's chart, counted in the database without reading a figure (see
// charts.MeasureState). A state over a limit is a 200 with ok false and the
// problem: the question was answered. A state that cannot be read, or
// names an unknown metric or region, is a 400.
func (h *Handler) apiCompareSize(c *fiber.Ctx) error {
	st, err := queryState(c)
	if err != nil {
		return err
	}
	size, err := charts.MeasureState(h.db, st)
	var bad *state.Error
	if err != nil && (!errors.As(err, &bad) || size.Regions == 0) {
		return err
	}
	at := ""
	if size.PeriodsAtLeast {
		at = "至少 "
	}
	out := compareSize{Regions: size.Regions, Metrics: size.Metrics, Periods: size.Periods, PeriodsAtLeast: size.PeriodsAtLeast,
		Values: size.Values, Figures: size.Figures, MaxValues: charts.MaxDrawnValues, OK: err == nil,
		Summary: fmt.Sprintf("将画 %s%d 个数值：%d 个地区 × %d 个指标 × %s%d 个时期（一张图最多 %d 个）",
			at, size.Values, size.Regions, size.Metrics, at, size.Periods, charts.MaxDrawnValues)}
	if bad != nil {
		out.Problem = bad.Message
	}
	return c.JSON(out)
}
