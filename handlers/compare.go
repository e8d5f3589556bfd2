package handlers

import (
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/url"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

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
// builder's controls, which show names, never codes (builderControls).
type comparePage struct {
	chartPage
	builderControls
	// Grammar is what static/js/compare.js reads: the canonical state, the
	// grammar's keys (compareGrammar).
	Grammar template.JS
	// AdminEnabled shows the administrators' save form; Dashboards are
	// what a saved chart can be added to.
	AdminEnabled bool
	Dashboards   []models.Dashboard
	// FocusOptions and RefOptions are the 突出显示 and 参考线 lists of a
	// drawn chart (chartPicks); Focus and Ref their current values.
	FocusOptions, RefOptions []pickOption
	Focus, Ref               string
	// Problem, when set, says why the state in the address cannot be drawn;
	// the page then has no chart.
	Problem string
	// Starting is set with Problem when the address only lacks the metrics
	// or the regions (a region page's 在对比分析中查看, a metric's link):
	// a builder to start from, answered 200 with a prompt, not a refusal.
	Starting bool
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
	st := ch.Spec.State
	p, err := h.newComparePage(v, builderInput{metrics: st.Metrics, regions: strings.Split(st.Value("regions"), ","), st: &st})
	if err != nil {
		return err
	}
	p.Page.Title = "对比分析：" + ch.Spec.Title
	p.Page.Paint = h.paintIfAllowed(c, v, []firstpaint.Job{{Chart: ch, Class: firstpaint.Large}})
	p.Chart, p.Option, p.Quotes = ch, opt, groupBySource(ch.Observations)
	p.RawState = ch.Ref.State()
	names := map[string]string{}
	for _, m := range p.ChosenMetrics {
		names[m.Code] = m.Name
	}
	p.Related = related(st, p.RegionTree, names)
	p.FocusOptions, p.RefOptions = chartPicks(ch, st)
	p.Focus, p.Ref = st.Value("focus"), st.Value("ref")
	p.Hidden = slices.DeleteFunc(p.Hidden, func(k hiddenKey) bool { return k.Key == "focus" || k.Key == "ref" }) // the lists carry them
	p.Grammar = compareScript(ch.Ref.State())
	return h.sendPage(c, "compare", p)
}

// compareProblem is the builder page of a state that cannot be drawn: a 400
// whose fields hold what the address asked for, and bad's message.
func (h *Handler) compareProblem(c *fiber.Ctx, v charts.View, bad *state.Error) error {
	raw := string(c.Request().URI().QueryString())
	q, _ := url.ParseQuery(raw) // it parsed before the state was read
	in := builderInput{raw: q}
	for _, key := range []string{"metrics", "regions"} {
		for _, it := range strings.Split(q.Get(key), ",") {
			if it = strings.TrimSpace(it); it != "" {
				if key == "metrics" {
					in.metrics = append(in.metrics, it)
				} else {
					in.regions = append(in.regions, it)
				}
			}
		}
	}
	p, err := h.newComparePage(v, in)
	if err != nil {
		return err
	}
	p.Page.Title = "对比分析：无法绘制"
	p.Problem = fmt.Sprintf("%s=…：%s", bad.Key, bad.Message)
	p.RawState = raw
	p.Grammar = compareScript(raw) // the keys without a field (sort, focus …) as asked
	if missing := (bad.Key == "metrics" && len(in.metrics) == 0) || (bad.Key == "regions" && len(in.regions) == 0); missing {
		p.Page.Title, p.Starting = "对比分析", true
		p.Problem = map[string]string{"metrics": "请在上面选择要对比的指标。", "regions": "请在上面选择要对比的地区。"}[bad.Key]
		return h.sendPage(c, "compare", p)
	}
	c.Status(fiber.StatusBadRequest)
	return h.sendPage(c, "compare", p)
}

// newComparePage is the builder page in view v without a chart: the
// pickers of in and the save form's dashboards.
func (h *Handler) newComparePage(v charts.View, in builderInput) (comparePage, error) {
	controls, err := h.builderControls(in)
	if err != nil {
		return comparePage{}, err
	}
	dashboards, err := h.charts.Dashboards()
	if err != nil {
		return comparePage{}, err
	}
	return comparePage{
		chartPage:       chartPage{Page: Page{Nav: "compare", Dark: v.Theme == "dark"}, View: v},
		builderControls: controls,
		AdminEnabled:    h.admin != nil, Dashboards: dashboards,
	}, nil
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
