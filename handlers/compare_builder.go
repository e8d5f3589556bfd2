package handlers

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"ecomdash/charts/state"
	"ecomdash/models"
)

// The comparison builder speaks names: its pickers show metrics and regions
// by their Chinese names, and the state's codes stay in the address and in
// the 高级 section. Its server work is a few bounded queries, none per
// region or metric: the metrics with their counts (one grouped query), the
// regions with figures for the chosen metrics (one grouped query) and their
// ancestors (one query per level), the periods of the chosen metrics.

// builderMetric is one metric in the builder's picker.
type builderMetric struct {
	// Code is the metric's code (the checkbox's value, never shown).
	Code string
	// Name and Unit are what the picker shows.
	Name, Unit string
	// Regions and Periods count the regions and the periods with figures of
	// the metric, when Counted (see metricCountsMemo.ready).
	Regions, Periods int
	Counted          bool
	// Chosen is true when the state shows the metric.
	Chosen bool
}

// metricGroup is one topic of the metric picker (models.Topics).
type metricGroup struct {
	// Topic is the group's name (网络零售 …).
	Topic string
	// Metrics are the topic's metrics, by name.
	Metrics []builderMetric
}

// builderRegion is one region of the builder's region tree.
type builderRegion struct {
	// Code is the region's code (the checkbox's value, never shown).
	Code string
	// Name is its Chinese name; ParentName its parent's, "" for none.
	Name, ParentName string
	// Parent is its parent's code, "" for none.
	Parent string
	// Figures counts its figures of the chosen metrics.
	Figures int
	// Chosen is true when the state names the region itself.
	Chosen bool
	// Open is true when the region or one below it is chosen.
	Open bool
	// Children are the regions under it shown in the tree: those with
	// figures first, then by code.
	Children []*builderRegion
}

// regionItem is one item of the state's regions, named: a region, or a
// shorthand (the regions under, beside or above one).
type regionItem struct {
	// Value is the item as the grammar writes it (330800, siblings:330800).
	Value string
	// Label names it in Chinese (衢州市, 衢州市及其同级地区).
	Label string
	// Shorthand is true for children:, siblings: and parent: items.
	Shorthand bool
}

// drawControl is one group of labelled buttons saying how the chart is
// drawn (chart type, sort, axis, labels, derived values).
type drawControl struct {
	// Key is the grammar key the buttons set; Legend names the group.
	Key, Legend string
	// Choices are the values with their Chinese labels.
	Choices []state.Choice
	// Current is the state's value.
	Current string
}

// hiddenKey is a state key the builder has no control for (focus, ref …),
// carried by the plain form as it is.
type hiddenKey struct {
	// Key and Value are the key and its value.
	Key, Value string
}

// builderControls is what the builder's pickers show for one state.
type builderControls struct {
	// MetricGroups are the metrics with figures for the chosen regions, by
	// topic; MetricsApart the rest, set apart; ChosenMetrics the state's.
	MetricGroups  []metricGroup
	MetricsApart  []builderMetric
	ChosenMetrics []builderMetric
	// RegionTree holds the regions with figures for the chosen metrics, the
	// chosen regions and their ancestors, as a tree.
	RegionTree []*builderRegion
	// RegionItems are the state's regions, named, in order.
	RegionItems []regionItem
	// PeriodChoices are the periods with figures of the chosen metrics, in
	// time order; PeriodMode is all, latest, range or list, and From and To
	// the range's ends.
	PeriodChoices        []string
	PeriodMode, From, To string
	// PeriodList is the state's list of periods, when it names them.
	PeriodList string
	// Draw are the groups of buttons saying how the chart is drawn.
	Draw []drawControl
	// Hidden are the state's keys without a control, kept by the plain form.
	Hidden []hiddenKey
	// RawState is the address's state, shown in the 高级 section.
	RawState string
}

// builderInput is the part of the state the pickers need: the metrics and
// region items asked for (valid or not), and the state when it parsed.
type builderInput struct {
	metrics, regions []string
	st               *state.State
	raw              url.Values
}

// regionKindLabels name a shorthand item: %s is the region's name.
var regionKindLabels = map[state.RegionKind]string{
	state.RegionChildren: "%s的下级地区",
	state.RegionSiblings: "%s及其同级地区",
	state.RegionParent:   "%s的上级地区",
}

// maxTreeRegions bounds the region tree rendered in the page; the rest are
// found through the search (/api/compare/regions).
const maxTreeRegions = 400

