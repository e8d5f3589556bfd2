// Package charts turns chart states into charts. A chart is data: a Spec
// (the id, the words around it, and a state of the chart grammar in
// charts/state) read from a saved chart row or from a URL. Build resolves
// the state against the database (resolve.go: regions, metrics, periods
// and the figures they select) and lays it out (layout.go: what runs along
// the axis, the series, the value axes; layout_cartesian.go,
// layout_pie.go and layout_gauge.go per chart type; derive.go for derived
// series) into an ECharts option plus the figures and sources behind it.
// finish (option.go) adds what every chart carries. Every output —
// dashboard card, chart page, comparison, embed, image, CSV, report —
// starts from the Chart that Build returns, so they cannot disagree,
// and is named by the chart's Ref (ref.go): a saved chart's id, or the
// state it was built from.
//
// The options are built with go-echarts' types (charts.NewBar, NewLine,
// NewPie, NewGauge and the opts package), extended only where go-echarts
// has no type or field for a part of the option: fragments.go lists those
// parts and says why each is ours. Only the option JSON is used: options
// are never rendered with go-echarts' page renderer (it writes option JSON
// into <script> unescaped and turns "__f__" strings into live JavaScript),
// and json.Marshal escapes <, > and & in every string. The option holds no
// functions: only data, so names from the database can never become code.
// The browser side (static/js/charts.js) adds the one tooltip formatter,
// which escapes every string it shows.
package charts

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"gorm.io/gorm"

	"ecomdash/charts/state"
	"ecomdash/models"
)

// Spec defines one chart: what it shows and the words around it.
type Spec struct {
	// ID is the stable identifier used in URLs, file names and the API.
	ID string
	// Title is the chart's headline, in Chinese; empty to name the chart by
	// what it shows.
	Title string
	// Lead opens the subtitle; the periods and units shown are appended by Build.
	Lead string
	// Reading is a short note for the chart page: how to read the chart, and
	// why it is drawn the way it is.
	Reading string
	// Note is a remark on scope or caveats, shown under the reading.
	Note string
	// State is what the chart shows and how.
	State state.State
}

// SpecOf reads a saved chart's spec; a state that no longer parses is a
// *state.Error.
func SpecOf(row models.Chart) (*Spec, error) {
	st, err := state.Parse(row.State)
	if err != nil {
		return nil, err
	}
	return &Spec{ID: row.ID, Title: row.Title, Lead: row.Lead, Reading: row.Reading, Note: row.Note, State: st}, nil
}

// Chart is a built chart: the option every output renders and the data behind it.
type Chart struct {
	Spec *Spec
	// Ref is what the chart's outputs are named by: a saved chart's id, or
	// the state a chart was built from.
	Ref Ref
	// Subtitle is Lead plus the periods and units of the figures shown.
	Subtitle string
	// Option is the complete ECharts option as JSON.
	Option json.RawMessage
	// Observations are the figures the chart shows, in drawing order.
	Observations []models.Observation
	// Sources are the documents those figures come from, in order of first use.
	Sources []models.Source
	// Units are the units of the figures drawn as values, in order of use.
	Units []string
	// Empty is true when none of the chart's figures are in the database.
	Empty bool
	// Problem, when set, says why the chart could not be drawn (its state
	// names a metric or region that is gone).
	Problem string
}

// SourceLine is the 数据来源 line printed under the chart.
func (c *Chart) SourceLine() string {
	if len(c.Sources) == 0 {
		return "数据来源：暂无"
	}
	parts := make([]string, len(c.Sources))
	for i, s := range c.Sources {
		parts[i] = s.DisplayTitle() + "，" + s.Publisher + "，" + models.PeriodLabel(s.PublishedOn)
	}
	return "数据来源：" + strings.Join(parts, "；")
}

// HasDerived reports whether any figure on the chart was computed rather than reported.
func (c *Chart) HasDerived() bool {
	for _, o := range c.Observations {
		if o.Derived {
			return true
		}
	}
	return false
}

// Build draws the saved chart spec from the figures in db. An unknown
// metric or region, or a layout the figures cannot take, is a *state.Error
// naming the key; anything else is a database error.
func Build(db *gorm.DB, spec *Spec) (*Chart, error) {
	return build(db, spec, SavedRef(spec.ID))
}

// BuildState builds the chart st describes from the figures in db, titled
// title (or, when it is empty, by what it shows): a chart that is not
// saved, id UnsavedChartID, referred to by its state. Errors are as Build's.
func BuildState(db *gorm.DB, st state.State, title string) (*Chart, error) {
	return build(db, &Spec{ID: UnsavedChartID, Title: title, State: st}, StateRef(st))
}

