package handlers

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"ecomdash/charts"
	"ecomdash/models"
)

// regionJSON, metricJSON and sourceJSON are the API's view of the reference
// tables inside an observation.
type regionJSON struct {
	Code   string `json:"code"`
	NameZH string `json:"name_zh"`
	NameEN string `json:"name_en"`
	Level  string `json:"level"`
}

type metricJSON struct {
	Code       string `json:"code"`
	NameZH     string `json:"name_zh"`
	NameEN     string `json:"name_en"`
	Unit       string `json:"unit"`
	Definition string `json:"definition"`
	Kind       string `json:"kind"`
	Subject    string `json:"subject,omitempty"`
}

type sourceJSON struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Publisher   string `json:"publisher"`
	PublishedOn string `json:"published_on"`
	Kind        string `json:"kind"`
	// TitleSupplied: the document has no title of its own; Title was
	// written for it (shown as 〔拟〕Title).
	TitleSupplied bool `json:"title_supplied"`
}

// observationJSON is one figure as the API returns it: everything needed to
// cite it without another request.
type observationJSON struct {
	ID             uint       `json:"id"`
	Region         regionJSON `json:"region"`
	Metric         metricJSON `json:"metric"`
	Period         string     `json:"period"`
	PeriodLabel    string     `json:"period_label"`
	Value          float64    `json:"value"`
	Unit           string     `json:"unit"`
	Qualifier      string     `json:"qualifier"`
	QualifierLabel string     `json:"qualifier_label"`
	Stated         string     `json:"stated,omitempty"`
	Reported       bool       `json:"reported"`
	Derived        bool       `json:"derived"`
	Derivation     string     `json:"derivation,omitempty"`
	Source         sourceJSON `json:"source"`
	Quote          string     `json:"quote"`
	Note           string     `json:"note,omitempty"`
	Inferred       string     `json:"inferred,omitempty"`
	InferredNote   string     `json:"inferred_note,omitempty"`
	ValueMax       *float64   `json:"value_max,omitempty"`
	AltStated      string     `json:"alt_stated,omitempty"`
	AltQuote       string     `json:"alt_quote,omitempty"`
	Target         bool       `json:"target"`
}

func toObservationJSON(o models.Observation) observationJSON {
	return observationJSON{
		ID:             o.ID,
		Region:         regionJSON{o.Region.Code, o.Region.NameZH, o.Region.NameEN, o.Region.Level},
		Metric:         metricJSON{o.Metric.Code, o.Metric.NameZH, o.Metric.NameEN, o.Metric.Unit, o.Metric.Definition, o.Metric.Kind, o.Metric.Subject},
		Period:         o.Period,
		PeriodLabel:    models.PeriodLabel(o.Period),
		Value:          o.Value,
		Unit:           o.Metric.Unit,
		Qualifier:      o.Qualifier,
		QualifierLabel: o.QualifierLabel(),
		Stated:         o.Stated,
		Reported:       !o.Derived,
		Derived:        o.Derived,
		Derivation:     o.Derivation,
		Source:         sourceJSON{o.Source.ID, o.Source.Title, o.Source.Publisher, o.Source.PublishedOn, o.Source.Kind, o.Source.TitleSupplied},
		Quote:          o.Quote,
		Note:           o.Note,
		Inferred:       o.Inferred,
		InferredNote:   o.InferredNote(),
		ValueMax:       o.ValueMax,
		AltStated:      o.AltStated,
		AltQuote:       o.AltQuote,
		Target:         o.Metric.IsTarget(),
	}
}

func toObservationsJSON(obs []models.Observation) []observationJSON {
	return mapEach(obs, toObservationJSON)
}