// builderControls reads what the pickers show for in.
func (h *Handler) builderControls(in builderInput) (builderControls, error) {
	var out builderControls
	db := h.db
	metrics, err := models.Metrics.List(db)
	if err != nil {
		return out, err
	}
	// the chosen regions' own codes (the code of each item)
	var named []string
	for _, it := range in.regions {
		_, code, ok := strings.Cut(it, ":")
		if !ok {
			code = it
		}
		if models.ValidRegionCode(code) && !slices.Contains(named, code) {
			named = append(named, code)
		}
	}
	counts := h.metricCounts.ready(db) // nil until counted: the script fills them in
	forChosen := map[string]bool{}
	if len(named) > 0 {
		var codes []string
		// per metric, whether any chosen region has a figure: a probe of the
		// key index (region, metric) for each, not a read of every figure of
		// the regions (135 ms → 1 ms for 40 regions of 146,501 figures)
		if err := db.Model(&models.Metric{}).Where("EXISTS (SELECT 1 FROM observations o WHERE o.metric_code = metrics.code AND o.region_code IN ?)", named).
			Pluck("code", &codes).Error; err != nil {
			return out, fmt.Errorf("metrics of the chosen regions: %w", err)
		}
		for _, c := range codes {
			forChosen[c] = true
		}
	}
	groups := map[string][]builderMetric{}
	byCode := map[string]builderMetric{}
	for _, m := range metrics {
		bm := builderMetric{Code: m.Code, Name: m.NameZH, Unit: m.Unit, Regions: counts[m.Code][0], Periods: counts[m.Code][1],
			Counted: counts != nil, Chosen: slices.Contains(in.metrics, m.Code)}
		byCode[m.Code] = bm
		if bm.Chosen || len(named) == 0 || forChosen[m.Code] {
			groups[models.Topic(m)] = append(groups[models.Topic(m)], bm)
		} else {
			out.MetricsApart = append(out.MetricsApart, bm)
		}
	}
	for _, t := range models.Topics {
		if len(groups[t]) > 0 {
			out.MetricGroups = append(out.MetricGroups, metricGroup{Topic: t, Metrics: groups[t]})
		}
	}
	for _, code := range in.metrics {
		if bm, ok := byCode[code]; ok {
			out.ChosenMetrics = append(out.ChosenMetrics, bm)
		}
	}

	// the regions with figures for the chosen metrics, the chosen regions
	// and their ancestors
	figures := map[string]int{}
	if len(in.metrics) > 0 {
		var rows []struct {
			RegionCode string
			N          int
		}
		if err := db.Model(&models.Observation{}).Select("region_code, COUNT(*) AS n").Where("metric_code IN ?", in.metrics).
			Group("region_code").Order("n DESC").Limit(maxTreeRegions).Scan(&rows).Error; err != nil {
			return out, fmt.Errorf("regions of the chosen metrics: %w", err)
		}
		for _, r := range rows {
			figures[r.RegionCode] = r.N
		}
	}
	want := slices.Clone(named)
	for code := range figures {
		want = append(want, code)
	}
	regions, err := regionsWithAncestors(db, want)
	if err != nil {
		return out, err
	}
	out.RegionTree = buildRegionTree(regions, figures, named, in.regions)
	for _, it := range in.regions {
		kind, code, ok := strings.Cut(it, ":")
		if !ok {
			kind, code = "", it
		}
		name := code
		if r, ok := regions[code]; ok {
			name = r.NameZH
		}
		item := regionItem{Value: it, Label: name}
		if f, ok := regionKindLabels[state.RegionKind(kind)]; ok {
			item.Label, item.Shorthand = fmt.Sprintf(f, name), true
		}
		out.RegionItems = append(out.RegionItems, item)
	}

	// the periods with figures of the chosen metrics
	if len(in.metrics) > 0 {
		if err := db.Model(&models.Observation{}).Distinct("period").Where("metric_code IN ?", in.metrics).Pluck("period", &out.PeriodChoices).Error; err != nil {
			return out, fmt.Errorf("periods of the chosen metrics: %w", err)
		}
		state.SortPeriods(out.PeriodChoices)
	}
	out.PeriodMode = "all"
	if in.st != nil {
		switch in.st.Periods.Kind() {
		case state.PeriodsLatest:
			out.PeriodMode = "latest"
		case state.PeriodsRange:
			out.PeriodMode = "range"
			out.From, out.To = in.st.Periods.Range()
		case state.PeriodsList:
			out.PeriodMode, out.PeriodList = "list", in.st.Value("periods")
		}
	}
	if raw := in.raw.Get("periods"); in.st == nil && raw != "" && raw != "all" {
		// a state that did not parse: its periods as asked
		from, to, isRange := strings.Cut(raw, "..")
		switch {
		case raw == "latest":
			out.PeriodMode = "latest"
		case isRange:
			out.PeriodMode, out.From, out.To = "range", from, to
		default:
			out.PeriodMode, out.PeriodList = "list", raw
		}
	}
	if out.From == "" && len(out.PeriodChoices) > 0 {
		out.From = out.PeriodChoices[0]
	}
	if out.To == "" && len(out.PeriodChoices) > 0 {
		out.To = out.PeriodChoices[len(out.PeriodChoices)-1]
	}

	// how it is drawn, and the keys without a control
	value := func(key string) string {
		if in.st != nil {
			return in.st.Value(key)
		}
		return in.raw.Get(key)
	}
	grammar := map[string]state.KeyInfo{}
	for _, k := range state.Grammar() {
		grammar[k.Key] = k
	}
	for _, d := range []struct{ key, legend string }{{"type", "图形"}, {"sort", "排序"}, {"axis", "数值轴"}, {"labels", "数值标签"}, {"derive", "显示"}} {
		k := grammar[d.key]
		out.Draw = append(out.Draw, drawControl{Key: d.key, Legend: d.legend, Choices: k.Values, Current: cmp.Or(value(d.key), k.Default)})
	}
	for _, key := range []string{"focus", "ref", "annotate", "stack", "legend"} {
		if v := value(key); v != "" && v != grammar[key].Default {
			out.Hidden = append(out.Hidden, hiddenKey{key, v})
		}
	}
	return out, nil
}

