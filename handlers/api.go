package handlers

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/gofiber/fiber/v2"

	"ecomdash/charts"
	"ecomdash/models"
)

var (
	reCode = regexp.MustCompile(`^\d{6}$`)
	reID   = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)
)

// validCode reports whether s looks like a region code (6 digits, GB/T 2260).
func validCode(s string) bool { return reCode.MatchString(s) }

// validID reports whether s looks like a source, metric or chart id.
func validID(s string) bool { return reID.MatchString(s) }

// observationFilterParams are the query parameters /api/observations accepts.
var observationFilterParams = map[string]bool{"region": true, "metric": true, "period": true, "source": true}

// maxFilterValues bounds how many comma-separated values one filter takes.
const maxFilterValues = 50

// parseObservationFilter reads region, metric, period and source from the
// query string (each a comma-separated list) and checks every value: an
// unknown parameter, a malformed value or a code that is not in the
// database is a 400 naming it.
func (h *Handler) parseObservationFilter(c *fiber.Ctx) (models.ObservationFilter, error) {
	var f models.ObservationFilter
	if err := checkParams(c, observationFilterParams); err != nil {
		return f, err
	}
	split := func(name string) ([]string, error) {
		raw := c.Query(name)
		if raw == "" {
			return nil, nil
		}
		vals := strings.Split(raw, ",")
		if len(vals) > maxFilterValues {
			return nil, badRequest(fmt.Sprintf("参数 %s 最多 %d 个值 (too many values)", name, maxFilterValues))
		}
		for i, v := range vals {
			vals[i] = strings.TrimSpace(v)
		}
		return vals, nil
	}
	var err error
	if f.RegionCodes, err = split("region"); err != nil {
		return f, err
	}
	for _, code := range f.RegionCodes {
		if !validCode(code) {
			return f, badRequest(fmt.Sprintf("region=%q：地区代码应为6位数字 (region code must be 6 digits)", code))
		}
		if _, err := models.GetRegion(h.db, code); err != nil {
			return f, lookupError(err, fmt.Sprintf("region=%q：没有这个地区 (unknown region code)", code))
		}
	}
	if f.MetricCodes, err = split("metric"); err != nil {
		return f, err
	}
	for _, code := range f.MetricCodes {
		if !validID(code) {
			return f, badRequest(fmt.Sprintf("metric=%q：指标代码格式不正确 (malformed metric code)", code))
		}
		if _, err := models.GetMetric(h.db, code); err != nil {
			return f, lookupError(err, fmt.Sprintf("metric=%q：没有这个指标 (unknown metric code)", code))
		}
	}
	if f.Periods, err = split("period"); err != nil {
		return f, err
	}
	for _, p := range f.Periods {
		if _, err := models.ParsePeriod(p); err != nil {
			return f, badRequest(fmt.Sprintf("period=%q：时期格式应为 2012、2020Q1、2020-03 或 2020-04-25 (malformed period)", p))
		}
	}
	if f.SourceIDs, err = split("source"); err != nil {
		return f, err
	}
	for _, id := range f.SourceIDs {
		if !validID(id) {
			return f, badRequest(fmt.Sprintf("source=%q：来源编号格式不正确 (malformed source id)", id))
		}
		if _, err := models.GetSource(h.db, id); err != nil {
			return f, lookupError(err, fmt.Sprintf("source=%q：没有这个来源 (unknown source id)", id))
		}
	}
	return f, nil
}

// lookupError turns a not-found lookup of a filter value into a 400 with msg.
func lookupError(err error, msg string) error {
	if errors.Is(err, models.ErrNotFound) {
		return badRequest(msg)
	}
	return err
}

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
}

type sourceJSON struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Publisher   string `json:"publisher"`
	PublishedOn string `json:"published_on"`
	Kind        string `json:"kind"`
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
}

func toObservationJSON(o models.Observation) observationJSON {
	return observationJSON{
		ID:             o.ID,
		Region:         regionJSON{o.Region.Code, o.Region.NameZH, o.Region.NameEN, o.Region.Level},
		Metric:         metricJSON{o.Metric.Code, o.Metric.NameZH, o.Metric.NameEN, o.Metric.Unit, o.Metric.Definition},
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
		Source:         sourceJSON{o.Source.ID, o.Source.Title, o.Source.Publisher, o.Source.PublishedOn, o.Source.Kind},
		Quote:          o.Quote,
		Note:           o.Note,
	}
}

func toObservationsJSON(obs []models.Observation) []observationJSON {
	out := make([]observationJSON, len(obs))
	for i, o := range obs {
		out[i] = toObservationJSON(o)
	}
	return out
}

func (h *Handler) apiRegions(c *fiber.Ctx) error {
	rs, err := models.ListRegions(h.db)
	if err != nil {
		return err
	}
	return c.JSON(rs)
}

func (h *Handler) apiMetrics(c *fiber.Ctx) error {
	ms, err := models.ListMetrics(h.db)
	if err != nil {
		return err
	}
	return c.JSON(ms)
}

func (h *Handler) apiSources(c *fiber.Ctx) error {
	ss, err := models.ListSources(h.db)
	if err != nil {
		return err
	}
	return c.JSON(ss)
}

func (h *Handler) apiObservations(c *fiber.Ctx) error {
	f, err := h.parseObservationFilter(c)
	if err != nil {
		return err
	}
	obs, err := models.FindObservations(h.db, f)
	if err != nil {
		return err
	}
	return c.JSON(toObservationsJSON(obs))
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
	out := make([]chartSummaryJSON, len(all))
	for i, ch := range all {
		out[i] = chartSummaryJSON{ch.Spec.ID, ch.Spec.Title, ch.Subtitle, "/charts/" + ch.Spec.ID, "/api/charts/" + ch.Spec.ID + ".csv"}
	}
	return c.JSON(out)
}

// chartJSON is one chart: its ECharts option and the figures behind it.
type chartJSON struct {
	ID           string            `json:"id"`
	Title        string            `json:"title"`
	Subtitle     string            `json:"subtitle"`
	SourceLine   string            `json:"source_line"`
	Option       any               `json:"option"`
	Observations []observationJSON `json:"observations"`
	Sources      []models.Source   `json:"sources"`
}

func (h *Handler) chartByParam(c *fiber.Ctx) (*charts.Chart, error) {
	id := c.Params("id")
	ch, err := h.charts.Chart(id)
	if errors.Is(err, charts.ErrUnknownChart) {
		return nil, notFound(fmt.Sprintf("没有这个图表：%q (unknown chart)", id))
	}
	return ch, err
}

func (h *Handler) apiChart(c *fiber.Ctx) error {
	ch, err := h.chartByParam(c)
	if err != nil {
		return err
	}
	return c.JSON(chartJSON{
		ID: ch.Spec.ID, Title: ch.Spec.Title, Subtitle: ch.Subtitle, SourceLine: ch.SourceLine(),
		Option:       ch.Option,
		Observations: toObservationsJSON(ch.Observations),
		Sources:      ch.Sources,
	})
}

// dashboardJSON is a dashboard in the /api/dashboards list.
type dashboardJSON struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Charts      []string `json:"charts"`
	URL         string   `json:"url"`
	EmbedURL    string   `json:"embed_url"`
}

func (h *Handler) apiDashboards(c *fiber.Ctx) error {
	ds := charts.Dashboards()
	out := make([]dashboardJSON, len(ds))
	for i, d := range ds {
		out[i] = dashboardJSON{d.ID, d.Title, d.Description, d.ChartIDs, "/dashboards/" + d.ID, "/embed/dashboards/" + d.ID}
	}
	return c.JSON(out)
}
