package handlers

import (
	"encoding/json"
	"errors"
	"net/url"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"ecomdash/charts"
	"ecomdash/charts/firstpaint"
	"ecomdash/models"
	"ecomdash/seed"
)

// Page is what the layout template needs from every page.
type Page struct {
	// Title is the page's own title (the site name is appended in <title>).
	Title string
	// Nav names the navigation entry to mark as current.
	Nav string
	// Dark switches the page to the dark theme (?theme=dark).
	Dark bool
	// Paint holds the server-drawn first paint of the page's charts, by
	// chart element id (firstpaint.go).
	Paint map[string]firstpaint.Paint
}

// PageTitle is the page's <title> prefix.
func (p Page) PageTitle() string { return p.Title }

func (h *Handler) sendPage(c *fiber.Ctx, name string, data any) error {
	body, err := h.views.render(name, data)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	c.Set(fiber.HeaderCacheControl, "no-cache")
	return c.Send(body)
}

type dashboardPage struct {
	Page
	Dashboard   models.Dashboard
	Dashboards  []models.Dashboard
	Headlines   []charts.HeadlineFigure
	Charts      []*charts.Chart
	SourceCount int
	FigureCount int
	RegionCount int
}

// loadDashboard gathers what the dashboard page and its embed show.
func (h *Handler) loadDashboard(d models.Dashboard) (dashboardPage, error) {
	all, err := h.charts.Dashboards()
	if err != nil {
		return dashboardPage{}, err
	}
	cs, err := h.charts.Charts(d)
	if err != nil {
		return dashboardPage{}, err
	}
	heads, err := h.charts.Headlines(d)
	if err != nil {
		return dashboardPage{}, err
	}
	counts, err := h.charts.Counts()
	if err != nil {
		return dashboardPage{}, err
	}
	return dashboardPage{
		Page:        Page{Title: d.Title, Nav: "dashboard"},
		Dashboard:   d,
		Dashboards:  all,
		Headlines:   heads,
		Charts:      cs,
		SourceCount: counts.Sources, FigureCount: counts.Observations, RegionCount: counts.Regions,
	}, nil
}

// dashboardByParam finds the dashboard named in the URL, or a 404.
func (h *Handler) dashboardByParam(c *fiber.Ctx) (models.Dashboard, error) {
	d, err := h.charts.Dashboard(c.Params("id"))
	if errors.Is(err, charts.ErrUnknownDashboard) {
		return d, notFound("没有这个看板：" + c.Params("id"))
	}
	return d, err
}

// dashboardChartsByParam finds the dashboard named in the URL, or a 404,
// and builds its charts in order.
func (h *Handler) dashboardChartsByParam(c *fiber.Ctx) (models.Dashboard, []*charts.Chart, error) {
	d, err := h.dashboardByParam(c)
	if err != nil {
		return d, nil, err
	}
	cs, err := h.charts.Charts(d)
	return d, cs, err
}

// home is the first dashboard, or an empty overview when an administrator
// has deleted every dashboard.
func (h *Handler) home(*fiber.Ctx) (models.Dashboard, error) {
	all, err := h.charts.Dashboards()
	if err != nil || len(all) == 0 {
		return models.Dashboard{ID: "overview", Title: "总览"}, err
	}
	return all[0], nil
}

// dashboardPage answers with the page of the dashboard find finds: home at
// /, dashboardByParam at /dashboards/:id.
func (h *Handler) dashboardPage(find func(*fiber.Ctx) (models.Dashboard, error)) fiber.Handler {
	return func(c *fiber.Ctx) error {
		d, err := find(c)
		if err != nil {
			return err
		}
		p, err := h.loadDashboard(d)
		if err != nil {
			return err
		}
		p.Paint = h.painter.Paint(c.UserContext(), charts.View{}, firstpaint.Jobs(p.Charts, firstpaint.Card))
		return h.sendPage(c, "dashboard", p)
	}
}

type chartPage struct {
	Page
	Chart *charts.Chart
	// Option is the chart's option as the page's view (theme, bg, title,
	// source) shows it: the same query string gives the same chart in the
	// page, the embed and the image.
	Option json.RawMessage
	// View is the view the page was asked for.
	View charts.View
	// Quotes groups the chart's figures by source, for the sources section.
	Quotes []sourceQuotes
	// CompareURL opens the chart's figures in the comparison builder, to
	// change what it compares; "" when they do not make a comparison.
	CompareURL string
	// Related are the comparisons suggested under the chart (相关对比).
	Related []relatedLink
}

// sourceQuotes is one source with the distinct sentences quoted from it.
type sourceQuotes struct {
	Source models.Source
	Quotes []quote
}