// FirstPeriod is the earliest period with figures of the chosen metrics.
func (b builderControls) FirstPeriod() string {
	if len(b.PeriodChoices) == 0 {
		return ""
	}
	return b.PeriodChoices[0]
}

// LastPeriod is the latest period with figures of the chosen metrics.
func (b builderControls) LastPeriod() string {
	if len(b.PeriodChoices) == 0 {
		return ""
	}
	return b.PeriodChoices[len(b.PeriodChoices)-1]
}

// regionsWithAncestors loads the regions codes names and every region above
// them: one query for the regions, then one per level above.
func regionsWithAncestors(db *gorm.DB, codes []string) (map[string]models.Region, error) {
	out := map[string]models.Region{}
	for level := 0; len(codes) > 0 && level < 6; level++ {
		var rows []models.Region
		if err := db.Where("code IN ?", codes).Find(&rows).Error; err != nil {
			return nil, fmt.Errorf("regions of the builder: %w", err)
		}
		codes = nil
		for _, r := range rows {
			out[r.Code] = r
		}
		for _, r := range rows {
			if r.ParentCode != nil {
				if _, ok := out[*r.ParentCode]; !ok && !slices.Contains(codes, *r.ParentCode) {
					codes = append(codes, *r.ParentCode)
				}
			}
		}
	}
	return out, nil
}

// buildRegionTree arranges regions as a tree: under each region those with
// figures first (most first), then by code.
func buildRegionTree(regions map[string]models.Region, figures map[string]int, named, items []string) []*builderRegion {
	nodes := make(map[string]*builderRegion, len(regions))
	for code, r := range regions {
		n := &builderRegion{Code: code, Name: r.NameZH, Figures: figures[code], Chosen: slices.Contains(items, code)}
		if r.ParentCode != nil {
			n.Parent = *r.ParentCode
			if p, ok := regions[*r.ParentCode]; ok {
				n.ParentName = p.NameZH
			}
		}
		nodes[code] = n
	}
	var roots []*builderRegion
	for _, n := range nodes {
		if p, ok := nodes[n.Parent]; ok {
			p.Children = append(p.Children, n)
		} else {
			n.Open = true // the top of the tree is open
			roots = append(roots, n)
		}
	}
	for _, code := range named {
		for n := nodes[code]; n != nil; n = nodes[n.Parent] {
			if n.Code != code {
				n.Open = true
			}
			if n.Parent == "" {
				break
			}
		}
	}
	var order func(list []*builderRegion)
	order = func(list []*builderRegion) {
		slices.SortFunc(list, func(a, b *builderRegion) int {
			if (a.Figures > 0) != (b.Figures > 0) {
				if a.Figures > 0 {
					return -1
				}
				return 1
			}
			return strings.Compare(a.Code, b.Code)
		})
		for _, n := range list {
			order(n.Children)
		}
	}
	order(roots)
	return roots
}

// compareForm turns what the plain builder form sends without JavaScript
// (metrics and regions once per ticked box, periods=range with from and
// to) into the state's own form and redirects there; any other request
// passes on.
func compareForm(c *fiber.Ctx) error {
	args := c.Context().QueryArgs()
	if len(args.PeekMulti("metrics")) < 2 && len(args.PeekMulti("regions")) < 2 && !args.Has("from") && !args.Has("to") {
		return c.Next()
	}
	q, err := url.ParseQuery(string(c.Request().URI().QueryString()))
	if err != nil {
		return badRequest(fmt.Sprintf("查询串无法解析 (malformed query string): %v", err))
	}
	for _, key := range []string{"metrics", "regions"} {
		if len(q[key]) > 1 {
			q.Set(key, strings.Join(q[key], ","))
		}
	}
	from, to := q.Get("from"), q.Get("to")
	q.Del("from")
	q.Del("to")
	if q.Get("periods") == "range" {
		q.Set("periods", from+".."+to)
		if from == "" && to == "" {
			q.Del("periods")
		}
	}
	var b strings.Builder
	for _, key := range append(append([]string{}, state.Keys...), viewParams...) {
		for _, v := range q[key] {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(key + "=" + strings.NewReplacer("%2C", ",", "%3A", ":").Replace(url.QueryEscape(v)))
		}
		delete(q, key)
	}
	for key, vs := range q { // keys of neither: left for the page to refuse
		for _, v := range vs {
			b.WriteString("&" + url.QueryEscape(key) + "=" + url.QueryEscape(v))
		}
	}
	return c.Redirect("/compare?"+strings.TrimPrefix(b.String(), "&"), fiber.StatusSeeOther)
}