// mapEach returns f of each of xs, in order.
func mapEach[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

// apiObservations answers /api/observations (and the admin list): the
// figures the filters select, a page at a time (limit, offset), with the
// total in X-Total-Count and the other pages in a Link header (RFC 8288:
// first, prev, next, last).
func (h *Handler) apiObservations(c *fiber.Ctx) error {
	f, err := h.parseObservationFilter(c)
	if err != nil {
		return err
	}
	if err := parsePage(c, &f); err != nil {
		return err
	}
	total, err := models.CountObservations(h.db, f)
	if err != nil {
		return err
	}
	obs, err := models.FindObservations(h.db, f)
	if err != nil {
		return err
	}
	c.Set(headerTotalCount, strconv.FormatInt(total, 10))
	if links := pageLinks(c, f.Limit, f.Offset, int(total)); links != "" {
		c.Set(fiber.HeaderLink, links)
	}
	return c.JSON(toObservationsJSON(obs))
}

// headerTotalCount carries the number of figures across all pages.
const headerTotalCount = "X-Total-Count"

// pageLinks is the Link header of a page: the request's URL with offset
// (and limit) set for the first, previous, next and last pages that exist.
func pageLinks(c *fiber.Ctx, limit, offset, total int) string {
	if total <= limit && offset == 0 {
		return ""
	}
	q := url.Values{}
	c.Context().QueryArgs().VisitAll(func(k, v []byte) { q.Set(string(k), string(v)) })
	q.Set("limit", strconv.Itoa(limit))
	link := func(rel string, at int) string {
		q.Set("offset", strconv.Itoa(at))
		return fmt.Sprintf("<%s?%s>; rel=%q", c.Path(), q.Encode(), rel)
	}
	last := max(0, (total-1)/limit*limit)
	links := []string{link("first", 0)}
	if offset > 0 {
		links = append(links, link("prev", max(0, offset-limit)))
	}
	if offset+limit < total {
		links = append(links, link("next", offset+limit))
	}
	return strings.Join(append(links, link("last", last)), ", ")
}

// chartSummaryJSON is a chart in the /api/charts list.
type chartSummaryJSON struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Subtitle string `json:"subtitle"`
	URL      string `json:"url"`
	CSVURL   string `json:"csv_url"`
}

func (h *Handler) apiCharts(c *fiber.Ctx) error {
	all, err := h.charts.All()
	if err != nil {
		return err
	}
	return c.JSON(mapEach(all, func(ch *charts.Chart) chartSummaryJSON {
		return chartSummaryJSON{ch.Spec.ID, ch.Spec.Title, ch.Subtitle, ch.Ref.Page(), ch.Ref.CSV()}
	}))
}

// chartJSON is one chart: its ECharts option and the figures behind it.
type chartJSON struct {
	ID           string            `json:"id"`
	Title        string            `json:"title"`
	Subtitle     string            `json:"subtitle"`
	SourceLine   string            `json:"source_line"`
	State        string            `json:"state,omitempty"`
	Option       any               `json:"option"`
	Observations []observationJSON `json:"observations"`
	Sources      []models.Source   `json:"sources"`
}

// apiChart answers /api/charts/:id and /api/compare: the chart's option and
// the figures behind it, and for a chart built from a state, that state in
// canonical form.
func (h *Handler) apiChart(lookup chartLookup) fiber.Handler {
	return func(c *fiber.Ctx) error {
		ch, err := lookup(h, c)
		if err != nil {
			return err
		}
		return c.JSON(chartJSON{
			ID: ch.Spec.ID, Title: ch.Spec.Title, Subtitle: ch.Subtitle, SourceLine: ch.SourceLine(),
			State:        stateText(ch),
			Option:       ch.Option,
			Observations: toObservationsJSON(ch.Observations),
			Sources:      ch.Sources,
		})
	}
}

// stateText is a chart's state in canonical form, or "" for a chart whose
// saved state no longer parses.
func stateText(ch *charts.Chart) string {
	if st := ch.Ref.State(); st != "" {
		return st
	}
	if len(ch.Spec.State.Metrics) == 0 {
		return ""
	}
	return ch.Spec.State.String()
}

// dashboardJSON is a dashboard as /api/dashboards lists it and
// /api/dashboards/:id returns it.
type dashboardJSON struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Charts      []string `json:"charts"`
	Headlines   []string `json:"headlines"`
	Position    int      `json:"position"`
	URL         string   `json:"url"`
	EmbedURL    string   `json:"embed_url"`
}

func dashboardJSONOf(d models.Dashboard) dashboardJSON {
	return dashboardJSON{d.ID, d.Title, d.Description, nonNil(d.Charts), nonNil(d.Headlines), d.Position,
		"/dashboards/" + d.ID, "/embed/dashboards/" + d.ID}
}

// nonNil writes an empty list as [], not null.
func nonNil(l []string) []string {
	if l == nil {
		return []string{}
	}
	return l
}

func (h *Handler) apiDashboards(c *fiber.Ctx) error {
	ds, err := h.charts.Dashboards()
	if err != nil {
		return err
	}
	return c.JSON(mapEach(ds, dashboardJSONOf))
}

func (h *Handler) apiDashboard(c *fiber.Ctx) error {
	d, err := h.dashboardByParam(c)
	if err != nil {
		return err
	}
	return c.JSON(dashboardJSONOf(d))
}
