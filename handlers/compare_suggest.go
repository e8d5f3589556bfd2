package handlers

import (
	"cmp"
	"fmt"
	"slices"

	"ecomdash/charts"
	"ecomdash/charts/state"
	"ecomdash/models"
)

// What the builder suggests around a drawn chart: related comparisons
// under it (相关对比), and the lists to highlight a region and draw a
// reference line.

// relatedLink is one suggestion under the chart (相关对比).
type relatedLink struct {
	// Href is the comparison's address; Label says what it shows.
	Href, Label string
}

// related are the suggestions under a chart of st: the same metric for the
// region's siblings, the same region over time, and its share of its
// parent. The region is the first one st names (its focus, else its first
// region); none without one.
func related(st state.State, tree []*builderRegion, names map[string]string) []relatedLink {
	var code string
	for _, f := range st.Focus {
		if models.ValidRegionCode(f) {
			code = f
			break
		}
	}
	for _, r := range st.Regions {
		if code == "" && r.Kind == state.RegionCode {
			code = r.Code
		}
	}
	if code == "" || len(st.Metrics) == 0 {
		return nil
	}
	var self *builderRegion
	var find func(list []*builderRegion)
	find = func(list []*builderRegion) {
		for _, n := range list {
			if n.Code == code {
				self = n
			}
			find(n.Children)
		}
	}
	find(tree)
	if self == nil {
		return nil
	}
	metric := st.Metrics[0]
	name := cmp.Or(names[metric], "该指标")
	var out []relatedLink
	if self.Parent != "" {
		peers := state.New([]string{metric}, state.Region{Kind: state.RegionSiblings, Code: code})
		peers.Periods, peers.Sort, peers.Focus = state.LatestPeriods(), state.SortDesc, []string{code}
		out = append(out, relatedLink{"/compare?" + peers.String(), fmt.Sprintf("%s与同级地区的%s（最新）", self.Name, name)})
	}
	trend := state.New([]string{metric}, state.Region{Code: code})
	trend.Type = state.TypeLine
	out = append(out, relatedLink{"/compare?" + trend.String(), fmt.Sprintf("%s的%s历年变化", self.Name, name)})
	if self.Parent != "" && self.ParentName != "" {
		share := state.New([]string{metric}, state.Region{Code: code})
		share.Type, share.Derive = state.TypeLine, state.DeriveShare
		out = append(out, relatedLink{"/compare?" + share.String(), fmt.Sprintf("%s的%s占%s的比重", self.Name, name, self.ParentName)})
	}
	return out
}

// pickOption is one option of the builder's 突出显示 or 参考线 list: what
// it shows, and the value the state takes.
type pickOption struct {
	Label, Value string
}

// maxRefOptions bounds the 参考线 list: a reference line is one figure of
// the chart, and a chart of more figures is drawn plain, to be read whole.
const maxRefOptions = 60

// chartPicks are the builder's lists for a drawn chart ch of state st: what
// to highlight (focus: its regions, and its metrics when it has several)
// and which figure to draw as a reference line (ref: its figures, at most
// maxRefOptions). The state's current value is kept as an option when the
// lists lack it (a focus of several items, a figure outside the chart).
func chartPicks(ch *charts.Chart, st state.State) (focus, ref []pickOption) {
	seenRegion, seenMetric := map[string]bool{}, map[string]bool{}
	var metrics []pickOption
	for _, o := range ch.Observations {
		if !seenRegion[o.RegionCode] {
			seenRegion[o.RegionCode] = true
			focus = append(focus, pickOption{o.Region.NameZH, o.RegionCode})
		}
		if !seenMetric[o.MetricCode] && slices.Contains(st.Metrics, o.MetricCode) {
			seenMetric[o.MetricCode] = true
			metrics = append(metrics, pickOption{o.Metric.NameZH, o.MetricCode})
		}
		if len(ref) < maxRefOptions && slices.Contains(st.Metrics, o.MetricCode) {
			ref = append(ref, pickOption{o.Region.NameZH + " · " + o.Metric.NameZH + " · " + models.PeriodLabel(o.Period) + " · " + charts.DisplayValue(o),
				o.RegionCode + ":" + o.MetricCode + ":" + o.Period})
		}
	}
	if len(metrics) > 1 {
		focus = append(focus, metrics...)
	}
	keep := func(list []pickOption, v string) []pickOption {
		if v == "" || slices.ContainsFunc(list, func(p pickOption) bool { return p.Value == v }) {
			return list
		}
		return append(list, pickOption{"当前设置：" + v, v})
	}
	return keep(focus, st.Value("focus")), keep(ref, st.Value("ref"))
}