// quote is one quoted sentence and the figures, as stated, taken from it.
type quote struct {
	Text   string
	Stated []string
}

// groupBySource lists each source of obs once, in order of first use, with
// each quoted sentence once.
func groupBySource(obs []models.Observation) []sourceQuotes {
	var out []sourceQuotes
	index := map[string]int{}
	for _, o := range obs {
		i, ok := index[o.SourceID]
		if !ok {
			i = len(out)
			index[o.SourceID] = i
			out = append(out, sourceQuotes{Source: o.Source})
		}
		qs := out[i].Quotes
		j := slices.IndexFunc(qs, func(q quote) bool { return q.Text == o.Quote })
		if j < 0 {
			qs = append(qs, quote{Text: o.Quote})
			j = len(qs) - 1
		}
		if o.Stated != "" {
			qs[j].Stated = append(qs[j].Stated, o.Stated)
		}
		out[i].Quotes = qs
	}
	return out
}

// pageTableRows bounds a page's data table: a chart may draw up to
// charts.MaxDrawnValues figures, but a page lists the first pageTableRows
// (each row carries its quote) and points to the CSV for the rest.
const pageTableRows = 200

// TableObservations are the figures the page's data table lists.
func (p chartPage) TableObservations() []models.Observation {
	return p.Chart.Observations[:min(len(p.Chart.Observations), pageTableRows)]
}

// UnlistedObservations counts the figures the data table leaves to the CSV.
func (p chartPage) UnlistedObservations() int {
	return max(0, len(p.Chart.Observations)-pageTableRows)
}

// ImageURL is the download link of the chart as format ("png" or "svg"),
// carrying the page's view: the theme, and plain=1 when both title and
// source are hidden.
func (p chartPage) ImageURL(format string) string {
	q := url.Values{"download": {"1"}}
	if p.View.Theme == "dark" {
		q.Set("theme", "dark")
	}
	if p.View.HideTitle && p.View.HideSource {
		q.Set("plain", "1")
	}
	return withQuery(p.Chart.Ref.Image(format), q.Encode())
}

// withQuery adds the query q to link, which may have one already.
func withQuery(link, q string) string {
	switch {
	case q == "":
		return link
	case strings.Contains(link, "?"):
		return link + "&" + q
	}
	return link + "?" + q
}

// chartInView returns the chart the lookup finds and its option as the
// view the query string asks for.
func (h *Handler) chartInView(c *fiber.Ctx, lookup chartLookup) (ch *charts.Chart, v charts.View, opt json.RawMessage, err error) {
	if v, err = parseView(c); err != nil {
		return nil, v, nil, err
	}
	if ch, err = lookup(h, c); err != nil {
		return nil, v, nil, err
	}
	opt, err = ch.OptionFor(v)
	return ch, v, opt, err
}

func (h *Handler) chartPage(c *fiber.Ctx) error {
	ch, v, opt, err := h.chartInView(c, byID)
	if err != nil {
		return err
	}
	return h.sendPage(c, "chart", chartPage{
		Page: Page{Title: ch.Spec.Title, Nav: "dashboard", Dark: v.Theme == "dark",
			Paint: h.painter.Paint(c.UserContext(), v, []firstpaint.Job{{Chart: ch, Class: firstpaint.Large}})},
		Chart:      ch,
		Option:     opt,
		View:       v,
		Quotes:     groupBySource(ch.Observations),
		CompareURL: compareURLOf(ch),
	})
}

// compareURLOf is a saved chart's state in the comparison builder, where
// a user can change what it compares; "" for a chart whose state no longer
// resolves.
func compareURLOf(ch *charts.Chart) string {
	if ch.Problem != "" || len(ch.Spec.State.Metrics) == 0 {
		return ""
	}
	return charts.StateRef(ch.Spec.State).Page()
}

type sourcePage struct {
	Page
	Source       models.Source
	Observations []models.Observation
	// Document is the document's full text (clean Simplified Chinese), when the app ships it.
	Document string
	// Quotes are the quoted passages, highlighted in Document.
	Quotes []string
}

func (h *Handler) sourcePage(c *fiber.Ctx) error {
	s, err := sourceResource.byParam(h, c)
	if err != nil {
		return err
	}
	obs, err := models.FindObservations(h.db, models.ObservationFilter{SourceIDs: []string{s.ID}})
	if err != nil {
		return err
	}
	p := sourcePage{Page: Page{Title: s.DisplayTitle(), Nav: "sources"}, Source: s, Observations: obs}
	if doc, ok := seed.Document(s.FileName); ok {
		p.Document = doc
		for _, o := range obs {
			p.Quotes = append(p.Quotes, o.Quote)
		}
	}
	return h.sendPage(c, "source", p)
}
