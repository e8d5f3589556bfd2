package charts

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/opts"
)

// A plan's target (目标, models.MetricTarget) is what should be reached,
// not what was: it is drawn in its own style on every chart type, an
// outlined bar, slice or gauge arc (a 2 px border in its colour around a
// faint fill of it), where an outcome is solid and a derived value (推算)
// has a dashed border around a light fill. The word 目标 is in its
// category (the targets chart's metric names keep their （目标）), else in
// its series' name, which the legend then shows. A chart of targets and
// outcomes together (a 2015 target of 60个 beside a 2020 outcome of 15家)
// keeps them in separate series, named （目标） and （实际）. The style is an
// item style (colour, border), never an ECharts decal: the server's images
// draw the same option, and their rasteriser paints no SVG pattern.

// targetMark is appended to a name that does not say 目标 itself.
const targetMark = "（目标）"

// outcomeMark names the outcomes of a chart that also draws targets.
const outcomeMark = "（实际）"

// targetName is name saying it is a target.
func targetName(name string) string {
	if strings.Contains(name, "目标") {
		return name
	}
	return name + targetMark
}

// targetFillAlpha is how much of its colour fills a target's outline.
const targetFillAlpha = 0.1

// targetBorderWidth is the width of a target's outline, in px.
const targetBorderWidth = 2

// targetStyle is the item style of a target drawn in color (#rrggbb): its
// outline, around a faint fill of the same colour.
func targetStyle(color string) *itemStyle {
	return &itemStyle{ItemStyle: opts.ItemStyle{Color: tint(color, targetFillAlpha), BorderColor: color, BorderWidth: targetBorderWidth}}
}

// tint is color (#rrggbb) at alpha, as rgba(); any other colour is
// returned as it is.
func tint(color string, alpha float64) string {
	if len(color) != 7 || color[0] != '#' {
		return color
	}
	v, err := strconv.ParseUint(color[1:], 16, 32)
	if err != nil {
		return color
	}
	return fmt.Sprintf("rgba(%d,%d,%d,%s)", v>>16, (v>>8)&0xff, v&0xff, strconv.FormatFloat(alpha, 'f', -1, 64))
}

// isTargetCell reports whether c holds a target's figure as reported.
func isTargetCell(c cell) bool {
	return c.ok && c.derivation == "" && c.metric.IsTarget()
}

// splitTargets keeps targets and outcomes apart: a series holding both (a
// period's figures across metrics, some targets and some outcomes) becomes
// two, its targets and its outcomes, each empty where the other has a
// figure, named （目标） and （实际） and drawn in the colour of the series
// they come from. It reports whether it split any.
func splitTargets(all []series) ([]series, bool) {
	out := make([]series, 0, len(all))
	split := false
	for i, s := range all {
		targets, outcomes := 0, 0
		for _, c := range s.cells {
			if c.metric.IsTarget() {
				targets++
			} else {
				outcomes++
			}
		}
		if targets == 0 || outcomes == 0 {
			out = append(out, s)
			continue
		}
		split = true
		t, o := s, s
		t.cells, o.cells = make([]cell, len(s.cells)), make([]cell, len(s.cells))
		for j, c := range s.cells {
			empty := cell{region: c.region, metric: c.metric, period: c.period, unit: c.unit}
			if c.metric.IsTarget() {
				t.cells[j], o.cells[j] = c, empty
			} else {
				t.cells[j], o.cells[j] = empty, c
			}
		}
		color := Palette[i%len(Palette)]
		t.name, t.target, t.color = s.name+targetMark, true, color
		o.name, o.color = s.name+outcomeMark, color
		out = append(out, t, o)
	}
	return out, split
}

// markTargets marks each series whose figures are all targets, naming it
// a target: its legend entry says 目标.
func markTargets(all []series) {
	for i := range all {
		s := &all[i]
		if s.target || len(s.cells) == 0 {
			continue
		}
		target := true
		for _, c := range s.cells {
			target = target && c.metric.IsTarget() && c.derivation == ""
		}
		if target {
			s.target, s.name = true, targetName(s.name)
		}
	}
}

// targetsNamed reports whether the categories name every target drawn
// (the targets chart's metric names say 目标); where they do not, the
// legend, naming the series, says it.
func targetsNamed(all []series, categories []string) bool {
	for _, s := range all {
		for j, c := range s.cells {
			if isTargetCell(c) && !strings.Contains(categories[j], "目标") {
				return false
			}
		}
	}
	return true
}