// build draws spec, referred to by ref.
func build(db *gorm.DB, spec *Spec, ref Ref) (*Chart, error) {
	r, err := resolveState(db, spec.State)
	if err != nil {
		return nil, err
	}
	if spec.Title == "" {
		named := *spec
		named.Title = autoTitle(r)
		spec = &named
	}
	d := newData(r.obs)
	dr, units, err := layoutState(spec.State, r, d)
	if err != nil {
		return nil, err
	}
	c := &Chart{Spec: spec, Ref: ref, Observations: d.used}
	c.Empty = len(d.used) == 0
	c.Sources = sourcesOf(d.used)
	c.Units = unitsOf(d.plotted())
	if len(units) > 0 {
		c.Units = units
	}
	lead := spec.Lead
	if dr.plain {
		lead = strings.TrimPrefix(lead+" · "+PlainChartNote, " · ")
	}
	c.Subtitle = subtitle(lead, d.plotted(), c.Units)
	opt, err := finish(dr, c)
	if err != nil {
		return nil, fmt.Errorf("build chart %s: %w", spec.ID, err)
	}
	c.Option = opt
	return c, nil
}

// unbuildable is the chart shown in place of a saved chart whose state no
// longer resolves (a metric it names was deleted): its title, and in its
// place the reason, so one broken chart does not take a dashboard down.
func unbuildable(spec *Spec, problem *state.Error) (*Chart, error) {
	c := &Chart{Spec: spec, Ref: SavedRef(spec.ID), Empty: true, Problem: "无法绘制：" + problem.Error()}
	opt, err := finish(emptyDrawing(), c)
	if err != nil {
		return nil, fmt.Errorf("build chart %s: %w", spec.ID, err)
	}
	c.Option = opt
	return c, nil
}

func sourcesOf(obs []models.Observation) []models.Source {
	seen := map[string]bool{}
	var out []models.Source
	for _, o := range obs {
		if !seen[o.SourceID] {
			seen[o.SourceID] = true
			out = append(out, o.Source)
		}
	}
	return out
}

// unitsOf lists the distinct units of obs in order of first use.
func unitsOf(obs []models.Observation) []string {
	var units []string
	seen := map[string]bool{}
	for _, o := range obs {
		if u := o.Metric.Unit; u != "" && !seen[u] {
			seen[u] = true
			units = append(units, u)
		}
	}
	return units
}

// subtitle appends the periods of the plotted figures obs and their units to
// lead: "对数坐标 · 2012年 · 单位：亿元".
func subtitle(lead string, obs []models.Observation, units []string) string {
	periods := map[string]bool{}
	for _, o := range obs {
		periods[o.Period] = true
	}
	ps := make([]string, 0, len(periods))
	for p := range periods {
		ps = append(ps, p)
	}
	sort.Strings(ps)
	parts := []string{}
	if lead != "" {
		parts = append(parts, lead)
	}
	switch {
	case len(ps) == 0:
	case len(ps) <= 3:
		labels := make([]string, len(ps))
		for i, p := range ps {
			labels[i] = models.PeriodLabel(p)
		}
		parts = append(parts, strings.Join(labels, "、"))
	default:
		parts = append(parts, models.PeriodLabel(ps[0])+"—"+models.PeriodLabel(ps[len(ps)-1]))
	}
	if len(units) > 0 {
		parts = append(parts, "单位："+strings.Join(units, "、"))
	}
	return strings.Join(parts, " · ")
}

// DisplayValue writes a figure for people, as every page, tooltip, image
// label (labels=value, the default) and report shows it: the value in the
// Chinese convention with the word saying how the document stated it
// (models.FormatFigure: 近300亿元, 47.8万家, 3～4家); a derived value is
// marked 推算.
func DisplayValue(o models.Observation) string {
	if o.Derived {
		return models.FormatFigure(o) + "（推算）"
	}
	return models.FormatFigure(o)
}

// StatedValue writes a figure as labels=stated shows it: the document's own
// words (超过了30亿件, 三、四家, 2027亿), or DisplayValue where there are none
// (a derived value, a figure entered without them).
func StatedValue(o models.Observation) string {
	if o.Derived || o.Stated == "" {
		return DisplayValue(o)
	}
	return o.Stated
}

// labelOf is a figure's value label on a chart: DisplayValue, its 推算 on a
// line of its own.
func labelOf(o models.Observation) string {
	if o.Derived {
		return models.FormatFigure(o) + "\n（推算）"
	}
	return models.FormatFigure(o)
}
